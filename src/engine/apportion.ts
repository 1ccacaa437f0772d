/**
 * Rounding to the fen (or 元) by the largest-remainder method, so that rounded payouts add up exactly to
 * the money available (POLICY §2 step 7). Shares are exact rationals `numerator / denominator`: the decimals
 * are turned into integers and every product, quotient and remainder is taken in BigInt.
 */
import type Decimal from "decimal.js";
import type { Rounding } from "./types";
import { memo } from "./memo";
import { Money, STEP_PLACES, floorMoney, roundMoney, sumMoney, toMoney } from "./money";

export { floorMoney, roundMoney } from "./money";

/**
 * Shares of one sum: share i is exactly `weights[i] × Π times ÷ Π over` (元). A larger weight wins a tie of
 * remainders, then the lower order (POLICY §2 step 7): every caller's unrounded amount is its weight.
 */
export interface Shares {
  weights: readonly Decimal[];
  orders: readonly number[];
  times: readonly Decimal[];
  over: readonly Decimal[];
}

/** Shares rounded to whole steps that add up to a target: one per share, in 元. */
export type Apportion = (shares: Shares, target: Decimal) => Decimal[];

/**
 * The whole steps a sum of shares is rounded to (POLICY §2 step 7, §四(三)). When the demand is more than the
 * money available, the shares are scaled down and share out every whole step of it; otherwise each is paid in
 * full, and together they make the demand rounded, but never more than the whole steps available.
 */
export function roundingTarget(demand: Decimal, available: Decimal, rounding: Rounding): Decimal {
  const availableSteps = floorMoney(available, rounding);
  if (demand.greaterThan(available)) return availableSteps;
  const demandSteps = roundMoney(demand, rounding);
  return demandSteps.greaterThan(availableSteps) ? availableSteps : demandSteps;
}

/** A decimal as an integer and a power of ten: d = int ÷ 10^places. */
interface Scaled {
  int: bigint;
  places: number;
}

function toScaled(d: Decimal): Scaled {
  const places = d.decimalPlaces();
  return { int: BigInt(places === 0 ? d.toFixed(0) : d.toFixed(places).replace(".", "")), places };
}

/** Powers of ten by exponent: a constant table, as long as the most decimal places a share has had. */
const POWERS_OF_TEN: bigint[] = [1n];

function tenTo(exponent: number): bigint {
  for (let e = POWERS_OF_TEN.length; e <= exponent; e++) POWERS_OF_TEN.push(POWERS_OF_TEN[e - 1] * 10n);
  return POWERS_OF_TEN[exponent];
}

/** Whole steps (fen or 元) as an amount in 元. */
function stepsToYuan(steps: bigint, rounding: Rounding): Decimal {
  const places = STEP_PLACES[rounding];
  const digits = steps.toString().padStart(places + 1, "0");
  const yuan = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  // Copied once more (docs/PERFORMANCE.md, apportion.ts).
  return new Money(new Money(yuan));
}

function compare(a: bigint, b: bigint): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

/**
 * Largest remainder in one rounding, for one run: the same decimals (a rate, a unit's cap) are turned into
 * integers once and the same payouts built once, then shared — a Decimal is never mutated.
 */
