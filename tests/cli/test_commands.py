"""The CLI as a user meets it: migrate, ingest, export, and clear errors."""

import csv
import io
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_ingest_refuses_an_unmigrated_database(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke("ingest", "--seeds", str(FIXTURES))
    assert result.exit_code == 1
    assert "tracker db upgrade" in result.output


def test_upgrade_ingest_twice_and_export(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_bytes((FIXTURES / "seed-article.txt").read_bytes())
    assert runner.invoke("db", "upgrade").exit_code == 0
    first = runner.invoke("ingest", "--seeds", str(seeds))
    assert first.exit_code == 0, first.output
    assert "1 files, articles 1 new" in first.output
    second = runner.invoke("ingest", "--seeds", str(seeds))
    assert "articles 0 new / 0 updated / 1 unchanged / 0 duplicates, measures 0 new" in second.output
    assert "nothing new" in second.output
    exported = runner.invoke("export", "--actor", "usa", "--kind", "tariff")
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert [(r["actor"], r["target"], r["value"], r["unit"]) for r in rows] == [("USA", "IND", "50", "percent")]
    for actor, target in (("United States", "India"), ("US", "IN"), ("america", "ind")):
        named = runner.invoke("export", "--actor", actor, "--target", target, "--kind", "tariff")
        assert named.exit_code == 0 and named.output == exported.output, (actor, target)


def test_export_of_a_code_no_actor_has_is_a_usage_error(runner) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke("db", "upgrade").exit_code == 0
    result = runner.invoke("export", "--actor", "XKX")
    assert result.exit_code == 2 and "no country or bloc has the code 'XKX'" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ingest",), "say what to ingest"),
        (("ingest", "--force", "--seeds", "x"), "--force goes with --feeds"),
        (("export", "--actor", "U$A"), "not a country or bloc"),
        (("export", "--target", "Atlantis"), "not a country or bloc"),
        (("export", "--kind", "tarif"), "Invalid value for '--kind'"),
    ],
)
def test_bad_arguments_are_usage_errors(runner, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_seeds_path_that_is_not_a_directory_is_an_error(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner.invoke("db", "upgrade")
    result = runner.invoke("ingest", "--seeds", str(tmp_path / "missing"))
    assert result.exit_code == 2 and "not a directory" in result.output
