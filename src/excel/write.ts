/**
 * Report tables → the open workbook, in as few syncs as the data allows: every write is queued,
 * packed into requests under Excel on the web's 5 MB payload limit, and each request is sent with
 * screen updating suspended. Only the product's own output columns and sheets are touched; a second
 * run clears and rewrites them in place (no duplicate sheets or columns).
 */
import type { CellValue } from "../engine/types";
import { columnLetter, type Grid } from "../ledger";
import type { ChartSpec, LedgerOutput, Table } from "../report";
import { jsonSize, toExcel } from "./cells";

/** Room left under 5 MB for what Office.js adds around each action's arguments. */
export const REQUEST_BUDGET = 4_750_000;
/** Size of one piece of a block; small enough that pieces pack tightly into requests. */
const PIECE_BYTES = 256_000;
/** What one queued action costs besides its arguments, for the estimate. */
const ACTION_BYTES = 64;
/** Excel's standard column: 8.43 characters = 48 points. */
const POINTS_PER_CHAR = 48 / 8.43;
const CHART_WIDTH_COLUMNS = 8;
const CHART_HEIGHT_ROWS = 18;

export interface WritePlan {
  outputs: LedgerOutput[];
  tables: Table[];
  /** The grids the outputs were computed from: their last rows bound the stale values to clear. */
  grids: Grid[];
  /** Product sheets that exist, with their charts (from readWorkbook). */
  productCharts: Record<string, string[]>;
  /** The workbook's style names (from readWorkbook). */
  styles: string[];
  /** Queued with the last request (saving settings, say). */
  finally?: (context: Excel.RequestContext) => void;
}

export interface WriteStats {
  syncs: number;
  /** Estimated request bytes of each sync. */
  requestBytes: number[];
}

type Op = { bytes: number; queue: (context: Excel.RequestContext) => void };

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
}

/** A block's styles (first: a value is parsed against its cell's format), then its values in pieces of about PIECE_BYTES. */
function blockOps(block: Block): Op[] {
  const count = block.values.length;
  if (count === 0) return [];
  const ops: Op[] = [
    {
      bytes: ACTION_BYTES * 2 * block.formats.length,
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
    let bytes = ACTION_BYTES * 2;
    let end = start;
    while (end < count && (end === start || bytes < PIECE_BYTES)) {
      bytes += jsonSize(block.values[end].map(toExcel));
      end++;
    }
    const rows = block.values.slice(start, end).map((line) => line.map(toExcel));
    const at = block.row + start;
    ops.push({
      bytes,
      queue: (context) => {
        context.workbook.worksheets
          .getItem(block.sheet)
          .getRangeByIndexes(at, block.column, rows.length, rows[0].length).values = rows;
      },
    });
    start = end;
  }
  return ops;
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

/** The output columns on one ledger sheet: header, then every row to the sheet's last (stale ones blanked). */
function outputOps(output: LedgerOutput, grid: Grid | undefined): Op[] {
  const width = output.columns.length;
  const byRow = new Map(output.rows.map((r) => [r.row, r.values]));
  const lastRow = Math.max(grid?.cells.length ?? 0, output.headerRow, ...output.rows.map((r) => r.row));
  const values: CellValue[][] = [];
  for (let row = output.headerRow + 1; row <= lastRow; row++) values.push(pad(byRow.get(row) ?? [], width));
  const formats = output.columns.map((c) => c.numFmt);
  const sheet = output.sheet;
  const first = output.startColumn;
  const header: Op = {
    bytes: ACTION_BYTES * 6 + jsonSize(output.columns),
    queue: (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      const range = ws.getRangeByIndexes(output.headerRow - 1, first, 1, width);
      range.values = [output.columns.map((c) => toExcel(c.header))];
      range.format.font.bold = true;
      output.columns.forEach((c, i) => {
        ws.getRangeByIndexes(0, first + i, 1, 1).format.columnWidth = widthPoints(c.width);
      });
    },
  };
  return [header, ...blockOps({ sheet, row: output.headerRow, column: first, values, formats })];
}

function chartOps(table: Table, chart: ChartSpec): Op {
  const count = chart.rowCount ?? table.rows.length;
  return {
    bytes: ACTION_BYTES * (6 + 3 * chart.seriesColumns.length) + jsonSize(chart),
    queue: (context) => {
      const ws = context.workbook.worksheets.getItem(table.sheet);
      const column = (c: number) => ws.getRangeByIndexes(1, c, count, 1);
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
      const right = columnLetter(chart.anchorColumn + CHART_WIDTH_COLUMNS - 1);
      made.setPosition(`${left}2`, `${right}${1 + CHART_HEIGHT_ROWS}`);
    },
  };
}

/** A product sheet: cleared (or added), header, rows, formats, widths, frozen header, charts. */
function tableOps(table: Table, charts: string[] | undefined): Op[] {
  const width = Math.max(table.columns.length, ...table.rows.map((r) => r.length));
  const sheet = table.sheet;
  const prepare: Op = {
    bytes: ACTION_BYTES * (8 + (charts?.length ?? 0) + table.columns.length) + jsonSize(table.columns),
    queue: (context) => {
      const sheets = context.workbook.worksheets;
      const ws = charts ? sheets.getItem(sheet) : sheets.add(sheet);
      if (charts) {
        ws.getRange().clear("All");
        for (const name of charts) ws.charts.getItem(name).delete();
      }
      const header = ws.getRangeByIndexes(0, 0, 1, width);
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
      if (table.freezeRows > 0) ws.freezePanes.freezeRows(table.freezeRows);
      else ws.freezePanes.unfreeze();
    },
  };
  const formats = pad([], width).map((_, i) => table.columns[i]?.numFmt);
  const rows = table.rows.map((r) => pad(r, width));
  return [
    prepare,
    ...blockOps({ sheet, row: 1, column: 0, values: rows, formats }),
    ...table.charts.map((c) => chartOps(table, c)),
  ];
}

/** Ops packed greedily, in order, into requests of at most REQUEST_BUDGET bytes. */
function pack(ops: Op[]): Op[][] {
  const requests: Op[][] = [];
  let current: Op[] = [];
  let size = 0;
  for (const op of ops) {
    if (current.length > 0 && size + op.bytes > REQUEST_BUDGET) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(op);
    size += op.bytes;
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
  const ops: Op[] = [
    ...styleOps(formats, plan.styles),
    ...plan.outputs.flatMap((o) =>
      outputOps(
        o,
        plan.grids.find((g) => g.name === o.sheet),
      ),
    ),
    ...plan.tables.flatMap((t) => tableOps(t, plan.productCharts[t.sheet])),
  ];
  const requests = pack(ops);
  const stats: WriteStats = { syncs: 0, requestBytes: [] };
  for (const [i, request] of requests.entries()) {
    context.application.suspendScreenUpdatingUntilNextSync();
    for (const op of request) op.queue(context);
    if (i === requests.length - 1) plan.finally?.(context);
    stats.requestBytes.push(request.reduce((n, op) => n + op.bytes, 0));
    stats.syncs++;
    // One sync per ≤ 4.5 MB request, not per row or sheet: Excel on the web refuses larger ones.
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
  }
  return stats;
}
