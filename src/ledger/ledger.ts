/**
 * A whole workbook's sheets → claims, earlier payouts and earlier moves, with every sheet that
 * could not be read named and explained.
 */
import type { PriorMoves, PriorPayout, RawClaim } from "../engine/types";
import type { Policy } from "../policy/policy";
import type { Grid } from "./grid";
import {
  FIELD_LABELS,
  isSheetProblem,
  mapSheet,
  type SheetMapping,
  type SheetOverride,
  type SheetProblem,
} from "./mapping";
import { isPriorPayoutSheet, priorMovesOf, readPriorPayouts } from "./prior";
import { readClaims, type RowProblem, type SkippedRow } from "./read";

/** Sheets this product writes; not ledgers. The report writer names its sheets the same. */
export const PRODUCT_SHEETS = ["汇总", "公示名单", "异常清单", "目标进度", "运行记录"] as const;
/** The product sheet that, from an earlier run, carries the money moved between items. */
const SUMMARY_SHEET: (typeof PRODUCT_SHEETS)[number] = "汇总";

export interface LedgerRead {
  /** Every sheet read as a ledger, those missing a required column included (for the task pane). */
  sheets: SheetMapping[];
  claims: RawClaim[];
  prior: PriorPayout[];
  priorMoves?: PriorMoves;
  problems: SheetProblem[];
  /** Rows not read: an unreadable item cell, a bad line in 已兑付 or 汇总. */
  rowProblems: RowProblem[];
  skipped: (SkippedRow & { sheet: string })[];
}

function missingProblem(mapping: SheetMapping): SheetProblem {
  const names = mapping.missing.map((f) => FIELD_LABELS[f]);
  const item = mapping.item ? `（${mapping.item}）` : "";
  return {
    sheet: mapping.sheet,
    code: "MISSING_COLUMNS",
    zh: `工作表“${mapping.sheet}”${item}缺少必需的列：${names.map((n) => n.zh).join("、")}；本表未读入，请指定这些列`,
    en: `Sheet "${mapping.sheet}"${mapping.item ? ` (${mapping.item})` : ""} lacks required columns: ${names.map((n) => n.en).join(", ")}; not read until they are chosen`,
    missing: mapping.missing,
  };
}

/**
 * Reads every sheet: 已兑付 sheets as earlier payouts, an earlier run's 汇总 as earlier moves, the
 * product's other sheets and sheets the user skipped not at all, everything else as a ledger.
 * Empty sheets are ignored; a sheet with content but no header is a problem.
 */
export function readLedger(grids: Grid[], policy: Policy, overrides: Record<string, SheetOverride> = {}): LedgerRead {
  const read: LedgerRead = { sheets: [], claims: [], prior: [], problems: [], rowProblems: [], skipped: [] };
  for (const grid of grids) {
    const name = grid.name.trim();
    if (overrides[grid.name]?.skip) continue;
    if (name === SUMMARY_SHEET) {
      const moves = priorMovesOf(grid);
      if (moves) {
        read.priorMoves = moves.moves;
        read.rowProblems.push(...moves.problems);
      }
      continue;
    }
    if ((PRODUCT_SHEETS as readonly string[]).includes(name)) continue;
    if (isPriorPayoutSheet(name)) {
      const prior = readPriorPayouts(grid, policy);
      read.prior.push(...prior.payouts);
      read.rowProblems.push(...prior.problems);
      continue;
    }
    const mapping = mapSheet(grid, policy, overrides[grid.name]);
    if (isSheetProblem(mapping)) {
      if (mapping.code !== "EMPTY") read.problems.push(mapping);
      continue;
    }
    read.sheets.push(mapping);
    if (mapping.missing.length > 0) {
      read.problems.push(missingProblem(mapping));
      continue;
    }
    const rows = readClaims(grid, mapping);
    read.claims.push(...rows.claims);
    read.rowProblems.push(...rows.problems);
    read.skipped.push(...rows.skipped.map((s) => ({ sheet: grid.name, ...s })));
  }
  return read;
}
