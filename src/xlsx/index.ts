/** The exceljs adapter of the command-line tool: .xlsx ↔ Grid, report tables → workbook. */
export { readWorkbook, toGrid, WorkbookError, type ReadWorkbook } from "./read";
export { packResult } from "./save";
export { writeResult } from "./write";
export { featureName, type Carried } from "./keep";
