"""Reviewing on the web: who may, what a refused request leaves (nothing), the script contract, queue and trail."""

from __future__ import annotations

import csv
import io
import re
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.config import ConfigError
from tracker.store.accounts import add_user, set_password
from tracker.store.db import read_session
from tracker.store.models import AuditEntry, Measure
from tracker.web import create_app

PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def people(engine: sa.Engine) -> None:
    for name, role in (("ana", "editor"), ("vic", "viewer"), ("root", "admin")):
        add_user(engine, name, role, PASSWORD, "test")


def token(client, path: str = "/login") -> str:  # type: ignore[no-untyped-def]
    found = TOKEN.search(client.get(path).get_data(as_text=True))
    assert found, f"no form token on {path}"
    return found.group(1)


def login(client, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token(client)})


def state(engine: sa.Engine, measure_id: int) -> tuple[object, ...]:
    with read_session(engine) as session:
        m = session.get(Measure, measure_id)
        assert m is not None
        entries = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
        return (m.kind, m.actor_code, m.target_code, m.value, m.status, m.review_state, m.retired, entries)


def posts(seeded, csrf: str | None) -> list[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    extra = {"csrf_token": csrf} if csrf is not None else {}
    return [
        (f"/measures/{seeded.steel}/review", {"action": "correct", "target": "CHN", "reason": "x", **extra}),
        (f"/measures/{seeded.steel}/review", {"action": "reject", "reason": "x", **extra}),
        (f"/measures/{seeded.steel}/review", {"action": "confirm", **extra}),
        (f"/measures/{seeded.almonds}/merge", {"into": str(seeded.steel), **extra}),
        ("/evidence/1/move", {"to": "new", "kind": "quota", **extra}),
        ("/measures/new", {"kind": "sanction", "actor": "EU", "target": "RUS", "status": "in_force",
                           "source_url": "https://example.org/a", "quote": "q", **extra}),
    ]


def test_without_a_valid_form_token_nothing_changes(client, engine, seeded, people) -> None:  # type: ignore[no-untyped-def]
    assert login(client, "ana").status_code == 303
    before = state(engine, seeded.steel), state(engine, seeded.almonds)
    for csrf in (None, "forged", token(client, "/login")[:-2] + "xx"):
        for path, form in posts(seeded, csrf):
            response = client.post(path, data=form)
            assert response.status_code == 400, (path, csrf, response.status_code)
    assert (state(engine, seeded.steel), state(engine, seeded.almonds)) == before


def test_anonymous_visitors_are_sent_to_log_in_and_viewers_refused(client, engine, seeded, people) -> None:  # type: ignore[no-untyped-def]
    before = state(engine, seeded.steel), state(engine, seeded.almonds)
    csrf = token(client)
    for path, form in posts(seeded, csrf):
        response = client.post(path, data=form)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    assert client.get("/measures/new").status_code == 302
    assert login(client, "vic").status_code == 303
    csrf = token(client, f"/measures/{seeded.steel}")  # the logout form's token: a viewer has no review form
    for path, form in posts(seeded, csrf):
        assert client.post(path, data=form).status_code == 403, path
    assert client.get("/measures/new").status_code == 403
    assert (state(engine, seeded.steel), state(engine, seeded.almonds)) == before


def test_the_review_form_is_there_for_editors_only(client, seeded, people) -> None:  # type: ignore[no-untyped-def]
    page = f"/measures/{seeded.steel}"
    assert "Save corrections" not in client.get(page).get_data(as_text=True)
    assert "Set-Cookie" not in client.get(page).headers  # readers get no cookie
    login(client, "vic")
    assert "Save corrections" not in client.get(page).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": token(client, page)})
    login(client, "ana")
    html = client.get(page).get_data(as_text=True)
    assert "Save corrections" in html and 'name="csrf_token"' in html
    assert client.post("/logout", data={"csrf_token": token(client, page)}).status_code == 303
    assert "Save corrections" not in client.get(page).get_data(as_text=True)


def test_the_script_contract(client, engine, seeded, people) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    csrf = token(client, f"/measures/{seeded.steel}")
    response = client.post(f"/measures/{seeded.steel}/review", data={
        "action": "correct", "target": "CHN", "value": "60", "announced_on": "2025-07-31",
        "reason": "the article is about China", "csrf_token": csrf})
    assert response.status_code == 303 and response.headers["Location"] == f"/measures/{seeded.steel}"
    shown = client.get(f"/measures/{seeded.steel}.json").get_json()
    assert (shown["measure"]["target"], shown["measure"]["value"], shown["measure"]["announced_on"]) == (
        "CHN", 60, "2025-07-31")
    review = shown["review"]
    assert (review["state"], review["by"], review["reason"]) == ("corrected", "ana", "the article is about China")
    assert review["at"].startswith("20") and shown["corrected"] == ["target", "value", "announced_on"]
    assert shown["audit"][0]["before"] == {"target": "IND", "value": 50, "announced_on": "2025-08-01"}
    # JSON asked for, JSON answered
    answer = client.post(f"/measures/{seeded.almonds}/review", data={"action": "confirm", "csrf_token": csrf},
                         headers={"Accept": "application/json"}).get_json()
    assert answer["review"]["state"] == "confirmed" and answer["measure"]["review"] == "confirmed"
    # bad requests say why and change nothing
    before = state(engine, seeded.steel)
    for form in ({"action": "delete"}, {"action": "correct", "kind": "nope"}, {"action": "reject"},
                 {"action": "correct", "value": "1e999"}, {"action": "correct", "target": "CHN"}):
        assert client.post(f"/measures/{seeded.steel}/review", data={**form, "csrf_token": csrf}).status_code == 400
    assert client.post("/measures/999999/review", data={"action": "confirm", "csrf_token": csrf}).status_code == 404
    assert state(engine, seeded.steel) == before


def test_readers_see_review_states_and_never_rejected_measures(client, seeded, people) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    csrf = token(client, f"/measures/{seeded.steel}")
    client.post(f"/measures/{seeded.steel}/review", data={"action": "confirm", "csrf_token": csrf})
    client.post(f"/measures/{seeded.almonds}/review", data={"action": "reject", "reason": "satire", "csrf_token": csrf})
    editor_sees = client.get("/ledger/USA/IND.json?include=rejected").get_json()
    assert [m["review"] for m in editor_sees["backward"]] == ["rejected"]
    client.post("/logout", data={"csrf_token": csrf})
    ledger = client.get("/ledger/USA/IND.json").get_json()
    assert [m["review"] for m in ledger["forward"]] == ["confirmed"] and ledger["backward"] == []
    assert "confirmed" in client.get("/ledger/USA/IND").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(client.get("/measures.csv").get_data(as_text=True))))
    assert {r["id"]: r["review"] for r in rows} == {str(seeded.steel): "confirmed", str(seeded.sanction): "machine"}
    reviewed = client.get("/measures.json?reviewed=1").get_json()["measures"]
    assert [m["id"] for m in reviewed] == [seeded.steel]
    assert client.get("/measures?include=rejected").status_code == 403
    assert client.get("/countries/IND.json").get_json()["partners"][0]["total"] == 1
    login(client, "vic")
    assert client.get("/ledger/USA/IND.csv?include=rejected").status_code == 403


