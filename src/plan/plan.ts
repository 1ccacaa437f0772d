/**
 * One balance, for both hosts. From the workbook's sheets, the policy and the user's choices to everything a
 * host writes: the balance options, the result, the ledger output columns, the summary tables and the run record.
 * The command (src/cli) and the task pane (src/excel) only read grids in and write tables out; every decision of
 * a run — which sheets hold earlier payouts, whether this is a re-run, what stops it, what it is called — is here.
 * No Office, no exceljs, no file system.
 */
import type Decimal from "decimal.js";
import { balance } from "../engine";
import { publicityEnd } from "../engine/publicity";
import { notOk, type Parsed } from "../engine/values";
import { ZERO } from "../engine/money";
import { normaliseName } from "../engine/values";
import type {
  BalanceOptions,
  BalanceResult,
  ItemId,
  Lang,
  PriorMoves,
  PriorPayout,
  RawClaim,
  Rounding,
} from "../engine/types";
import {
  isPriorPayoutSheet,
  ownSheets,
  productSheetNamed,
  readClaimed,
  readLedger,
  type HolidayRead,
  supportOptions,
  type Grid,
  type LedgerRead,
  type RowProblem,
  type SheetOverride,
  type SheetProblem,
  unreadableSheets,
  type OwnSheets,
} from "../ledger";
import { tooLarge, type RowLimit } from "../ledger/limits";
import { withOverrides, type Policy } from "../policy";
import { labels } from "../report/labels";
import {
  earlierRun,
  cumulativeTable,
  ledgerOutputs,
  safeOutput,
  printed,
  safeTable,
  movesBefore,
  yearView,
  SHEETS,
  summaryTables,
  type LedgerOutput,
  type RunInfo,
  type BatchMove,
  type Table,
  type YearView,
  type YearBefore,
} from "../report";
import { changesTable, compareRuns, readEarlierResult, type Changes, type EarlierResult } from "./changes";
import { payoutKey, recordedInputSha256, withoutRepeats } from "./earlier";
import { claimBatch, earlierLedgerRows, readResult, referenceOf, yearBefore, type ResultRead } from "./year";
import type { EarlierRow } from "./changes";
import { recordedRun } from "./explain";

/** The name earlier payouts are read under (a 已兑付 sheet, LEDGER.md "Earlier payouts"). */
export const PRIOR_SHEET = "已兑付";

/** What the user chose for a run: the command's options, or the pane's saved options. */
export interface RunOptions {
  /** §四(三) 资金调剂; default from the policy. */
  reallocate?: boolean;
  reallocationRule?: "shortfall" | "priority";
  /** Items in the order money goes to them; a non-empty list without a rule means the priority rule. */
  priority?: ItemId[];
  rounding?: Rounding;
  batch?: number;
  /** Where earlier payouts are in the workbook: "auto" (a 已兑付 sheet), "none" (first batch), or a sheet's name. */
  priorSheet?: string;
  /** What-if budgets: the run is then a 测算, never a payout list. */
  budgets?: Partial<Record<ItemId, Decimal>>;
  /** K5's input: the universities' valid patents. */
  universityValidPatents?: number;
  /** K10's input. */
  survey?: { satisfied: number; answered: number };
  /** ISO date publicity starts (§四(二)); its end is filled in on 公示名单. Absent, 公示名单 is a draft. */
  publicityStart?: string;
  /**
   * Where objections to 公示名单 go, as the clerk typed it: free text (`张三 023-67800000`), or
   * `联系人=张三;电话=023-67800000;地址=…` (src/report/contact.ts). Absent, the workbook's earlier 运行记录 gives it.
   */
  contact?: string;
}

export interface RunChoices {
  /** Per sheet: its item, header row, columns, or not read at all. */
  sheets: Record<string, SheetOverride>;
  options: RunOptions;
}

/** Another workbook of earlier payouts (the command's `--prior`), named for messages. */
export interface EarlierFile {
  name: string;
  grids: Grid[];
}

