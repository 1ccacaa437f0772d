/**
 * Publicity (公示, §四(二)): the approved list is published for N working days before payment.
 * Working days follow the PRC holiday calendar with its adjusted working weekends (调休), from the
 * offline data chinese-days ships; outside the years it covers it would silently assume Mon–Fri,
 * so such dates are refused instead.
 *
 * The package's rule (isWorkday: a listed working weekend, or Mon–Fri not listed as a holiday) is
 * applied here to its data in UTC: its own functions key dates by the machine's local time zone and
 * answer for the wrong day west of Greenwich.
 */
import calendar from "chinese-days/dist/chinese-days.json";
import { notOk, ok, parseDate, type Parsed } from "./values";

const HOLIDAYS = new Set(Object.keys(calendar.holidays));
const WORKING_WEEKENDS = new Set(Object.keys(calendar.workdays));

const coveredYears = [...HOLIDAYS].map((date) => Number(date.slice(0, 4)));
/** The years the holiday calendar knows: a year with no holidays listed is one it was never told. */
export const CALENDAR_YEARS = { from: Math.min(...coveredYears), to: Math.max(...coveredYears) } as const;

const OUTSIDE_CALENDAR = {
  zh: `${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to} 年内的日期（节假日数据仅覆盖这些年份）`,
  en: `a date in ${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to} (the years the holiday calendar covers)`,
};
const WORKING_DAYS = { zh: "工作日天数：正整数，如 5", en: "a number of working days: a whole number ≥ 1, such as 5" };

const DAY_MS = 86_400_000;

/** Whether an ISO date is a PRC working day, weekend duty days (调休上班) included. */
export function isWorkingDay(iso: string): Parsed<boolean> {
  const date = parseDate(iso);
  if (!date.ok) return date;
  const day = new Date(`${date.value}T00:00:00Z`);
  return inCalendar(day) ? ok(worksOn(day)) : notOk(OUTSIDE_CALENDAR);
}

/**
 * The last day of publicity: the Nth working day counting the first day when it is a working day
 * (§四(二) 5个工作日; CASES #17, #18).
 */
export function publicityEnd(startIso: string, workingDays: number): Parsed<string> {
  const start = parseDate(startIso);
  if (!start.ok) return start;
  if (!Number.isSafeInteger(workingDays) || workingDays < 1) return notOk(WORKING_DAYS);
  let counted = 0;
  for (let day = new Date(`${start.value}T00:00:00Z`); ; day = new Date(day.getTime() + DAY_MS)) {
    if (!inCalendar(day)) return notOk(OUTSIDE_CALENDAR);
    if (worksOn(day) && ++counted === workingDays) return ok(day.toISOString().slice(0, 10));
  }
}

function inCalendar(utcDay: Date): boolean {
  const year = utcDay.getUTCFullYear();
  return year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to;
}

function worksOn(utcDay: Date): boolean {
  const iso = utcDay.toISOString().slice(0, 10);
  const weekday = utcDay.getUTCDay();
  return WORKING_WEEKENDS.has(iso) || (weekday >= 1 && weekday <= 5 && !HOLIDAYS.has(iso));
}
