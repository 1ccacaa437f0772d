/**
 * The balance works in integer fen, in JS numbers while a product stays below 2^52 and in BigInt past it
 * (src/engine/apportion.ts `shareOut`). Whichever it takes, a unit is paid exactly its pro rata share of the item:
 * the same payouts as `proRata` of the units' capped amounts, which takes every product in BigInt.
 */
import fc from "fast-check";
import Decimal from "decimal.js";
import { balance, proRata, type Rounding } from "../../src/engine";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { p4 } from "../support/claims";

const policy = defaultPolicy();

test("unit payouts are the pro rata of their capped amounts, small products or past 2^52", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          unit: fc.integer({ min: 0, max: 40 }),
          // Financing in 元 with fen, up to the plausible limit (10 亿元): awards up to the unit's cap and past it.
          fen: fc.bigInt({ min: 1n, max: 100_000_000_000n }),
        }),
        { minLength: 1, maxLength: 60 },
      ),
      // Budgets with odd fen, up to 100 亿元: capped × budget passes 2^52 fen² from about 2.5 亿元 on.
      fc.bigInt({ min: 0n, max: 1_000_000_000_000n }),
      fc.constantFrom<Rounding>("fen", "yuan"),
      (claims, budgetFen, rounding) => {
        const rows = claims.map((c, i) =>
          p4(
            { claimantName: `融资企业${c.unit}`, pledgeAmount: new Decimal(c.fen.toString()).dividedBy(100).toFixed() },
            { row: i + 2 },
          ),
        );
        const budget = new Decimal(budgetFen.toString()).dividedBy(100).toNumber();
        const p = withOverrides(policy, { budgets: { P1: 0, P2: 0, P3: 0, P4: budget } });
        const result = balance(rows, p, { rounding, reallocate: false });
        const item = result.items.find((i) => i.id === "P4")!;
        const units = result.units.filter((u) => u.item === "P4");
        const expected = proRata(
          units.map((u) => u.capped),
          item.available,
          rounding,
        );
        expect(units.map((u) => u.payout.toFixed(2))).toEqual(expected.map((e) => e.toFixed(2)));
        const rowsPaid = result.rows.filter((r) => r.item === "P4").reduce((a, r) => a.plus(r.payout), new Decimal(0));
        expect(rowsPaid.toFixed(2)).toBe(item.paid.toFixed(2));
      },
    ),
    { numRuns: 300 },
  );
});

test("a batch whose every unit share passes 2^52 still pays every fen it has, each row within a step of its share", () => {
  // 3,000 units at the 200,000 元 cap against 4.9 亿元 and one fen: each share is 200,000 × 49,000,000,001 fen² ÷ …
  const rows = Array.from({ length: 3_000 }, (_, i) =>
    p4({ claimantName: `融资企业${i}`, pledgeAmount: String(100_000_000 + i * 1_000 + 0.37) }, { row: i + 2 }),
  );
  const p = withOverrides(policy, { budgets: { P1: 0, P2: 0, P3: 0, P4: 490_000_000.01 } });
  const result = balance(rows, p, { rounding: "fen", reallocate: false });
  const item = result.items.find((i) => i.id === "P4")!;
  expect(item.paid.toFixed(2)).toBe("490000000.01");
  const total = result.rows.reduce((a, r) => a.plus(r.payout), new Decimal(0));
  expect(total.toFixed(2)).toBe("490000000.01");
  const Exact = Decimal.clone({ precision: 80 });
  for (const r of result.rows) {
    const exact = new Exact(r.capped).times(item.available).dividedBy(item.demand);
    expect(exact.minus(r.payout).abs().lessThan("0.01")).toBe(true);
  }
});
