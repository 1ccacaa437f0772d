/**
 * Money in the engine: decimal.js in 元, exact (ARCHITECTURE.md "Money in the engine"). Payouts are whole
 * steps of the rounding the run uses: the fen (分, 0.01 元) or the 元.
 */
import Decimal from "decimal.js";
import type { Rounding } from "./types";

/**
 * The engine's own decimal.js constructor: 40 significant digits (the library's default is 20), so a sum of a
 * million ledger amounts with their decimals stays exact. A clone, not `Decimal.set`: the precision of the
 * global `Decimal`, which the adapters and any other code in the process use, is left as it is.
 *
 * decimal.js takes the precision of an operation from the constructor of the value it is called on, so every
 * sum, product and quotient in the engine is called on a `Money` value: parsed amounts (values.ts), the engine's
 * constants and all it computes from them are `Money`; an amount from elsewhere — the policy file (src/policy),
 * an earlier payout or a committed support line a caller hands in — goes through `toMoney`, or is added to a
 * `Money` sum, before anything is called on it.
 */
export const Money = Decimal.clone({ precision: 40 });

export const ZERO: Decimal = new Money(0);
export const ONE: Decimal = new Money(1);

/** Decimal places of one rounding step: the fen is 0.01 元, the 元 is 1. */
export const STEP_PLACES: Readonly<Record<Rounding, number>> = { fen: 2, yuan: 0 };

/** An amount as a `Money` value: itself when it already is one. */
export function toMoney(amount: Decimal.Value): Decimal {
  return amount instanceof Decimal && amount.constructor === Money ? amount : new Money(amount);
}

/** Σ amounts, exactly (a loop, not `Money.sum(...amounts)`: a million arguments overflow the stack). */
export function sumMoney(amounts: Iterable<Decimal>): Decimal {
  let sum = ZERO;
  for (const a of amounts) sum = sum.plus(a);
  return sum;
}

/** Round half up to the fen or 元 — for a single amount that nothing must add up with. */
export function roundMoney(amount: Decimal, rounding: Rounding): Decimal {
  return toMoney(amount).toDecimalPlaces(STEP_PLACES[rounding], Decimal.ROUND_HALF_UP);
}

/** Largest whole step not above `amount`. */
export function floorMoney(amount: Decimal, rounding: Rounding): Decimal {
  return toMoney(amount).toDecimalPlaces(STEP_PLACES[rounding], Decimal.ROUND_FLOOR);
}

/** Smallest whole step not below `amount`. */
export function ceilMoney(amount: Decimal, rounding: Rounding): Decimal {
  return toMoney(amount).toDecimalPlaces(STEP_PLACES[rounding], Decimal.ROUND_CEIL);
}

/** The largest fen a JS number holds exactly, made once: a comparison with a number builds a Decimal of it each time. */
const MAX_SAFE_FEN = new Money(Number.MAX_SAFE_INTEGER);

/**
 * Inside the balance money is integer fen (docs/PERFORMANCE.md, money.ts): an amount of whole fen as a safe
 * integer. The policy's amounts have at most two decimals (src/policy), so every award and cap is whole fen.
 */
export function toFen(amount: Decimal): number {
  const fen = amount.times(100);
  if (!fen.isInteger() || fen.abs().greaterThan(MAX_SAFE_FEN)) {
    throw new RangeError(
      `金额 ${amount.toFixed()} 元不是可精确计算的整分 / the amount ${amount.toFixed()} 元 is not a whole number of fen the balance can hold exactly`,
    );
  }
  return fen.toNumber();
}

/** Whole fen as 元 (`Money`), the way the engine hands amounts out. */
export function fenToMoney(fen: number): Decimal {
  return new Money(fenText(fen));
}

/** Whole fen as 元 with two decimals: what `toFixed(2)` of the same amount gives. */
export function fenText(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}
