/**
 * The edge between Excel cells and the engine: what a custom function receives (numbers, text,
 * booleans, null for a blank cell or an omitted argument) becomes engine values, and engine results
 * become what a cell can show. Money is `Decimal` until the last step; a wrong input becomes an
 * Excel #VALUE! error whose message says what was expected.
 */
import type Decimal from "decimal.js";
import { RuleError, type RateMode } from "../engine/award";
import { ZERO } from "../engine/money";
import { classifyMode, classifyPatentType } from "../engine/classify";
import type { AmountUnit, CellValue, ItemId, PatentType, Rounding } from "../engine/types";
import { parseAmount, parseDate, toHalfWidth, type Expected, type Parsed } from "../engine/values";
import type { Policy, Target } from "../policy/policy";

/** A bad argument: what was wrong, in both languages. */
export class InputError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = "InputError";
  }
}

/** A blank cell or an omitted optional argument, as Excel hands it over. */
export function isOmitted(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** Text of a cell, full-width forms folded, spaces removed (people type `Ｐ１ ` as often as `P1`). */
function compactText(v: unknown): string {
  return toHalfWidth(String(v)).replace(/\s+/g, "");
}

function fail(label: Expected, expected: Expected): InputError {
  return new InputError(`${label.zh}：${expected.zh}`, `${label.en}: ${expected.en}`);
}

function required(label: Expected): InputError {
  return new InputError(`${label.zh}必填`, `${label.en} is required`);
}

function unwrap<T>(parsed: Parsed<T>, label: Expected): T {
  if (!parsed.ok) throw fail(label, parsed.expected);
  return parsed.value;
}

export const LABELS = {
  item: { zh: "奖补项目", en: "item" },
  type: { zh: "专利类型", en: "patent type" },
  count: { zh: "件数", en: "count" },
  mode: { zh: "转化方式", en: "mode" },
  amount: { zh: "融资金额", en: "amount" },
  award: { zh: "奖补金额", en: "award" },
  paidBefore: { zh: "已兑付金额", en: "paid before" },
  unit: { zh: "金额单位", en: "unit" },
  budget: { zh: "预算", en: "budget" },
  claims: { zh: "申报金额", en: "claims" },
  round: { zh: "取整方式", en: "rounding" },
  start: { zh: "公示开始日期", en: "start date" },
  days: { zh: "工作日天数", en: "working days" },
  kpi: { zh: "目标编号", en: "target id" },
} as const satisfies Record<string, Expected>;

/** An item id, `P1`…`P8` or its number; only those in `allowed` are accepted. */
export function toItem<T extends ItemId>(v: unknown, allowed: readonly T[], fallback?: T): T {
  if (isOmitted(v)) {
    if (fallback === undefined) throw required(LABELS.item);
    return fallback;
  }
  const s = compactText(v).toUpperCase();
  const id = /^\d+$/.test(s) ? `P${s}` : s;
  const found = allowed.find((a) => a === id);
  if (!found) throw fail(LABELS.item, { zh: `${allowed.join("、")} 之一`, en: `one of ${allowed.join(", ")}` });
  return found;
}

const COUNT = { zh: "正整数，如 1 或 3", en: "a whole number ≥ 1, such as 1 or 3" };

/** 件数. A blank count is an error here, not 1: a formula pointing at an empty cell is a mistake. */
export function toCount(v: unknown): number {
  if (isOmitted(v)) throw required(LABELS.count);
  const s = typeof v === "number" ? String(v) : typeof v === "string" ? compactText(v).replace(/[件项个]$/, "") : "";
  const n = /^\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw fail(LABELS.count, COUNT);
  return n;
}

const PATENT_TYPE = {
  zh: "发明、实用新型或外观设计（或 invention / utility / design）",
  en: "invention, utility model or design (or 发明 / 实用新型 / 外观设计)",
};

export function toPatentType(v: unknown): PatentType {
  if (isOmitted(v)) throw required(LABELS.type);
  const type = typeof v === "string" ? classifyPatentType(v) : undefined;
  if (!type) throw fail(LABELS.type, PATENT_TYPE);
  return type;
}

const RATE_MODE = {
  zh: "转让、许可、开放许可、作价入股、产品备案或质押融资",
  en: "transfer, licence, open licence, capital contribution, product filing or pledge",
};

/** 转化方式 as the policy's rate table names it; 产品备案 and 质押 are the P3 and P4 rates. */
export function toRateMode(v: unknown): RateMode {
  if (isOmitted(v)) throw required(LABELS.mode);
  if (typeof v !== "string") throw fail(LABELS.mode, RATE_MODE);
  const mode = classifyMode(v);
  if (mode) return mode;
  const s = compactText(v).toLowerCase();
  if (s.includes("产品备案") || s === "productfiling") return "productFiling";
  if (s.includes("质押") || s === "pledge") return "pledge";
  throw fail(LABELS.mode, RATE_MODE);
}

const UNIT = { zh: "元 或 万元", en: "元 (yuan) or 万元 (10,000 yuan)" };

/** Unit of an amount argument; omitted = 元. */
export function toAmountUnit(v: unknown): AmountUnit {
  if (isOmitted(v)) return "yuan";
  const s = compactText(v).toLowerCase();
  if (["元", "yuan", "cny", "rmb"].includes(s)) return "yuan";
  if (["万元", "万", "wan", "10000"].includes(s)) return "wan";
  throw fail(LABELS.unit, UNIT);
}

/** An amount in 元 (a number, `1,234.5`, `12.3万`, full-width digits); `unit` applies to plain numbers. */
export function toYuan(v: unknown, label: Expected, unit: AmountUnit = "yuan"): Decimal {
  if (isOmitted(v)) throw required(label);
  return unwrap(parseAmount(v as CellValue, unit), label);
}

/** An optional amount in 元 that defaults to 0 (已兑付: nothing paid before). */
export function toYuanOrZero(v: unknown, label: Expected): Decimal {
  return isOmitted(v) ? ZERO : toYuan(v, label);
}

const ROUND = { zh: "分（0.01）或 元（1）", en: "fen (0.01) or yuan (1)" };

/** Rounding of payouts; omitted = the policy's default. */
export function toRounding(v: unknown, policy: Policy): Rounding {
  if (isOmitted(v)) return policy.roundingDefault;
  const s = compactText(v).toLowerCase();
  if (["分", "fen", "0.01"].includes(s)) return "fen";
  if (["元", "yuan", "1"].includes(s)) return "yuan";
  throw fail(LABELS.round, ROUND);
}

/**
 * Claims of a pro-rata range, read row by row. A blank cell is a claim of 0 so the result lines up
 * with the rows it sits beside, as SUM treats blanks.
 */
export function toClaims(matrix: unknown): Decimal[] {
  if (!Array.isArray(matrix)) throw fail(LABELS.claims, { zh: "一列金额", en: "a column of amounts" });
  const claims: Decimal[] = [];
  matrix.forEach((row: unknown, r) => {
    const cells: unknown[] = Array.isArray(row) ? row : [row];
    cells.forEach((cell, c) => {
      const label = { zh: `申报金额第 ${r + 1} 行第 ${c + 1} 列`, en: `claim in row ${r + 1}, column ${c + 1}` };
      claims.push(isOmitted(cell) ? ZERO : toYuan(cell, label));
    });
  });
  return claims;
}

/** A start date: an Excel date (serial number) or text such as 2024-09-27 or 2024年9月27日. */
export function toIsoDate(v: unknown, label: Expected): string {
  if (isOmitted(v)) throw required(label);
  return unwrap(parseDate(v as CellValue), label);
}

const DAYS = { zh: "正整数，如 5", en: "a whole number ≥ 1, such as 5" };

export function toWorkingDays(v: unknown, fallback: number): number {
  if (isOmitted(v)) return fallback;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(compactText(v)) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw fail(LABELS.days, DAYS);
  return n;
}

/** A district target by id (`K1`…), or by its number. */
export function toTarget(v: unknown, policy: Policy): Target {
  if (isOmitted(v)) throw required(LABELS.kpi);
  const ids = policy.targets.map((t) => t.id);
  const s = compactText(v).toUpperCase();
  const id = /^\d+$/.test(s) ? `K${s}` : s;
  const target = policy.targets.find((t) => t.id === id);
  if (!target) throw fail(LABELS.kpi, { zh: `${ids.join("、")} 之一`, en: `one of ${ids.join(", ")}` });
  return target;
}

const DAY_MS = 86_400_000;
/** Serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was, so later dates count from 1899-12-30. */
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
const FAKE_LEAP_DAY = Date.UTC(1900, 2, 1);

/** ISO `YYYY-MM-DD` → Excel serial date number, for a cell formatted as a date. */
export function isoToSerial(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  const t = Date.UTC(y, m - 1, d);
  return (t - SERIAL_EPOCH) / DAY_MS - (t < FAKE_LEAP_DAY ? 1 : 0);
}

/** 元 as a cell number: the only place money leaves `Decimal`. */
export function toCellNumber(d: Decimal): number {
  return d.toNumber();
}

type Language = "zh" | "en" | "both";

/** Office's display language when the runtime tells it; before Office is ready, both languages. */
function displayLanguage(): Language {
  try {
    const lang = typeof Office === "undefined" ? undefined : Office.context?.displayLanguage;
    if (!lang) return "both";
    return lang.toLowerCase().startsWith("zh") ? "zh" : "en";
  } catch {
    return "both";
  }
}

function message(zh: string, en: string): string {
  const lang = displayLanguage();
  return lang === "zh" ? zh : lang === "en" ? en : `${zh} / ${en}`;
}

/**
 * Runs a function body and turns a wrong input or a rule the policy does not have into `#VALUE!` with
 * a message; anything else is a bug and is rethrown as is.
 */
export function excelCall<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof InputError || e instanceof RuleError) {
      throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message(e.zh, e.en));
    }
    throw e;
  }
}

/** An input the engine refused, with the engine's own words for what it expected. */
export function refused(label: Expected, expected: Expected): InputError {
  return fail(label, expected);
}
