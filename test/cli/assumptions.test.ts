/**
 * Issue 15 item 7, "Assumptions shown where money is decided" (LEDGER.md): each default that can change a payout —
 * no district, kind, counterparty district or other-funding column — is a sentence naming its sheet, first on the
 * console, in a 说明 block under 汇总's title (which later runs still read), and in the JSON.
 */
import { promises as fs, readFileSync } from "fs";
import os from "os";
import path from "path";
import Decimal from "decimal.js";
import ExcelJS from "exceljs";
import { creditCodeCheckChar } from "../../src/engine/creditCode";
import { HEADER_SCAN_ROWS } from "../../src/ledger/grid";
import { readPriorMoves, type Grid } from "../../src/ledger";
import { planBalance } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import { earlierItems, SHEETS, type Table } from "../../src/report";
import { readWorkbook } from "../../src/xlsx";
import { SAMPLE } from "../support/typos";
import { run } from "./run";

/** What the sample assumes: its P3 and P4 sheets have no other-funding column. */
const SAMPLE_ASSUMES = {
  zh: [
    "工作表“专利产品备案”（P3）：无“是否获得其他财政资金支持”列，全部按“否”（未获其他财政资金支持）处理",
    "工作表“专利质押融资”（P4）：无“是否获得其他财政资金支持”列，全部按“否”（未获其他财政资金支持）处理",
  ],
  en: [
    'Sheet "专利产品备案" (P3): no other fiscal support column; every row taken as "no" (no other fiscal support)',
    'Sheet "专利质押融资" (P4): no other fiscal support column; every row taken as "no" (no other fiscal support)',
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-assumptions-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test("the console's first lines list them, before the summary, in the run's language", async () => {
  const zh = await run("balance", SAMPLE);
  expect(zh.code).toBe(0);
  expect(zh.out.split("\n").slice(0, 4)).toEqual(["说明（请核对）", ...SAMPLE_ASSUMES.zh.map((s) => `  ${s}`), ""]);
  expect(zh.out.split("\n")[4]).toContain("渝北市监〔2024〕12号");

  const en = await run("balance", SAMPLE, "--lang", "en");
  expect(en.out.split("\n").slice(0, 3)).toEqual([
    "Assumptions (check them)",
    ...SAMPLE_ASSUMES.en.map((s) => `  ${s}`),
  ]);
});

test("汇总 has a 说明 block under its heading, one line per sheet, and a later run still reads its header", async () => {
  const out = path.join(dir, "result.xlsx");
  const json = path.join(dir, "result.json");
  expect((await run("balance", SAMPLE, "--out", out, "--json", json)).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const summary = wb.getWorksheet(SHEETS.summary)!;
  const column = (r: number) => [1, 2].map((c) => summary.getCell(r, c).value);
  // Under the heading's two lines, each a line of its own written across the table (B merged into A).
  const line = (r: number) => [summary.getCell(r, 1).value, summary.getCell(r, 2).master.address];
  expect([3, 4, 5].map(line)).toEqual([
    ["说明（请核对）", "A3"],
    [SAMPLE_ASSUMES.zh[0], "A4"],
    [SAMPLE_ASSUMES.zh[1], "A5"],
  ]);
  expect(column(6)).toEqual(["项目编号", "项目名称"]);

  // Read back as a later run reads it: its item lines and moves, not a sentence taken for an item or a header.
  const { grids } = await readWorkbook(await fs.readFile(out), out);
  const items = earlierItems(grids)!;
  expect(Object.keys(items)).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]);
  expect(items.P4?.received?.toFixed(2)).toBe("2518000.00");
  expect(readPriorMoves(grids.find((g) => g.name === SHEETS.summary)!)?.received.P4?.toFixed(2)).toBe("2518000.00");

  const data = JSON.parse(readFileSync(json, "utf8")) as { assumptions: object[]; skippedSheets: object[] };
  expect(data.assumptions).toEqual(
    ["专利产品备案", "专利质押融资"].map((sheet, i) => ({
      sheet,
      field: "otherFiscalSupport",
      value: "no",
      message: SAMPLE_ASSUMES.zh[i],
    })),
  );
  expect(data.skippedSheets).toEqual([{ sheet: "填表说明", reason: expect.stringContaining("不是台账，已跳过") }]);
});

describe("many sheets assuming", () => {
  const code = (n: number) => {
    const body = `91500112MA5U${String(n).padStart(5, "0")}`;
    return body + creditCodeCheckChar(body);
  };
  // Twenty P4 sheets with no district, kind or other-funding column.
  const sheets: Grid[] = Array.from({ length: 20 }, (_, i) => ({
    name: `质押融资${i + 1}`,
    cells: [
      ["申请单位", "统一社会信用代码", "融资金额（万元）", "登记日期"],
      [`重庆质押${i + 1}号科技有限公司`, code(i + 1), 100, "2024-03-05"],
    ],
  }));
  const summaryOf = (tables: Table[]) => tables.find((t) => t.sheet === SHEETS.summary)!;
  const asGrid = (t: Table): Grid => ({
    name: t.sheet,
    cells: [...(t.title ?? []).map((line) => [line]), t.columns.map((c) => c.header), ...t.rows],
  });

  test.each([
    ["a real run", {}],
    ["a what-if run", { budgets: { P4: new Decimal(100000) } }],
  ])("keep 汇总's header among the rows a later run searches (%s), every sheet named", (_, options) => {
    const plan = planBalance(
      sheets,
      defaultPolicy(),
      { sheets: {}, options },
      { time: new Date(), input: "x", lang: "zh" },
    );
    if (plan.kind !== "balanced") throw new Error(plan.kind);
    const summary = summaryOf(plan.tables);
    expect(summary.title!.length).toBeLessThan(HEADER_SCAN_ROWS);
    const block = summary.title!.join("\n");
    for (const s of sheets) expect(block).toContain(`工作表“${s.name}”（P4）：无“所在区县”列`);
    const items = earlierItems([asGrid(summary)]);
    expect(items?.P4?.paid?.isZero()).toBe(false);
    expect(readPriorMoves(asGrid(summary))).toBeDefined();
  });
});
