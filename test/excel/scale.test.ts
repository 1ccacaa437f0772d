/**
 * Issue 8 item 8 "Scale", task pane side: a workbook whose sheets' used ranges hold more rows than
 * MAX_LEDGER_ROWS is refused from their sizes, in the read's second sync, before any row below the
 * corners is asked for — with the message the command gives (src/ledger/limits.ts).
 */
import { balanceWorkbook, parseSaved, readWorkbook } from "../../src/excel";
import { LedgerTooLargeError, MAX_LEDGER_ROWS } from "../../src/ledger/limits";
import { defaultPolicy } from "../../src/policy";
import { REPORT_SHEETS, SHEETS } from "../../src/report";
import { FakeExcel, FakeWorksheet } from "../fakes/excel";
import { addSheet, emptyWorkbook, type FakeSheet, type FakeWorkbook } from "../fakes/model";

const policy = defaultPolicy();
const HEADER = ["企业名称", "社会信用代码", "企业规模", "专利申请号", "类型", "交易方式", "数量", "登记日期"];

function inExcel<T>(excel: FakeExcel, f: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
  return excel.run((ctx) => f(ctx as unknown as Excel.RequestContext));
}

/**
 * A ledger sheet whose used range reaches `lastRow` (1-based) in `width` columns: title, header, a few
 * claims, then one value on the last row. Sparse, so the fake holds it cheaply whatever its size.
 */
function ledgerSheet(book: FakeWorkbook, name: string, lastRow: number, width = HEADER.length): FakeSheet {
  const sheet = addSheet(book, name);
  sheet.rows[0] = [{ value: `${name}申报汇总表` }];
  sheet.rows[1] = HEADER.slice(0, width).map((h) => ({ value: h }));
  for (let r = 2; r < 6; r++) {
    const claim = ["重庆甲科技有限公司", "91500112MA0000001X", "小型", `ZL20221000000${r}.X`, "发明", "转让", 1, 45400];
    sheet.rows[r] = claim.slice(0, width).map((v) => ({ value: v }));
  }
  sheet.rows[lastRow - 1] = [{ value: "备注" }];
  return sheet;
}

/** Every range the read asks for by index, as [row, column, rows, columns]. */
function rangesAskedFor(): { calls: number[][]; restore: () => void } {
  const spy = jest.spyOn(FakeWorksheet.prototype, "getRangeByIndexes");
  return { calls: spy.mock.calls as number[][], restore: () => spy.mockRestore() };
}

describe("readWorkbook, over the limit", () => {
  test("a sheet with a million used rows is refused in the second sync, no row below its corner read", async () => {
    const book = emptyWorkbook();
    ledgerSheet(book, "中小微企业受让专利", 1_000_002);
    const excel = new FakeExcel(book);
    const asked = rangesAskedFor();
    const error = await inExcel(excel, (ctx) => readWorkbook(ctx, REPORT_SHEETS)).catch((e: unknown) => e);
    asked.restore();

    expect(error).toBeInstanceOf(LedgerTooLargeError);
    const { zh, en, message } = error as LedgerTooLargeError;
    expect(zh).toContain("工作表「中小微企业受让专利」有 1,000,002 行");
    expect(zh).toContain(`一次最多处理 ${MAX_LEDGER_ROWS.toLocaleString("en-US")} 行`);
    expect(en).toContain('sheet "中小微企业受让专利" has 1,000,002 rows');
    expect(en).toContain("Split the ledger by item into several workbooks");
    // The pane shows `message` after its 失败 prefix: both languages, no stack.
    expect(message).toBe(`${zh}\n${en}`);

    // Sheet list, then used ranges with their corners: nothing after.
    expect(excel.syncs).toHaveLength(2);
    // Only the corner (from A1) was asked for; reading the sheet would take 1,000,002 rows.
    expect(asked.calls.length).toBe(1);
    expect(asked.calls[0][0]).toBe(0);
    expect(asked.calls[0][2]).toBeLessThan(10_000);
    const responded = excel.syncs.reduce((n, s) => n + s.responseBytes, 0);
    expect(responded).toBeLessThan(4_000_000);
  });

  test("sheets within the limit each but over it together are refused, and the message names both", async () => {
    const book = emptyWorkbook();
    const half = Math.ceil(MAX_LEDGER_ROWS / 2) + 1;
    ledgerSheet(book, "高校院所输出专利", half);
    ledgerSheet(book, "中小微企业受让专利", half);
    const excel = new FakeExcel(book);
    const asked = rangesAskedFor();
    const error = await inExcel(excel, (ctx) => readWorkbook(ctx, REPORT_SHEETS)).catch((e: unknown) => e);
    asked.restore();
    expect(error).toBeInstanceOf(LedgerTooLargeError);
    expect((error as LedgerTooLargeError).zh).toContain(`共 ${(2 * half).toLocaleString("en-US")} 行`);
    expect((error as LedgerTooLargeError).en).toContain('"高校院所输出专利"');
    expect(excel.syncs).toHaveLength(2);
    expect(asked.calls.every(([row]) => row === 0)).toBe(true);
  });

  test("the ribbon's and the pane's balance stop at the read: nothing is written", async () => {
    const book = emptyWorkbook();
    const sheet = ledgerSheet(book, "中小微企业受让专利", MAX_LEDGER_ROWS + 1);
    const excel = new FakeExcel(book);
    await expect(
      inExcel(excel, (ctx) => balanceWorkbook(ctx, policy, (snap) => parseSaved(snap.saved, policy), "zh")),
    ).rejects.toBeInstanceOf(LedgerTooLargeError);
    expect(excel.syncs).toHaveLength(2);
    expect(book.sheets.map((s) => s.name)).toEqual(["中小微企业受让专利"]);
    expect(sheet.rows[1]).toHaveLength(HEADER.length);
    expect(Object.keys(book.settings)).toEqual([]);
  });
});

describe("readWorkbook, at the limit", () => {
  test("a sheet of exactly the maximum rows is read whole", async () => {
    const book = emptyWorkbook();
    // One column keeps the fake's work small: what is tested is where the limit falls.
    ledgerSheet(book, "中小微企业受让专利", MAX_LEDGER_ROWS, 1);
    const snap = await inExcel(new FakeExcel(book), (ctx) => readWorkbook(ctx, REPORT_SHEETS));
    expect(snap.grids[0].cells).toHaveLength(MAX_LEDGER_ROWS);
    expect(snap.grids[0].cells[MAX_LEDGER_ROWS - 1][0]).toBe("备注");
  }, 30_000);

  test("an earlier run's large 公示名单 is not counted: the product's sheets are replaced, not balanced", async () => {
    const book = emptyWorkbook();
    ledgerSheet(book, "中小微企业受让专利", MAX_LEDGER_ROWS - 10, 1);
    ledgerSheet(book, SHEETS.publicity, 1_000, 1);
    const snap = await inExcel(new FakeExcel(book), (ctx) => readWorkbook(ctx, REPORT_SHEETS));
    expect(snap.grids.map((g) => g.cells.length)).toEqual([MAX_LEDGER_ROWS - 10, 1_000]);
  }, 30_000);
});
