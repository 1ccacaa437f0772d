import { execFileSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { CALENDAR_YEARS, isWorkingDay, publicityEnd } from "../../src/engine/publicity";
import type { Parsed } from "../../src/engine/values";
import { defaultPolicy } from "../../src/policy";

function value<T>(p: Parsed<T>): T {
  if (!p.ok) throw new Error(`expected ok, got: ${p.expected.en}`);
  return p.value;
}

const workingDays = defaultPolicy().publicity.workingDays;

describe("publicityEnd (§四(二) 5个工作日)", () => {
  it("CASES #17: from Fri 2024-09-27 → Wed 2024-10-09 (Sun 09-29 worked; 10-01…10-07 off)", () => {
    expect(workingDays).toBe(5);
    expect(value(publicityEnd("2024-09-27", workingDays))).toBe("2024-10-09");
  });

  it("CASES #18: from Fri 2025-01-24 → Thu 2025-02-06 (Sun 01-26 worked; 01-28…02-04 off)", () => {
    expect(value(publicityEnd("2025-01-24", workingDays))).toBe("2025-02-06");
  });

  it("counts the first day when it is a working day", () => {
    expect(value(publicityEnd("2024-03-04", 1))).toBe("2024-03-04");
    expect(value(publicityEnd("2024-03-04", 5))).toBe("2024-03-08");
  });

  it("starting on a rest day counts from the next working day", () => {
    expect(value(publicityEnd("2024-03-02", 1))).toBe("2024-03-04");
    expect(value(publicityEnd("2024-03-02", 5))).toBe("2024-03-08");
    expect(value(publicityEnd("2024-10-01", 1))).toBe("2024-10-08");
  });

  it("accepts the date forms a cell may hold", () => {
    expect(value(publicityEnd("2024/9/27", 5))).toBe("2024-10-09");
  });

  it.each([0, -1, 2.5, NaN])("%d working days is refused", (n) => {
    const r = publicityEnd("2024-09-27", n);
    expect(!r.ok && r.expected.zh).toContain("工作日");
  });

  it("refuses a bad start date", () => {
    expect(publicityEnd("2024-02-30", 5).ok).toBe(false);
  });

  it("reads the covered years from the package's data", () => {
    expect(CALENDAR_YEARS.from).toBe(2004);
    expect(CALENDAR_YEARS.to).toBeGreaterThanOrEqual(2025);
  });

  it("refuses when the period runs past the last year the calendar covers", () => {
    const lastYear = CALENDAR_YEARS.to;
    const r = publicityEnd(`${lastYear}-12-28`, 10);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.expected.zh).toContain(`${CALENDAR_YEARS.from}–${lastYear}`);
    expect(!r.ok && r.expected.en).toContain(`${CALENDAR_YEARS.from}–${lastYear}`);
    expect(publicityEnd(`${lastYear + 1}-03-02`, 1).ok).toBe(false);
    expect(publicityEnd(`${CALENDAR_YEARS.from - 1}-03-03`, 1).ok).toBe(false);
  });

  it("agrees with chinese-days' own isWorkday (run where it is right: UTC) on every covered day", () => {
    const first = Date.UTC(CALENDAR_YEARS.from, 0, 1);
    const last = Date.UTC(CALENDAR_YEARS.to, 11, 31);
    const script = `const { isWorkday } = require("chinese-days"); let out = "";
      for (let t = ${first}; t <= ${last}; t += 864e5) out += isWorkday(new Date(t).toISOString().slice(0, 10)) ? "1" : "0";
      process.stdout.write(out);`;
    const theirs = execFileSync(process.execPath, ["-e", script], {
      cwd: join(__dirname, "../.."),
      env: { ...process.env, TZ: "UTC" },
    }).toString();
    let ours = "";
    for (let t = first; t <= last; t += 86_400_000)
      ours += value(isWorkingDay(new Date(t).toISOString().slice(0, 10))) ? "1" : "0";
    expect(ours.length).toBeGreaterThan(8000);
    expect(ours).toBe(theirs);
  });

  it("property: the end is a working day, never before the start, with exactly N working days in between", () => {
    const start = fc.date({
      min: new Date(Date.UTC(2005, 0, 1)),
      max: new Date(Date.UTC(2024, 11, 1)),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 15 }), (d, n) => {
        const from = d.toISOString().slice(0, 10);
        const end = value(publicityEnd(from, n));
        expect(end >= from).toBe(true);
        expect(value(isWorkingDay(end))).toBe(true);
        let counted = 0;
        for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
          if (value(isWorkingDay(new Date(t).toISOString().slice(0, 10)))) counted++;
        }
        expect(counted).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

describe("isWorkingDay", () => {
  it.each([
    ["2024-09-29", true],
    ["2024-10-01", false],
    ["2024-10-07", false],
    ["2024-10-08", true],
    ["2024-10-12", true],
    ["2025-01-26", true],
    ["2025-01-28", false],
    ["2025-02-04", false],
    ["2025-02-08", true],
    ["2024-03-09", false],
    ["2024-03-11", true],
  ] as const)("%s → %s", (iso, working) => {
    expect(value(isWorkingDay(iso))).toBe(working);
  });
  it("refuses dates the calendar does not cover and dates that do not exist", () => {
    expect(isWorkingDay(`${CALENDAR_YEARS.to + 1}-01-04`).ok).toBe(false);
    expect(isWorkingDay("2003-12-31").ok).toBe(false);
    expect(isWorkingDay("2023-02-29").ok).toBe(false);
  });
});
