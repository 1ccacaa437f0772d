/**
 * Report tables → the open workbook, in as few syncs as the data allows: every write is queued,
 * packed into requests under Excel on the web's 5 MB payload limit, and each request is sent with
 * screen updating suspended. Only the product's own output columns and sheets are touched; a second
 * run clears and rewrites them in place (no duplicate sheets or columns).
 */
import type { CellValue } from "../engine/types";
import { columnLetter, type Grid } from "../ledger";
import {
  CHART_SIZE,
  LINE_HEIGHT,
  printArea,
  SPAN_POINTS,
  tableWidth,
  widenedPrintArea,
  type ChartSpec,
  type LedgerOutput,
  type Span,
  type Table,
} from "../report";
import { jsonSize, toExcel } from "./cells";
import type { Unread } from "./read";

/**
 * What a request may carry by our measure: Excel on the web refuses one over 5 MB, and Office.js
 * wraps each action in an object path and ids we do not see, so some room is left for those.
 */
export const REQUEST_BUDGET = 5_000_000;
/** What one queued action costs besides its arguments (object path, ids), for the estimate. */
const ACTION_BYTES = 160;
/** Excel's standard column: 8.43 characters = 48 points. */
const POINTS_PER_CHAR = 48 / 8.43;

export interface WritePlan {
  outputs: LedgerOutput[];
  tables: Table[];
  /** The grids the outputs were computed from: their last rows bound the stale values to clear, and cells already right are not sent again. */
  grids: Grid[];
  /** Ledger sheets' print areas, where the clerk set one (from readWorkbook): widened to the output columns. */
  printAreas?: Record<string, string[]>;
  /** Product sheets that exist, with their charts (from readWorkbook). */
  productCharts: Record<string, string[]>;
  /** The workbook's style names (from readWorkbook). */
  styles: string[];
  /** Output cells readWorkbook did not read: the grids do not know them, so they are always written. */
  unread?: Record<string, Unread>;
  /** Queued with the last request (saving settings, say). */
  finally?: (context: Excel.RequestContext) => void;
  /** Told the syncs done so far after each one, for the pane's progress. */
  onSync?: (syncs: number) => void;
}

export interface WriteStats {
  syncs: number;
  /** Estimated request bytes of each sync (the values' JSON measured, the actions around them estimated). */
  requestBytes: number[];
}

type Op = { bytes: number; queue: (context: Excel.RequestContext) => void };

type Wire = string | number | boolean;

/** Rows of values bound for one rectangle, which the packer may split between requests at any row. */
interface RowsOp {
  sheet: string;
  /** 0-based. */
  row: number;
  column: number;
  values: Wire[][];
  /** JSON size of each row, comma included. */
  sizes: number[];
}

type Step = Op | RowsOp;

/**
 * A number format travels as a named cell style: one `range.style` per column sets it on any number
 * of rows, where `range.numberFormat` would need a string per cell in the request.
 */
export function styleName(numFmt: string): string {
  return `专利奖补 ${numFmt}`;
}

/** A rectangular block of cells, with a number format per column (undefined = leave alone). */
interface Block {
  sheet: string;
  /** 0-based. */
  row: number;
  column: number;
  values: CellValue[][];
  formats: (string | undefined)[];
  /** Rows (0-based within the block) whose cells already hold these values: not sent again. */
  unchanged?: (index: number) => boolean;
}

function rowsOp(sheet: string, row: number, column: number, values: Wire[][]): RowsOp {
  return { sheet, row, column, values, sizes: values.map((line) => jsonSize(line) + 1) };
}

