// Parses iCalendar feeds with ical.js (the parser of Thunderbird's calendar) and prints what it read as JSON:
// one object per file, with the calendar's name and every event's UID, summary, start, alarms.
// Used by tests/integration/test_calendar_feeds.py: node ical_parse.mjs FILE.ics ...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = {};
for (const path of process.argv.slice(2)) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  out[path] = {
    name: root.getFirstPropertyValue("x-wr-calname"),
    version: root.getFirstPropertyValue("version"),
    events: root.getAllSubcomponents("vevent").map((vevent) => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        summary: event.summary,
        start: event.startDate.toString(),
        allDay: event.startDate.isDate,
        end: event.endDate.toString(),
        sequence: event.sequence,
        alarms: vevent.getAllSubcomponents("valarm").map((alarm) => ({
          action: alarm.getFirstPropertyValue("action"),
          trigger: alarm.getFirstPropertyValue("trigger").toString(),
        })),
      };
    }),
  };
}
process.stdout.write(JSON.stringify(out));
