/**
 * The expected value of each PATENT.* function, computed by calling the engine directly — not through
 * src/functions — for valid Excel arguments. The built functions must agree with it in every test.
 */
import Decimal from "decimal.js";
import { capToUnit, fixedAward, pledgeAward, rateFor, roundMoney, type RateMode } from "../../src/engine/award";
import { proRata } from "../../src/engine/apportion";
import { classifyMode, classifyPatentType } from "../../src/engine/classify";
import { checkCreditCode } from "../../src/engine/creditCode";
import { checkPatentNumber } from "../../src/engine/patentNumber";
import { publicityEnd } from "../../src/engine/publicity";
import type { CellValue, PerformanceItemId, Rounding } from "../../src/engine/types";
import { parseAmount, parseCount, parseDate } from "../../src/engine/values";
import { defaultPolicy } from "../../src/policy";
import type { ExcelArg } from "./bundle";

export const policy = defaultPolicy();

const blank = (v: ExcelArg) => v === null || v === undefined || v === "";
const item = (v: ExcelArg, fallback?: PerformanceItemId) =>
  (blank(v) ? fallback : `P${String(v).trim().toUpperCase().replace(/^P/, "")}`) as PerformanceItemId;
const money = (v: ExcelArg) => (blank(v) ? new Decimal(0) : new Decimal(String(v)));
const n = (v: ExcelArg) => parsed(parseCount(v as CellValue));
const type = (v: ExcelArg) => (blank(v) ? undefined : classifyPatentType(String(v)));
const rounding = (v: ExcelArg): Rounding => (blank(v) ? policy.roundingDefault : v === "元" ? "yuan" : "fen");

function parsed<T>(p: { ok: true; value: T } | { ok: false }): T {
  if (!p.ok) throw new Error("oracle given an invalid input");
  return p.value;
}

function rateMode(v: ExcelArg): RateMode {
  const s = String(v);
  return classifyMode(s) ?? (s.includes("备案") ? "productFiling" : "pledge");
}

/** Days from Excel's epoch; every date here is after 1900-02-28. */
function serial(iso: string): number {
  return (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

const PATENT_TYPE_NAMES = { invention: "发明", utility: "实用新型", design: "外观设计" } as const;

type Oracle = (...args: ExcelArg[]) => number | string | boolean | number[][];

export const ORACLE: Record<string, Oracle> = {
  AWARD_TRANSFER: (t, count, i) =>
    fixedAward(rateFor(policy, item(i, "P1"), "transfer", type(t)).rate, n(count)).toNumber(),
  AWARD_LICENSE: (count, i) => fixedAward(rateFor(policy, item(i, "P1"), "licence").rate, n(count)).toNumber(),
  AWARD_OPEN_LICENSE: (count, platform) =>
    fixedAward(
      rateFor(policy, "P1", "openLicence", undefined, blank(platform) ? undefined : String(platform)).rate,
      n(count),
    ).toNumber(),
  PRODUCT_FILING_AWARD: (count) => fixedAward(rateFor(policy, "P3", "productFiling").rate, n(count)).toNumber(),
  PLEDGE_AWARD: (amount, unit, paidBefore, round) => {
    const yuan = parsed(parseAmount(amount as CellValue, unit === "万元" ? "wan" : "yuan"));
    const capped = capToUnit(policy, "P4", pledgeAward(policy, yuan), money(paidBefore), rounding(round));
    return roundMoney(capped, rounding(round)).toNumber();
  },
  UNIT_CAP: (i, award, paidBefore, round) =>
    capToUnit(policy, item(i), money(award), money(paidBefore), rounding(round)).toNumber(),
  AWARD_RATE: (i, mode, t) => {
    const m = rateMode(mode);
    const platform = m === "openLicence" ? policy.openLicencePlatforms.names[0] : undefined;
    const { rate } = rateFor(policy, item(i), m, type(t), platform);
    return (rate.yuan ?? rate.percentOfAmount!.dividedBy(100)).toNumber();
  },
  BUDGET: (i) => policy.items.find((x) => x.id === item(i))!.budget.toNumber(),
  CAP: (i) => policy.items.find((x) => x.id === item(i))!.perUnitCap!.toNumber(),
  PRORATA: (claims, budget, round) => {
    const cells = (claims as ExcelArg[][]).flat().map(money);
    return proRata(cells, money(budget), rounding(round)).map((p) => [p.toNumber()]);
  },
  PATENT_TYPE: (n) => {
    const checked = checkPatentNumber(String(n));
    if (!checked.ok) throw new Error("oracle given an invalid patent number");
    return PATENT_TYPE_NAMES[checked.type];
  },
  PATENT_VALID: (n) => !blank(n) && checkPatentNumber(String(n)).ok,
  CREDIT_CODE_VALID: (c) => !blank(c) && checkCreditCode(String(c)).ok,
  PUBLICITY_END: (start, days) => {
    const iso = parsed(parseDate(start as CellValue));
    return serial(parsed(publicityEnd(iso, blank(days) ? policy.publicity.workingDays : Number(days))));
  },
  TARGET: (kpi) => policy.targets.find((t) => t.id === String(kpi).toUpperCase())!.target.toNumber(),
  POLICY_VERSION: () => `${policy.notice} ${policy.id} v${policy.version}`,
};

// The former name of AWARD_RATE (kept for older workbooks) is the same function.
ORACLE.RATE = ORACLE.AWARD_RATE;