/** A block's styles (first: a value is parsed against its cell's format), then each run of rows that changed. */
function blockOps(block: Block): Step[] {
  const count = block.values.length;
  if (count === 0) return [];
  const steps: Step[] = [
    {
      bytes: ACTION_BYTES * (1 + 2 * block.formats.length) + jsonSize(block.formats),
      queue: (context) => {
        const ws = context.workbook.worksheets.getItem(block.sheet);
        block.formats.forEach((f, i) => {
          if (f) ws.getRangeByIndexes(block.row, block.column + i, count, 1).style = styleName(f);
        });
      },
    },
  ];
  let start = 0;
  while (start < count) {
    if (block.unchanged?.(start)) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < count && !block.unchanged?.(end)) end++;
    const rows = block.values.slice(start, end).map((line) => line.map(toExcel));
    steps.push(rowsOp(block.sheet, block.row + start, block.column, rows));
    start = end;
  }
  return steps;
}
/** The number-format styles the workbook does not have yet, created ahead of every write. */
function styleOps(formats: Set<string>, existing: string[]): Op[] {
  const missing = [...formats].filter((f) => !existing.includes(styleName(f)));
  return missing.map((f) => ({
    bytes: ACTION_BYTES * 3 + jsonSize(f) * 2,
    queue: (context) => {
      context.workbook.styles.add(styleName(f));
      context.workbook.styles.getItem(styleName(f)).numberFormat = f;
    },
  }));
}

function widthPoints(chars: number): number {
  return Math.round(chars * POINTS_PER_CHAR * 100) / 100;
}

function pad(line: CellValue[], width: number): CellValue[] {
  return Array.from({ length: width }, (_, i) => line[i] ?? null);
}

function sameCell(had: CellValue | undefined, want: CellValue): boolean {
  if (want === null || want === undefined || want === "") return had === null || had === undefined || had === "";
  if (want instanceof Date) return had instanceof Date && had.getTime() === want.getTime();
  return had === want;
}

/**
 * The output columns on one ledger sheet: header, then every row to the sheet's last (stale ones
 * blanked). A row whose output cells already hold what would be written (a second run) is not sent.
 */
function outputOps(
  output: LedgerOutput,
  grid: Grid | undefined,
  unread: Unread | undefined,
  printArea: string[] | undefined,
): Step[] {
  const width = output.columns.length;
  const byRow = new Map(output.rows.map((r) => [r.row, r.values]));
  // Folded, not spread: a spread of 200,000 rows overflows the call stack.
  const lastRow = output.rows.reduce((m, r) => Math.max(m, r.row), Math.max(grid?.cells.length ?? 0, output.headerRow));
  const values: CellValue[][] = [];
  for (let row = output.headerRow + 1; row <= lastRow; row++) values.push(pad(byRow.get(row) ?? [], width));
  const formats = output.columns.map((c) => c.numFmt);
  const sheet = output.sheet;
  const first = output.startColumn;
  const known = (row: number) => !unread || row < unread.row || unread.end <= first || unread.start >= first + width;
  const unchanged = (i: number) => {
    if (!known(output.headerRow + i)) return false;
    const had = grid?.cells[output.headerRow + i];
    return values[i].every((v, c) => sameCell(had?.[first + c], v));
  };
  // The clerk's print area takes in the output columns (src/report/print.ts); the rest of the page setup is the clerk's.
  const widened = printArea && widenedPrintArea(printArea, output);
  const area = widened && widened.join() !== printArea.join() ? widened.join(",") : undefined;
  const header: Op = {
    bytes: ACTION_BYTES * (5 + 2 * width) + jsonSize(output.columns) + jsonSize(area ?? ""),
    queue: (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const range = ws.getRangeByIndexes(output.headerRow - 1, first, 1, width);
      range.values = [output.columns.map((c) => toExcel(c.header))];
      range.format.font.bold = true;
      output.columns.forEach((c, i) => {
        ws.getRangeByIndexes(0, first + i, 1, 1).format.columnWidth = widthPoints(c.width);
      });
      if (area) ws.pageLayout.setPrintArea(area);
    },
  };
  return [header, ...blockOps({ sheet, row: output.headerRow, column: first, values, formats, unchanged })];
}

