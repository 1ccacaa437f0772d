/**
 * Rates and base awards of the performance items (专利转化绩效奖补, §二(一)1–4), read from the policy.
 */
import type Decimal from "decimal.js";
import { performanceItem, type Policy, type Rate } from "../policy/policy";
import type { Mode, PatentType, PerformanceItemId, Rounding } from "./types";
import { isNamedPlatform } from "./classify";
import { ZERO, floorMoney, roundMoney, toMoney } from "./money";

export { roundMoney };

export type RateMode = Mode | "productFiling" | "pledge";

/** A rate the policy does not have for these inputs; the message says what the item pays for. */
export class RuleError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
    this.name = "RuleError";
  }
}

export interface RateChoice {
  rate: Rate;
  /** The mode the rate is for: 作价入股 is paid as a transfer, an open licence off the named platforms as a licence. */
  paidAs: RateMode;
  note?: "capitalContribution" | "unnamedPlatform";
}

function findRate(rates: Rate[], mode: RateMode, patentType?: PatentType): Rate | undefined {
  const matches = rates.filter((r) => r.mode === mode);
  if (matches.length <= 1 && matches.every((r) => r.patentType === undefined)) return matches[0];
  if (patentType === undefined) return undefined;
  return (
    matches.find((r) => r.patentType === patentType) ??
    matches.find((r) => r.patentType === "other" && patentType !== "invention")
  );
}

/**
 * The rate for one claim. 作价入股 is recorded as a transfer (§二(一)2); an open licence counts only through a
 * named platform (§二(一)1), else it is paid as a recorded licence where the policy says so (an interpretation).
 */
export function rateFor(
  policy: Policy,
  item: PerformanceItemId,
  mode: RateMode,
  patentType?: PatentType,
  platform?: string,
): RateChoice {
  const spec = performanceItem(policy, item);
  let paidAs: RateMode = mode;
  let note: RateChoice["note"];
  if (mode === "capitalContribution") {
    paidAs = "transfer";
    note = "capitalContribution";
  }
  if (mode === "openLicence") {
    const hasOpenRate = spec.rates.some((r) => r.mode === "openLicence");
    if (!hasOpenRate || !isNamedPlatform(platform ?? "", policy)) {
      if (policy.unrecognisedPlatform.paidAs === "none" && hasOpenRate) {
        throw new RuleError(
          `开放许可须依托${policy.openLicencePlatforms.names.join("或")}（${policy.openLicencePlatforms.clause}）`,
          `an open licence must go through ${policy.openLicencePlatforms.names.join(" or ")} (${policy.openLicencePlatforms.clause})`,
        );
      }
      paidAs = "licence";
      if (hasOpenRate) note = "unnamedPlatform";
    }
  }
  const rate = findRate(spec.rates, paidAs, patentType);
  if (rate) return { rate, paidAs, note };
  if (spec.rates.some((r) => r.mode === paidAs)) {
    throw new RuleError(
      `${item}转让奖补按专利类型区分，须注明发明、实用新型或外观设计`,
      `${item} transfer awards depend on the patent type: give invention, utility model or design`,
    );
  }
  const paid = [...new Set(spec.rates.map((r) => MODE_NAMES[r.mode].zh))].join("、");
  const paidEn = [...new Set(spec.rates.map((r) => MODE_NAMES[r.mode].en))].join(", ");
  throw new RuleError(
    `${item}（${spec.name}）只奖补${paid}（${spec.clause}）`,
    `${item} pays for ${paidEn} only (${spec.clause})`,
  );
}

export const MODE_NAMES: Record<RateMode, { zh: string; en: string }> = {
  transfer: { zh: "转让", en: "transfer" },
  licence: { zh: "许可备案", en: "recorded licence" },
  openLicence: { zh: "开放许可", en: "open licence" },
  capitalContribution: { zh: "作价入股", en: "capital contribution" },
  productFiling: { zh: "专利产品备案", en: "product filing" },
  pledge: { zh: "专利质押融资", en: "pledge financing" },
};

/** rate × count (元/件 × 件). */
export function fixedAward(rate: Rate, count: number): Decimal {
  if (!rate.yuan) throw new RuleError("该项目按金额比例奖补", "this item is paid as a share of an amount");
  return toMoney(rate.yuan).times(count);
}

/**
 * 0.2% of the pledge financing (§二(一)4), rounded half up to the fen at once (POLICY §2 step 2): the award a
 * clerk writes and every later step starts from, before the per-unit cap.
 */
export function pledgeAward(policy: Policy, amountYuan: Decimal): Decimal {
  return roundMoney(pledgeAwardExact(policy, amountYuan), "fen");
}

/** The product before rounding, for the explanation. */
export function pledgeAwardExact(policy: Policy, amountYuan: Decimal): Decimal {
  const rate = performanceItem(policy, "P4").rates.find((r) => r.percentOfAmount !== undefined);
  if (!rate?.percentOfAmount) throw new RuleError("政策未规定质押融资奖补比例", "the policy gives no pledge rate");
  return toMoney(amountYuan).times(rate.percentOfAmount).dividedBy(100);
}

/**
 * What is left of a unit's cap after earlier batches (同一单位奖补金额不超过…, POLICY §2 step 4): cap − paid before,
 * down to a whole step of the rounding and never below 0. Whole steps, so that rounding a share up never takes a
 * unit past its cap; the balancer and `=PATENT.UNIT_CAP` both use this one rule.
 */
export function unitCapLeft(
  policy: Policy,
  item: PerformanceItemId,
  paidBefore: Decimal,
  rounding: Rounding = policy.roundingDefault,
): Decimal {
  const left = floorMoney(toMoney(performanceItem(policy, item).perUnitCap).minus(paidBefore), rounding);
  return left.greaterThan(0) ? left : ZERO;
}

/** An award after the unit's cap: the smaller of the award and the cap left (`unitCapLeft`). */
export function capToUnit(
  policy: Policy,
  item: PerformanceItemId,
  award: Decimal,
  paidBefore: Decimal,
  rounding: Rounding = policy.roundingDefault,
): Decimal {
  const left = unitCapLeft(policy, item, paidBefore, rounding);
  return award.greaterThan(left) ? left : award;
}
