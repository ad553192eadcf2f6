"""Settings: `config/tracker.toml`, then `--config FILE`, then environment variables.

One immutable `Settings` object is built at start-up and handed to the parts
that need it (the app factory, the CLI, the scheduler); nothing reads the
environment behind their back.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_FILE = PROJECT_ROOT / "config" / "tracker.toml"

# Short environment names promised in the README, on top of the generic
# TRACKER_<SECTION>_<KEY> form.
ENV_ALIASES: dict[str, tuple[str, str]] = {
    "TRACKER_DATABASE_URL": ("database", "url"),
    "TRACKER_HOST": ("web", "host"),
    "TRACKER_PORT": ("web", "port"),
    "TRACKER_SEEDS_DIR": ("ingest", "seeds_dir"),
    "TRACKER_ALLOW_PRIVATE_NETWORKS": ("feeds", "allow_private_networks"),
}


class ConfigError(Exception):
    """A configuration file or variable that cannot be used."""


def default_sqlite_url() -> str:
    """The embedded database lives with the user's data, never in the source tree."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(base) / 'tracker' / 'tracker.sqlite3'}"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def _coerce(raw: str, like: Any, name: str) -> Any:
    """Environment values are strings: give them the type of the default."""
    if isinstance(like, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{name} must be a boolean (1/0, true/false), not {raw!r}")
    if isinstance(like, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if isinstance(like, float):
        try:
            return float(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    return raw


def _merge(base: dict[str, Any], override: Mapping[str, Any], origin: str) -> None:
    for section, values in override.items():
        if section not in base or not isinstance(values, Mapping):
            raise ConfigError(f"{origin}: unknown section [{section}]")
        for key, value in values.items():
            if key not in base[section]:
                raise ConfigError(f"{origin}: unknown key {section}.{key}")
            base[section][key] = value


class Settings:
    """Read-only view of the merged configuration, by section and key."""

    def __init__(self, data: dict[str, dict[str, Any]]):
        self._data = data

    def __getitem__(self, section: str) -> Mapping[str, Any]:
        return self._data[section]

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return copy.deepcopy(self._data)

    @property
    def database_url(self) -> str:
        return self._data["database"]["url"] or default_sqlite_url()

    @property
    def seeds_dir(self) -> Path:
        return Path(self._data["ingest"]["seeds_dir"]).expanduser()

    def with_overrides(self, **sections: Mapping[str, Any]) -> "Settings":
        data = self.as_dict()
        _merge(data, sections, "override")
        return Settings(data)


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the given file, then the environment: later wins."""
    data = _read_toml(DEFAULT_CONFIG_FILE)
    if config_file is not None:
        _merge(data, _read_toml(Path(config_file)), str(config_file))
    env = os.environ if environ is None else environ
    for name, raw in env.items():
        if not name.startswith("TRACKER_"):
            continue
        target = ENV_ALIASES.get(name)
        if target is None:
            rest = name[len("TRACKER_") :].lower()
            section, _, key = rest.partition("_")
            if section not in data or key not in data[section]:
                continue
            target = (section, key)
        section, key = target
        data[section][key] = _coerce(raw, data[section][key], name)
    return Settings(data)
