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
import { addReasons, claimParser } from "./claim";
import { baseAwards, type BaseAward } from "./baseAward";
import { removeDuplicates } from "./dedupe";
import { UnitResolver } from "./units";
import { allocateBudgets, type WorkingItem } from "./budget";
import { ratio, roundingTarget, shareOut, type Ratio } from "./apportion";
import { unitCapLeft } from "./award";
import { reason, reasonFor, holdsRow, isError } from "./reasons";
import { computeTargets } from "./targets";
import { ONE, STEP_PLACES, ZERO, fenText, fenToMoney, sumMoney, toFen } from "./money";
import { memo } from "./memo";

/** One unit of one item, with its rows that are still payable after dedupe. Amounts in fen (money.ts `toFen`). */
interface UnitGroup {
  item: PerformanceItemId;
  /** The unit's key (§2 step 4), as rows and units report it. */
  unit: string;
  rows: Working[];
  /** Paid before, as the earlier payouts say (元, any decimals): only the cap left is worked out from it. */
  prior: Decimal;
  demand: number;
  /** Whole steps. */
  capLeft: number;
  capped: number;
  /** What the unit is paid: its rows' payouts add up to it exactly (largest remainder). */
  payout: number;
  /** The explanation step when the cap cut this unit. */
  capStep?: Bilingual;
  /** The last explanation a row of this unit got, when the cap added a step to it. */
  explained?: Explained;
  /** The note every row of the unit carries when the cap cut or exhausted it. */
  note?: (ref: RowResult["ref"]) => Reason;
  /** The notes every paid row of the unit carries after its own (cap, pro rata): one list for the unit. */
  added?: readonly ((ref: RowResult["ref"]) => Reason)[];
}

interface Working {
  claim: Claim;
  award: BaseAward;
  status: RowResult["status"];
  /** Fen. */
  payout: number;
  capped: number;
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
  const parse = claimParser(policy);
  const claims = raw.map((row) => {
    const c = parse(row);
    // A code refused for its check character is a typing error on that (rejected) row: it names no second unit.
    if (!hasReason(c.reasons, "BAD_CREDIT_CODE")) units.learn(c.claimant.name, c.claimant.code, c.claimant.key);
    return c;
  });
  // §四(四): a unit whose award an earlier batch clawed back is refused every later claim.
  const barred = new Set((options.barredUnits ?? []).map((u) => units.keyOf(u.name, u.code)));
  const baseAward = baseAwards(policy);
  // Rows every check passed so far, and rows that count towards the targets.
  const payable: Working[] = [];
  const counted: Claim[] = [];
  // Once every unit is learnt, each row in one pass (docs/PERFORMANCE.md, balance.ts).
  const rows: Working[] = claims.map((claim) => {
    // One key per unit from here on: a row without the code joins the rows that give it.
    const c = claim.claimant;
    c.key = units.keyOf(c.name, c.code, c.key);
    if (barred.size > 0 && barred.has(c.key) && !claim.barred) {
      claim.barred = true;
      addReasons(claim, reason("BARRED", claim.identityRef));
    }
    // §2 steps 1–2: eligibility and base award.
    const award = baseAward(claim);
    if (award.reasons.length > 0) addReasons(claim, ...award.reasons);
    // Every field present from the start, `group` too (docs/PERFORMANCE.md, balance.ts).
    const w: Working = { claim, award, status: statusOf(claim.reasons), payout: 0, capped: 0, group: undefined };
    // LEDGER.md "One name, two credit codes": a typing error or two units — a person decides; nothing is paid meanwhile.
    const codes = units.conflictingCodes(c.name);
    if (codes !== undefined) {
      const shown = codes.map((k) => k.slice(k.indexOf(":") + 1)).join("、");
      addReasons(claim, reason("NAME_TWO_CODES", claim.identityRef, { name: c.name, codes: shown }));
      if (w.status === "paid") w.status = "held";
    }
    if (w.status === "paid") payable.push(w);
    // A value held as implausible is not counted towards the targets either: 1e15 patents would meet them all.
    if (w.status !== "rejected" && !hasReason(claim.reasons, "IMPLAUSIBLE_VALUE")) counted.push(claim);
    return w;
  });

