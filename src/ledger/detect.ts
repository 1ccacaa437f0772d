/**
 * Where a ledger's table starts and which award item it holds (LEDGER.md "Which item a sheet holds").
 */
import { isBlank } from "../engine/values";
import type { FieldId, PerformanceItemId } from "../engine/types";
import type { Policy } from "../policy/policy";
import { cellAt, isTotalRow, scanHeader, type Grid } from "./grid";
import { itemKey, performanceItemOf, sheetNameItem } from "./item";
import { mapHeaderRow, type MappedColumn } from "./headers";

/** Fewer known names than this is a title or a note, not a header. */
const MIN_HEADERS = 3;

/**
 * The 0-based row among the first rows with the most recognised headers (at least three, one of
 * them the claimant: every claim is paid to a 申报单位).
 */
export function findHeaderRow(grid: Grid): number | undefined {
  return scanHeaderRows(grid).headerRow;
}

/**
 * The header row, if any, and the most column names any of the first rows holds: none at all is a sheet
 * such as 填表说明 that is no ledger, not a ledger whose header went unrecognised.
 */
export function scanHeaderRows(grid: Grid): { headerRow?: number; mostKnown: number; claimantSeen: boolean } {
  let mostKnown = 0;
  let claimantSeen = false;
  const best = scanHeader(grid, (cells) => {
    const { columns } = mapHeaderRow(cells);
    const count = Object.keys(columns).length;
    mostKnown = Math.max(mostKnown, count);
    claimantSeen ||= columns.claimantName !== undefined;
    return columns.claimantName && count >= MIN_HEADERS ? { score: count, found: undefined } : undefined;
  });
  return { headerRow: best?.row, mostKnown, claimantSeen };
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
