/**
 * Report tables → an exceljs workbook: output columns in place on the ledger sheets, summary sheets
 * (re)created. Every text is written as a string value, so a unit named `=HYPERLINK(…)` stays text.
 */
/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read -- exceljs objects are plain values, not Office.js proxies */
import { promises as fs } from "fs";
import type ExcelJS from "exceljs";
import type { CellValue, Lang } from "../engine/types";
import { columnLetter } from "../ledger";
import { printArea, REPORT_SHEETS, SHEETS, type LedgerOutput, type Table } from "../report";
import { labels } from "../report/labels";
import { addCharts } from "./charts";
import { carryOver, featureName, type Carried } from "./keep";
import { escapeXml, Package, sheetParts } from "./package";

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
      printArea: printArea(table),
      paperSize: 9,
      ...(table.page.fitToWidth ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : {}),
      ...(table.page.printTitleRows ? { printTitlesRow: `1:${title.length + table.page.printTitleRows}` } : {}),
    };
    if (table.page.footer) sheet.headerFooter = { ...sheet.headerFooter, oddFooter: `&C${table.page.footer}` };
  }
}

function cellValue(v: CellValue): ExcelJS.CellValue {
  return v === undefined ? null : v;
}

/**
 * Writes the workbook, then finishes the package exceljs wrote: the tables' native charts, and what exceljs
 * dropped from `input` (the clerk's workbook) copied back where it can be; what cannot is listed at the foot
 * of 运行记录. Returns what was kept and lost. The fastest deflate level: a 50k-row result is written about a
 * third sooner, in a somewhat larger file.
 */
export async function saveResult(
  workbook: ExcelJS.Workbook,
  file: string,
  tables: readonly Table[],
  lang: Lang,
  input?: Buffer,
): Promise<Carried | undefined> {
  const written = await workbook.xlsx.writeBuffer({
    zip: { compression: "DEFLATE", compressionOptions: { level: 1 } },
  });
  const withCharts = async () => {
    const pkg = await Package.load(written as unknown as Buffer);
    const sheets = await sheetParts(pkg);
    await addCharts(pkg, tables, sheets);
    await absolutePrintAreas(pkg);
    return { pkg, record: sheets.get(SHEETS.runRecord) };
  };
  let { pkg, record } = await withCharts();
  let carried: Carried | undefined;
  if (input) {
    try {
      carried = await carryOver(await Package.load(input), pkg, REPORT_SHEETS);
    } catch (e) {
      // A package this code cannot follow: the result as exceljs wrote it (and its charts), and the record says
      // that what else the input held was not checked, rather than no result at all.
      ({ pkg, record } = await withCharts());
      carried = { kept: [], lost: [], failed: (e as Error).message };
    }
  }
  if (carried && record) await appendRows(pkg, record, carriedRows(carried, lang));
  await fs.writeFile(file, await pkg.generate());
  return carried;
}

/**
 * exceljs writes every print area, the clerk's as well as ours, as `'汇总'!$A1:$L22`: rows relative, which
 * LibreOffice ignores and Excel reads against the active cell. Print areas are absolute, as Excel writes them.
 */
async function absolutePrintAreas(pkg: Package): Promise<void> {
  const xml = await pkg.text("xl/workbook.xml");
  pkg.put(
    "xl/workbook.xml",
    xml.replace(
      /(<definedName\b[^>]*\bname="_xlnm\.Print_Area"[^>]*>)([^<]*)/g,
      (_, tag: string, ranges: string) =>
        tag +
        // Only the address after each `!`: a sheet's name may itself look like a cell (`'P2台账'`).
        ranges.replace(
          /!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?=,|$)/g,
          (_m, address: string) =>
            `!${address.replace(/\$?([A-Z]{1,3})\$?(\d+)/g, (_c, column: string, row: string) => `$${column}$${row}`)}`,
        ),
    ),
  );
}

function carriedRows(carried: Carried, lang: Lang): string[][] {
  const R = labels(lang).run;
  const line = (list: Carried["kept"]) =>
    list.map((f) => R.count(featureName(f.feature, lang), f.count)).join(lang === "zh" ? "；" : "; ");
  return [
    ...(carried.kept.length > 0 ? [[R.kept, line(carried.kept)]] : []),
    ...(carried.lost.length > 0 ? [[R.notKept, line(carried.lost)]] : []),
    ...(carried.failed !== undefined ? [[R.notChecked, carried.failed]] : []),
  ];
}

/** Rows of text below a sheet's last row, as inline strings (the package's shared strings stay as written). */
async function appendRows(pkg: Package, sheet: string, rows: string[][]): Promise<void> {
  if (rows.length === 0) return;
  const xml = await pkg.text(sheet);
  let last = 0;
  for (const m of xml.matchAll(/<row\b[^>]*\br="(\d+)"/g)) last = Math.max(last, Number(m[1]));
  const cells = (values: string[], r: number) =>
    values
      .map(
        (v, c) =>
          `<c r="${columnLetter(c)}${r}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`,
      )
      .join("");
  const added = rows.map((values, i) => `<row r="${last + 1 + i}">${cells(values, last + 1 + i)}</row>`).join("");
  const end = last + rows.length;
  pkg.put(
    sheet,
    xml
      .replace(/<sheetData\/>/, "<sheetData></sheetData>")
      .replace("</sheetData>", `${added}</sheetData>`)
      .replace(/<dimension ref="([A-Z]+\d+):([A-Z]+)\d+"\/>/, `<dimension ref="$1:$2${end}"/>`),
  );
}
