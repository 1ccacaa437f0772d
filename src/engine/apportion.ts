/**
 * Rounding to the fen (or 元) by the largest-remainder method, so that rounded payouts add up exactly to
 * the money available (POLICY §2 step 7). Shares are exact rationals `numerator / denominator`, computed in
 * decimal.js with a precision far beyond any ledger, and remainders are compared exactly.
 */
import Decimal from "decimal.js";
import type { Rounding } from "./types";

/** Enough significant digits that products of ledger amounts are exact (amounts ≤ 10¹⁵ 元, 10 decimals). */
const Exact = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_DOWN });

/** Size of one rounding step, in 元. */
export function roundingStep(rounding: Rounding): Decimal {
  return new Decimal(rounding === "fen" ? "0.01" : "1");
}

/** Round half up to the fen or 元 — for a single amount that nothing must add up with. */
export function roundMoney(amount: Decimal, rounding: Rounding): Decimal {
  return amount.toDecimalPlaces(rounding === "fen" ? 2 : 0, Decimal.ROUND_HALF_UP);
}

/** Largest multiple of the step not above `amount`. */
export function floorMoney(amount: Decimal, rounding: Rounding): Decimal {
  return amount.toDecimalPlaces(rounding === "fen" ? 2 : 0, Decimal.ROUND_DOWN);
}

export interface Share {
  /** Exact share = numerator / denominator (元). */
  numerator: Decimal;
  /** Larger unrounded amount wins a tie of remainders (POLICY §2 step 7). */
  unrounded: Decimal;
  /** Then row order. */
  order: number;
}

/**
 * Gives each share its floor in steps, then one more step to the largest remainders until `target` is reached.
 * `target` must lie between the sum of floors and the sum of ceilings: callers pass the exact total rounded
 * (unscaled) or the money available (scaled), which always does.
 */
export function apportion(shares: Share[], denominator: Decimal, target: Decimal, rounding: Rounding): Decimal[] {
  const step = new Exact(roundingStep(rounding));
  const den = new Exact(denominator).times(step);
  const floors: Decimal[] = [];
  const remainders: Decimal[] = [];
  let floorSum = new Exact(0);
  for (const share of shares) {
    const num = new Exact(share.numerator);
    const q = num.dividedToIntegerBy(den);
    floors.push(q);
    remainders.push(num.minus(q.times(den)));
    floorSum = floorSum.plus(q);
  }
  const extra = new Exact(target).dividedBy(step).minus(floorSum);
  const byRemainder = shares
    .map((_, i) => i)
    .filter((i) => !remainders[i].isZero())
    .sort(
      (a, b) =>
        remainders[b].comparedTo(remainders[a]) ||
        shares[b].unrounded.comparedTo(shares[a].unrounded) ||
        shares[a].order - shares[b].order,
    );
  if (!extra.isInteger() || extra.isNegative() || extra.toNumber() > byRemainder.length) {
    throw new Error(`apportion: target ${target.toString()} lies outside the shares' floors and ceilings`);
  }
  const bumped = new Set(byRemainder.slice(0, extra.toNumber()));
  return floors.map((q, i) => new Decimal(q.plus(bumped.has(i) ? 1 : 0).times(step)));
}

/**
 * Pro rata of claims against a budget (当…超出预算时，则按照比例进行兑付, §四(三)): each claim × min(1, budget ÷ Σ),
 * rounded by largest remainder so the payouts add up exactly to min(budget, Σ) in whole steps.
 */
export function proRata(claims: Decimal[], budget: Decimal, rounding: Rounding): Decimal[] {
  const demand = claims.reduce((a, c) => a.plus(c), new Decimal(0));
  const shares = claims.map((c, i) => ({ numerator: c, unrounded: c, order: i }));
  if (demand.lessThanOrEqualTo(budget)) {
    return apportion(
      shares,
      new Decimal(1),
      Decimal.min(roundMoney(demand, rounding), floorMoney(budget, rounding)),
      rounding,
    );
  }
  const scaled = shares.map((s) => ({ ...s, numerator: new Exact(s.numerator).times(budget) }));
  return apportion(scaled, demand, floorMoney(budget, rounding), rounding);
}
