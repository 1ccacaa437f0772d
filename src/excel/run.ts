/**
 * One balance of the open workbook, shared by the task pane and the ribbon's 一键平衡: read every
 * sheet, apply the saved mapping and options, balance, and write the same tables the command-line
 * tool writes (src/report) — nothing is computed here that the report does not compute.
 */
import { balance } from "../engine";
import { publicityEnd } from "../engine/publicity";
import type { BalanceResult, Lang } from "../engine/types";
import {
  isPriorPayoutSheet,
  readLedger,
  supportOptions,
  type Grid,
  type LedgerRead,
  type SheetOverride,
} from "../ledger";
import type { Policy } from "../policy";
import { ledgerOutputs, REPORT_SHEETS, SHEETS, summaryTables, type RunInfo, type Table } from "../report";
import { readWorkbook, type WorkbookSnapshot } from "./read";
import { decodeMoves, encodeMoves, SETTINGS_KEY, serialiseSaved, type PaneOptions, type SavedState } from "./saved";
import { writeReport, type WriteStats } from "./write";

/** The name earlier payouts are read under (src/ledger's isPriorPayoutSheet). */
const PRIOR_SHEET = "已兑付";

export type Step = "read" | "balance" | "write" | "done";

export interface Prepared {
  grids: Grid[];
  ledger: LedgerRead;
}

/**
 * The grids as the ledger reader should see them. An earlier batch's 汇总 carries the money moved
 * before (§四(三)), but when the add-in's own last run in this workbook paid this same batch, its
 * 汇总 holds this batch's moves: it is not read, and the earlier moves that run used are used again,
 * so a second run gives the same numbers. A chosen sheet of earlier payouts is read under the 已兑付
 * name; "none" drops them.
 */
export function prepare(snapshot: Pick<WorkbookSnapshot, "grids">, saved: SavedState, policy: Policy): Prepared {
  const prior = saved.options.priorSheet;
  const rerun = saved.lastRun !== undefined && saved.lastRun.batch === (saved.options.batch ?? null);
  const grids = snapshot.grids
    .filter((g) => !rerun || g.name !== SHEETS.summary)
    .filter((g) => prior === "auto" || prior === "none" || g.name !== PRIOR_SHEET)
    .map((g) => (prior !== "auto" && prior !== "none" && g.name === prior ? { ...g, name: PRIOR_SHEET } : g));
  const overrides: Record<string, SheetOverride> = { ...saved.overrides };
  if (prior === "none") {
    for (const g of grids) if (isPriorPayoutSheet(g.name)) overrides[g.name] = { skip: true };
  }
  const ledger = readLedger(grids, policy, overrides);
  if (rerun) ledger.priorMoves = decodeMoves(saved.lastRun?.priorMoves);
  return { grids, ledger };
}

export function balanceLedger(ledger: LedgerRead, policy: Policy, options: PaneOptions): BalanceResult {
  return balance(ledger.claims, policy, {
    reallocate: options.reallocate,
    reallocationRule: options.reallocationRule,
    priority: options.reallocationRule === "priority" ? options.priority : undefined,
    rounding: options.rounding,
    batch: options.batch,
    priorPayouts: ledger.prior,
    priorMoves: ledger.priorMoves,
    ...supportOptions(ledger),
  });
}

/** 公示名单's 公示期开始 / 公示期结束 row gets the dates (§四(二)): the cells right of each label. */
export function withPublicity(tables: Table[], start: string | undefined, policy: Policy): Table[] {
  if (!start) return tables;
  const end = publicityEnd(start, policy.publicity.workingDays);
  if (!end.ok) return tables;
  return tables.map((t) => {
    if (t.sheet !== SHEETS.publicity) return t;
    const rows = t.rows.map((r) => [...r]);
    const last = rows[rows.length - 1];
    // ISO text: the column's format is for 序号/项目, and text reads the same in every locale.
    rows[rows.length - 1] = [last[0], start, last[2], end.value, ...last.slice(4)];
    return { ...t, rows };
  });
}

export interface BalanceRun {
  ledger: LedgerRead;
  result: BalanceResult;
  write: WriteStats;
  /** The sync count of the read: 2 for a small workbook, a few more for a large one. */
  readSyncs: number;
}

export async function balanceWorkbook(
  context: Excel.RequestContext,
  policy: Policy,
  saved: SavedState | ((snapshot: WorkbookSnapshot) => SavedState),
  lang: Lang,
  onStep: (step: Step) => void = () => undefined,
  now: Date = new Date(),
): Promise<BalanceRun | { ledger: LedgerRead; result?: undefined }> {
  onStep("read");
  // The product's sheets but 汇总 (earlier moves, §四(三)) are replaced whole: only their charts are read.
  const snapshot = await readWorkbook(
    context,
    REPORT_SHEETS,
    REPORT_SHEETS.filter((s) => s !== SHEETS.summary),
  );
  const state = typeof saved === "function" ? saved(snapshot) : saved;
  const { grids, ledger } = prepare(snapshot, state, policy);
  // LEDGER.md "Read completely or not at all": an unread earlier payout or plan line refuses the balance;
  // the caller lists `ledger.blocking`, and nothing is written.
  if (ledger.blocking.length > 0 || ledger.sheets.length === 0 || ledger.claims.length === 0) return { ledger };

  onStep("balance");
  const result = balanceLedger(ledger, policy, state.options);
  const run: RunInfo = {
    time: now.toISOString(),
    input: lang === "zh" ? "当前工作簿" : "this workbook",
    lang,
    sheetChoices: state.overrides,
    priorSource:
      ledger.prior.length > 0
        ? state.options.priorSheet === "auto"
          ? PRIOR_SHEET
          : state.options.priorSheet
        : undefined,
  };
  const tables = withPublicity(summaryTables(result, ledger, run, lang, policy), state.options.publicityStart, policy);
  state.lastRun = { batch: state.options.batch ?? null, priorMoves: encodeMoves(ledger.priorMoves) };

  onStep("write");
  const write = await writeReport(context, {
    outputs: ledgerOutputs(result, ledger, grids, lang),
    tables,
    grids,
    productCharts: snapshot.productCharts,
    styles: snapshot.styles,
    unread: snapshot.unread,
    finally: (ctx) => {
      ctx.workbook.settings.add(SETTINGS_KEY, serialiseSaved(state));
    },
  });
  onStep("done");
  return { ledger, result, write, readSyncs: snapshot.syncs };
}
