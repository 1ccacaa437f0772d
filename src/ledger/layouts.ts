/**
 * The product's own sheets as data: their names, and the columns of each by field name. The writers
 * (src/report, both hosts), the readers of an earlier run (src/report/earlierRun.ts, src/ledger/prior.ts)
 * and the tests all use these declarations, so a column is found by what it holds, never by position.
 */
import type { CellValue, Lang } from "../engine/types";

/** Sheet names stay Chinese whatever the language, so a later run recognises them. */
export const SHEETS = {
  summary: "汇总",
  publicity: "公示名单",
  exceptions: "异常清单",
  targets: "目标进度",
  support: "支持项目",
  runRecord: "运行记录",
  /** What changed since the earlier result this run was compared with (issue 11); only when there is one. */
  changes: "变更",
  /**
   * Every payout the year has made up to this run, and every batch's moves (LEDGER.md "A result as earlier
   * payouts"): the sheet a later batch reads as its earlier payouts.
   */
  cumulative: "累计已兑付",
} as const;

/** Every sheet this product writes: never read as a ledger, replaced whole by the next run. */
export const PRODUCT_SHEETS: readonly string[] = Object.values(SHEETS);

export type ProductSheet = keyof typeof SHEETS;

/**
 * The tag a product sheet's name takes where the workbook holds a clerk's sheet of that name (issue 16 item 4):
 * 汇总（专利转化奖补）, then 汇总（专利转化奖补2）… The add-in's name, so a clerk reads whose sheet it is.
 */
const PRODUCT_TAG = "专利转化奖补";

/** The name a product sheet takes when `name` is a clerk's: the n-th (from 1) with the tag. */
export function taggedName(name: string, n: number): string {
  return `${name}（${PRODUCT_TAG}${n > 1 ? n : ""}）`;
}

const TAGGED = new RegExp(`^(.+)（${PRODUCT_TAG}(?:[2-9]|[1-9]\\d+)?）$`);

/** Which product sheet a name is the name of, with or without the tag; undefined for any other name. */
export function productSheetNamed(name: string): ProductSheet | undefined {
  const bare = TAGGED.exec(name)?.[1] ?? name;
  return (Object.keys(SHEETS) as ProductSheet[]).find((k) => SHEETS[k] === bare);
}

/**
 * 运行记录's first lines: the sheets the run wrote (the product's mark, read back by src/ledger/own.ts), then the
 * policy it applied — the first line of every 运行记录 written before the mark.
 */
export const RUN_RECORD_LINES = {
  sheets: { zh: "本工具写入的工作表", en: "Sheets written by this tool" },
  policy: { zh: "政策", en: "Policy" },
};

/** How a column's cells are shown: money to the step of the run's rounding, a factor as 0.00%, a figure, a count. */
export type ColumnFormat = "money" | "factor" | "figure" | "count";

export interface ColumnSpec<F extends string> {
  field: F;
  zh: string;
  en: string;
  /** Width in characters. */
  width: number;
  format?: ColumnFormat;
}

export type Layout<F extends string> = readonly ColumnSpec<F>[];

type Spec<F extends string> = [field: F, zh: string, en: string, width: number, format?: ColumnFormat];

function layout<F extends string>(...columns: Spec<F>[]): Layout<F> {
  return columns.map(([field, zh, en, width, format]) => ({ field, zh, en, width, ...(format ? { format } : {}) }));
}

/**
 * 汇总 (POLICY §2 steps 5–6). Its headers are Chinese in both languages: a later run reads an earlier
 * batch's moves back by them, whatever language that run wrote.
 */
export const SUMMARY = layout(
  ["id", "项目编号", "项目编号", 10],
  ["name", "项目名称", "项目名称", 40],
  ["budget", "预算", "预算", 14, "money"],
  ["prior", "往期已兑付", "往期已兑付", 14, "money"],
  ["priorReceived", "往期调入", "往期调入", 14, "money"],
  ["priorReleased", "往期调出", "往期调出", 14, "money"],
  ["demand", "本批需求", "本批需求", 14, "money"],
  ["received", "本批调入", "本批调入", 14, "money"],
  ["released", "本批调出", "本批调出", 14, "money"],
  ["available", "本批可用", "本批可用", 14, "money"],
  ["paid", "本批兑付", "本批兑付", 14, "money"],
  ["factor", "比例", "比例", 14, "factor"],
);

/** The moves listed below 汇总's items. */
export const MOVES = layout(
  ["from", "调出项目", "From item", 10],
  ["to", "调入项目", "To item", 36],
  ["amount", "金额", "Amount", 14, "money"],
);

/**
 * 公示名单 (§四(二)): the units under their item's name (a line of its own, src/report/notice.ts), so no item column.
 * A result written with one (项目) is still recognised: its header holds every column of this one.
 */
export const PUBLICITY = layout(
  ["no", "序号", "No.", 8],
  ["name", "单位名称", "Unit", 40],
  ["code", "统一社会信用代码", "Credit code", 22],
  ["count", "件数/笔数", "Patents / rows", 14, "count"],
  ["payout", "兑付金额", "Payout", 14, "money"],
  ["note", "备注", "Note", 44],
);

/**
 * 异常清单: every row not paid, one line per reason, for a clerk to act on: where (sheet and row first, which an
 * earlier run's reader and the tests take by position), who, why, what to do, then the reason's code.
 */
