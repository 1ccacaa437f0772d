/**
 * Ledger sheets (as plain grids) → sheet mappings → RawClaim[]; 已兑付 → PriorPayout[]; 汇总 → PriorMoves;
 * 资金计划 → FundingPlanLine[]; 绩效指标 → IndicatorReport[].
 */
export { type Grid, type MergedRange, columnLetter, columnIndex, rangeText } from "./grid";
export {
  FIELD_HEADERS,
  OUTPUT_HEADERS,
  normaliseHeader,
  matchField,
  mapHeaderRow,
  findColumns,
  type MappedColumn,
  type HeaderMapping,
} from "./headers";
export { findHeaderRow, detectItem, type ItemDetection } from "./detect";
export { nearestHeader } from "./nearest";
export { parseItem, performanceItemOf, supportItemOf, itemKey, sheetNameItem } from "./item";
export {
  mapSheet,
  missingColumnsProblem,
  twoColumnsProblem,
  outputColumnStart,
  fieldNamed,
  isSheetProblem,
  isSkippedSheet,
  FIELD_LABELS,
  REQUIRED_FIELDS,
  type SheetOverride,
  type SheetMapping,
  type SheetProblem,
} from "./mapping";
export { readClaims, type RowProblem, type SkippedRow } from "./read";
export { readPriorPayouts, readPriorMoves, readClaimed, isPriorPayoutSheet, markOf, MARK_TEXT } from "./prior";
export { ownSheets, productGrid, type OwnSheets } from "./own";
export { readLedger, sheetRole, skippedSheets, unreadableSheets, type LedgerRead, type SheetRole } from "./ledger";
export {
  SHEETS,
  PRODUCT_SHEETS,
  RUN_RECORD_LINES,
  SUPPORT,
  taggedName,
  productSheetNamed,
  type ProductSheet,
  SUMMARY,
  MOVES,
  PUBLICITY,
  EXCEPTIONS,
  TARGETS,
  RUN_RECORD,
  LEDGER_OUTPUT,
  CHANGES,
  CHANGED_ITEMS,
  CUMULATIVE,
  CUMULATIVE_MOVES,
  headersOf,
  indexOf,
  rowOf,
  type ColumnFormat,
  type ColumnSpec,
  type Layout,
} from "./layouts";
export { isFundingPlanSheet, isIndicatorSheet, readFundingPlan, readIndicators, supportOptions } from "./support";
export { csvGrid, holidayGrid, isHolidaySheet, readHolidays, type HolidayRead } from "./holidays";
