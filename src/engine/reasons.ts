/**
 * Every reason the engine gives, with a stable code and a message in Chinese and English that names the
 * sheet, the row and the column, and says what was expected.
 */
import type { CellRef, Reason, ReasonCode, RowStatus } from "./types";

type Params = Record<string, string | number>;

/**
 * What a clerk does with a row a reason stands on (异常清单's 处理建议): `fix` it and send it again (可补正),
 * take it as a final `refuse` (不予支持), `hold` it until checked (暂缓), or nothing (`none`: a note).
 */
export type RemedyAction = "fix" | "refuse" | "hold" | "none";
export interface Remedy {
  action: RemedyAction;
  /** What to do, without the action word; empty when the action says it all. */
  zh: string;
  en: string;
}
type Template = {
  severity: Reason["severity"];
  zh: string;
  en: string;
  remedy: Remedy;
};

const fix = (zh: string, en: string): Remedy => ({ action: "fix", zh, en });
const refuse = (zh = "", en = ""): Remedy => ({ action: "refuse", zh, en });
const hold = (zh: string, en: string): Remedy => ({ action: "hold", zh, en });
const none: Remedy = { action: "none", zh: "", en: "" };
/** A reason that stops or holds its row; a note, which only explains it (its remedy mostly none). */
const error = (zh: string, en: string, remedy: Remedy): Template => ({
  severity: "error",
  zh,
  en,
  remedy,
});
const note = (zh: string, en: string, remedy = none): Template => ({
  severity: "note",
  zh,
  en,
  remedy,
});

