/**
 * What a writer puts into a workbook: plain tables of values with formats. Both writers — exceljs for
 * the command (src/xlsx) and Office.js for the task pane — write these same tables, so nothing here
 * knows about either.
 */
import type { CellValue, ItemId, Lang } from "../engine/types";
import type { SheetOverride } from "../ledger";
import type { YearView } from "./year";

export interface Column {
  header: string;
  /** Excel number format, e.g. `#,##0.00`. */
  numFmt?: string;
  /** Width in characters. */
  width: number;
  /** Long text wraps within the width (the row grows), rather than spilling over or widening the page. */
  wrap?: boolean;
}

/**
 * A line written across a table's width — a notice's heading or paragraph, the issuer and date where the seal goes:
 * its text (the line's first cell) merged over every column, wrapped, aligned, and the row made `lines` lines tall.
 */
export interface Span {
  align: "left" | "center" | "right";
  lines: number;
  /** `heading`: large and bold; `bold`: a group's heading in a list; `text`: a paragraph. */
  style: "heading" | "bold" | "text";
}

/** A span's font size in points, as both writers set it. */
export const SPAN_POINTS: Record<Span["style"], number> = { heading: 16, bold: 11, text: 11 };
/** A line of text is this many times its font size tall (CJK glyphs stand taller than Latin ones). */
export const LINE_HEIGHT = 1.5;

/**
 * A chart over a table's columns (0-based). It plots the first `rowCount` rows under the header, or
 * every row when `rowCount` is absent.
 */
export interface ChartSpec {
  kind: "clusteredColumn" | "bar";
  title: string;
  categoryColumn: number;
  seriesColumns: number[];
  /** Column where the chart's top-left corner goes. */
  anchorColumn: number;
  rowCount?: number;
}

/** A chart's size where a writer places it: top-left at row 2 of its anchor column. */
export const CHART_SIZE = { columns: 8, rows: 18 } as const;

/** A sheet of its own (汇总, 公示名单 …): title lines if any, then the header, then the rows. */
export interface Table {
  sheet: string;
  /** Lines above the header (the list's own title, 单位); the header is then row `title.length + 1`. */
  title?: string[];
  /** How many of the first title lines warn (a what-if run's 「测算（非正式）」): written in red, the others in black. */
  warningLines?: number;
  columns: Column[];
  rows: CellValue[][];
  /** Title lines and rows written across the table's width, by their index in `title` and in `rows`. */
  spans?: { title?: Record<number, Span>; rows?: Record<number, Span> };
  freezeRows: number;
  /**
   * How the sheet prints, set by src/report/print.ts `printed` for every table: A4, one page wide and as many down as
   * it takes, the title lines and the header repeated on every page; landscape or not; `footer`, centred at the foot
   * of each page, in Excel's header/footer codes (`&P` the page, `&N` the pages).
   */
  page?: { landscape: boolean; footer: string };
  charts: ChartSpec[];
}

/** The output columns appended to one ledger sheet (or written over an earlier run's). */
export interface LedgerOutput {
  sheet: string;
  /** 1-based row of the ledger's header. */
  headerRow: number;
  /** 0-based column of the first output column. */
  startColumn: number;
  columns: Column[];
  /** `row` is the 1-based Excel row. */
  rows: { row: number; values: CellValue[] }[];
}

/** Facts about the run that the result alone does not hold, for 运行记录. */
export interface RunInfo {
  /** ISO timestamp. */
  time: string;
  /** Input file name (or workbook name in the task pane). */
  input: string;
  inputSha256?: string;
  lang: Lang;
  /** Where earlier payouts came from (a 已兑付 sheet, a --prior file). */
  priorSource?: string;
  /** The product's version (package.json). */
  engineVersion?: string;
  /** What the user decided for named sheets (the pane's saved mapping, or the command's --sheet options). */
  sheetChoices?: Record<string, SheetOverride>;
  /** What-if budgets (`--budget P2=10000`): the run is a 测算, never a payout list. 元, the policy's and the run's. */
  whatIf?: Partial<Record<ItemId, { policy: string; run: string }>>;
  /** What the run said and nothing stopped (earlier payouts counted once, another policy version): in 运行记录 too. */
  notices?: { zh: string; en: string }[];
  /** Per ledger sheet, the rows an earlier batch decided (1-based), for 运行记录. */
  earlierRows?: Record<string, number[]>;
  /** The year up to and with this run (汇总's year block, the JSON's `year`). */
  year?: YearView;
  /** The publicity period (§四(二)), ISO dates; absent, 公示名单 is a draft. */
  publicity?: { start: string; end: string };
  /** Where objections go, as the clerk typed it (src/report/contact.ts); absent, the policy's contact. */
  contact?: string;
}
