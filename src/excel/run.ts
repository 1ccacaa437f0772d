/**
 * One balance of the open workbook, shared by the task pane and the ribbon's 一键平衡: read every
 * sheet, apply the saved mapping and options, balance, and write the same tables the command-line
 * tool writes (src/report) — nothing is computed here that the report does not compute.
 */
import type { BalanceResult, Lang, PriorMoves } from "../engine/types";
import type { LedgerRead } from "../ledger";
import { planBalance, type Plan, type RunChoices } from "../plan";
import type { Policy } from "../policy";
import { REPORT_SHEETS, SHEETS } from "../report";
import { readWorkbook, type WorkbookSnapshot } from "./read";
import { SETTINGS_KEY, serialiseSaved, type SavedState } from "./saved";
import { writeReport, type WriteStats } from "./write";

export type Step = "read" | "balance" | "write" | "done";

/** A balance asked for while another runs (the pane's button and the ribbon's 一键平衡 share one runtime). */
export class BalanceBusyError extends Error {
  readonly zh = "另一次平衡正在进行，请等它完成后再试。";
  readonly en = "Another balance is running: wait for it to finish, then try again.";
  constructor() {
    super("Another balance is running");
    this.name = "BalanceBusyError";
  }
}

// The pane and the ribbon command are one bundle in one page (src/addin.ts): one copy of this module, one flag.
let running = false;

/** Whether a balance is running in this runtime. */
export function balanceRunning(): boolean {
  return running;
}

/**
 * Runs `run` as the only balance of the runtime: while it runs, another call is refused at once with
 * BalanceBusyError (nothing is read or written for it). The flag is cleared however `run` ends.
 */
export async function oneBalanceAtATime<T>(run: () => Promise<T>): Promise<T> {
  if (running) throw new BalanceBusyError();
  running = true;
  try {
    return await run();
  } finally {
    running = false;
  }
}

/** The pane's saved choices, as the plan reads them. */
export function choicesOf(state: SavedState): RunChoices {
  return { sheets: state.overrides, options: state.options };
}

interface RunRead {
  plan: Plan;
  ledger: LedgerRead;
  /** The earlier moves the run used (an earlier batch's, or on a re-run the ones its own last run used). */
  priorMoves?: PriorMoves;
  /** The sync count of the read: 2 for a small workbook, a few more for a large one. */
  readSyncs: number;
}

/** Balanced and written, or (no result) refused, blocked or without a ledger as `plan` says. */
export type BalanceRun = RunRead &
  ({ result: BalanceResult; write: WriteStats } | { result?: undefined; write?: undefined });
export type Balanced = Extract<BalanceRun, { result: BalanceResult }>;

/**
 * Reads the workbook, plans the run (src/plan decides everything) and writes what the plan lays out. Nothing
 * is written when the plan refuses or is blocked: the caller shows `plan` (its blocking rows, its message).
 * `onStep` hears each step as it starts (syncsDone 0), and during the read and the write again after each sync
 * with the count of that step's syncs done (their number is known only at the end: a large sheet takes more).
 */
export async function balanceWorkbook(
  context: Excel.RequestContext,
  policy: Policy,
  saved: SavedState | ((snapshot: WorkbookSnapshot) => SavedState),
  lang: Lang,
  onStep: (step: Step, syncsDone: number) => void = () => undefined,
  now: Date = new Date(),
): Promise<BalanceRun> {
  onStep("read", 0);
  // The product's sheets are replaced whole: only their charts are read, but for 汇总, which says what an
  // earlier run moved and which batch it paid (the plan's re-run rule), and 运行记录, whose policy and option
  // lines tell 变更 when a row changed because they did, and 累计已兑付, which says what the year paid before.
  const read = [SHEETS.summary, SHEETS.runRecord, SHEETS.cumulative] as string[];
  const snapshot = await readWorkbook(
    context,
    REPORT_SHEETS,
    REPORT_SHEETS.filter((s) => !read.includes(s)),
    (syncs) => onStep("read", syncs),
  );
  const state = typeof saved === "function" ? saved(snapshot) : saved;
  onStep("balance", 0);
  const plan = planBalance(snapshot.grids, policy, choicesOf(state), {
    time: now,
    input: lang === "zh" ? "当前工作簿" : "this workbook",
    lang,
    // Earlier outputs below the rows read back are not known: 变更 leaves those rows out and says so.
    unreadOutputs: snapshot.unread,
  });
  const { ledger, priorMoves } = plan.prepared;
  const run: RunRead = { plan, ledger, priorMoves, readSyncs: snapshot.syncs };
  if (plan.kind !== "balanced") return run;

  onStep("write", 0);
  const write = await writeReport(context, {
    outputs: plan.outputs,
    tables: plan.tables,
    grids: plan.prepared.grids,
    productCharts: snapshot.productCharts,
    printAreas: snapshot.printAreas,
    styles: snapshot.styles,
    unread: snapshot.unread,
    finally: (ctx) => {
      ctx.workbook.settings.add(SETTINGS_KEY, serialiseSaved(state));
    },
    onSync: (syncs) => onStep("write", syncs),
  });
  onStep("done", 0);
  return { ...run, result: plan.result, write };
}