const TEMPLATES: Record<ReasonCode, Template> = {
  MISSING_VALUE: error(
    "缺少{field}：{expectedZh}",
    "{field} is missing: {expectedEn}",
    fix("补填该列后重新报送", "fill in the missing cell and resubmit"),
  ),
  BAD_AMOUNT: error(
    "金额「{value}」无法识别，应为{expectedZh}",
    'amount "{value}" not understood; expected {expectedEn}',
    fix("改正金额后重新报送", "correct the amount and resubmit"),
  ),
  BAD_DATE: error(
    "日期「{value}」无法识别，应为{expectedZh}",
    'date "{value}" not understood; expected {expectedEn}',
    fix("改正日期后重新报送", "correct the date and resubmit"),
  ),
  BAD_COUNT: error(
    "件数「{value}」无效，应为{expectedZh}",
    'count "{value}" is not valid; expected {expectedEn}',
    fix("改正件数后重新报送", "correct the count and resubmit"),
  ),
  BAD_YES_NO: error(
    "「{value}」无法识别，应为{expectedZh}",
    '"{value}" not understood; expected {expectedEn}',
    fix("改为“是”或“否”后重新报送", "enter yes (是) or no (否) and resubmit"),
  ),
  BAD_BATCH: error(
    "批次「{value}」无法识别，应为{expectedZh}",
    'batch "{value}" not understood; expected {expectedEn}',
    fix("改正批次后重新报送", "correct the batch and resubmit"),
  ),
  BAD_PATENT_NUMBER: error(
    "专利号「{value}」格式不正确，应为{expectedZh}",
    'patent number "{value}" is malformed; expected {expectedEn}',
    fix("核对并改正专利号后重新报送", "check and correct the patent number, then resubmit"),
  ),
  PATENT_CHECK_MISMATCH: error(
    "专利号「{value}」校验位不符：按前面的数字校验位应为 {check}",
    'patent number "{value}": wrong check character, the digits give {check}',
    fix("核对并改正专利号后重新报送", "check and correct the patent number, then resubmit"),
  ),
  PATENT_TYPE_MISMATCH: error(
    "填报的专利类型为「{stated}」，但专利号「{value}」是{actualZh}专利",
    'stated patent type "{stated}" disagrees with number "{value}", which is a {actualEn} patent',
    fix("核对专利类型和专利号，改正后重新报送", "check the patent type and number, correct them and resubmit"),
  ),
  PATENT_TYPES_MIXED: error(
    "同一行的专利类型不一致（{types}），件数大于1时须同为一种类型，请分行填写",
    "patents in one row are of different types ({types}); a row with a count above 1 must share one type: split the row",
    fix("按专利类型分行填写后重新报送", "put each patent type on a row of its own and resubmit"),
  ),
  PATENT_COUNT_MISMATCH: error(
    "件数为 {count}，但列出了 {listed} 个专利号",
    "count is {count} but {listed} patent numbers are listed",
    fix("使件数与所列专利号一致后重新报送", "make the count match the patent numbers listed and resubmit"),
  ),
  UNKNOWN_PATENT_TYPE: error(
    "专利类型「{value}」无法识别，应为发明、实用新型或外观设计",
    'patent type "{value}" not understood; expected invention, utility model or design',
    fix("改为发明、实用新型或外观设计后重新报送", "enter invention, utility model or design and resubmit"),
  ),
  UNKNOWN_MODE: error(
    "转化方式「{value}」无法识别，应为转让、许可、开放许可或作价入股",
    'mode "{value}" not understood; expected transfer, licence, open licence or capital contribution',
    fix(
      "改为转让、许可、开放许可或作价入股后重新报送",
      "enter transfer, licence, open licence or capital contribution and resubmit",
    ),
  ),
  MODE_NOT_PAID: error("不予奖补：{detailZh}", "not payable: {detailEn}", refuse()),
  BAD_CREDIT_CODE: error(
    "统一社会信用代码「{value}」无效：{expectedZh}",
    'unified social credit code "{value}" is not valid: {expectedEn}',
    fix("改正统一社会信用代码后重新报送", "correct the unified social credit code and resubmit"),
  ),
  CLAIMANT_NOT_IN_DISTRICT: error(
    "申报单位所在地「{value}」不在{district}，本项目只支持区内单位（{clause}）",
    'claimant location "{value}" is outside {district}; only in-district units qualify ({clause})',
    refuse(),
  ),
  CLAIMANT_KIND: error(
    "申报单位性质「{value}」不符，{item}应为{expectedZh}（{clause}）",
    'claimant kind "{value}" does not qualify; {item} requires {expectedEn} ({clause})',
    refuse(),
  ),
  COUNTERPARTY_KIND: error(
    "交易对方性质「{value}」不符，应为{expectedZh}（{clause}）",
    'counterparty kind "{value}" does not qualify; expected {expectedEn} ({clause})',
    refuse(),
  ),
  COUNTERPARTY_DISTRICT: error(
    "交易对方所在地「{value}」不符，应为{expectedZh}（{clause}）",
    'counterparty location "{value}" does not qualify; expected {expectedEn} ({clause})',
    refuse(),
  ),
  NO_RECORD: error(
    "缺少国家知识产权局转移登记或许可备案日期，未完成备案不予奖补（{clause}）",
    "no CNIPA transfer registration or licence record date; unrecorded deals are not paid ({clause})",
    fix(
      "补填国家知识产权局备案/登记日期后重新报送；未完成备案的不予支持",
      "add the CNIPA record or registration date and resubmit; an unrecorded deal is not supported",
    ),
  ),
  OUTSIDE_FUND_PERIOD: error(
    "备案日期 {value} 不在资金使用周期 {from} 至 {to} 内（{clause}）",
    "record date {value} is outside the fund period {from} to {to} ({clause})",
    refuse(),
  ),
  OTHER_FISCAL_SUPPORT: error(
    "已获得其他财政资金支持的项目不再重复支持（§四(三)）",
    "already supported by other fiscal funds: not supported again (§四(三))",
    refuse(),
  ),
  BARRED: error(
    "该单位因弄虚作假已被拒绝以后的全部资助和奖励申请（§四(四)）",
    "this unit is barred from further awards for a false claim (§四(四))",
    refuse(),
  ),
  DUPLICATE: error(
    "与第 {keptRow} 行（{keptSheet}）重复：同一单位同一专利按从高不重复原则只奖补一次（§四(三)）",
    "duplicate of row {keptRow} ({keptSheet}): the same patent for the same unit is paid once, at the higher rate (§四(三))",
    refuse("已在保留行奖补", "paid on the row kept"),
  ),
  DUPLICATE_PARTIAL: note(
    "其中 {patents} 已在第 {keptRow} 行（{keptSheet}）奖补，本行按 {count} 件计（§四(三)）",
    "{patents} already paid in row {keptRow} ({keptSheet}); this row counts {count} (§四(三))",
  ),
  PAID_BEFORE: error(
    "{patents} 已在往期批次向该单位兑付（{whereZh}），不重复奖补（§四(三)）",
    "{patents} already paid to this unit in an earlier batch ({whereEn}); not paid again (§四(三))",
    refuse("往期已兑付", "paid in an earlier batch"),
  ),
  PAID_BEFORE_PARTIAL: note(
    "{patents} 已在往期批次向该单位兑付（{whereZh}），本行按 {count} 件计（§四(三)）",
    "{patents} already paid to this unit in an earlier batch ({whereEn}); this row counts {count} (§四(三))",
  ),
  OPEN_LICENCE_PLATFORM: note(
    "开放许可平台「{value}」不是{platforms}，按普通许可备案 {rate} 元/件计（解释：{clause}）",
    'open-licence platform "{value}" is not {platforms}; paid as a recorded licence at {rate} 元 each (interpretation of {clause})',
  ),
  CAPITAL_CONTRIBUTION: note(
    "作价入股按专利权转移登记，以转让标准奖补（{clause}）",
    "capital contribution is recorded as a transfer and paid at the transfer rate ({clause})",
  ),
  IP_ASSET_COMPANY: note(
    "高校下属知识产权资产管理公司计入该高校（§二(二)6）",
    "a university's IP asset management company counts as the university (§二(二)6)",
  ),
  CAP_APPLIED: note(
    "单位封顶 {demand}→{capped} 元（上限 {cap} 元{priorZh}，{clause}）",
    "unit capped {demand}→{capped} 元 (cap {cap} 元{priorEn}, {clause})",
  ),
  CAP_EXHAUSTED: note(
    "该单位往期已兑付 {prior} 元，已达上限 {cap} 元（{clause}）",
    "this unit was paid {prior} 元 before and has reached the {cap} 元 cap ({clause})",
    refuse("单位已达奖补上限", "the unit has reached its cap"),
  ),
  BUDGET_USED_UP: note(
    "{item} 本批可用预算为 0（已由往期兑付用完，且未调入资金），本批未获兑付",
    "{item} has no money left for this batch (used up by earlier payouts, none moved in): nothing paid in this batch",
    hold(
      "本批不兑付：调剂资金到该项目后重新运行，或留待以后批次",
      "not paid in this batch: move money to the item and run again, or leave it to a later batch",
    ),
  ),
  ROUNDED_TO_NOTHING: note(
    "封顶后 {capped} 元按比例 {factor} 兑付，取整到 {step} 元后为 0，本批未获兑付",
    "{capped} 元 after the cap, paid pro rata at {factor}, rounds to 0 at the step of {step} 元: nothing paid in this batch",
    refuse("金额不足取整单位，本批不予兑付", "the amount is below the rounding step: not paid in this batch"),
  ),
  // Short: it stands on every paid row of an over-subscribed item; 汇总 gives the item's figures.
  PRO_RATA: note("按比例 {factor} 兑付（§四(三)）", "paid pro rata at {factor} (§四(三))"),
  ERROR_VALUE: error(
    "单元格是错误值 {value}，不是{field}：请改为实际内容（可补正）",
    "the cell holds the error value {value}, not {fieldEn}: enter the real content (fixable)",
    fix("把错误值改为实际内容后重新报送", "replace the error value with the real content and resubmit"),
  ),
  MERGED_CELL: error(
    "{field}是跨 {rows} 行的合并单元格（{range}），不能同时属于几笔申报：请取消合并，逐行填写（可补正）",
    "{fieldEn} is a cell merged over {rows} rows ({range}) and cannot belong to several claims: unmerge it and fill each row (fixable)",
    fix("取消合并单元格，逐行填写后重新报送", "unmerge the cell, fill each row and resubmit"),
  ),
  NAME_TWO_CODES: error(
    "单位「{name}」出现两个统一社会信用代码（{codes}），暂缓兑付：请核实是填写错误还是两个不同单位（可补正）",
    'unit "{name}" appears with two unified social credit codes ({codes}); held: check whether it is a typing error or two different units (fixable)',
    hold(
      "核实统一社会信用代码：填写错误的改正，两个不同单位的分别注明",
      "check the credit codes: correct a typing error, or mark the two units apart",
    ),
  ),
  NAME_NORMALISED: note(
    "单位名称含不可见字符（{chars}），已按去除后的名称「{name}」识别",
    'the unit name holds invisible characters ({chars}); read as "{name}" without them',
  ),
  // Held, not refused: the value may be right, and a person says so by correcting or confirming it.
  IMPLAUSIBLE_VALUE: error(
    "{field}为 {shown}，超过政策文件设定的合理上限 {limit}（解释：{clause}），疑为录入错误，暂缓兑付：请核实（可补正）",
    "{field} is {shown}, above the plausible limit of {limit} the policy file sets (interpretation of {clause}): probably a typing slip; held: check it (fixable)",
    hold("核实该数值，改正后重新报送", "check the value, correct it and resubmit"),
  ),
};