function chartOps(table: Table, chart: ChartSpec): Op {
  const count = chart.rowCount ?? table.rows.length;
  return {
    bytes: ACTION_BYTES * (6 + 3 * chart.seriesColumns.length) + jsonSize(chart),
    queue: (context) => {
      const ws = context.workbook.worksheets.getItem(table.sheet);
      const column = (c: number) => ws.getRangeByIndexes(1 + (table.title?.length ?? 0), c, count, 1);
      const [first, ...rest] = chart.seriesColumns;
      const made = ws.charts.add(chart.kind === "bar" ? "BarClustered" : "ColumnClustered", column(first), "Columns");
      made.title.text = chart.title;
      const categories = column(chart.categoryColumn);
      const firstSeries = made.series.getItemAt(0);
      firstSeries.name = table.columns[first].header;
      firstSeries.setXAxisValues(categories);
      for (const c of rest) {
        const series = made.series.add(table.columns[c].header);
        series.setValues(column(c));
        series.setXAxisValues(categories);
      }
      const left = columnLetter(chart.anchorColumn);
      const right = columnLetter(chart.anchorColumn + CHART_SIZE.columns - 1);
      made.setPosition(`${left}2`, `${right}${1 + CHART_SIZE.rows}`);
    },
  };
}

/**
 * How a product sheet prints (src/report/print.ts), as the command's writer sets it (src/xlsx): A4, one page wide and
 * as many down as it takes, the title lines and header repeated on every page, the footer centred on every page. Only
 * queued: it adds no sync. Office.js's enum values are given as their strings (`Excel.PageOrientation.landscape` is
 * "Landscape"), as elsewhere in this file, so nothing needs the `Excel` global at run time.
 */
function queuePage(ws: Excel.Worksheet, page: NonNullable<Table["page"]>, titleLines: number, area: string): void {
  const layout = ws.pageLayout;
  layout.setPrintArea(area);
  layout.orientation = page.landscape ? "Landscape" : "Portrait";
  layout.paperSize = "A4";
  // Fit to 1 page wide; 0 pages tall is "automatic" (OOXML fitToHeight="0"), i.e. as many pages as it takes.
  layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  layout.setPrintTitleRows(`$1:$${titleLines + 1}`);
  // One footer for every page: a first-page or odd/even footer set earlier by hand would hide it.
  layout.headersFooters.state = "Default";
  layout.headersFooters.defaultForAllPages.centerFooter = page.footer;
}

const ALIGN = { left: "Left", center: "Center", right: "Right" } as const;

/** A line across the table (src/report/types.ts Span), as the command's writer sets it: merged, wrapped, aligned. */
function queueSpan(ws: Excel.Worksheet, row: number, width: number, span: Span): void {
  const range = ws.getRangeByIndexes(row, 0, 1, width);
  range.merge(false);
  range.format.wrapText = true;
  range.format.horizontalAlignment = ALIGN[span.align];
  range.format.verticalAlignment = "Center";
  range.format.font.bold = span.style !== "text";
  range.format.font.size = SPAN_POINTS[span.style];
  range.format.rowHeight = span.lines * SPAN_POINTS[span.style] * LINE_HEIGHT;
}

/** The actions queueSpan queues, for the request estimate. */
const SPAN_ACTIONS = 9;

/**
 * A table's columns and rows as the command's writer sets them: numbers and their header right-aligned alike, rows
 * with wrapped text (queueWrap) sized by Excel, and the rows written across the table. Queued after the rows' values.
 */
