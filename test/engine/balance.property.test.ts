/** Properties of the balancer that must hold for any ledger: exact totals, caps, fairness, determinism. */
import fc from "fast-check";
import Decimal from "decimal.js";
import { balance, type RawClaim, type Rounding } from "../../src/engine";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { p3, p4 } from "../support/claims";

const policy = defaultPolicy();
const Exact = Decimal.clone({ precision: 80 });

const claimArb = fc.record({
  item: fc.constantFrom("P3" as const, "P4" as const),
  unit: fc.integer({ min: 0, max: 6 }),
  count: fc.integer({ min: 1, max: 40 }),
  // Financing in 元 with up to 4 decimals, up to 200 million.
  fen: fc.bigInt({ min: 1n, max: 2_000_000_000_000n }),
});

const ledgerArb = fc.record({
  claims: fc.array(claimArb, { minLength: 1, maxLength: 40 }),
  budgetP3: fc.integer({ min: 0, max: 200_000 }),
  budgetP4: fc.integer({ min: 0, max: 900_000 }),
  rounding: fc.constantFrom<Rounding>("fen", "yuan"),
  reallocate: fc.boolean(),
});

function toRows(claims: { item: "P3" | "P4"; unit: number; count: number; fen: bigint }[]): RawClaim[] {
  return claims.map((c, i) =>
    c.item === "P3"
      ? p3({ claimantName: `备案企业${c.unit}`, count: c.count }, { row: i + 2 })
      : p4(
          { claimantName: `融资企业${c.unit}`, pledgeAmount: new Decimal(c.fen.toString()).dividedBy(10000).toFixed() },
          { row: i + 2 },
        ),
  );
}

test("totals add up exactly, no unit above its cap, every payout within one step of its exact share, same on every run", () => {
  fc.assert(
    fc.property(ledgerArb, ({ claims, budgetP3, budgetP4, rounding, reallocate }) => {
      const p = withOverrides(policy, { budgets: { P1: 0, P2: 0, P3: budgetP3, P4: budgetP4 } });
      const rows = toRows(claims);
      const result = balance(rows, p, { rounding, reallocate });
      const step = new Decimal(rounding === "fen" ? "0.01" : "1");

      for (const item of result.items) {
        const inItem = result.rows.filter((r) => r.item === item.id);
        const total = inItem.reduce((a, r) => a.plus(r.payout), new Decimal(0));
        // The item pays exactly what it reports, never more than it has.
        expect(total.equals(item.paid)).toBe(true);
        expect(item.paid.lessThanOrEqualTo(item.available)).toBe(true);
        // When short, it spends all it has, to the step.
        if (item.demand.greaterThan(item.available)) {
          expect(item.available.minus(item.paid).lessThan(step)).toBe(true);
        }
        for (const r of inItem) expect(r.payout.dividedBy(step).isInteger()).toBe(true);
      }

      for (const u of result.units) {
        const spec = p.items.find((i) => i.id === u.item)!;
        expect(u.payout.lessThanOrEqualTo((spec as { perUnitCap: Decimal }).perUnitCap)).toBe(true);
        // Financing under 2.5 元 earns an award of 0.00 (rounded at once, POLICY §2 step 2): nothing to share.
        if (u.demand.isZero()) {
          expect(u.payout.isZero()).toBe(true);
          continue;
        }
        const item = result.items.find((i) => i.id === u.item)!;
        const factor = Decimal.min(1, new Exact(item.available).dividedBy(item.demand));
        for (const r of result.rows.filter(
          (x) => x.item === u.item && x.claimantKey === u.key && x.status === "paid",
        )) {
          const exact = new Exact(r.award).times(u.capped).dividedBy(u.demand).times(factor);
          expect(exact.minus(r.payout).abs().lessThan(step)).toBe(true);
        }
      }

      const again = balance(rows, p, { rounding, reallocate });
      expect(again.rows.map((r) => r.payout.toFixed())).toEqual(result.rows.map((r) => r.payout.toFixed()));
    }),
    { numRuns: 300 },
  );
});

test("moved money is conserved: what donors release is what receivers get, and no item gets more than its shortfall", () => {
  fc.assert(
    fc.property(ledgerArb, ({ claims, budgetP3, budgetP4, rounding }) => {
      const p = withOverrides(policy, { budgets: { P1: 0, P2: 0, P3: budgetP3, P4: budgetP4 } });
      const result = balance(toRows(claims), p, { rounding, reallocate: true });
      const released = result.items.reduce((a, i) => a.plus(i.released), new Decimal(0));
      const received = result.items.reduce((a, i) => a.plus(i.received), new Decimal(0));
      const moved = result.moves.reduce((a, m) => a.plus(m.amount), new Decimal(0));
      expect(released.equals(received)).toBe(true);
      expect(moved.equals(received)).toBe(true);
      const step = new Decimal(rounding === "fen" ? "0.01" : "1");
      for (const i of result.items) {
        if (i.received.greaterThan(0)) {
          // Receives at most its unmet demand, met in whole steps.
          const before = i.available.minus(i.received);
          expect(i.received.lessThan(i.demand.minus(before).plus(step))).toBe(true);
          expect(i.released.isZero()).toBe(true);
        }
      }
    }),
    { numRuns: 200 },
  );
});
