/**
 * Cells across the Office.js boundary: what Excel returns → the ledger's CellValue, and CellValue →
 * what is safe to hand to `range.values`.
 */
import type { CellValue } from "../engine/types";

/** Excel's day 0 for serial dates (1900 date system, with its phantom 1900-02-29 before March). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A number format that shows a date or time: y, m, d, h, s (or b) outside quotes and brackets —
 * the test exceljs applies, so the pane and the command-line tool see the same `Date`.
 */
export function isDateFormat(format: string): boolean {
  const bare = format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]/.test(bare);
}

export function serialToDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS));
}

export function dateToSerial(date: Date): number {
  return (date.getTime() - EXCEL_EPOCH_MS) / DAY_MS;
}

/** A value Excel returned → the ledger's cell: "" is blank, a number under a date format a `Date`. */
export function fromExcel(value: unknown, numberFormat: string | undefined): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" && numberFormat !== undefined && isDateFormat(numberFormat)) return serialToDate(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return null;
}

/**
 * A CellValue → what `range.values` gets. Text always goes with a leading apostrophe, Excel's
 * quote prefix: a unit named `=HYPERLINK(…)`, `+86…`, `-`, `@x` or `001` then stays the text it
 * was, never a formula, a number or a date. The apostrophe is not part of the stored value.
 */
export function toExcel(value: CellValue): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return dateToSerial(value);
  if (typeof value === "string") return value === "" ? "" : `'${value}`;
  return value;
}

/** UTF-8 size of a value as JSON, to keep each request under Excel on the web's 5 MB. */
export function jsonSize(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}
