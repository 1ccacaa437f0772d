/**
 * Item budgets across batches, and surplus moved between items (§四(三): 当某项资金支出未达预算时，则可将剩余
 * 资金调剂分配到其他项目). What is left of an item = budget − paid before + moved in before − moved out before.
 */
import type Decimal from "decimal.js";
import type { Policy } from "../policy/policy";
import type {
  BalanceOptions,
  BalanceResult,
  Bilingual,
  ItemId,
  ItemResult,
  Move,
  PerformanceItemId,
  PriorPayout,
  SupportItemId,
} from "./types";
import { PERFORMANCE_ITEMS } from "./types";
import { proRata } from "./apportion";
import { ONE, ZERO, ceilMoney, floorMoney, sumMoney, toMoney } from "./money";

/** An item while the run works out its money; the result's `ItemResult` is read-only. */
export type WorkingItem = { -readonly [K in keyof ItemResult]: ItemResult[K] };

export interface Allocation {
  items: WorkingItem[];
  moves: Move[];
  notes: Bilingual[];
}

export function allocateBudgets(
  policy: Policy,
  demand: Record<PerformanceItemId, Decimal>,
  prior: PriorPayout[],
  options: BalanceOptions,
  opts: BalanceResult["options"],
): Allocation {
  const items: WorkingItem[] = [];
  for (const spec of policy.items) {
    const given = spec.kind === "support" ? options.supportCommitted?.[spec.id as SupportItemId] : undefined;
    if (spec.kind === "support" && given === undefined) continue;
    const committed = given === undefined ? undefined : toMoney(given);
    const priorPaid = sumMoney(prior.filter((p) => p.item === spec.id).map((p) => p.amount));
    const priorReceived = toMoney(options.priorMoves?.received[spec.id] ?? ZERO);
    const priorReleased = toMoney(options.priorMoves?.released[spec.id] ?? ZERO);
    const left = toMoney(spec.budget).minus(priorPaid).plus(priorReceived).minus(priorReleased);
    items.push({
      id: spec.id,
      name: spec.name,
      budget: spec.budget,
      prior: priorPaid,
      priorReceived,
      priorReleased,
      demand: committed ?? demand[spec.id as PerformanceItemId],
      received: ZERO,
      released: ZERO,
      available: left.greaterThan(0) ? left : ZERO,
      paid: committed ?? ZERO,
      factor: ONE,
    });
  }

  const moves = opts.reallocate ? reallocate(items, opts) : [];
  for (const item of items) {
    item.available = item.available.plus(item.received).minus(item.released);
    if (item.demand.greaterThan(item.available)) item.factor = item.available.dividedBy(item.demand);
  }
  return { items, moves, notes: notesFor(items, moves, opts) };
}

/** Moves unspent money to items short of it; returns every move, donor → receiver. */
function reallocate(items: WorkingItem[], opts: BalanceResult["options"]): Move[] {
  const donors = items.filter((i) => i.available.greaterThan(i.demand));
  // Surplus is given and shortfall met in whole steps (fen or 元).
  const surplus = donors.map((i) => floorMoney(i.available.minus(i.demand), opts.rounding));
  const receivers = items.filter(
    (i) => PERFORMANCE_ITEMS.includes(i.id as PerformanceItemId) && i.demand.greaterThan(i.available),
  );
  const shortfall = receivers.map((i) => ceilMoney(i.demand.minus(i.available), opts.rounding));
  const pool = sumMoney(surplus);
  if (pool.isZero() || receivers.length === 0) return [];

  let received: Decimal[];
  if (opts.reallocationRule === "priority") {
    // In the user's order; items not named receive nothing.
    let left = pool;
    received = receivers.map(() => ZERO);
    for (const id of opts.priority) {
      const i = receivers.findIndex((r) => r.id === id);
      if (i < 0) continue;
      received[i] = left.lessThan(shortfall[i]) ? left : shortfall[i];
      left = left.minus(received[i]);
    }
  } else {
    // In proportion to each item's unmet demand; a proportional share never exceeds the demand, so
    // one round of water-filling meets every demand or spends the whole surplus.
    received = pool.greaterThanOrEqualTo(sumMoney(shortfall)) ? shortfall : proRata(shortfall, pool, opts.rounding);
  }
  const moved = sumMoney(received);
  const released = moved.equals(pool) ? surplus : proRata(surplus, moved, opts.rounding);
  receivers.forEach((r, i) => (r.received = received[i]));
  donors.forEach((d, i) => (d.released = released[i]));
  return pairMoves(
    donors.map((d, i) => ({ id: d.id, amount: released[i] })),
    receivers.map((r, i) => ({ id: r.id, amount: received[i] })),
  );
}

/** Lists who gave to whom: donors and receivers in item order, each donor's release used up in turn. */
function pairMoves(from: { id: ItemId; amount: Decimal }[], to: { id: ItemId; amount: Decimal }[]): Move[] {
  const moves: Move[] = [];
  const give = from.filter((f) => f.amount.greaterThan(0)).map((f) => ({ ...f }));
  const take = to.filter((t) => t.amount.greaterThan(0)).map((t) => ({ ...t }));
  let d = 0;
  for (const t of take) {
    while (t.amount.greaterThan(0) && d < give.length) {
      const amount = t.amount.lessThan(give[d].amount) ? t.amount : give[d].amount;
      moves.push({ from: give[d].id, to: t.id, amount });
      t.amount = t.amount.minus(amount);
      give[d].amount = give[d].amount.minus(amount);
      if (give[d].amount.isZero()) d++;
    }
  }
  return moves;
}

function notesFor(items: WorkingItem[], moves: Move[], opts: BalanceResult["options"]): Bilingual[] {
  const notes: Bilingual[] = [];
  if (opts.batch === 1 && moves.length > 0) {
    const from = [...new Set(moves.map((m) => m.from))].join("、");
    notes.push({
      zh: `本批为第一批：现在从 ${from} 调出的资金，第二批申报时这些项目将无法再用（§四(三)、§三(二)）`,
      en: `This is batch 1: money moved out of ${from} now is no longer there for those items' batch-2 claimants (§四(三), §三(二))`,
    });
  }
  const short = items.filter((i) => i.factor.lessThan(1));
  const spare = items.filter((i) => i.available.greaterThan(i.demand));
  if (!opts.reallocate && short.length > 0 && spare.length > 0) {
    notes.push({
      zh: `未开启资金调剂：${spare.map((i) => i.id).join("、")} 有结余，${short.map((i) => i.id).join("、")} 按比例兑付`,
      en: `Reallocation is off: ${spare.map((i) => i.id).join(", ")} have money left while ${short.map((i) => i.id).join(", ")} are paid pro rata`,
    });
  }
  return notes;
}
