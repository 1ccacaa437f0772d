/**
 * Every word the report writes, in both languages. Sheet names stay Chinese whatever the language, so
 * a later run (and src/ledger reading an earlier 汇总) recognises them.
 */
import type { Lang, RowStatus } from "../engine/types";
import { RUN_RECORD_LINES } from "../ledger/layouts";

/** Report sheet names, for writers that replace an earlier run's sheets (declared once in src/ledger/layouts). */
export { SHEETS, PRODUCT_SHEETS as REPORT_SHEETS } from "../ledger/layouts";

/** 1 → 一 … 10 → 十; past ten, the figure. */
export function chineseNumber(n: number): string {
  return n >= 1 && n <= 10 ? "一二三四五六七八九十"[n - 1] : String(n);
}

const zh = {
  status: {
    paid: "应兑付",
    zero: "本批未获兑付",
    rejected: "不予兑付",
    duplicate: "重复",
    held: "暂缓兑付",
  } as Record<RowStatus, string>,
  total: "合计",
  awardsTotal: "P1–P4 绩效奖补（本批兑付合计）",
  whatIf: {
    title: (changes: string) => `测算（非正式）：${changes}。本表不是兑付名单，不得公示或据以兑付`,
    budget: (item: string, run: string, policy: string) => `${item} 预算按 ${run} 元测算（政策文件为 ${policy} 元）`,
    separator: "；",
  },
  supportTotal: "P5–P8 支持项目（按资金计划，另列，不计入上行合计）",
  /** The defaults that can change a payout (LEDGER.md "Assumptions"), above the console summary, 汇总 and the pane. */
  assumptions: {
    title: "说明（请核对）",
    sheet: (sheet: string, item?: string) => `工作表“${sheet}”${item ? `（${item}）` : ""}`,
    line: (sheet: string, text: string) => `${sheet}：${text}`,
    separator: "；",
  },
  movesTitle: "资金调剂",
  noMoves: "本批无资金调剂",
  batchNotStated: "未指定",
  chartBudget: "预算/需求/兑付",
  /** The task pane's 填入公示期 finds 公示名单's period by these words (src/taskpane). */
  /** 公示名单 as the bureau publishes it (§四(二)): heading, list by item, period, objections, issuer and date. */
  publicity: {
    batch: chineseNumber,
    /** The heading of a list published without a period: not yet the notice. */
    draft: "（草稿）",
    /** Without a policy file: the notice's number and the batch. */
    heading: (notice: string, batch: number) => `${notice} 专利转化绩效奖补第${chineseNumber(batch)}批拟兑付名单的公示`,
    unit: "单位：元",
    /** An item's group heading: 「一、高校院所、国有企业输出专利技术」. */
    group: (n: number, name: string) => `${chineseNumber(n)}、${name}`,
    subtotal: "小计",
    period: (start: string, end: string) => `公示期：${start}至${end}。`,
    noPeriod: "公示期：未定（本名单为草稿，给出公示开始日期后再公示）。",
    // As published notices put it (e.g. 广州市市场监督管理局's 专利资助资金 publicity lists): in writing, in time, with proof.
    objections: (to?: string) =>
      `公示期内，任何单位和个人如有异议，可以书面形式向${to ?? "本局"}反映，并提供真实有效的证明材料和联系方式（单位须加盖公章，个人须签署真实姓名）。`,
    date: (year: number, month: number, day: number) => `${year}年${month}月${day}日`,
  },
  /** Below 汇总 only, where the bureau signs (§五(二): reviewed by 分管负责人 and 主要负责人); never on the public list. */
  signatures: "经办人：　　　审核人：　　　分管负责人：　　　主要负责人：　　　日期：",
  /** 汇总's heading: what it is, who compiled it, the batch, the unit, the date. */
  summaryHeading: {
    title: (district: string, year: number, batch: number) =>
      `${district}${year}年第${chineseNumber(batch)}批专利转化绩效奖补资金兑付汇总表`,
    plain: (notice: string, batch: number) => `${notice} 专利转化绩效奖补第${chineseNumber(batch)}批兑付汇总表`,
    line: (issuer: string | undefined, batch: number, date: string) =>
      [issuer ? `编制单位：${issuer}` : "", `批次：第${chineseNumber(batch)}批`, "单位：元", `日期：${date}`]
        .filter(Boolean)
        .join("　　"),
  },
  /** Excel's header/footer codes: &P this page, &N the number of pages. */
  pageFooter: "第 &P 页，共 &N 页",
  capApplied: "已按单位上限封顶",
  yearCapped: (total: string, prior: string) => `已按单位上限封顶（往期已兑付 ${prior} 元，全年累计 ${total} 元）`,
  scaled: (p: string) => `按比例兑付 ${p}`,
  met: { yes: "达标", no: "未达标", unknown: "缺少输入" },
  chartTargets: "目标完成度",
  /** A target's unit as the policy writes it (Chinese) → as this language writes it. */
  targetUnits: {} as Record<string, string>,
  /** An item as 异常清单 names it: its id and a few words. */
  items: {
    P1: "P1 输出专利技术",
    P2: "P2 接受转让许可",
    P3: "P3 专利产品备案",
    P4: "P4 专利质押融资",
  } as Record<string, string>,
  /** An item's name where its code is not shown (公示名单's groups); Chinese takes the policy's names. */
  itemNames: {} as Record<string, string>,
  /** The words written on a ledger's own 合计/小计 line, beside the sums of the rows it adds up. */
  totalLine: (subtotal: boolean, from: number, to: number) => `第 ${from}–${to} 行${subtotal ? "小计" : "合计"}`,
  support: {
    noPlan: "未提供资金计划：工作簿中没有资金计划表",
    linesTitle: "资金计划明细",
    lines: ["项目编号", "承担单位", "位置", "", "计划金额", "", "是否合规", "说明"],
    indicatorsTitle: "绩效指标（结题验收）",
    indicators: ["项目编号", "承担单位", "任务", "条款", "实际", "差额", "状态", "说明"],
    noIndicators: "未提供绩效指标：工作簿中没有绩效指标表",
    ok: "合规",
    problem: "有问题",
    status: { met: "达标", notMet: "未达标", missing: "未报送" },
    task: (t: { id: string; name: string }) => t.name,
    yes: "是",
    no: "否",
  },
  run: {
    /** The product's mark (src/ledger/own.ts): the sheets the run wrote, the first line under the header. */
    sheets: RUN_RECORD_LINES.sheets.zh,
    policy: RUN_RECORD_LINES.policy.zh,
    version: "政策版本",
    notice: "文号",
    reallocate: "资金调剂",
    rule: "调剂规则",
    priority: "调剂顺序",
    rounding: "取整",
    batch: "批次",
    /** Where objections to 公示名单 go, as given (read back by the next run when none is given). */
    contact: "联系方式",
    defaults: (sheet: string) => `默认值（${sheet}）`,
    choices: (sheet: string) => `用户设定（${sheet}）`,
    chosen: {
      item: (item: string) => `项目 ${item}`,
      headerRow: (row: number) => `表头第 ${row} 行`,
      column: (field: string, column: string | null) => (column ? `${field} → ${column} 列` : `${field} 不取`),
      skip: "跳过",
      separator: "；",
    },
    skipped: (sheet: string) => `已跳过的工作表（${sheet}）`,
    rowProblem: (where: string) => `未读入的行（${where}）`,
    time: "运行时间",
    input: "输入文件",
    sha256: "输入文件 SHA-256",
    prior: "往期兑付来源",
    /** This batch's figures per item, for a later batch to check the result against (src/plan/year.ts). */
    itemPaid: (id: string) => `本批兑付（${id}）`,
    /** Rows an earlier batch decided, left as it wrote them: a re-run of this batch leaves them so too. */
    earlierRows: (sheet: string) => `往期批次的行（${sheet}）`,
    engine: "程序版本",
    rows: "行数（应兑付/本批未获兑付/不予兑付/重复/暂缓）",
    demand: "本批需求合计（P1–P4）",
    paid: "本批兑付合计（P1–P4）",
    support: "P5–P8 支持项目资金计划（另列）",
    whatIf: "测算（非正式）",
    note: "提示",
  },
  /** 累计已兑付 and 汇总's year block (LEDGER.md "A result as earlier payouts"). */
  year: {
    movesTitle: "各批次资金调剂",
    title: "全年情况（截至本批）",
    item: "项目编号",
    budget: "预算",
    batchPaid: (b: number) => (b === 0 ? "往期兑付" : `第${chineseNumber(b)}批兑付`),
    received: "累计调入",
    released: "累计调出",
    total: "全年已兑付",
    left: "全年结余",
    check: "核对（全年兑付≤预算+调入−调出）",
    ok: "✓",
    over: (by: string) => `超出 ${by} 元`,
  },
  changes: {
    none: "无变化",
    itemsTitle: "项目变化",
    line: (rows: number, items: number) =>
      `变更：${rows} 行的状态或兑付金额变化，${items} 个项目的需求、调剂或兑付变化`,
    noneLine: "变更：无变化",
    /** What happened to a row, in a clerk's words; the first cause says it with the row's before → after. */
    kinds: {
      corrected: (status: string) => `更正后${status}`,
      added: "新增申报",
      gone: "撤回",
      amount: "金额更正",
      unit: "因本单位其他行变化",
      duplicate: "因重复申报变化",
      moves: "因资金调剂变化",
      proRata: "因项目按比例变化",
      prior: "因往期兑付变化",
      settings: "因政策版本或运行选项变化",
      other: "因本批其他行变化",
    },
    /** A kind with its before → after: `更正后应兑付：不予兑付 → 6,000.00`. */
    headline: (kind: string, transition: string) => `${kind}：${transition}`,
    /** A kind with what explains it: `因项目按比例变化（P4 比例 93.36% → 80.00%）`. */
    detailed: (text: string, detail: string) => `${text}（${detail}）`,
    transition: (before: string, after: string) => `${before} → ${after}`,
    /** A gone row has no after (a new row says only what it is now). */
    goneAs: (before: string) => `原为 ${before}`,
    goneDetail: "本行已删除、清空或不再读入",
    replaced: "本行已换成另一单位的申报，原申报按撤回处理",
    award: (before: string, after: string) => `奖补金额 ${before} → ${after} 元`,
    unitDetail: "单位上限共用",
    factor: (item: string, before: string, after: string) => `${item} 比例 ${before} → ${after}`,
    available: (item: string, before: string, after: string) => `${item} 本批可用 ${before} → ${after} 元`,
    received: (item: string, before: string, after: string) => `${item} 本批调入 ${before} → ${after} 元`,
    released: (item: string, before: string, after: string) => `${item} 本批调出 ${before} → ${after} 元`,
    priorPaid: (item: string, before: string, after: string) => `${item} 往期已兑付 ${before} → ${after} 元`,
    priorReceived: (item: string, before: string, after: string) => `${item} 往期调入 ${before} → ${after} 元`,
    priorReleased: (item: string, before: string, after: string) => `${item} 往期调出 ${before} → ${after} 元`,
    notCompared: (sheet: string, row: number) => `${sheet} 第 ${row} 行起的上次输出列未读回，这些行未比较`,
    separator: "；",
    list: "、",
  },
  on: "是",
  off: "否",
  rules: { shortfall: "按缺口比例", priority: "按指定顺序" },
  roundings: { fen: "到分", yuan: "到元" },
};

