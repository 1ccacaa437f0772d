/**
 * The command end to end on generated ledger workbooks of 50,000 and 1,000,000 rows: start, read, balance, write the
 * result workbook and JSON — what a clerk waits for — with its peak RSS. Beside the 50k run, in the same run, what
 * any writer must pay: exceljs's own plain read and write of the same workbook, in a fresh process (issue 19 item 4).
 * `BENCH_CLI_ROWS=50000` runs one size only.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, statSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { FIELDS, generateClaims } from "./engine.bench";
import type { RawClaim } from "../src/engine/types";

const BIN = path.join(__dirname, "..", "..", "bin", "patent-awards.js");
/** Issue 19's targets end to end: seconds, and peak RSS in MB where it names one. */
const TARGETS: Record<number, { s: number; mb?: number }> = { 50_000: { s: 4 }, 1_000_000: { s: 40, mb: 2048 } };
const SIZES = (process.env.BENCH_CLI_ROWS ?? Object.keys(TARGETS).join(",")).split(",").map(Number);

/** exceljs reads the workbook whole and writes it back, nothing else: the floor a writer built on it stands on. */
const PLAIN_COPY = `
const ExcelJS = require("exceljs");
(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(process.argv[1]);
  await wb.xlsx.writeFile(process.argv[2]);
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface Timed {
  ms: number;
  /** Peak resident memory of the process, MB (GNU time's "Maximum resident set size"). */
  mb: number;
  status: number | null;
  stderr: string;
}

/** A fresh Node process running `args`, under GNU time for its peak RSS. */
function timed(args: string[]): Timed {
  const started = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "maxrss %M", process.execPath, ...args], {
    encoding: "utf8",
    cwd: path.join(__dirname, "..", ".."),
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const kb = Number(/maxrss (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN);
  return { ms, mb: kb / 1024, status: r.status, stderr: r.stderr.replace(/maxrss \d+\s*$/, "") };
}

function succeeded(t: Timed, what: string): Timed {
  if (t.status !== 0) throw new Error(`${what} exited ${t.status}: ${t.stderr}`);
  return t;
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

/** One size: the command end to end, and (where `plain`) exceljs's plain read + write of the same workbook. */
async function measure(dir: string, rows: number, plain: boolean): Promise<string[]> {
  const ledger = path.join(dir, `ledger-${rows}.xlsx`);
  await writeLedger(ledger, generateClaims(rows));
  const mbFile = (statSync(ledger).size / 1024 / 1024).toFixed(1);
  const target = TARGETS[rows];
  const command = timed([
    BIN,
    "balance",
    ledger,
    "--out",
    path.join(dir, `result-${rows}.xlsx`),
    "--json",
    path.join(dir, `result-${rows}.json`),
  ]);
  const n = rows.toLocaleString("en");
  if (command.status !== 0) {
    const why = command.stderr.split("\n").find((l) => l.trim() && !l.startsWith("[")) ?? "";
    return [`| ${n} | ${mbFile} | refused (exit ${command.status}): ${why.slice(0, 160)} | | | | | NOT met |`];
  }
  const base = plain ? succeeded(timed(["-e", PLAIN_COPY, ledger, path.join(dir, "copy.xlsx")]), "exceljs") : undefined;
  const s = command.ms / 1000;
  const met = target && s <= target.s && (target.mb === undefined || command.mb <= target.mb);
  const aim = target ? `≤ ${target.s} s${target.mb ? `, ≤ ${target.mb} MB` : ""}: ${met ? "met" : "NOT met"}` : "";
  const stages = command.stderr
    .split("\n")
    .filter((l) => l.startsWith("["))
    .map((l) => `  ${n}: ${l}`);
  return [
    `| ${n} | ${mbFile} | ${s.toFixed(1)} | ${Math.round((rows / command.ms) * 1000).toLocaleString("en")} | ` +
      `${command.mb.toFixed(0)} | ${base ? (base.ms / 1000).toFixed(1) : "not run"} | ` +
      `${base ? `${(command.ms / base.ms).toFixed(2)}×` : ""} | ${aim} |`,
    ...stages,
  ];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "patent-awards-bench-"));
  try {
    const lines = [
      "| rows | workbook MB | end to end s | rows/s | peak RSS MB | exceljs read + write s | ÷ exceljs | target |",
      "|---:|---:|---:|---:|---:|---:|---:|---|",
    ];
    const progress: string[] = [];
    for (const rows of SIZES) {
      // exceljs's plain copy of a million rows runs out of memory: the baseline is the 50k one.
      const [row, ...stages] = await measure(dir, rows, rows <= 100_000);
      lines.push(row);
      progress.push(...stages);
    }
    process.stdout.write([...lines, "progress the command printed:", ...progress, ""].join("\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
