/**
 * Rounding to the fen (or 元) by the largest-remainder method, so that rounded payouts add up exactly to
 * the money available (POLICY §2 step 7). Shares are exact rationals `numerator / denominator`, computed in
 * decimal.js with a precision far beyond any ledger, and remainders are compared exactly.
 */
import Decimal from "decimal.js";
import type { Rounding } from "./types";

// Sums of a million ledger amounts with their decimals stay exact well within 40 significant digits
// (decimal.js defaults to 20); products and quotients of shares are done in BigInt below.
Decimal.set({ precision: 40 });

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

/**
 * Shares of one sum: share i is exactly `weights[i] × Π times ÷ Π over` (元). A larger weight wins a tie of
 * remainders, then the lower order (POLICY §2 step 7): every caller's unrounded amount is its weight.
 */
export interface Shares {
  weights: Decimal[];
  orders: number[];
  times: Decimal[];
  over: Decimal[];
}

/** A decimal as an integer and a power of ten; the same Decimal (a rate, a unit's cap) is converted once. */
const scaledOf = new WeakMap<Decimal, { int: bigint; places: number }>();

function toScaled(d: Decimal): { int: bigint; places: number } {
  let scaled = scaledOf.get(d);
  if (!scaled) {
    const places = d.decimalPlaces();
    scaled = { int: BigInt(places === 0 ? d.toFixed(0) : d.toFixed(places).replace(".", "")), places };
    scaledOf.set(d, scaled);
  }
  return scaled;
}

/** A product of decimals as an integer and a power of ten: Π factors = int ÷ 10^places, exactly. */
function product(factors: Decimal[]): { int: bigint; places: number } {
  let int = 1n;
  let places = 0;
  for (const f of factors) {
    const s = toScaled(f);
    int *= s.int;
    places += s.places;
  }
  return { int, places };
}

/** Powers of ten by exponent: every share of an item is scaled by one of a few. */
const powersOfTen: bigint[] = [1n];

function tenTo(exponent: number): bigint {
  for (let e = powersOfTen.length; e <= exponent; e++) powersOfTen.push(powersOfTen[e - 1] * 10n);
  return powersOfTen[exponent];
}

/**
 * Payouts repeat the same few amounts (a rate × a count): each is built once and shared, which a
 * Decimal, never mutated, allows. Bounded like the other memos so a huge ledger cannot grow it without end.
 */
const yuanOfSteps: Record<Rounding, Map<bigint, Decimal>> = { fen: new Map(), yuan: new Map() };

/** Whole steps (fen or 元) as a Decimal in 元. */
function stepsToYuan(steps: bigint, rounding: Rounding): Decimal {
  const known = yuanOfSteps[rounding];
  let yuan = known.get(steps);
  if (yuan) return yuan;
  // Copied once more: a parsed Decimal keeps the spare room of the array it grew its digits in, and a
  // payout lives as long as the result; the copy holds just its digits.
  if (rounding === "yuan") yuan = new Decimal(new Decimal(steps.toString()));
  else {
    const digits = steps.toString().padStart(3, "0");
    yuan = new Decimal(new Decimal(`${digits.slice(0, -2)}.${digits.slice(-2)}`));
  }
  if (known.size < 10_000) known.set(steps, yuan);
  return yuan;
}

/** A whole number of steps (a rounded target) as an integer count of them. */
function inSteps(amount: Decimal, rounding: Rounding): bigint {
  const stepPlaces = rounding === "fen" ? 2 : 0;
  const { int, places } = toScaled(amount);
  if (places <= stepPlaces) return int * tenTo(stepPlaces - places);
  // Not a whole number of steps: BigInt refuses it, as it refuses any target off the steps.
  return BigInt(amount.times(rounding === "fen" ? "100" : "1").toFixed());
}

/**
 * Gives each share its floor in steps, then one more step to the largest remainders until `target` is reached.
 * `target` must lie between the sum of floors and the sum of ceilings: callers pass the exact total rounded
 * (unscaled) or the money available (scaled), which always does. All of it in integers, so exact.
 */
export function apportion(shares: Shares, target: Decimal, rounding: Rounding): Decimal[] {
  const { weights, orders } = shares;
  const stepPlaces = rounding === "fen" ? 2 : 0;
  const times = product(shares.times);
  const over = product(shares.over);
  // Weights on one scale (10^-places 元), so they compare as integers for the tie-break too.
  let places = 0;
  for (const w of weights) places = Math.max(places, toScaled(w).places);
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
      const w = toScaled(weights[i]);
      const scaled = w.places === places ? w.int : w.int * tenTo(places - w.places);
      const numerator = scaled * multiplier;
      const q = numerator / common;
      scaledWeights[i] = scaled;
      floors[i] = q;
      remainders[i] = numerator - q * common;
    }
    floorSum += floors[i];
  }
  const extra = inSteps(target, rounding) - floorSum;
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
  return floors.map((q) => stepsToYuan(q, rounding));
}

function compare(a: bigint, b: bigint): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

/**
 * Pro rata of claims against a budget (当…超出预算时，则按照比例进行兑付, §四(三)): each claim × min(1, budget ÷ Σ),
 * rounded by largest remainder so the payouts add up exactly to min(budget, Σ) in whole steps.
 */
export function proRata(claims: Decimal[], budget: Decimal, rounding: Rounding): Decimal[] {
  const demand = claims.reduce((a, c) => a.plus(c), new Decimal(0));
  const orders = claims.map((_, i) => i);
  if (demand.lessThanOrEqualTo(budget)) {
    const target = Decimal.min(roundMoney(demand, rounding), floorMoney(budget, rounding));
    return apportion({ weights: claims, orders, times: [], over: [] }, target, rounding);
  }
  return apportion(
    { weights: claims, orders, times: [budget], over: [demand] },
    floorMoney(budget, rounding),
    rounding,
  );
}
