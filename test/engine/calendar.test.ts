/**
 * Issue 10 item 8: the user's holidays (a 节假日 sheet, --holidays) beside the package's calendar, which stops at
 * CALENDAR_YEARS.to. Every expected date below is worked out by hand in its test's name.
 */
import { CALENDAR_YEARS, isWorkingDay, publicityEnd, type ExtraDays } from "../../src/engine/publicity";

const days = (entries: [string, "holiday" | "workday"][]): ExtraDays => new Map(entries);

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