  // §2 step 3: 从高不重复, against this run and earlier batches.
  removeDuplicates(payable, prior, (p) => units.keyOf(p.claimantName, p.claimantCode));

  // §2 step 4: per-unit cap over every batch.
  const groups = groupUnits(rows, policy, prior, units, opts.rounding);

  // §2 steps 5–6: item budgets left, surplus moved, factor.
  const demandFen = Object.fromEntries(PERFORMANCE_ITEMS.map((id) => [id, 0])) as Record<PerformanceItemId, number>;
  groups.forEach((g) => (demandFen[g.item] += g.capped));
  const demand = Object.fromEntries(PERFORMANCE_ITEMS.map((id) => [id, fenToMoney(demandFen[id])])) as Record<
    PerformanceItemId,
    Decimal
  >;
  const { items, moves, notes } = allocateBudgets(policy, demand, prior, options, opts);

  // §2 step 7: round unit payouts within each item, then rows within each unit.
  for (const item of items) {
    if (item.id === "P5" || item.id === "P6" || item.id === "P7" || item.id === "P8") continue;
    const inItem = groups.filter((g) => g.item === item.id && g.capped > 0);
    payItem(item, demandFen[item.id], inItem, opts.rounding);
  }

  const notesOf = itemNotes(items, policy);
  const money = memo(fenToMoney);
  // The targets, the units, then the rows, each letting go of what only it needed, so that the claims can be
  // collected while the result rows are made (docs/PERFORMANCE.md, balance.ts).
  const kpis = computeTargets(
    counted,
    policy,
    { universityValidPatents: options.universityValidPatents, survey: options.survey },
    units,
  );
  for (const list of [counted, claims, payable]) list.length = 0;
  const unitResults = groups.map((g) => toUnitResult(g, money));
  for (const g of groups) g.rows = NO_ROWS;
  const rowResults = new Array<RowResult>(rows.length);
  for (let i = rows.length - 1; i >= 0; i--) {
    const w = rows.pop()!;
    rowResults[i] = toRowResult(w, notesOf.get(w.claim.item)!, opts.rounding, money);
  }
  return {
    policy: { id: policy.id, version: policy.version, notice: policy.notice },
    options: opts,
    rows: rowResults,
    units: unitResults,
    items,
    moves,
    kpis,
    totals: totalsOf(items),
    notes,
  };
}

/** Whether a row's reasons hold one of `code`: a loop rather than a closure made for every row. */
function hasReason(reasons: readonly Reason[], code: Reason["code"]): boolean {
  for (let i = 0; i < reasons.length; i++) if (reasons[i].code === code) return true;
  return false;
}

