/**
 * How large a workbook the tools take (issue 8 item 8). Both hosts read every row of a sheet into
 * memory before the ledger reader sees it: the command through exceljs's workbook model, the task pane
 * through Excel's used ranges. Past a size that no longer balances in minutes and a few GB, so both
 * refuse the workbook up front, from its sheets' sizes alone, with the same message saying what to do; the
 * plan counts again once it knows which sheets are the product's (a clerk's sheet named 变更 is a ledger's rows).
 */
import { PRODUCT_SHEETS, productSheetNamed } from "./layouts";

/**
 * The most rows, summed over the workbook's sheets but the product's own, that one run reads. Measured with the
 * command on one generated P2 sheet (`scripts/make-big-ledger.js`), Node's
 * default heap (~4 GB), 2 cores, wall time and peak RSS of `balance --out`:
 *
 *   100,000 rows, 12 columns    23 s  2.8 GB      125,000 rows, 12 columns    25 s  3.5 GB
 *   100,000 rows, 17 columns    25 s  3.5 GB      150,000 rows, 12 columns    45 s  4.0 GB
 *   100,000 rows, result re-run 20 s  3.3 GB      150,000 rows, 17 columns    84 s  4.3 GB
 *   200,000 rows, 12 columns   184 s  4.4 GB (writing the result at the heap's limit; 133 s, 6.8 GB on a 16 GB heap)
 *   1,000,000 rows: out of heap in exceljs's load after 206 s (4.7 GB); on a 16 GB heap, still writing after 10 min at 12.6 GB
 *
 * Past ~150,000 rows the run slows sharply as the heap fills (exceljs holds every cell, read and written),
 * and a wider sheet or longer texts tip it over. 100,000 leaves that margin: a clerk's 17-column sheet, or
 * a result workbook run again, balances in well under a minute. The task pane holds the same grids in a
 * browser tab, with no more room.
 */
export const MAX_LEDGER_ROWS = 100_000;

/**
 * The most rows the sheets that bear a product sheet's name (汇总, 公示名单, 异常清单, 累计已兑付 …) may hold together.
 * Both hosts hold them too (the command's exceljs every cell, the pane some), so they are counted, apart from the
 * ledgers: a result of a ledger at the limit holds in them about a row per ledger row in each of 公示名单 (a unit
 * each), 累计已兑付 (a payout each) and 异常清单 or 变更 — three times the ledgers' limit, so such a result is run
 * again, and a million rows under the name 变更 are refused before anything is loaded.
 */
export const MAX_PRODUCT_ROWS = 3 * MAX_LEDGER_ROWS;

/** A sheet's size as read up front: its last used row (1-based), title and header rows included. */
export interface SheetSize {
  sheet: string;
  rows: number;
}

const n = (v: number) => v.toLocaleString("en-US");

/**
 * A workbook refused for its size: `zh` and `en` say which sheets, how many rows, the limit and what to do. `product`:
 * the sheets that bear a product sheet's name are over MAX_PRODUCT_ROWS together.
 */
export class LedgerTooLargeError extends Error {
  readonly zh: string;
  readonly en: string;

  constructor(
    readonly sizes: readonly SheetSize[],
    readonly max: number,
    readonly product = false,
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
    const zh = product
      ? `工作簿过大：${zhSheets}；与本工具写入的工作表同名（${PRODUCT_SHEETS.join("、")}）的工作表合计最多 ${n(max)} 行。` +
        `如是以前的运行结果，请删除这些工作表后重新运行；如是台账，请改用其他工作表名，并按奖补项目拆分为每个不超过 ${n(MAX_LEDGER_ROWS)} 行的工作簿。`
      : `台账过大：${zhSheets}，一次最多处理 ${n(max)} 行。` +
        `请按奖补项目把台账拆分为几个工作簿（每个不超过 ${n(max)} 行），分别关闭资金调剂运行（命令行 --no-reallocate）：` +
        `拆开后各次运行看不到其他项目的需求，项目之间的调剂须人工核定。`;
    const en = product
      ? `Workbook too large: ${enSheets}; the sheets named as this tool's own (${PRODUCT_SHEETS.join(", ")}) hold at ` +
        `most ${n(max)} rows together. If they are an earlier result, delete them and run again; if a ledger, rename the ` +
        `sheet and split the ledger by item into workbooks of at most ${n(MAX_LEDGER_ROWS)} rows each.`
      : `Ledger too large: ${enSheets}; at most ${n(max)} rows are balanced in one run. ` +
        `Split the ledger by item into several workbooks of at most ${n(max)} rows each and run each with reallocation off ` +
        `(--no-reallocate): a run of one part cannot see the other items' demand, so moving money between items is decided by hand.`;
    super(`${zh}\n${en}`);
    this.name = "LedgerTooLargeError";
    this.zh = zh;
    this.en = en;
  }
}

/**
 * The error to refuse a workbook with, or undefined when it is within the limits: its real rows counted (the hosts
 * count rows, never what a sheet's header claims), the product's own sheets (`own`: up front, any sheet that bears a
 * product sheet's name; once the sheets are read, those src/ledger/own.ts finds the product wrote) against
 * MAX_PRODUCT_ROWS, every other sheet against `max`.
 */
export function tooLarge(
  sizes: readonly SheetSize[],
  own: (sheet: string) => boolean = (sheet) => productSheetNamed(sheet) !== undefined,
  max = MAX_LEDGER_ROWS,
): LedgerTooLargeError | undefined {
  const ledgers = sizes.filter((s) => s.rows > 0 && !own(s.sheet));
  const products = sizes.filter((s) => s.rows > 0 && own(s.sheet));
  const sum = (list: SheetSize[]) => list.reduce((total, s) => total + s.rows, 0);
  if (sum(ledgers) > max) return new LedgerTooLargeError(ledgers, max);
  if (sum(products) > MAX_PRODUCT_ROWS) return new LedgerTooLargeError(products, MAX_PRODUCT_ROWS, true);
  return undefined;
}
