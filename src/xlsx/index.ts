/** The exceljs adapter of the command-line tool: .xlsx ↔ Grid, report tables → workbook. */
export { readWorkbook, toGrid, WorkbookError, type ReadWorkbook } from "./read";
export { carriedLines, packResult } from "./save";
export { writeResult } from "./write";
export { type Carried } from "./keep";