export function apportioner(rounding: Rounding): Apportion {
  const stepPlaces = STEP_PLACES[rounding];
  // Not bounded: it holds the run's own amounts, which live as long as the run anyway.
  const scaledOf = memo(toScaled, Infinity);
  const yuanOf = memo((steps: bigint) => stepsToYuan(steps, rounding));

  /** A product of decimals as an integer and a power of ten: Π factors = int ÷ 10^places, exactly. */
  function product(factors: readonly Decimal[]): Scaled {
    let int = 1n;
    let places = 0;
    for (const f of factors) {
      const s = scaledOf(f);
      int *= s.int;
      places += s.places;
    }
    return { int, places };
  }

  /** A whole number of steps (a rounded target) as an integer count of them. */
  function inSteps(amount: Decimal): bigint {
    const { int, places } = scaledOf(amount);
    if (places <= stepPlaces) return int * tenTo(stepPlaces - places);
    // Not a whole number of steps: BigInt refuses it, as it refuses any target off the steps.
    return BigInt(toMoney(amount).times(`1e${stepPlaces}`).toFixed());
  }

  /**
   * Gives each share its floor in steps, then one more step to the largest remainders until `target` is
   * reached. `target` must lie between the sum of floors and the sum of ceilings: `roundingTarget` always does.
   */
  return (shares, target) => {
    const { weights, orders } = shares;
    const times = product(shares.times);
    const over = product(shares.over);
    // Weights on one scale (10^-places 元), so they compare as integers for the tie-break too.
    let places = 0;
    for (const w of weights) places = Math.max(places, scaledOf(w).places);
    // share in steps = weight × 10^places × times × 10^(over.places + stepPlaces) ÷ (over × 10^(places + times.places))
    const multiplier = times.int * tenTo(over.places + stepPlaces);
    const common = over.int * tenTo(places + times.places);
    const n = weights.length;
    const scaledWeights: bigint[] = new Array<bigint>(n);
    const floors: bigint[] = new Array<bigint>(n);
    const remainders: bigint[] = new Array<bigint>(n);
    let floorSum = 0n;
    for (let i = 0; i < n; i++) {
      // Rows of a unit mostly share one award: the same weight gives the same floor and remainder.
      if (i > 0 && weights[i] === weights[i - 1]) {
        scaledWeights[i] = scaledWeights[i - 1];
        floors[i] = floors[i - 1];
        remainders[i] = remainders[i - 1];
      } else {
        const w = scaledOf(weights[i]);
        const scaled = w.places === places ? w.int : w.int * tenTo(places - w.places);
        const numerator = scaled * multiplier;
        const q = numerator / common;
        scaledWeights[i] = scaled;
        floors[i] = q;
        remainders[i] = numerator - q * common;
      }
      floorSum += floors[i];
    }
    const extra = inSteps(target) - floorSum;
    const byRemainder: number[] = [];
    for (let i = 0; i < n; i++) if (remainders[i] !== 0n) byRemainder.push(i);
    if (extra < 0n || extra > BigInt(byRemainder.length)) {
      throw new Error(`apportion: target ${target.toString()} lies outside the shares' floors and ceilings`);
    }
    // Only a partial hand-out needs an order: none or all of the remainders taking a step need none.
    if (extra > 0n && extra < BigInt(byRemainder.length)) {
      byRemainder.sort(
        (a, b) =>
          compare(remainders[b], remainders[a]) || compare(scaledWeights[b], scaledWeights[a]) || orders[a] - orders[b],
      );
    }
    for (let k = 0; k < Number(extra); k++) floors[byRemainder[k]] += 1n;
    return floors.map(yuanOf);
  };
}

/** One apportionment on its own (a custom function, a test): `apportioner` for a single call. */
export function apportion(shares: Shares, target: Decimal, rounding: Rounding): Decimal[] {
  return apportioner(rounding)(shares, target);
}

/**
 * Pro rata of claims against a budget (当…超出预算时，则按照比例进行兑付, §四(三)): each claim × min(1, budget ÷ Σ),
 * rounded by largest remainder so the payouts add up exactly to min(budget, Σ) in whole steps.
 */
export function proRata(claims: readonly Decimal[], budget: Decimal, rounding: Rounding): Decimal[] {
  const demand = sumMoney(claims);
  const scaled = demand.greaterThan(budget);
  const shares = {
    weights: claims,
    orders: claims.map((_, i) => i),
    times: scaled ? [budget] : [],
    over: scaled ? [demand] : [],
  };
  return apportion(shares, roundingTarget(demand, budget, rounding), rounding);
}
