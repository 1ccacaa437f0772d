/**
 * Rounding to the fen (or 元) by the largest-remainder method, so that rounded payouts add up exactly to
 * the money available (POLICY §2 step 7). A share is exactly `weight × m ÷ n` in whole steps, with integer
 * weights and an integer ratio: every floor and remainder is exact — in JS numbers while the product stays
 * under 2^52, else in BigInt (docs/PERFORMANCE.md, apportion.ts).
 */
import type Decimal from "decimal.js";
import type { Rounding } from "./types";
import { Money, STEP_PLACES, floorMoney, roundMoney, sumMoney } from "./money";

export { floorMoney, roundMoney } from "./money";

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

/** An integer: a number while it is a safe one, a BigInt past that. */
export type Int = number | bigint;

/** Below this, a product of two numbers and a floor of its quotient are exact in doubles (the fix-up included). */
const EXACT = 2 ** 52;

/** The factor every weight is multiplied by: exactly `m ÷ n`, both positive integers. */
export interface Ratio {
  readonly m: bigint;
  readonly n: bigint;
  /** `m` and `n` as numbers when both are below 2^52, else NaN (no product with NaN is below 2^52). */
  readonly mNumber: number;
  readonly nNumber: number;
}

/** `m ÷ n` in lowest terms, so that more products stay below 2^52 (remainders keep their order). */
export function ratio(m: Int, n: Int): Ratio {
  // Safe integers reduce in doubles, exactly, without a BigInt per step of Euclid (docs/PERFORMANCE.md, apportion.ts).
  if (typeof m === "number" && typeof n === "number" && Number.isSafeInteger(m) && Number.isSafeInteger(n)) {
    const divisor = gcdNumber(m, n);
    const [a, b] = [m / divisor, n / divisor];
    const small = a < EXACT && b < EXACT;
    return { m: BigInt(a), n: BigInt(b), mNumber: small ? a : NaN, nNumber: small ? b : NaN };
  }
  let a = BigInt(m);
  let b = BigInt(n);
  const divisor = gcd(a, b);
  a /= divisor;
  b /= divisor;
  const small = a < EXACT && b < EXACT;
  return { m: a, n: b, mNumber: small ? Number(a) : NaN, nNumber: small ? Number(b) : NaN };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function gcdNumber(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Each weight as it is: whole steps already. */
export const WHOLE: Ratio = ratio(1, 1);

function compare(a: Int, b: Int): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

/**
 * Whole steps that add up to `target`: each share's floor, then one more step to the largest remainders. A
 * tie goes to the larger weight, then the earlier share (POLICY §2 step 7): callers list shares in ledger order.
 * `target` must lie between the sum of floors and the sum of ceilings: `roundingTarget` always does. A floor
 * is a number below 2^52 (so every share of a target below it), a BigInt past that.
 */
export function shareOut(weights: readonly Int[], by: Ratio, target: Int): Int[] {
  const count = weights.length;
  const floors = new Array<Int>(count);
  const remainders = new Array<Int>(count);
  const { mNumber, nNumber } = by;
  let floorSum = 0;
  let bigFloorSum = 0n;
  for (let i = 0; i < count; i++) {
    const w = weights[i];
    // Rows of a unit mostly share one award: the same weight gives the same floor and remainder.
    if (i > 0 && w === weights[i - 1]) {
      floors[i] = floors[i - 1];
      remainders[i] = remainders[i - 1];
    } else if (typeof w === "number" && w * mNumber < EXACT) {
      const product = w * mNumber;
      let q = Math.floor(product / nNumber);
      let r = product - q * nNumber;
      // The quotient of two doubles may round up or down by one across a whole number.
      if (r < 0) {
        q -= 1;
        r += nNumber;
      } else if (r >= nNumber) {
        q += 1;
        r -= nNumber;
      }
      floors[i] = q;
      remainders[i] = r;
    } else {
      const product = BigInt(w) * by.m;
      const q = product / by.n;
      floors[i] = q < EXACT ? Number(q) : q;
      remainders[i] = product - q * by.n;
    }
    const f = floors[i];
    if (typeof f === "number") floorSum += f;
    else bigFloorSum += f;
  }
  const extra =
    typeof target === "number" && bigFloorSum === 0n
      ? target - floorSum
      : Number(BigInt(target) - BigInt(floorSum) - bigFloorSum);
  const byRemainder: number[] = [];
  for (let i = 0; i < count; i++) if (remainders[i] > 0) byRemainder.push(i);
  if (!Number.isInteger(extra) || extra < 0 || extra > byRemainder.length) {
    throw new Error(`apportion: target ${target} steps lies outside the shares' floors and ceilings`);
  }
  // Only a partial hand-out needs an order: none or all of the remainders taking a step need none.
  if (extra > 0 && extra < byRemainder.length) {
    const before = (a: number, b: number) =>
      compare(remainders[b], remainders[a]) || compare(weights[b], weights[a]) || a - b;
    if (byRemainder.length > FEW) byRemainder.sort(before);
    else insertionSort(byRemainder, before);
  }
  for (let k = 0; k < extra; k++) {
    const i = byRemainder[k];
    const f = floors[i];
    floors[i] = typeof f === "number" ? f + 1 : f + 1n;
  }
  return floors;
}

/**
 * Up to this many shares are put in order by insertion: a unit's few rows are shared out once per unit, and
 * `Array.prototype.sort` allocates its working state on every call (docs/PERFORMANCE.md, apportion.ts). The order
 * is total (the index breaks every tie), so both give the same order.
 */
const FEW = 16;

function insertionSort(list: number[], before: (a: number, b: number) => number): void {
  for (let i = 1; i < list.length; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= 0 && before(list[j], item) > 0) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
}

/** A decimal as an integer and a power of ten: d = int ÷ 10^places. */
function scaled(d: Decimal): { int: bigint; places: number } {
  const places = d.decimalPlaces();
  return { int: BigInt(places === 0 ? d.toFixed(0) : d.toFixed(places).replace(".", "")), places };
}

/**
 * Pro rata of claims against a budget (当…超出预算时，则按照比例进行兑付, §四(三)): each claim × min(1, budget ÷ Σ),
 * rounded by largest remainder so the payouts add up exactly to min(budget, Σ) in whole steps. Any decimals
 * (a custom function's, the budgets'): the claims are put on one integer scale and shared out as the balance's are.
 */
export function proRata(claims: readonly Decimal[], budget: Decimal, rounding: Rounding): Decimal[] {
  const demand = sumMoney(claims);
  const stepPlaces = STEP_PLACES[rounding];
  const places = Math.max(stepPlaces, ...claims.map((c) => c.decimalPlaces()));
  const weights = claims.map((c) => {
    const s = scaled(c);
    return s.int * 10n ** BigInt(places - s.places);
  });
  // share in steps = weight ÷ 10^places × 10^stepPlaces, × budget ÷ demand when scaled.
  const unit = 10n ** BigInt(places - stepPlaces);
  let by = ratio(1n, unit);
  if (demand.greaterThan(budget)) {
    const b = scaled(budget);
    const d = scaled(demand);
    by = ratio(b.int * 10n ** BigInt(d.places), d.int * 10n ** BigInt(b.places) * unit);
  }
  const target = BigInt(
    roundingTarget(demand, budget, rounding)
      .times(10 ** stepPlaces)
      .toFixed(0),
  );
  return shareOut(weights, by, target).map((steps) => new Money(steps.toString()).dividedBy(10 ** stepPlaces));
}
