/**
 * The open workbook → grids, as the command-line tool reads a file (src/xlsx/read.ts): a date is a
 * `Date`, a formula its value, a merged range's value stands in its first column on every row.
 */
import type { CellValue } from "../engine/types";
import type { Grid } from "../ledger";
import { fromExcel } from "./cells";
import { SETTINGS_KEY } from "./saved";

export interface WorkbookSnapshot {
  grids: Grid[];
  /** The product's sheets that exist now, with their charts' names, so a run replaces them in place. */
  productCharts: Record<string, string[]>;
  /** Names of the workbook's cell styles, so a run adds only the number-format styles missing. */
  styles: string[];
  /** The saved state's text, when the workbook has one. */
  saved?: string;
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
  for (const area of merged ? mergedAreas(merged) : []) {
    const master = cells[area.row]?.[area.column] ?? null;
    for (let r = area.row; r < area.row + area.rows; r++) {
      const row = (cells[r] ??= []);
      row[area.column] = master;
      for (let c = area.column + 1; c < area.column + area.columns; c++) row[c] = null;
    }
  }
  return { name, cells };
}

/**
 * Excel on the web refuses a response over 5 MB. A read that large is redone in row blocks of about
 * this many cells per request (a cell and its format take some 20 bytes; halved again if still too big).
 */
const CELLS_PER_REQUEST = 200_000;

function isTooLarge(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === "ResponsePayloadSizeLimitExceeded";
}

interface Meta {
  name: string;
  used: Excel.Range;
  merged: Excel.RangeAreas;
  charts?: Excel.ChartCollection;
}

function queueMeta(sheets: Excel.Worksheet[], productSheets: readonly string[], withValues: boolean): Meta[] {
  return sheets.map((sheet) => {
    const used = sheet.getUsedRange(true);
    if (withValues) used.load("values, numberFormat, rowIndex, columnIndex");
    else used.load("rowIndex, columnIndex, rowCount, columnCount");
    const merged = used.getMergedAreasOrNullObject();
    merged.load("address");
    const charts = productSheets.includes(sheet.name) ? sheet.charts.load("items/name") : undefined;
    return { name: sheet.name, used, merged, charts };
  });
}

interface Block {
  sheet: Excel.Worksheet;
  target: SheetCells;
  /** 0-based, relative to the used range. */
  from: number;
  rows: number;
  columns: number;
}

/** Loads blocks in one request; a response still too large is split in halves, each its own request. */
async function loadBlocks(context: Excel.RequestContext, blocks: Block[]): Promise<void> {
  const ranges = blocks.map((b) => {
    const range = b.sheet.getRangeByIndexes(b.target.top + b.from, b.target.left, b.rows, b.columns);
    return range.load("values, numberFormat");
  });
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
            { ...b, from: b.from + first, rows: b.rows - first },
          ];
    });
    const middle = Math.ceil(halves.length / 2);
    await loadBlocks(context, halves.slice(0, middle));
    await loadBlocks(context, halves.slice(middle));
    return;
  }
  blocks.forEach((b, i) => {
    b.target.values.splice(b.from, b.rows, ...ranges[i].values);
    b.target.formats.splice(b.from, b.rows, ...ranges[i].numberFormat);
  });
}

/** Every used range in row blocks, packed into requests of at most CELLS_PER_REQUEST cells. */
async function readInBlocks(
  context: Excel.RequestContext,
  sheets: Excel.Worksheet[],
  meta: Meta[],
): Promise<SheetCells[]> {
  const targets: SheetCells[] = meta.map((m) => ({
    name: m.name,
    top: m.used.rowIndex,
    left: m.used.columnIndex,
    values: [],
    formats: [],
    merged: m.merged.isNullObject ? undefined : m.merged.address,
  }));
  const requests: Block[][] = [[]];
  let cells = 0;
  meta.forEach((m, i) => {
    const columns = m.used.columnCount;
    const step = Math.max(1, Math.floor(CELLS_PER_REQUEST / columns));
    for (let from = 0; from < m.used.rowCount; from += step) {
      const rows = Math.min(step, m.used.rowCount - from);
      if (cells + rows * columns > CELLS_PER_REQUEST && cells > 0) {
        requests.push([]);
        cells = 0;
      }
      requests[requests.length - 1].push({ sheet: sheets[i], target: targets[i], from, rows, columns });
      cells += rows * columns;
    }
  });
  for (const blocks of requests) {
    // One request per ~200k cells, only for ledgers too large for a single response.

    await loadBlocks(context, blocks);
  }
  return targets;
}

/**
 * Every sheet in two syncs: the sheet list (with the saved state and the style names), then every
 * used range in one batch of loads. Only when Excel refuses that response as too large (over 5 MB
 * on the web) is it read again in row blocks.
 */
export async function readWorkbook(
  context: Excel.RequestContext,
  productSheets: readonly string[],
): Promise<WorkbookSnapshot> {
  const list = context.workbook.worksheets.load("items/name");
  const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
  setting.load("value");
  const styles = context.workbook.styles.load("items/name");
  await context.sync();
  const sheets = list.items;

  let meta = queueMeta(sheets, productSheets, true);
  let read: SheetCells[];
  try {
    await context.sync();
    read = meta.map((m) => ({
      name: m.name,
      top: m.used.rowIndex,
      left: m.used.columnIndex,
      values: m.used.values,
      formats: m.used.numberFormat,
      merged: m.merged.isNullObject ? undefined : m.merged.address,
    }));
  } catch (e) {
    if (!isTooLarge(e)) throw e;
    meta = queueMeta(sheets, productSheets, false);
    await context.sync();
    read = await readInBlocks(context, sheets, meta);
  }

  const productCharts: Record<string, string[]> = {};
  for (const m of meta) {
    if (m.charts) productCharts[m.name] = m.charts.items.map((c) => c.name);
  }
  return {
    grids: read.map(toGrid),
    productCharts,
    styles: styles.items.map((s) => s.name),
    saved: setting.isNullObject ? undefined : String(setting.value),
  };
}
