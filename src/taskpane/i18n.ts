/** Every word the pane shows, in Chinese (Office in Chinese) and English (otherwise). */
import type { Lang } from "../engine/types";

const zh = {
  title: "专利转化奖补",
  subtitle: (notice: string) => `依据 ${notice}`,
  steps: {
    mapping: "① 工作表与列",
    check: "② 检查",
    options: "③ 选项",
    result: "④ 结果",
    explain: "⑤ 为什么是这个金额",
  },
  /** A closed card's one line: what it holds. */
  lines: {
    mapping: (read: number, fix: number, skipped: number) =>
      [`${read} 张台账已识别`, fix > 0 ? `${fix} 张需处理` : "", skipped > 0 ? `${skipped} 张不是台账` : ""]
        .filter(Boolean)
        .join("，"),
    check: "不写入，列出需修改的单元格",
    options: (parts: string[]) => parts.join(" · "),
    noReallocation: "不调剂",
    resultNone: "尚未平衡",
    resultPaid: (amount: string) => `本批兑付 ${amount} 元`,
    resultRefused: "不能平衡，见此处",
    explain: "在台账中选中一行",
  },
  explainHint: "在台账中选中一行（任一单元格），这里显示它的计算过程：读入的单元格、每一步金额和依据的条款。",
  explainNone: (where: string) => `${where} 不是已识别台账中的申报行。`,
  explainDraft: "按工作簿当前内容计算，尚未写入：一键平衡后以写入的结果为准。",
  explainInputs: "读入的单元格",
  explainSteps: "计算步骤",
  explainReasons: "原因",
  explainStatus: (status: string, payout: string) => `${status} · 兑付 ${payout} 元`,
  reload: "重新读取",
  saveMapping: "保存对应关系",
  mappingSaved: "已保存到本工作簿，下次打开无需再选。",
  mappingIntro: "已按表头自动识别台账。请核对每张表的项目和列，如有不对请修改。",
  sheetOk: "已识别",
  sheetMissing: "缺少必需的列",
  sheetProblem: "未能识别",
  sheetSkipped: "不是台账",
  item: "奖补项目",
  itemAuto: (found?: string) => (found ? `自动（${found}）` : "自动（未识别）"),
  headerRow: "表头所在行",
  skip: "不是台账，跳过此表",
  columns: (n: number) => `列的对应（${n} 项）`,
  none: "（无此列）",
  required: "必填",
  rowsRead: (n: number) => `${n} 行申报`,
  noLedger: "没有找到可识别的台账工作表。请在上方为工作表指定奖补项目和表头行。",
  check: "检查",
  checkIntro: "不写入任何内容，只列出需要修改的单元格。点击一项可定位到该单元格。",
  checkNone: "未发现问题。",
  checkFound: (n: number) => `发现 ${n} 处需要处理：`,
  blocked: (n: number) =>
    `往期兑付或资金计划中有 ${n} 行无法读取，不能平衡：跳过它们会使单位超过上限、项目超过预算。请先改正以下各行（点击跳到单元格）：`,
  blocking: "【阻止平衡】",
  unreadable: (n: number) =>
    `有 ${n} 张台账工作表无法读取，不能平衡：跳过它们会使其申报单位都得不到兑付，并把项目预算调给其他项目。请先处理：`,
  fix: {
    MISSING_COLUMNS:
      "处理：在上方「① 工作表与列」本表的卡片中为缺少的列选择对应的列（或点“采用建议”），或改正表头后点“重新读取”；不是台账则勾选“不是台账，跳过此表”。",
    TWO_COLUMNS: "处理：在上方「① 工作表与列」本表卡片的“列的对应”中为该项选定一列，或删去多余的列后点“重新读取”。",
    NO_HEADER: "处理：在上方本表的卡片中填写表头所在行；不是台账则勾选“不是台账，跳过此表”。",
    NO_ITEM: "处理：在上方本表的卡片中选择奖补项目；不是台账则勾选“不是台账，跳过此表”。",
    TOO_WIDE: "处理：删去右侧不用的列后点“重新读取”；不是台账则勾选“不是台账，跳过此表”。",
  } as Record<string, string>,
  suggestion: (field: string, column: string, header: string) => `采用建议：${field} → ${column} 列“${header}”`,
  skippedSheets: (names: string) => `不读取的工作表（不是台账）：${names}`,
  /** Above 一键平衡: what the year paid and moved before this batch (issue 15). */
  yearBefore: (batch: string, source: string) => `本次批次：${batch}；往期兑付来源：${source}`,
  sourceNone: "无",
  beforeTable: ["项目", "往期已兑付", "往期调入", "往期调出"],
  blockedMore: (n: number) => `另有 ${n} 行未列出：请先改正以上各行，重新读取后再看。`,
  checkMore: (n: number) => `另有 ${n} 处，平衡后见“异常清单”工作表。`,
  reallocate: "资金调剂（§四(三)：未用完的预算调给超预算的项目）",
  rule: "调剂规则",
  rules: { shortfall: "按缺口比例", priority: "按指定顺序" },
  priority: "调剂顺序（如 P2,P4,P1）",
  validPatents: "高校院所有效专利数（K5）",
  survey: "满意度调查：满意数 / 答卷数（K10）",
  surveyAnswered: "答卷数",
  rounding: "取整",
  roundings: { fen: "到分（0.01 元）", yuan: "到元" },
  batch: "批次",
  batchNone: "不指定",
  batchN: (n: number) => `第${n === 1 ? "一" : n === 2 ? "二" : n}批`,
  prior: "往期已兑付",
  priorAuto: "自动（名为“已兑付”的工作表）",
  earlierFile: "读入往期结果（累计已兑付）",
  earlierFileRead: (name: string) => `已从“${name}”读入累计已兑付表，见下方往期数据`,
  earlierFileOwn: "本工作簿已有累计已兑付表：如要换用另一结果，请先删除该表",
  earlierFileNotResult: (name: string) => `“${name}”中没有累计已兑付表：请选择往期批次的运行结果`,
  priorNone: "无（首批，没有往期兑付）",
  balance: "一键平衡",
  steps2: { read: "正在读取工作簿…", balance: "正在计算奖补…", write: "正在写入结果…", done: "完成" },
  done: (rows: number, paid: number, rejected: number, duplicate: number, held: number, zero: number) =>
    `已处理 ${rows} 行：应兑付 ${paid} 行，不予兑付 ${rejected} 行，重复 ${duplicate} 行${held > 0 ? `，暂缓兑付 ${held} 行` : ""}${zero > 0 ? `，本批未获兑付（0.00 元）${zero} 行` : ""}。`,
  totalPaid: "本批兑付合计（P1–P4）",
  supportApart: (amount: string) => `P5–P8 支持项目按资金计划另列：${amount}（不计入上面的合计）`,
  yuan: "元",
  /** The result per item: the budget arithmetic on one line, demand and payout on the next (narrow pane). */
  itemTable: ["项目", "预算", "往期已兑付", "调入/调出", "可用", "需求", "兑付", "比例"],
  /** An earlier batch's move, in the 调入/调出 cell beside this batch's. */
  movedBefore: "往期",
  availableIs: "可用 = 预算 − 往期已兑付 + 调入 − 调出；兑付按需求，超出可用时按比例。",
  total: "合计",
  written: "已写入各台账的输出列和“汇总”“公示名单”“异常清单”“目标进度”“运行记录”工作表。",
  failed: "出错了：",
  publicityStart: "公示开始日期",
  publicityRequired: " · 必填",
  draft: "未填公示开始日期：「公示名单」将是没有公示期的草稿。请填写日期，或确认先生成草稿。",
  draftDate: "填写日期",
  draftGo: "生成草稿",
  balanceDone: (amount: string) => `已写入：本批兑付 ${amount} 元（见「④ 结果」）`,
  balanceRefused: "未写入任何内容：见「④ 结果」",
  contact: "异议联系方式（写入公示名单）",
  contactPerson: "联系人",
  contactPhone: "电话",
  contactAddress: "地址",
  publicityEnd: (end: string, days: number) => `公示结束日期：${end}（${days} 个工作日，含调休）`,
  unsupported: (sets: string) =>
    `此版本的 Excel 不支持本加载项所需的接口（${sets}）。请使用 Microsoft 365 版或 Excel 2021 及以上版本，或 Excel 网页版。`,
  outsideExcel: "这是“专利转化奖补”Excel 加载项的任务窗格：请在 Excel 中打开（开始 → 专利转化奖补 → 奖补面板）。",
  busy: "另一次平衡正在进行（本窗格或功能区的“一键平衡”），请等它完成后再试。",
  progressSyncs: (n: number) => `（已完成 ${n} 次与 Excel 的交换）`,
};

