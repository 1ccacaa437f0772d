/**
 * The balancer: from ledger rows to exact payouts, in the order of POLICY §2 —
 * eligibility → base award → 从高不重复 → per-unit cap → item budget (with surplus moved between items)
 * → pro rata → largest-remainder rounding. Every step is recorded in the row's explanation.
 */
import type Decimal from "decimal.js";
import { performanceItem, type PerformanceItem, type Policy } from "../policy/policy";
import type {
  BalanceOptions,
  BalanceResult,
  Bilingual,
  Claim,
  ItemResult,
  ItemTotals,
  PerformanceItemId,
  PriorPayout,
  RawClaim,
  Reason,
  Rounding,
  RowResult,
  UnitResult,
} from "./types";
import { PERFORMANCE_ITEMS } from "./types";
import { claimParser } from "./claim";
import { baseAwards, type BaseAward } from "./baseAward";
import { removeDuplicates } from "./dedupe";
import { UnitResolver } from "./units";
import { allocateBudgets, type WorkingItem } from "./budget";
import { apportioner, roundingTarget, type Apportion } from "./apportion";
import { unitCapLeft } from "./award";
import { reason, reasonFor, holdsRow, isError } from "./reasons";
import { computeTargets } from "./targets";
import { ONE, STEP_PLACES, ZERO, sumMoney } from "./money";

/** One unit of one item, with its rows that are still payable after dedupe. */
interface UnitGroup {
  item: PerformanceItemId;
  /** The unit's key (§2 step 4), as rows and units report it. */
  unit: string;
  rows: Working[];
  prior: Decimal;
  demand: Decimal;
  capLeft: Decimal;
  capped: Decimal;
  /** What the unit is paid: its rows' payouts add up to it exactly (largest remainder). */
  payout: Decimal;
  order: number;
  /** The explanation step when the cap cut this unit. */
  capStep?: Bilingual;
  /** The last explanation a row of this unit got, when the cap added a step to it. */
  explained?: Explained;
  /** The note every row of the unit carries when the cap cut or exhausted it. */
  note?: (ref: RowResult["ref"]) => Reason;
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
  const claims = raw.map(claimParser(policy));
  // A code refused for its check character is a typing error on that (rejected) row: it names no second unit.
  claims.forEach((c) =>
    c.reasons.some((r) => r.code === "BAD_CREDIT_CODE")
      ? undefined
      : units.learn(c.claimant.name, c.claimant.code, c.claimant.key),
  );
  // One key per unit from here on: a row without the code joins the rows that give it.
  claims.forEach((c) => (c.claimant.key = units.keyOf(c.claimant.name, c.claimant.code, c.claimant.key)));
  // §四(四): a unit whose award an earlier batch clawed back is refused every later claim.
  const barred = new Set((options.barredUnits ?? []).map((u) => units.keyOf(u.name, u.code)));
  for (const c of claims) {
    if (barred.has(c.claimant.key) && !c.barred) {
      c.barred = true;
      c.reasons.push(reason("BARRED", c.identityRef));
    }
  }

  // §2 steps 1–2: eligibility and base award.
  const baseAward = baseAwards(policy);
  const rows: Working[] = claims.map((claim, order) => {
    const award = baseAward(claim);
    claim.reasons.push(...award.reasons);
    // Every field present from the start, `group` too (docs/PERFORMANCE.md, balance.ts).
    return { claim, award, order, status: statusOf(claim.reasons), payout: ZERO, capped: ZERO, group: undefined };
  });

  // LEDGER.md "One name, two credit codes": a typing error or two units — a person decides; nothing is paid meanwhile.
  for (const w of rows) {
    const codes = units.conflictingCodes(w.claim.claimant.name);
    if (codes === undefined) continue;
    const shown = codes.map((k) => k.slice(k.indexOf(":") + 1)).join("、");
    w.claim.reasons.push(reason("NAME_TWO_CODES", w.claim.identityRef, { name: w.claim.claimant.name, codes: shown }));
    if (w.status === "paid") w.status = "held";
  }

  // §2 step 3: 从高不重复, against this run and earlier batches.
  removeDuplicates(
    rows.filter((w) => w.status === "paid"),
    prior,
    (p) => units.keyOf(p.claimantName, p.claimantCode),
  );

  // §2 step 4: per-unit cap over every batch.
  const share = apportioner(opts.rounding);
  const groups = groupUnits(rows, policy, prior, units, opts.rounding, share);

