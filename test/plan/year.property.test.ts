/**
 * Generated years (issue 15): pledges of a few units in batch 1, more in batch 2 (some repeating batch 1's
 * registrations), balanced through the plan both ways a bureau keeps a year — batch 1's result given to batch 2,
 * and batch 2's rows added below batch 1's in one workbook. Whatever the amounts, rounding and moves: per unit,
 * batch 1 + batch 2 ≤ its cap; per item, paid over the year ≤ budget + moved in − moved out; no registration paid
 * twice; and both ways pay batch 2 the same.
 */
import fc from "fast-check";
import Decimal from "decimal.js";
import type { CellValue, Rounding } from "../../src/engine/types";
import type { Grid } from "../../src/ledger";
import { planBalance, type BalancedPlan, type RunChoices } from "../../src/plan";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { P4_HEADER, pledge } from "../hostile/workbooks";
import { withResult } from "../fakes/result";

const SHEET = "专利质押融资";
const facts = { time: new Date("2025-01-10T00:00:00Z"), input: "ledger.xlsx", lang: "zh" as const };
const CAP = new Decimal(200_000);

interface Pledge {
  unit: number;
  wan: number;
  /** Registration serial: a batch-2 pledge with a serial batch 1 had repeats that registration. */
  serial: number;
}

function rows(pledges: Pledge[]): CellValue[][] {
  return pledges.map((p, i) => {
    const row = pledge(p.unit, p.wan, { id: i + 1 });
    row[5] = `Y2024${String(p.serial).padStart(6, "0")}`;
    return row;
  });
}

function plan(grids: Grid[], choices: RunChoices, earlier?: Grid[]): BalancedPlan {
  const p = planBalance(grids, policy, choices, facts, earlier && { name: "batch1.xlsx", grids: earlier });
  if (p.kind !== "balanced") throw new Error(`not balanced: ${p.kind} ${JSON.stringify(p.prepared.blocking[0] ?? "")}`);
  return p;
}

let policy = defaultPolicy();

const pledges = (max: number) =>
  fc.array(
    fc.record({
      unit: fc.integer({ min: 1, max: 4 }),
      wan: fc.integer({ min: 1, max: 12_000 }),
      serial: fc.integer({ min: 1, max: max }),
    }),
    { minLength: 1, maxLength: 8 },
  );

test("over generated years, caps, budgets and references hold across batches, however the year is kept", () => {
  fc.assert(
    fc.property(
      pledges(10),
      pledges(20),
      fc.constantFrom<Rounding>("fen", "yuan"),
      fc.boolean(),
      fc.integer({ min: 0, max: 600_000 }),
      (first, second, rounding, reallocate, p3Budget) => {
        // P3 has money left to move to P4 (or none); P1, P2 nothing.
        policy = withOverrides(defaultPolicy(), { budgets: { P1: 0, P2: 0, P3: p3Budget, P4: 300_000 } });
        const options = { rounding, reallocate };
        const sheet = (cells: CellValue[][]): Grid[] => [{ name: SHEET, cells: [P4_HEADER, ...cells] }];
        const one = plan(sheet(rows(first)), { sheets: {}, options: { ...options, batch: 1 } });
        const result1 = withResult(sheet(rows(first)), one);

        // Batch 2 in a workbook of its own, batch 1's result beside it; and in batch 1's workbook, below its rows.
        const apart = plan(sheet(rows(second)), { sheets: {}, options: { ...options, batch: 2 } }, result1);
        const together = withResult(sheet(rows(first)), one).map((g) =>
          g.name === SHEET ? { ...g, cells: [...g.cells, ...rows(second)] } : g,
        );
        const kept = plan(together, { sheets: {}, options: { ...options, batch: 2 } });

        const paid1 = one.result.rows.filter((r) => r.status === "paid");
        for (const two of [apart, kept]) {
          const paid2 = two.result.rows.filter((r) => r.status === "paid");
          // Per unit over the year.
          const byUnit = new Map<string, Decimal>();
          for (const r of [...paid1, ...paid2])
            byUnit.set(r.claimant, (byUnit.get(r.claimant) ?? new Decimal(0)).plus(r.payout));
          for (const total of byUnit.values()) expect(total.lessThanOrEqualTo(CAP)).toBe(true);
          // No registration paid twice.
          const registrations = (p: BalancedPlan, grid: CellValue[][]) =>
            p.result.rows
              .filter((r) => r.status === "paid" && r.payout.greaterThan(0))
              .map((r) => `${r.claimant} ${String(grid[r.ref.row - 1][5])}`);
          const cells2 = two === apart ? [P4_HEADER, ...rows(second)] : together[0].cells;
          const all = [...registrations(one, [P4_HEADER, ...rows(first)]), ...registrations(two, cells2)];
          expect(new Set(all).size).toBe(all.length);
          // Per item over the year: what the year view says, and what it adds up to.
          for (const item of two.year.items) {
            const total = Object.values(item.paid).reduce((a, b) => a.plus(b), new Decimal(0));
            expect(total.equals(item.total)).toBe(true);
            expect(item.total.lessThanOrEqualTo(item.budget.plus(item.received).minus(item.released))).toBe(true);
          }
          const p4 = two.year.items.find((i) => i.id === "P4")!;
          expect(p4.paid[1].equals(one.result.items.find((i) => i.id === "P4")!.paid)).toBe(true);
        }
        // Both ways of keeping the year pay batch 2 alike.
        const payouts = (p: BalancedPlan) => p.result.items.map((i) => i.paid.toFixed(2));
        expect(payouts(kept)).toEqual(payouts(apart));
      },
    ),
    { numRuns: 60 },
  );
});
