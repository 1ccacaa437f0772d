/**
 * Ledger workbooks for tests and the bench, written as a clerk would: a merged title row above the
 * header, P1 claims (transfers from universities) and P4 claims (pledge financing, in 万元), a 合计
 * row, and optionally units whose names are hostile text.
 */
import ExcelJS from "exceljs";

export const HOSTILE_NAMES = [
  "=cmd|' /C calc'!A0",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(2)>",
  "+86 大学",
  "@SUM(A1)",
  "-1+2 研究院",
];

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/** A CNIPA application number with a valid check character (POLICY.md §1); digit 5 = 1 (invention). */
export function inventionNumber(n: number): string {
  const digits = `2023${"1"}${String(n).padStart(7, "0")}`;
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0) % 11;
  return `ZL${digits}.${sum === 10 ? "X" : sum}`;
}

export interface LedgerSpec {
  /** P1 rows. */
  transfers: number;
  /** P4 rows. */
  pledges: number;
  hostile?: boolean;
}

export function ledgerWorkbook(spec: LedgerSpec): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const p1 = wb.addWorksheet("高校院所输出");
  p1.addRow(["2024年第一批 高校院所输出专利技术 奖补申报台账"]);
  p1.mergeCells("A1:H1");
  p1.addRow([
    "序号",
    "申报单位",
    "单位性质",
    "所在区县",
    "受让方",
    "受让方企业规模",
    "专利号",
    "转化方式",
    "备案日期",
    "件数",
  ]);
  const names = spec.hostile ? HOSTILE_NAMES : [];
  for (let i = 0; i < spec.transfers; i++) {
    const unit = names[i] ?? `重庆第${(i % 97) + 1}大学`;
    p1.addRow([
      i + 1,
      unit,
      i % 13 === 12 ? "大型企业" : "高校",
      "渝北区",
      `渝北小微科技${i}有限公司`,
      "小型",
      inventionNumber(i + 1),
      i % 3 === 0 ? "许可" : "转让",
      new Date(Date.UTC(2024, i % 12, (i % 27) + 1)),
      1,
    ]);
  }
  p1.addRow(["合计", null, null, null, null, null, null, null, null, spec.transfers]);
  p1.getColumn(9).numFmt = "yyyy-mm-dd";

  const p4 = wb.addWorksheet("质押融资");
  p4.addRow(["序号", "企业名称", "企业规模", "所在区县", "质押融资金额（万元）", "质押登记号", "登记日期"]);
  for (let i = 0; i < spec.pledges; i++) {
    p4.addRow([
      i + 1,
      `渝北中小企业${i % 400}有限公司`,
      "中型",
      "渝北",
      100 + (i % 50) * 37.5,
      `Y2024${String(i).padStart(6, "0")}`,
      new Date(Date.UTC(2024, (i * 5) % 12, (i % 28) + 1)),
    ]);
  }
  p4.getColumn(7).numFmt = "yyyy/m/d";
  return wb;
}

export async function ledgerBuffer(spec: LedgerSpec): Promise<Buffer> {
  return Buffer.from(await ledgerWorkbook(spec).xlsx.writeBuffer());
}
