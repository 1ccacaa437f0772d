/**
 * Hostile ledgers, written as a clerk's workbook would be (exceljs), for the corpus in hostile.test.ts: each
 * sheet is a list of rows under a header, with merges and odd cells where the case needs them.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
import { creditCode, patentNo } from "../support/claims";

export type Cell = string | number | null;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Ranges such as `E3:E5` merged after the rows are written. */
  merges?: string[];
}

export async function writeBook(file: string, sheets: SheetSpec[]): Promise<void> {
  await fs.writeFile(file, await bookBytes(sheets));
}

/** The workbook's .xlsx bytes, for a case that takes its package apart (packages.ts). */
export async function bookBytes(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    for (const row of spec.rows) ws.addRow(row);
    for (const range of spec.merges ?? []) ws.mergeCells(range);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const P4_HEADER: Cell[] = [
  "序号",
  "申报单位",
  "统一社会信用代码",
  "单位性质",
  "融资金额（万元）",
  "质押登记号",
  "备案日期",
];
export const P2_HEADER: Cell[] = [
  "序号",
  "申报单位",
  "统一社会信用代码",
  "单位性质",
  "交易对方",
  "对方类型",
  "对方所在区县",
  "专利号",
  "专利类型",
  "转化方式",
  "登记日期",
];
export const P3_HEADER: Cell[] = [
  "序号",
  "申报单位",
  "统一社会信用代码",
  "单位性质",
  "产品备案号",
  "产品名称",
  "备案日期",
];
export const PAID_HEADER: Cell[] = ["奖补项目", "单位名称", "统一社会信用代码", "兑付金额（元）", "专利号/备案号"];

/** A P4 claim: enterprise n, financing in 万元. */
export function pledge(n: number, wan: Cell, extra: { name?: string; code?: string | null; id?: Cell } = {}): Cell[] {
  return [
    extra.id ?? n,
    extra.name ?? `重庆质押企业${n}有限公司`,
    extra.code === undefined ? creditCode(4000 + n) : extra.code,
    "小型",
    wan,
    `Y2024${String(n).padStart(6, "0")}`,
    "2024-06-01",
  ];
}

/** A P2 invention transfer to enterprise n from a research institute. */
export function transfer(n: number, serial: number, extra: { name?: string; code?: string | null } = {}): Cell[] {
  return [
    n,
    extra.name ?? `重庆受让企业${n}有限公司`,
    extra.code === undefined ? creditCode(2000 + n) : extra.code,
    "小型",
    "重庆某研究院",
    "科研院所",
    "沙坪坝区",
    patentNo("invention", serial),
    "发明",
    "转让",
    "2024-05-10",
  ];
}

export function filing(n: number, filingNo: string): Cell[] {
  return [n, `重庆备案企业${n}有限公司`, creditCode(3000 + n), "微型", filingNo, "智能门锁", "2024-04-01"];
}
