/**
 * A sheet as a plain 2-D array, and the few things every reader asks of it: a cell, a column's
 * letter, whether a row is blank or a total row.
 */
import { isBlank, toHalfWidth } from "../engine/values";
import type { CellValue } from "../engine/types";

/** One worksheet: `cells[0][0]` is A1; rows may be ragged or missing. */
export interface Grid {
  name: string;
  /** A merged range's value stands in its first column on every row it spans (adapters fill it down). */
  cells: CellValue[][];
  /** Merged ranges, 0-based and inclusive, so a reader can tell a filled-down value from a typed one. */
  merges?: MergedRange[];
}

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** `E5:E7`. */
export function rangeText(m: MergedRange): string {
  return `${columnLetter(m.left)}${m.top + 1}:${columnLetter(m.right)}${m.bottom + 1}`;
}

/** Title rows, notes and blank rows above a header rarely take more than a few lines. */
export const HEADER_SCAN_ROWS = 15;

/**
 * The header-row scanner every sheet reader uses: among the first HEADER_SCAN_ROWS rows, the one whose `read`
 * scores highest (the first on a tie); `read` returns undefined for a row that is no header.
 */
export function scanHeader<T>(
  grid: Grid,
  read: (row: CellValue[], index: number) => { score: number; found: T } | undefined,
): { row: number; found: T } | undefined {
  let best: { row: number; found: T; score: number } | undefined;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.cells.length); r++) {
    // Array.from fills the holes an adapter may leave in a sparse row.
    const hit = read(Array.from(grid.cells[r] ?? []), r);
    if (hit && (!best || hit.score > best.score)) best = { row: r, ...hit };
  }
  return best && { row: best.row, found: best.found };
}

export function cellAt(grid: Grid, row: number, col: number): CellValue {
  return grid.cells[row]?.[col];
}

/** 0 → `A`, 25 → `Z`, 26 → `AA`. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** `A` → 0, `AB` → 27; undefined for anything that is not a column letter. */
export function columnIndex(letter: string): number | undefined {
  const s = letter.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(s)) return undefined;
  let n = 0;
  for (const c of s) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/** The cell as a person reads it: trimmed text, numbers as written, blank as "". */
export function cellText(v: CellValue): string {
  if (isBlank(v)) return "";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  return String(v).replace(/\s+/g, " ").trim();
}

export function hasContent(grid: Grid): boolean {
  return grid.cells.some((row) => row?.some((v) => !isBlank(v)));
}

/** How many columns to look at for a 合计 label when the label's column is not mapped. */
const TOTAL_LABEL_COLUMNS = 3;
/**
 * A 合计/总计/小计 label, bare or with words around it (LEDGER.md "Value shapes": `2023年第四季度小计`, `本页合计`,
 * `总计：`, `合计（万元）`): the word ends the label, or only a bracketed note and a colon follow it. A unit's name
 * holding the word (`重庆合计科技有限公司`) ends otherwise, so it stays a name.
 */
const TOTAL_LABEL = /(?:合计|总计|小计)(?:\([^()]*\))?:?$/;

function isTotalLabel(v: CellValue): boolean {
  // Most cells hold no 计: nothing to normalise.
  return typeof v === "string" && v.includes("计") && TOTAL_LABEL.test(toHalfWidth(v).replace(/\s+/g, ""));
}

/** A 合计/总计/小计 label in one of the first columns or in a given column (row id, name). */
export function isTotalRow(grid: Grid, row: number, labelColumns: number[]): boolean {
  const cols = new Set(labelColumns);
  for (let c = 0; c < TOTAL_LABEL_COLUMNS; c++) cols.add(c);
  return [...cols].some((c) => isTotalLabel(cellAt(grid, row, c)));
}

/**
 * A total line that is no claim or payout (LEDGER.md "Rows that are not plain claims"): it carries a
 * 合计 label and no claimant — name and code blank, or the name cell itself a label (`本页合计`). A row with a
 * claimant is read, whatever its 序号 says.
 */
export function isTotalLine(grid: Grid, row: number, labelColumns: number[], claimant: number[]): boolean {
  if (!isTotalRow(grid, row, labelColumns)) return false;
  return claimant.every((c) => isBlank(cellAt(grid, row, c)) || isTotalLabel(cellAt(grid, row, c)));
}

export function isBlankRow(grid: Grid, row: number, columns: number[]): boolean {
  return columns.every((c) => isBlank(cellAt(grid, row, c)));
}