/** Each template split at its `{name}` slots, once: even parts are text, odd parts the names. */
const PARTS = {} as Record<ReasonCode, { zh: readonly string[]; en: readonly string[] }>;
for (const code of Object.keys(TEMPLATES) as ReasonCode[]) {
  const SLOT = /\{(\w+)\}/;
  PARTS[code] = {
    zh: TEMPLATES[code].zh.split(SLOT),
    en: TEMPLATES[code].en.split(SLOT),
  };
}

function fill(parts: readonly string[], params: Params): string {
  let text = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    text += (key in params ? String(params[key]) : `{${key}}`) + parts[i + 1];
  }
  return text;
}

/** Where, in words: 「Sheet」第 12 行 D 列（专利号）. */
export function locate(ref: CellRef): { zh: string; en: string } {
  const cell = locateCell(ref);
  return {
    zh: `「${ref.sheet}」第 ${ref.row} 行${cell.zh ? ` ${cell.zh}` : ""}`,
    en: `sheet "${ref.sheet}", row ${ref.row}${cell.en ? `, ${cell.en}` : ""}`,
  };
}

/** The column alone, for text written on the row itself: D 列（专利号）. */
function locateCell(ref: CellRef): { zh: string; en: string } {
  if (!ref.column) return { zh: "", en: "" };
  const header = ref.header ? headerText(ref.header) : "";
  return {
    zh: `${ref.column} 列${header ? `（${header}）` : ""}`,
    en: `column ${ref.column}${header ? ` (${header})` : ""}`,
  };
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f]/;

