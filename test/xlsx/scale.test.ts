/**
 * Issue 8 item 8 "Scale", issue 19 "a limit only where memory truly ends": a workbook over its host's limit (the
 * command's COMMAND_LIMIT, a browser page's PANE_LIMIT) is refused before its cells are held, from its rows as they
 * are counted, with a message that says which sheet, how many rows, the limit, why it is there, and what to do —
 * never an out-of-memory abort or a stack trace minutes later.
 */
import { mkdtempSync, rmSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { main, type Io } from "../../src/cli/main";
import {
  COMMAND_LEDGER_ROWS,
  COMMAND_LIMIT,
  LedgerTooLargeError,
  MAX_LEDGER_ROWS,
  PANE_LIMIT,
  tooLarge,
  type SheetSize,
} from "../../src/ledger/limits";
import { NODE, readWorkbook, WorkbookError } from "../../src/xlsx";
import { readCells, workbookParts } from "../../src/xlsx/cells";
import { Package } from "../../src/xlsx/package";
import type { Inflate } from "../../src/xlsx/zip";
import { withRows } from "../hostile/workbooks";

const HEADER = ["企业名称", "社会信用代码", "企业规模", "专利申请号", "类型", "交易方式", "数量", "登记日期"];

/** A small ledger written by exceljs's ordinary writer, which puts a <dimension> at each sheet's head. */
async function smallWorkbook(sheets: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const name of sheets) {
    const sheet = wb.addWorksheet(name);
    sheet.addRow([`${name}申报汇总表`]);
    sheet.addRow(HEADER);
    sheet.addRow([
      "重庆甲科技有限公司",
      "91500112MA0000001X",
      "小型",
      "ZL202210000001.X",
      "发明",
      "转让",
      1,
      "2024-03-05",
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function captured(): Io & { text: () => string } {
  const chunks: string[] = [];
  return {
    out: (s) => chunks.push(s),
    err: (s) => chunks.push(s),
    errIsTTY: false,
    text: () => chunks.join(""),
  };
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), "patent-awards-scale-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the limit", () => {
  test("is a named maximum both hosts share, and its message is bilingual and says what to do", () => {
    expect(MAX_LEDGER_ROWS).toBeGreaterThanOrEqual(50_000);
    const error = tooLarge([{ sheet: "中小微企业受让专利", rows: 1_000_002 }]);
    expect(error).toBeInstanceOf(LedgerTooLargeError);
    expect(error!.zh).toContain("工作表「中小微企业受让专利」有 1,000,002 行");
    expect(error!.zh).toContain(`一次最多处理 ${MAX_LEDGER_ROWS.toLocaleString("en-US")} 行（Excel 任务窗格`);
    expect(error!.zh).toContain("按奖补项目把台账拆分");
    expect(error!.en).toContain('sheet "中小微企业受让专利" has 1,000,002 rows');
    expect(error!.en).toContain(
      `at most ${MAX_LEDGER_ROWS.toLocaleString("en-US")} rows are balanced in one run (what Excel's task pane`,
    );
    expect(error!.en).toContain("Split the ledger by item into several workbooks");
    expect(error!.message).toBe(`${error!.zh}\n${error!.en}`);
  });

  test("counts every sheet's rows together; sheets named as the product's apart, against a limit of their own", () => {
    expect(tooLarge([{ sheet: "P2", rows: MAX_LEDGER_ROWS }])).toBeUndefined();
    expect(tooLarge([{ sheet: "P2", rows: MAX_LEDGER_ROWS + 1 }])).toBeDefined();
    const half = Math.ceil(MAX_LEDGER_ROWS / 2) + 1;
    const both = tooLarge([
      { sheet: "高校院所输出专利", rows: half },
      { sheet: "中小微企业受让专利", rows: half },
    ]);
    expect(both?.zh).toContain(`共 ${(2 * half).toLocaleString("en-US")} 行`);
    expect(both?.en).toContain(`"高校院所输出专利" ${half.toLocaleString("en-US")}`);
    // A result workbook run again: its 公示名单, 累计已兑付 … are replaced, not read as ledgers.
    expect(
      tooLarge([
        { sheet: "P2", rows: MAX_LEDGER_ROWS },
        { sheet: "公示名单", rows: MAX_LEDGER_ROWS },
        { sheet: "累计已兑付（专利转化奖补）", rows: MAX_LEDGER_ROWS },
      ]),
    ).toBeUndefined();
    // Held by both hosts all the same: a million rows named 变更 are refused, the sheet named, what to do said.
    const changes = tooLarge([{ sheet: "变更", rows: 1_000_000 }]);
    expect(changes).toMatchObject({ product: true, max: PANE_LIMIT.product });
    expect(changes!.zh).toContain("工作表「变更」有 1,000,000 行");
    expect(changes!.zh).toContain("请删除这些工作表后重新运行");
    expect(changes!.en).toContain('sheet "变更" has 1,000,000 rows');
    // Once the plan knows a 变更 is the clerk's, its rows are a ledger's.
    expect(tooLarge([{ sheet: "变更", rows: MAX_LEDGER_ROWS + 1 }], () => false)?.product).toBe(false);
  });

  test("the command's is where an 8 GB computer's memory ends, past the pane's; its message says so", () => {
    expect(COMMAND_LEDGER_ROWS).toBeGreaterThan(MAX_LEDGER_ROWS);
    expect(tooLarge([{ sheet: "P2", rows: COMMAND_LEDGER_ROWS }], undefined, COMMAND_LIMIT)).toBeUndefined();
    const error = tooLarge([{ sheet: "P2", rows: COMMAND_LEDGER_ROWS + 1 }], undefined, COMMAND_LIMIT);
    const max = COMMAND_LEDGER_ROWS.toLocaleString("en-US");
    expect(error?.zh).toContain(`一次最多处理 ${max} 行（8 GB 内存的电脑所能容纳的行数`);
    expect(error?.en).toContain(`at most ${max} rows are balanced in one run (what a computer of 8 GB of memory holds`);
    // Issue 19: a million rows are balanced by the command.
    expect(COMMAND_LEDGER_ROWS).toBeGreaterThanOrEqual(1_000_000);
    // A 变更 past three times the ledgers' limit is still the product's, counted apart, and over the command's product
    // limit; as the clerk's own sheet it is a ledger's rows, over the ledgers' limit.
    const changes = [{ sheet: "变更", rows: 3 * COMMAND_LEDGER_ROWS + 1 }];
    expect(tooLarge(changes, undefined, COMMAND_LIMIT)).toMatchObject({ product: true, max: 3 * COMMAND_LEDGER_ROWS });
    expect(tooLarge(changes, () => false, COMMAND_LIMIT)).toMatchObject({ product: false, max: COMMAND_LEDGER_ROWS });
    // A result of a ledger at the limit, run again: its 公示名单 and 累计已兑付 a row per ledger row each.
    const result = ["P2", "公示名单", "累计已兑付（专利转化奖补）"].map((sheet) => ({
      sheet,
      rows: COMMAND_LEDGER_ROWS,
    }));
    expect(tooLarge(result, undefined, COMMAND_LIMIT)).toBeUndefined();
  });
});

/** The sheets' sizes as the reader counts them, holding no cells. */
async function sheetSizes(zip: JSZip, inflate: Inflate): Promise<SheetSize[]> {
  const pkg = Package.of(zip, inflate);
  return (await readCells(pkg, await workbookParts(pkg), () => false)).sizes;
}

describe("sheet sizes", () => {
  test("a sheet is measured by its rows, with and without r=, never by its <dimension>", async () => {
    const zip = new JSZip();
    zip.file(
      "xl/workbook.xml",
      `<workbook xmlns:r="r"><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/><sheet name="空" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    );
    zip.file(
      "xl/_rels/workbook.xml.rels",
      `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
    );
    const rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'];
    for (let r = 2; r <= 5000; r++) rows.push(`<row><c><v>${r}</v></c></row>`);
    rows.push('<row r="70000" spans="1:1"/>');
    zip.file("xl/worksheets/sheet1.xml", `<worksheet><sheetData>${rows.join("")}</sheetData></worksheet>`);
    // A <dimension> that claims a million rows over none; rows whose r= repeats are rows all the same.
    zip.file("xl/worksheets/sheet2.xml", `<worksheet><dimension ref="A1:K1000000"/><sheetData/></worksheet>`);
    const same = Array.from({ length: 3000 }, () => '<row r="1"><c><v>1</v></c></row>').join("");
    zip.file(
      "xl/worksheets/sheet3.xml",
      `<worksheet><dimension ref="A1:K3"/><sheetData>${same}</sheetData></worksheet>`,
    );
    zip.file(
      "xl/workbook.xml",
      `<workbook xmlns:r="r"><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId1"/><sheet name="空" sheetId="2" r:id="rId2"/><sheet name="重" sheetId="3" r:id="rId3"/></sheets></workbook>`,
    );
    zip.file(
      "xl/_rels/workbook.xml.rels",
      `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Target="worksheets/sheet3.xml"/></Relationships>`,
    );
    const loaded = await JSZip.loadAsync(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    expect(await sheetSizes(loaded, NODE.inflate)).toEqual([
      { sheet: "A & B", rows: 70_000 },
      { sheet: "空", rows: 0 },
      { sheet: "重", rows: 3000 },
    ]);
  });
});

describe("readWorkbook, over the limit", () => {
  test("a sheet whose <dimension> says 3 rows over rows past the limit is refused before exceljs loads it", async () => {
    const data = await withRows(await smallWorkbook(["中小微企业受让专利"]), {
      中小微企业受让专利: { rows: MAX_LEDGER_ROWS + 2, claims: 3 },
    });
    const load = jest.spyOn(new ExcelJS.Workbook().xlsx.constructor.prototype as { load: () => unknown }, "load");
    const error = await readWorkbook(data, "big.xlsx").catch((e: unknown) => e);
    expect(load).not.toHaveBeenCalled();
    load.mockRestore();
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toMatchObject({ kind: "tooLarge", file: "big.xlsx" });
    const message = (error as Error).message;
    const rows = (MAX_LEDGER_ROWS + 2).toLocaleString("en-US");
    expect(message).toMatch(new RegExp(`^big\\.xlsx: 台账过大：工作表「中小微企业受让专利」有 ${rows} 行`));
    expect(message).toContain(`Ledger too large: sheet "中小微企业受让专利" has ${rows} rows`);
  });

  test("at the limit the sheet passes the check; a row more does not", async () => {
    const sizes = async (rows: number) =>
      sheetSizes(
        await JSZip.loadAsync(await withRows(await smallWorkbook(["专利质押融资"]), { 专利质押融资: { rows } })),
        NODE.inflate,
      );
    expect(tooLarge(await sizes(MAX_LEDGER_ROWS))).toBeUndefined();
    expect(tooLarge(await sizes(MAX_LEDGER_ROWS + 1))?.zh).toContain("工作表「专利质押融资」有 100,001 行");
  }, 30_000);

  test("a <dimension> that says a million rows over three is not believed: the sheet is read", async () => {
    const data = await withRows(await smallWorkbook(["中小微企业受让专利"]), {
      中小微企业受让专利: { rows: 3, claims: 1_000_002 },
    });
    const { grids } = await readWorkbook(data, "small.xlsx");
    expect(grids[0].cells).toHaveLength(3);
  });

  test("several sheets over the limit together are refused; a large earlier 公示名单 is counted apart", async () => {
    const half = Math.ceil(MAX_LEDGER_ROWS / 2) + 1;
    const sheets = ["高校院所输出专利", "中小微企业受让专利", "公示名单"];
    const over = await withRows(await smallWorkbook(sheets), {
      高校院所输出专利: { rows: half },
      中小微企业受让专利: { rows: half },
    });
    await expect(readWorkbook(over)).rejects.toMatchObject({ kind: "tooLarge" });
    const within = await withRows(await smallWorkbook(sheets), {
      中小微企业受让专利: { rows: half },
      公示名单: { rows: half },
    });
    const load = jest.spyOn(new ExcelJS.Workbook().xlsx.constructor.prototype as { load: () => unknown }, "load");
    const { grids } = await readWorkbook(within);
    expect(load).not.toHaveBeenCalled();
    load.mockRestore();
    expect(grids.map((g) => g.name)).toEqual(sheets);
  }, 30_000);

  test("a ledger streamed just past the command's limit (no <dimension>): refused by its rows, fast, no crash", async () => {
    // The command's limit lowered to the pane's, so CI writes 100,000 rows rather than COMMAND_LEDGER_ROWS.
    const limit = jest.replaceProperty(COMMAND_LIMIT, "rows", MAX_LEDGER_ROWS);
    const file = path.join(dir, "past-limit.xlsx");
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = wb.addWorksheet("中小微企业受让专利");
    sheet.addRow(["中小微企业受让专利申报汇总表"]).commit();
    sheet.addRow(HEADER).commit();
    for (let i = 0; i < MAX_LEDGER_ROWS - 1; i++) {
      sheet.addRow([`重庆测试${i >> 2}号科技有限公司`, "", "小型", `ZL2022${i}`, "发明", "转让", 1, 45400]).commit();
    }
    sheet.commit();
    await wb.commit();

    const io = captured();
    expect(await main(["balance", file, "--out", path.join(dir, "result.xlsx")], io)).toBe(2);
    limit.restore();
    const rows = (MAX_LEDGER_ROWS + 1).toLocaleString("en-US");
    const max = MAX_LEDGER_ROWS.toLocaleString("en-US");
    expect(io.text()).toContain(
      `patent-awards: ${file}: 台账过大：工作表「中小微企业受让专利」有 ${rows} 行，一次最多处理 ${max} 行（8 GB 内存的电脑所能容纳的行数`,
    );
    expect(io.text()).toContain(
      `Ledger too large: sheet "中小微企业受让专利" has ${rows} rows; at most ${max} rows are balanced in one run (what a computer of 8 GB`,
    );
    expect(io.text()).toContain("--no-reallocate");
    expect(io.text()).not.toMatch(/\n\s+at /);
  }, 30_000);

  test("a file that is not a zip is still 'not a workbook'", async () => {
    await expect(readWorkbook(Buffer.from("序号,申报单位\n1,甲\n"), "fake.xlsx")).rejects.toMatchObject({
      kind: "notWorkbook",
    });
  });
});
