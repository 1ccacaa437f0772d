/** With earlier batches: what a unit was paid before still bounds it now, whatever the rounding. */
import fc from "fast-check";
import Decimal from "decimal.js";
import { balance, type PriorPayout, type Rounding } from "../../src/engine";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { referenceKey } from "../../src/engine/dedupe";
import { p2, p3, p4, patentNo } from "../support/claims";

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

/** A ledger of P2, P3 and P4 claims by six units, and earlier payouts to them that may claim the same things. */
const withPrior = fc.record({
  claims: fc.array(
    fc.record({
      item: fc.constantFrom("P2" as const, "P3" as const, "P4" as const),
      unit: fc.integer({ min: 0, max: 5 }),
      // P2: a patent serial; P3: a filing serial and count; P4: financing in 元 with fen.
      serial: fc.integer({ min: 0, max: 8 }),
      count: fc.integer({ min: 1, max: 30 }),
      fen: fc.integer({ min: 1, max: 3_000_000_000 }),
    }),
    { minLength: 1, maxLength: 30 },
  ),
  prior: fc.array(
    fc.record({
      item: fc.constantFrom("P2" as const, "P3" as const, "P4" as const),
      unit: fc.integer({ min: 0, max: 5 }),
      serial: fc.integer({ min: 0, max: 8 }),
      fen: fc.integer({ min: 0, max: 25_000_000 }),
    }),
    { maxLength: 12 },
  ),
  budgets: fc.tuple(
    fc.integer({ min: 0, max: 100_000 }),
    fc.integer({ min: 0, max: 100_000 }),
    fc.integer({ min: 0, max: 900_000 }),
  ),
  rounding: fc.constantFrom<Rounding>("fen", "yuan"),
  reallocate: fc.boolean(),
});

test("with earlier payouts: caps and budgets left hold, nothing paid twice, every amount a whole step, demand = Σ capped", () => {
  fc.assert(
    fc.property(withPrior, ({ claims, prior, budgets, rounding, reallocate }) => {
      const name = (u: number) => `单位${u}`;
      const rows = claims.map((c, i) => {
        const opts = { row: i + 2, units: { pledgeAmount: "yuan" as const } };
        if (c.item === "P2")
          return p2({ claimantName: name(c.unit), patentNumber: patentNo("invention", c.serial) }, opts);
        if (c.item === "P3")
          return p3({ claimantName: name(c.unit), productFilingNo: `CPBA${c.serial}`, count: c.count }, opts);
        return p4({ claimantName: name(c.unit), pledgeAmount: new Decimal(c.fen).dividedBy(100).toFixed() }, opts);
      });
      const payouts: PriorPayout[] = prior.map((p, i) => ({
        item: p.item,
        claimantName: name(p.unit),
        amount: new Decimal(p.fen).dividedBy(100),
        claimed:
          p.item === "P2"
            ? [patentNo("invention", p.serial)]
            : p.item === "P3"
              ? [referenceKey("P3", `CPBA${p.serial}`)]
              : [],
        ref: { sheet: "已兑付", row: i + 2 },
      }));
      const p = withOverrides(policy, { budgets: { P1: 0, P2: budgets[0], P3: budgets[1], P4: budgets[2] } });
      const result = balance(rows, p, { rounding, priorPayouts: payouts, reallocate });
      const step = new Decimal(rounding === "fen" ? "0.01" : "1");
      const sum = (xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));

      for (const u of result.units) {
        const before = sum(
          payouts
            .filter((x) => x.item === u.item && name(Number(x.claimantName.slice(2))) === u.name)
            .map((x) => x.amount),
        );
        const cap = (p.items.find((i) => i.id === u.item) as { perUnitCap: Decimal }).perUnitCap;
        // Per unit: what it is paid now and before stays within the cap (what was over it before stays so).
        expect(u.payout.plus(before).lessThanOrEqualTo(Decimal.max(cap, before))).toBe(true);
      }
      for (const it of result.items) {
        // Per item: within its budget less what was paid before, plus what it received, less what it released.
        expect(
          it.paid.lessThanOrEqualTo(Decimal.max(0, it.budget.minus(it.prior)).plus(it.received).minus(it.released)),
        ).toBe(true);
      }
      for (const r of result.rows) {
        // Payouts in whole steps; awards and 封顶后 in whole fen (a P4 award is rounded to the fen, POLICY §2 step 2).
        expect(r.payout.dividedBy(step).isInteger()).toBe(true);
        for (const amount of [r.award, r.capped]) expect(amount.times(100).isInteger()).toBe(true);
      }
      // Nothing paid before is paid again to the same unit.
      for (const r of result.rows.filter((x) => x.status === "paid" && x.item === "P2")) {
        const claimed = claims[r.ref.row - 2];
        const again = prior.some((x) => x.item === "P2" && x.unit === claimed.unit && x.serial === claimed.serial);
        expect(again).toBe(false);
      }
      expect(sum(result.rows.map((r) => r.capped)).equals(result.totals.awards.demand)).toBe(true);
      expect(sum(result.rows.map((r) => r.payout)).equals(result.totals.awards.paid)).toBe(true);
      expect(sum(result.units.map((u) => u.payout)).equals(result.totals.awards.paid)).toBe(true);
    }),
    { numRuns: 300 },
  );
});