/** A unit's rows once its result is made: the rows are the result's from then on. */
const NO_ROWS: Working[] = [];

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
): UnitGroup[] {
  const groups: UnitGroup[] = [];
  const byItem = new Map<PerformanceItemId, Map<string, UnitGroup>>(PERFORMANCE_ITEMS.map((id) => [id, new Map()]));
  let total = 0;
  // Indexed loops over the rows (docs/PERFORMANCE.md, "Issue 19: the engine's allocations").
  for (let i = 0; i < rows.length; i++) {
    const w = rows[i];
    if (w.status !== "paid") continue;
    const item = w.claim.item;
    const inItem = byItem.get(item)!;
    const unit = w.claim.claimant.key;
    total += w.award.fen;
    const g = inItem.get(unit);
    if (g) {
      g.rows.push(w);
      g.demand += w.award.fen;
      w.group = g;
      continue;
    }
    const first: UnitGroup = {
      item,
      unit,
      rows: [w],
      prior: ZERO,
      demand: w.award.fen,
      capLeft: 0,
      capped: 0,
      payout: 0,
      // Set later, for some units (docs/PERFORMANCE.md, balance.ts).
      capStep: undefined,
      explained: undefined,
      note: undefined,
      added: undefined,
    };
    inItem.set(unit, first);
    groups.push(first);
    w.group = first;
  }
  checkExact(total);
  for (const p of prior) {
    const g = byItem.get(p.item)?.get(units.keyOf(p.claimantName, p.claimantCode));
    if (g) g.prior = g.prior.plus(p.amount);
  }
  const stepFen = STEP_FEN[rounding];
  // Units paid nothing before share one cap left per item.
  const fullCapLeft = new Map(PERFORMANCE_ITEMS.map((id) => [id, toFen(unitCapLeft(policy, id, ZERO, rounding))]));
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    // Trimmed to its rows (docs/PERFORMANCE.md, balance.ts).
    if (g.rows.length > 1) g.rows = g.rows.slice();
    const spec = performanceItem(policy, g.item);
    g.capLeft = g.prior.isZero() ? fullCapLeft.get(g.item)! : toFen(unitCapLeft(policy, g.item, g.prior, rounding));
    const cut = g.demand > g.capLeft;
    g.capped = cut ? g.capLeft : g.demand;
    g.note = capNote(g, spec, cut);
    if (!cut) {
      for (let j = 0; j < g.rows.length; j++) g.rows[j].capped = g.rows[j].award.fen;
      continue;
    }
    const demand = fenText(g.demand);
    const capped = fenText(g.capped);
    g.capStep = { zh: `单位封顶：${demand} → ${capped} 元`, en: `unit cap: ${demand} → ${capped} 元` };
    // §2 step 4: the capped amount spread over the unit's rows in whole steps (largest remainder, as step 7).
    if (g.rows.length === 1) g.rows[0].capped = g.capped;
    else {
      const rowCaps = steps(
        g.rows.map((w) => w.award.fen),
        ratio(g.capped, g.demand * stepFen),
        g.capped / stepFen,
      );
      g.rows.forEach((w, i) => (w.capped = rowCaps[i] * stepFen));
    }
  }
  return groups;
}

/** Fen in one step of each rounding. */
const STEP_FEN: Readonly<Record<Rounding, number>> = { fen: 1, yuan: 100 };

/**
 * Every amount of a run is at most the sum of its awards, which the policy's plausible limits bound (claim.ts
 * `checkCount`, `checkAmount`: 1,000 × 10,000 元 a row by default, so 9 million rows before 2^53 fen). A total
 * past 2^53 fen would no longer be exact in JS numbers: refused rather than rounded.
 */
function checkExact(totalFen: number): void {
  if (totalFen > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      "本批奖补需求合计超过 2^53 分，无法精确计算 / this batch's awards add up to more than 2^53 fen: too large to balance exactly",
    );
  }
}

/** `shareOut` where the target, and so every share, is below 2^52 steps (at most the run's total, `checkExact`). */
function steps(weights: readonly number[], by: Ratio, target: number): number[] {
  return shareOut(weights, by, target) as number[];
}

/** The note of a unit the cap cut or had exhausted before this run. */
function capNote(g: UnitGroup, spec: PerformanceItem, cut: boolean): UnitGroup["note"] {
  if (!cut && g.capLeft !== 0) return undefined;
  const params = { cap: spec.perUnitCap.toFixed(), clause: spec.perUnitCapClause, prior: g.prior.toFixed(2) };
  if (g.capLeft === 0) return reasonFor("CAP_EXHAUSTED", params);
  return reasonFor("CAP_APPLIED", {
    ...params,
    demand: fenText(g.demand),
    capped: fenText(g.capped),
    priorZh: g.prior.isZero() ? "" : `，往期已兑付 ${params.prior} 元`,
    priorEn: g.prior.isZero() ? "" : `, ${params.prior} 元 paid before`,
  });
}

