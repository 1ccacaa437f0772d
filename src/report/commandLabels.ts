/**
 * The words only the command prints (its console summary, the funding plan's lines, the draft notice) and only the
 * .xlsx writer puts in 运行记录 (what a result lacks of the input: the command and the offline page), apart from
 * labels.ts: every word of a table ships in each script that reads the table, and the add-in shows none of these.
 */
import type { Lang } from "../engine/types";

const zh = {
  /** The line the command prints when 公示名单 is a draft. */
  publicityDraft: "公示名单为草稿（标题注明「草稿」）：未给出公示开始日期（--publicity-start），公示期未填",
  planLine: (text: string) => `资金计划：${text}`,
  indicatorCount: (met: number, notMet: number, missing: number) =>
    `绩效指标：达标 ${met} 项，未达标 ${notMet} 项，未报送 ${missing} 项`,
  text: {
    item: "项目",
    budget: "预算",
    available: "本批可用",
    demand: "需求",
    moved: "调入/调出",
    paid: "兑付",
    factor: "比例",
    rejected: (n: number, d: number, h: number, z: number) =>
      `不予兑付 ${n} 行，重复 ${d} 行${h > 0 ? `，暂缓兑付 ${h} 行` : ""}${z > 0 ? `，本批未获兑付（0.00 元）${z} 行` : ""}`,
    supportApart: "P5–P8 支持项目按资金计划另列，不计入 P1–P4 本批兑付合计",
  },
  /** 运行记录's lines on what the result lacks of the input, and what it left out (the whitelist, src/xlsx/copy.ts). */
  carried: {
    notKept: "未能保留（原文件未改动，请在原文件中查看）",
    refused: "未复制（不在结果可保留的内容之列）",
    external: "指向文件之外的链接（打开结果时 Excel 可能访问）",
    count: (feature: string, n: number) => `${feature} ${n} 处`,
  },
};

const en: typeof zh = {
  publicityDraft:
    "公示名单 is a draft (its heading says so): no publicity start was given (--publicity-start), so no period",
  planLine: (text: string) => `Funding plan: ${text}`,
  indicatorCount: (met: number, notMet: number, missing: number) =>
    `Indicators: ${met} met, ${notMet} not met, ${missing} missing`,
  text: {
    item: "Item",
    budget: "Budget",
    available: "Available",
    demand: "Demand",
    moved: "In/out",
    paid: "Paid",
    factor: "Factor",
    rejected: (n: number, d: number, h: number, z: number) =>
      `${n} rows rejected, ${d} duplicate${h > 0 ? `, ${h} held` : ""}${z > 0 ? `, ${z} paid nothing (0.00) in this batch` : ""}`,
    supportApart: "P5–P8 support projects are listed apart by the funding plan, not in the P1–P4 total",
  },
  carried: {
    notKept: "Not kept (the input file is unchanged: see it there)",
    refused: "Not copied (none of what the result keeps)",
    external: "Links outside the file (Excel may reach them when the result is opened)",
    count: (feature: string, n: number) => `${feature}: ${n}`,
  },
};

export function commandLabels(lang: Lang): typeof zh {
  return lang === "zh" ? zh : en;
}
