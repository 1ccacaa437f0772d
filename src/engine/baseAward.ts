/**
 * Base award of one eligible row (POLICY §2 step 2): rate × count, or 0.2% × financing for P4.
 */
import Decimal from "decimal.js";
import { performanceItem, type Policy } from "../policy/policy";
import type { Claim, Reason } from "./types";
import { MODE_NAMES, RuleError, fixedAward, pledgeAward, pledgeAwardExact, rateFor, type RateChoice } from "./award";
import { reason, isError } from "./reasons";
import { TYPE_NAMES } from "./claim";

export interface BaseAward {
  amount: Decimal;
  /** What one patent (or the whole row, for P3/P4) is worth, to choose the higher of duplicates (从高不重复). */
  perPatent: Decimal;
  reasons: Reason[];
  inputs: Record<string, string>;
  steps: { zh: string; en: string }[];
}

const NONE: Omit<BaseAward, "reasons"> = { amount: new Decimal(0), perPatent: new Decimal(0), inputs: {}, steps: [] };

/**
 * The part of a fixed-rate award every row with the same inputs shares; computed once per run and never mutated.
 * `plain` is the whole award of a row without notes, shared too.
 */
type FixedAward = Omit<BaseAward, "reasons"> & { choice: RateChoice; plain: BaseAward };

/**
 * Fixed-rate awards of one policy by their inputs, one map per input (item, mode, patent type, platform,
 * count), so that finding a row's award builds no key; at most 10,000 awards are kept.
 */
interface FixedAwards {
  size: number;
  byItem: Map<string, Map<string, Map<string | undefined, Map<string | undefined, ByCount>>>>;
}
type ByCount = Map<number, FixedAward | RuleError>;

const fixedAwards = new WeakMap<Policy, FixedAwards>();

function level<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let next = map.get(key);
  if (next === undefined) map.set(key, (next = make()));
  return next;
}

function fixedRateAward(claim: Claim, policy: Policy): FixedAward | RuleError {
  let cache = fixedAwards.get(policy);
  if (!cache) fixedAwards.set(policy, (cache = { size: 0, byItem: new Map() }));
  const mode = claim.item === "P3" ? "productFiling" : claim.mode!;
  const byCount = cache.byItem.get(claim.item)?.get(mode)?.get(claim.patentType)?.get(claim.platform);
  let award = byCount?.get(claim.count);
  if (award) return award;
  try {
    const choice = rateFor(policy, claim.item, mode, claim.patentType, claim.platform);
    const perPatent = fixedAward(choice.rate, 1);
    const amount = fixedAward(choice.rate, claim.count);
    const paidAs = MODE_NAMES[choice.paidAs];
    const type = claim.patentType ? TYPE_NAMES[claim.patentType] : undefined;
    const inputs = {
      mode: paidAs.en,
      ...(type ? { patentType: type.en } : {}),
      count: String(claim.count),
      rate: `${perPatent.toFixed()} 元`,
    };
    const steps = [
      {
        zh: `${paidAs.zh}${type ? `（${type.zh}）` : ""} ${perPatent.toFixed()} 元/件 × ${claim.count} = ${amount.toFixed(2)} 元（${choice.rate.clause}）`,
        en: `${paidAs.en}${type ? ` (${type.en})` : ""} ${perPatent.toFixed()} 元 × ${claim.count} = ${amount.toFixed(2)} 元 (${choice.rate.clause})`,
      },
    ];
    const plain = { amount, perPatent, inputs, steps, reasons: [] };
    award = { choice, amount, perPatent, inputs, steps, plain };
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    award = e;
  }
  if (cache.size < 10_000) {
    const byMode = level(cache.byItem, claim.item, () => new Map());
    const byType = level(byMode, mode, () => new Map());
    const byPlatform = level(byType, claim.patentType, () => new Map());
    level(byPlatform, claim.platform, (): ByCount => new Map()).set(claim.count, award);
    cache.size++;
  }
  return award;
}

export function baseAwardOf(claim: Claim, policy: Policy): BaseAward {
  if (claim.reasons.some(isError)) return { ...NONE, reasons: [] };
  if (claim.item === "P4") return pledge(claim, policy);
  const award = fixedRateAward(claim, policy);
  if (award instanceof RuleError) {
    return { ...NONE, reasons: [reason("MODE_NOT_PAID", claim.ref, { detailZh: award.zh, detailEn: award.en })] };
  }
  if (award.choice.note === undefined) return award.plain;
  const reasons: Reason[] = [];
  if (award.choice.note === "capitalContribution") {
    reasons.push(reason("CAPITAL_CONTRIBUTION", claim.ref, { clause: award.choice.rate.clause }));
  }
  if (award.choice.note === "unnamedPlatform") {
    reasons.push(
      reason("OPEN_LICENCE_PLATFORM", claim.ref, {
        value: claim.platform ?? "",
        platforms: policy.openLicencePlatforms.names.join("、"),
        rate: award.perPatent.toFixed(),
        clause: policy.unrecognisedPlatform.clause,
      }),
    );
  }
  const { amount, perPatent, inputs, steps } = award;
  return { amount, perPatent, inputs, steps, reasons };
}

const pledgeAwards = new WeakMap<Policy, Map<string, BaseAward>>();
const pledgeAwardsByDecimal = new WeakMap<Policy, WeakMap<Decimal, BaseAward>>();

/** Rows pledging the same financing get the same award: built once, shared like the fixed-rate ones. */
function pledge(claim: Claim, policy: Policy): BaseAward {
  const financing = claim.pledgeAmount!;
  let cache = pledgeAwards.get(policy);
  if (!cache) pledgeAwards.set(policy, (cache = new Map()));
  // Rows with the same financing often share its Decimal (claim.ts): known by identity, no toFixed per row.
  let byDecimal = pledgeAwardsByDecimal.get(policy);
  if (!byDecimal) pledgeAwardsByDecimal.set(policy, (byDecimal = new WeakMap()));
  let award = byDecimal.get(financing);
  if (award) return award;
  const stated = financing.toFixed();
  award = cache.get(stated);
  if (award) {
    byDecimal.set(financing, award);
    return award;
  }
  const amount = pledgeAward(policy, financing);
  const exact = pledgeAwardExact(policy, financing);
  const rounded = exact.equals(amount) ? "" : ` → ${amount.toFixed(2)}`;
  const rate = performanceItem(policy, "P4").rates.find((r) => r.percentOfAmount)!;
  const clause = rate.clause;
  const percent = rate.percentOfAmount!.toFixed();
  award = {
    amount,
    perPatent: amount,
    reasons: [],
    inputs: { financing: `${stated} 元` },
    steps: [
      {
        zh: `质押融资 ${stated} 元 × ${percent}% = ${exact.toFixed()}${rounded} 元（${clause}，四舍五入到分）`,
        en: `pledge financing ${stated} 元 × ${percent}% = ${exact.toFixed()}${rounded} 元 (${clause}, rounded to the fen)`,
      },
    ],
  };
  if (cache.size < 10_000) cache.set(stated, award);
  byDecimal.set(financing, award);
  return award;
}
