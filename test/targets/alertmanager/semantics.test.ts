import { describe, expect, test } from "vitest";
import { parseRouting } from "../../../src/estate/build.ts";
import { issuesToDiagnostics } from "../../../src/model/issues.ts";
import { inhibitingRules } from "../../../src/targets/alertmanager/inhibit.ts";
import type { InhibitionRule } from "../../../src/targets/alertmanager/inhibitions.ts";
import { parseMatcher } from "../../../src/targets/alertmanager/read-config.ts";
import { formatMatcher } from "../../../src/targets/alertmanager/matchers.ts";
import { inTimeInterval, isMuted } from "../../../src/targets/alertmanager/time-match.ts";

const businessHours = {
  weekdays: ["monday:friday"],
  times: [{ start: "09:00", end: "17:00" }],
  location: "Europe/Berlin",
};

describe("time intervals, as Alertmanager's timeinterval package reads them", () => {
  test.for([
    ["09:00 in Berlin (08:00 UTC in winter) is inside", "2026-03-03T08:00:00Z", true],
    ["17:00 in Berlin is outside: times end exclusively", "2026-03-03T16:00:00Z", false],
    ["16:59 in Berlin is inside", "2026-03-03T15:59:00Z", true],
    ["09:00 in Berlin in summer (07:00 UTC) is inside", "2026-07-07T07:00:00Z", true],
    ["08:00 UTC in summer is 10:00 in Berlin, inside", "2026-07-07T08:00:00Z", true],
    ["a Saturday is outside", "2026-03-07T10:00:00Z", false],
    ["Friday 23:30 UTC is Saturday in Berlin, outside", "2026-03-06T23:30:00Z", false],
  ] as const)("%s", ([, at, inside]) => {
    expect(inTimeInterval(businessHours, new Date(at))).toBe(inside);
  });

  test("a negative day of month counts from the month's end, leap years included", () => {
    const lastDay = { daysOfMonth: ["-1"] };
    expect(inTimeInterval(lastDay, new Date("2028-02-29T12:00:00Z"))).toBe(true);
    expect(inTimeInterval(lastDay, new Date("2027-02-28T12:00:00Z"))).toBe(true);
    expect(inTimeInterval(lastDay, new Date("2028-02-28T12:00:00Z"))).toBe(false);
    expect(inTimeInterval({ daysOfMonth: ["1:-1"] }, new Date("2026-05-17T00:00:00Z"))).toBe(true);
  });

  test("months by name or number, years as ranges", () => {
    const q1 = { months: ["january:march"], years: ["2026"] };
    expect(inTimeInterval(q1, new Date("2026-02-10T00:00:00Z"))).toBe(true);
    expect(inTimeInterval(q1, new Date("2027-02-10T00:00:00Z"))).toBe(false);
    expect(inTimeInterval({ months: ["4:6"] }, new Date("2026-05-10T00:00:00Z"))).toBe(true);
  });

  test("mute intervals hold a route back while active; active intervals while none is", () => {
    const intervals = [{ name: "office", intervals: [businessHours] }];
    const saturday = new Date("2026-03-07T10:00:00Z");
    const tuesday = new Date("2026-03-03T10:00:00Z");
    const active = { activeTimeIntervals: ["office"], muteTimeIntervals: [] };
    const mute = { activeTimeIntervals: [], muteTimeIntervals: ["office"] };
    expect([isMuted(active, intervals, saturday), isMuted(active, intervals, tuesday)]).toEqual([
      true,
      false,
    ]);
    expect([isMuted(mute, intervals, saturday), isMuted(mute, intervals, tuesday)]).toEqual([
      false,
      true,
    ]);
  });
});

