/**
 * Decimal → what a cell or a terminal shows. The only place money leaves decimal.js: a cell needs a
 * number, and payouts are whole fen, which a double holds exactly enough for Excel's 15 digits.
 */
import Decimal from "decimal.js";
import { groupThousands } from "../engine/values";
import type { Lang, Rounding } from "../engine/types";
import type { ColumnFormat, Layout } from "../ledger/layouts";
import { columnLetter } from "../ledger/grid";
import type { Column, Table } from "./types";

export function moneyFormat(rounding: Rounding): string {
  return rounding === "yuan" ? "#,##0" : "#,##0.00";
}

export const FACTOR_FORMAT = "0.00%";
const FIGURE_FORMAT = "#,##0.##";
const COUNT_FORMAT = "#,##0";

/** A layout's columns as a writer sets them: header in the run's language, width, number format. */
export function columnsOf<F extends string>(layout: Layout<F>, lang: Lang, rounding: Rounding): Column[] {
  const formats: Record<ColumnFormat, string> = {
    money: moneyFormat(rounding),
    factor: FACTOR_FORMAT,
    figure: FIGURE_FORMAT,
    count: COUNT_FORMAT,
  };
  return layout.map((c) => ({ header: c[lang], width: c.width, numFmt: c.format ? formats[c.format] : undefined }));
}

export function cellNumber(d: Decimal): number {
  return d.toNumber();
}

/** A pro-rata factor as a cell shows it (0.00%): rounded for reading; the JSON keeps it exact (POLICY §2 step 7). */
export function factorCell(d: Decimal): number {
  return d.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
}

/** `1234567.5` → `1,234,567.50`, from the decimal's own digits (no float on the way). */
export function moneyText(d: Decimal, places = 2): string {
  return groupThousands(d, places);
}

/** A factor as a percentage with two decimals, `0.8333…` → `83.33%`. */
export function percentText(d: Decimal): string {
  return `${d.times(100).toFixed(2)}%`;
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * A moment in Beijing time with its offset, `2026-12-01 21:05:03 +08:00`, whatever the machine's time zone
 * (China keeps no daylight saving time). Text that is no moment is returned as it is.
 */
export function beijingTime(when: Date | string): string {
  const ms = when instanceof Date ? when.getTime() : Date.parse(when);
  if (Number.isNaN(ms)) return String(when);
  const t = new Date(ms + BEIJING_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
  return `${date} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} +08:00`;
}

/** Columns a string takes in a terminal: CJK and full-width forms take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

export function padEnd(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(s))) + s;
}

/**
 * What a printed table prints: its own cells, title lines to last row, as wide as its widest row. A chart beside
 * the table would otherwise widen the page, and fit-to-width would shrink the signed list to fit it.
 */
export function printArea(table: Table): string {
  return `A1:${columnLetter(tableWidth(table) - 1)}${(table.title?.length ?? 0) + 1 + table.rows.length}`;
}

/** How many columns a table fills: its header's, or its widest row's (汇总's moves and notes below it). */
export function tableWidth(table: Table): number {
  return table.rows.reduce((m, r) => Math.max(m, r.length), table.columns.length);
}

/** Room for the glyphs' own width against Excel's character unit, so wrapped text never runs out of its rows. */
export const WRAP_SLACK = 1.1;
