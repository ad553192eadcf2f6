"""Settings: the packaged defaults, then `--config FILE`, then `TRACKER_*` environment variables.

Each section of the file is a frozen dataclass with typed fields, and every value is
checked once, at start-up, by one function, whichever of the three places it came
from: `concurrency = "four"` stops `tracker` before anything runs, with a message
naming the key, the value and the type it should have, instead of failing later
inside a scheduler thread. Code that needs a setting reads a typed attribute
(`settings.feeds.concurrency`) and converts nothing.

The defaults are `tracker/tracker.toml`, shipped inside the package so that an
installed `tracker` finds them; `config/tracker.toml` in the checkout is a link to
that same file, and documents every key. One immutable `Settings` object is built
at start-up and handed to the parts that need it (the app factory, the CLI, the
scheduler); nothing reads the environment behind their back.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from tracker.errors import ConfigError

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "ConfigError",
    "DatabaseSettings",
    "FeedsSettings",
    "IngestSettings",
    "SchedulerSettings",
    "Settings",
    "WebSettings",
    "default_sqlite_url",
    "load_settings",
]

DEFAULT_CONFIG_FILE = Path(__file__).with_name("tracker.toml")

# Short environment names promised in the README, on top of the generic
# TRACKER_<SECTION>_<KEY> form.
ENV_ALIASES: dict[str, tuple[str, str]] = {
    "TRACKER_DATABASE_URL": ("database", "url"),
    "TRACKER_HOST": ("web", "host"),
    "TRACKER_PORT": ("web", "port"),
    "TRACKER_SEEDS_DIR": ("ingest", "seeds_dir"),
    "TRACKER_ALLOW_PRIVATE_NETWORKS": ("feeds", "allow_private_networks"),
    "TRACKER_PUBLIC_URL": ("web", "public_url"),
}


def bounds(minimum: int | None = None, maximum: int | None = None) -> dict[str, int | None]:
    """Field metadata: the value must lie within [minimum, maximum] (either may be open)."""
    return {"min": minimum, "max": maximum}


# The fields mirror tracker.toml, where each one is documented (a test keeps them in step).


@dataclasses.dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """[database]: where the data lives."""

    url: str
    busy_timeout_ms: int = dataclasses.field(metadata=bounds(0))


@dataclasses.dataclass(frozen=True, slots=True)
class WebSettings:
    """[web]: what `tracker serve` listens on and how long its listings are."""

    host: str
    port: int = dataclasses.field(metadata=bounds(1, 65535))
    page_size: int = dataclasses.field(metadata=bounds(1, 1000))
    public_url: str
    allowed_hosts: str
    threads: int = dataclasses.field(metadata=bounds(1, 256))
    channel_timeout_seconds: int = dataclasses.field(metadata=bounds(1, 3600))
    connection_limit: int = dataclasses.field(metadata=bounds(1, 10000))

    @property
    def allowed_host_names(self) -> tuple[str, ...]:
        """`allowed_hosts` as a list of names (empty: any Host is answered)."""
        return tuple(name.strip().lower() for name in self.allowed_hosts.split(",") if name.strip())


@dataclasses.dataclass(frozen=True, slots=True)
class IngestSettings:
    """[ingest]: the seed directory the scheduler re-reads, how often, and which article dates are believed."""

    seeds_dir: Path
    seeds_interval_minutes: int = dataclasses.field(metadata=bounds(1))
    follow_links: bool
    earliest_year: int = dataclasses.field(metadata=bounds(1, 9999))
    latest_days_ahead: int = dataclasses.field(metadata=bounds(0, 3650))


@dataclasses.dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """[scheduler]: background ingestion inside `tracker serve` and `tracker worker`."""

    enabled: bool
    feeds_poll_seconds: int = dataclasses.field(metadata=bounds(1))
    stop_grace_seconds: int = dataclasses.field(metadata=bounds(1, 3600))


@dataclasses.dataclass(frozen=True, slots=True)
class FeedsSettings:
    """[feeds]: how feeds are fetched, limited, backed off and shared between workers."""

    user_agent: str
    connect_timeout_seconds: float = dataclasses.field(metadata=bounds(0))
    read_timeout_seconds: float = dataclasses.field(metadata=bounds(0))
    max_body_bytes: int = dataclasses.field(metadata=bounds(1))
    max_decompressed_bytes: int = dataclasses.field(metadata=bounds(1))
    max_redirects: int = dataclasses.field(metadata=bounds(0))
    default_interval_minutes: int = dataclasses.field(metadata=bounds(1))
    max_backoff_minutes: int = dataclasses.field(metadata=bounds(1))
    allow_private_networks: bool
    fetch_deadline_seconds: float = dataclasses.field(metadata=bounds(0))
    claim_lease_minutes: int = dataclasses.field(metadata=bounds(1))
    concurrency: int = dataclasses.field(metadata=bounds(1, 64))
    secret_parameters: str


SECTIONS: dict[str, type[Any]] = {
    "database": DatabaseSettings,
    "web": WebSettings,
    "ingest": IngestSettings,
    "scheduler": SchedulerSettings,
    "feeds": FeedsSettings,
}

S = TypeVar("S")


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """The whole configuration, one typed section per table of tracker.toml."""

    database: DatabaseSettings
    web: WebSettings
    ingest: IngestSettings
    scheduler: SchedulerSettings
    feeds: FeedsSettings

    @property
    def database_url(self) -> str:
        """The configured URL, or the embedded SQLite file when none is set."""
        return self.database.url or default_sqlite_url()

    def with_overrides(self, **sections: Mapping[str, object]) -> Settings:
        """A copy with some keys replaced, each checked exactly as a config file's would be."""
        raw = {name: {f.name: (getattr(getattr(self, name), f.name), "settings") for f in _fields(cls)}
               for name, cls in SECTIONS.items()}
        _merge(raw, sections, "override")
        return _build(raw)