describe("inhibition, as Alertmanager's inhibit package decides it", () => {
  const pageOverTicket: InhibitionRule = {
    origin: "r",
    description: "r",
    source: [parseMatcher('sloth_severity="page"')],
    target: [parseMatcher('sloth_severity="ticket"')],
    equal: ["sloth_id"],
  };
  test("the same sloth_id inhibits; another does not", () => {
    const page = { sloth_severity: "page", sloth_id: "a" };
    expect(
      inhibitingRules([pageOverTicket], page, { sloth_severity: "ticket", sloth_id: "a" }),
    ).toHaveLength(1);
    expect(
      inhibitingRules([pageOverTicket], page, { sloth_severity: "ticket", sloth_id: "b" }),
    ).toHaveLength(0);
  });
  test("a label both lack counts as equal (the empty value)", () => {
    expect(
      inhibitingRules([pageOverTicket], { sloth_severity: "page" }, { sloth_severity: "ticket" }),
    ).toHaveLength(1);
  });
  test("an alert matching both sides is not inhibited by one that also does", () => {
    const both: InhibitionRule = {
      origin: "r",
      description: "r",
      source: [parseMatcher('team="web"')],
      target: [parseMatcher('team="web"')],
      equal: [],
    };
    expect(inhibitingRules([both], { team: "web", a: "1" }, { team: "web", a: "2" })).toHaveLength(
      0,
    );
  });
});

test("matchers are written and read back with quotes, backslashes and newlines escaped", () => {
  for (const value of ['a"b', "c\\d", "e\nf", "plain", ""]) {
    const m = { name: "x", op: "=~" as const, value };
    expect(parseMatcher(formatMatcher(m))).toEqual(m);
  }
  expect(formatMatcher({ name: "x", op: "=", value: 'a"b\\' })).toBe('x="a\\"b\\\\"');
});

describe("routing definitions the build refuses", () => {
  const base = {
    kind: "routing",
    receivers: [{ type: "slack", name: "web-slack", apiUrlFile: "/s" }],
    teams: { web: { page: "web-slack", ticket: "web-slack" } },
  };
  const messages = (value: unknown) => {
    const parsed = parseRouting(value);
    return parsed.ok
      ? []
      : issuesToDiagnostics(parsed.issues, "routing.ts").map(
          (d) => `${d.path.join(".")}: ${d.message}`,
        );
  };
  test("a weekday range that wraps around the week (Alertmanager refuses it)", () => {
    expect(
      messages({
        ...base,
        timeIntervals: [{ name: "w", intervals: [{ weekdays: ["saturday:sunday"] }] }],
      }),
    ).toEqual([
      'timeIntervals.0.intervals.0.weekdays.0: expected a range whose start is not after its end (Alertmanager refuses it; list both ends instead), such as "monday:friday", got "saturday:sunday"',
    ]);
  });
  test("a receiver or time interval that is not declared", () => {
    expect(
      messages({
        ...base,
        teams: {
          web: {
            page: "web-pager",
            ticket: { receivers: "web-slack", muteTimeIntervals: ["night"] },
          },
        },
      }),
    ).toEqual([
      'teams.web.page.receivers.0: expected a receiver declared in receivers ("unrouted", "web-slack"), got "web-pager"',
      'teams.web.ticket.muteTimeIntervals.0: expected a time interval declared in timeIntervals (none declared), got "night"',
    ]);
  });
  test("every inline secret field, each with the field to use instead", () => {
    expect(
      messages({
        ...base,
        receivers: [
          { type: "pagerduty", name: "a", routingKey: "k" },
          { type: "opsgenie", name: "b", apiKey: "k" },
          {
            type: "email",
            name: "c",
            to: "a@example.com",
            from: "b@example.com",
            smarthost: "h:25",
            authPassword: "k",
          },
          { type: "msteams", name: "d", webhookUrl: "k" },
        ],
        teams: {},
      }),
    ).toEqual(
      [
        ["receivers.0.routingKey", "routingKeyFile"],
        ["receivers.1.apiKey", "apiKeyFile"],
        ["receivers.2.authPassword", "authPasswordFile"],
        ["receivers.3.webhookUrl", "webhookUrlFile"],
      ].map(
        ([path, file]) =>
          `${path}: expected a secret reference, got an inline secret (obsforge never writes secrets to out/): put it in a file Alertmanager can read and set ${file} to its path`,
      ),
    );
  });
});
