/**
 * How large a workbook the tools take (issue 8 item 8, issue 19). Each host holds every row it reads: the task pane
 * Excel's used ranges in a browser tab, the command the grids its streaming reader (src/xlsx/cells.ts) gives and all
 * a balance makes of them. Each refuses a workbook past what its memory holds, from its sheets' sizes as they are
 * read, with a message naming the limit and why; the plan counts again once it knows which sheets are the product's
 * (a clerk's sheet named 变更 is a ledger's rows).
 */
import { PRODUCT_SHEETS, productSheetNamed } from "./layouts";

/**
 * The most rows, summed over the workbook's sheets but the product's own, that the task pane (and the offline page, a
 * browser tab too) reads: it holds every cell of them in the page, as Excel's used ranges or the file's grids. Measured
 * with the old command (exceljs's model, like a page's grids, every cell an object) on one generated P2 sheet
 * (`scripts/make-big-ledger.js`), Node's default heap (~4 GB), 2 cores, wall time and peak RSS of `balance --out`:
 *
 *   100,000 rows, 12 columns    23 s  2.8 GB      125,000 rows, 12 columns    25 s  3.5 GB
 *   100,000 rows, 17 columns    25 s  3.5 GB      150,000 rows, 12 columns    45 s  4.0 GB
 *   200,000 rows, 12 columns   184 s  4.4 GB (writing the result at the heap's limit)
 *
 * Past ~150,000 rows the run slows sharply as the heap fills; 100,000 leaves the margin a browser tab needs.
 * test/excel/scale.test.ts holds the pane to it.
 */
export const MAX_LEDGER_ROWS = 100_000;

/**
 * The most rows the command (src/cli, through src/xlsx's streaming reader and package writer) balances in one run, on
 * a bureau's desk computer of 8 GB, where Node's heap ends at 2 GB (a quarter of the memory; the rest is the system's
 * and Excel's). Measured on the bench's ledger (4 sheets, 12 columns at most, bench/cli.bench.ts), 2 cores shared,
 * `--max-old-space-size=2048` as on such a desk, `balance --out --json`:
 *
 *   1,000,000 rows  balanced and written: 249 s wall at load 9, 132 s CPU, 3.0 GB RSS; the heap 1.58 GB at most
 *                   while planning, 0.84 GB held while the result is written, 1.69 GB at most while the JSON's rows
 *                   are made (~0.8 KB a row, src/report/json.ts)
 *   1,200,000 rows  balanced and written (the package's 256 MB a part lifted in a scratch build): 166 s CPU,
 *                   3.6 GB RSS, the heap 1.82 GB at most
 *   before issue 19's memory work (1.9 KB a row held once planned): out of heap at 400,000 rows
 *
 * The heap ends near 1,300,000 rows. 1,000,000 leaves the margin a wider sheet or longer texts take, just under
 * Excel's own 1,048,576 rows a sheet. A sheet's XML may be 1 GB (zip.ts), so this limit, not the package's, is what
 * refuses a large ledger; a million-row result, run again, is refused by the package's 768 MB in all (zip.ts says why).
 * docs/PERFORMANCE.md "Issue 19: 1,000,000 rows" has the figures by stage.
 */
export const COMMAND_LEDGER_ROWS = 1_000_000;

/**
 * How many rows a host holds, and why, as its message says: `rows` summed over the ledgers (every sheet but the
 * product's own), `product` over the sheets that bear a product sheet's name (汇总, 公示名单, 异常清单, 累计已兑付 …).
 * A result of a ledger at `rows` holds about a row per ledger row in each of 公示名单 (a unit each), 累计已兑付 (a
 * payout each) and 异常清单 or 变更 — three times `rows`, so such a result is run again, and a million rows under the
 * name 变更 are refused once the limit's rows are counted, no more of their cells held.
 */
export interface RowLimit {
  rows: number;
  product: number;
  /** Why the limit is where it is, in the message. */
  why: { zh: string; en: string };
}

/** The task pane's and the offline page's: what a browser tab holds. */
export const PANE_LIMIT: RowLimit = {
  rows: MAX_LEDGER_ROWS,
  product: 3 * MAX_LEDGER_ROWS,
  why: { zh: "Excel 任务窗格或浏览器页面所能容纳的行数", en: "what Excel's task pane or a browser page holds" },
};

