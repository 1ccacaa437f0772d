/**
 * The open workbook → grids, as the command-line tool reads a file (src/xlsx/read.ts): a date is a
 * `Date`, a formula its value, a merged range's value stands in its first column on every row.
 */
import type { CellValue } from "../engine/types";
import {
  findHeaderRow,
  mapHeaderRow,
  ownSheets,
  productSheetNamed,
  SHEETS,
  type Grid,
  type MergedRange,
} from "../ledger";
import { HEADER_SCAN_ROWS } from "../ledger/grid";
import { tooLarge } from "../ledger/limits";
import { fromExcel, jsonSize } from "./cells";
import { SETTINGS_KEY } from "./saved";

export interface WorkbookSnapshot {
  /** Every sheet, in order; a `rewritten` sheet's grid holds its first rows only, and `unread` cells are blank. */
  grids: Grid[];
  /** The product's sheets that exist now, with their charts' names, so a run replaces them in place. */
  productCharts: Record<string, string[]>;
  /** Names of the workbook's cell styles, so a run adds only the number-format styles missing. */
  styles: string[];
  /** A ledger sheet's print area where the clerk set one: its blocks as `A1:H60`, widened by the writer. */
  printAreas: Record<string, string[]>;
  /** The saved state's text, when the workbook has one. */
  saved?: string;
  /** How many syncs the read took. */
  syncs: number;
  /**
   * Per sheet, this add-in's own output columns [start, end) (0-based), from 0-based `row` down,
   * that were not read: nothing reads them back (the ledger skips them), and a run rewrites them.
   */
  unread: Record<string, Unread>;
}

export interface Unread {
  row: number;
  start: number;
  end: number;
}

interface Rect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

function parseArea(address: string): Rect {
  const bare = address.slice(address.lastIndexOf("!") + 1).replace(/\$/g, "");
  const [a, b = a] = bare.split(":");
  const cell = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(s);
    if (!m) throw new Error(`unexpected address from Excel: ${address}`);
    let column = 0;
    for (const ch of m[1]) column = column * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]) - 1, column: column - 1 };
  };
  const from = cell(a);
  const to = cell(b);
  return { row: from.row, column: from.column, rows: to.row - from.row + 1, columns: to.column - from.column + 1 };
}

