/**
 * The command end to end on a generated 50k-row ledger workbook: start, read, balance, write the
 * result workbook and JSON — what a clerk waits for. Beside it, in the same run, what any writer must pay:
 * exceljs's own plain read and write of the same workbook, in a fresh process (issue 19 item 4).
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, statSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { FIELDS, generateClaims } from "./engine.bench";
import type { RawClaim } from "../src/engine/types";

const ROWS = 50_000;
const BIN = path.join(__dirname, "..", "..", "bin", "patent-awards.js");
/** Issue 19's target for 50,000 rows end to end. */
const TARGET_S = 4;

/** exceljs reads the workbook whole and writes it back, nothing else: the floor a writer built on it stands on. */
const PLAIN_COPY = `
const ExcelJS = require("exceljs");
(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(process.argv[1]);
  await wb.xlsx.writeFile(process.argv[2]);
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** Milliseconds a fresh Node process takes to run `args`; throws when it fails. */
function timed(args: string[]): { ms: number; stderr: string } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", cwd: path.join(__dirname, "..", "..") });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${args[0]} exited ${r.status}: ${r.stderr}`);
  return { ms, stderr: r.stderr };
}

/** One sheet per item, headers as a clerk writes them, the generated claims as rows. */
export async function writeLedger(file: string, claims: RawClaim[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const layouts: Record<RawClaim["item"], { sheet: string; header: string[]; fields: (keyof RawClaim["values"])[] }> = {
    P1: {
      sheet: "高校院所输出专利",
      header: [
        "申报单位",
        "统一社会信用代码",
        "单位性质",
        "所在区县",
        "受让方",
        "受让方性质",
        "受让方所在区",
        "专利号",
        "专利类型",
        "转化方式",
        "件数",
        "备案日期",
      ],
      fields: FIELDS.P1,
    },
    P2: {
      sheet: "中小微企业受让专利",
      header: [
        "企业名称",
        "社会信用代码",
        "企业规模",
        "所在区",
        "转让方",
        "转让方性质",
        "转让方所在地",
        "专利申请号",
        "类型",
        "交易方式",
        "数量",
        "登记日期",
      ],
      fields: FIELDS.P2,
    },
    P3: {
      sheet: "专利产品备案",
      header: ["申报主体", "信用代码", "主体类型", "产品备案号", "件数", "备案日期"],
      fields: FIELDS.P3,
    },
    P4: {
      sheet: "专利质押融资",
      header: ["申请单位", "统一社会信用代码", "单位类型", "融资金额（万元）", "生效日期"],
      fields: FIELDS.P4,
    },
  };
  for (const item of ["P1", "P2", "P3", "P4"] as const) {
    const layout = layouts[item];
    const sheet = wb.addWorksheet(layout.sheet);
    sheet.addRow([`${layout.sheet}申报汇总表`]).commit();
    sheet.addRow(layout.header).commit();
    for (const c of claims) {
      if (c.item === item) sheet.addRow(layout.fields.map((f) => c.values[f] ?? null)).commit();
    }
    sheet.commit();
  }
  await wb.commit();
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "patent-awards-bench-"));
  try {
    const ledger = path.join(dir, "ledger-50k.xlsx");
    await writeLedger(ledger, generateClaims(ROWS));
    const command = timed([
      BIN,
      "balance",
      ledger,
      "--out",
      path.join(dir, "result.xlsx"),
      "--json",
      path.join(dir, "result.json"),
    ]);
    const plain = timed(["-e", PLAIN_COPY, ledger, path.join(dir, "copy.xlsx")]);
    const ms = command.ms;
    const stages = command.stderr
      .split("\n")
      .filter((l) => l.startsWith("["))
      .map((l) => `  ${l}`);
    process.stdout.write(
      [
        "| rows | workbook MB | end to end s | rows/s | exceljs read + write s | ÷ exceljs | target |",
        "|---:|---:|---:|---:|---:|---:|---|",
        `| ${ROWS.toLocaleString("en")} | ${(statSync(ledger).size / 1024 / 1024).toFixed(1)} | ${(ms / 1000).toFixed(1)} | ` +
          `${Math.round((ROWS / ms) * 1000).toLocaleString("en")} | ${(plain.ms / 1000).toFixed(1)} | ` +
          `${(ms / plain.ms).toFixed(2)}× | ≤ ${TARGET_S} s: ${ms / 1000 <= TARGET_S ? "met" : "NOT met"} |`,
        "progress the command printed:",
        ...stages,
        "",
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
