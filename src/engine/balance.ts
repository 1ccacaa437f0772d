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
import { reasonFor, isError } from "./reasons";
import { computeTargets } from "./targets";

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

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
  /** The explanation step when the cap cut this unit. */
  capStep?: { zh: string; en: string };
}

interface Working {
  claim: Claim;
  award: BaseAward;
  order: number;
  status: RowResult["status"];
  payout: Decimal;
  capped: Decimal;
  group?: UnitGroup;
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
  claims.forEach((c) => units.learn(c.claimant.name, c.claimant.code, c.claimant.key));
  // One key per unit from here on: a row without the code joins the rows that give it.
  claims.forEach((c) => (c.claimant.key = units.keyOf(c.claimant.name, c.claimant.code, c.claimant.key)));

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

  const notesOf = itemNotes(items, policy);
  const rowResults = rows.map((w) => toRowResult(w, notesOf.get(w.claim.item)!));
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
  const byItem = new Map<PerformanceItemId, Map<string, UnitGroup>>(PERFORMANCE_ITEMS.map((id) => [id, new Map()]));
  for (const w of rows) {
    if (w.status !== "paid") continue;
    const item = w.claim.item;
    const inItem = byItem.get(item)!;
    let g = inItem.get(w.claim.claimant.key);
    if (!g) {
      const key = `${item}|${w.claim.claimant.key}`;
      g = { item, key, rows: [], prior: ZERO, demand: ZERO, capLeft: ZERO, capped: ZERO, order: w.order };
      inItem.set(w.claim.claimant.key, g);
      byKey.set(key, g);
    }
    g.rows.push(w);
    w.group = g;
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
    const cut = g.capped.lessThan(g.demand);
    const params = { cap: spec.perUnitCap.toFixed(), clause: spec.perUnitCapClause, prior: g.prior.toFixed(2) };
    const note = g.capLeft.isZero()
      ? reasonFor("CAP_EXHAUSTED", params)
      : cut
        ? reasonFor("CAP_APPLIED", {
            ...params,
            demand: g.demand.toFixed(2),
            capped: g.capped.toFixed(2),
            priorZh: g.prior.isZero() ? "" : `，往期已兑付 ${params.prior} 元`,
            priorEn: g.prior.isZero() ? "" : `, ${params.prior} 元 paid before`,
          })
        : undefined;
    if (cut) {
      g.capStep = {
        zh: `单位封顶：${g.demand.toFixed(2)} → ${g.capped.toFixed(2)} 元`,
        en: `unit cap: ${g.demand.toFixed(2)} → ${g.capped.toFixed(2)} 元`,
      };
    }
    for (const w of g.rows) {
      w.capped = !cut ? w.award.amount : g.demand.isZero() ? ZERO : w.award.amount.times(g.capped).dividedBy(g.demand);
      if (note) w.claim.reasons.push(note(w.claim.ref));
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
  // Exact unit share = capped × available ÷ demand when scaled, else capped.
  const unitShares = groups.map((g) => ({
    factors: scaled ? [g.capped, item.available] : [g.capped],
    unrounded: g.capped,
    order: g.order,
  }));
  const den = scaled ? [item.demand] : [];
  const target = scaled
    ? floorMoney(item.available, rounding)
    : Decimal.min(roundMoney(item.demand, rounding), floorMoney(item.available, rounding));
  const unitPayouts = apportion(unitShares, den, target, rounding);
  groups.forEach((g, i) => {
    if (g.rows.length === 1) {
      g.rows[0].payout = unitPayouts[i];
      return;
    }
    // Row share = award × unit share ÷ unit demand; just the award when nothing cut or scaled the unit.
    const whole = !scaled && g.capStep === undefined;
    const rowShares = g.rows.map((w) => ({
      factors: whole ? [w.award.amount] : [w.award.amount, ...unitShares[i].factors],
      unrounded: w.award.amount,
      order: w.order,
    }));
    const rowPayouts = apportion(rowShares, whole ? [] : [...den, g.demand], unitPayouts[i], rounding);
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

/** What every paid row of one item says about its pro rata: built once per item, not per row. */
interface ItemNotes {
  item: ItemResult;
  rule: string;
  clause: string;
  proRata?: { reason: (ref: RowResult["ref"]) => RowResult["reasons"][number]; step: { zh: string; en: string } };
}

function itemNotes(items: ItemResult[], policy: Policy): Map<string, ItemNotes> {
  return new Map(
    items.map((item) => {
      const spec = policy.items.find((i) => i.id === item.id)!;
      const factor = item.factor.toDecimalPlaces(6).toFixed();
      const notes: ItemNotes = { item, rule: `${spec.id} ${spec.name}`, clause: spec.clause };
      if (item.factor.lessThan(1)) {
        notes.proRata = {
          reason: reasonFor("PRO_RATA", { factor }),
          step: {
            zh: `按比例 ${factor}（${item.id} 可用 ${item.available.toFixed(2)} ÷ 需求 ${item.demand.toFixed(2)} 元，§四(三)）`,
            en: `pro rata ${factor} (${item.id} available ${item.available.toFixed(2)} ÷ demand ${item.demand.toFixed(2)} 元, §四(三))`,
          },
        };
      }
      return [item.id, notes];
    }),
  );
}

function toRowResult(w: Working, notes: ItemNotes): RowResult {
  const c = w.claim;
  const paid = w.status === "paid";
  const group = paid ? w.group : undefined;
  let steps = w.award.steps;
  if (group?.capStep) steps = [...steps, group.capStep];
  if (paid && notes.proRata) {
    c.reasons.push(notes.proRata.reason(c.ref));
    steps = [...steps, notes.proRata.step];
  }
  return {
    ref: c.ref,
    item: c.item,
    claimant: c.claimant.name,
    claimantKey: group ? group.key.slice(c.item.length + 1) : c.claimant.key,
    status: w.status,
    award: w.status === "rejected" ? ZERO : w.award.amount,
    capped: paid ? w.capped : ZERO,
    capApplied: Boolean(group?.capStep),
    factor: paid ? notes.item.factor : ONE,
    payout: w.payout,
    reasons: c.reasons,
    explanation: { rule: notes.rule, clause: notes.clause, inputs: w.award.inputs, steps },
  };
}
