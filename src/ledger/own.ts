/**
 * Which sheets of a workbook the product wrote (issue 16 item 4). A clerk's sheet that bears a product sheet's name
 * — a 汇总 of their own — is never taken for the product's: it is read like any other sheet, kept in the result, and
 * the product's sheet is written beside it under a tagged name, 汇总（专利转化奖补）.
 *
 * The product marks what it wrote: the first line of its 运行记录 lists the sheets the run wrote. A sheet is the
 * product's when its name is a product sheet's (tagged or not), it holds that sheet's layout (its header among the
 * first rows), and — where the workbook's 运行记录 lists the sheets — it is listed. A result written before the list
 * existed is recognised by its layouts alone. Both hosts write the list (it is a line of the plan's 运行记录) and
 * read it (the pane reads the first rows of every sheet with a product's name).
 */
import { cellText, HEADER_SCAN_ROWS, type Grid } from "./grid";
import { findColumns } from "./headers";
import {
  CHANGES,
  CUMULATIVE,
  EXCEPTIONS,
  productSheetNamed,
  PUBLICITY,
  RUN_RECORD,
  RUN_RECORD_LINES,
  SHEETS,
  SUMMARY,
  SUPPORT,
  taggedName,
  TARGETS,
  type Layout,
  type ProductSheet,
} from "./layouts";

export interface OwnSheets {
  /** The workbook's sheets the product wrote, and which product sheet each is. */
  own: ReadonlyMap<string, ProductSheet>;
  /** Where this run writes each product sheet: over the product's own, else under its name if free, else tagged. */
  names: Readonly<Record<ProductSheet, string>>;
  /** The clerk's sheets that bear a product sheet's name: kept, with the name the product's is written under. */
  kept: readonly { sheet: string; writtenAs: string }[];
}

const LAYOUTS: Record<ProductSheet, Layout<string>> = {
  summary: SUMMARY,
  publicity: PUBLICITY,
  exceptions: EXCEPTIONS,
  targets: TARGETS,
  support: SUPPORT,
  runRecord: RUN_RECORD,
  changes: CHANGES,
  cumulative: CUMULATIVE,
};

const LIST_LABELS = new Set([RUN_RECORD_LINES.sheets.zh, RUN_RECORD_LINES.sheets.en]);
const POLICY_LABELS = new Set([RUN_RECORD_LINES.policy.zh, RUN_RECORD_LINES.policy.en]);

/** A product sheet's header, every column of it, in one of the sheet's first rows. */
function hasLayout(grid: Grid, key: ProductSheet): boolean {
  const layout = LAYOUTS[key];
  const fields = layout.map((c) => c.field);
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.cells.length); r++) {
    if (
      findColumns(
        layout,
        Array.from(grid.cells[r] ?? [], (v) => v ?? null),
        fields,
      )
    )
      return true;
  }
  return false;
}

/**
 * The product's 运行记录: its header on the first row, then the list of sheets the run wrote or, written before the
 * list, the policy line. Returns the list (empty when the record has none); undefined when `grid` is no such record.
 */
function recordedSheets(grid: Grid): string[] | undefined {
  const header = Array.from(grid.cells[0] ?? [], (v) => v ?? null);
  if (!findColumns(RUN_RECORD, header, ["what", "value"])) return undefined;
  const [label, value] = [cellText(grid.cells[1]?.[0] ?? null), cellText(grid.cells[1]?.[1] ?? null)];
  // Sheet names cannot hold ":", but can hold "、" — the product's own names never do.
  if (LIST_LABELS.has(label)) return value.split(/\s*[、,]\s*/).filter(Boolean);
  return POLICY_LABELS.has(label) ? [] : undefined;
}

export function ownSheets(grids: readonly Grid[]): OwnSheets {
  const named = grids.flatMap((g) => {
    const key = productSheetNamed(g.name);
    return key ? [{ grid: g, key }] : [];
  });
  let listed: Set<string> | undefined;
  for (const { grid, key } of named) {
    const list = key === "runRecord" ? recordedSheets(grid) : undefined;
    if (list) {
      listed = list.length > 0 ? new Set(list) : undefined;
      break;
    }
  }
  const own = new Map<string, ProductSheet>();
  for (const { grid, key } of named) {
    const recognised = key === "runRecord" ? recordedSheets(grid) !== undefined : hasLayout(grid, key);
    if (recognised && (!listed || listed.has(grid.name))) own.set(grid.name, key);
  }
  const taken = new Set(grids.map((g) => g.name));
  const names = {} as Record<ProductSheet, string>;
  const kept: { sheet: string; writtenAs: string }[] = [];
  for (const key of Object.keys(SHEETS) as ProductSheet[]) {
    const mine = [...own].find(([, k]) => k === key)?.[0];
    const name = SHEETS[key];
    names[key] = mine ?? (taken.has(name) ? freeName(name, taken) : name);
    if (taken.has(name) && !own.has(name)) kept.push({ sheet: name, writtenAs: names[key] });
  }
  return { own, names, kept };
}

function freeName(name: string, taken: ReadonlySet<string>): string {
  let n = 1;
  while (taken.has(taggedName(name, n))) n++;
  return taggedName(name, n);
}

/** The product's sheet of this kind in the workbook (an earlier run's), under whatever name it was written. */
export function productGrid(grids: readonly Grid[], key: ProductSheet): Grid | undefined {
  const { own } = ownSheets(grids);
  return grids.find((g) => own.get(g.name) === key);
}
