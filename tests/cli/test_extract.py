"""`tracker extract --jsonl`: the stable contract, for any input, touching no database."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MEASURE_KEYS = {"kind", "actor", "target", "value", "unit", "commodity", "status", "date", "evidence"}


def run_jsonl(lines: list[str]) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["extract", "--jsonl", "-"], input="\n".join(lines) + "\n")
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def record(ident: str, text: str, date: str = "2025-09-01", title: str = "") -> str:
    return json.dumps({"id": ident, "date": date, "title": title, "text": text})


def test_one_output_line_per_input_line_in_order_whatever_the_input() -> None:
    seed_text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8").split(" ", 3)[3]
    inputs = [
        record("seed", seed_text),
        record("empty", ""),
        record("no-country", "The weather was fine and markets were calm."),
        record("non-ascii", "Le gouvernement français a annoncé des mesures — 日本 — ça va. «Sanctions?»"),
        record("title-only", "", title="U.S. SLAPS 100 PCT TARIFFS ON JAPANESE ELECTRONICS"),
    ]
    code, out = run_jsonl(inputs)
    assert code == 0
    assert [o["id"] for o in out] == ["seed", "empty", "no-country", "non-ascii", "title-only"]
    assert out[1]["measures"] == [] and out[2]["measures"] == []
    for line, original in zip(out, inputs, strict=True):
        source = json.loads(original)
        for m in line["measures"]:
            assert set(m) >= MEASURE_KEYS
            ev = m["evidence"]
            assert ev["field"] in ("title", "text")
            assert source[ev["field"]][ev["start"] : ev["end"]] == ev["text"]


def test_the_seed_tariff_comes_out_with_its_sentence() -> None:
    seed_text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8").split(" ", 3)[3]
    _, [out] = run_jsonl([record("seed", seed_text)])
    tariffs = [m for m in out["measures"] if (m["kind"], m["actor"], m["target"]) == ("tariff", "USA", "IND")]
    assert len(tariffs) == 1
    assert tariffs[0]["value"] == 50 and tariffs[0]["unit"] == "percent"
    assert "Trump slapped 50% tariffs on India" in tariffs[0]["evidence"]["text"]


def test_a_broken_line_gets_an_error_line_and_a_non_zero_exit_and_the_rest_goes_on() -> None:
    code, out = run_jsonl(["{not json", "[1, 2]", record("ok", "")])
    assert code == 1
    assert [o["id"] for o in out] == [None, None, "ok"]
    assert "invalid JSON" in out[0]["error"] and "not a JSON object" in out[1]["error"]


def test_missing_or_bad_fields_are_tolerated() -> None:
    code, out = run_jsonl([json.dumps({"id": 7, "date": "someday", "text": None}), json.dumps({"id": "x"})])
    assert code == 0
    assert out == [{"id": "7", "measures": []}, {"id": "x", "measures": []}]


def test_readable_table_for_ordinary_files() -> None:
    result = CliRunner().invoke(cli, ["extract", str(FIXTURES / "seed-article.txt")])
    assert result.exit_code == 0
    assert "tariff" in result.stdout and "USA → IND" in result.stdout and "50 percent" in result.stdout


def test_unreadable_files_and_bad_arguments_exit_non_zero(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["extract", str(tmp_path / "missing.txt")])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    assert CliRunner().invoke(cli, ["extract"]).exit_code == 2


def test_it_runs_as_a_real_process_reading_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "extract", "--jsonl", "-"],
        input=record("a", "Nothing here.") + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={"TRACKER_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"id": "a", "measures": []}