function layoutOp(table: Table): Op {
  const title = table.title?.length ?? 0;
  const width = table.columns.length;
  const rows = table.rows.length;
  const spans = Object.entries(table.spans?.rows ?? {});
  const wraps = table.columns.some((c) => c.wrap);
  return {
    bytes: ACTION_BYTES * (2 * table.columns.length + 2 + SPAN_ACTIONS * spans.length) + jsonSize(spans),
    queue: (context) => {
      const ws = context.workbook.worksheets.getItem(table.sheet);
      table.columns.forEach((c, i) => {
        const column = ws.getRangeByIndexes(title, i, 1 + rows, 1);
        if (c.numFmt) column.format.horizontalAlignment = "Right";
      });
      if (wraps && rows > 0) ws.getRangeByIndexes(title + 1, 0, rows, width).format.autofitRows();
      for (const [i, span] of spans) queueSpan(ws, title + 1 + Number(i), width, span);
    },
  };
}

/** What queuePage queues: the actions and their arguments, for the request estimate. */
function pageBytes(page: Table["page"]): number {
  return page ? ACTION_BYTES * 9 + jsonSize(page) + 16 : 0;
}

/** Wrapped columns wrap from the header down, and the table's cells then read from the top of their rows. Queued. */
function queueWrap(ws: Excel.Worksheet, table: Table, width: number): void {
  if (!table.columns.some((c) => c.wrap)) return;
  const top = table.title?.length ?? 0;
  const rows = table.rows.length + 1;
  ws.getRangeByIndexes(top, 0, rows, width).format.verticalAlignment = "Top";
  table.columns.forEach((c, i) => {
    if (c.wrap) ws.getRangeByIndexes(top, i, rows, 1).format.wrapText = true;
  });
}

/**
 * A product sheet without charts whose cells, as read, are already the table's (累计已兑付 on a re-run): left as it
 * is rather than cleared and sent again — it can be as long as the ledgers.
 */
function readsAsWritten(table: Table, grid: Grid | undefined): boolean {
  if (!grid || grid.cells.length === 0 || table.charts.length > 0) return false;
  const lines = [...(table.title ?? []).map((l) => [l]), table.columns.map((c) => c.header), ...table.rows];
  const same = (a: CellValue | undefined, b: CellValue | undefined) => (a ?? null) === (b ?? null);
  const width = tableWidth(table);
  return (
    grid.cells.length === lines.length &&
    lines.every((line, r) => Array.from({ length: width }, (_, c) => same(line[c], grid.cells[r]?.[c])).every(Boolean))
  );
}

/** A product sheet: cleared (or added), header, rows, formats, widths, frozen header, page layout, charts. */
function tableOps(table: Table, charts: string[] | undefined): Step[] {
  const width = tableWidth(table);
  const title = table.title ?? [];
  const sheet = table.sheet;
  const prepare: Op = {
    bytes:
      ACTION_BYTES * (9 + (charts?.length ?? 0) + table.columns.length + (3 + SPAN_ACTIONS) * title.length) +
      jsonSize(table.columns) +
      jsonSize(title) +
      pageBytes(table.page) +
      ACTION_BYTES * 2 * (1 + table.columns.filter((c) => c.wrap).length),
    queue: (context) => {
      const sheets = context.workbook.worksheets;
      const ws = charts ? sheets.getItem(sheet) : sheets.add(sheet);
      if (charts) {
        // An earlier run's lines across the table are merged: unmerged first, or the new cells would fall inside.
        ws.getRange().unmerge();
        ws.getRange().clear("All");
        for (const name of charts) ws.charts.getItem(name).delete();
      }
      title.forEach((line, i) => {
        const cell = ws.getRangeByIndexes(i, 0, 1, 1);
        cell.values = [[toExcel(line)]];
        cell.format.font.bold = true;
        if (i < (table.warningLines ?? 0)) cell.format.font.color = "#C00000";
        const span = table.spans?.title?.[i];
        if (span) queueSpan(ws, i, table.columns.length, span);
      });
      const header = ws.getRangeByIndexes(title.length, 0, 1, width);
      header.values = [
        pad(
          table.columns.map((c) => c.header),
          width,
        ).map(toExcel),
      ];
      header.format.font.bold = true;
      table.columns.forEach((c, i) => {
        ws.getRangeByIndexes(0, i, 1, 1).format.columnWidth = widthPoints(c.width);
      });
      if (table.freezeRows > 0) ws.freezePanes.freezeRows(table.freezeRows + title.length);
      else ws.freezePanes.unfreeze();
      queueWrap(ws, table, width);
      if (table.page) queuePage(ws, table.page, title.length, printArea(table));
    },
  };
  const formats = pad([], width).map((_, i) => table.columns[i]?.numFmt);
  const rows = table.rows.map((r) => pad(r, width));
  return [
    prepare,
    ...blockOps({ sheet, row: title.length + 1, column: 0, values: rows, formats }),
    layoutOp(table),
    ...table.charts.map((c) => chartOps(table, c)),
  ];
}

