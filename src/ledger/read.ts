/**
 * Mapped sheets → RawClaim[]: one claim per data row, raw cells by field (the engine parses them).
 */
import { isBlank } from "../engine/values";
import type { FieldId, PerformanceItemId, RawClaim } from "../engine/types";
import { cellAt, isBlankRow, isTotalLine, rangeText, type Grid } from "./grid";
import { labelColumns } from "./detect";
import { itemKey } from "./item";
import type { SheetMapping } from "./mapping";

/** A row that could not be read, named by sheet, row and (where it is about one cell) column. */
export interface RowProblem {
  sheet: string;
  /** 1-based Excel row. */
  row: number;
  column?: string;
  header?: string;
  zh: string;
  en: string;
}

export interface SkippedRow {
  /** 1-based Excel row. */
  row: number;
  why: "blank" | "total";
}

/** The row's item: the sheet's, or its own item cell's; undefined when that cell names none. */
function rowItem(grid: Grid, r: number, mapping: SheetMapping): PerformanceItemId | undefined {
  const column = mapping.columns.item;
  if (mapping.itemSource !== "column" || !column) return mapping.item;
  const v = cellAt(grid, r, column.index);
  if (isBlank(v)) return mapping.item;
  return mapping.itemByValue?.[itemKey(v)];
}

/**
 * Every data row below the header: blank rows (nothing in any mapped column but the row id) and
 * 合计/总计/小计 rows are skipped and listed; blank rows in the middle do not end the table.
 */
export function readClaims(
  grid: Grid,
  mapping: SheetMapping,
): { claims: RawClaim[]; skipped: SkippedRow[]; problems: RowProblem[] } {
  const fields = Object.entries(mapping.columns) as [FieldId, NonNullable<SheetMapping["columns"][FieldId]>][];
  // A 序号 alone is no claim: templates come pre-numbered, and notes (注：…) sit in column A.
  const indexes = fields.filter(([f]) => f !== "rowId").map(([, c]) => c.index);
  const labels = labelColumns(mapping.columns);
  const claimant = [mapping.columns.claimantName?.index, mapping.columns.claimantCode?.index].filter(
    (i): i is number => i !== undefined,
  );
  const isTotal = (r: number) => isTotalLine(grid, r, labels, claimant);
  const merged = mergedFields(grid, fields);
  // One record of the sheet's columns and units for all its claims, read-only: a copy per claim was ~0.5 KB a row
  // of the heap (docs/PERFORMANCE.md "a million rows in a 2 GB heap").
  const columns: RawClaim["columns"] = {};
  const units: RawClaim["units"] = {};
  for (const [field, c] of fields) {
    columns[field] = Object.freeze({ column: c.column, header: c.header });
    if ((field === "contractAmount" || field === "pledgeAmount") && c.unit) units[field] = c.unit;
  }
  Object.freeze(columns);
  Object.freeze(units);
  let end = grid.cells.length;
  while (end > mapping.headerRow && isBlankRow(grid, end - 1, indexes) && !isTotal(end - 1)) end--;

  const claims: RawClaim[] = [];
  const skipped: SkippedRow[] = [];
  const problems: RowProblem[] = [];
  for (let r = mapping.headerRow; r < end; r++) {
    const row = r + 1;
    if (isTotal(r)) {
      skipped.push({ row, why: "total" });
      continue;
    }
    if (isBlankRow(grid, r, indexes)) {
      skipped.push({ row, why: "blank" });
      continue;
    }
    const item = rowItem(grid, r, mapping);
    if (!item) {
      const column = mapping.columns.item!;
      problems.push({
        sheet: grid.name,
        row,
        column: column.column,
        header: column.header,
        zh: isBlank(cellAt(grid, r, column.index))
          ? "奖补项目为空，本行未读入：请填写 P1–P4、1–4 或项目名称"
          : "奖补项目无法识别，本行未读入：应为 P1–P4、1–4 或项目名称",
        en: isBlank(cellAt(grid, r, column.index))
          ? "award item is blank, row not read: write P1–P4, 1–4 or the item's name"
          : "award item not recognised, row not read: expected P1–P4, 1–4 or the item's name",
      });
      continue;
    }
    const claim: RawClaim = { sheet: grid.name, row, item, values: {}, columns, units };
    for (const [field, c] of fields) claim.values[field] = cellAt(grid, r, c.index);
    const spans = merged.get(r);
    if (spans) claim.merged = spans;
    claims.push(claim);
  }
  return { claims, skipped, problems };
}

/**
 * A merged claimant name, code, kind or district (one unit, several patents) is filled down by the
 * adapters; a merged amount, count, patent or registration number cannot belong to several claims, so
 * each row it covers is refused with a fixable reason (LEDGER.md "Rows that are not plain claims").
 */
const NOT_SHARED: readonly FieldId[] = [
  "contractAmount",
  "pledgeAmount",
  "count",
  "patentNumber",
  "pledgeRegistration",
  "productFilingNo",
];

function mergedFields(
  grid: Grid,
  fields: [FieldId, { index: number }][],
): Map<number, NonNullable<RawClaim["merged"]>> {
  const byRow = new Map<number, NonNullable<RawClaim["merged"]>>();
  for (const m of grid.merges ?? []) {
    if (m.bottom === m.top) continue;
    for (const [field, c] of fields) {
      if (!NOT_SHARED.includes(field) || c.index < m.left || c.index > m.right) continue;
      for (let r = m.top; r <= m.bottom; r++) {
        const spans = byRow.get(r) ?? {};
        spans[field] = { range: rangeText(m), rows: m.bottom - m.top + 1 };
        byRow.set(r, spans);
      }
    }
  }
  return byRow;
}
