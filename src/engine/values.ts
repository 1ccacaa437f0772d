/**
 * Cell values as people type them into the bureau's ledgers (LEDGER.md "Fields"): amounts with
 * commas, 万 and 亿, full-width digits; dates as Excel serials or in Chinese forms; yes/no marks.
 * Each parser returns a value or says what the cell should hold, in both languages.
 */
import type Decimal from "decimal.js";
import type { AmountUnit, CellValue } from "./types";
import { Money, ONE } from "./money";

/** What a cell should hold, for a person to read. */
export interface Expected {
  zh: string;
  en: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: Expected };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function notOk<T>(expected: Expected): Parsed<T> {
  return { ok: false, expected };
}

export function isBlank(v: CellValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  // A cell that starts with a printable ASCII or CJK character is not blank: no need to trim it.
  const first = v.charCodeAt(0);
  if ((first > 0x20 && first < 0x7f) || (first > 0x3000 && first !== 0xfeff)) return false;
  // String.prototype.trim removes U+3000 (ideographic space) too.
  return v.trim() === "";
}

/** Excel's error values (`#REF!`, `#N/A`, …) as the adapters hand them over: never a name or an amount. */
const ERROR_VALUE =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!|TIMEOUT!)$/;

export function isErrorValue(v: CellValue): v is string {
  return typeof v === "string" && v.charCodeAt(0) === 35 && ERROR_VALUE.test(v.trim());
}

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/**
 * What a person cannot see in a name, or cannot tell apart from a plain space (POLICY §2 step 4, §6): format and
 * default-ignorable characters (zero-width, soft hyphen, bidi controls, BOM), controls, and every kind of space.
 */
