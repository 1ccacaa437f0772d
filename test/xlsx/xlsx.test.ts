import ExcelJS from "exceljs";
import { balance } from "../../src/engine";
import { readLedger } from "../../src/ledger";
import { defaultPolicy } from "../../src/policy";
import { ledgerOutputs, printed, summaryTables, type Table } from "../../src/report";
import { readWorkbook, WorkbookError, writeResult } from "../../src/xlsx";
import { FORMULA_LIKE_NAME, p2Grid } from "../report/ledgerFixture";

async function bufferOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The fixture ledger as a real workbook, written through exceljs like a clerk's file. */
async function ledgerWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("中小微企业受让专利");
  for (const row of p2Grid().cells) sheet.addRow(row);
  sheet.mergeCells("A1:M1");
  return bufferOf(wb);
}

describe("readWorkbook", () => {
  test("cells as shown: rich text, cached formula results, hyperlinks, dates, errors, merged ranges", async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet("台账");
    s.getCell("A1").value = "标题";
    s.mergeCells("A1:C1");
    s.getCell("A2").value = { richText: [{ text: "申报" }, { text: "单位", font: { bold: true } }] };
    s.getCell("B2").value = { formula: "1+1", result: 2 };
    s.getCell("C2").value = { text: "重庆运营中心", hyperlink: "http://example.invalid" };
    s.getCell("A3").value = new Date(Date.UTC(2024, 2, 5));
    s.getCell("B3").value = { error: "#N/A" };
    s.getCell("C3").value = "=SUM(A1:A2)";
    s.getCell("A4").value = "重庆甲科技有限公司";
    s.mergeCells("A4:A5");
    const { grids } = await readWorkbook(await bufferOf(wb));
    const cells = grids[0].cells;
    expect(grids[0].name).toBe("台账");
    expect(cells[0].slice(0, 3)).toEqual(["标题", undefined, undefined]);
    expect(cells[1]).toEqual(["申报单位", 2, "重庆运营中心"]);
    expect(cells[2][0]).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(cells[2][1]).toBe("#N/A");
    expect(cells[2][2]).toBe("=SUM(A1:A2)");
    expect(cells[3][0]).toBe("重庆甲科技有限公司");
    expect(cells[4][0]).toBe("重庆甲科技有限公司");
  });

  test("a file that is not a workbook is a typed error", async () => {
    await expect(readWorkbook(Buffer.from("序号,申报单位\n1,甲\n"), "fake.xlsx")).rejects.toBeInstanceOf(WorkbookError);
    await expect(readWorkbook(Buffer.from("序号,申报单位\n1,甲\n"), "fake.xlsx")).rejects.toMatchObject({
      kind: "notWorkbook",
      file: "fake.xlsx",
    });
  });
});

describe("writeResult", () => {
  async function runOnce(data: Buffer): Promise<{ wb: ExcelJS.Workbook; tables: Table[] }> {
    const policy = defaultPolicy();
    const { grids } = await readWorkbook(data);
    const workbook = await new ExcelJS.Workbook().xlsx.load(data as unknown as ExcelJS.Buffer);
    const ledger = readLedger(grids, policy);
    const result = balance(ledger.claims, policy, {});
    const run = { time: "2025-01-20T08:00:00.000Z", input: "x.xlsx", lang: "zh" as const };
    const tables = summaryTables(result, ledger, run, "zh").map((t) => printed(t, "zh"));
    writeResult(workbook, ledgerOutputs(result, ledger, grids, "zh"), tables);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await workbook.xlsx.writeBuffer()) as ExcelJS.Buffer);
    return { wb, tables };
  }

  test("output columns beside the ledger with formats; text that looks like a formula stays text", async () => {
    const { wb } = await runOnce(await ledgerWorkbook());
    const sheet = wb.getWorksheet("中小微企业受让专利")!;
    expect([14, 15, 16, 17, 18, 19].map((c) => sheet.getRow(2).getCell(c).value)).toEqual([
      "奖补金额(元)",
      "封顶后(元)",
      "比例",
      "兑付金额(元)",
      "状态",
      "原因",
    ]);
    expect(sheet.getCell("Q3").numFmt).toBe("#,##0.00");
    expect(sheet.getCell("P3").numFmt).toBe("0.00%");
    expect(sheet.getCell("B6").type).toBe(ExcelJS.ValueType.String);
    const list = wb.getWorksheet("公示名单")!;
    const names: ExcelJS.Cell[] = [];
    list.getColumn(2).eachCell((cell) => names.push(cell));
    const formulaLike = names.find((c) => c.value === FORMULA_LIKE_NAME)!;
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    // "@…" is paid, so it is on the list: as plain text, not a structured reference.
    const at = names.find((c) => c.value === "@重庆丁科技有限公司")!;
    expect(at.type).toBe(ExcelJS.ValueType.String);
    // Frozen below its title lines (the notice, 单位：元) and the header, which print on every A4 landscape page.
    expect(list.views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(list.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, printTitlesRow: "1:3" });
  });

  test("a second run replaces the summary sheets and writes the output columns in place", async () => {
    const first = await runOnce(await ledgerWorkbook());
    const second = await runOnce(Buffer.from(await first.wb.xlsx.writeBuffer()));
    const names = second.wb.worksheets.map((w) => w.name);
    expect(names).toEqual(first.wb.worksheets.map((w) => w.name));
    expect(new Set(names).size).toBe(names.length);
    const a = first.wb.getWorksheet("中小微企业受让专利")!;
    const b = second.wb.getWorksheet("中小微企业受让专利")!;
    expect(b.columnCount).toBe(a.columnCount);
    for (let r = 1; r <= a.rowCount; r++) {
      expect(b.getRow(r).values).toEqual(a.getRow(r).values);
    }
  });
});