def test_merge_move_and_add_from_the_pages(client, engine, seeded, people) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    csrf = token(client, "/measures/new")
    added = client.post("/measures/new", data={
        "kind": "sanction", "actor": "EU", "target": "RUS", "status": "in_force", "value": "",
        "source_url": "https://example.org/eu", "quote": "The EU sanctioned Russian banks again.",
        "reported_on": "2025-09-02", "reason": "missed", "csrf_token": csrf})
    # Measures are kept over time: an EU → RUS sanction added by hand is a measure of its own (a person may
    # merge it into the one already stored), never a change to that one.
    assert added.status_code == 303
    assert int(added.headers["Location"].rsplit("/", 1)[1]) != seeded.sanction
    assert client.get(f"/measures/{seeded.sanction}.json").get_json()["review"]["state"] == "machine"
    added = client.post("/measures/new", data={
        "kind": "sanction", "actor": "GBR", "target": "RUS", "status": "in_force",
        "source_url": "https://example.org/uk", "quote": "Britain sanctioned Russian banks.", "csrf_token": csrf})
    new_id = int(added.headers["Location"].rsplit("/", 1)[1])
    merged = client.post(f"/measures/{new_id}/merge", data={"into": str(seeded.sanction), "reason": "same",
                                                            "csrf_token": csrf})
    assert merged.headers["Location"] == f"/measures/{seeded.sanction}"
    assert client.get(f"/measures/{new_id}").headers["Location"] == f"/measures/{seeded.sanction}"
    page = client.get(f"/measures/{seeded.sanction}.json").get_json()
    assert page["measure"]["sources"] == 2 and page["review"]["state"] == "corrected"
    evidence = page["history"][0]["id"]
    moved = client.post(f"/evidence/{evidence}/move", data={"to": "new", "actor": "GBR", "csrf_token": csrf})
    assert moved.status_code == 303
    again = client.get(moved.headers["Location"] + ".json").get_json()
    assert again["measure"]["actor"] == "GBR" and again["measure"]["sources"] == 1


