/**
 * Where a ledger's table starts and which award item it holds (LEDGER.md "Which item a sheet holds").
 */
import { isBlank } from "../engine/values";
import type { FieldId, PerformanceItemId } from "../engine/types";
import { checkCreditCode } from "../engine/creditCode";
import { checkPatentNumber } from "../engine/patentNumber";
import type { Policy } from "../policy/policy";
import { cellAt, HEADER_SCAN_ROWS, isTotalRow, scanHeader, type Grid } from "./grid";
import { itemKey, performanceItemOf, sheetNameItem } from "./item";
import { mapHeaderRow, type MappedColumn } from "./headers";

/** Fewer known names than this is a title or a note, not a header. */
const MIN_HEADERS = 3;

/** How far down a header is looked for when it is not among the first rows, to suggest that row to the user. */
const HEADER_SUGGEST_ROWS = 200;

/** Fields whose column names a record of a claim even alone (LEDGER.md: credit codes, patent, filing, registration numbers). */
const REFERENCE_FIELDS: readonly FieldId[] = ["claimantCode", "patentNumber", "productFilingNo", "pledgeRegistration"];

/**
 * The 0-based header row among the first rows: the one with the most recognised headers, at least three, one of
 * them the claimant (every claim is paid to a 申报单位); failing that, the row with the most (at least three),
 * whose claimant column is then missing — a header typo (`企业名陈`) is asked about, not taken for no header.
 */
export function findHeaderRow(grid: Grid): number | undefined {
  return scanHeaderRows(grid).headerRow;
}

export interface HeaderScan {
  headerRow?: number;
  /** The most column names any of the first rows holds, and the first row holding that many (0-based). */
  mostKnown: number;
  mostKnownRow?: number;
  /** The first column among the first rows named as a credit code, patent, filing or registration number. */
  reference?: { row: number; field: FieldId };
}

/** The header row, if any, and what the first rows say of the sheet for ledgerSign. */
export function scanHeaderRows(grid: Grid): HeaderScan {
  const scan: HeaderScan = { mostKnown: 0 };
  const best = scanHeader(grid, (cells, row) => {
    const { columns } = mapHeaderRow(cells);
    const count = Object.keys(columns).length;
    if (count > scan.mostKnown) Object.assign(scan, { mostKnown: count, mostKnownRow: row });
    const reference = REFERENCE_FIELDS.find((f) => columns[f] !== undefined);
    if (reference && !scan.reference) scan.reference = { row, field: reference };
    return columns.claimantName && count >= MIN_HEADERS ? { score: count, found: undefined } : undefined;
  });
  scan.headerRow = best?.row ?? (scan.mostKnown >= MIN_HEADERS ? scan.mostKnownRow : undefined);
  return scan;
}

/** Why a sheet is taken for a ledger (LEDGER.md "A ledger sheet is read, or the run stops"); rows are 0-based. */
export type LedgerSign =
  | { by: "sheetName"; item: PerformanceItemId }
  | { by: "headers"; row: number; count: number }
  | { by: "referenceHeader"; row: number; field: FieldId }
  | { by: "value"; row: number; column: number; field: "claimantCode" | "patentNumber" };

/**
 * The first sign that a sheet is a ledger: its name names an item, a row among the first holds two or more column
 * names (or names a credit code, patent, filing or registration number), or a cell holds a valid credit code or
 * patent number. A sheet with none (填表说明, notes) is skipped; one with a sign that cannot be read stops the run,
 * as skipping it would pay none of its claimants.
 */
export function ledgerSign(grid: Grid, scan: HeaderScan): LedgerSign | undefined {
  const item = sheetNameItem(grid.name);
  if (item) return { by: "sheetName", item };
  if (scan.mostKnown >= 2) return { by: "headers", row: scan.mostKnownRow!, count: scan.mostKnown };
  if (scan.reference) return { by: "referenceHeader", ...scan.reference };
  for (let r = 0; r < grid.cells.length; r++) {
    const row = grid.cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      // A code or a number stands alone in its cell; prose that quotes one is a note.
      if (typeof v !== "string" || v.length > 40) continue;
      if (checkCreditCode(v).ok) return { by: "value", row: r, column: c, field: "claimantCode" };
      if (checkPatentNumber(v).ok) return { by: "value", row: r, column: c, field: "patentNumber" };
    }
  }
  return undefined;
}

/** Below the first rows, the 0-based row that would be the header, to suggest it; undefined when none would. */
export function headerRowBelow(grid: Grid): number | undefined {
  let best: { row: number; count: number } | undefined;
  for (let r = HEADER_SCAN_ROWS; r < Math.min(grid.cells.length, HEADER_SUGGEST_ROWS); r++) {
    const { columns } = mapHeaderRow(Array.from(grid.cells[r] ?? []));
    const count = Object.keys(columns).length;
    if (count >= MIN_HEADERS && (!best || count > best.count)) best = { row: r, count };
  }
  return best?.row;
}

export type ItemDetection =
  /** `item` is set when every readable cell names the same item; `byValue` maps each cell key to its item. */
  | { source: "column"; item?: PerformanceItemId; byValue: Record<string, PerformanceItemId> }
  | { source: "sheetName"; item: PerformanceItemId };

/** The data rows' cells that can name a 合计 row, besides the first few columns. */
export function labelColumns(columns: Partial<Record<FieldId, MappedColumn>>): number[] {
  return [columns.rowId?.index, columns.claimantName?.index].filter((i): i is number => i !== undefined);
}

/**
 * By the item column when any of its cells names an item, else by the sheet name; undefined when
 * neither says (the sheet is then unmappable until the user picks the item).
 */
export function detectItem(
  grid: Grid,
  headerRow: number,
  columns: Partial<Record<FieldId, MappedColumn>>,
  policy: Policy,
): ItemDetection | undefined {
  const column = columns.item;
  if (column) {
    const byValue: Record<string, PerformanceItemId> = {};
    for (let r = headerRow + 1; r < grid.cells.length; r++) {
      const v = cellAt(grid, r, column.index);
      if (isBlank(v) || isTotalRow(grid, r, labelColumns(columns))) continue;
      const item = performanceItemOf(v, policy);
      if (item) byValue[itemKey(v)] = item;
    }
    const items = new Set(Object.values(byValue));
    if (items.size > 0) return { source: "column", item: items.size === 1 ? [...items][0] : undefined, byValue };
  }
  const item = sheetNameItem(grid.name);
  return item ? { source: "sheetName", item } : undefined;
}
