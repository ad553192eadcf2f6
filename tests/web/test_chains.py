"""Measures over time and pressure chains in the web app: reasons on the ledger, /chains, country
sections, tit-for-tat, /threats, the monthly series, dates as written, confidence and as-of views."""

from __future__ import annotations

import csv
import io
import re
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from tests.support.reports import OVER, Newsroom, said, seed_like
from tracker.web.templating import direction_css

ATOM = "{http://www.w3.org/2005/Atom}"


def rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.fixture
def chained(engine: sa.Engine) -> Newsroom:
    """The seed's chain, secondary tariffs over Venezuelan oil, a tit-for-tat, and two threats."""
    news = Newsroom(engine)
    seed_like(news)
    for buyer in ("CHN", "TUR"):
        news.report("2025-03-25", said("tariff", "USA", buyer, "threatened", 25, links=(("over", 1, None),)),
                    said("purchase", buyer, "VEN", "reported", commodity="oil"))
    news.report("2025-04-02", said("tariff", "USA", "CHN", "in_force", 34, effective="2025-04-05", confidence=0.4))
    news.report("2025-04-04",
                said("tariff", "CHN", "USA", "announced", 34, links=(("in_response_to", 1, "hit back"),),
                     sentence="Beijing hit back with 34% tariffs on US goods."),
                said("tariff", "USA", "CHN", "in_force", 34))
    news.report("2025-07-01", said("tariff", "USA", "BRA", "threatened", 50, effective="2025-08-01"))
    news.report("2025-08-11", said("tariff", "USA", "BRA", "in_force", 50, commodity="coffee"))
    return news


def test_the_ledger_shows_the_reason_inline_linked_to_the_other_pairs_ledger(client, chained) -> None:
    page = client.get("/ledger/USA/IND").get_data(as_text=True)
    assert 'over: <a href="/ledger/IND/RUS#m' in page and "India ← Russian Federation</a>, purchases of arms and energy" in page
    assert f"<q>{OVER}</q>" in page
    assert "late Aug 2025" in page  # the effective date as written
    back = client.get("/ledger/IND/RUS").get_data(as_text=True)
    assert "taken over it: <a href=\"/ledger/USA/IND#m" in back and "United States → India</a>, tariffs (50%)" in back


def test_the_ledger_json_carries_the_link(client, chained) -> None:
    data = client.get("/ledger/USA/IND.json").get_json()
    [tariff] = data["forward"]
    [reason] = data["links"][str(tariff["id"])]
    assert (reason["relation"], reason["role"], reason["quote"]) == ("over", "reason", OVER)
    assert (reason["other"]["kind"], reason["other"]["actor"], reason["other"]["target"]) == ("purchase", "IND", "RUS")
    assert tariff["effective"] == "late Aug 2025" and tariff["confidence"] == 0.9


def test_the_chains_csv_has_the_seed_chain(client, chained) -> None:
    seed = [r for r in rows(client.get("/chains.csv")) if r["b"] == "IND"]
    assert [(r["a"], r["b"], r["c"], r["kind"], r["reason_kind"], r["relation"]) for r in seed] == [
        ("USA", "IND", "RUS", "tariff", "purchase", "over")]
    assert seed[0]["c_name"] == "Russian Federation" and seed[0]["reason_commodity"] == "arms and energy"


def test_chains_filter_by_a_b_c_kind_and_date(client, chained) -> None:
    def bs(query: str) -> list[str]:
        return sorted(c["link"]["target_code"] for c in client.get(f"/chains.json?{query}").get_json()["chains"])

    assert bs("") == ["CHN", "IND", "TUR"]
    assert bs("c=VEN") == ["CHN", "TUR"] and bs("c=rus") == ["IND"]
    assert bs("a=USA&b=TUR") == ["TUR"] and bs("a=IND") == []
    assert bs("kind=tariff&since=2025-06-01") == ["IND"] and bs("until=2025-04-01") == ["CHN", "TUR"]
    assert bs("kind=sanction") == []
    page = client.get("/chains?c=VEN").get_data(as_text=True)
    assert "Turkey" in page or "Türkiye" in page
    assert client.get("/chains?c=V$N").status_code == 400


