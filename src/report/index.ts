/** Balance result → the tables a workbook writer puts on the ledger sheets and the summary sheets. */
export * from "./types";
export { printArea, tableWidth } from "./format";
export { LINE_POINTS, printed, widenedPrintArea, wrappedLines } from "./print";
export { ledgerOutputs, reasonText } from "./ledgerOutputs";
export { settingRows, summaryTables, whatIfTitle } from "./summary";
export { resultJson } from "./json";
export { assumptionLines, assumptionsOf, type Assumption } from "./assumptions";
export { summaryText } from "./text";
export { safeOutput, safeTable, withoutBidi } from "./safeText";
export { supportChecks, supportTable, supportText, type SupportChecks } from "./support";
export { labels, REPORT_SHEETS, SHEETS } from "./labels";
export { commandLabels } from "./commandLabels";
export { amountOf, earlierItems, earlierRun, type EarlierItem, type EarlierRun } from "./earlierRun";
export {
  cumulativeTable,
  movesBefore,
  readCumulative,
  runMoves,
  yearJson,
  yearRows,
  yearView,
  type BatchMove,
  type YearBefore,
  type YearView,
} from "./year";
