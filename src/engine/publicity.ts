/**
 * Publicity (公示, §四(二)): the approved list is published for N working days before payment.
 * Working days follow the PRC holiday calendar with its adjusted working weekends (调休), from the
 * offline data chinese-days ships; outside the years it covers it would silently assume Mon–Fri,
 * so such dates are refused instead — unless the user gave the days of that year (a 节假日 sheet in the
 * workbook, the command's --holidays file): their days override and extend the package's, date by date.
 * A year the user gives must be given whole, every official holiday shown (FESTIVALS), or the year is refused
 * naming the holidays missing: one day of 2030 listed must not make National Day working days.
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
 * The user's own days, ISO date → a day off (节假日, 休息) or a working weekend day (调休, 上班). A year past the
 * package's data counts as given when the list holds each official holiday of it (FESTIVALS); its days not listed
 * follow Mon–Fri. Within the package's years the list corrects the package's data, date by date.
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

/** The ISO date `days` after `iso`. */
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const LUNAR = new Intl.DateTimeFormat("en-u-ca-chinese", { timeZone: "UTC", month: "numeric", day: "numeric" });

/**
 * The day of `year` that is day `day` of lunar month `month` (not a leap month), by the Chinese calendar of the
 * platform's ICU (Node's and every browser's); where it has none, the first day of the range that month-day can
 * fall on, `span` days long, so the window around it covers the range.
 */
function lunarDay(year: number, month: number, day: number, earliest: string, span: number): [string, string] {
  for (let i = 0; i < span && LUNAR.resolvedOptions().calendar === "chinese"; i++) {
    const iso = plusDays(`${year}-${earliest}`, i);
    const parts = LUNAR.formatToParts(new Date(`${iso}T00:00:00Z`));
    const at = (type: string) => parts.find((p) => p.type === type)?.value;
    if (at("month") === String(month) && at("day") === String(day)) return [iso, iso];
  }
  return [`${year}-${earliest}`, plusDays(`${year}-${earliest}`, span - 1)];
}

/** How a list shows a holiday: every one of these days off, or a day off within these (ISO, inclusive). */
type Shown = { every: string[] } | { within: [string, string] };

/** A lunar festival's days off lie around it: from `before` days before to `after` days after. */
function around([from, to]: [string, string], before: number, after: number): [string, string] {
  return [plusDays(from, -before), plusDays(to, after)];
}

/**
 * The official holidays (《全国年节及纪念日放假办法》, since 2008) and how a list shows each: the days fixed by the
 * calendar (元旦 1 January, 劳动节 1 May, 国庆节 1–3 October) listed off, every one; a festival of the lunar calendar or
 * a solar term (春节, 清明节, 端午节, 中秋节), a day off listed in the days around it. The rule by which a year the
 * user gives is whole; checked against every year 2008–2026 of the package's data (test/engine/calendar.test.ts).
 */
const FESTIVALS: { zh: string; en: string; shown: (year: number) => Shown }[] = [
  { zh: "元旦", en: "New Year's Day", shown: (y) => ({ every: [`${y}-01-01`] }) },
  // 正月初一 falls from 21 January to 20 February; the days off run from before 除夕 to 初七.
  { zh: "春节", en: "Spring Festival", shown: (y) => ({ within: around(lunarDay(y, 1, 1, "01-21", 31), 3, 8) }) },
  { zh: "清明节", en: "Qingming Festival", shown: (y) => ({ within: [`${y}-04-03`, `${y}-04-07`] }) },
  { zh: "劳动节", en: "Labour Day", shown: (y) => ({ every: [`${y}-05-01`] }) },
  // 五月初五 falls from 28 May to 25 June; 八月十五 from 8 September to 6 October.
  {
    zh: "端午节",
    en: "Dragon Boat Festival",
    shown: (y) => ({ within: around(lunarDay(y, 5, 5, "05-28", 29), 2, 2) }),
  },
  {
    zh: "中秋节",
    en: "Mid-Autumn Festival",
    shown: (y) => ({ within: around(lunarDay(y, 8, 15, "09-08", 29), 2, 2) }),
  },
  { zh: "国庆节", en: "National Day", shown: (y) => ({ every: [`${y}-10-01`, `${y}-10-02`, `${y}-10-03`] }) },
];

