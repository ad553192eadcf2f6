"""Settings: config/tracker.toml, then --config FILE, then the environment."""

from pathlib import Path

import pytest

from tracker.config import ConfigError, default_sqlite_url, load_settings


def test_defaults_serve_locally_on_an_embedded_database_outside_the_source_tree(tmp_path: Path) -> None:
    settings = load_settings(environ={})
    assert settings["web"]["host"] == "127.0.0.1"
    assert settings["web"]["port"] == 5000
    assert settings.database_url == default_sqlite_url()
    assert settings.database_url.startswith("sqlite:///")
    assert str(Path(__file__).resolve().parents[1]) not in settings.database_url


def test_xdg_data_home_moves_the_embedded_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_sqlite_url() == f"sqlite:///{tmp_path}/tracker/tracker.sqlite3"


def test_a_config_file_overrides_only_the_keys_it_names(tmp_path: Path) -> None:
    file = tmp_path / "local.toml"
    file.write_text('[web]\nport = 8080\n[database]\nurl = "sqlite:///x.db"\n')
    settings = load_settings(file, environ={})
    assert settings["web"]["port"] == 8080
    assert settings["web"]["host"] == "127.0.0.1"
    assert settings.database_url == "sqlite:///x.db"


def test_environment_beats_the_file_with_short_and_generic_names(tmp_path: Path) -> None:
    file = tmp_path / "local.toml"
    file.write_text("[web]\nport = 8080\n")
    env = {
        "TRACKER_PORT": "9000",
        "TRACKER_DATABASE_URL": "postgresql+psycopg://db/tracker",
        "TRACKER_ALLOW_PRIVATE_NETWORKS": "1",
        "TRACKER_INGEST_SEEDS_INTERVAL_MINUTES": "5",
    }
    settings = load_settings(file, environ=env)
    assert settings["web"]["port"] == 9000
    assert settings.database_url == "postgresql+psycopg://db/tracker"
    assert settings["feeds"]["allow_private_networks"] is True
    assert settings["ingest"]["seeds_interval_minutes"] == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[web\nport=1", "not valid TOML"),
        ("[nowhere]\nx = 1\n", "unknown section"),
        ("[web]\nprot = 1\n", "unknown key web.prot"),
    ],
)
def test_a_bad_config_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(file, environ={})


def test_a_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="TRACKER_PORT must be a whole number"):
        load_settings(environ={"TRACKER_PORT": "eighty"})


def test_a_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", environ={})
