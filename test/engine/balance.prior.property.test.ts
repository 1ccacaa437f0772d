/** With earlier batches: what a unit was paid before still bounds it now, whatever the rounding. */
import fc from "fast-check";
import Decimal from "decimal.js";
import { balance, type PriorPayout, type Rounding } from "../../src/engine";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { p4 } from "../support/claims";

const policy = defaultPolicy();

test("no unit goes above its cap less what earlier batches paid it, and the item still adds up", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          unit: fc.integer({ min: 0, max: 4 }),
          wan: fc.integer({ min: 1, max: 20_000 }),
        }),
        { minLength: 1, maxLength: 20 },
      ),
      // Earlier payouts in fen, so a cap left need not be a whole 元.
      fc.array(fc.integer({ min: 0, max: 20_000_000 }), { minLength: 5, maxLength: 5 }),
      fc.constantFrom<Rounding>("fen", "yuan"),
      fc.integer({ min: 0, max: 900_000 }),
      (claims, priorFen, rounding, budget) => {
        const rows = claims.map((c, i) =>
          p4({ claimantName: `企业${c.unit}`, pledgeAmount: c.wan }, { row: i + 2, units: { pledgeAmount: "wan" } }),
        );
        const prior: PriorPayout[] = priorFen.map((fen, unit) => ({
          item: "P4",
          claimantName: `企业${unit}`,
          amount: new Decimal(fen).dividedBy(100),
          claimed: [],
        }));
        const p = withOverrides(policy, { budgets: { P1: 0, P2: 0, P3: 0, P4: budget } });
        const result = balance(rows, p, { rounding, priorPayouts: prior, reallocate: false });
        const cap = new Decimal(200_000);
        for (const u of result.units) {
          const before = prior.find((x) => `企业${prior.indexOf(x)}` === u.name)!.amount;
          expect(u.payout.plus(before).lessThanOrEqualTo(Decimal.max(cap, before))).toBe(true);
        }
        const p4Item = result.items.find((i) => i.id === "P4")!;
        const paid = result.rows.reduce((a, r) => a.plus(r.payout), new Decimal(0));
        expect(paid.equals(p4Item.paid)).toBe(true);
        expect(p4Item.paid.lessThanOrEqualTo(p4Item.available)).toBe(true);
      },
    ),
    { numRuns: 300 },
  );
});
