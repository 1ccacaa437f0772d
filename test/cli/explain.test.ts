/**
 * `patent-awards explain RESULT.xlsx "Sheet!12"` (issue 11): a result balanced again as its 运行记录 says, one row
 * explained, the payout it prints the one the result shows.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { LEDGER_OUTPUT } from "../../src/ledger";
import type { RowExplanation } from "../../src/plan";
import { run } from "./run";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");
const [PAID, CAPPED, DUPLICATE] = [
  { sheet: "中小微企业受让专利", row: 14 },
  { sheet: "专利质押融资", row: 5 },
  { sheet: "高校院所输出专利", row: 8 },
];

let dir: string;
let fen: string; // balance with the defaults, its run record in Chinese
let yuan: string; // --round yuan --no-reallocate, its run record in English
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-explain-"));
  fen = path.join(dir, "fen.xlsx");
  yuan = path.join(dir, "yuan.xlsx");
  expect((await run("balance", SAMPLE, "--out", fen)).code).toBe(0);
  expect((await run("balance", SAMPLE, "--out", yuan, "--round", "yuan", "--no-reallocate", "--lang", "en")).code).toBe(
    0,
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The payout a result shows on a row, found by its output header. */
async function payoutCell(file: string, at: { sheet: string; row: number }): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(at.sheet)!;
  const headers = LEDGER_OUTPUT.find((c) => c.field === "payout")!;
  for (let r = 1; r <= 10; r++) {
    const values = ws.getRow(r).values as unknown[];
    const column = values.findIndex((v) => v === headers.zh || v === headers.en);
    if (column > 0) return Number(ws.getRow(at.row).getCell(column).value).toFixed(2);
  }
  throw new Error(`no payout column on ${at.sheet}`);
}

describe("explain", () => {
  test.each([
    ["a paid row", PAID],
    ["a capped row of a scaled item", CAPPED],
    ["a duplicate", DUPLICATE],
  ])("%s, in Chinese: the printed payout is the result's", async (_, at) => {
    const r = await run("explain", fen, `${at.sheet}!${at.row}`);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`兑付金额：${await payoutCell(fen, at)} 元`);
    expect(r.out).toContain("计算：");
  });

  test("a capped row in English names the cap, the factor and the rounding", async () => {
    const r = await run("explain", fen, `${CAPPED.sheet}!G${CAPPED.row}`, "--lang", "en");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`payout: ${await payoutCell(fen, CAPPED)} 元`);
    expect(r.out).toContain("capped at 200,000.00 元");
    expect(r.out).toContain("paid pro rata");
    expect(r.out).toContain("less than one fen");
  });

  test("a duplicate sends the reader to the row it kept", async () => {
    const r = await run("explain", fen, `'${DUPLICATE.sheet}'!${DUPLICATE.row}`, "--json");
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as RowExplanation;
    expect(e).toMatchObject({ ref: DUPLICATE, status: "duplicate", payout: "0.00" });
    expect(e.reasons[0].ref).toEqual({ sheet: DUPLICATE.sheet, row: 9 });
  });

  test("--json: the steps chain to the payout the result shows", async () => {
    const r = await run("explain", fen, `${CAPPED.sheet}!${CAPPED.row}`, "--json");
    const e = JSON.parse(r.out) as RowExplanation;
    const values = e.steps.filter((l) => l.value !== undefined).map((l) => l.value);
    expect(values[values.length - 1]).toBe(await payoutCell(fen, CAPPED));
    expect(e.inputs.some((l) => l.ref?.column === "G")).toBe(true);
  });

  test("a result made with --round yuan --no-reallocate (its record in English) is balanced again that way", async () => {
    for (const at of [PAID, CAPPED, DUPLICATE]) {
      const r = await run("explain", yuan, `${at.sheet}!${at.row}`, "--lang", "en");
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`payout: ${await payoutCell(yuan, at)} 元`);
    }
    const capped = await run("explain", yuan, `${CAPPED.sheet}!${CAPPED.row}`, "--lang", "en");
    expect(capped.out).toContain("rounded to the 元");
    expect(capped.out).toContain("moved in now 0.00");
  });

  test("an option given on the command line wins, and a payout not reproduced is said so (exit 2)", async () => {
    const r = await run("explain", fen, `${CAPPED.sheet}!${CAPPED.row}`, "--round", "yuan");
    expect(r.code).toBe(2);
    expect(r.out).toContain("兑付金额：");
    expect(r.err).toContain("不符");
    expect(r.err).toContain(await payoutCell(fen, CAPPED));
  });

  test("exit 2: not a ledger row, no such sheet, not a result", async () => {
    const header = await run("explain", fen, `${PAID.sheet}!3`);
    expect(header.code).toBe(2);
    expect(header.err).toContain("不是台账中的申报行");
    const summary = await run("explain", fen, "汇总!3");
    expect(summary.code).toBe(2);
    expect(summary.err).toContain("「汇总」不是该结果的台账工作表");
    const missing = await run("explain", fen, "No such sheet!3");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("没有名为「No such sheet」的工作表");
    const ledger = await run("explain", SAMPLE, `${PAID.sheet}!${PAID.row}`);
    expect(ledger.code).toBe(2);
    expect(ledger.err).toContain("不是本工具的运行结果");
    // Each in English when asked, and only then.
    const en = await run("explain", fen, "No such sheet!3", "--lang", "en");
    expect(en.err).toContain('no sheet named "No such sheet"; its sheets: ');
    expect(en.err.split("; its sheets")[0]).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test("exit 1: no cell, or a cell that is no cell", async () => {
    expect((await run("explain", fen)).code).toBe(1);
    expect((await run("explain", fen, PAID.sheet)).code).toBe(1);
    expect((await run("explain", fen, `${PAID.sheet}!0`)).code).toBe(1);
    expect((await run("explain", fen, `${PAID.sheet}!12`, "--lang", "fr")).code).toBe(1);
  });

  test("--help lists explain", async () => {
    expect((await run("--help")).out).toContain('patent-awards explain RESULT.xlsx "Sheet!12"');
  });
});
