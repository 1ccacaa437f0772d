/**
 * Every word the report writes, in both languages. Sheet names stay Chinese whatever the language, so
 * a later run (and src/ledger reading an earlier 汇总) recognises them.
 */
import type { Lang, RowStatus } from "../engine/types";

export const SHEETS = {
  summary: "汇总",
  publicity: "公示名单",
  exceptions: "异常清单",
  targets: "目标进度",
  runRecord: "运行记录",
} as const;

/** Report sheet names, for writers that replace an earlier run's sheets. */
export const REPORT_SHEETS: readonly string[] = Object.values(SHEETS);

const zh = {
  status: { paid: "应兑付", rejected: "不予兑付", duplicate: "重复" } as Record<RowStatus, string>,
  summary: [
    "项目编号",
    "项目名称",
    "预算",
    "往期已兑付",
    "往期调入",
    "往期调出",
    "本批需求",
    "本批调入",
    "本批调出",
    "本批可用",
    "本批兑付",
    "比例",
  ],
  total: "合计",
  moves: ["调出项目", "调入项目", "金额"],
  movesTitle: "资金调剂",
  noMoves: "本批无资金调剂",
  chartBudget: "预算/需求/兑付",
  publicity: ["序号", "项目", "单位名称", "统一社会信用代码", "件数/笔数", "兑付金额", "备注"],
  publicityStart: "公示期开始",
  publicityEnd: "公示期结束",
  capApplied: "已按单位上限封顶",
  scaled: (p: string) => `按比例兑付 ${p}`,
  exceptions: ["工作表", "行", "列", "项目", "申报单位", "代码", "原因"],
  targets: ["编号", "目标", "实际", "目标值", "单位", "完成度", "是否达标", "口径"],
  met: { yes: "达标", no: "未达标", unknown: "缺少输入" },
  chartTargets: "目标完成度",
  runRecord: ["事项", "内容"],
  run: {
    policy: "政策",
    version: "政策版本",
    notice: "文号",
    reallocate: "资金调剂",
    rule: "调剂规则",
    priority: "调剂顺序",
    rounding: "取整",
    batch: "批次",
    defaults: (sheet: string) => `默认值（${sheet}）`,
    problem: (sheet: string) => `未处理的工作表（${sheet}）`,
    rowProblem: (where: string) => `未读入的行（${where}）`,
    time: "运行时间",
    input: "输入文件",
    sha256: "输入文件 SHA-256",
    prior: "往期兑付来源",
    engine: "程序版本",
    rows: "行数（应兑付/不予兑付/重复）",
    demand: "本批需求合计",
    paid: "本批兑付合计",
    note: "提示",
  },
  on: "是",
  off: "否",
  rules: { shortfall: "按缺口比例", priority: "按指定顺序" },
  roundings: { fen: "到分", yuan: "到元" },
  text: {
    item: "项目",
    budget: "预算",
    available: "本批可用",
    demand: "需求",
    moved: "调入/调出",
    paid: "兑付",
    factor: "比例",
    rejected: (n: number, d: number) => `不予兑付 ${n} 行，重复 ${d} 行`,
  },
};

type Labels = typeof zh;

const en: Labels = {
  status: { paid: "paid", rejected: "rejected", duplicate: "duplicate" },
  // An earlier run's 汇总 is read back by these words (src/ledger/prior.ts), whatever the language.
  summary: zh.summary,
  total: "Total",
  moves: ["From item", "To item", "Amount"],
  movesTitle: "Reallocation",
  noMoves: "No money moved in this batch",
  chartBudget: "Budget / demand / paid",
  publicity: ["No.", "Item", "Unit", "Credit code", "Patents / rows", "Payout", "Note"],
  publicityStart: "Publicity from",
  publicityEnd: "Publicity until",
  capApplied: "capped at the per-unit limit",
  scaled: (p: string) => `paid pro rata at ${p}`,
  exceptions: ["Sheet", "Row", "Column", "Item", "Claimant", "Code", "Reason"],
  targets: ["Id", "Target", "Actual", "Target value", "Unit", "Progress", "Met", "Basis"],
  met: { yes: "met", no: "not met", unknown: "input missing" },
  chartTargets: "Progress towards targets",
  runRecord: ["Field", "Value"],
  run: {
    policy: "Policy",
    version: "Policy version",
    notice: "Notice",
    reallocate: "Reallocation",
    rule: "Reallocation rule",
    priority: "Priority order",
    rounding: "Rounding",
    batch: "Batch",
    defaults: (sheet: string) => `Defaults (${sheet})`,
    problem: (sheet: string) => `Sheet not balanced (${sheet})`,
    rowProblem: (where: string) => `Row not read (${where})`,
    time: "Run at",
    input: "Input file",
    sha256: "Input SHA-256",
    prior: "Earlier payouts from",
    engine: "Program version",
    rows: "Rows (paid/rejected/duplicate)",
    demand: "Demand, total",
    paid: "Paid, total",
    note: "Note",
  },
  on: "on",
  off: "off",
  rules: { shortfall: "in proportion to shortfall", priority: "in priority order" },
  roundings: { fen: "to the fen", yuan: "to the 元" },
  text: {
    item: "Item",
    budget: "Budget",
    available: "Available",
    demand: "Demand",
    moved: "In/out",
    paid: "Paid",
    factor: "Factor",
    rejected: (n: number, d: number) => `${n} rows rejected, ${d} duplicate`,
  },
};

export function labels(lang: Lang): Labels {
  return lang === "en" ? en : zh;
}
