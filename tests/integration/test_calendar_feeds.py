"""Calendar feeds (ledger/exports/ics.py) read back by two parsers: the icalendar package and ical.js
(Thunderbird's parser, pinned in tests/editor/package.json): events, alarms, UIDs that stay when a deadline moves."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest

from ledger.context import BuildContext, BuildOptions
from ledger.records.audience import PUBLIC
from support import ROOT, node_tools

D = dt.date


def ical_js(files: list[Path]) -> dict[str, dict]:
    """What ical.js reads in each file, by file name."""
    script = node_tools("ical.js") / "ical_parse.mjs"
    done = subprocess.run(["node", str(script), *map(str, files)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return {Path(path).name: parsed for path, parsed in json.loads(done.stdout).items()}


def with_icalendar(path: Path) -> dict:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = []
    for event in cal.walk("VEVENT"):
        events.append({"uid": str(event["UID"]), "summary": str(event["SUMMARY"]), "start": event.decoded("DTSTART"),
                       "end": event.decoded("DTEND"), "sequence": int(event["SEQUENCE"]),
                       "alarms": [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]})
    return {"name": str(cal["X-WR-CALNAME"]), "events": events}


@pytest.fixture
def project(tmp_path) -> Path:
    """The sample records, with P-008 done and applied for (a review wait in the feeds)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    p8 = tmp_path / "data" / "problems" / "P-008.yml"
    text = p8.read_text(encoding="utf-8").replace("status: 整改中\n", "status: 已完成\ncompleted: 2023-11-17\n")
    text = text.replace("internal_fields:", "review:\n  - applied: 2023-11-17\n    department: 气象台\n"
                                           "    evidence: 提醒机制文件\ninternal_fields:")
    p8.write_text(text, encoding="utf-8")
    return tmp_path


def build(project: Path, out: Path, **options) -> list[Path]:
    return BuildContext(project, BuildOptions(**options)).write_feeds(out)


def move_deadline(project: Path, old: str, new: str) -> None:
    p2 = project / "data" / "problems" / "P-002.yml"
    text = p2.read_text(encoding="utf-8")
    assert f"deadline: {old}\n" in text
    p2.write_text(text.replace(f"deadline: {old}\n", f"deadline: {new}\n"), encoding="utf-8")


def test_feeds_hold_deadlines_and_review_waits_as_both_parsers_read_them(project, tmp_path):
    written = build(project, tmp_path / "one")
    names = {path.name for path in written}
    assert "unit.ics" in names and sum(n.startswith("department-") for n in names) == 3
    assert sum(n.startswith("leader-") for n in names) == 3
    by_js = ical_js(written)
    unit = with_icalendar(tmp_path / "one" / "calendar" / "unit.ics")
    assert unit["name"] == by_js["unit.ics"]["name"] == "XX区气象局整改时限（全单位）"
    events = {e["uid"]: e for e in unit["events"]}
    # P-002 is the one open problem left: its deadline, all day, an alarm due_soon_days (14) before
    deadline = events["deadline-P-002@xxq-qxj"]
    assert (deadline["start"], deadline["end"]) == (D(2023, 11, 30), D(2023, 12, 1))
    assert deadline["summary"].startswith("整改时限：P-002 柏坑水库扩容工程")
    assert deadline["alarms"] == [-dt.timedelta(days=14)]
    # P-008's application of 2023-11-17 waits for review: an event review_days (7) later, an alarm on the day
    review = events["review-P-008-1@xxq-qxj"]
    assert review["start"] == D(2023, 11, 24) and review["summary"].startswith("销号审核：P-008")
    assert review["alarms"] == [dt.timedelta(0)]
    assert set(events) == {"deadline-P-002@xxq-qxj", "review-P-008-1@xxq-qxj"}  # done and closed ones: none
    js_events = {e["uid"]: e for e in by_js["unit.ics"]["events"]}
    assert set(js_events) == set(events)
    assert js_events["deadline-P-002@xxq-qxj"]["allDay"] is True
    assert js_events["deadline-P-002@xxq-qxj"]["start"] == "2023-11-30"
    assert js_events["deadline-P-002@xxq-qxj"]["alarms"] == [{"action": "DISPLAY", "trigger": "-P14D"}]
    assert js_events["review-P-008-1@xxq-qxj"]["start"] == "2023-11-24"
    # one feed per 科室 and per leader, holding only theirs
    feeds = {parsed["name"]: {e["uid"] for e in parsed["events"]} for parsed in by_js.values()}
    assert feeds["XX区气象局整改时限（责任科室：气象台）"] == set(events)
    assert feeds["XX区气象局整改时限（责任科室：办公室）"] == set()
    assert feeds["XX区气象局整改时限（责任领导：党组成员、副局长）"] == set(events)
    assert feeds["XX区气象局整改时限（责任领导：党组书记、局长）"] == set()


def test_uids_stay_when_a_deadline_moves_and_the_later_publish_wins(project, tmp_path):
    first = build(project, tmp_path / "one")
    move_deadline(project, "2023-11-30", "2023-12-20")
    second = build(project, tmp_path / "two", as_of=D(2023, 11, 21))
    assert [p.name for p in first] == [p.name for p in second]  # the same feed addresses
    before = {e["uid"]: e for e in with_icalendar(tmp_path / "one" / "calendar" / "unit.ics")["events"]}
    after = {e["uid"]: e for e in with_icalendar(tmp_path / "two" / "calendar" / "unit.ics")["events"]}
    assert set(before) == set(after)
    uid = "deadline-P-002@xxq-qxj"
    assert (before[uid]["start"], after[uid]["start"]) == (D(2023, 11, 30), D(2023, 12, 20))
    assert after[uid]["sequence"] > before[uid]["sequence"]
    js_after = {e["uid"]: e for e in ical_js(second)["unit.ics"]["events"]}
    assert js_after[uid]["start"] == "2023-12-20" and set(js_after) == set(before)


def test_the_same_records_give_the_same_bytes(project, tmp_path):
    one, two = build(project, tmp_path / "one"), build(project, tmp_path / "two")
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


def test_a_public_build_writes_no_feed(project, tmp_path):
    assert build(project, tmp_path / "public", audience=PUBLIC) == []
    assert not (tmp_path / "public" / "calendar").exists()


def test_the_internal_site_carries_the_feeds(built_site):
    unit = built_site / "downloads" / "calendar" / "unit.ics"
    parsed = with_icalendar(unit)
    assert {e["uid"] for e in parsed["events"]} == {"deadline-P-002@xxq-qxj", "deadline-P-008@xxq-qxj"}


def test_names_with_line_breaks_make_one_line_calendar_names(project, tmp_path):
    settings = project / "data" / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("unit: XX区气象局\n", 'unit: "XX区\\n气象局"\n'),
                        encoding="utf-8")
    written = build(project, tmp_path / "one")
    assert with_icalendar(written[0])["name"] == "XX区 气象局整改时限（全单位）"
    assert ical_js(written[:1])["unit.ics"]["name"] == "XX区 气象局整改时限（全单位）"