def default_sqlite_url() -> str:
    """The embedded database lives with the user's data, never in the source tree."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(base) / 'tracker' / 'tracker.sqlite3'}"


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults, then the given file, then the environment: later wins; ConfigError on any bad value."""
    defaults = _read_toml(DEFAULT_CONFIG_FILE)
    raw: dict[str, dict[str, tuple[object, str]]] = {name: {} for name in SECTIONS}
    _merge(raw, defaults, str(DEFAULT_CONFIG_FILE), defining=True)
    if config_file is not None:
        _merge(raw, _read_toml(Path(config_file)), str(config_file))
    env = os.environ if environ is None else environ
    for name, value in env.items():
        target = _env_target(name)
        if target is not None:
            section, key = target
            raw[section][key] = (value, f"environment variable {name}")
    return _build(raw)


def _env_target(name: str) -> tuple[str, str] | None:
    """The (section, key) a TRACKER_* variable sets, or None for variables meant for others.

    A variable naming a known section but no key of it is a typo, and an error:
    otherwise `TRACKER_FEEDS_CONCURENCY=8` would be ignored without a word.
    """
    if name in ENV_ALIASES:
        return ENV_ALIASES[name]
    if not name.startswith("TRACKER_"):
        return None
    section, _, key = name[len("TRACKER_") :].lower().partition("_")
    if section not in SECTIONS:
        return None  # TRACKER_CONFIG, TRACKER_SHARED_DIR and the test suite's own variables
    if key not in {f.name for f in _fields(SECTIONS[section])}:
        raise ConfigError(f"environment variable {name}: [{section}] has no key {key!r}")
    return section, key


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None


def _merge(
    raw: dict[str, dict[str, tuple[object, str]]],
    override: Mapping[str, object],
    origin: str,
    *,
    defining: bool = False,
) -> None:
    """Lay `override` over `raw`, remembering where each value came from; unknown names are errors."""
    for section, values in override.items():
        if section not in SECTIONS or not isinstance(values, Mapping):
            raise ConfigError(f"{origin}: unknown section [{section}]")
        known = {f.name for f in _fields(SECTIONS[section])}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(f"{origin}: unknown key {section}.{key}")
            raw[section][key] = (value, origin)
    if defining:
        for section, cls in SECTIONS.items():
            missing = [f.name for f in _fields(cls) if f.name not in raw[section]]
            if missing:
                raise ConfigError(f"{origin}: [{section}] lacks {', '.join(missing)}")


def _build(raw: Mapping[str, Mapping[str, tuple[object, str]]]) -> Settings:
    sections = {name: _section(cls, name, raw[name]) for name, cls in SECTIONS.items()}
    return Settings(**sections)


def _fields(cls: type[Any]) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


def _section(cls: type[S], name: str, values: Mapping[str, tuple[object, str]]) -> S:
    hints = typing.get_type_hints(cls)
    converted: dict[str, object] = {}
    for field in _fields(cls):
        value, origin = values[field.name]
        converted[field.name] = _convert(value, hints[field.name], field, f"{origin}: {name}.{field.name}")
    return cls(**converted)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_EXPECTED = {
    bool: "true or false (in the environment: 1/0, true/false, yes/no, on/off)",
    int: "a whole number (int)",
    float: "a number (float)",
    str: "text (str)",
    Path: "a path (str)",
}


def _convert(value: object, kind: type[Any], field: dataclasses.Field[Any], where: str) -> object:
    """`value` as `kind`, and within the field's bounds; ConfigError naming key, value and type otherwise."""
    try:
        result = _as(kind, value)
    except ValueError:
        raise ConfigError(f"{where} must be {_EXPECTED[kind]}, not {value!r}") from None
    low, high = field.metadata.get("min"), field.metadata.get("max")
    numeric = isinstance(result, (int, float)) and not isinstance(result, bool)
    if numeric and ((low is not None and result < low) or (high is not None and result > high)):
        span = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ConfigError(f"{where} must be {span}, not {value!r}")
    return result


def _as(kind: type[Any], value: object) -> object:
    """Typed values (a file's) as they are, text (the environment's, or a quoted file value) parsed.

    Raises ValueError for anything else, including `true` where a number is wanted.
    """
    if isinstance(value, bool) and kind is not bool:
        raise ValueError
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
    elif kind is int:
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            return int(value.strip())
    elif kind is float:
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            return float(value.strip())
    elif kind is str:
        if isinstance(value, str):
            return value
    elif kind is Path:
        if isinstance(value, (str, Path)):
            return Path(value).expanduser()
    else:  # a field type this module was not taught: a programming error, not a bad setting
        raise TypeError(f"settings cannot hold {kind!r}")
    raise ValueError