export const EXCEPTIONS = layout(
  ["sheet", "工作表", "Sheet", 22],
  ["row", "行", "Row", 6],
  ["column", "列", "Column", 22],
  ["claimant", "申报单位", "Claimant", 36],
  ["item", "项目", "Item", 22],
  ["reason", "原因", "Reason", 110],
  ["remedy", "处理建议", "Action", 60],
  ["code", "原因代码", "Reason code", 24],
);

/** 目标进度 (§一): K1–K10. */
export const TARGETS = layout(
  ["id", "编号", "Id", 6],
  ["name", "目标", "Target", 50],
  ["actual", "实际", "Actual", 16, "figure"],
  ["target", "目标值", "Target value", 16, "figure"],
  ["unit", "单位", "Unit", 6],
  ["progress", "完成度", "Progress", 10, "factor"],
  ["met", "是否达标", "Met", 10],
  ["basis", "口径", "Basis", 60],
);

/** 运行记录: what the run was, a line a fact. */
export const RUN_RECORD = layout(["what", "事项", "Item", 40], ["value", "内容", "Value", 90]);

/** 支持项目's first table (§二(二)5–8): each item's funding plan against its unit count and cap. */
export const SUPPORT = layout(
  ["item", "项目编号", "Item", 8],
  ["name", "项目名称", "Name", 30],
  ["units", "承担单位数", "Units", 24],
  ["maxUnits", "单位数上限", "Units at most", 14],
  ["planned", "计划合计", "Planned", 16],
  ["cap", "资金上限", "Item cap", 16],
  ["ok", "是否合规", "OK", 10],
  ["why", "说明", "Why", 80],
);

/** 变更: every ledger row whose status or payout changed since the earlier result, and why. */
export const CHANGES = layout(
  ["sheet", "工作表", "Sheet", 16],
  ["row", "行", "Row", 6],
  ["claimant", "申报单位", "Claimant", 36],
  ["item", "项目", "Item", 6],
  ["statusBefore", "原状态", "Status before", 10],
  ["payoutBefore", "原兑付金额(元)", "Payout before (CNY)", 14, "money"],
  ["statusAfter", "现状态", "Status after", 10],
  ["payoutAfter", "现兑付金额(元)", "Payout after (CNY)", 14, "money"],
  ["cause", "变化原因", "Cause", 70],
);

/** The items listed below 变更's rows: demand, moves and paid, before → after. */
export const CHANGED_ITEMS = layout(
  ["id", "项目", "Item", 16],
  ["demandBefore", "原本批需求", "Demand before", 14, "money"],
  ["demandAfter", "现本批需求", "Demand after", 14, "money"],
  ["receivedBefore", "原本批调入", "Moved in before", 14, "money"],
  ["receivedAfter", "现本批调入", "Moved in after", 14, "money"],
  ["releasedBefore", "原本批调出", "Moved out before", 14, "money"],
  ["releasedAfter", "现本批调出", "Moved out after", 14, "money"],
  ["paidBefore", "原本批兑付", "Paid before", 14, "money"],
  ["paidAfter", "现本批兑付", "Paid after", 14, "money"],
);

/**
 * 累计已兑付: the 已兑付 layout (src/ledger/prior.ts reads it) with the batch that paid each row and what happened
 * after publicity. Headers are Chinese in both languages: a later run reads them back. A blank 批次 is a payout
 * from before any batch of this policy (a clerk's 已兑付 list without batches).
 */
export const CUMULATIVE = layout(
  ["batch", "批次", "批次", 8],
  ["item", "奖补项目", "奖补项目", 10],
  ["name", "单位名称", "单位名称", 36],
  ["code", "统一社会信用代码", "统一社会信用代码", 22],
  ["reference", "专利号/备案号/登记号", "专利号/备案号/登记号", 40],
  ["amount", "兑付金额（元）", "兑付金额（元）", 14, "money"],
  ["status", "状态", "状态", 10],
  ["note", "说明", "说明", 40],
  ["source", "来源", "来源", 30],
);

/** Below 累计已兑付's payouts, after its title line: what each batch moved in and out of each item (§四(三)). */
export const CUMULATIVE_MOVES = layout(
  ["batch", "批次", "批次", 8],
  ["item", "项目编号", "项目编号", 10],
  ["received", "调入", "调入", 14, "money"],
  ["released", "调出", "调出", 14, "money"],
);

/** The output columns appended to each ledger sheet. */
export const LEDGER_OUTPUT = layout(
  ["award", "奖补金额(元)", "Award (CNY)", 14, "money"],
  ["capped", "封顶后(元)", "After cap (CNY)", 14, "money"],
  ["factor", "比例", "Factor", 10, "factor"],
  ["payout", "兑付金额(元)", "Payout (CNY)", 14, "money"],
  ["status", "状态", "Status", 10],
  ["reason", "原因", "Reason", 60],
);

export function headersOf<F extends string>(columns: Layout<F>, lang: Lang): string[] {
  return columns.map((c) => c[lang]);
}

/** The 0-based place of a field in its layout. */
export function indexOf<F extends string>(columns: Layout<F>, field: F): number {
  return columns.findIndex((c) => c.field === field);
}

/** A row in the layout's order from values by field; fields not given are blank. */
export function rowOf<F extends string>(columns: Layout<F>, values: Partial<Record<F, CellValue>>): CellValue[] {
  return columns.map((c) => values[c.field] ?? null);
}
