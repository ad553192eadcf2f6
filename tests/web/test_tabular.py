"""A measure's columns, described once: the CSV download, `tracker export` and JSON agree to the byte."""

from __future__ import annotations

from click.testing import CliRunner

from tracker.tabular import COLUMN_NAMES, MEASURE_COLUMNS

# The seeded US–India ledger as a spreadsheet receives it: header, CRLF line ends, ISO dates,
# a whole-number rate without ".0", names from the catalogue, and a formula quoted away.
LEDGER_USA_IND_CSV = (
    "id,kind,actor,actor_name,target,target_name,status,value,unit,commodity,announced_on,effective_on,"
    "first_reported_on,last_reported_on,sources\r\n"
    "1,tariff,USA,United States,IND,India,in_force,50,percent,steel,2025-08-01,2025-08-27,2025-08-01,2025-09-01,2\r\n"
    "2,import_ban,IND,India,USA,United States,in_force,,,'=HYPERLINK(almonds),2025-09-01,2025-09-01,2025-09-01,"
    "2025-09-01,1\r\n"
)


def test_the_ledger_csv_is_exactly_this(client, seeded):  # type: ignore[no-untyped-def]
    assert client.get("/ledger/USA/IND.csv").get_data(as_text=True) == LEDGER_USA_IND_CSV


def test_tracker_export_writes_the_same_file_as_the_download(client, seeded, db_url):  # type: ignore[no-untyped-def]
    from tracker.cli import cli

    env = {"TRACKER_DATABASE_URL": db_url}
    exported = CliRunner().invoke(cli, ["export", "--actor", "USA"], env=env, catch_exceptions=False)
    downloaded = client.get("/measures.csv?actor=USA").get_data(as_text=True)
    assert exported.exit_code == 0 and exported.stdout_bytes.decode("utf-8") == downloaded
    assert downloaded.splitlines()[1].startswith("1,tariff,USA,United States,IND")


def test_json_measures_carry_the_download_columns(client, seeded):  # type: ignore[no-untyped-def]
    measure = client.get(f"/measures/{seeded.steel}.json").get_json()["measure"]
    assert list(measure) == [*COLUMN_NAMES, "url"]
    assert (measure["actor_name"], measure["value"], measure["first_reported_on"]) == ("United States", 50.0, "2025-08-01")


def test_every_column_says_what_it_holds() -> None:
    assert len(set(COLUMN_NAMES)) == len(COLUMN_NAMES)
    assert all(c.doc and c.name and c.source for c in MEASURE_COLUMNS)
