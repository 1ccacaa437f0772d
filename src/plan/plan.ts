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
import type { BalanceOptions, BalanceResult, ItemId, Lang, PriorMoves, PriorPayout, Rounding } from "../engine/types";
import {
  isPriorPayoutSheet,
  readLedger,
  type HolidayRead,
  supportOptions,
  type Grid,
  type LedgerRead,
  type RowProblem,
  type SheetOverride,
  type SheetProblem,
  unreadableSheets,
} from "../ledger";
import { withOverrides, type Policy } from "../policy";
import { labels } from "../report/labels";
import {
  earlierRun,
  ledgerOutputs,
  SHEETS,
  summaryTables,
  type LedgerOutput,
  type RunInfo,
  type Table,
} from "../report";
import { changesTable, compareRuns, readEarlierResult, type Changes, type EarlierResult } from "./changes";
import { recordedInputSha256, withoutRepeats } from "./earlier";

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
  /** ISO date publicity starts (§四(二)); its end is filled in on 公示名单. */
  publicityStart?: string;
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
}

/**
 * The sheets as the reader should see them, and who the earlier payouts are. An earlier run's 汇总 carries
 * the money moved before (§四(三)); but when that run paid this same batch (its 运行记录 says so), its 汇总
 * holds this batch's own moves, so the earlier moves that run used (its 往期 columns) are used again.
 */
export function prepare(
  workbook: Grid[],
  policy: Policy,
  choices: RunChoices,
  earlierFile?: EarlierFile,
  inputSha256?: string,
): Prepared {
  const chosen = choices.options.priorSheet ?? "auto";
  const named = chosen !== "auto" && chosen !== "none";
  const grids = workbook
    .filter((g) => !named || g.name !== PRIOR_SHEET)
    .map((g) => (named && g.name === chosen ? { ...g, name: PRIOR_SHEET } : g));
  const sheets = { ...choices.sheets };
  if (chosen === "none") for (const g of grids) if (isPriorPayoutSheet(g.name)) sheets[g.name] = { skip: true };
  const ledger = readLedger(grids, policy, sheets);

  const earlier = earlierRun(grids);
  const rerun = earlier !== undefined && earlier.batch === (choices.options.batch ?? null);
  const prepared: Prepared = {
    grids,
    ledger,
    prior: ledger.prior,
    priorMoves: rerun ? earlier.priorMoves : ledger.priorMoves,
    priorSource: ledger.prior.length > 0 ? (named ? chosen : PRIOR_SHEET) : undefined,
    blocking: ledger.blocking.map((p) => ({ source: "", ...p })),
    notices: [],
  };
  if (earlierFile) readEarlierFile(prepared, policy, earlierFile, inputSha256);
  return prepared;
}