/** Facts about the run that the workbook does not hold, for 运行记录. */
export interface RunFacts {
  time: Date;
  /** The input's name as the user knows it: a file name, or "this workbook". */
  input: string;
  inputSha256?: string;
  lang: Lang;
  engineVersion?: string;
  /**
   * Per ledger sheet, the 0-based row from which an earlier run's output columns were not read back (the pane
   * leaves them unread below its first read of a large sheet): rows there are not compared for 变更.
   */
  unreadOutputs?: Record<string, { row: number }>;
  /** The rows the host's memory holds (src/ledger/limits.ts); a browser page's when not said. */
  limit?: RowLimit;
}

export interface Message {
  zh: string;
  en: string;
}

/** A row that stops the run, with the workbook it stands in ("" for the one balanced). */
export type Blocking = RowProblem & { source: string };

/** The workbook as the run reads it: ledgers, earlier payouts and moves resolved, and what stops it. */
export interface Prepared {
  /** The sheets as the ledger reader saw them (a chosen sheet of earlier payouts under its 已兑付 name). */
  grids: Grid[];
  ledger: LedgerRead;
  /** Earlier payouts from the workbook and the earlier file, each once. */
  prior: PriorPayout[];
  priorMoves?: PriorMoves;
  /** Where the earlier payouts came from, for 运行记录. */
  priorSource?: string;
  /** Rows of earlier payouts or a funding plan that could not be read: any of them stops the run. */
  blocking: Blocking[];
  /** Why the run cannot go on at all (the earlier file is this batch's own result). */
  refusal?: Message;
  /** What the user should know and nothing stops (earlier payouts counted once). */
  notices: Message[];
  /** Which batch this run is: given, else the batch of the result the workbook holds, else after a `--prior` result's. */
  batch?: number;
  /** What the year paid (marked payouts too) and moved before this run: written to 累计已兑付 and 汇总's year block. */
  before: YearBefore;
  /** Ledger rows an earlier batch decided: not claims of this run, their output left as it was. */
  earlierRows: EarlierRow[];
  /** Which sheets an earlier run of the product wrote, and where this run writes each of its sheets. */
  productSheets: OwnSheets;
}

/**
 * The sheets as the reader should see them, which batch this run is, and what the year paid and moved before it.
 * Without `--batch` a workbook holding a result is a re-run of that result's batch; with a later batch, the rows
 * that result decided are earlier payouts (LEDGER.md "One workbook for the year"). An earlier result's 累计已兑付
 * gives the payouts and moves of batches before this run's; its 汇总 gives them for a result written before there
 * was one. Re-running the same batch never takes its own moves for an earlier batch's (§四(三)).
 */