def test_the_review_queue(client, engine, seeded, people) -> None:  # type: ignore[no-untyped-def]
    queue = client.get("/review.json").get_json()
    assert sorted(m["id"] for m in queue["measures"]) == sorted([seeded.steel, seeded.almonds, seeded.sanction])
    for _ in range(3):
        client.get("/ledger/EU/RUS")  # the most viewed pair comes first
    assert client.get("/review.json").get_json()["measures"][0]["id"] == seeded.sanction
    assert [m["id"] for m in client.get("/review.json?kind=tariff").get_json()["measures"]] == [seeded.steel]
    assert client.get("/review?after=x").status_code == 400
    page = client.get("/review").get_data(as_text=True)
    assert "Confirm" not in page  # no buttons for readers
    assert "<title>Review queue · tracker</title>" in page
    login(client, "ana")
    page = client.get("/review?kind=tariff").get_data(as_text=True)
    assert "Confirm" in page and 'value="/review?kind=tariff"' in page
    answer = client.post(f"/measures/{seeded.steel}/review", data={
        "action": "confirm", "next": "/review?kind=tariff", "csrf_token": token(client, "/review")})
    assert answer.headers["Location"] == "/review?kind=tariff"
    assert client.get("/review.json?kind=tariff").get_json()["measures"] == []
    evil = client.post(f"/measures/{seeded.almonds}/review", data={
        "action": "confirm", "next": "//evil.example/x", "csrf_token": token(client, "/review")})
    assert evil.headers["Location"] == f"/measures/{seeded.almonds}"


def test_the_audit_trail_pages_and_that_no_route_changes_it(client, app, seeded, people) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    csrf = token(client, f"/measures/{seeded.steel}")
    client.post(f"/measures/{seeded.steel}/review", data={"action": "reject", "reason": "=HYPERLINK(\"x\")",
                                                          "csrf_token": csrf})
    entries = client.get("/audit.json").get_json()["entries"]
    assert [(e["who"], e["action"]) for e in entries] == [("ana", "reject")]  # user.* entries: admins only
    assert client.get("/audit.json?who=nobody").get_json()["entries"] == []
    assert len(client.get(f"/audit.json?measure={seeded.steel}&action=reject").get_json()["entries"]) == 1
    rows = list(csv.reader(io.StringIO(client.get("/audit.csv").get_data(as_text=True))))
    assert rows[0][:4] == ["id", "at", "who", "action"] and rows[1][-1] == "'=HYPERLINK(\"x\")"
    assert "ana" in client.get("/audit").get_data(as_text=True)
    assert client.get("/audit?action=user.add").status_code == 403
    for bad in ("/audit?measure=x", "/audit?since=2025-13-01", "/audit.json?before=-1", "/audit?action=drop"):
        assert client.get(bad).status_code == 400, bad
    assert "ana" in client.get(f"/measures/{seeded.steel}").get_data(as_text=True)  # its history, on its page
    login(client, "root")
    assert {e["action"] for e in client.get("/audit.json").get_json()["entries"]} >= {"user.add", "reject"}
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    for method in (client.post, client.put, client.delete):
        assert method("/audit", data={"csrf_token": csrf}).status_code == 405


def test_a_changed_password_ends_every_session(client, engine, seeded, people) -> None:  # type: ignore[no-untyped-def]
    login(client, "ana")
    assert "Save corrections" in client.get(f"/measures/{seeded.steel}").get_data(as_text=True)
    set_password(engine, "ana", "another long password", "test")
    assert "Save corrections" not in client.get(f"/measures/{seeded.steel}").get_data(as_text=True)


def _app(settings, engine, **auth):  # type: ignore[no-untyped-def]
    return create_app(settings.with_overrides(auth=auth), engine=engine, test_config={"TESTING": True})


def test_failed_logins_lock_out_across_two_app_instances(settings, engine, people) -> None:  # type: ignore[no-untyped-def]
    first = _app(settings, engine, slowdown_after=100, lockout_after=3).test_client()
    second = _app(settings, engine, slowdown_after=100, lockout_after=3).test_client()
    for _ in range(3):
        assert login(first, "ana", "wrong password!").status_code == 401
    refused = login(second, "ana")  # the right password, on another instance: refused all the same
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many failed attempts" in refused.get_data(as_text=True)
    # nothing tells an attacker whether a name exists
    unknown, wrong = login(second, "nobody-here", "x" * 12), login(second, "vic", "x" * 12)
    assert unknown.status_code == wrong.status_code == 401
    assert re.sub(r'value="[^"]*"', "", unknown.get_data(as_text=True)).replace("nobody-here", "vic") == \
        re.sub(r'value="[^"]*"', "", wrong.get_data(as_text=True))


def test_failed_logins_slow_down_before_the_lockout(settings, engine, people) -> None:  # type: ignore[no-untyped-def]
    client = _app(settings, engine, slowdown_after=1, lockout_after=50).test_client()
    assert login(client, "ana", "wrong password!").status_code == 401
    slowed = login(client, "ana")
    assert slowed.status_code == 429 and slowed.headers["Retry-After"] == "1"


