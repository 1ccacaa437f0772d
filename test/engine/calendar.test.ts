/**
 * Issue 10 item 8: the user's holidays (a 节假日 sheet, --holidays) beside the package's calendar, which stops at
 * CALENDAR_YEARS.to. Every expected date below is worked out by hand in its test's name.
 */
import calendar from "chinese-days/dist/chinese-days.json";
import {
  CALENDAR_YEARS,
  isWorkingDay,
  missingHolidays,
  publicityEnd,
  type ExtraDays,
} from "../../src/engine/publicity";
import { DAYS_OFF_2027 } from "../support/holidays";

/** The days given, after a day off for each official holiday of 2027 (a year is given whole, or not at all). */
const days = (entries: [string, "holiday" | "workday"][]): ExtraDays =>
  new Map([...DAYS_OFF_2027.map((d): [string, "holiday"] => [d, "holiday"]), ...entries]);

describe("a year the package does not cover", () => {
  it("is 2027 or later (the package ships data up to 2026)", () => {
    expect(CALENDAR_YEARS.to).toBeLessThan(2027);
  });

  it("without the user's days, a 2027 date is refused with a message naming 2027 and what to do", () => {
    const r = publicityEnd("2027-01-04", 5);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.expected.zh).toContain("2027 年的节假日安排未收录");
    expect(r.expected.zh).toContain("“节假日”表");
    expect(r.expected.zh).toContain("--holidays");
    expect(r.expected.en).toContain("2027");
    expect(r.expected.en).toContain("--holidays");
    expect(isWorkingDay("2027-01-04").ok).toBe(false);
  });

  it("a period that runs from 2026 into 2027 is refused for 2027", () => {
    const r = publicityEnd(`${CALENDAR_YEARS.to}-12-28`, 10);
    expect(!r.ok && r.expected.zh).toContain(`${CALENDAR_YEARS.to + 1} 年的节假日安排未收录`);
  });

  it("with the user's days: Mon 2027-01-04 + 5 → Sun 2027-01-10 (Tue 01-05 节假日 not counted; Sun 01-10 调休 counted)", () => {
    // 04 Mon (1), 05 Tue off, 06 Wed (2), 07 Thu (3), 08 Fri (4), 09 Sat rest, 10 Sun 调休 (5).
    const extra = days([
      ["2027-01-05", "holiday"],
      ["2027-01-10", "workday"],
    ]);
    expect(publicityEnd("2027-01-04", 5, extra)).toEqual({
      ok: true,
      value: "2027-01-10",
    });
    expect(isWorkingDay("2027-01-05", extra)).toEqual({
      ok: true,
      value: false,
    });
    expect(isWorkingDay("2027-01-09", extra)).toEqual({
      ok: true,
      value: false,
    });
    expect(isWorkingDay("2027-01-10", extra)).toEqual({
      ok: true,
      value: true,
    });
    // Days not listed follow Mon–Fri.
    expect(isWorkingDay("2027-03-01", extra)).toEqual({
      ok: true,
      value: true,
    });
  });

  it("the user's days for 2027 do not stand for 2028", () => {
    const r = publicityEnd("2027-12-27", 10, days([["2027-01-01", "holiday"]]));
    expect(!r.ok && r.expected.zh).toContain("2028 年");
  });

  it("a period from 2026 into 2027 uses the package for 2026 and the user for 2027", () => {
    // 2026-12-28 Mon … 12-31 Thu: 4 working days by the package; 2027-01-01 Fri listed 节假日; 01-04 Mon (5).
    const extra = days([["2027-01-01", "holiday"]]);
    expect(publicityEnd("2026-12-28", 5, extra)).toEqual({
      ok: true,
      value: "2027-01-04",
    });
  });
});

