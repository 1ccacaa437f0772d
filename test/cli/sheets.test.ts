/**
 * Issue 15 item 6 on the command line: a ledger sheet with a header typo stops `balance` (exit 2, nothing written)
 * with the sheet, its header row, each column missing and the header nearest to it, and `--column` options that fix
 * it — run as printed, they pay what the untouched ledger pays. A sheet that is no ledger is skipped and listed.
 */
import { existsSync, promises as fs, readFileSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { PERFORMANCE_ITEMS } from "../../src/engine/types";
import { FIELD_LABELS } from "../../src/ledger";
import { SAMPLE, SAMPLE_TYPOS, sampleWithTypos } from "../support/typos";
import { run } from "./run";

let dir: string;
/** Each row's status and payout when the sample is balanced untouched. */
let untouched: string[];

interface JsonRows {
  rows: { sheet: string; row: number; status: string; payout: string }[];
}
const payouts = (file: string) =>
  (JSON.parse(readFileSync(file, "utf8")) as JsonRows).rows.map((r) => `${r.sheet}!${r.row} ${r.status} ${r.payout}`);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-sheets-"));
  const json = path.join(dir, "untouched.json");
  expect((await run("balance", SAMPLE, "--json", json)).code).toBe(0);
  untouched = payouts(json);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(PERFORMANCE_ITEMS)("%s's sheet with a typo in every required header", (item) => {
  const { sheet, headerRow, typos } = SAMPLE_TYPOS[item];

  test("exit 2, nothing written, each column and its nearest header named; the --column printed fixes it", async () => {
    const ledger = path.join(dir, `typos-${item}.xlsx`);
    await sampleWithTypos(ledger, sheet, headerRow, typos);
    const [out, json] = [path.join(dir, `${item}.xlsx`), path.join(dir, `${item}.json`)];

    const stopped = await run("balance", ledger, "--out", out, "--json", json);
    expect(stopped.code).toBe(2);
    expect(existsSync(out) || existsSync(json)).toBe(false);
    expect(stopped.out).toBe("");
    expect(stopped.err).toContain(`工作表“${sheet}”（${item}）表头在第 ${headerRow} 行`);
    for (const t of typos) {
      expect(stopped.err).toContain(`${FIELD_LABELS[t.field].zh}（最接近的是 ${t.column} 列“${t.typo}”？）`);
      expect(stopped.err).toContain(`--column "${sheet}!${t.column}=${FIELD_LABELS[t.field].zh}"`);
    }
    expect(stopped.err).toContain(`--skip "${sheet}"`);
    // The header row is where it was found: the advice does not ask for it again.
    expect(stopped.err).not.toContain("--header-row");

    const advised = [...stopped.err.matchAll(/--column "([^"]+)"/g)].flatMap((m) => ["--column", m[1]]);
    const fixed = await run("balance", ledger, ...advised, "--json", json, "--out", out);
    expect(fixed.code).toBe(0);
    expect(payouts(json)).toEqual(untouched);
    // What was chosen is in 运行记录, for the next run and for `explain`.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const record = wb.getWorksheet("运行记录")!.getSheetValues();
    const chosen = record.find((r) => Array.isArray(r) && r[1] === `用户设定（${sheet}）`) as unknown[];
    expect(String(chosen[2])).toContain(`${FIELD_LABELS[typos[0].field].zh} → ${typos[0].column} 列`);
  });
});

describe("--column", () => {
  test("names the field by its label, a header synonym or its id; a bad column or field is a usage error", async () => {
    const { sheet, headerRow, typos } = SAMPLE_TYPOS.P4;
    const ledger = path.join(dir, "typos-column.xlsx");
    await sampleWithTypos(ledger, sheet, headerRow, typos);
    const json = path.join(dir, "column.json");
    const r = await run(
      "balance",
      ledger,
      "--column",
      `${sheet}!B=企业名称`,
      "--column",
      `${sheet}!g=pledgeAmount`,
      "--column",
      `${sheet}!H=登记日期`,
      "--json",
      json,
    );
    expect(r.code).toBe(0);
    expect(payouts(json)).toEqual(untouched);

    for (const spec of [`${sheet}=B`, `${sheet}!1=申报单位`, `${sheet}!B=电话号码`]) {
      const bad = await run("balance", ledger, "--column", spec);
      expect({ spec, code: bad.code }).toEqual({ spec, code: 1 });
      expect(bad.err).toContain("--column");
    }
  });
});

describe("a sheet that is no ledger", () => {
  test("is skipped, and listed on the console and in 运行记录; the run goes on", async () => {
    const out = path.join(dir, "skipped.xlsx");
    const r = await run("balance", SAMPLE, "--out", out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^填表说明: .*不是台账，已跳过/m);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows = wb.getWorksheet("运行记录")!.getSheetValues();
    const skipped = rows.find((row) => Array.isArray(row) && row[1] === "已跳过的工作表（填表说明）") as unknown[];
    expect(String(skipped[2])).toContain("不是台账，已跳过");
  });
});