/**
 * A ledger's header as this product writes it: on one line. A line break (or the space a reader put for it)
 * between Chinese characters goes (统一社会\n信用代码 → 统一社会信用代码); elsewhere it is one space.
 */
export function headerText(header: string): string {
  const words = header.trim().split(/\s+/);
  let text = words[0] ?? "";
  for (const word of words.slice(1)) {
    const joined = CJK.test(text.slice(-1)) && CJK.test(word[0]);
    text += joined ? word : ` ${word}`;
  }
  return text;
}

/** A 异常清单 line's own code for a ledger row the reader could not take at all. */
export const ROW_NOT_READ = "ROW_NOT_READ";

const ROW_NOT_READ_REMEDY = fix("改正该行后重新报送", "correct the row and resubmit");

/** What a clerk does about a reason (or a row not read): one place for 异常清单's 处理建议. */
export function remedyOf(code: ReasonCode | typeof ROW_NOT_READ): Remedy {
  return code === ROW_NOT_READ ? ROW_NOT_READ_REMEDY : TEMPLATES[code].remedy;
}

const ACTION_WORDS: Record<RemedyAction, { zh: string; en: string }> = {
  fix: { zh: "可补正", en: "fixable" },
  refuse: { zh: "不予支持", en: "not supported" },
  hold: { zh: "暂缓", en: "held" },
  none: { zh: "无需处理", en: "no action" },
};