export function prepare(
  workbook: Grid[],
  policy: Policy,
  choices: RunChoices,
  earlierFile?: EarlierFile,
  inputSha256?: string,
  limit?: RowLimit,
): Prepared {
  // Counted again now that the product's own sheets are known: a clerk's sheet that bears a product sheet's name
  // (a 变更 of theirs) is read as any other, and counted with the ledgers (issue 16 item 5).
  const productSheets = ownSheets(workbook);
  const over = tooLarge(
    workbook.map((g) => ({ sheet: g.name, rows: g.cells.length })),
    (sheet) => productSheets.own.has(sheet),
    limit,
  );
  if (over) throw over;
  const chosen = choices.options.priorSheet ?? "auto";
  const named = chosen !== "auto" && chosen !== "none";
  const grids = workbook
    .filter((g) => !named || g.name !== PRIOR_SHEET)
    .map((g) => (named && g.name === chosen ? { ...g, name: PRIOR_SHEET } : g));
  const sheets = { ...choices.sheets };
  if (chosen === "none") for (const g of grids) if (isPriorPayoutSheet(g.name)) sheets[g.name] = { skip: true };
  const read = readLedger(grids, policy, sheets);

  const own = readResult(grids, read, policy, "");
  // A result that recorded no batch is the year's first when a later one is named (issue 15); a 累计已兑付 copied in
  // is followed by the next batch.
  const batch =
    choices.options.batch ?? (own?.imported ? nextBatch(policy, own.batch) : own?.recordedBatch) ?? undefined;
  const next = own !== undefined && batch !== undefined && batch > own.batch;
  const prepared: Prepared = {
    grids,
    ledger: read,
    prior: read.prior,
    priorMoves: read.priorMoves,
    priorSource: read.prior.length > 0 ? (named ? chosen : PRIOR_SHEET) : undefined,
    blocking: read.blocking.map((p) => ({ source: "", ...p })),
    notices: [],
    ...(batch !== undefined ? { batch } : {}),
    earlierRows: [],
    productSheets,
    before: { payouts: read.prior, moves: [] },
  };
  if (own && batch !== undefined && batch < own.batch) {
    prepared.refusal = {
      zh: `本工作簿已有第${own.batch}批的结果，不能再按第${batch}批平衡`,
      en: `this workbook already holds batch ${own.batch}'s result: it cannot be balanced as batch ${batch}`,
    };
    return prepared;
  }
  if (own) takeOwnResult(prepared, own, batch, next);
  else if (read.priorMoves) prepared.before.moves = summaryMoves(read.priorMoves, (batch ?? 1) - 1);
  if (earlierFile) readEarlierFile(prepared, policy, earlierFile, inputSha256);
  leaveOutEarlierRows(prepared);
  return prepared;
}

/** The batch after `batch`, when the policy has one. */
function nextBatch(policy: Policy, batch: number): number | undefined {
  return policy.batches.some((b) => b.batch === batch + 1) ? batch + 1 : undefined;
}

/** An earlier 汇总's moves (往期 + 本批) as the moves of one batch (0: before any). */
function summaryMoves(moves: PriorMoves, batch: number): BatchMove[] {
  const items = new Set([...Object.keys(moves.received), ...Object.keys(moves.released)]) as Set<ItemId>;
  return [...items].map((item) => ({
    batch: Math.max(0, batch),
    item,
    received: moves.received[item] ?? ZERO,
    released: moves.released[item] ?? ZERO,
  }));
}

/**
 * The result the workbook itself holds. A re-run of its batch keeps its earlier moves (its 往期 columns) and the
 * earlier batches 累计已兑付 lists; the next batch takes every row it decided as earlier, and its payouts and moves.
 */
function takeOwnResult(prepared: Prepared, own: ResultRead, batch: number | undefined, next: boolean): void {
  const { ledger } = prepared;
  prepared.notices.push(...own.notices);
  if (own.refusal && next) {
    prepared.refusal = own.refusal;
    return;
  }
  if (next) {
    const before = yearBefore(own, ledger, batch!, "");
    takeYear(prepared, before, own.cumulative ? ledger.prior : [], own.cumulative ? SHEETS.cumulative : SHEETS.summary);
    prepared.earlierRows = earlierLedgerRows(own, batch!, true);
    append(prepared.blocking, own.unreadPaid);
  } else {
    // A re-run: the moves it used before are used again; 累计已兑付 adds the earlier batches' payouts it rested on.
    const rerunMoves = earlierRun(prepared.grids)?.priorMoves;
    prepared.priorMoves = rerunMoves;
    if (own.cumulative) takeYear(prepared, yearBefore(own, ledger, own.batch, ""), ledger.prior, SHEETS.cumulative);
    else if (rerunMoves) prepared.before.moves = summaryMoves(rerunMoves, own.batch - 1);
    prepared.earlierRows = earlierLedgerRows(own, own.batch, false);
  }
  append(prepared.blocking, own.problems);
}

/**
 * The year before this run from an earlier result: its payouts and moves replace what the workbook's 汇总 said.
 * `listed` (the workbook's 已兑付) rows stand as the clerk's sheet has them, with 累计已兑付's batch and mark; its
 * rows 累计已兑付 does not hold are added and said.
 */