  // §2 steps 5–6: item budgets left, surplus moved, factor.
  const demand = Object.fromEntries(PERFORMANCE_ITEMS.map((id) => [id, ZERO])) as Record<PerformanceItemId, Decimal>;
  groups.forEach((g) => (demand[g.item] = demand[g.item].plus(g.capped)));
  const { items, moves, notes } = allocateBudgets(policy, demand, prior, options, opts);

  // §2 step 7: round unit payouts within each item, then rows within each unit.
  for (const item of items) {
    if (item.id === "P5" || item.id === "P6" || item.id === "P7" || item.id === "P8") continue;
    const inItem = groups.filter((g) => g.item === item.id && g.capped.greaterThan(0));
    payItem(item, inItem, opts.rounding, share);
  }

  const notesOf = itemNotes(items, policy);
  const rowResults = rows.map((w) => toRowResult(w, notesOf.get(w.claim.item)!, opts.rounding));
  // A value held as implausible is not counted towards the targets either: 1e15 patents would meet them all.
  const counted = claims.filter(
    (c, i) => rows[i].status !== "rejected" && !c.reasons.some((r) => r.code === "IMPLAUSIBLE_VALUE"),
  );
  return {
    policy: { id: policy.id, version: policy.version, notice: policy.notice },
    options: opts,
    rows: rowResults,
    units: groups.map((g) => toUnitResult(g)),
    items,
    moves,
    kpis: computeTargets(
      counted,
      policy,
      { universityValidPatents: options.universityValidPatents, survey: options.survey },
      units,
    ),
    totals: totalsOf(items),
    notes,
  };
}

/** Paid when no error stands; held when every error asks a person to check (an implausible value), else refused. */
function statusOf(reasons: readonly Reason[]): RowResult["status"] {
  if (!reasons.some(isError)) return "paid";
  return reasons.every((r) => !isError(r) || holdsRow(r)) ? "held" : "rejected";
}

/** The amounts of an item that add up across items (汇总's columns from 预算 to 本批兑付). */
export const ITEM_AMOUNTS = [
  "budget",
  "prior",
  "priorReceived",
  "priorReleased",
  "demand",
  "received",
  "released",
  "available",
  "paid",
] as const;

function sumOf(items: readonly ItemResult[]): ItemTotals {
  return Object.fromEntries(
    ITEM_AMOUNTS.map((field) => [field, sumMoney(items.map((i) => i[field]))]),
  ) as unknown as ItemTotals;
}

/** P1–P4 make the batch's total; P5–P8, when a funding plan is given, a total of their own beside it. */
function totalsOf(items: readonly ItemResult[]): BalanceResult["totals"] {
  const isAward = (i: ItemResult) => (PERFORMANCE_ITEMS as readonly string[]).includes(i.id);
  const support = items.filter((i) => !isAward(i));
  return { awards: sumOf(items.filter(isAward)), ...(support.length > 0 ? { support: sumOf(support) } : {}) };
}

