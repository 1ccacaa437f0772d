/**
 * Rounding to the fen (or 元) by the largest-remainder method, so that rounded payouts add up exactly to
 * the money available (POLICY §2 step 7). Shares are exact rationals `numerator / denominator`, computed in
 * decimal.js with a precision far beyond any ledger, and remainders are compared exactly.
 */
import Decimal from "decimal.js";
import type { Rounding } from "./types";

/** Enough significant digits that products of ledger amounts are exact (amounts ≤ 10¹⁵ 元, 10 decimals). */
const Exact = Decimal.clone({ precision: 120, rounding: Decimal.ROUND_DOWN });
const ZERO = new Decimal(0);

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
  const places = rounding === "fen" ? 2 : 0;
  const step = roundingStep(rounding);
  const wholeDenominator = denominator.equals(1);
  const floors: Decimal[] = [];
  const remainders: Decimal[] = [];
  let floorSum = new Exact(0);
  for (const share of shares) {
    // An amount already in whole steps over a denominator of 1 is its own floor (the common, unscaled case).
    if (wholeDenominator && share.numerator.decimalPlaces() <= places) {
      floors.push(share.numerator);
      remainders.push(ZERO);
    } else {
      // Exact when the quotient terminates; truncated far below the step when it does not.
      const floor = new Exact(share.numerator).dividedBy(denominator).toDecimalPlaces(places, Decimal.ROUND_DOWN);
      floors.push(floor);
      remainders.push(new Exact(share.numerator).minus(floor.times(denominator)));
    }
    floorSum = floorSum.plus(floors[floors.length - 1]);
  }
  const extra = new Exact(target).minus(floorSum).dividedBy(step);
  const byRemainder: number[] = [];
  remainders.forEach((r, i) => r.isZero() || byRemainder.push(i));
  byRemainder.sort(
    (a, b) =>
      remainders[b].comparedTo(remainders[a]) ||
      shares[b].unrounded.comparedTo(shares[a].unrounded) ||
      shares[a].order - shares[b].order,
  );
  if (!extra.isInteger() || extra.isNegative() || extra.toNumber() > byRemainder.length) {
    throw new Error(`apportion: target ${target.toString()} lies outside the shares' floors and ceilings`);
  }
  const result = floors.map((f) => new Decimal(f));
  for (const i of byRemainder.slice(0, extra.toNumber())) result[i] = result[i].plus(step);
  return result;
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