/** Excel returns merged areas as `Sheet!A1:B2,Sheet!C3:C5`; a quoted sheet name may hold commas. */
function mergedAreas(address: string): Rect[] {
  return (address.match(/(?:'(?:[^']|'')*'|[^,!]+)!\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?/g) ?? []).map(parseArea);
}

/** A print area's blocks without their sheet (`Sheet!A1:H60,Sheet!J:K` → `A1:H60`, `J:K`). */
function printAreaBlocks(address: string): string[] {
  return [...address.matchAll(/(?:'(?:[^']|'')*'|[^,!]+)!([^,]+)/g)].map((m) => m[1].trim());
}

/** A sheet's used range as read: its top-left corner, values and number formats, merged areas. */
interface SheetCells {
  name: string;
  top: number;
  left: number;
  values: unknown[][];
  formats: unknown[][];
  merged?: string;
}

function toGrid({ name, top, left, values, formats, merged }: SheetCells): Grid {
  const cells: CellValue[][] = [];
  for (let r = 0; r < top; r++) cells[r] = [];
  values.forEach((line, r) => {
    const row: CellValue[] = new Array<CellValue>(left).fill(null);
    line.forEach((v, c) => row.push(fromExcel(v, formats[r][c] as string)));
    cells[top + r] = row;
  });
  const merges: MergedRange[] = [];
  for (const area of merged ? mergedAreas(merged) : []) {
    const master = cells[area.row]?.[area.column] ?? null;
    for (let r = area.row; r < area.row + area.rows; r++) {
      const row = (cells[r] ??= []);
      row[area.column] = master;
      for (let c = area.column + 1; c < area.column + area.columns; c++) row[c] = null;
    }
    const [bottom, right] = [area.row + area.rows - 1, area.column + area.columns - 1];
    merges.push({ top: area.row, left: area.column, bottom, right });
  }
  return merges.length > 0 ? { name, cells, merges } : { name, cells };
}

/**
 * Excel on the web refuses a response over 5 MB (ResponsePayloadSizeLimitExceeded), and a refused
 * read costs a sync for nothing. So every read is planned from what a cell costs: each request's
 * response is estimated, MARGIN over what the sample suggests, to stay under RESPONSE_BUDGET.
 */
const RESPONSE_BUDGET = 5_000_000;
const MARGIN = 1.1;
/** What a cell with its number format is taken to cost before any is seen: pessimistic for a ledger. */
const FIRST_GUESS = 40;
/**
 * Every sheet's top-left corner comes with its used range, in the sync after the sheet list: a
 * small sheet is then read whole, and a large one's corner is the sample its rows are planned from.
 */
const CORNER_COLUMNS = 16;
const CORNER_BUDGET = 4_000_000;
/** The product's own sheets that are read (汇总, 运行记录) are short: a small corner each, out of the ledgers' share. */
const PRODUCT_CORNER_ROWS = 200;

function isTooLarge(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === "ResponsePayloadSizeLimitExceeded";
}

interface Meta {
  name: string;
  charts?: Excel.ChartCollection;
  printArea?: Excel.RangeAreas;
  cells: {
    sheet: Excel.Worksheet;
    used: Excel.Range;
    merged: Excel.RangeAreas;
    corner?: Excel.Range;
  };
}

/** Whether a sheet bears the name of one of `sheets` (product sheets), tagged or not (汇总（专利转化奖补）). */
function namedAs(sheets: readonly string[]): (name: string) => boolean {
  return (name) => {
    const key = productSheetNamed(name);
    return key !== undefined && sheets.includes(SHEETS[key]);
  };
}

function queueMeta(
  sheets: Excel.Worksheet[],
  isProduct: (name: string) => boolean,
  isRewritten: (name: string) => boolean,
  cornerRows: number,
): Meta[] {
  return sheets.map((sheet) => {
    const charts = isProduct(sheet.name) ? sheet.charts.load("items/name") : undefined;
    // A clerk's sheet may get output columns: its print area is widened to them (src/report/print.ts).
    const printArea = isProduct(sheet.name) ? undefined : sheet.pageLayout.getPrintAreaOrNullObject().load("address");
    const used = sheet.getUsedRange(true);
    used.load("rowIndex, columnIndex, rowCount, columnCount");
    const merged = used.getMergedAreasOrNullObject();
    merged.load("address");
    // A product sheet's first rows tell whether it is the product's (src/ledger/own.ts); one a run replaces whole is
    // read no further when it is.
    const rows = !isProduct(sheet.name)
      ? cornerRows
      : isRewritten(sheet.name)
        ? HEADER_SCAN_ROWS
        : Math.max(HEADER_SCAN_ROWS, Math.min(cornerRows, PRODUCT_CORNER_ROWS));
    const corner =
      rows > 0 ? sheet.getRangeByIndexes(0, 0, rows, CORNER_COLUMNS).load("values, numberFormat") : undefined;
    return { name: sheet.name, charts, printArea, cells: { sheet, used, merged, corner } };
  });
}

/** A rectangle still to read, 0-based on the sheet. */
interface Block {
  target: FromCorner["target"];
  row: number;
  column: number;
  rows: number;
  columns: number;
}

function place(target: SheetCells, row: number, column: number, values: unknown[][], formats: unknown[][]): void {
  values.forEach((line, r) => {
    const at = row - target.top + r;
    line.forEach((v, c) => {
      target.values[at][column - target.left + c] = v;
      target.formats[at][column - target.left + c] = formats[r][c];
    });
  });
}

/** Loads blocks in one request; a response still too large is split in halves, each its own request. */
async function loadBlocks(context: Excel.RequestContext, blocks: Block[]): Promise<number> {
  const ranges = blocks.map((b) =>
    b.target.sheet.getRangeByIndexes(b.row, b.column, b.rows, b.columns).load("values, numberFormat"),
  );
  try {
    await context.sync();
  } catch (e) {
    if (!isTooLarge(e) || blocks.every((b) => b.rows === 1)) throw e;
    const halves = blocks.flatMap((b) => {
      const first = Math.ceil(b.rows / 2);
      return b.rows === 1
        ? [b]
        : [
            { ...b, rows: first },
            { ...b, row: b.row + first, rows: b.rows - first },
          ];
    });
    const middle = Math.ceil(halves.length / 2);
    return 1 + (await loadBlocks(context, halves.slice(0, middle))) + (await loadBlocks(context, halves.slice(middle)));
  }
  blocks.forEach((b, i) => place(b.target, b.row, b.column, ranges[i].values, ranges[i].numberFormat));
  return 1;
}

const cellBytes = (value: unknown, format: unknown) => jsonSize(value) + jsonSize(format) + 2;

interface FromCorner {
  target: SheetCells & { sheet: Excel.Worksheet };
  rates: number[];
  cornerRows: number;
  /** An earlier run's output columns seen in the corner's header row (0-based, end exclusive). */
  output?: { start: number; end: number };
}

/** The output block of the header row the ledger reader would find in the corner (src/ledger). */
function cornerOutput(corner: Excel.Range): FromCorner["output"] {
  const grid: Grid = {
    name: "",
    cells: corner.values.map((line, r) => line.map((v, c) => fromExcel(v, corner.numberFormat[r][c]))),
  };
  const header = findHeaderRow(grid);
  return header === undefined ? undefined : mapHeaderRow(grid.cells[header]).output;
}

/**
 * A sheet's cells as far as its corner holds them, and what the rest will cost by column: the
 * corner's bytes per row in each column (a column past the corner costs their mean).
 */
/**
 * A sheet's corner alone, as a grid as long as the sheet (the rows below left empty): what tells whether a sheet the
 * run replaces whole is the product's, and how many rows it holds.
 */
function cornerGrid(name: string, m: Meta["cells"]): Grid {
  const { corner, used } = m;
  const cells = (corner?.values ?? []).map((line, r) => line.map((v, c) => fromExcel(v, corner!.numberFormat[r][c])));
  cells.length = Math.max(cells.length, used.rowIndex + used.rowCount);
  return { name, cells };
}

function fromCorner(name: string, m: NonNullable<Meta["cells"]>, ledger: boolean): FromCorner {
  const { rowIndex: top, columnIndex: left, rowCount: rows, columnCount: columns } = m.used;
  const target = {
    sheet: m.sheet,
    name,
    top,
    left,
    values: Array.from({ length: rows }, () => new Array<unknown>(columns).fill("")),
    formats: Array.from({ length: rows }, () => new Array<unknown>(columns).fill("General")),
    merged: m.merged.isNullObject ? undefined : m.merged.address,
  };
  const cornerRows = m.corner ? m.corner.values.length : 0;
  const seenRows = Math.max(0, Math.min(top + rows, cornerRows) - top);
  const seenColumns = Math.max(0, Math.min(left + columns, CORNER_COLUMNS) - left);
  const sums = new Array<number>(seenColumns).fill(0);
  if (m.corner && seenRows > 0 && seenColumns > 0) {
    const values = m.corner.values.slice(top, top + seenRows).map((line) => line.slice(left, left + seenColumns));
    const formats = m.corner.numberFormat
      .slice(top, top + seenRows)
      .map((line) => line.slice(left, left + seenColumns));
    place(target, top, left, values, formats);
    values.forEach((line, r) => line.forEach((v, c) => (sums[c] += cellBytes(v, formats[r][c]))));
  }
  const known = seenRows > 0 ? sums.map((s) => s / seenRows) : [];
  const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : FIRST_GUESS;
  const rates = Array.from({ length: columns }, (_, c) => known[c] ?? mean);
  // Only a ledger has output columns to leave unread: a product sheet (累计已兑付's 兑付金额, 状态) is read whole.
  return { target, rates, cornerRows, output: m.corner && ledger ? cornerOutput(m.corner) : undefined };
}

/** Columns [from, to) without the output block: one or two runs. */
function without(from: number, to: number, output: FromCorner["output"]): [number, number][] {
  if (!output || output.end <= from || output.start >= to) return [[from, to]];
  return (
    [
      [from, output.start],
      [output.end, to],
    ] as [number, number][]
  ).filter(([a, b]) => b > a);
}

/** What the corners left: a strip right of the corner, then every row below it, in blocks packed into requests. */
function plan(read: FromCorner[]): Block[][] {
  const requests: Block[][] = [[]];
  let size = 0;
  read.forEach(({ target, rates, cornerRows, output }) => {
    const rows = target.values.length;
    const columns = rates.length;
    const bottom = target.top + rows;
    const right = target.left + columns;
    const rowBytes = (from: number, to: number) => rates.slice(from, to).reduce((a, b) => a + b, 2) * MARGIN;
    const strip = Math.max(target.left, CORNER_COLUMNS);
    const below = Math.max(target.top, cornerRows);
    const regions = [
      { row: target.top, rows: Math.min(bottom, cornerRows) - target.top, column: strip, columns: right - strip },
      ...without(target.left, right, output).map(([from, to]) => ({
        row: below,
        rows: bottom - below,
        column: from,
        columns: to - from,
      })),
    ];
    for (const region of regions.filter((r) => r.rows > 0 && r.columns > 0)) {
      const perRow = rowBytes(region.column - target.left, region.column - target.left + region.columns);
      let row = region.row;
      while (row < region.row + region.rows) {
        const left = region.row + region.rows - row;
        let take = Math.min(left, Math.floor((RESPONSE_BUDGET - size) / perRow));
        if (take < 1) {
          if (size > 0) {
            requests.push([]);
            size = 0;
            continue;
          }
          take = 1;
        }
        requests[requests.length - 1].push({
          target,
          row,
          column: region.column,
          rows: take,
          columns: region.columns,
        });
        size += take * perRow;
        row += take;
      }
    }
  });
  return requests.filter((r) => r.length > 0);
}

/**
 * Every sheet in a few syncs, none refused: the sheet list (with the saved state and the style
 * names); every used range's size with its top-left corner; then what the corners left, in requests
 * planned from the corners' bytes per cell. A small workbook is read in the first two. Below the
 * corner, an earlier run's output columns are not read back: they would cost more to read than to
 * write again. `rewritten` sheets (product sheets a run replaces whole) come as their first rows only, when they are
 * the product's (src/ledger/own.ts); a clerk's sheet of such a name is read whole, as any other.
 * A workbook whose sheets hold more rows than a run takes (src/ledger/limits.ts) is refused with a
 * LedgerTooLargeError after the second sync, its rows never read.
 */
export async function readWorkbook(
  context: Excel.RequestContext,
  productSheets: readonly string[],
  rewritten: readonly string[] = [],
  /** Told the syncs done so far after each one, for the pane's progress. */
  onSync: (syncs: number) => void = () => undefined,
): Promise<WorkbookSnapshot> {
  const list = context.workbook.worksheets.load("items/name");
  const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
  setting.load("value");
  const styles = context.workbook.styles.load("items/name");
  await context.sync();
  let syncs = 1;
  onSync(syncs);
  const sheets = list.items;

  const isProduct = namedAs(productSheets);
  const isRewritten = namedAs(rewritten);
  const products = sheets.filter((s) => isProduct(s.name) && !isRewritten(s.name)).length;
  const ledgers = Math.max(1, sheets.filter((s) => !isProduct(s.name)).length);
  const cornerCell = CORNER_COLUMNS * FIRST_GUESS;
  const cornerRows = Math.max(
    1,
    Math.floor((CORNER_BUDGET - products * PRODUCT_CORNER_ROWS * cornerCell) / (ledgers * cornerCell)),
  );
  let meta = queueMeta(sheets, isProduct, isRewritten, cornerRows);
  try {
    syncs++;
    await context.sync();
  } catch (e) {
    // Corners far costlier than any ledger's: read again without them, everything in planned blocks.
    if (!isTooLarge(e)) throw e;
    meta = queueMeta(sheets, isProduct, isRewritten, 0);
    syncs++;
    await context.sync();
  }
  onSync(syncs);
  // Refused from the used ranges' sizes, before any row past the corners is read or room made for it.
  const over = tooLarge(meta.map((m) => ({ sheet: m.name, rows: m.cells.used.rowIndex + m.cells.used.rowCount })));
  if (over) throw over;
  const corners = new Map(meta.map((m) => [m.name, cornerGrid(m.name, m.cells)]));
  const { own } = ownSheets([...corners.values()]);
  const read = new Map(
    meta.flatMap((m) =>
      !(isRewritten(m.name) && own.has(m.name))
        ? [[m.name, fromCorner(m.name, m.cells, !own.has(m.name))] as const]
        : [],
    ),
  );
  const unread: Record<string, Unread> = {};
  for (const { target, cornerRows, output } of read.values()) {
    if (output && target.top + target.values.length > cornerRows) unread[target.name] = { row: cornerRows, ...output };
  }
  for (const blocks of plan([...read.values()])) {
    // One request per planned response, only for sheets larger than their corner.
    syncs += await loadBlocks(context, blocks);
    onSync(syncs);
  }

  const productCharts: Record<string, string[]> = {};
  const printAreas: Record<string, string[]> = {};
  for (const m of meta) {
    if (m.charts) productCharts[m.name] = m.charts.items.map((c) => c.name);
    if (m.printArea && !m.printArea.isNullObject) printAreas[m.name] = printAreaBlocks(m.printArea.address);
  }
  return {
    grids: meta.map((m) => {
      const cells = read.get(m.name);
      return cells ? toGrid(cells.target) : corners.get(m.name)!;
    }),
    productCharts,
    printAreas,
    styles: styles.items.map((s) => s.name),
    saved: setting.isNullObject ? undefined : String(setting.value),
    syncs,
    unread,
  };
}
