/** The Office.js adapter: the open workbook ↔ grids, report tables → sheets, saved state in the workbook. */
export { fromExcel, toExcel, isDateFormat, serialToDate, dateToSerial } from "./cells";
export { readWorkbook, type Unread, type WorkbookSnapshot } from "./read";
export { writeReport, styleName, REQUEST_BUDGET, type WritePlan, type WriteStats } from "./write";
export { selectRef } from "./select";
export { firstRow, watchSelection } from "./selection";
export { SETTINGS_KEY, defaultOptions, parseSaved, serialiseSaved, type PaneOptions, type SavedState } from "./saved";
export {
  balanceWorkbook,
  balanceRunning,
  BalanceBusyError,
  choicesOf,
  oneBalanceAtATime,
  type BalanceRun,
  type Balanced,
  type Step,
} from "./run";
