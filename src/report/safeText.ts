/**
 * Text the product writes from a workbook's text, made safe to write: no bidi control (a U+202E in a name can show
 * it as another unit's name), and no cell past Excel's 32,767 characters (Excel refuses the file, or cuts it
 * unseen). Every product sheet and output column, the JSON and the console go through here; the clerk's own cells
 * are never rewritten.
 */
import type { CellValue, Lang } from "../engine/types";
import type { LedgerOutput, Table } from "./types";

/** Bidi embeddings, overrides, isolates and marks (Unicode UAX #9). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVERY_BIDI = new RegExp(BIDI.source, "g");

/** Excel's limit on the characters of one cell. */
export const CELL_LIMIT = 32_767;

const CUT: Record<Lang, string> = { zh: "…（已截断）", en: "… (truncated)" };

export function withoutBidi(s: string): string {
  // Tested first: almost no text holds one, and a copy of every string of 100,000 rows costs.
  return BIDI.test(s) ? s.replace(EVERY_BIDI, "") : s;
}

/** A cell's text without bidi controls, cut with a marker to fit Excel's limit. */
export function safeText(s: string, lang: Lang): string {
  const text = withoutBidi(s);
  if (text.length <= CELL_LIMIT) return text;
  let end = CELL_LIMIT - CUT[lang].length;
  // Never half of a surrogate pair.
  if (/[\ud800-\udbff]/.test(text[end - 1])) end--;
  return text.slice(0, end) + CUT[lang];
}

function cell(v: CellValue, lang: Lang): CellValue {
  return typeof v === "string" ? safeText(v, lang) : v;
}

/** A row as it may be written: itself when every cell already may (almost every row), so no row is held twice. */
function safeRow<T extends readonly CellValue[]>(values: T, lang: Lang): T {
  return values.every((v) => cell(v, lang) === v) ? values : (values.map((v) => cell(v, lang)) as unknown as T);
}

/** A product sheet as it may be written: its title, header, rows and chart titles. */
export function safeTable(t: Table, lang: Lang): Table {
  return {
    ...t,
    ...(t.title ? { title: t.title.map((line) => safeText(line, lang)) } : {}),
    columns: t.columns.map((c) => ({ ...c, header: safeText(c.header, lang) })),
    rows: t.rows.map((r) => safeRow(r, lang)),
    charts: t.charts.map((c) => ({ ...c, title: safeText(c.title, lang) })),
  };
}

/** A ledger sheet's output columns as they may be written. */
export function safeOutput(o: LedgerOutput, lang: Lang): LedgerOutput {
  const rows = o.rows.map((r) => {
    const values = safeRow(r.values, lang);
    return values === r.values ? r : { row: r.row, values };
  });
  return { ...o, rows };
}

/**
 * A JSON result with no bidi control in any string (no cell limit: JSON is read whole). Looked through first and
 * copied only where one is found: a 50,000-row result seldom holds any, and a copy of its every object cost ~0.3 s.
 */
export function safeJson<T>(value: T): T {
  return holdsBidi(value) ? copiedWithoutBidi(value) : value;
}

function holdsBidi(value: unknown): boolean {
  if (typeof value === "string") return BIDI.test(value);
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsBidi);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (BIDI.test(key) || holdsBidi(record[key])) return true;
  return false;
}

function copiedWithoutBidi<T>(value: T): T {
  if (typeof value === "string") return withoutBidi(value) as T;
  if (Array.isArray(value)) return value.map(safeJson) as T;
  if (typeof value !== "object" || value === null) return value;
  const safe: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) safe[withoutBidi(key)] = safeJson(v);
  return safe as T;
}