function isRows(step: Step): step is RowsOp {
  return "sizes" in step;
}

/** Rows [from, to) of a RowsOp as one `range.values` write. */
function rowsWrite(step: RowsOp, from: number, to: number, bytes: number): Op {
  const rows = step.values.slice(from, to);
  return {
    bytes,
    queue: (context) => {
      context.workbook.worksheets
        .getItem(step.sheet)
        .getRangeByIndexes(step.row + from, step.column, rows.length, rows[0].length).values = rows;
    },
  };
}

/**
 * Steps packed in order into requests of at most REQUEST_BUDGET bytes, each filled to the brim:
 * rows of values are split wherever the budget runs out, so k requests carry what k can.
 */
function pack(steps: Step[]): Op[][] {
  const requests: Op[][] = [];
  let current: Op[] = [];
  let size = 0;
  const flush = () => {
    requests.push(current);
    current = [];
    size = 0;
  };
  for (const step of steps) {
    if (!isRows(step)) {
      if (current.length > 0 && size + step.bytes > REQUEST_BUDGET) flush();
      current.push(step);
      size += step.bytes;
      continue;
    }
    let from = 0;
    while (from < step.values.length) {
      let bytes = ACTION_BYTES * 3 + 2;
      let to = from;
      while (to < step.values.length && size + bytes + step.sizes[to] <= REQUEST_BUDGET) bytes += step.sizes[to++];
      if (to === from) {
        // Not one more row fits: the next request, where a row always fits.
        if (current.length > 0) {
          flush();
          continue;
        }
        bytes += step.sizes[to++];
      }
      current.push(rowsWrite(step, from, to, bytes));
      size += bytes;
      from = to;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

export async function writeReport(context: Excel.RequestContext, plan: WritePlan): Promise<WriteStats> {
  const formats = new Set(
    [...plan.outputs.flatMap((o) => o.columns), ...plan.tables.flatMap((t) => t.columns)].flatMap((c) =>
      c.numFmt ? [c.numFmt] : [],
    ),
  );
  const steps: Step[] = [
    ...styleOps(formats, plan.styles),
    ...plan.outputs.flatMap((o) =>
      outputOps(
        o,
        plan.grids.find((g) => g.name === o.sheet),
        plan.unread?.[o.sheet],
        plan.printAreas?.[o.sheet],
      ),
    ),
    ...plan.tables
      .filter(
        (t) =>
          !readsAsWritten(
            t,
            plan.grids.find((g) => g.name === t.sheet),
          ),
      )
      .flatMap((t) => tableOps(t, plan.productCharts[t.sheet])),
  ];
  const requests = pack(steps);
  const stats: WriteStats = { syncs: 0, requestBytes: [] };
  for (const [i, request] of requests.entries()) {
    context.application.suspendScreenUpdatingUntilNextSync();
    for (const op of request) op.queue(context);
    if (i === requests.length - 1) plan.finally?.(context);
    stats.requestBytes.push(request.reduce((n, op) => n + op.bytes, 0));
    stats.syncs++;
    // One sync per full request, not per row or sheet: Excel on the web refuses larger ones.
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    plan.onSync?.(stats.syncs);
  }
  return stats;
}
