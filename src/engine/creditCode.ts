/**
 * 统一社会信用代码 (GB 32100-2015), the recipient's identity when present (POLICY §2 step 4, §6).
 */
import { toHalfWidth, type Expected } from "./values";

export type CreditCodeCheck =
  | { ok: true; normalised: string }
  | { ok: false; problem: "format" | "check"; expectedCheck?: string; expected: Expected };

/** The 31 characters of the code; I, O, S, V and Z are not used. */
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** Each character's value by its char code (the charset is ASCII); callers have checked the characters. */
const VALUE_OF = new Int8Array(128).fill(-1);
for (let v = 0; v < CHARSET.length; v++) VALUE_OF[CHARSET.charCodeAt(v)] = v;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const FORMAT: Expected = {
  zh: "统一社会信用代码：18 位，由数字和大写字母（不含 I、O、S、V、Z）组成，如 91350100M000100Y43",
  en: "a unified social credit code: 18 digits and capital letters (no I, O, S, V, Z), such as 91350100M000100Y43",
};

/** Check character over the first 17 characters: 31 − (Σ vᵢ·wᵢ mod 31), 31 → 0. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < first17.length; i++) sum += (VALUE_OF[first17.charCodeAt(i)] ?? -1) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** Every space a code can be typed or pasted with: \s (no-break and ideographic spaces too) and zero-width ones. */
const SPACES = /[\s\u200b-\u200d\u2060]+/g;

/** LEDGER.md "Value shapes": spaces out, half-width, upper case, before the code is checked or made a unit's key. */
export function normaliseCreditCode(s: string): string {
  return toHalfWidth(s).replace(SPACES, "").toUpperCase();
}

export function checkCreditCode(s: string): CreditCodeCheck {
  const code = normaliseCreditCode(s);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return { ok: false, problem: "format", expected: FORMAT };
  const right = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== right) {
    return {
      ok: false,
      problem: "check",
      expectedCheck: right,
      expected: {
        zh: `校验位应为 ${right}：${code.slice(0, 17)}${right}`,
        en: `the check character should be ${right}: ${code.slice(0, 17)}${right}`,
      },
    };
  }
  return { ok: true, normalised: code };
}
