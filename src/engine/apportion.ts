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

export interface Share {
  /** Exact share = the product of these factors ÷ the product of the denominator's factors (元). */
  factors: Decimal[];
  /** Larger unrounded amount wins a tie of remainders (POLICY §2 step 7). */
  unrounded: Decimal;
  /** Then row order. */
  order: number;
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
  if (factors.length === 0) return { int: 1n, places: 0 };
  if (factors.length === 1) return toScaled(factors[0]);
  // Started from the first factor, not from 1n: one BigInt multiplication fewer per share.
  let { int, places } = toScaled(factors[0]);
  for (let i = 1; i < factors.length; i++) {
    const s = toScaled(factors[i]);
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
export function apportion(shares: Share[], denominator: Decimal[], target: Decimal, rounding: Rounding): Decimal[] {
  // Steps per 元 as a power of ten, folded into each numerator's scaling: one multiplication, not two.
  const stepPlaces = rounding === "fen" ? 2 : 0;
  const den = product(denominator);
  const nums = shares.map((s) => product(s.factors));
  // A common scale for every numerator, so remainders compare as integers over one denominator.
  const places = nums.reduce((m, n) => Math.max(m, n.places), 0);
  const common = den.int * tenTo(places);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  let floorSum = 0n;
  for (const n of nums) {
    const scaled = n.int * tenTo(places - n.places + den.places + stepPlaces);
    const q = scaled / common;
    floors.push(q);
    remainders.push(scaled - q * common);
    floorSum += q;
  }
  const extra = inSteps(target, rounding) - floorSum;
  const byRemainder: number[] = [];
  remainders.forEach((r, i) => r === 0n || byRemainder.push(i));
  byRemainder.sort(
    (a, b) =>
      (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : 0) ||
      (shares[b].unrounded === shares[a].unrounded ? 0 : shares[b].unrounded.comparedTo(shares[a].unrounded)) ||
      shares[a].order - shares[b].order,
  );
  if (extra < 0n || extra > BigInt(byRemainder.length)) {
    throw new Error(`apportion: target ${target.toString()} lies outside the shares' floors and ceilings`);
  }
  for (const i of byRemainder.slice(0, Number(extra))) floors[i] += 1n;
  return floors.map((q) => stepsToYuan(q, rounding));
}

/**
 * Pro rata of claims against a budget (当…超出预算时，则按照比例进行兑付, §四(三)): each claim × min(1, budget ÷ Σ),
 * rounded by largest remainder so the payouts add up exactly to min(budget, Σ) in whole steps.
 */
export function proRata(claims: Decimal[], budget: Decimal, rounding: Rounding): Decimal[] {
  const demand = claims.reduce((a, c) => a.plus(c), new Decimal(0));
  const shares = claims.map((c, i) => ({ factors: [c], unrounded: c, order: i }));
  if (demand.lessThanOrEqualTo(budget)) {
    return apportion(shares, [], Decimal.min(roundMoney(demand, rounding), floorMoney(budget, rounding)), rounding);
  }
  const scaled = shares.map((s) => ({ ...s, factors: [...s.factors, budget] }));
  return apportion(scaled, [demand], floorMoney(budget, rounding), rounding);
}