function groupUnits(
  rows: Working[],
  policy: Policy,
  prior: readonly PriorPayout[],
  units: UnitResolver,
  rounding: Rounding,
  share: Apportion,
): UnitGroup[] {
  const groups: UnitGroup[] = [];
  const byItem = new Map<PerformanceItemId, Map<string, UnitGroup>>(PERFORMANCE_ITEMS.map((id) => [id, new Map()]));
  for (const w of rows) {
    if (w.status !== "paid") continue;
    const item = w.claim.item;
    const inItem = byItem.get(item)!;
    const unit = w.claim.claimant.key;
    const g = inItem.get(unit);
    if (g) {
      g.rows.push(w);
      g.demand = g.demand.plus(w.award.amount);
      w.group = g;
      continue;
    }
    const first: UnitGroup = {
      item,
      unit,
      rows: [w],
      prior: ZERO,
      demand: w.award.amount,
      capLeft: ZERO,
      capped: ZERO,
      payout: ZERO,
      order: w.order,
      // Set later, for some units (docs/PERFORMANCE.md, balance.ts).
      capStep: undefined,
      explained: undefined,
      note: undefined,
    };
    inItem.set(unit, first);
    groups.push(first);
    w.group = first;
  }
  for (const p of prior) {
    const g = byItem.get(p.item)?.get(units.keyOf(p.claimantName, p.claimantCode));
    if (g) g.prior = g.prior.plus(p.amount);
  }
  // Units paid nothing before share one cap left per item (docs/PERFORMANCE.md, balance.ts).
  const fullCapLeft = new Map(PERFORMANCE_ITEMS.map((id) => [id, unitCapLeft(policy, id, ZERO, rounding)]));
  for (const g of groups) {
    // Trimmed to its rows (docs/PERFORMANCE.md, balance.ts).
    if (g.rows.length > 1) g.rows = g.rows.slice();
    const spec = performanceItem(policy, g.item);
    g.capLeft = g.prior.isZero() ? fullCapLeft.get(g.item)! : unitCapLeft(policy, g.item, g.prior, rounding);
    // min(demand, cap left), sharing the Decimal it picks.
    const cut = g.demand.greaterThan(g.capLeft);
    g.capped = cut ? g.capLeft : g.demand;
    g.note = capNote(g, spec, cut);
    if (!cut) {
      for (const w of g.rows) w.capped = w.award.amount;
      continue;
    }
    const demand = g.demand.toFixed(2);
    const capped = g.capped.toFixed(2);
    g.capStep = { zh: `单位封顶：${demand} → ${capped} 元`, en: `unit cap: ${demand} → ${capped} 元` };
    // §2 step 4: the capped amount spread over the unit's rows in whole steps (largest remainder, as step 7).
    if (g.rows.length === 1) g.rows[0].capped = g.capped;
    else {
      const shares = { weights: g.rows.map((w) => w.award.amount), orders: g.rows.map((w) => w.order) };
      const rowCaps = share({ ...shares, times: [g.capped], over: [g.demand] }, g.capped);
      g.rows.forEach((w, i) => (w.capped = rowCaps[i]));
    }
  }
  return groups;
}

/** The note of a unit the cap cut or had exhausted before this run. */
function capNote(g: UnitGroup, spec: PerformanceItem, cut: boolean): UnitGroup["note"] {
  if (!cut && !g.capLeft.isZero()) return undefined;
  const params = { cap: spec.perUnitCap.toFixed(), clause: spec.perUnitCapClause, prior: g.prior.toFixed(2) };
  if (g.capLeft.isZero()) return reasonFor("CAP_EXHAUSTED", params);
  return reasonFor("CAP_APPLIED", {
    ...params,
    demand: g.demand.toFixed(2),
    capped: g.capped.toFixed(2),
    priorZh: g.prior.isZero() ? "" : `，往期已兑付 ${params.prior} 元`,
    priorEn: g.prior.isZero() ? "" : `, ${params.prior} 元 paid before`,
  });
}

/**
 * Pays one item: units first (pro rata at unit level when the item is short), then each unit's payout is
 * spread over its rows in proportion to their awards. Both levels use the largest remainder, so the item
 * adds up exactly and no unit ever goes above its cap.
 */
function payItem(item: WorkingItem, groups: UnitGroup[], rounding: Rounding, share: Apportion): void {
  const scaled = item.demand.greaterThan(item.available);
  // Exact unit share = capped × available ÷ demand when scaled, else capped.
  const times = scaled ? [item.available] : [];
  const over = scaled ? [item.demand] : [];
  const unitPayouts = share(
    { weights: groups.map((g) => g.capped), orders: groups.map((g) => g.order), times, over },
    roundingTarget(item.demand, item.available, rounding),
  );
  groups.forEach((g, i) => {
    g.payout = unitPayouts[i];
    if (g.rows.length === 1) {
      g.rows[0].payout = unitPayouts[i];
      return;
    }
    // Row share = award × unit share ÷ unit demand; just the award when nothing cut or scaled the unit.
    const whole = !scaled && g.capStep === undefined;
    const rowShares = {
      weights: g.rows.map((w) => w.award.amount),
      orders: g.rows.map((w) => w.order),
      times: whole ? [] : [g.capped, ...times],
      over: whole ? [] : [g.demand, ...over],
    };
    const rowPayouts = share(rowShares, unitPayouts[i]);
    g.rows.forEach((w, j) => (w.payout = rowPayouts[j]));
  });
  item.paid = sumMoney(unitPayouts);
}

function toUnitResult(g: UnitGroup): UnitResult {
  const first = g.rows[0].claim.claimant;
  return {
    item: g.item,
    key: g.unit,
    name: first.name,
    code: g.rows.find((w) => w.claim.claimant.code)?.claim.claimant.code,
    rows: g.rows.length,
    prior: g.prior,
    capLeft: g.capLeft,
    demand: g.demand,
    capped: g.capped,
    payout: g.payout,
  };
}