describe("the user's days override the package's", () => {
  it("a 节假日 on a package working day in 2025: Mon 2025-03-03 + 5 → Mon 03-10, not Fri 03-07", () => {
    // 03 Mon (1), 04 Tue (2), 05 Wed listed 节假日, 06 Thu (3), 07 Fri (4), 08–09 weekend, 10 Mon (5).
    expect(publicityEnd("2025-03-03", 5)).toEqual({
      ok: true,
      value: "2025-03-07",
    });
    const extra = days([["2025-03-05", "holiday"]]);
    expect(publicityEnd("2025-03-03", 5, extra)).toEqual({
      ok: true,
      value: "2025-03-10",
    });
  });

  it("a 调休 on a package holiday counts: 2024-10-01 (国庆) listed as a working day", () => {
    expect(isWorkingDay("2024-10-01")).toEqual({ ok: true, value: false });
    expect(publicityEnd("2024-10-01", 1, days([["2024-10-01", "workday"]]))).toEqual({
      ok: true,
      value: "2024-10-01",
    });
  });

  it("an empty list changes nothing", () => {
    expect(publicityEnd("2024-09-27", 5, new Map())).toEqual({
      ok: true,
      value: "2024-10-09",
    });
  });
});

describe("a year the user gives is given whole (issue 16 item 6)", () => {
  const packageDays = (keep: (iso: string, name: string) => boolean): ExtraDays =>
    new Map(
      Object.entries(calendar.holidays)
        .filter(([iso, what]) => keep(iso, what.split(",")[1]))
        .map(([iso]): [string, "holiday"] => [iso, "holiday"]),
    );

  it("every year of the package's data since the holidays of 2008 is whole by the rule", () => {
    const all = packageDays(() => true);
    for (let year = 2008; year <= CALENDAR_YEARS.to; year++)
      expect({ year, missing: missingHolidays(year, all) }).toEqual({ year, missing: [] });
  });

  it("a holiday left out of any of those years is named; 中秋 joined to 国庆 is shown by 国庆's days", () => {
    const names: Record<string, string> = {
      元旦: "元旦",
      春节: "春节",
      清明: "清明节",
      劳动节: "劳动节",
      端午: "端午节",
      中秋: "中秋节",
      国庆节: "国庆节",
    };
    const notSeen: string[] = [];
    for (let year = 2008; year <= CALENDAR_YEARS.to; year++) {
      for (const [name, zh] of Object.entries(names)) {
        const without = packageDays((iso, what) => !(iso.startsWith(`${year}-`) && what === name));
        if (!missingHolidays(year, without).some((m) => m.zh === zh)) notSeen.push(`${year} ${zh}`);
      }
    }
    // The years 中秋 fell within the National Day days off (2009 10-03, 2012 09-30, 2017 10-04, 2020 10-01, 2023 09-29, 2025 10-06).
    expect(notSeen).toEqual(["2009 中秋节", "2012 中秋节", "2017 中秋节", "2020 中秋节", "2023 中秋节", "2025 中秋节"]);
  });

  it("one day of 2030 listed does not make 2030 known: the other holidays are named", () => {
    const r = publicityEnd("2030-09-27", 5, new Map([["2030-01-01", "holiday"]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.expected.zh).toContain("2030 年的放假安排不完整，缺少：春节、清明节、劳动节、端午节、中秋节、国庆节");
    expect(r.expected.en).toContain("2030 in part: Spring Festival, Qingming Festival, Labour Day");
  });

  it("2030 without 国庆: refused, never National Day counted as working days", () => {
    // 2030: 春节 3 February, 清明 5 April, 端午 5 June, 中秋 12 September.
    const off = ["2030-01-01", "2030-02-03", "2030-04-05", "2030-05-01", "2030-06-05", "2030-09-12"];
    const extra: ExtraDays = new Map(off.map((d): [string, "holiday"] => [d, "holiday"]));
    const r = publicityEnd("2030-09-27", 5, extra);
    expect(!r.ok && r.expected.zh).toContain("缺少：国庆节");
    expect(isWorkingDay("2030-10-01", extra).ok).toBe(false);
    const whole: ExtraDays = new Map([
      ...extra,
      ...["2030-10-01", "2030-10-02", "2030-10-03"].map((d): [string, "holiday"] => [d, "holiday"]),
    ]);
    // Fri 09-27 (1), Mon 09-30 (2), 10-01…10-03 off, Fri 10-04 (3), Mon 10-07 (4), Tue 10-08 (5).
    expect(publicityEnd("2030-09-27", 5, whole)).toEqual({ ok: true, value: "2030-10-08" });
  });
});