function takeYear(prepared: Prepared, before: YearBefore, listed: PriorPayout[], source: string): void {
  const recorded = new Map<string, PriorPayout[]>();
  for (const p of before.payouts) recorded.set(payoutKey(p), [...(recorded.get(payoutKey(p)) ?? []), p]);
  const kept = new Set<PriorPayout>();
  const own = listed.map((p) => {
    const match = recorded.get(payoutKey(p))?.shift();
    if (!match) return p;
    kept.add(match);
    return { ...p, batch: match.batch, ...(match.mark ? { mark: match.mark, markNote: match.markNote } : {}) };
  });
  const added = listed.length - kept.size;
  if (added > 0) {
    prepared.notices.push({
      zh: `${PRIOR_SHEET}中有 ${added} 笔兑付不在${source}中，一并计入往期兑付`,
      en: `${added} payouts in ${PRIOR_SHEET} are not in ${source} and are counted as earlier payouts too`,
    });
  }
  prepared.before = { payouts: [...own, ...before.payouts.filter((p) => !kept.has(p))], moves: before.moves };
  prepared.prior = prepared.before.payouts;
  prepared.priorMoves = movesBefore(before.moves, Infinity);
  // Named only when it gave more than the clerk's own list (a re-run of batch 1 reads its 已兑付 as before).
  if (kept.size < before.payouts.length) prepared.priorSource = source;
}

/**
 * Rows an earlier batch decided are not claims of this run: they stay as that batch wrote them (status `earlier`).
 * A row whose 批次 names an earlier batch without such output must be one of the earlier payouts, else it stops
 * the run: paying it would pay that batch twice, skipping it would drop a claim unseen.
 */
function leaveOutEarlierRows(prepared: Prepared): void {
  const { batch } = prepared;
  const decided = new Set(prepared.earlierRows.map((r) => rowKey(r.sheet, r.row)));
  const claims: RawClaim[] = [];
  const earlier: EarlierRow[] = [...prepared.earlierRows];
  for (const c of prepared.ledger.claims) {
    if (decided.has(rowKey(c.sheet, c.row))) continue;
    const named = claimBatch(c);
    if (batch === undefined || named === undefined || named >= batch) {
      claims.push(c);
      continue;
    }
    const paid = prepared.prior.find((p) => isPaymentOf(p, c));
    if (paid) {
      const claimant = String(c.values.claimantName ?? "");
      earlier.push({ sheet: c.sheet, row: c.row, item: c.item, claimant, status: "paid", payout: paid.amount });
      continue;
    }
    prepared.blocking.push({
      source: "",
      sheet: c.sheet,
      row: c.row,
      ...(c.columns.batch ? { column: c.columns.batch.column, header: c.columns.batch.header } : {}),
      zh: `批次为第${named}批，但往期兑付中没有这一笔（同一单位、同一专利号/备案号/登记号）：请给出第${named}批的结果（--prior），或改正批次`,
      en: `its batch is ${named}, but no earlier payout matches it (same unit and reference): give batch ${named}'s result (--prior), or correct the batch`,
    });
  }
  if (earlier.length === 0) return;
  prepared.earlierRows = earlier;
  prepared.ledger = { ...prepared.ledger, claims, earlier };
  if (claims.length === 0 && batch !== undefined) {
    prepared.notices.push({
      zh: `第${batch}批没有新的申报行：本批不兑付任何金额`,
      en: `batch ${batch} has no new claims: nothing is paid in this batch`,
    });
  }
}

const rowKey = (sheet: string, row: number) => `${sheet}\u0000${row}`;

/** Appended one by one: problems may run to one per row of a 1,000,000-row sheet, too many to spread into push(). */
function append<T>(to: T[], list: readonly T[]): void {
  for (const x of list) to.push(x);
}