def test_the_signing_key_production_needs_and_the_one_a_local_install_makes(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tracker.web.auth import secret_key

    with pytest.raises(ConfigError, match="TRACKER_SECRET_KEY"):
        secret_key(settings.with_overrides(database={"url": "postgresql+psycopg://db.example/tracker"},
                                           web={"secret_key": ""}))
    with pytest.raises(ConfigError, match="secret_key"):
        secret_key(settings.with_overrides(web={"secret_key": "", "public_url": "https://tracker.example"},
                                           database={"url": f"sqlite:///{tmp_path / 'x.sqlite3'}"}))
    with pytest.raises(ConfigError, match="at least"):
        secret_key(settings.with_overrides(web={"secret_key": "short"}))
    local = settings.with_overrides(web={"secret_key": ""}, database={"url": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    key = secret_key(local)
    assert len(key) >= 32 and secret_key(local) == key
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_admins_manage_accounts_and_feeds_on_the_web(client, engine, people) -> None:  # type: ignore[no-untyped-def]
    from tracker.store.feeds import add_feed, list_feeds

    feed = add_feed(engine, "https://news.example/feed.xml")
    login(client, "ana")
    assert client.get("/users").status_code == 403
    csrf = token(client, "/feeds")
    assert client.post(f"/feeds/{feed}/disable", data={"csrf_token": csrf}).status_code == 403
    assert client.post("/users/vic", data={"change": "role", "role": "admin", "csrf_token": csrf}).status_code == 403
    login(client, "root")
    csrf = token(client, "/users")
    assert "vic" in client.get("/users").get_data(as_text=True)
    assert client.post("/users/vic", data={"change": "role", "role": "editor", "csrf_token": csrf}).status_code == 303
    assert client.post("/users", data={"name": "new.one", "role": "viewer", "password": "long enough pw",
                                       "csrf_token": csrf}).status_code == 303
    assert client.post("/users", data={"name": "bad name", "role": "viewer", "password": "long enough pw",
                                       "csrf_token": csrf}).status_code == 400
    assert client.post("/users/root", data={"change": "disable", "csrf_token": csrf}).status_code == 400
    assert client.post("/users/nobody", data={"change": "disable", "csrf_token": csrf}).status_code == 404
    assert client.post(f"/feeds/{feed}/disable", data={"csrf_token": csrf}).status_code == 303
    assert [f.enabled for f in list_feeds(engine)] == [False]
    actions = [e["action"] for e in client.get("/audit.json").get_json()["entries"]]
    assert actions[:3] == ["feed.disable", "user.add", "user.role"]


def test_a_correction_carries_to_the_chart_the_chains_and_the_threats(client, engine, people) -> None:  # type: ignore[no-untyped-def]
    """A measure's periods, links and threats are derived from its evidence: a person's correction of its
    rate or parties reaches them too, and survives the article being read again."""
    from tests.support.reports import Newsroom, said, seed_like

    news = Newsroom(engine)
    seed_like(news, identity="seed")
    news.report("2025-07-01", said("tariff", "USA", "IND", "threatened", 25))
    [tariff] = [m["id"] for m in client.get("/ledger/USA/IND.json").get_json()["forward"] if m["kind"] == "tariff"]
    assert [c["link"]["third_code"] for c in client.get("/chains.json").get_json()["chains"]] == ["RUS"]

    login(client, "ana")
    csrf = token(client, f"/measures/{tariff}")
    done = client.post(f"/measures/{tariff}/review", data={"action": "correct", "value": "55", "csrf_token": csrf,
                                                          "reason": "the article says 55%"})
    assert done.status_code == 303
    page = client.get(f"/measures/{tariff}.json").get_json()
    assert page["measure"]["value"] == 55 and page["periods"][-1]["value"] == 55  # the chart's line ends at 55%
    assert [p["value"] for p in page["periods"]] == [25, 55]  # the threat before it is the machine's reading

    done = client.post(f"/measures/{tariff}/review", data={"action": "correct", "target": "CHN", "csrf_token": csrf,
                                                          "reason": "the article speaks of China"})
    assert done.status_code == 303
    assert client.get("/chains.json").get_json()["chains"] == []  # USA → CHN is not over China's own trade
    [threat] = client.get("/threats.json").get_json()["threats"]
    assert (threat["actor_code"], threat["target_code"]) == ("USA", "CHN")

    seed_like(news, identity="seed", filler="Read again by a newer extractor.")  # the article re-read
    page = client.get(f"/measures/{tariff}.json").get_json()
    assert (page["measure"]["target"], page["measure"]["value"], page["periods"][-1]["value"]) == ("CHN", 55, 55)
    assert client.get("/chains.json").get_json()["chains"] == []
