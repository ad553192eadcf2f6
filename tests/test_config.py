"""Settings: the packaged defaults, then --config FILE, then the environment, each value checked once."""

import dataclasses
import re
from pathlib import Path

import pytest

from tracker.config import (
    DEFAULT_CONFIG_FILE,
    SECTIONS,
    ConfigError,
    FeedsSettings,
    Settings,
    default_sqlite_url,
    load_settings,
)
from tracker.errors import TrackerError

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_defaults_serve_locally_on_an_embedded_database_outside_the_source_tree(tmp_path: Path) -> None:
    settings = load_settings(environ={})
    assert settings.web.host == "127.0.0.1"
    assert settings.web.port == 5000
    assert settings.database_url == default_sqlite_url()
    assert settings.database_url.startswith("sqlite:///")
    assert str(REPO_ROOT) not in settings.database_url


def test_every_value_has_its_declared_type() -> None:
    settings = load_settings(environ={})
    for name in SECTIONS:
        section = getattr(settings, name)
        for field in dataclasses.fields(section):
            value = getattr(section, field.name)
            expected = {"int": int, "float": float, "bool": bool, "str": str, "Path": Path}[str(field.type)]
            assert type(value) is expected or isinstance(value, expected), (name, field.name, value)
    assert isinstance(settings.feeds, FeedsSettings) and settings.feeds.connect_timeout_seconds == 10.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.web.port = 1  # type: ignore[misc]


def test_xdg_data_home_moves_the_embedded_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_sqlite_url() == f"sqlite:///{tmp_path}/tracker/tracker.sqlite3"


def test_a_config_file_overrides_only_the_keys_it_names(tmp_path: Path) -> None:
    file = tmp_path / "local.toml"
    file.write_text('[web]\nport = 8080\n[database]\nurl = "sqlite:///x.db"\n')
    settings = load_settings(file, environ={})
    assert settings.web.port == 8080
    assert settings.web.host == "127.0.0.1"
    assert settings.database_url == "sqlite:///x.db"


def test_environment_beats_the_file_with_short_and_generic_names(tmp_path: Path) -> None:
    file = tmp_path / "local.toml"
    file.write_text("[web]\nport = 8080\n")
    env = {
        "TRACKER_PORT": "9000",
        "TRACKER_DATABASE_URL": "postgresql+psycopg://db/tracker",
        "TRACKER_ALLOW_PRIVATE_NETWORKS": "1",
        "TRACKER_INGEST_SEEDS_INTERVAL_MINUTES": "5",
        "TRACKER_SEEDS_DIR": "~/articles",
        "TRACKER_FEEDS_READ_TIMEOUT_SECONDS": "2.5",
        "TRACKER_SHARED_DIR": "/not/a/setting",  # another program's variable: left alone
    }
    settings = load_settings(file, environ=env)
    assert settings.web.port == 9000
    assert settings.database_url == "postgresql+psycopg://db/tracker"
    assert settings.feeds.allow_private_networks is True
    assert settings.ingest.seeds_interval_minutes == 5
    assert settings.ingest.seeds_dir == Path("~/articles").expanduser()
    assert settings.feeds.read_timeout_seconds == 2.5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[web\nport=1", "not valid TOML"),
        ("[nowhere]\nx = 1\n", "unknown section"),
        ("[web]\nprot = 1\n", "unknown key web.prot"),
        ('[feeds]\nconcurrency = "four"\n', "feeds.concurrency must be a whole number (int), not 'four'"),
        ("[feeds]\nconcurrency = 4.5\n", "feeds.concurrency must be a whole number (int), not 4.5"),
        ("[scheduler]\nenabled = 1\n", "scheduler.enabled must be true or false"),
        ("[web]\nhost = 127\n", "web.host must be text (str), not 127"),
        ("[feeds]\nconnect_timeout_seconds = true\n", "feeds.connect_timeout_seconds must be a number (float)"),
        ("[web]\nport = 0\n", "web.port must be between 1 and 65535, not 0"),
        ("[feeds]\nconcurrency = 0\n", "feeds.concurrency must be between 1 and 64, not 0"),
    ],
)
def test_a_bad_config_file_is_a_clear_error_naming_key_value_and_type(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        load_settings(file, environ={})
    assert isinstance(caught.value, TrackerError)
    if "must be" in message:
        assert str(file) in str(caught.value)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TRACKER_PORT": "eighty"}, "environment variable TRACKER_PORT: web.port must be a whole number (int), not 'eighty'"),
        ({"TRACKER_FEEDS_CONCURRENCY": "four"}, "TRACKER_FEEDS_CONCURRENCY: feeds.concurrency must be a whole number"),
        ({"TRACKER_SCHEDULER_ENABLED": "maybe"}, "scheduler.enabled must be true or false"),
        ({"TRACKER_FEEDS_CONCURENCY": "8"}, "TRACKER_FEEDS_CONCURENCY: [feeds] has no key 'concurency'"),
    ],
)
def test_a_bad_environment_value_is_refused_the_same_way(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(environ=env)


def test_overrides_are_checked_like_files() -> None:
    settings = load_settings(environ={})
    assert settings.with_overrides(feeds={"concurrency": 2}).feeds.concurrency == 2
    with pytest.raises(ConfigError, match=re.escape("override: feeds.concurrency must be a whole number")):
        settings.with_overrides(feeds={"concurrency": "four"})


def test_a_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def _documented_keys(text: str) -> dict[str, set[str]]:
    """Keys of each [section] that follow a comment (a run of keys shares the comment above it)."""
    found: dict[str, set[str]] = {}
    section, commented = "", False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section, commented = stripped.strip("[]"), False
            found.setdefault(section, set())
        elif stripped.startswith("#"):
            commented = True
        elif not stripped:
            commented = False
        elif "=" in stripped and section and (commented or "#" in stripped.split("=", 1)[1]):
            found[section].add(stripped.split("=", 1)[0].strip())
    return found


def test_every_setting_is_documented_in_config_tracker_toml() -> None:
    config_file = REPO_ROOT / "config" / "tracker.toml"
    assert config_file.resolve() == DEFAULT_CONFIG_FILE.resolve(), "config/tracker.toml must be the packaged defaults"
    documented = _documented_keys(config_file.read_text(encoding="utf-8"))
    for name, cls in SECTIONS.items():
        keys = {f.name for f in dataclasses.fields(cls)}
        assert keys <= documented.get(name, set()), f"[{name}] undocumented: {sorted(keys - documented.get(name, set()))}"
    assert set(documented) == set(SECTIONS) == {f.name for f in dataclasses.fields(Settings)}