/** Whether an earlier payout paid this ledger row: the same item and unit, and all it claims among what was paid. */
function isPaymentOf(p: PriorPayout, c: RawClaim): boolean {
  if (p.item !== c.item || p.mark) return false;
  const code = String(c.values.claimantCode ?? "").trim();
  const name = normaliseName(String(c.values.claimantName ?? ""));
  const sameUnit = code && p.claimantCode ? p.claimantCode === code : p.claimantName === name;
  const claimed = readClaimed(c.item, referenceOf(c));
  return (
    sameUnit && !("bad" in claimed) && claimed.claimed.length > 0 && claimed.claimed.every((k) => p.claimed.includes(k))
  );
}

/**
 * The `--prior` workbook: refused when it is this batch's own result. An earlier result gives the year before this
 * batch (its 累计已兑付, checked against its rows and its record); a 已兑付 list gives its payouts. Repeats of the
 * workbook's own earlier payouts are counted once.
 */
function readEarlierFile(prepared: Prepared, policy: Policy, file: EarlierFile, inputSha256?: string): void {
  if (inputSha256 !== undefined && recordedInputSha256(file.grids) === inputSha256) {
    prepared.refusal = {
      zh: `${file.name} 是本批台账自己的运行结果（运行记录中的输入文件 SHA-256 与之相同），其中的兑付会被重复计算`,
      en: `${file.name} is this batch's own result (its 运行记录 holds this ledger's SHA-256): its payouts would be counted twice`,
    };
    return;
  }
  const read = readLedger(file.grids, policy);
  const result = readResult(file.grids, read, policy, file.name);
  let payouts = read.prior;
  let moves: BatchMove[] | undefined;
  if (result) {
    prepared.notices.push(...result.notices);
    if (result.refusal) {
      prepared.refusal = result.refusal;
      return;
    }
    if (prepared.batch === undefined && nextBatch(policy, result.batch) !== undefined) {
      prepared.batch = result.batch + 1;
      prepared.notices.push({
        zh: `${file.name} 是第${result.batch}批的结果：本次按第${prepared.batch}批平衡（可用 --batch 指定）`,
        en: `${file.name} is batch ${result.batch}'s result: this run is taken as batch ${prepared.batch} (--batch names it)`,
      });
    }
    if (prepared.batch !== undefined && prepared.batch <= result.batch) {
      prepared.refusal = {
        zh: `${file.name} 是第${result.batch}批的结果，本次为第${prepared.batch}批：往期结果只能用于以后的批次`,
        en: `${file.name} is batch ${result.batch}'s result and this run is batch ${prepared.batch}: an earlier result serves later batches only`,
      };
      return;
    }
    const before = yearBefore(result, read, prepared.batch ?? Infinity, file.name);
    append(prepared.blocking, result.problems);
    append(prepared.blocking, result.unreadPaid);
    payouts = before.payouts;
    moves = before.moves;
  }
  append(
    prepared.blocking,
    read.blocking.map((p) => ({ source: file.name, ...p })),
  );
  if (!result && read.prior.length === 0 && read.blocking.length === 0 && !read.priorMoves) {
    prepared.refusal = {
      zh: `${file.name}：找不到已兑付表或往期汇总`,
      en: `${file.name}: no 已兑付 sheet or earlier 汇总 found`,
    };
    return;
  }
  // Counted once rather than refused: an earlier file that repeats the ledger's own 已兑付 rows is a copy.
  const { added, repeated } = withoutRepeats(prepared.prior, payouts);
  if (repeated.length > 0) {
    const sheets = (list: PriorPayout[]) => [...new Set(list.map((p) => p.ref?.sheet ?? "?"))].join("、");
    const [from, mine] = [sheets(repeated), sheets(prepared.prior)];
    prepared.notices.push({
      zh: `${file.name}（${from}）中有 ${repeated.length} 笔兑付与本工作簿（${mine}）中的相同，只计一次`,
      en: `${repeated.length} payouts in ${file.name} (${from}) repeat those in this workbook (${mine}) and are counted once`,
    });
  }
  prepared.prior = [...prepared.prior, ...added];
  // The earlier file says what was moved before, over any 汇总 in the workbook.
  const earlierMoves = moves ?? (read.priorMoves && summaryMoves(read.priorMoves, (prepared.batch ?? 1) - 1));
  prepared.before = { payouts: prepared.prior, moves: earlierMoves ?? prepared.before.moves };
  if (earlierMoves) prepared.priorMoves = movesBefore(earlierMoves, Infinity);
  prepared.priorSource = file.name;
}

