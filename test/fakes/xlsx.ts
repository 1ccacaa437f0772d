/**
 * A real .xlsx → the fake's workbook (node only): values as Excel would return them (dates as serial
 * numbers under their number format, formulas with their cached result), merged areas, visibility.
 */
import ExcelJS from "exceljs";
import { addSheet, emptyWorkbook, type FakeCell, type FakeWorkbook, type Scalar } from "./model";
import { parseAddress } from "./address";

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function scalar(v: ExcelJS.CellValue): Scalar {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return (v.getTime() - EXCEL_EPOCH_MS) / 86_400_000;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("hyperlink" in v) return scalar(v.text as ExcelJS.CellValue);
  if ("formula" in v || "sharedFormula" in v) return scalar((v.result ?? "") as ExcelJS.CellValue);
  if ("error" in v) return v.error;
  return "";
}

export async function fakeFromWorkbook(workbook: ExcelJS.Workbook, name = "ledger.xlsx"): Promise<FakeWorkbook> {
  const book = emptyWorkbook(name);
  for (const ws of workbook.worksheets) {
    const sheet = addSheet(book, ws.name);
    sheet.visibility = ws.state === "veryHidden" ? "VeryHidden" : ws.state === "hidden" ? "Hidden" : "Visible";
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value;
        const out: FakeCell = { value: scalar(v) };
        if (v && typeof v === "object" && "formula" in v) out.formula = `=${v.formula}`;
        const fmt = cell.numFmt || (v instanceof Date ? "yyyy-mm-dd" : undefined);
        if (fmt) out.numberFormat = fmt;
        if (cell.font?.bold) out.bold = true;
        (sheet.rows[r - 1] ??= [])[c - 1] = out;
      });
    });
    const merges = (ws.model as { merges?: string[] }).merges ?? [];
    sheet.merges = merges.map(parseAddress);
    ws.columns?.forEach((col, i) => {
      if (col.width) sheet.columnWidths[i] = Math.round((col.width * 48) / 8.43);
    });
  }
  return book;
}

export async function fakeFromXlsx(file: string | Buffer): Promise<FakeWorkbook> {
  const workbook = new ExcelJS.Workbook();
  if (typeof file === "string") await workbook.xlsx.readFile(file);
  else await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  return fakeFromWorkbook(workbook, typeof file === "string" ? file.split("/").pop() : undefined);
}
