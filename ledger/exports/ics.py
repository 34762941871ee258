"""Deadlines in people's calendars: iCalendar feeds (RFC 5545) of the open problems and the applications waiting.

One feed for the whole unit, one per 责任科室 and one per 责任领导, written into the internal build on every
build (downloads/calendar/, beside the Word and Excel downloads: ledger_mkdocs/plugin.py) so that a
calendar subscribed to its address follows each publish. README “日历订阅” says how to subscribe.

- An open problem's deadline (未开始, 整改中: the problems whose deadline runs, as the board judges) is
  an all-day event on its 整改时限, with an alarm `due_soon_days` days before (the board's 即将到期).
- An application for 销号 waiting for review is an all-day event on the application date plus the
  settings' `review_days` (the day by which it should be reviewed).

UIDs name the problem (and the application), never the date, and end with the unit's id
(settings.unit_id): a moved deadline updates the event in place, and a 市局 that subscribes to many units
never sees two units' P-001 as one event. SEQUENCE grows with the 截至日期, so a later publish wins.
Everything in a feed comes from the ledger as the build shows it: the same records give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import icalendar

from ledger.records import models as m
from ledger.records.ledger import Ledger
from ledger.records.review import pending_round
from ledger.text import cn_date
from ledger.views import tracker
from ledger.views.problem_page import PAGE_DIR, page_name

FEED_FOLDER = "calendar"       # under the site's downloads/
UNIT, DEPARTMENT, LEADER = "unit", "department", "leader"
SCOPE_NAMES = {UNIT: "全单位", DEPARTMENT: "责任科室", LEADER: "责任领导"}
REFRESH = dt.timedelta(hours=6)   # how often a subscribed calendar is asked to look again
SEQUENCE_EPOCH = dt.date(2000, 1, 1)



@dataclass(frozen=True)
class Feed:
    slug: str        # file name under downloads/calendar/: unit.ics, department-1a2b3c4d.ics
    scope: str       # UNIT | DEPARTMENT | LEADER
    name: str        # the unit, the 科室 or the leader
    includes: Callable[[m.Problem], bool]

    @property
    def title(self) -> str:
        """全单位 / 责任科室：办公室 / 责任领导：党组书记、局长"""
        return SCOPE_NAMES[UNIT] if self.scope == UNIT else f"{SCOPE_NAMES[self.scope]}：{self.name}"


def unit_id(settings: m.Settings) -> str:
    """The unit's id in UIDs: settings.unit_id, or a stable stand-in made from the unit's name."""
    return settings.unit_id or "unit-" + hashlib.sha1(settings.unit.encode("utf-8")).hexdigest()[:10]


def _slug(scope: str, name: str) -> str:
    return f"{scope}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}.ics"


def feeds(ledger: Ledger) -> list[Feed]:
    """The unit's feed, then one per 责任科室 and one per 责任领导 (in order of first appearance)."""
    found = [Feed(f"{UNIT}.ics", UNIT, ledger.settings.unit, lambda p: True)]
    for scope, attribute in ((DEPARTMENT, "department"), (LEADER, "leader")):
        for name in dict.fromkeys(getattr(p, attribute) for p in ledger.problems):
            found.append(Feed(_slug(scope, name), scope, name,
                              lambda p, _a=attribute, _n=name: getattr(p, _a) == _n))
    return found


def _stamp(as_of: dt.date) -> dt.datetime:
    return dt.datetime.combine(as_of, dt.time(), tzinfo=dt.timezone.utc)


def _event(uid: str, day: dt.date, summary: str, description: str, as_of: dt.date,
           url: Optional[str], category: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", _stamp(as_of))
    event.add("sequence", (as_of - SEQUENCE_EPOCH).days)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")   # a deadline does not make anyone busy
    if url:
        event.add("url", url)
    return event


def _alarm(days_before: int, text: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -dt.timedelta(days=days_before))
    alarm.add("description", text)
    return alarm


def _page(settings: m.Settings, problem_id: str) -> Optional[str]:
    if not settings.site_url:
        return None
    return f"{settings.site_url.rstrip('/')}/{PAGE_DIR}/{page_name(problem_id)}/"


def deadline_event(problem: m.Problem, settings: m.Settings) -> icalendar.Event:
    s = settings
    description = "\n".join([f"问题：{problem.description}", f"整改措施：{problem.measures}",
                             f"责任领导：{problem.leader}", f"责任科室：{problem.department}",
                             f"整改状态：{problem.status}（截至{cn_date(s.as_of)}）"])
    event = _event(f"deadline-{problem.id}@{unit_id(s)}", problem.deadline,
                   f"整改时限：{problem.id} {problem.description}", description, s.as_of, _page(s, problem.id), "整改时限")
    event.add_component(_alarm(s.due_soon_days, f"{problem.id} 将于{cn_date(problem.deadline)}到期（整改时限）"))
    return event


def review_event(problem: m.Problem, settings: m.Settings) -> Optional[icalendar.Event]:
    """The day an application waiting for review should be reviewed by; None when none waits."""
    pending = pending_round(problem)
    if pending is None:
        return None
    s = settings
    index = len(problem.review)
    due = pending.applied + dt.timedelta(days=s.review_days)
    description = "\n".join(filter(None, [
        f"问题：{problem.description}", f"{cn_date(pending.applied)}申请销号" + (f"（{pending.department}）" if pending.department else ""),
        pending.evidence and f"佐证材料：{pending.evidence}", f"应在申请后{s.review_days}天内审核",
        f"责任领导：{problem.leader}"]))
    event = _event(f"review-{problem.id}-{index}@{unit_id(s)}", due, f"销号审核：{problem.id} {problem.description}",
                   description, s.as_of, _page(s, problem.id), "销号审核")
    event.add_component(_alarm(0, f"{problem.id} 的销号申请今天应审核完毕"))
    return event


def feed_calendar(ledger: Ledger, feed: Feed) -> icalendar.Calendar:
    s = ledger.settings
    cal = icalendar.Calendar()
    name = " ".join(f"{s.unit}整改时限（{feed.title}）".splitlines())  # a calendar's name is one line
    cal.add("prodid", f"-//工作台账//{unit_id(s)}//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for problem in ledger.problems:
        if not feed.includes(problem):
            continue
        if tracker.is_awaiting(problem):
            cal.add_component(deadline_event(problem, s))
        waiting = review_event(problem, s)
        if waiting is not None:
            cal.add_component(waiting)
    return cal


def write_feeds(ledger: Ledger, out_dir: str | os.PathLike) -> list[Path]:
    """Every feed as out_dir/calendar/<slug>; the paths written."""
    folder = Path(out_dir) / FEED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for feed in feeds(ledger):
        path = folder / feed.slug
        path.write_bytes(feed_calendar(ledger, feed).to_ical())
        written.append(path)
    return written