/** The policy a run applies: the file's, with the what-if budgets if any. */
export function runPolicy(policy: Policy, options: RunOptions): Policy {
  const budgets = options.budgets ?? {};
  return Object.keys(budgets).length > 0 ? withOverrides(policy, { budgets }) : policy;
}

/** The engine's options from the user's: one reading of the reallocation rule for both hosts. */
export function balanceOptions(prepared: Prepared, options: RunOptions): BalanceOptions {
  const rule = options.reallocationRule ?? (options.priority?.length ? "priority" : undefined);
  return {
    reallocate: options.reallocate,
    reallocationRule: rule,
    priority: rule === "priority" ? options.priority : undefined,
    rounding: options.rounding,
    batch: prepared.batch,
    // A payout removed, failed or clawed back after publicity is not counted as paid; a clawback bars the unit.
    priorPayouts: prepared.prior.filter((p) => !p.mark),
    priorMoves: prepared.priorMoves,
    barredUnits: prepared.prior
      .filter((p) => p.mark === "clawedBack")
      .map((p) => ({ name: p.claimantName, ...(p.claimantCode ? { code: p.claimantCode } : {}) })),
    universityValidPatents: options.universityValidPatents,
    survey: options.survey,
    ...supportOptions(prepared.ledger),
  };
}

/** The balance alone (the pane's check lists its problems before anything is written). */
export function balancePrepared(prepared: Prepared, policy: Policy, options: RunOptions): BalanceResult {
  return balance(prepared.ledger.claims, runPolicy(policy, options), balanceOptions(prepared, options));
}

export type Plan =
  /** No sheet could be read as a ledger: `ledger.problems` says why, sheet by sheet. */
  | { kind: "noLedger"; prepared: Prepared }
  /** Sheets that look like ledgers and cannot be read (LEDGER.md "A ledger sheet is read, or the run stops"). */
  | { kind: "unreadable"; prepared: Prepared; sheets: SheetProblem[] }
  | { kind: "refused"; prepared: Prepared; message: Message }
  /** Earlier payouts or plan lines not read (LEDGER.md "Read completely or not at all"). */
  | { kind: "blocked"; prepared: Prepared }
  | {
      kind: "balanced";
      prepared: Prepared;
      /** The policy the run applied: the file's, with the what-if budgets (the explanation's caps and budgets). */
      policy: Policy;
      result: BalanceResult;
      outputs: LedgerOutput[];
      tables: Table[];
      whatIf: RunInfo["whatIf"];
      /** What changed since the earlier result (its 变更 sheet is among `tables`); absent on a first run. */
      changes?: Changes;
      /** The year up to and with this run. */
      year: YearView;
      /** The publicity period 公示名单 gives; absent, the list is a draft. */
      publicity?: { start: string; end: string };
    };

export type BalancedPlan = Extract<Plan, { kind: "balanced" }>;

/**
 * Everything one run decides: read, refuse or stop, balance, and lay out what is written. `policy` is the
 * policy file as loaded; the what-if budgets of `choices` are applied here. The run is compared with an earlier
 * result of this tool — `compare`'s (the command's `--compare`), else the one the workbook itself holds (a
 * second run) — and then writes 变更.
 */