/**
 * Pays one item: units first (pro rata at unit level when the item is short), then each unit's payout is
 * spread over its rows in proportion to their awards. Both levels use the largest remainder, so the item
 * adds up exactly and no unit ever goes above its cap.
 */
function payItem(item: WorkingItem, demandFen: number, groups: UnitGroup[], rounding: Rounding): void {
  const stepFen = STEP_FEN[rounding];
  const scaled = item.demand.greaterThan(item.available);
  // Exact unit share = capped × available ÷ demand when scaled, else capped: in steps, capped × m ÷ n.
  const whole = ratio(1, stepFen);
  let byItem = whole;
  if (scaled) {
    const places = item.available.decimalPlaces();
    const available = BigInt(item.available.times(`1e${places}`).toFixed(0));
    byItem = ratio(available * 100n, 10n ** BigInt(places) * BigInt(demandFen) * BigInt(stepFen));
  }
  const target = roundingTarget(item.demand, item.available, rounding)
    .times(100 / stepFen)
    .toNumber();
  const unitSteps = steps(
    groups.map((g) => g.capped),
    byItem,
    target,
  );
  let paid = 0;
  groups.forEach((g, i) => {
    g.payout = unitSteps[i] * stepFen;
    paid += g.payout;
    if (g.rows.length === 1) {
      g.rows[0].payout = g.payout;
      return;
    }
    // Row share = award × unit share ÷ unit demand: the item's factor alone when the cap did not cut the unit.
    const by = g.capStep === undefined ? byItem : cutRatio(g, byItem);
    const rowSteps = steps(
      g.rows.map((w) => w.award.fen),
      by,
      unitSteps[i],
    );
    g.rows.forEach((w, j) => (w.payout = rowSteps[j] * stepFen));
  });
  item.paid = fenToMoney(paid);
}

/** A cut unit's rows' factor, capped × m ÷ (demand × n): in doubles while both products are safe integers. */
function cutRatio(g: UnitGroup, byItem: Ratio): Ratio {
  const m = g.capped * byItem.mNumber;
  const n = g.demand * byItem.nNumber;
  if (Number.isSafeInteger(m) && Number.isSafeInteger(n)) return ratio(m, n);
  return ratio(BigInt(g.capped) * byItem.m, BigInt(g.demand) * byItem.n);
}

function toUnitResult(g: UnitGroup, money: (fen: number) => Decimal): UnitResult {
  const first = g.rows[0].claim.claimant;
  const made = {
    __proto__: UNIT,
    item: g.item,
    key: g.unit,
    name: first.name,
    code: g.rows.find((w) => w.claim.claimant.code)?.claim.claimant.code,
    rows: g.rows.length,
    prior: g.prior,
    capLeftFen: g.capLeft,
    demandFen: g.demand,
    cappedFen: g.capped,
    payoutFen: g.payout,
    money,
  };
  return made as unknown as Unit;
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
  if (w.group?.capLeft === 0) return undefined;
  if (item.factor.isZero()) return reason("BUDGET_USED_UP", w.claim.ref, { item: item.id });
  const step = ONE.dividedBy(10 ** STEP_PLACES[rounding]).toFixed(STEP_PLACES[rounding]);
  const factor = item.factor.toDecimalPlaces(6).toFixed();
  return reason("ROUNDED_TO_NOTHING", w.claim.ref, { capped: fenText(w.capped), factor, step });
}

const NO_REASONS: readonly Reason[] = Object.freeze([]);

