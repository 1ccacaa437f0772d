/**
 * The balancer: from ledger rows to exact payouts, in the order of POLICY §2 —
 * eligibility → base award → 从高不重复 → per-unit cap → item budget (with surplus moved between items)
 * → pro rata → largest-remainder rounding. Every step is recorded in the row's explanation.
 */
import Decimal from "decimal.js";
import { performanceItem, type Policy } from "../policy/policy";
import type {
  BalanceOptions,
  BalanceResult,
  Claim,
  ItemResult,
  PerformanceItemId,
  RawClaim,
  RowResult,
  UnitResult,
} from "./types";
import { PERFORMANCE_ITEMS } from "./types";
import { parseClaim } from "./claim";
import { baseAwardOf, type BaseAward } from "./baseAward";
import { removeDuplicates } from "./dedupe";
import { UnitResolver } from "./units";
import { allocateBudgets } from "./budget";
import { apportion, floorMoney, roundMoney } from "./apportion";
import { reason, isError } from "./reasons";
import { computeTargets } from "./targets";

const ZERO = new Decimal(0);

/** One unit of one item, with its rows that are still payable after dedupe. */
interface UnitGroup {
  item: PerformanceItemId;
  key: string;
  rows: Working[];
  prior: Decimal;
  demand: Decimal;
  capLeft: Decimal;
  capped: Decimal;
  order: number;
}

interface Working {
  claim: Claim;
  award: BaseAward;
  order: number;
  status: RowResult["status"];
  payout: Decimal;
  capped: Decimal;
}

function resolveOptions(policy: Policy, options: BalanceOptions): BalanceResult["options"] {
  return {
    reallocate: options.reallocate ?? policy.reallocation.defaultOn,
    reallocationRule:
      options.reallocationRule ?? (options.priority?.length ? "priority" : policy.reallocation.defaultRule),
    rounding: options.rounding ?? policy.roundingDefault,
    batch: options.batch,
    priority: options.priority ?? [],
  };
}

export function balance(raw: RawClaim[], policy: Policy, options: BalanceOptions = {}): BalanceResult {
  const opts = resolveOptions(policy, options);
  const prior = options.priorPayouts ?? [];
  const units = new UnitResolver();
  prior.forEach((p) => units.learn(p.claimantName, p.claimantCode));
  const claims = raw.map((r) => parseClaim(r, policy));
  claims.forEach((c) => units.learn(c.claimant.name, c.claimant.code));

  // §2 steps 1–2: eligibility and base award.
  const rows: Working[] = claims.map((claim, order) => {
    const award = baseAwardOf(claim, policy);
    claim.reasons.push(...award.reasons);
    const status = claim.reasons.some(isError) ? "rejected" : "paid";
    return { claim, award, order, status, payout: ZERO, capped: ZERO };
  });

  // §2 step 3: 从高不重复, against this run and earlier batches.
  removeDuplicates(
    rows.filter((w) => w.status === "paid"),
    prior,
    (c) => units.keyOf(c.claimant.name, c.claimant.code),
    (p) => units.keyOf(p.claimantName, p.claimantCode),
  );

  // §2 step 4: per-unit cap over every batch.
  const groups = groupUnits(rows, policy, prior, units);

  // §2 steps 5–6: item budgets left, surplus moved, factor.
  const demand = Object.fromEntries(PERFORMANCE_ITEMS.map((id) => [id, ZERO])) as Record<PerformanceItemId, Decimal>;
  groups.forEach((g) => (demand[g.item] = demand[g.item].plus(g.capped)));
  const { items, moves, notes } = allocateBudgets(policy, demand, prior, options, opts);

  // §2 step 7: round unit payouts within each item, then rows within each unit.
  for (const item of items) {
    if (item.id === "P5" || item.id === "P6" || item.id === "P7" || item.id === "P8") continue;
    const inItem = groups.filter((g) => g.item === item.id && g.capped.greaterThan(0));
    payItem(item, inItem, opts.rounding);
  }

  const rowResults = rows.map((w) => toRowResult(w, items, groups, policy));
  const counted = claims.filter((_, i) => rows[i].status !== "rejected");
  return {
    policy: { id: policy.id, version: policy.version, notice: policy.notice },
    options: opts,
    rows: rowResults,
    units: groups.map((g) => toUnitResult(g)),
    items,
    moves,
    kpis: computeTargets(counted, policy, {
      universityValidPatents: options.universityValidPatents,
      survey: options.survey,
    }),
    notes,
  };
}

