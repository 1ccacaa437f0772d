/** Workbooks of a year for the tests of issue 15: a later batch's ledger, and an earlier result's 累计已兑付 copied in. */
/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read -- exceljs objects are plain values, not Office.js proxies */
import path from "path";
import ExcelJS from "exceljs";
import { inventionNumber } from "../fakes/ledger";

export const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");

/** The sample as a later batch's ledger: the same units with new pledges, filings and patents, recorded in late 2024. */
export async function laterLedger(out: string, batch: number): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const pledges = wb.getWorksheet("专利质押融资")!;
  for (let r = 4; r <= 24; r++) {
    const reg = pledges.getCell(`F${r}`);
    if (reg.value) reg.value = `${String(reg.value)}-${batch}`;
    if (pledges.getCell(`H${r}`).value) pledges.getCell(`H${r}`).value = new Date(Date.UTC(2024, 10, batch));
  }
  const filings = wb.getWorksheet("专利产品备案")!;
  for (let r = 4; r <= 14; r++) {
    const no = filings.getCell(`G${r}`);
    if (no.value) no.value = `${String(no.value)}-${batch}`;
  }
  // P1: the first rows transfer new patents; the others repeat batch 1's (paid once only).
  const transfers = wb.getWorksheet("高校院所输出专利")!;
  for (let r = 4; r <= 8; r++) transfers.getCell(`F${r}`).value = inventionNumber(batch * 1000 + r);
  await wb.xlsx.writeFile(out);
  return out;
}

/** `ledger` with the 累计已兑付 sheet of `result` copied in, as a clerk copies a sheet between workbooks. */
export async function copyCumulative(result: string, ledger: string, out: string): Promise<string> {
  const from = new ExcelJS.Workbook();
  await from.xlsx.readFile(result);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(ledger);
  const copy = wb.addWorksheet("累计已兑付");
  from.getWorksheet("累计已兑付")!.eachRow({ includeEmpty: true }, (row, n) => {
    copy.getRow(n).values = row.values as ExcelJS.CellValue[];
  });
  await wb.xlsx.writeFile(out);
  return out;
}
