"""Which addresses a fetch may connect to.

A feed URL comes from a user or a redirect, so it could point at the
machine's own services or the cloud metadata endpoint. Names are resolved
once, every address is checked, and the connection goes to a checked
address, so a second, different DNS answer cannot slip past the check.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from tracker.errors import IngestError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[IPAddress], bool]


class AddressRefused(IngestError):
    """The URL's host resolves to an address we will not connect to."""


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses only."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def any_address(_address: IPAddress) -> bool:
    return True


def resolve(host: str, port: int, allowed: AddressPolicy) -> list[tuple[int, IPAddress]]:
    """(family, address) pairs for `host`, refusing the host if any answer is not allowed.

    Refusing on any bad answer (rather than skipping it) keeps a name that
    mixes public and private addresses from being used to reach the latter.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror or exc}") from None
    found: list[tuple[int, IPAddress]] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not allowed(address):
            raise AddressRefused(f"{host} resolves to {address}, a private, loopback or reserved address")
        if (family, address) not in found:
            found.append((family, address))
    if not found:
        raise OSError(f"cannot resolve {host}: no addresses")
    return found
