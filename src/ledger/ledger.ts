/**
 * A whole workbook's sheets → claims, earlier payouts and earlier moves, the support projects' funding
 * plan and indicators, with every sheet that could not be read named and explained.
 */
import type Decimal from "decimal.js";
import type { FundingPlanLine, IndicatorReport } from "../engine/support";
import type { PriorMoves, PriorPayout, RawClaim } from "../engine/types";
import type { Policy } from "../policy/policy";
import type { Grid } from "./grid";
import {
  isSheetProblem,
  isSkippedSheet,
  mapSheet,
  missingColumnsProblem,
  twoColumnsProblem,
  type SheetMapping,
  type SheetOverride,
  type SheetProblem,
} from "./mapping";
import type { ProductSheet } from "./layouts";
import { ownSheets } from "./own";
import { isHolidaySheet, readHolidays, type HolidayRead } from "./holidays";
import { isPriorPayoutSheet, priorMovesOf, readPriorPayouts } from "./prior";
import { readClaims, type RowProblem, type SkippedRow } from "./read";
import { isFundingPlanSheet, isIndicatorSheet, readFundingPlan, readIndicators } from "./support";

export interface LedgerRead {
  /** Every sheet read as a ledger, those missing a required column included (for the task pane). */
  sheets: SheetMapping[];
  claims: RawClaim[];
  prior: PriorPayout[];
  priorMoves?: PriorMoves;
  /** Every sheet not read as a ledger, and why: skipped (isSkippedSheet), or unreadable (see `unreadableSheets`). */
  problems: SheetProblem[];
  /** P5–P8 funding plan lines (资金计划), when the workbook has such a sheet. */
  fundingPlan?: FundingPlanLine[];
  /** P5–P8 indicators reported at acceptance (绩效指标), when the workbook has such a sheet. */
  indicators?: IndicatorReport[];
  /** Ledger or indicator rows not read (an unreadable item cell, a bad indicator line): each is listed. */
  rowProblems: RowProblem[];
  /**
   * Rows of earlier payouts (已兑付, an earlier 汇总's moves) or of a funding plan that could not be read. Each
   * would move money if skipped, so any of them stops the balance (LEDGER.md "Read completely or not at all").
   */
  blocking: RowProblem[];
  skipped: (SkippedRow & { sheet: string })[];
  /**
   * The workbook's 节假日 sheet (the user's holidays and working weekends, for the publicity dates), when it has
   * one: its rows not read are in its own `problems`, never among the ledger's.
   */
  holidays?: HolidayRead;
  /**
   * Rows an earlier batch decided (LEDGER.md "One workbook for the year"), set by the plan: not among `claims`,
   * their output columns left as that batch wrote them.
   */
  earlier?: { sheet: string; row: number; item: string; claimant: string; payout: Decimal }[];
}

/**
 * What a sheet is: the add-in's own (`own`, from ownSheets: its 汇总 carries an earlier run's moves), else by its
 * name earlier payouts, a support-project sheet, the user's holidays, or maybe a ledger. A clerk's sheet that bears
 * a product sheet's name is the clerk's: a 支持项目 of theirs is a funding plan, a 汇总 maybe a ledger.
 */
export type SheetRole = "summary" | "product" | "prior" | "indicators" | "fundingPlan" | "holidays" | "ledger";

export function sheetRole(sheetName: string, own: ReadonlyMap<string, ProductSheet>): SheetRole {
  const product = own.get(sheetName);
  if (product) return product === "summary" ? "summary" : "product";
  const name = sheetName.trim();
  if (isPriorPayoutSheet(name)) return "prior";
  if (isIndicatorSheet(name)) return "indicators";
  if (isFundingPlanSheet(name)) return "fundingPlan";
  if (isHolidaySheet(name)) return "holidays";
  return "ledger";
}

/**
 * Sheets that show a sign of a ledger and cannot be read (no header, a required column missing, no item, too wide):
 * any of them stops the balance, since skipping it would pay none of its claimants and move its item's budget to
 * other items (LEDGER.md "A ledger sheet is read, or the run stops").
 */
export function unreadableSheets(ledger: LedgerRead): SheetProblem[] {
  return ledger.problems.filter((p) => !isSkippedSheet(p));
}

/** Sheets with no sign of a ledger (填表说明, notes) or empty: skipped, each listed where the run is read. */
export function skippedSheets(ledger: LedgerRead): SheetProblem[] {
  return ledger.problems.filter(isSkippedSheet);
}

/**
 * Reads every sheet: 已兑付 sheets as earlier payouts, an earlier run's 汇总 as earlier moves, funding
 * plan and indicator sheets as the support projects' (unless the user gave the sheet an item), the
 * product's other sheets and sheets the user skipped not at all, everything else as a ledger. A sheet
 * not read as a ledger is among `problems`, with why.
 */
export function readLedger(grids: Grid[], policy: Policy, overrides: Record<string, SheetOverride> = {}): LedgerRead {
  const read: LedgerRead = {
    sheets: [],
    claims: [],
    prior: [],
    problems: [],
    rowProblems: [],
    blocking: [],
    skipped: [],
  };
  const { own } = ownSheets(grids);
  for (const grid of grids) {
    if (overrides[grid.name]?.skip) continue;
    const role = sheetRole(grid.name, own);
    // A sheet the user gave an item is a ledger, whatever its name says.
    if (role === "summary") {
      const moves = priorMovesOf(grid);
      if (moves) {
        read.priorMoves = moves.moves;
        for (const p of moves.problems) read.blocking.push(p);
      }
      continue;
    }
    if (role === "product") continue;
    // The user's holidays: a calendar, never a ledger (and with an item given, still a calendar).
    if (role === "holidays") {
      const days = readHolidays(grid);
      if (!read.holidays) read.holidays = days;
      else {
        for (const [d, k] of days.days) read.holidays.days.set(d, k);
        for (const p of days.problems) read.holidays.problems.push(p);
      }
      continue;
    }
    if (role === "prior") {
      const prior = readPriorPayouts(grid, policy);
      for (const p of prior.payouts) read.prior.push(p);
      for (const p of prior.problems) read.blocking.push(p);
      continue;
    }
    const asLedger = overrides[grid.name]?.item !== undefined;
    if (!asLedger && role === "indicators") {
      const indicators = readIndicators(grid, policy);
      read.indicators = [...(read.indicators ?? []), ...indicators.reports];
      for (const p of indicators.problems) read.rowProblems.push(p);
      continue;
    }
    if (!asLedger && role === "fundingPlan") {
      const plan = readFundingPlan(grid, policy);
      read.fundingPlan = [...(read.fundingPlan ?? []), ...plan.plan];
      for (const p of plan.problems) read.blocking.push(p);
      continue;
    }
    const mapping = mapSheet(grid, policy, overrides[grid.name]);
    if (isSheetProblem(mapping)) {
      read.problems.push(mapping);
      continue;
    }
    read.sheets.push(mapping);
    if (mapping.missing.length > 0) {
      read.problems.push(missingColumnsProblem(mapping));
      continue;
    }
    if (mapping.conflicts) {
      read.problems.push(twoColumnsProblem(mapping));
      continue;
    }
    const rows = readClaims(grid, mapping);
    // Appended one by one: spreading 200,000 rows into push() overflows the call stack.
    for (const c of rows.claims) read.claims.push(c);
    for (const p of rows.problems) read.rowProblems.push(p);
    for (const s of rows.skipped) read.skipped.push({ sheet: grid.name, ...s });
  }
  return read;
}