export function planBalance(
  workbook: Grid[],
  policy: Policy,
  choices: RunChoices,
  facts: RunFacts,
  earlierFile?: EarlierFile,
  compare?: EarlierFile,
): Plan {
  const prepared = prepare(workbook, policy, choices, earlierFile, facts.inputSha256, facts.limit);
  // LEDGER.md "A ledger sheet is read, or the run stops": skipping one would pay none of its claimants.
  const unreadable = unreadableSheets(prepared.ledger);
  if (unreadable.length > 0) return { kind: "unreadable", prepared, sheets: unreadable };
  if (!prepared.ledger.sheets.some((s) => s.missing.length === 0)) return { kind: "noLedger", prepared };
  if (prepared.refusal) return { kind: "refused", prepared, message: prepared.refusal };
  if (prepared.blocking.length > 0) return { kind: "blocked", prepared };
  const earlier = earlierResultOf(prepared, policy, choices, compare, facts.unreadOutputs);
  if (compare && !earlier) return { kind: "refused", prepared, message: notAResult(compare.name) };

  const { options } = choices;
  const publicity = publicityOf(options.publicityStart, policy, prepared);
  const result = balancePrepared(prepared, policy, options);
  const whatIf = whatIfOf(policy, options);
  // A run that names no batch is the year's first (a later batch reads its 累计已兑付 so).
  const yearBatch = prepared.batch ?? 1;
  const run: RunInfo = {
    time: facts.time.toISOString(),
    input: facts.input,
    inputSha256: facts.inputSha256,
    lang: facts.lang,
    priorSource: prepared.priorSource,
    engineVersion: facts.engineVersion,
    sheetChoices: choices.sheets,
    whatIf,
    year: yearView(result, prepared.before, yearBatch),
    notices: prepared.notices,
    earlierRows: earlierRowsBySheet(prepared.earlierRows),
    ...(publicity ? { publicity } : {}),
    ...contactOf(options, prepared),
  };
  const applied = runPolicy(policy, options);
  const tables = summaryTables(result, prepared.ledger, run, facts.lang, applied);
  // 累计已兑付 stands before 运行记录, which stays the last sheet of a run.
  tables.splice(
    tables.findIndex((t) => t.sheet === SHEETS.runRecord),
    0,
    cumulativeTable(result, prepared.ledger, prepared.before, yearBatch, facts.lang),
  );
  const changes = earlier && compareRuns(earlier, { result, ledger: prepared.ledger, grids: prepared.grids, run });
  // What the run writes carries the workbook's text: made safe once, here, for both hosts (report/safeText.ts).
  const written = [...tables, ...(changes ? [changesTable(changes, facts.lang, result.options.rounding)] : [])];
  return {
    kind: "balanced",
    prepared,
    policy: applied,
    result,
    outputs: ledgerOutputs(result, prepared.ledger, prepared.grids, facts.lang).map((o) => safeOutput(o, facts.lang)),
    // Every sheet prints by one rule (report/print.ts), whichever host writes it.
    tables: asWritten(written, prepared, facts.lang).map((t) => printed(safeTable(t, facts.lang), facts.lang)),
    whatIf,
    ...(changes ? { changes } : {}),
    year: run.year!,
    ...(publicity ? { publicity } : {}),
  };
}

/** The publicity period (§四(二)) from its first day; none (公示名单 a draft) without one, or when its end is unknown. */
function publicityOf(start: string | undefined, policy: Policy, prepared: Prepared): RunInfo["publicity"] {
  if (!start) return undefined;
  const end = publicityEndOf(start, policy, prepared.ledger.holidays);
  if (end.ok) return { start, end: end.value };
  prepared.notices.push({
    zh: `公示期结束日期未填：${end.expected.zh}`,
    en: `publicity end not filled in: ${end.expected.en}`,
  });
  return undefined;
}

/** Where objections go: as given, else as the workbook's earlier result recorded it (its 运行记录). */
function contactOf(options: RunOptions, prepared: Prepared): Pick<RunInfo, "contact"> {
  const contact = options.contact?.trim() || recordedRun(prepared.grids)?.contact;
  return contact ? { contact } : {};
}

/**
 * The tables under the names this run writes them (issue 16 item 4): a clerk's sheet that bears a product sheet's
 * name is kept, and the product's is written under a tagged name — said among the notices (console, pane) and in
 * 运行记录. 运行记录's first line lists the product's sheets in the workbook after the run: the mark that tells a later
 * run which sheets are the product's (src/ledger/own.ts).
 */
