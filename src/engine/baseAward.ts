/**
 * Base award of one eligible row (POLICY §2 step 2): rate × count, or 0.2% × financing for P4.
 */
import type Decimal from "decimal.js";
import { performanceItem, type Policy, type Rate } from "../policy/policy";
import type { Claim, Reason } from "./types";
import {
  MODE_NAMES,
  RuleError,
  fixedAward,
  pledgeAward,
  pledgeAwardExact,
  rateFor,
  type RateChoice,
  type RateMode,
} from "./award";
import { reason, isError } from "./reasons";
import { TYPE_NAMES } from "./claim";
import { memo } from "./memo";
import { Money, ZERO, toFen } from "./money";

export interface BaseAward {
  amount: Decimal;
  /** `amount` in whole fen, as the balance adds and shares it (money.ts `toFen`). */
  fen: number;
  /** What one patent (or the whole row, for P3/P4) is worth, to choose the higher of duplicates (从高不重复). */
  perPatent: Decimal;
  reasons: Reason[];
  inputs: Record<string, string>;
  steps: { zh: string; en: string }[];
}

const NONE: Omit<BaseAward, "reasons"> = { amount: ZERO, fen: 0, perPatent: ZERO, inputs: {}, steps: [] };

/**
 * The part of a fixed-rate award every row with the same inputs shares; built once per run and never mutated.
 * `plain` is the whole award of a row without notes, shared too.
 */
type FixedAward = Omit<BaseAward, "reasons"> & { choice: RateChoice; plain: BaseAward };

/** What of a claim its fixed-rate award depends on (§二(一)1–3), beside the mode: item, patent type, platform, count. */
type FixedInputs = Pick<Claim, "item" | "patentType" | "platform" | "count">;

/**
 * Fixed-rate awards by their inputs, one map per input (docs/PERFORMANCE.md, baseAward.ts), at most `limit`
 * awards: like `memo`, for a key of five parts.
 */
function fixedAwardsMemo(build: (claim: FixedInputs, mode: RateMode) => FixedAward | RuleError, limit = 10_000) {
  type ByCount = Map<number, FixedAward | RuleError>;
  const byItem = new Map<string, Map<string, Map<string | undefined, Map<string | undefined, ByCount>>>>();
  let size = 0;
  return (claim: FixedInputs, mode: RateMode): FixedAward | RuleError => {
    const { item, patentType, platform, count } = claim;
    const byCount = byItem.get(item)?.get(mode)?.get(patentType)?.get(platform);
    let award = byCount?.get(count);
    if (award) return award;
    award = build(claim, mode);
    if (size < limit) {
      const byMode = level(byItem, item, () => new Map());
      const byType = level(byMode, mode, () => new Map());
      const byPlatform = level(byType, patentType, () => new Map());
      level(byPlatform, platform, (): ByCount => new Map()).set(count, award);
      size++;
    }
    return award;
  };
}

function level<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let next = map.get(key);
  if (next === undefined) map.set(key, (next = make()));
  return next;
}

/** rate × count (§二(一)1–3), with its explanation; a RuleError when the policy has no rate for these inputs. */
function fixedRateAward(claim: FixedInputs, mode: RateMode, policy: Policy): FixedAward | RuleError {
  const { item, patentType, platform, count } = claim;
  try {
    const choice = rateFor(policy, item, mode, patentType, platform);
    const perPatent = fixedAward(choice.rate, 1);
    const amount = fixedAward(choice.rate, count);
    const paidAs = MODE_NAMES[choice.paidAs];
    const type = patentType ? TYPE_NAMES[patentType] : undefined;
    const inputs = {
      mode: paidAs.en,
      ...(type ? { patentType: type.en } : {}),
      count: String(count),
      rate: `${perPatent.toFixed()} 元`,
    };
    const steps = [
      {
        zh: `${paidAs.zh}${type ? `（${type.zh}）` : ""} ${perPatent.toFixed()} 元/件 × ${count} = ${amount.toFixed(2)} 元（${choice.rate.clause}）`,
        en: `${paidAs.en}${type ? ` (${type.en})` : ""} ${perPatent.toFixed()} 元 × ${count} = ${amount.toFixed(2)} 元 (${choice.rate.clause})`,
      },
    ];
    const fen = toFen(amount);
    const plain = { amount, fen, perPatent, inputs, steps, reasons: [] };
    return { choice, amount, fen, perPatent, inputs, steps, plain };
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    return e;
  }
}

/**
 * The base award of each row of one run. Rows with the same inputs (a rate and a count, a financing amount)
 * get the same award, built once and shared.
 */
export function baseAwards(policy: Policy): (claim: Claim) => BaseAward {
  const fixed = fixedAwardsMemo((claim, mode) => fixedRateAward(claim, mode, policy));
  const pledge = pledgeAwards(policy);
  return (claim) => {
    if (claim.reasons.some(isError)) return { ...NONE, reasons: [] };
    if (claim.item === "P4") return pledge(claim.pledgeAmount!);
    const award = fixed(claim, claim.item === "P3" ? "productFiling" : claim.mode!);
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
    const { amount, fen, perPatent, inputs, steps } = award;
    return { amount, fen, perPatent, inputs, steps, reasons };
  };
}

/**
 * 0.2% of the financing (§二(一)4), rounded to the fen, with its explanation: rows pledging the same financing
 * get one award, found by the Decimal they share (claim.ts) or else by its digits.
 */
function pledgeAwards(policy: Policy): (financing: Decimal) => BaseAward {
  const rate = performanceItem(policy, "P4").rates.find((r) => r.percentOfAmount);
  const byDigits = memo((stated: string) => pledgeAwardOf(policy, rate, new Money(stated), stated));
  return memo((financing: Decimal) => byDigits(financing.toFixed()));
}

function pledgeAwardOf(policy: Policy, rate: Rate | undefined, financing: Decimal, stated: string): BaseAward {
  const amount = pledgeAward(policy, financing);
  const exact = pledgeAwardExact(policy, financing);
  const rounded = exact.equals(amount) ? "" : ` → ${amount.toFixed(2)}`;
  const clause = rate!.clause;
  const percent = rate!.percentOfAmount!.toFixed();
  return {
    amount,
    fen: toFen(amount),
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
}