/** The official holidays of `year` the user's list does not show (FESTIVALS). */
export function missingHolidays(year: number, extra: ExtraDays | undefined): { zh: string; en: string }[] {
  const off = (iso: string) => extra?.get(iso) === "holiday";
  const offDays = [...(extra ?? [])].filter(([, kind]) => kind === "holiday").map(([iso]) => iso);
  return FESTIVALS.filter((f) => {
    const shown = f.shown(year);
    if ("every" in shown) return !shown.every.every(off);
    const [from, to] = shown.within;
    return !offDays.some((iso) => iso >= from && iso <= to);
  });
}

/** A year the user gave in part: which, the holidays missing, and what to do. */
function incompleteYear(year: number, missing: { zh: string; en: string }[]): Expected {
  return {
    zh:
      `节假日表中 ${year} 年的放假安排不完整，缺少：${missing.map((m) => m.zh).join("、")}。` +
      `请按国务院办公厅公布的 ${year} 年放假安排，列出全年每个节日的放假日期（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）及调休上班日`,
    en:
      `the holiday list gives ${year} in part: ${missing.map((m) => m.en).join(", ")} missing. ` +
      `List every day off of that year as the State Council announced it (New Year's Day, Spring Festival, Qingming, ` +
      `Labour Day, Dragon Boat, Mid-Autumn, National Day) and its working weekend days`,
  };
}

/** Whether an ISO date is a PRC working day, weekend duty days (调休上班) included. */
export function isWorkingDay(iso: string, extra?: ExtraDays): Parsed<boolean> {
  const date = parseDate(iso);
  if (!date.ok) return date;
  const day = new Date(`${date.value}T00:00:00Z`);
  const unknown = yearUnknown(day.getUTCFullYear(), extra);
  return unknown ? notOk(unknown) : ok(worksOn(day, extra));
}

/**
 * The last day of publicity: the Nth working day counting the first day when it is a working day
 * (§四(二) 5个工作日; CASES #17, #18).
 */
export function publicityEnd(startIso: string, workingDays: number, extra?: ExtraDays): Parsed<string> {
  const start = parseDate(startIso);
  if (!start.ok) return start;
  if (!Number.isSafeInteger(workingDays) || workingDays < 1) return notOk(WORKING_DAYS);
  let counted = 0;
  let checked = 0;
  for (let day = new Date(`${start.value}T00:00:00Z`); ; day = new Date(day.getTime() + DAY_MS)) {
    const year = day.getUTCFullYear();
    if (year !== checked) {
      const unknown = yearUnknown(year, extra);
      if (unknown) return notOk(unknown);
      checked = year;
    }
    if (worksOn(day, extra) && ++counted === workingDays) return ok(day.toISOString().slice(0, 10));
  }
}

/** Why the working days of `year` are not known, or undefined: the package covers it, or the user's list whole. */
function yearUnknown(year: number, extra: ExtraDays | undefined): Expected | undefined {
  if (year >= CALENDAR_YEARS.from && year <= CALENDAR_YEARS.to) return undefined;
  const listed = [...(extra?.keys() ?? [])].some((iso) => iso.startsWith(`${year}-`));
  if (!listed) return outsideCalendar(year);
  const missing = missingHolidays(year, extra);
  return missing.length > 0 ? incompleteYear(year, missing) : undefined;
}

function worksOn(utcDay: Date, extra: ExtraDays | undefined): boolean {
  const iso = utcDay.toISOString().slice(0, 10);
  const mine = extra?.get(iso);
  if (mine !== undefined) return mine === "workday";
  const weekday = utcDay.getUTCDay();
  return WORKING_WEEKENDS.has(iso) || (weekday >= 1 && weekday <= 5 && !HOLIDAYS.has(iso));
}
