/** The exceljs adapter of the command-line tool: .xlsx ↔ Grid, report tables → workbook. */
export { readWorkbook, toGrid, WorkbookError, type ReadWorkbook } from "./read";
export { saveWorkbook, writeResult } from "./write";