/** The command's: what the memory of an 8 GB computer holds (COMMAND_LEDGER_ROWS). */
export const COMMAND_LIMIT: RowLimit = {
  rows: COMMAND_LEDGER_ROWS,
  product: 3 * COMMAND_LEDGER_ROWS,
  why: {
    zh: "8 GB 内存的电脑所能容纳的行数（命令行工具的运行内存约 2 GB）",
    en: "what a computer of 8 GB of memory holds (the command runs in about 2 GB of it)",
  },
};

/** A sheet's size as read up front: its last used row (1-based), title and header rows included. */
export interface SheetSize {
  sheet: string;
  rows: number;
}

const n = (v: number) => v.toLocaleString("en-US");

/**
 * A workbook refused for its size: `zh` and `en` say which sheets, how many rows, the host's limit and why, and what
 * to do. `product`: the sheets that bear a product sheet's name are over the limit's `product` together.
 */
export class LedgerTooLargeError extends Error {
  readonly zh: string;
  readonly en: string;

  readonly max: number;

  constructor(
    readonly sizes: readonly SheetSize[],
    readonly limit: RowLimit,
    readonly product = false,
  ) {
    const max = product ? limit.product : limit.rows;
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
      ? `工作簿过大：${zhSheets}；与本工具写入的工作表同名（${PRODUCT_SHEETS.join("、")}）的工作表合计最多 ${n(max)} 行（${limit.why.zh}）。` +
        `如是以前的运行结果，请删除这些工作表后重新运行；如是台账，请改用其他工作表名，并按奖补项目拆分为每个不超过 ${n(limit.rows)} 行的工作簿。`
      : `台账过大：${zhSheets}，一次最多处理 ${n(max)} 行（${limit.why.zh}）。` +
        `请按奖补项目把台账拆分为几个工作簿（每个不超过 ${n(max)} 行），分别关闭资金调剂运行（命令行 --no-reallocate）：` +
        `拆开后各次运行看不到其他项目的需求，项目之间的调剂须人工核定。`;
    const en = product
      ? `Workbook too large: ${enSheets}; the sheets named as this tool's own (${PRODUCT_SHEETS.join(", ")}) hold at ` +
        `most ${n(max)} rows together (${limit.why.en}). If they are an earlier result, delete them and run again; if a ledger, rename the ` +
        `sheet and split the ledger by item into workbooks of at most ${n(limit.rows)} rows each.`
      : `Ledger too large: ${enSheets}; at most ${n(max)} rows are balanced in one run (${limit.why.en}). ` +
        `Split the ledger by item into several workbooks of at most ${n(max)} rows each and run each with reallocation off ` +
        `(--no-reallocate): a run of one part cannot see the other items' demand, so moving money between items is decided by hand.`;
    super(`${zh}\n${en}`);
    this.name = "LedgerTooLargeError";
    this.zh = zh;
    this.en = en;
    this.max = max;
  }
}

/**
 * The error to refuse a workbook with, or undefined when it is within the host's `limit`: its real rows counted (the
 * hosts count rows, never what a sheet's header claims), the product's own sheets (`own`: up front, any sheet that
 * bears a product sheet's name; once the sheets are read, those src/ledger/own.ts finds the product wrote) against
 * `limit.product`, every other sheet against `limit.rows`.
 */
export function tooLarge(
  sizes: readonly SheetSize[],
  own: (sheet: string) => boolean = (sheet) => productSheetNamed(sheet) !== undefined,
  limit: RowLimit = PANE_LIMIT,
): LedgerTooLargeError | undefined {
  const ledgers = sizes.filter((s) => s.rows > 0 && !own(s.sheet));
  const products = sizes.filter((s) => s.rows > 0 && own(s.sheet));
  const sum = (list: SheetSize[]) => list.reduce((total, s) => total + s.rows, 0);
  if (sum(ledgers) > limit.rows) return new LedgerTooLargeError(ledgers, limit);
  if (sum(products) > limit.product) return new LedgerTooLargeError(products, limit, true);
  return undefined;
}
