/**
 * The .xlsx adapter of the command-line tool: .xlsx → Grid (read.ts, cells.ts), the result as the clerk's package
 * edited, bound to Node's inflater and deflater (node.ts). The offline page uses the same modules through balance.ts
 * with the browser's.
 */
import { NODE } from "./node";
import { readWorkbook as readWith, type ReadWorkbook } from "./read";

export { WorkbookError, type ReadWorkbook } from "./read";
export { carriedLines } from "./save";
export { type Carried } from "./keep";
export { planWorkbook, resultWorkbook, SheetChoiceError, type BalanceRequest, type PlannedWorkbook } from "./balance";
export { NODE } from "./node";

/** A workbook's bytes → its sheets as grids, and its package (read.ts), inflated with Node's zlib. */
export function readWorkbook(data: Uint8Array, name = "workbook"): Promise<ReadWorkbook> {
  return readWith(data, name, NODE.inflate);
}
