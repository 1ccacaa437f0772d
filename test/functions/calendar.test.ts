/**
 * The built add-in (dist/functions.js) carries chinese-days' calendar rebuilt from runs of days
 * (scripts/compact-calendar.js, issue 19 item 1): every day of the years it covers must be a working day or not
 * exactly as the engine, reading the package's JSON, says — seen as a clerk sees it, through =PATENT.PUBLICITY_END.
 */
import { CALENDAR_YEARS, publicityEnd } from "../../src/engine/publicity";
import { callExcel, loadFunctions, type CustomFunction } from "./bundle";

const DAY_MS = 86_400_000;
/** Excel's serial of an ISO date (1900 date system). */
const serial = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS + 25_569;

let publicityEndFn: CustomFunction;

beforeAll(() => {
  const fn = loadFunctions().get("PUBLICITY_END");
  if (!fn) throw new Error("PUBLICITY_END was not associated");
  publicityEndFn = fn;
});

function engineEnd(iso: string, days: number): number {
  const end = publicityEnd(iso, days);
  if (!end.ok) throw new Error(`${iso}: ${end.expected.en}`);
  return serial(end.value);
}

test("every day of the calendar's years: the first working day from it, and the fifth, as the engine counts them", () => {
  const from = Date.parse(`${CALENDAR_YEARS.from}-01-01T00:00:00Z`);
  const to = Date.parse(`${CALENDAR_YEARS.to}-12-25T00:00:00Z`);
  const differences: string[] = [];
  for (let t = from; t <= to; t += DAY_MS) {
    const iso = new Date(t).toISOString().slice(0, 10);
    for (const days of [1, 5]) {
      const built = callExcel(publicityEndFn, [iso, days]);
      if (built !== engineEnd(iso, days)) differences.push(`${iso} +${days}: ${String(built)}`);
    }
  }
  expect(differences).toEqual([]);
  // National Day 2024 as a clerk would check it: publicity from 27 September ends on 9 October.
  expect(callExcel(publicityEndFn, ["2024-09-27"])).toBe(serial("2024-10-09"));
});
