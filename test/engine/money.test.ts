/**
 * Money in the engine (src/engine/money.ts): a decimal.js clone of 40 digits that leaves the global `Decimal`
 * alone, one table of rounding steps, and rules shared by the balancer and the custom functions.
 */
import Decimal from "decimal.js";
import { balance, proRata, unitCapLeft, type PriorPayout } from "../../src/engine";
import { memo } from "../../src/engine/memo";
import { Money, STEP_PLACES, floorMoney, roundMoney, sumMoney, toMoney } from "../../src/engine/money";
import { roundingTarget } from "../../src/engine/apportion";
import { defaultPolicy } from "../../src/policy";
import { creditCode, p1, p2, patentNo } from "../support/claims";

const policy = defaultPolicy();

describe("the engine's precision is its own", () => {
  test("after importing and running the engine, the global Decimal still has decimal.js's default 20 digits", () => {
    // Over budget, so the run divides (pro rata) as well as adding.
    const rows = Array.from({ length: 400 }, (_, i) =>
      p2({
        claimantName: `重庆小微${i}号有限公司`,
        claimantCode: creditCode(7000 + i),
        patentNumber: patentNo("invention", 7000 + i),
      }),
    );
    const result = balance(rows, policy, { reallocate: false });
    expect(result.items.find((i) => i.id === "P2")!.factor.lessThan(1)).toBe(true);
    expect(Decimal.precision).toBe(20);
    expect(new Decimal(1).dividedBy(3).toString()).toBe("0.33333333333333333333");
    expect(Money.precision).toBe(40);
  });

  test("a sum of 1,000,000 amounts with fen is exact, where 20 digits would not be", () => {
    // 9,876,543,210,987.65 元 and up, by one fen: the total needs 22 significant digits.
    const first = 987_654_321_098_765n;
    const n = 1_000_000;
    const amounts = Array.from({ length: n }, (_, i) => new Decimal(fen(first + BigInt(i))));
    const exact = first * BigInt(n) + (BigInt(n) * BigInt(n - 1)) / 2n;
    expect(sumMoney(amounts).toFixed(2)).toBe(fen(exact));
    const global = amounts.reduce((a, b) => a.plus(b), new Decimal(0));
    expect(global.toFixed(2)).not.toBe(fen(exact));
  });

  test("pro rata of amounts whose sum passes 20 digits pays each in full, to the fen", () => {
    const claims = ["98765432109876543.21", "12345678901234567.89", "0.01"].map((a) => new Decimal(a));
    const payouts = proRata(claims, new Decimal("1e20"), "fen");
    expect(payouts.map((p) => p.toFixed(2))).toEqual(claims.map((c) => c.toFixed(2)));
  });

  test("toMoney keeps a Money value and copies any other exactly", () => {
    const m = new Money("1.5");
    expect(toMoney(m)).toBe(m);
    const long = new Decimal("123456789012345678901234567890.12");
    expect(toMoney(long).constructor).toBe(Money);
    expect(toMoney(long).toFixed()).toBe(long.toFixed());
  });
});

describe("rounding steps: one table", () => {
  test("the fen is two places, the 元 none", () => {
    expect(STEP_PLACES).toEqual({ fen: 2, yuan: 0 });
    expect(roundMoney(new Decimal("2.345"), "fen").toFixed()).toBe("2.35");
    expect(roundMoney(new Decimal("2.5"), "yuan").toFixed()).toBe("3");
    expect(floorMoney(new Decimal("2.349"), "fen").toFixed()).toBe("2.34");
    expect(floorMoney(new Decimal("2.99"), "yuan").toFixed()).toBe("2");
  });

  test("the rounding target: every whole step available when scaled, else the demand rounded but no more", () => {
    const d = (s: string) => new Decimal(s);
    expect(roundingTarget(d("120"), d("100.555"), "fen").toFixed()).toBe("100.55");
    expect(roundingTarget(d("10.004"), d("100"), "fen").toFixed()).toBe("10");
    expect(roundingTarget(d("10.005"), d("10.005"), "fen").toFixed()).toBe("10");
    expect(roundingTarget(d("10.5"), d("11"), "yuan").toFixed()).toBe("11");
  });
});

describe("the cap left after an earlier payout that is not a whole step", () => {
  const code = creditCode(902);
  const prior: PriorPayout[] = [
    { item: "P1", claimantName: "重庆某某大学", claimantCode: code, amount: new Decimal("12345.67"), claimed: [] },
  ];
  const rows = Array.from({ length: 15 }, (_, i) =>
    p1({ claimantCode: code, patentNumber: patentNo("invention", 8000 + i) }),
  );

  test.each([
    ["fen", "37654.33"],
    ["yuan", "37654"],
  ] as const)("%s: the balancer's cap left is unitCapLeft", (rounding, left) => {
    const unit = balance(rows, policy, { rounding, priorPayouts: prior }).units[0];
    expect(unitCapLeft(policy, "P1", new Decimal("12345.67"), rounding).toFixed()).toBe(left);
    expect(unit.capLeft.toFixed()).toBe(left);
    expect(unit.capped.toFixed()).toBe(left);
  });
});

describe("memo", () => {
  test("answers each key once, and remembers no more than its limit", () => {
    const calls: number[] = [];
    const square = memo((n: number) => (calls.push(n), n * n), 2);
    expect([1, 2, 1, 2, 3, 3].map(square)).toEqual([1, 4, 1, 4, 9, 9]);
    expect(calls).toEqual([1, 2, 3, 3]);
  });

  test("remembers undefined answers too", () => {
    let calls = 0;
    const none = memo((_: string) => (calls++, undefined));
    none("a");
    none("a");
    expect(calls).toBe(1);
  });
});

function fen(n: bigint): string {
  const digits = n.toString().padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