/** The `--prior` workbook: refused when it is this batch's own result, its repeats of the ledger's counted once. */
function readEarlierFile(prepared: Prepared, policy: Policy, file: EarlierFile, inputSha256?: string): void {
  if (inputSha256 !== undefined && recordedInputSha256(file.grids) === inputSha256) {
    prepared.refusal = {
      zh: `${file.name} 是本批台账自己的运行结果（运行记录中的输入文件 SHA-256 与之相同），其中的兑付会被重复计算`,
      en: `${file.name} is this batch's own result (its 运行记录 holds this ledger's SHA-256): its payouts would be counted twice`,
    };
    return;
  }
  const read = readLedger(file.grids, policy);
  prepared.blocking.push(...read.blocking.map((p) => ({ source: file.name, ...p })));
  if (read.prior.length === 0 && read.blocking.length === 0 && !read.priorMoves) {
    prepared.refusal = {
      zh: `${file.name}：找不到已兑付表或往期汇总`,
      en: `${file.name}: no 已兑付 sheet or earlier 汇总 found`,
    };
    return;
  }
  // Counted once rather than refused: an earlier file that repeats the ledger's own 已兑付 rows is a copy.
  const { added, repeated } = withoutRepeats(prepared.ledger.prior, read.prior);
  if (repeated.length > 0) {
    const sheets = (list: PriorPayout[]) => [...new Set(list.map((p) => p.ref?.sheet ?? "?"))].join("、");
    const [from, own] = [sheets(repeated), sheets(prepared.ledger.prior)];
    prepared.notices.push({
      zh: `${file.name}（${from}）中有 ${repeated.length} 笔兑付与本工作簿（${own}）中的相同，只计一次`,
      en: `${repeated.length} payouts in ${file.name} (${from}) repeat those in this workbook (${own}) and are counted once`,
    });
  }
  prepared.prior = [...prepared.prior, ...added];
  // The earlier file says what was moved before, over any 汇总 in the workbook.
  prepared.priorMoves = read.priorMoves ?? prepared.priorMoves;
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
    batch: options.batch,
    priorPayouts: prepared.prior,
    priorMoves: prepared.priorMoves,
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
  const prepared = prepare(workbook, policy, choices, earlierFile, facts.inputSha256);
  // LEDGER.md "A ledger sheet is read, or the run stops": skipping one would pay none of its claimants.
  const unreadable = unreadableSheets(prepared.ledger);
  if (unreadable.length > 0) return { kind: "unreadable", prepared, sheets: unreadable };
  if (!prepared.ledger.sheets.some((s) => s.missing.length === 0)) return { kind: "noLedger", prepared };
  if (prepared.refusal) return { kind: "refused", prepared, message: prepared.refusal };
  if (prepared.blocking.length > 0) return { kind: "blocked", prepared };
  const earlier = earlierResultOf(prepared, policy, choices, compare, facts.unreadOutputs);
  if (compare && !earlier) return { kind: "refused", prepared, message: notAResult(compare.name) };

  const { options } = choices;
  if (options.publicityStart) {
    const end = publicityEndOf(options.publicityStart, policy, prepared.ledger.holidays);
    if (!end.ok)
      prepared.notices.push({
        zh: `公示期结束日期未填：${end.expected.zh}`,
        en: `publicity end not filled in: ${end.expected.en}`,
      });
  }
  const result = balancePrepared(prepared, policy, options);
  const whatIf = whatIfOf(policy, options);
  const run: RunInfo = {
    time: facts.time.toISOString(),
    input: facts.input,
    inputSha256: facts.inputSha256,
    lang: facts.lang,
    priorSource: prepared.priorSource,
    engineVersion: facts.engineVersion,
    sheetChoices: choices.sheets,
    whatIf,
  };
  const applied = runPolicy(policy, options);
  const tables = summaryTables(result, prepared.ledger, run, facts.lang, applied);
  const changes = earlier && compareRuns(earlier, { result, ledger: prepared.ledger, grids: prepared.grids, run });
  return {
    kind: "balanced",
    prepared,
    policy: applied,
    result,
    outputs: ledgerOutputs(result, prepared.ledger, prepared.grids, facts.lang),
    tables: [
      ...withPublicity(tables, options.publicityStart, policy, prepared.ledger.holidays),
      ...(changes ? [changesTable(changes, facts.lang, result.options.rounding)] : []),
    ],
    whatIf,
    ...(changes ? { changes } : {}),
  };
}

/** The earlier result this run is compared with: `compare`'s, else the workbook's own, if it holds one. */
function earlierResultOf(
  prepared: Prepared,
  policy: Policy,
  choices: RunChoices,
  compare?: EarlierFile,
  unread?: RunFacts["unreadOutputs"],
): EarlierResult | undefined {
  if (!compare) return readEarlierResult(prepared.grids, prepared.ledger, unread);
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

/** The label that starts 公示名单's publicity line, in either language: found there, wherever it stands. */
const PUBLICITY_LABELS = new Set([labels("zh").publicityStart, labels("en").publicityStart]);

/** 公示名单's 公示期开始 / 公示期结束 row gets the dates (§四(二)): the cells right of each label. */
export function withPublicity(
  tables: Table[],
  start: string | undefined,
  policy: Policy,
  holidays?: HolidayRead,
): Table[] {
  if (!start) return tables;
  const end = publicityEndOf(start, policy, holidays);
  if (!end.ok) return tables;
  return tables.map((t) => {
    if (t.sheet !== SHEETS.publicity) return t;
    const rows = t.rows.map((r) => [...r]);
    const at = rows.findIndex((r) => PUBLICITY_LABELS.has(String(r[0] ?? "")));
    if (at < 0) return t;
    const line = rows[at];
    // ISO text: the column's format is for 序号/项目, and text reads the same in every locale.
    rows[at] = [line[0], start, line[2], end.value, ...line.slice(4)];
    return { ...t, rows };
  });
}