function toRowResult(w: Working, notes: ItemNotes, rounding: Rounding, money: (fen: number) => Decimal): RowResult {
  const c = w.claim;
  const paid = w.status === "paid";
  const group = paid ? w.group : undefined;
  const zero = paid && w.payout === 0;
  // The unit's cap note and the item's pro rata note after the row's own reasons, one list per unit
  // (docs/PERFORMANCE.md, balance.ts); on a row paid nothing, why comes first.
  // Most rows have no reason of their own: they share one empty list rather than keep the claim's.
  let own: readonly Reason[] = c.reasons.length === 0 ? NO_REASONS : c.reasons;
  let added: UnitGroup["added"];
  if (group) {
    group.added ??= [group.note, notes.proRata?.reason].filter((n) => n !== undefined);
    if (zero) {
      const first = [nothingPaid(w, notes.item, rounding), ...group.added.map((n) => n(c.ref))];
      own = first.filter((r): r is Reason => r !== undefined).concat(own);
    } else if (group.added.length > 0) added = group.added;
  }
  return row(
    c.ref,
    c.item,
    c.claimant.name,
    group ? group.unit : c.claimant.key,
    zero ? "zero" : w.status,
    w.status === "rejected" ? ZERO : w.award.amount,
    paid ? w.capped : 0,
    w.payout,
    Boolean(group?.capStep),
    paid ? notes.item.factor : ONE,
    own,
    added,
    explanationOf(w, notes, group),
    money,
  );
}

/**
 * A result row: amounts kept as fen and handed out as `Money` when read, through the run's cache of them; the
 * notes it shares with its unit located on the row when read (docs/PERFORMANCE.md, balance.ts).
 */
interface Row extends RowResult {
  readonly cappedFen: number;
  readonly payoutFen: number;
  readonly own: readonly Reason[];
  readonly added: UnitGroup["added"];
  readonly money: (fen: number) => Decimal;
}

/** What every result row reads through. */
const ROW = {
  get capped(): Decimal {
    const r = this as unknown as Row;
    return r.money(r.cappedFen);
  },
  get payout(): Decimal {
    const r = this as unknown as Row;
    return r.money(r.payoutFen);
  },
  get reasons(): readonly Reason[] {
    const r = this as unknown as Row;
    if (r.added === undefined) return r.own;
    const added = r.added.map((n) => n(r.ref));
    return r.own.length === 0 ? added : r.own.concat(added);
  },
};

/**
 * An object literal rather than a class, as result rows live as long as the result: V8 allocates a literal's
 * long-lived objects straight in the old generation (docs/PERFORMANCE.md, "Issue 19: the engine's allocations").
 */
function row(
  ref: RowResult["ref"],
  item: PerformanceItemId,
  claimant: string,
  claimantKey: string,
  status: RowResult["status"],
  award: Decimal,
  cappedFen: number,
  payoutFen: number,
  capApplied: boolean,
  factor: Decimal,
  own: readonly Reason[],
  added: UnitGroup["added"],
  explanation: Explanation,
  money: (fen: number) => Decimal,
): RowResult {
  const made = {
    __proto__: ROW,
    ref,
    item,
    claimant,
    claimantKey,
    status,
    award,
    cappedFen,
    payoutFen,
    capApplied,
    factor,
    own,
    added,
    explanation,
    money,
  };
  return made as unknown as Row;
}

/** A unit's result: its amounts kept as fen, handed out as `Money` when read (see `row`). */
interface Unit extends UnitResult {
  readonly capLeftFen: number;
  readonly demandFen: number;
  readonly cappedFen: number;
  readonly payoutFen: number;
  readonly money: (fen: number) => Decimal;
}

const UNIT = {
  get capLeft(): Decimal {
    const u = this as unknown as Unit;
    return u.money(u.capLeftFen);
  },
  get demand(): Decimal {
    const u = this as unknown as Unit;
    return u.money(u.demandFen);
  },
  get capped(): Decimal {
    const u = this as unknown as Unit;
    return u.money(u.cappedFen);
  },
  get payout(): Decimal {
    const u = this as unknown as Unit;
    return u.money(u.payoutFen);
  },
};