def test_chains_page_through_every_chain_and_feed_as_atom(app, client, chained) -> None:
    app.config["PAGE_SIZE"] = 1
    seen, url = [], "/chains.json"
    while url:
        data = client.get(url).get_json()
        seen += [c["link"]["id"] for c in data["chains"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == 3
    feed = ET.fromstring(client.get("/chains.atom").data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3 and all(e.find(f"{ATOM}id").text.startswith("tag:tracker,2025:/ledger/") for e in entries)


def test_country_pages_show_chains_from_both_ends(client, chained) -> None:
    rus = client.get("/countries/RUS").get_data(as_text=True)
    assert "Pressured over trade with Russian Federation" in rus and '<a href="/ledger/IND/RUS">India</a>' in rus
    usa = client.get("/countries/USA").get_data(as_text=True)
    assert "Pressure it applies over third countries" in usa
    assert 'over its trade with <a href="/ledger/CHN/VEN">' in usa
    data = client.get("/countries/VEN.json").get_json()
    assert sorted(s["target"] for s in data["chains"]["over"]) == ["CHN", "TUR"]


def test_tit_for_tat_on_the_pair_ledger(client, chained) -> None:
    page = client.get("/ledger/USA/CHN").get_data(as_text=True)
    assert "Tit for tat" in page and "China: tariffs (34%)</a>\n      in response to" in page
    steps = client.get("/ledger/CHN/USA.json").get_json()["tit_for_tat"]
    assert [(s["measure"]["actor"], s["answered"]["actor"], s["on"]) for s in steps] == [("CHN", "USA", "2025-04-04")]


def test_threats_with_their_outcomes_in_every_format(client, chained) -> None:
    data = client.get("/threats.json?actor=USA").get_json()
    outcomes = {(t["target_code"], t["outcome"]) for t in data["threats"]}
    assert {("BRA", "fulfilled"), ("TUR", "open")} <= outcomes
    assert data["record"]["sentence"].startswith("Carried out ")
    brazil = next(r for r in rows(client.get("/threats.csv?outcome=fulfilled")) if r["target"] == "BRA")
    assert (brazil["days"], brazil["deadline_on"], brazil["target_name"]) == ("41", "2025-08-01", "Brazil")
    page = client.get("/threats?actor=USA&outcome=fulfilled").get_data(as_text=True)
    assert "outcome-fulfilled" in page and "outcome-open" not in page
    assert client.get("/threats?outcome=maybe").status_code == 400
    country = client.get("/countries/USA").get_data(as_text=True)
    assert "Threats: Carried out" in country and "median" in country


def test_monthly_series_as_svg_and_csv(client, chained) -> None:
    page = client.get("/ledger/USA/CHN?as_of=2025-06-01").get_data(as_text=True)
    assert '<img src="/ledger/USA/CHN/monthly.svg?as_of=2025-06-01"' in page
    image = client.get("/ledger/USA/CHN/monthly.svg")
    assert image.mimetype == "image/svg+xml" and "Highest tariff in force each month" in image.get_data(as_text=True)
    assert "<polyline" in image.get_data(as_text=True) and "style=" not in image.get_data(as_text=True)
    assert 'id="monthly-1"' in client.get("/ledger/USA/CHN/monthly").get_data(as_text=True)
    series = rows(client.get("/ledger/USA/CHN/monthly.csv"))
    april = [r for r in series if r["month"] == "2025-04"]
    assert {(r["actor"], r["highest_tariff_percent"], r["in_force_tariff"]) for r in april} == {
        ("USA", "34", "1"), ("CHN", "", "0")}
    assert client.get("/ledger/USA/CHN/monthly.json").get_json()["months"][0]["month"] == "2025-04-01"
    assert client.get("/ledger/usa/chn/monthly.csv").status_code == 301


def test_as_of_before_during_and_after(client, chained) -> None:
    def forward(query: str) -> list[tuple[str, float | None]]:
        data = client.get(f"/ledger/USA/IND.json?{query}").get_json()
        return [(m["status"], m["value"]) for m in data["forward"]]

    assert forward("as_of=2025-07-01") == []
    assert forward("as_of=2025-09-01") == [("in_force", 50)]
    page = client.get("/ledger/USA/IND?as_of=2025-07-01").get_data(as_text=True)
    assert "As of 2025-07-01" in page and "No measures recorded for these filters" in page
    brazil = client.get("/measures.json?actor=USA&target=BRA&as_of=2025-07-15").get_json()["measures"]
    assert [(m["status"], m["value"]) for m in brazil] == [("threatened", 50)]
    assert client.get("/countries/BRA.json?as_of=2025-06-01").get_json()["latest"] == []
    assert client.get("/ledger/USA/IND?as_of=someday").status_code == 400


def test_confidence_filters_and_sorts(client, chained) -> None:
    def ids(query: str) -> list[float | None]:
        return [m["confidence"] for m in client.get(f"/measures.json?{query}").get_json()["measures"]]

    assert ids("min_confidence=0.95") and all(c >= 0.95 for c in ids("min_confidence=0.95"))
    assert 0.7 not in ids("min_confidence=0.8")
    ascending = ids("sort=confidence")
    assert ascending == sorted(ascending)
    assert client.get("/measures?min_confidence=2").status_code == 400
    assert client.get("/measures?min_confidence=nan").status_code == 400
    assert "confidence" in client.get("/measures.csv").get_data(as_text=True).splitlines()[0]


def test_tracker_export_writes_the_same_chains_and_threats_as_the_downloads(client, chained, runner) -> None:
    for flag, url in (("--chains", "/chains.csv"), ("--threats", "/threats.csv")):
        exported = runner.invoke("export", flag)
        assert exported.exit_code == 0 and exported.stdout_bytes.decode("utf-8") == client.get(url).get_data(as_text=True)
    sure = list(csv.DictReader(io.StringIO(runner.invoke("export", "--min-confidence", "0.8").output)))
    assert sure and "arms and energy" not in {r["commodity"] for r in sure}  # read at 0.7
    assert runner.invoke("export", "--min-confidence", "3").exit_code == 2


def test_tracker_db_refresh_rebuilds_what_the_evidence_says(client, chained, engine, runner) -> None:
    from tracker.store.models import Link, MeasurePeriod, Threat

    before = client.get("/ledger/USA/CHN/monthly.csv").get_data(as_text=True)
    with engine.begin() as conn:
        for table in (MeasurePeriod, Threat):
            conn.execute(sa.delete(table))
        conn.execute(sa.update(Link).values(source_count=0))
    result = runner.invoke("db", "refresh")
    assert result.exit_code == 0 and "measures refreshed" in result.output
    assert client.get("/ledger/USA/CHN/monthly.csv").get_data(as_text=True) == before
    assert {r["outcome"] for r in rows(client.get("/threats.csv"))} == {"fulfilled", "open"}
    assert all(c["link"]["source_count"] == 1 for c in client.get("/chains.json").get_json()["chains"])


def test_the_chart_and_the_tables_agree_on_what_is_in_force(client, engine) -> None:
    news = Newsroom(engine)
    news.report("2025-02-04", said("tariff", "USA", "MEX", "in_force", 25, effective="2025-02-04"))
    news.report("2025-03-04", said("tariff", "USA", "MEX", "in_force", 50, effective="2025-03-04"))
    news.report("2025-05-01", said("tariff", "USA", "MEX", "lifted", lifted="2025-05-01"))
    news.report("2025-04-01", said("tariff", "MEX", "USA", "in_force", 20, effective="2025-04-01"))
    page = client.get("/ledger/USA/MEX?until=2026-01-01").get_data(as_text=True)
    figure = page.split('<figure class="chart" id="chart">', 1)[1].split("</figure>", 1)[0]
    for variant in ("wide", "narrow"):
        svg = figure.split(f'<svg class="chart-{variant}"', 1)[1].split("</svg>", 1)[0]
        lines = dict(re.findall(r'<polyline class="rate (dir-[ab])" points="([^"]+)"', svg))
        ends = {css: float(points.split()[-1].split(",")[0]) for css, points in lines.items()}
        usa, mex = direction_css("USA", "MEX"), direction_css("MEX", "USA")
        # The lifted tariff's line stops where it was lifted; the other runs on.
        assert ends[usa] < ends[mex] - 20, variant
    rows = client.get("/ledger/USA/MEX.json").get_json()
    assert [(m["status"], m["value"], m["lifted"]) for m in rows["forward"]] == [("lifted", 50, "2025-05-01")]
    assert [(m["status"], m["value"]) for m in rows["backward"]] == [("in_force", 20)]
    march = client.get("/ledger/USA/MEX.json?since=2025-03-10&until=2025-03-20").get_json()["forward"]
    assert [(m["status"], m["value"]) for m in march] == [("in_force", 50)]


def test_the_seed_article_read_by_the_extractor_makes_its_chain(client, engine: sa.Engine) -> None:
    """What `make run` shows: the shipped seed, ingested and extracted for real, not stored by hand."""
    from tests.extract.gold import REPO_ROOT
    from tracker.ingest.pipeline import ingest_seeds

    stats = ingest_seeds(engine, REPO_ROOT / "seeds", progress=False)
    assert not stats.errors, stats.errors
    chain = [(r["a"], r["b"], r["c"], r["kind"], r["reason_kind"], r["relation"]) for r in rows(client.get("/chains.csv"))]
    assert ("USA", "IND", "RUS", "tariff", "purchase", "over") in chain
    data = client.get("/ledger/USA/IND.json").get_json()
    [tariff] = [m for m in data["forward"] if m["kind"] == "tariff"]
    [reason] = data["links"][str(tariff["id"])]
    assert (reason["other"]["actor"], reason["other"]["target"]) == ("IND", "RUS")
    page = client.get("/ledger/USA/IND").get_data(as_text=True)
    assert 'over: <a href="/ledger/IND/RUS#m' in page
    before = client.get("/ledger/USA/IND.json?as_of=2025-07-01").get_json()
    assert before["forward"] == []