function asWritten(tables: Table[], prepared: Prepared, lang: Lang): Table[] {
  const { names, own, kept } = prepared.productSheets;
  const named = tables.map((t) => {
    const key = productSheetNamed(t.sheet);
    return key ? { ...t, sheet: names[key] } : t;
  });
  const written = named.map((t) => t.sheet);
  const said = kept
    .filter((k) => written.includes(k.writtenAs))
    .map(({ sheet, writtenAs }) => ({
      zh: `工作表「${sheet}」不是本工具写入的，保留不动；本工具的${sheet}写在「${writtenAs}」`,
      en: `sheet "${sheet}" was not written by this tool and is kept as it is; this tool's ${sheet} is written to "${writtenAs}"`,
    }));
  prepared.notices.push(...said);
  const R = labels(lang).run;
  const list = [...new Set([...written, ...own.keys()])].join("、");
  return named.map((t) =>
    t.sheet === names.runRecord
      ? { ...t, rows: [[R.sheets, list], ...t.rows, ...said.map((n) => [R.note, n[lang]])] }
      : t,
  );
}

function earlierRowsBySheet(rows: EarlierRow[]): Record<string, number[]> {
  const bySheet: Record<string, number[]> = {};
  for (const r of rows) (bySheet[r.sheet] ??= []).push(r.row);
  return bySheet;
}

/** The earlier result this run is compared with: `compare`'s, else the workbook's own, if it holds one. */
function earlierResultOf(
  prepared: Prepared,
  policy: Policy,
  choices: RunChoices,
  compare?: EarlierFile,
  unread?: RunFacts["unreadOutputs"],
): EarlierResult | undefined {
  if (!compare) {
    const own = readEarlierResult(prepared.grids, prepared.ledger, unread);
    // Rows an earlier batch decided are not this run's to compare; the next batch compares with nothing.
    const decided = new Set(prepared.earlierRows.map((r) => rowKey(r.sheet, r.row)));
    const rows = own?.rows.filter((r) => !decided.has(rowKey(r.sheet, r.row))) ?? [];
    return own && rows.length > 0 ? { ...own, rows } : undefined;
  }
  return readEarlierResult(compare.grids, readLedger(compare.grids, policy, choices.sheets));
}

function notAResult(name: string): Message {
  return {
    zh: `${name}：不是本工具的运行结果（台账工作表上没有奖补金额、兑付金额、状态等输出列），无法比较`,
    en: `${name}: not a result of this tool (no ledger sheet has its output columns: award, payout, status), nothing to compare with`,
  };
}

/** The what-if budgets against the policy file's, for 运行记录 and the 「测算（非正式）」 titles. */
function whatIfOf(policy: Policy, options: RunOptions): RunInfo["whatIf"] {
  const changed = Object.entries(options.budgets ?? {});
  if (changed.length === 0) return undefined;
  return Object.fromEntries(
    changed.map(([item, yuan]) => [
      item,
      { policy: policy.items.find((i) => i.id === item)!.budget.toFixed(), run: yuan!.toFixed() },
    ]),
  );
}

/**
 * The last day of publicity (§四(二)) by the package's calendar and the workbook's 节假日 sheet (its days win for
 * the dates it lists, and give the years the package does not know). A 节假日 sheet with rows that cannot be
 * read gives no date: a day missed would move the end. The pane shows the same date the run writes.
 */
export function publicityEndOf(start: string, policy: Policy, holidays?: HolidayRead): Parsed<string> {
  if (holidays && holidays.problems.length > 0) {
    const rows = holidays.problems.map((p) => `${p.sheet}!${p.column ?? ""}${p.row}`).join("、");
    return notOk({
      zh: `“${holidays.sheet}”表中有 ${holidays.problems.length} 行无法读取（${rows}）：${holidays.problems[0].zh}`,
      en: `${holidays.problems.length} rows of "${holidays.sheet}" cannot be read (${rows}): ${holidays.problems[0].en}`,
    });
  }
  return publicityEnd(start, policy.publicity.workingDays, holidays?.days);
}