type Labels = typeof zh;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const en: Labels = {
  // Not "unpaid": that word marks a payout whose payment failed after publicity (src/ledger/prior.ts markOf).
  status: {
    paid: "paid",
    zero: "nothing paid",
    rejected: "rejected",
    duplicate: "duplicate",
    held: "held",
  },
  total: "Total",
  awardsTotal: "P1–P4 performance awards (paid in this batch)",
  whatIf: {
    title: (changes: string) =>
      `What-if (not official): ${changes}. This is not a payout list: do not publish it or pay from it`,
    budget: (item: string, run: string, policy: string) =>
      `${item} budget taken as ${run} 元 (the policy file says ${policy} 元)`,
    separator: "; ",
  },
  supportTotal: "P5–P8 support projects (by the funding plan, listed apart, not in the total above)",
  assumptions: {
    title: "Assumptions (check them)",
    sheet: (sheet: string, item?: string) => `Sheet "${sheet}"${item ? ` (${item})` : ""}`,
    line: (sheet: string, text: string) => `${sheet}: ${text}`,
    separator: "; ",
  },
  movesTitle: "Reallocation",
  noMoves: "No money moved in this batch",
  batchNotStated: "not stated",
  chartBudget: "Budget / demand / paid",
  publicity: {
    batch: (n: number) => String(n),
    draft: " (draft)",
    heading: (notice: string, batch: number) =>
      `Public notice of the patent commercialisation performance awards proposed for payment, batch ${batch} (${notice})`,
    unit: "Unit: 元",
    group: (n: number, name: string) => `${n}. ${name}`,
    subtotal: "Subtotal",
    period: (start: string, end: string) => `Publicity: ${start} to ${end}.`,
    noPeriod: "Publicity: not yet set (this list is a draft: publish it once a start date is given).",
    objections: (to?: string) =>
      `Any unit or person objecting may write to ${to ?? "the bureau"} within the publicity period, with genuine supporting evidence and contact details (a unit under its seal, a person signing with their real name).`,
    date: (year: number, month: number, day: number) => `${day} ${MONTHS[month - 1]} ${year}`,
  },
  signatures: "Prepared by:      Checked by:      Deputy head:      Head:      Date:",
  summaryHeading: {
    title: (district: string, year: number, batch: number) =>
      `${district} ${year} patent commercialisation performance awards, batch ${batch}: summary of payments`,
    plain: (notice: string, batch: number) =>
      `${notice} patent commercialisation performance awards, batch ${batch}: summary of payments`,
    line: (issuer: string | undefined, batch: number, date: string) =>
      [issuer ? `Compiled by: ${issuer}` : "", `Batch: ${batch}`, "Unit: 元", `Date: ${date}`]
        .filter(Boolean)
        .join("    "),
  },
  pageFooter: "Page &P of &N",
  capApplied: "capped at the per-unit limit",
  yearCapped: (total: string, prior: string) =>
    `capped at the per-unit limit (${prior} yuan paid in earlier batches; ${total} over the year)`,
  scaled: (p: string) => `paid pro rata at ${p}`,
  met: { yes: "met", no: "not met", unknown: "input missing" },
  chartTargets: "Progress towards targets",
  targetUnits: { 次: "times", 家: "enterprises", 件: "items", 元: "CNY" },
  items: {
    P1: "P1 patents transferred out",
    P2: "P2 transfers and licences received",
    P3: "P3 patent product filings",
    P4: "P4 patent pledge financing",
  },
  itemNames: {
    P1: "Patents transferred out by universities, institutes and state-owned enterprises",
    P2: "Patent transfers and licences received by small and micro enterprises",
    P3: "Patent product filings by small and micro enterprises",
    P4: "Patent pledge financing by small and micro enterprises",
  },
  totalLine: (subtotal: boolean, from: number, to: number) =>
    `${subtotal ? "subtotal" : "total"} of rows ${from}–${to}`,
  support: {
    noPlan: "No funding plan: the workbook has no 资金计划 sheet",
    linesTitle: "Funding plan lines",
    lines: ["Item", "Undertaking unit", "Where", "", "Planned", "", "OK", "Why"],
    indicatorsTitle: "Indicators at acceptance (结题验收)",
    indicators: ["Item", "Undertaking unit", "Task", "Clause", "Actual", "Short by", "Status", "Why"],
    noIndicators: "No indicators: the workbook has no 绩效指标 sheet",
    ok: "ok",
    problem: "problem",
    status: { met: "met", notMet: "not met", missing: "missing" },
    task: (t: { id: string; name: string }) => `${t.id} ${t.name}`,
    yes: "yes",
    no: "no",
  },
  run: {
    sheets: RUN_RECORD_LINES.sheets.en,
    policy: RUN_RECORD_LINES.policy.en,
    version: "Policy version",
    notice: "Notice",
    reallocate: "Reallocation",
    rule: "Reallocation rule",
    priority: "Priority order",
    rounding: "Rounding",
    batch: "Batch",
    contact: "Contact",
    defaults: (sheet: string) => `Defaults (${sheet})`,
    choices: (sheet: string) => `Chosen by the user (${sheet})`,
    chosen: {
      item: (item: string) => `item ${item}`,
      headerRow: (row: number) => `header row ${row}`,
      column: (field: string, column: string | null) => (column ? `${field} → column ${column}` : `${field} not used`),
      skip: "skipped",
      separator: "; ",
    },
    skipped: (sheet: string) => `Sheet skipped (${sheet})`,
    rowProblem: (where: string) => `Row not read (${where})`,
    time: "Run at",
    input: "Input file",
    sha256: "Input SHA-256",
    prior: "Earlier payouts from",
    itemPaid: (id: string) => `Paid in this batch (${id})`,
    earlierRows: (sheet: string) => `Rows of earlier batches (${sheet})`,
    engine: "Program version",
    rows: "Rows (paid/nothing paid/rejected/duplicate/held)",
    demand: "Demand, total (P1–P4)",
    paid: "Paid, total (P1–P4)",
    support: "P5–P8 support projects, funding plan (apart)",
    whatIf: "What-if (not official)",
    note: "Note",
  },
  year: {
    movesTitle: "各批次资金调剂",
    title: "The year so far (up to this batch)",
    item: "Item",
    budget: "Budget",
    batchPaid: (b: number) => (b === 0 ? "Paid earlier" : `Batch ${b} paid`),
    received: "Moved in",
    released: "Moved out",
    total: "Paid this year",
    left: "Left for the year",
    check: "Check (paid ≤ budget + in − out)",
    ok: "✓",
    over: (by: string) => `over by ${by} yuan`,
  },
  changes: {
    none: "no changes",
    itemsTitle: "Items changed",
    line: (rows: number, items: number) =>
      `Changes: ${rows} rows changed status or payout; ${items} items changed demand, moves or paid`,
    noneLine: "Changes: no changes",
    kinds: {
      corrected: (status: string) => `${status} after correction`,
      added: "new claim",
      gone: "withdrawn",
      amount: "amount corrected",
      unit: "another row of the unit changed",
      duplicate: "duplicate claims changed",
      moves: "moves between items changed",
      proRata: "the item's pro-rata factor changed",
      prior: "earlier payouts changed",
      settings: "the policy version or options changed",
      other: "other rows of the batch changed",
    },
    headline: (kind: string, transition: string) => `${kind}: ${transition}`,
    detailed: (text: string, detail: string) => `${text} (${detail})`,
    transition: (before: string, after: string) => `${before} → ${after}`,
    goneAs: (before: string) => `was ${before}`,
    goneDetail: "the row was deleted, cleared or is no longer read",
    replaced: "the row now holds another unit's claim; the earlier claim is taken as withdrawn",
    award: (before: string, after: string) => `award ${before} → ${after} 元`,
    unitDetail: "the unit cap is shared",
    factor: (item: string, before: string, after: string) => `${item} factor ${before} → ${after}`,
    available: (item: string, before: string, after: string) => `${item} available ${before} → ${after} 元`,
    received: (item: string, before: string, after: string) => `${item} moved in ${before} → ${after} 元`,
    released: (item: string, before: string, after: string) => `${item} moved out ${before} → ${after} 元`,
    priorPaid: (item: string, before: string, after: string) => `${item} paid before ${before} → ${after} 元`,
    priorReceived: (item: string, before: string, after: string) => `${item} moved in before ${before} → ${after} 元`,
    priorReleased: (item: string, before: string, after: string) => `${item} moved out before ${before} → ${after} 元`,
    notCompared: (sheet: string, row: number) =>
      `${sheet}: the earlier output columns from row ${row} down were not read back; those rows are not compared`,
    separator: "; ",
    list: ", ",
  },
  on: "on",
  off: "off",
  rules: {
    shortfall: "in proportion to shortfall",
    priority: "in priority order",
  },
  roundings: { fen: "to the fen", yuan: "to the 元" },
};

export function labels(lang: Lang): Labels {
  return lang === "en" ? en : zh;
}
