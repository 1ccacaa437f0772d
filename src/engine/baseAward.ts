/**
 * Base award of one eligible row (POLICY §2 step 2): rate × count, or 0.2% × financing for P4.
 */
import Decimal from "decimal.js";
import { performanceItem, type Policy } from "../policy/policy";
import type { Claim, Reason } from "./types";
import { MODE_NAMES, RuleError, fixedAward, pledgeAward, rateFor, type RateChoice } from "./award";
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

/** The part of a fixed-rate award every row with the same inputs shares; computed once per run and never mutated. */
type FixedAward = Omit<BaseAward, "reasons"> & { choice: RateChoice };

const fixedAwards = new WeakMap<Policy, Map<string, FixedAward | RuleError>>();

function fixedRateAward(claim: Claim, policy: Policy): FixedAward | RuleError {
  let cache = fixedAwards.get(policy);
  if (!cache) fixedAwards.set(policy, (cache = new Map()));
  const mode = claim.item === "P3" ? "productFiling" : claim.mode!;
  const key = `${claim.item}|${mode}|${claim.patentType}|${claim.platform}|${claim.count}`;
  let award = cache.get(key);
  if (award) return award;
  try {
    const choice = rateFor(policy, claim.item, mode, claim.patentType, claim.platform);
    const perPatent = fixedAward(choice.rate, 1);
    const amount = fixedAward(choice.rate, claim.count);
    const paidAs = MODE_NAMES[choice.paidAs];
    const type = claim.patentType ? TYPE_NAMES[claim.patentType] : undefined;
    award = {
      choice,
      amount,
      perPatent,
      inputs: {
        mode: paidAs.en,
        ...(type ? { patentType: type.en } : {}),
        count: String(claim.count),
        rate: `${perPatent.toFixed()} 元`,
      },
      steps: [
        {
          zh: `${paidAs.zh}${type ? `（${type.zh}）` : ""} ${perPatent.toFixed()} 元/件 × ${claim.count} = ${amount.toFixed(2)} 元（${choice.rate.clause}）`,
          en: `${paidAs.en}${type ? ` (${type.en})` : ""} ${perPatent.toFixed()} 元 × ${claim.count} = ${amount.toFixed(2)} 元 (${choice.rate.clause})`,
        },
      ],
    };
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    award = e;
  }
  if (cache.size < 10_000) cache.set(key, award);
  return award;
}

export function baseAwardOf(claim: Claim, policy: Policy): BaseAward {
  if (claim.reasons.some(isError)) return { ...NONE, reasons: [] };
  if (claim.item === "P4") return pledge(claim, policy);
  const award = fixedRateAward(claim, policy);
  if (award instanceof RuleError) {
    return { ...NONE, reasons: [reason("MODE_NOT_PAID", claim.ref, { detailZh: award.zh, detailEn: award.en })] };
  }
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

function pledge(claim: Claim, policy: Policy): BaseAward {
  const financing = claim.pledgeAmount!;
  const amount = pledgeAward(policy, financing);
  const rate = performanceItem(policy, "P4").rates.find((r) => r.percentOfAmount)!;
  const clause = rate.clause;
  const percent = rate.percentOfAmount!.toFixed();
  return {
    amount,
    perPatent: amount,
    reasons: [],
    inputs: { financing: `${financing.toFixed()} 元` },
    steps: [
      {
        zh: `质押融资 ${financing.toFixed()} 元 × ${percent}% = ${amount.toFixed()} 元（${clause}）`,
        en: `pledge financing ${financing.toFixed()} 元 × ${percent}% = ${amount.toFixed()} 元 (${clause})`,
      },
    ],
  };
}