/** 处理建议 in words: 可补正：改正统一社会信用代码后重新报送 · 不予支持（往期已兑付） · 暂缓：核实…. */
export function remedyText(code: ReasonCode | typeof ROW_NOT_READ, lang: "zh" | "en"): string {
  const remedy = remedyOf(code);
  const word = ACTION_WORDS[remedy.action][lang];
  const what = remedy[lang];
  if (!what) return word;
  if (remedy.action === "refuse") return lang === "zh" ? `${word}（${what}）` : `${word} (${what})`;
  return lang === "zh" ? `${word}：${what}` : `${word}: ${what}`;
}

/** `related`: the other row it is about (the row kept, the earlier payout), for a reader to go to. */
export function reason(code: ReasonCode, ref: CellRef, params: Params = {}, related?: CellRef): Reason {
  return reasonFor(code, params)(ref, related);
}

/** A reason with its location; the full texts are composed when read (docs/PERFORMANCE.md, reasons.ts). */
class LocatedReason implements Reason {
  constructor(
    readonly code: ReasonCode,
    readonly severity: Reason["severity"],
    readonly message: { zh: string; en: string },
    readonly ref: CellRef,
    readonly related?: CellRef,
  ) {}

  get zh(): string {
    return `${locate(this.ref).zh}：${this.message.zh}`;
  }

  get en(): string {
    return `${locate(this.ref).en}: ${this.message.en}`;
  }

  toJSON(): Reason {
    const { code, severity, zh, en, message, ref, related } = this;
    return {
      code,
      severity,
      zh,
      en,
      message,
      ref,
      ...(related ? { related } : {}),
    };
  }
}

/** The same reason for many rows (a unit's cap, an item's pro rata): the message is filled once. */
export function reasonFor(code: ReasonCode, params: Params = {}): (ref: CellRef, related?: CellRef) => Reason {
  const parts = PARTS[code];
  const message = { zh: fill(parts.zh, params), en: fill(parts.en, params) };
  const severity = TEMPLATES[code].severity;
  return (ref, related) => new LocatedReason(code, severity, message, ref, related);
}

/** A reason as written on its own row: the column, if any, then the message (the row is where it stands). */
export function onRow(r: Reason, lang: "zh" | "en"): string {
  const cell = locateCell(r.ref)[lang];
  return cell ? `${cell}${lang === "zh" ? "：" : ": "}${r.message[lang]}` : r.message[lang];
}

export function isError(r: Reason): boolean {
  return r.severity === "error";
}

/** An error that holds its row until a person checks it (暂缓), rather than refusing it. */
export function holdsRow(r: Reason): boolean {
  return r.severity === "error" && TEMPLATES[r.code].remedy.action === "hold";
}

/**
 * Why a row is not paid, for the lists a clerk acts on (异常清单, the pane, an explanation): its errors; for a row
 * paid nothing (`zero`), which has none, the reason the engine puts first (its cap, its item's money, rounding);
 * else every reason.
 */
export function whyNotPaid(row: { status: RowStatus; reasons: readonly Reason[] }): readonly Reason[] {
  const errors = row.reasons.filter(isError);
  if (errors.length > 0) return errors;
  return row.status === "zero" ? row.reasons.slice(0, 1) : row.reasons;
}