export type Strings = typeof zh;

const en: Strings = {
  title: "Patent commercialisation awards",
  subtitle: (notice: string) => `Under ${notice}`,
  steps: {
    mapping: "1. Sheets and columns",
    check: "2. Check",
    options: "3. Options",
    result: "4. Result",
    explain: "5. Why this amount",
  },
  lines: {
    mapping: (read: number, fix: number, skipped: number) =>
      [
        `${read} ledger sheets recognised`,
        fix > 0 ? `${fix} to deal with` : "",
        skipped > 0 ? `${skipped} no ledger` : "",
      ]
        .filter(Boolean)
        .join(", "),
    check: "writes nothing; lists the cells to fix",
    options: (parts: string[]) => parts.join(" · "),
    noReallocation: "no reallocation",
    resultNone: "not balanced yet",
    resultPaid: (amount: string) => `paid in this batch ${amount} CNY`,
    resultRefused: "cannot balance: see here",
    explain: "select a row of a ledger",
  },
  explainHint:
    "Select a row of a ledger (any cell): its computation shows here — the cells read, each step's amount, the clause.",
  explainNone: (where: string) => `${where} is not a claim row of a recognised ledger.`,
  explainDraft: "Computed from the workbook as it is now, not yet written: after a balance the written result applies.",
  explainInputs: "Cells read",
  explainSteps: "Steps",
  explainReasons: "Reasons",
  explainStatus: (status: string, payout: string) => `${status} · payout ${payout} CNY`,
  reload: "Read again",
  saveMapping: "Save mapping",
  mappingSaved: "Saved in this workbook: the next open needs no clicks.",
  mappingIntro:
    "Ledger sheets were recognised from their headers. Check each sheet's item and columns and change what is wrong.",
  sheetOk: "Recognised",
  sheetMissing: "Required columns missing",
  sheetProblem: "Not recognised",
  sheetSkipped: "Not a ledger",
  item: "Award item",
  itemAuto: (found?: string) => (found ? `Auto (${found})` : "Auto (not found)"),
  headerRow: "Header row",
  skip: "Not a ledger: skip this sheet",
  columns: (n: number) => `Columns (${n})`,
  none: "(no such column)",
  required: "required",
  rowsRead: (n: number) => `${n} claims`,
  noLedger: "No ledger sheet was recognised. Choose an award item and header row for a sheet above.",
  check: "Check",
  checkIntro: "Writes nothing; lists the cells to fix. Click one to go to it.",
  checkNone: "No problems found.",
  checkFound: (n: number) => `${n} to fix:`,
  blocked: (n: number) =>
    `${n} rows of earlier payouts or of the funding plan cannot be read, so nothing can be balanced: skipping them would pay units past their cap and items past their budget. Fix each row below first (click to go to the cell):`,
  blocking: "[blocks the balance] ",
  unreadable: (n: number) =>
    `${n} ledger sheets cannot be read, so nothing can be balanced: skipping them would pay none of their claimants and move their items' budgets to other items. Deal with them first:`,
  fix: {
    MISSING_COLUMNS:
      'To fix: on this sheet\'s card under "1. Sheets and columns" choose the column for each one missing (or click "Use the suggestion"), or correct the header and click "Read again"; if it is no ledger, tick "Not a ledger: skip this sheet".',
    TWO_COLUMNS:
      'To fix: under "Columns" on this sheet\'s card in "1. Sheets and columns" choose the one column for that field, or delete the other column and click "Read again".',
    NO_HEADER:
      'To fix: enter the header row on this sheet\'s card above; if it is no ledger, tick "Not a ledger: skip this sheet".',
    NO_ITEM:
      'To fix: choose the award item on this sheet\'s card above; if it is no ledger, tick "Not a ledger: skip this sheet".',
    TOO_WIDE:
      'To fix: delete the unused columns on the right, then click "Read again"; if it is no ledger, tick "Not a ledger: skip this sheet".',
  },
  suggestion: (field: string, column: string, header: string) =>
    `Use the suggestion: ${field} → column ${column} "${header}"`,
  skippedSheets: (names: string) => `Sheets not read (no ledger): ${names}`,
  yearBefore: (batch: string, source: string) => `This batch: ${batch}; earlier payouts from: ${source}`,
  sourceNone: "none",
  beforeTable: ["Item", "Paid before", "Moved in before", "Moved out before"],
  blockedMore: (n: number) => `${n} more not listed: fix those above, then reload to see the rest.`,
  checkMore: (n: number) => `${n} more; after balancing see the 异常清单 sheet.`,
  reallocate: "Reallocate (§四(三): unspent budget goes to over-subscribed items)",
  rule: "Rule",
  rules: { shortfall: "In proportion to shortfall", priority: "In a priority order" },
  priority: "Priority order (e.g. P2,P4,P1)",
  validPatents: "Universities' valid patents (K5)",
  survey: "Survey: satisfied / answered (K10)",
  surveyAnswered: "answered",
  rounding: "Rounding",
  roundings: { fen: "To the fen (0.01 CNY)", yuan: "To the yuan" },
  batch: "Batch",
  batchNone: "Not stated",
  batchN: (n: number) => `Batch ${n}`,
  prior: "Earlier payouts",
  priorAuto: "Automatic (a sheet named 已兑付)",
  earlierFile: "Read an earlier result (累计已兑付)",
  earlierFileRead: (name: string) => `累计已兑付 read from "${name}": the year before is shown below`,
  earlierFileOwn: "This workbook already has a 累计已兑付 sheet: delete it first to take another result's",
  earlierFileNotResult: (name: string) => `"${name}" has no 累计已兑付 sheet: choose an earlier batch's result`,
  priorNone: "None (first batch)",
  balance: "Balance now",
  steps2: { read: "Reading the workbook…", balance: "Computing awards…", write: "Writing results…", done: "Done" },
  done: (rows: number, paid: number, rejected: number, duplicate: number, held: number, zero: number) =>
    `${rows} rows: ${paid} paid, ${rejected} rejected, ${duplicate} duplicates${held > 0 ? `, ${held} held` : ""}${zero > 0 ? `, ${zero} paid nothing (0.00) in this batch` : ""}.`,
  totalPaid: "Paid in this batch (P1–P4)",
  supportApart: (amount: string) =>
    `P5–P8 support projects by the funding plan, apart: ${amount} (not in the total above)`,
  yuan: "CNY",
  itemTable: ["Item", "Budget", "Paid before", "Moved in/out", "Available", "Demand", "Paid", "Factor"],
  movedBefore: "before",
  availableIs:
    "Available = budget − paid before + moved in − moved out; demand is paid, pro rata when above what is available.",
  total: "Total",
  written: "Output columns written on each ledger, and the sheets 汇总, 公示名单, 异常清单, 目标进度 and 运行记录.",
  failed: "Something went wrong: ",
  publicityStart: "Publicity starts",
  publicityRequired: " · required",
  draft:
    "No publicity start date: 公示名单 will be a draft (草稿) without a publicity period. Fill in the date, or go on with a draft.",
  draftDate: "Fill in the date",
  draftGo: "Write a draft",
  balanceDone: (amount: string) => `Written: paid in this batch ${amount} CNY (see "4. Result")`,
  balanceRefused: 'Nothing written: see "4. Result"',
  contact: "Contact for objections (on 公示名单)",
  contactPerson: "Contact person",
  contactPhone: "Phone",
  contactAddress: "Address",
  publicityEnd: (end: string, days: number) => `Publicity ends: ${end} (${days} working days, PRC calendar)`,
  unsupported: (sets: string) =>
    `This version of Excel lacks what the add-in needs (${sets}). Use Excel for Microsoft 365, Excel 2021 or later, or Excel on the web.`,
  outsideExcel:
    "This is the task pane of the Patent awards add-in for Excel: open it in Excel (Home → Patent awards → Awards pane).",
  busy: "Another balance is running (this pane's or the ribbon's Balance now): wait for it to finish, then try again.",
  progressSyncs: (n: number) => ` (${n} exchanges with Excel done)`,
};

export function strings(lang: Lang): Strings {
  return lang === "zh" ? zh : en;
}

/** Office's display language (`zh-CN`, `zh-TW`, `en-US` …) → the pane's language. */
export function langOf(displayLanguage: string | undefined): Lang {
  return displayLanguage?.toLowerCase().startsWith("zh") ? "zh" : "en";
}
