/**
 * CNIPA application numbers (申请号): the patent type comes from the number, and the check
 * character catches a mistyped digit (POLICY §1 "Patent type comes from the patent number").
 */
import type { CellValue, PatentType } from "./types";
import { isBlank, toHalfWidth, type Expected } from "./values";

export type PatentNumberCheck =
  | { ok: true; normalised: string; type: PatentType }
  | {
      ok: false;
      problem: "format" | "check";
      expectedCheck?: string;
      expected: Expected;
    };

/** Type digit → type; 8 and 9 are PCT applications entering China as invention / utility model. */
const TYPE_DIGIT: Readonly<Record<string, PatentType>> = {
  "1": "invention",
  "8": "invention",
  "2": "utility",
  "9": "utility",
  "3": "design",
};

/** Weights of the 12-digit form (since Oct 2003); the old 8-digit form uses the first eight. */
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

const FORMAT: Expected = {
  zh: "专利申请号，如 ZL200710308494.X：12 位数字、点、校验位，第 5 位为 1/8 发明、2/9 实用新型、3 外观设计",
  en: "a patent application number such as ZL200710308494.X: 12 digits, a dot and a check character; digit 5 is 1/8 invention, 2/9 utility model, 3 design",
};

/** Check character of an application number's digits (12, or 8 for the old form): Σ dᵢ·wᵢ mod 11, 10 → X. */
export function patentCheckChar(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * WEIGHTS[i];
  const r = sum % 11;
  return r === 10 ? "X" : String(r);
}

const ZERO = 48;
/** `Z`, `L`, `.` and `X` as char codes. */
const [Z, L, DOT, X] = [90, 76, 46, 88];

/**
 * The type of a number written as `ZL` + 12 digits + `.` + its right check character, found in one scan of its
 * characters (docs/PERFORMANCE.md, patentNumber.ts); undefined for any other text, which the general reading
 * below then takes apart.
 */
function canonicalType(s: string): PatentType | undefined {
  if (s.length !== 16 || s.charCodeAt(0) !== Z || s.charCodeAt(1) !== L || s.charCodeAt(14) !== DOT) return undefined;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = s.charCodeAt(i + 2) - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    sum += digit * WEIGHTS[i];
  }
  const r = sum % 11;
  if (s.charCodeAt(15) !== (r === 10 ? X : ZERO + r)) return undefined;
  return TYPE_DIGIT[s[6]];
}

export function checkPatentNumber(s: string): PatentNumberCheck {
  const canonical = canonicalType(s);
  if (canonical !== undefined) return { ok: true, normalised: s, type: canonical };
  const m = /^(\d{12}|\d{8})\.?([\dX])$/.exec(
    toHalfWidth(s)
      .replace(/\s+/g, "")
      .toUpperCase()
      .replace(/^(ZL|CN)/, ""),
  );
  if (!m) return { ok: false, problem: "format", expected: FORMAT };
  const [, digits, check] = m;
  const type = TYPE_DIGIT[digits.length === 12 ? digits[4] : digits[2]];
  if (!type) return { ok: false, problem: "format", expected: FORMAT };
  const right = patentCheckChar(digits);
  if (check !== right) {
    return {
      ok: false,
      problem: "check",
      expectedCheck: right,
      expected: {
        zh: `校验位应为 ${right}：ZL${digits}.${right}`,
        en: `the check character should be ${right}: ZL${digits}.${right}`,
      },
    };
  }
  return { ok: true, normalised: `ZL${digits}.${right}`, type };
}

const SEPARATOR = /[、,;，；\s]/;
/** The longest a number is written without spaces: `ZL200710308494.X`. */
const LONGEST = 16;

/**
 * Several numbers in one cell (POLICY §1: with 件数 > 1), separated by 、 , ; newlines or spaces. Pieces that
 * together form one number are that number written with spaces inside (LEDGER.md "Value shapes":
 * `ZL 2023 1 0123456.7`), returned as written; checkPatentNumber reads them as the number without spaces. Two
 * valid numbers never join: each has at least 9 characters, and a number at most 16.
 */
export function splitPatentNumbers(cell: CellValue): string[] {
  if (isBlank(cell) || typeof cell === "boolean" || cell instanceof Date) return [];
  const text = String(cell);
  // Most cells hold one number and nothing to split.
  if (!SEPARATOR.test(text)) return [text];
  const pieces = text.split(/[、,;，；\s]+/).filter((piece) => piece !== "");
  const numbers: string[] = [];
  for (let i = 0; i < pieces.length;) {
    const end = lastJoined(pieces, i, (c) => c.ok) ?? lastJoined(pieces, i, (c) => !c.ok && c.problem === "check") ?? i;
    numbers.push(pieces.slice(i, end + 1).join(" "));
    i = end + 1;
  }
  return numbers;
}

/**
 * The last piece of the longest run from `start` whose pieces, joined, make a number `accepted`: a valid one, or
 * else one whose check character is wrong (so the reason names the number as the clerk wrote it, not its pieces).
 */
function lastJoined(
  pieces: string[],
  start: number,
  accepted: (checked: PatentNumberCheck) => boolean,
): number | undefined {
  let last: number | undefined;
  let joined = "";
  for (let j = start; j < pieces.length && joined.length + pieces[j].length <= LONGEST; j++) {
    joined += pieces[j];
    if (accepted(checkPatentNumber(joined))) last = j;
  }
  return last;
}
