/**
 * Publicity (公示, §四(二)): the approved list is published for N working days before payment.
 * Working days follow the PRC holiday calendar with its adjusted working weekends (调休), from the
 * offline data chinese-days ships; outside the years it covers it would silently assume Mon–Fri,
 * so such dates are refused instead — unless the user gave the days of that year (a 节假日 sheet in the
 * workbook, the command's --holidays file): their days override and extend the package's, date by date.
 *
 * The package's rule (isWorkday: a listed working weekend, or Mon–Fri not listed as a holiday) is
 * applied here to its data in UTC: its own functions key dates by the machine's local time zone and
 * answer for the wrong day west of Greenwich.
 */
import calendar from "chinese-days/dist/chinese-days.json";
import { notOk, ok, parseDate, type Expected, type Parsed } from "./values";

const HOLIDAYS = new Set(Object.keys(calendar.holidays));
const WORKING_WEEKENDS = new Set(Object.keys(calendar.workdays));

const coveredYears = [...HOLIDAYS].map((date) => Number(date.slice(0, 4)));
/** The years the holiday calendar knows: a year with no holidays listed is one it was never told. */
export const CALENDAR_YEARS = { from: Math.min(...coveredYears), to: Math.max(...coveredYears) } as const;

/**
 * The user's own days, ISO date → a day off (节假日, 休息) or a working weekend day (调休, 上班). A year with
 * any day listed counts as given: its days not listed follow Mon–Fri, or the package's data where it has some.
 */
export type DayKind = "holiday" | "workday";
export type ExtraDays = ReadonlyMap<string, DayKind>;

/** A year neither the package nor the user's list covers: which year, and how to give its days. */
function outsideCalendar(year: number): Expected {
  return {
    zh:
      `${year} 年的节假日安排未收录（内置节假日数据仅覆盖 ${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to} 年）：` +
      `请在工作簿中加一张“节假日”表（日期、类型：节假日/调休），或用 --holidays 给出`,
    en:
      `the holidays of ${year} are not known (the built-in holiday calendar covers ${CALENDAR_YEARS.from}–${CALENDAR_YEARS.to}): ` +
      `add a sheet named 节假日 to the workbook (columns 日期 and 类型: 节假日/调休), or give them with --holidays`,
  };
}
const WORKING_DAYS = { zh: "工作日天数：正整数，如 5", en: "a number of working days: a whole number ≥ 1, such as 5" };

const DAY_MS = 86_400_000;

/** Whether an ISO date is a PRC working day, weekend duty days (调休上班) included. */
export function isWorkingDay(iso: string, extra?: ExtraDays): Parsed<boolean> {
  const date = parseDate(iso);
  if (!date.ok) return date;
  const day = new Date(`${date.value}T00:00:00Z`);
  const years = extraYears(extra);
  return inCalendar(day, years) ? ok(worksOn(day, extra)) : notOk(outsideCalendar(day.getUTCFullYear()));
}

/**
 * The last day of publicity: the Nth working day counting the first day when it is a working day
 * (§四(二) 5个工作日; CASES #17, #18).
 */
export function publicityEnd(startIso: string, workingDays: number, extra?: ExtraDays): Parsed<string> {
  const start = parseDate(startIso);
  if (!start.ok) return start;
  if (!Number.isSafeInteger(workingDays) || workingDays < 1) return notOk(WORKING_DAYS);
  const years = extraYears(extra);
  let counted = 0;
  for (let day = new Date(`${start.value}T00:00:00Z`); ; day = new Date(day.getTime() + DAY_MS)) {
    if (!inCalendar(day, years)) return notOk(outsideCalendar(day.getUTCFullYear()));
    if (worksOn(day, extra) && ++counted === workingDays) return ok(day.toISOString().slice(0, 10));
  }
}

/** The years the user's list gives days for. */
function extraYears(extra: ExtraDays | undefined): Set<number> {
  const years = new Set<number>();
  for (const iso of extra?.keys() ?? []) years.add(Number(iso.slice(0, 4)));
  return years;
}

function inCalendar(utcDay: Date, extraYears: Set<number>): boolean {
  const year = utcDay.getUTCFullYear();
  return (year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to) || extraYears.has(year);
}

function worksOn(utcDay: Date, extra: ExtraDays | undefined): boolean {
  const iso = utcDay.toISOString().slice(0, 10);
  const mine = extra?.get(iso);
  if (mine !== undefined) return mine === "workday";
  const weekday = utcDay.getUTCDay();
  return WORKING_WEEKENDS.has(iso) || (weekday >= 1 && weekday <= 5 && !HOLIDAYS.has(iso));
}
