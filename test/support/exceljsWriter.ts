/**
 * The command's writer before issue 19 item 2, kept as the tests' baseline of what exceljs wrote (the product's sheets
 * now come from src/xlsx/productSheet.ts, the clerk's package edited by src/xlsx/save.ts): report tables → an exceljs
 * workbook, output columns in place on the ledger sheets, summary sheets (re)created.
 */
/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read -- exceljs objects are plain values, not Office.js proxies */
import type ExcelJS from "exceljs";
import type { CellValue } from "../../src/engine/types";
import {
  LINE_HEIGHT,
  LINE_POINTS,
  printArea,
  SPAN_POINTS,
  widenedPrintArea,
  wrappedLines,
  type Column,
  type LedgerOutput,
  type Span,
  type Table,
} from "../../src/report";

export function writeResult(workbook: ExcelJS.Workbook, outputs: LedgerOutput[], tables: Table[]): void {
  const styles = new SharedStyles();
  for (const output of outputs) {
    const sheet = workbook.getWorksheet(output.sheet);
    if (sheet) writeOutputColumns(sheet, output, styles);
  }
  for (const table of tables) {
    const existing = workbook.getWorksheet(table.sheet);
    if (existing) workbook.removeWorksheet(existing.id);
    writeTable(workbook.addWorksheet(table.sheet), table);
  }
}

/**
 * One style object per number format, shared by every cell that uses it: exceljs recognises a style
 * it has seen by identity, which keeps writing a 50k-row ledger from building 300k styles.
 */
class SharedStyles {
  private readonly byFormat = new Map<string, Partial<ExcelJS.Style>>();

  get(numFmt: string): Partial<ExcelJS.Style> {
    let style = this.byFormat.get(numFmt);
    if (!style) {
      style = { numFmt };
      this.byFormat.set(numFmt, style);
    }
    return style;
  }
}

function writeOutputColumns(sheet: ExcelJS.Worksheet, output: LedgerOutput, styles: SharedStyles): void {
  const first = output.startColumn + 1;
  // The clerk's print area (exceljs joins its blocks with &&) takes in the output columns; the rest of the page
  // setup is the clerk's.
  const area = sheet.pageSetup.printArea;
  if (area) sheet.pageSetup.printArea = widenedPrintArea(area.split("&&"), output).join("&&");
  const header = sheet.getRow(output.headerRow);
  output.columns.forEach((column, i) => {
    const col = sheet.getColumn(first + i);
    col.width = Math.max(col.width ?? 0, column.width);
    const cell = header.getCell(first + i);
    cell.value = column.header;
    cell.font = { bold: true };
  });
  const written = new Map(output.rows.map((r) => [r.row, r.values]));
  // An earlier run's values on rows that are no longer claims must not survive in place.
  // Folded, not spread: a spread of 200,000 rows overflows the call stack.
  const last = output.rows.reduce((m, r) => Math.max(m, r.row), sheet.rowCount);
  for (let r = output.headerRow + 1; r <= last; r++) {
    const values = written.get(r);
    const row = sheet.getRow(r);
    output.columns.forEach((column, i) => {
      const cell = row.getCell(first + i);
      const value = values?.[i];
      if (values === undefined && (cell.value === null || cell.value === undefined)) return;
      cell.value = value ?? null;
      if (column.numFmt && typeof value === "number") cell.style = styles.get(column.numFmt);
    });
  }
}

/**
 * A column's cells: its number format, numbers and their header right-aligned alike, long text wrapped; in a table
 * with wrapped text every cell reads from the top of its row.
 */
function columnStyle(c: Column, wraps: boolean): Partial<ExcelJS.Style> {
  const alignment: Partial<ExcelJS.Alignment> = {
    ...(c.numFmt ? { horizontal: "right" } : {}),
    ...(wraps ? { vertical: "top" } : {}),
    ...(c.wrap ? { wrapText: true } : {}),
  };
  return { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(Object.keys(alignment).length > 0 ? { alignment } : {}) };
}

/** A line across the table (src/report/types.ts Span): merged, wrapped, aligned, as tall as its lines. */
function writeSpan(sheet: ExcelJS.Worksheet, row: ExcelJS.Row, span: Span, width: number): void {
  sheet.mergeCells(row.number, 1, row.number, width);
  const cell = row.getCell(1);
  cell.alignment = { horizontal: span.align, vertical: "middle", wrapText: true };
  cell.font = { bold: span.style !== "text", size: SPAN_POINTS[span.style] };
  row.height = span.lines * SPAN_POINTS[span.style] * LINE_HEIGHT;
}

function writeTable(sheet: ExcelJS.Worksheet, table: Table): void {
  const wraps = table.columns.some((c) => c.wrap);
  sheet.columns = table.columns.map((c) => ({ width: c.width, style: columnStyle(c, wraps) }));
  const title = table.title ?? [];
  const width = table.columns.length;
  title.forEach((line, i) => {
    const row = sheet.addRow([line]);
    const span = table.spans?.title?.[i];
    if (span) writeSpan(sheet, row, span, width);
    else
      row.font =
        i < (table.warningLines ?? 0)
          ? { bold: true, size: 14, color: { argb: "FFC00000" } }
          : { bold: true, size: 14 };
  });
  sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
  table.rows.forEach((values, i) => {
    const row = sheet.addRow(values.map(cellValue));
    const span = table.spans?.rows?.[i];
    if (span) writeSpan(sheet, row, span, width);
    else {
      // Excel and LibreOffice keep a file's row heights as written: a wrapped row is given the lines it takes.
      const lines = wraps ? wrappedLines(table.columns, values) : 1;
      if (lines > 1) row.height = lines * LINE_POINTS;
    }
  });
  if (table.freezeRows > 0) sheet.views = [{ state: "frozen", ySplit: table.freezeRows + title.length }];
  if (table.page) {
    // A4 (paperSize 9); one page wide, as many pages down as it takes (report/print.ts).
    sheet.pageSetup = {
      ...sheet.pageSetup,
      orientation: table.page.landscape ? "landscape" : "portrait",
      printArea: printArea(table),
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${title.length + 1}`,
    };
    sheet.headerFooter = { ...sheet.headerFooter, oddFooter: `&C${table.page.footer}` };
  }
}

function cellValue(v: CellValue): ExcelJS.CellValue {
  return v === undefined ? null : v;
}