function groupUnits(
  rows: Working[],
  policy: Policy,
  prior: BalanceOptions["priorPayouts"] & object,
  units: UnitResolver,
): UnitGroup[] {
  const byKey = new Map<string, UnitGroup>();
  for (const w of rows) {
    if (w.status !== "paid") continue;
    const item = w.claim.item;
    const key = `${item}|${units.keyOf(w.claim.claimant.name, w.claim.claimant.code)}`;
    let g = byKey.get(key);
    if (!g) {
      g = { item, key, rows: [], prior: ZERO, demand: ZERO, capLeft: ZERO, capped: ZERO, order: w.order };
      byKey.set(key, g);
    }
    g.rows.push(w);
    g.demand = g.demand.plus(w.award.amount);
  }
  for (const p of prior) {
    const g = byKey.get(`${p.item}|${units.keyOf(p.claimantName, p.claimantCode)}`);
    if (g) g.prior = g.prior.plus(p.amount);
  }
  for (const g of byKey.values()) {
    const spec = performanceItem(policy, g.item);
    g.capLeft = Decimal.max(0, spec.perUnitCap.minus(g.prior));
    g.capped = Decimal.min(g.demand, g.capLeft);
    const params = { cap: spec.perUnitCap.toFixed(), clause: spec.perUnitCapClause, prior: g.prior.toFixed(2) };
    for (const w of g.rows) {
      w.capped = g.demand.isZero() ? ZERO : w.award.amount.times(g.capped).dividedBy(g.demand);
      if (g.capLeft.isZero()) w.claim.reasons.push(reason("CAP_EXHAUSTED", w.claim.ref, params));
      else if (g.capped.lessThan(g.demand)) {
        w.claim.reasons.push(
          reason("CAP_APPLIED", w.claim.ref, { ...params, demand: g.demand.toFixed(2), capped: g.capped.toFixed(2) }),
        );
      }
    }
  }
  return [...byKey.values()];
}

/**
 * Pays one item: units first (pro rata at unit level when the item is short), then each unit's payout is
 * spread over its rows in proportion to their awards. Both levels use the largest remainder, so the item
 * adds up exactly and no unit ever goes above its cap.
 */
function payItem(item: ItemResult, groups: UnitGroup[], rounding: BalanceResult["options"]["rounding"]): void {
  const scaled = item.demand.greaterThan(item.available);
  // Exact unit share = capped × (available ÷ demand) when scaled, else capped.
  const unitShares = groups.map((g) => ({
    numerator: scaled ? g.capped.times(item.available) : g.capped,
    unrounded: g.capped,
    order: g.order,
  }));
  const den = scaled ? item.demand : new Decimal(1);
  const target = scaled
    ? floorMoney(item.available, rounding)
    : Decimal.min(roundMoney(item.demand, rounding), floorMoney(item.available, rounding));
  const unitPayouts = apportion(unitShares, den, target, rounding);
  groups.forEach((g, i) => {
    const rowShares = g.rows.map((w) => ({
      numerator: w.award.amount.times(unitShares[i].numerator),
      unrounded: w.award.amount,
      order: w.order,
    }));
    const rowPayouts = apportion(rowShares, den.times(g.demand), unitPayouts[i], rounding);
    g.rows.forEach((w, j) => (w.payout = rowPayouts[j]));
  });
  item.paid = unitPayouts.reduce((a, b) => a.plus(b), ZERO);
}

function toUnitResult(g: UnitGroup): UnitResult {
  const first = g.rows[0].claim.claimant;
  return {
    item: g.item,
    key: g.key.slice(g.item.length + 1),
    name: first.name,
    code: g.rows.find((w) => w.claim.claimant.code)?.claim.claimant.code,
    rows: g.rows.length,
    prior: g.prior,
    capLeft: g.capLeft,
    demand: g.demand,
    capped: g.capped,
    payout: g.rows.reduce((a, w) => a.plus(w.payout), ZERO),
  };
}

function toRowResult(w: Working, items: ItemResult[], groups: UnitGroup[], policy: Policy): RowResult {
  const c = w.claim;
  const item = items.find((i) => i.id === c.item)!;
  const paid = w.status === "paid";
  const group = paid ? groups.find((g) => g.rows.includes(w)) : undefined;
  if (paid && item.factor.lessThan(1)) {
    c.reasons.push(
      reason("PRO_RATA", c.ref, {
        item: `${item.id}（${item.name}）`,
        demand: item.demand.toFixed(2),
        available: item.available.toFixed(2),
        factor: item.factor.toDecimalPlaces(6).toFixed(),
      }),
    );
  }
  const spec = performanceItem(policy, c.item);
  return {
    ref: c.ref,
    item: c.item,
    claimant: c.claimant.name,
    claimantKey: group ? group.key.slice(c.item.length + 1) : c.claimant.key,
    status: w.status,
    award: paid ? w.award.amount : w.status === "duplicate" ? w.award.amount : ZERO,
    capped: paid ? w.capped : ZERO,
    capApplied: Boolean(group && group.capped.lessThan(group.demand)),
    factor: paid ? item.factor : new Decimal(1),
    payout: w.payout,
    reasons: c.reasons,
    explanation: {
      rule: `${spec.id} ${spec.name}`,
      clause: spec.clause,
      inputs: w.award.inputs,
      steps: [
        ...w.award.steps,
        ...(group && group.capped.lessThan(group.demand)
          ? [
              {
                zh: `单位封顶：${group.demand.toFixed(2)} → ${group.capped.toFixed(2)} 元`,
                en: `unit cap: ${group.demand.toFixed(2)} → ${group.capped.toFixed(2)} 元`,
              },
            ]
          : []),
        ...(paid && item.factor.lessThan(1)
          ? [
              {
                zh: `按比例 ${item.factor.toDecimalPlaces(6).toFixed()}`,
                en: `pro rata ${item.factor.toDecimalPlaces(6).toFixed()}`,
              },
            ]
          : []),
        ...(paid ? [{ zh: `兑付 ${w.payout.toFixed(2)} 元`, en: `payout ${w.payout.toFixed(2)} 元` }] : []),
      ],
    },
  };
}
