/**
 * How large a workbook the tools take (issue 8 item 8). Both hosts read every row of a sheet into
 * memory before the ledger reader sees it: the command through exceljs's workbook model, the task pane
 * through Excel's used ranges. Past a size that no longer balances in minutes and a few GB, so both
 * refuse the workbook up front, from its sheets' sizes alone, with the same message saying what to do.
 */
import { PRODUCT_SHEETS } from "./ledger";

/**
 * The most rows, summed over the workbook's sheets (the product's own sheets not counted), that one run
 * reads. Measured with the command (`scripts/make-big-ledger.js`, one P2 sheet, Node's default ~4 GB heap,
 * 2 cores): 100,000 rows balance and write their result in 23 s at 2.8 GB peak RSS; 150,000 in ??? s at ???
 * GB; 200,000 take 3 minutes at 4.4 GB, writing the result near the heap limit; 1,000,000 run out of heap
 * in exceljs's load after 3½ minutes. The task pane holds the same grids in a browser tab, with less room.
 */
export const MAX_LEDGER_ROWS = 150_000;

/** A sheet's size as read up front: its last used row (1-based), title and header rows included. */
export interface SheetSize {
  sheet: string;
  rows: number;
}

/** Sheets an earlier run wrote (汇总, 公示名单, …): a run replaces them, so they are not counted. */
function counted(sizes: readonly SheetSize[]): SheetSize[] {
  return sizes.filter((s) => s.rows > 0 && !(PRODUCT_SHEETS as readonly string[]).includes(s.sheet));
}

const n = (v: number) => v.toLocaleString("en-US");

/** A workbook refused for its size: `zh` and `en` say which sheets, how many rows, the limit and what to do. */
export class LedgerTooLargeError extends Error {
  readonly zh: string;
  readonly en: string;

  constructor(
    readonly sizes: readonly SheetSize[],
    readonly max: number,
  ) {
    const sheets = [...sizes].sort((a, b) => b.rows - a.rows);
    const total = sheets.reduce((sum, s) => sum + s.rows, 0);
    const shown = sheets.slice(0, 5);
    const more = sheets.length - shown.length;
    const zhSheets =
      sheets.length === 1
        ? `工作表「${sheets[0].sheet}」有 ${n(total)} 行`
        : `工作表${shown.map((s) => `「${s.sheet}」${n(s.rows)} 行`).join("、")}${more > 0 ? ` 等 ${sheets.length} 张` : ""}，共 ${n(total)} 行`;
    const enSheets =
      sheets.length === 1
        ? `sheet "${sheets[0].sheet}" has ${n(total)} rows`
        : `sheets ${shown.map((s) => `"${s.sheet}" ${n(s.rows)}`).join(", ")}${more > 0 ? ` and ${more} more` : ""} have ${n(total)} rows together`;
    const zh =
      `台账过大：${zhSheets}，一次最多处理 ${n(max)} 行。` +
      `请把台账按批次或按奖补项目拆分为几个工作簿，每个不超过 ${n(max)} 行，再分别运行。`;
    const en =
      `Ledger too large: ${enSheets}; at most ${n(max)} rows are balanced in one run. ` +
      `Split the ledger by batch or by item into several workbooks of at most ${n(max)} rows each and run each one.`;
    super(`${zh}\n${en}`);
    this.name = "LedgerTooLargeError";
    this.zh = zh;
    this.en = en;
  }
}

/**
 * The error to refuse a workbook with, or undefined when its sheets are within `max` rows together.
 * Product sheets are left out: a run on a result workbook replaces them.
 */
export function tooLarge(sizes: readonly SheetSize[], max = MAX_LEDGER_ROWS): LedgerTooLargeError | undefined {
  const sheets = counted(sizes);
  const total = sheets.reduce((sum, s) => sum + s.rows, 0);
  return total > max ? new LedgerTooLargeError(sheets, max) : undefined;
}