const UNSEEN_OR_SPACE = /[\s\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const EVERY_UNSEEN_OR_SPACE = new RegExp(UNSEEN_OR_SPACE.source, "gu");
/** The spaces typed every day, which a person sees: removed from the key like the others, but no note. */
const PLAIN_SPACES = new Set([" ", "\u3000", "\t", "\n", "\r"]);
/** ASCII letters, digits and signs, CJK ideographs and the CJK punctuation of names: NFKC leaves them as they are. */
const PLAIN_NAME = /^[\x21-\x7e\u3001-\u3003\u3008-\u3011\u3400-\u4dbf\u4e00-\u9fff]*$/;

/** A name normaliseName returns as it is, found by one regular expression: most names are. */
export function isPlainName(s: string): boolean {
  return PLAIN_NAME.test(s);
}

/**
 * A unit's name as a key (POLICY §2 step 4, §6): NFKC (full-width → half-width), then every space and every
 * invisible or format character removed — names that differ by a zero-width or no-break space are one unit. NFC
 * at the end joins what a removed character stood between, so a normalised name normalises to itself.
 * 有限责任公司 and 有限公司 stay different names.
 */
export function normaliseName(s: string): string {
  if (isPlainName(s) || (!UNSEEN_OR_SPACE.test(s) && s.normalize("NFKC") === s)) return s;
  return s.normalize("NFKC").replace(EVERY_UNSEEN_OR_SPACE, "").normalize("NFC");
}

/** The characters of a name a person cannot see (not the everyday spaces), once each, as `U+200B`. */
export function unseenIn(s: string): string[] {
  const found = new Set<string>();
  for (const [c] of s.matchAll(EVERY_UNSEEN_OR_SPACE)) if (!PLAIN_SPACES.has(c)) found.add(c);
  return [...found].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
}

const AMOUNT: Expected = { zh: "金额，如 1,234.5 或 12.3万", en: "an amount such as 1,234.5 or 12.3万" };
const COUNT: Expected = {
  zh: "件数：正整数，如 1 或 3件（空白按 1）",
  en: "a count: a whole number ≥ 1, such as 1 or 3件 (blank = 1)",
};
const DATE: Expected = {
  zh: "日期，如 2024-03-05、2024/3/5、2024年3月5日 或 20240305",
  en: "a date such as 2024-03-05, 2024/3/5, 2024年3月5日 or 20240305",
};
/** Eight digits that form no day (`20240230`): say how they are read, not only which forms exist. */
const EIGHT_DIGIT_DATE: Expected = {
  zh: "日期：8 位数字按年月日读，须为实有的日期，如 20240305 即 2024年3月5日",
  en: "a date: 8 digits are read as year, month, day and must name a real day, such as 20240305 for 2024-03-05",
};
const YES_NO: Expected = { zh: "是或否（是/否、Y/N、1/0、有/无、√/×）", en: "yes or no (是/否, Y/N, 1/0, 有/无, √/×)" };
const BATCH: Expected = { zh: "批次，如 1、2、第一批 或 第二批", en: "a batch such as 1, 2, 第一批 or 第二批" };

function required(what: Expected): Expected {
  return { zh: `必填：${what.zh}`, en: `required: ${what.en}` };
}

const WAN = new Money(10_000);
const YI = new Money(100_000_000);
/** Digits with optional thousands separators (groups of exactly three) and decimals. */
const PLAIN_AMOUNT = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$/;

/**
 * An amount in 元, as the engine's `Money`. A unit written in the cell (万, 亿, or a bare 元) wins over the column's unit
 * (`12.3万` in a 元 column is 123,000 元); a plain number in a 万元 column is multiplied by 10,000.
 */
export function parseAmount(v: CellValue, unit: AmountUnit): Parsed<Decimal> {
  if (isBlank(v)) return notOk(required(AMOUNT));
  const columnFactor = unit === "wan" ? WAN : ONE;
  if (typeof v === "number") {
    // String(v) is the shortest decimal that round-trips, i.e. what Excel shows, not the binary float.
    if (!Number.isFinite(v) || v < 0) return notOk(AMOUNT);
    return ok(new Money(String(v)).times(columnFactor));
  }
  if (typeof v !== "string") return notOk(AMOUNT);
  const m = /^[¥￥]?(.*?)(万|亿)?(元|RMB|CNY)?$/i.exec(toHalfWidth(v).replace(/\s+/g, ""));
  if (!m || !PLAIN_AMOUNT.test(m[1])) return notOk(AMOUNT);
  const factor = m[2] === "万" ? WAN : m[2] === "亿" ? YI : m[3] ? ONE : columnFactor;
  return ok(new Money(m[1].replace(/,/g, "")).times(factor));
}

/** 件数: blank means one patent (LEDGER.md "Missing columns"). */
export function parseCount(v: CellValue): Parsed<number> {
  if (isBlank(v)) return ok(1);
  if (typeof v === "number") return Number.isSafeInteger(v) && v > 0 ? ok(v) : notOk(COUNT);
  if (typeof v !== "string") return notOk(COUNT);
  const m = /^(\d+)(?:件|项|个)?$/.exec(toHalfWidth(v).replace(/\s+/g, ""));
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? ok(n) : notOk(COUNT);
}

/** Largest serial Excel accepts: 9999-12-31. */
const MAX_SERIAL = 2_958_465;
/** Excel counts 1900-02-29, which never existed, as serial 60 (the Lotus 1-2-3 leap-year bug). */
const FAKE_LEAP_DAY = 60;
const DAY_MS = 86_400_000;

/**
 * A record date as ISO `YYYY-MM-DD`. A number is an Excel serial, or `20240305` typed into a number cell
 * (LEDGER.md "Value shapes"): every serial up to 9999-12-31 is below 19000101, so no number can be both.
 */
export function parseDate(v: CellValue): Parsed<string> {
  if (isBlank(v)) return notOk(required(DATE));
  if (typeof v === "number") return v > MAX_SERIAL ? fromEightDigits(String(v)) : fromSerial(v);
  if (v instanceof Date) {
    // exceljs hands dates over as UTC midnight.
    return Number.isNaN(v.getTime()) ? notOk(DATE) : fromParts(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v !== "string") return notOk(DATE);
  const withoutTime = /^(.*?)(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(toHalfWidth(v).trim());
  const s = (withoutTime ? withoutTime[1] : "").replace(/\s+/g, "");
  if (/^\d+$/.test(s)) return fromEightDigits(s);
  // 号 is the spoken word for the day, and clerks write it as they say it: 2024年3月5号.
  const m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(s) ?? /^(\d{4})(年)(\d{1,2})月(\d{1,2})[日号]?$/.exec(s);
  return m ? fromParts(Number(m[1]), Number(m[3]), Number(m[4])) : notOk(DATE);
}

/** `20240305` as text or as a number: year, month and day, only when they form a real day. */
function fromEightDigits(s: string): Parsed<string> {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return notOk(DATE);
  const date = fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  return date.ok ? date : notOk(EIGHT_DIGIT_DATE);
}

function fromSerial(serial: number): Parsed<string> {
  const day = Math.floor(serial);
  if (!Number.isFinite(serial) || day < 1 || day > MAX_SERIAL || day === FAKE_LEAP_DAY) return notOk(DATE);
  // Serials after the fake leap day are one ahead of a true count from 1899-12-31.
  const d = new Date(Date.UTC(1899, 11, day < FAKE_LEAP_DAY ? 31 : 30) + day * DAY_MS);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function fromParts(year: number, month: number, day: number): Parsed<string> {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return notOk(DATE);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return notOk(DATE);
  return ok(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
}

const YES = new Set(["是", "y", "yes", "1", "true", "有", "√", "✓", "✔"]);
const NO = new Set(["否", "n", "no", "0", "false", "无", "×", "✗", "✘"]);

/** Yes/no columns such as 是否获得其他财政资金支持: blank = 否. */
export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (isBlank(v)) return ok(false);
  if (typeof v === "boolean") return ok(v);
  if (typeof v === "number") return v === 1 ? ok(true) : v === 0 ? ok(false) : notOk(YES_NO);
  if (typeof v !== "string") return notOk(YES_NO);
  const s = toHalfWidth(v).replace(/\s+/g, "").toLowerCase();
  return YES.has(s) ? ok(true) : NO.has(s) ? ok(false) : notOk(YES_NO);
}

const CHINESE_NUMERALS = "一二三四五六七八九十";

/** 批次 as a number; which batches exist is the policy's business, not this parser's. */
export function parseBatch(v: CellValue): Parsed<number> {
  if (isBlank(v)) return notOk(required(BATCH));
  if (typeof v === "number") return Number.isSafeInteger(v) && v > 0 ? ok(v) : notOk(BATCH);
  if (typeof v !== "string") return notOk(BATCH);
  const m = /^第?(\d+|[一二三四五六七八九十])(?:批次?)?$/.exec(toHalfWidth(v).replace(/\s+/g, ""));
  if (!m) return notOk(BATCH);
  const n = /\d/.test(m[1]) ? Number(m[1]) : CHINESE_NUMERALS.indexOf(m[1]) + 1;
  return Number.isSafeInteger(n) && n > 0 ? ok(n) : notOk(BATCH);
}

/** `1234567.5` → `1,234,567.5` (or `1,234,567.50` with places = 2), from the decimal's own digits, no float. */
export function groupThousands(d: Decimal, places?: number): string {
  const [whole, frac] = (places === undefined ? d.toFixed() : d.toFixed(places)).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? `${sign}${digits}` : `${sign}${digits}.${frac}`;
}
