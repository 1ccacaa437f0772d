/**
 * Report tables → an exceljs workbook: output columns in place on the ledger sheets, summary sheets
 * (re)created. Every text is written as a string value, so a unit named `=HYPERLINK(…)` stays text.
 */
/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read -- exceljs objects are plain values, not Office.js proxies */
import type ExcelJS from "exceljs";
import type { CellValue, Lang } from "../engine/types";
import { columnLetter } from "../ledger";
import { SHEETS, type ChartSpec, type LedgerOutput, type Table } from "../report";

/** exceljs 4.4 writes no native charts: each chart's data goes beside its table instead, and 运行记录 says so. */
const CHART_NOTE: Record<Lang, (title: string, where: string) => string> = {
  zh: (title, where) => `图表「${title}」：exceljs 不能生成原生图表，已在 ${where} 写出图表数据，可据此插入图表`,
  en: (title, where) =>
    `Chart "${title}": exceljs cannot create native charts; its data is at ${where}, ready to insert a chart`,
};

export function writeResult(
  workbook: ExcelJS.Workbook,
  outputs: LedgerOutput[],
  tables: Table[],
  lang: Lang = "zh",
): void {
  const styles = new SharedStyles();
  for (const output of outputs) {
    const sheet = workbook.getWorksheet(output.sheet);
    if (sheet) writeOutputColumns(sheet, output, styles);
  }
  const notes: string[] = [];
  for (const table of tables) {
    for (const chart of table.charts) notes.push(CHART_NOTE[lang](chart.title, chartDataRange(table, chart)));
  }
  for (const table of tables) {
    const existing = workbook.getWorksheet(table.sheet);
    if (existing) workbook.removeWorksheet(existing.id);
    const rows =
      table.sheet === SHEETS.runRecord ? [...table.rows, ...notes.map((n) => [noteLabel(lang), n])] : table.rows;
    writeTable(workbook.addWorksheet(table.sheet), { ...table, rows });
  }
}

function noteLabel(lang: Lang): string {
  return lang === "en" ? "Chart" : "图表";
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

function writeTable(sheet: ExcelJS.Worksheet, table: Table): void {
  sheet.columns = table.columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const title = table.title ?? [];
  title.forEach((line, i) => {
    const row = sheet.addRow([line]);
    row.font =
      i < (table.warningLines ?? 0) ? { bold: true, size: 14, color: { argb: "FFC00000" } } : { bold: true, size: 14 };
  });
  sheet.addRow(table.columns.map((c) => c.header)).font = { bold: true };
  for (const values of table.rows) sheet.addRow(values.map(cellValue));
  if (table.freezeRows > 0) sheet.views = [{ state: "frozen", ySplit: table.freezeRows + title.length }];
  if (table.page) {
    // A4 (paperSize 9); one page wide, as many pages down as it takes.
    sheet.pageSetup = {
      ...sheet.pageSetup,
      orientation: table.page.landscape ? "landscape" : "portrait",
      paperSize: 9,
      ...(table.page.fitToWidth ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : {}),
      ...(table.page.printTitleRows ? { printTitlesRow: `1:${title.length + table.page.printTitleRows}` } : {}),
    };
    if (table.page.footer) sheet.headerFooter = { ...sheet.headerFooter, oddFooter: `&C${table.page.footer}` };
  }
  for (const chart of table.charts) writeChartData(sheet, table, chart);
}

function cellValue(v: CellValue): ExcelJS.CellValue {
  return v === undefined ? null : v;
}

function chartRows(table: Table, chart: ChartSpec): CellValue[][] {
  return table.rows.slice(0, chart.rowCount ?? table.rows.length);
}

function chartDataRange(table: Table, chart: ChartSpec): string {
  const width = chart.seriesColumns.length;
  const from = columnLetter(chart.anchorColumn);
  const to = columnLetter(chart.anchorColumn + width);
  return `${table.sheet}!${from}1:${to}${chartRows(table, chart).length + 2}`;
}

/** The chart's title, then category and series columns side by side: one selection for 插入图表. */
function writeChartData(sheet: ExcelJS.Worksheet, table: Table, chart: ChartSpec): void {
  const first = chart.anchorColumn + 1;
  const columns = [chart.categoryColumn, ...chart.seriesColumns];
  const title = sheet.getCell(1, first);
  title.value = chart.title;
  title.font = { bold: true };
  columns.forEach((c, i) => {
    const header = sheet.getCell(2, first + i);
    header.value = table.columns[c].header;
    header.font = { bold: true };
    sheet.getColumn(first + i).width = Math.max(10, table.columns[c].width);
  });
  chartRows(table, chart).forEach((values, r) => {
    columns.forEach((c, i) => {
      const cell = sheet.getCell(r + 3, first + i);
      cell.value = cellValue(values[c]);
      const numFmt = table.columns[c].numFmt;
      if (numFmt) cell.numFmt = numFmt;
    });
  });
}

/** The fastest deflate level: a 50k-row result is written about a third sooner, in a somewhat larger file. */
export async function saveWorkbook(workbook: ExcelJS.Workbook, file: string): Promise<void> {
  await workbook.xlsx.writeFile(file, { zip: { compression: "DEFLATE", compressionOptions: { level: 1 } } });
}