/** What every paid row of one item says about its rule and pro rata: built once per item, not per row. */
interface ItemNotes {
  item: ItemResult;
  rule: string;
  clause: string;
  proRata?: { reason: (ref: RowResult["ref"]) => Reason; step: Bilingual };
  explained: Map<Explanation["steps"], Explained>;
}

/** An explanation built for one award's steps, to share with the next row that has them. */
interface Explained {
  award: Explanation["steps"];
  inputs: Explanation["inputs"];
  explanation: Explanation;
}

function itemNotes(items: readonly ItemResult[], policy: Policy): Map<string, ItemNotes> {
  return new Map(
    items.map((item) => {
      const spec = policy.items.find((i) => i.id === item.id)!;
      const factor = item.factor.toDecimalPlaces(6).toFixed();
      const notes: ItemNotes = {
        item,
        rule: `${spec.id} ${spec.name}`,
        clause: spec.clause,
        explained: new Map(),
      };
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

type Explanation = RowResult["explanation"];

/**
 * Paid rows with the same award, unit cap step and item explain themselves alike: they share one explanation,
 * kept per item for uncut units and per unit (its last one) where the cap added a step.
 */
function explanationOf(w: Working, notes: ItemNotes, group: UnitGroup | undefined): Explanation {
  const { inputs, steps } = w.award;
  const shared = group === undefined ? undefined : group.capStep ? group.explained : notes.explained.get(steps);
  if (shared && shared.inputs === inputs && shared.award === steps) return shared.explanation;
  let all = steps;
  if (group?.capStep) all = all.concat(group.capStep);
  if (group && notes.proRata) all = all.concat(notes.proRata.step);
  const explanation = { rule: notes.rule, clause: notes.clause, inputs, steps: all };
  const entry = { award: steps, inputs, explanation };
  if (group?.capStep) group.explained = entry;
  else if (group) notes.explained.set(steps, entry);
  return explanation;
}

/**
 * Why a row every check passed is paid nothing (issue 16 "Status follows money"): its unit's cap was used up before
 * (the unit's CAP_EXHAUSTED note says so), its item has no money left, or its share rounds to nothing.
 */
function nothingPaid(w: Working, item: ItemResult, rounding: Rounding): Reason | undefined {
  if (w.group?.capLeft.isZero()) return undefined;
  if (item.factor.isZero()) return reason("BUDGET_USED_UP", w.claim.ref, { item: item.id });
  const step = ONE.dividedBy(10 ** STEP_PLACES[rounding]).toFixed(STEP_PLACES[rounding]);
  const factor = item.factor.toDecimalPlaces(6).toFixed();
  return reason("ROUNDED_TO_NOTHING", w.claim.ref, { capped: w.capped.toFixed(2), factor, step });
}

function toRowResult(w: Working, notes: ItemNotes, rounding: Rounding): RowResult {
  const c = w.claim;
  const paid = w.status === "paid";
  const group = paid ? w.group : undefined;
  const zero = paid && w.payout.isZero();
  // The unit's cap note and the item's pro rata note after the row's own reasons (docs/PERFORMANCE.md, balance.ts);
  // on a row paid nothing, why comes first.
  let reasons: readonly Reason[] = c.reasons;
  if (group) {
    const cap = group.note?.(c.ref);
    const proRata = notes.proRata?.reason(c.ref);
    if (zero) {
      const first = [nothingPaid(w, notes.item, rounding), cap, proRata];
      reasons = first.filter((r): r is Reason => r !== undefined).concat(reasons);
    } else {
      const added = cap && proRata ? [cap, proRata] : cap ? [cap] : proRata ? [proRata] : [];
      if (added.length > 0) reasons = reasons.length === 0 ? added : reasons.concat(added);
    }
  }
  return {
    ref: c.ref,
    item: c.item,
    claimant: c.claimant.name,
    claimantKey: group ? group.unit : c.claimant.key,
    status: zero ? "zero" : w.status,
    award: w.status === "rejected" ? ZERO : w.award.amount,
    capped: paid ? w.capped : ZERO,
    capApplied: Boolean(group?.capStep),
    factor: paid ? notes.item.factor : ONE,
    payout: w.payout,
    reasons,
    explanation: explanationOf(w, notes, group),
  };
}
