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
 */
export async function balanceWorkbook(
  context: Excel.RequestContext,
  policy: Policy,
  saved: SavedState | ((snapshot: WorkbookSnapshot) => SavedState),
  lang: Lang,
  onStep: (step: Step) => void = () => undefined,
  now: Date = new Date(),
): Promise<BalanceRun> {
  onStep("read");
  // The product's sheets are replaced whole: only their charts are read, but for 汇总, which says what an
  // earlier run moved and which batch it paid (the plan's re-run rule).
  const snapshot = await readWorkbook(
    context,
    REPORT_SHEETS,
    REPORT_SHEETS.filter((s) => s !== SHEETS.summary),
  );
  const state = typeof saved === "function" ? saved(snapshot) : saved;
  onStep("balance");
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

  onStep("write");
  const write = await writeReport(context, {
    outputs: plan.outputs,
    tables: plan.tables,
    grids: plan.prepared.grids,
    productCharts: snapshot.productCharts,
    styles: snapshot.styles,
    unread: snapshot.unread,
    finally: (ctx) => {
      ctx.workbook.settings.add(SETTINGS_KEY, serialiseSaved(state));
    },
  });
  onStep("done");
  return { ...run, result: plan.result, write };
}
