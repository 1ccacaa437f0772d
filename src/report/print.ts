/**
 * How every sheet the product writes prints (issue 17 item 1): one rule for all of them, applied once where the plan
 * assembles its tables (src/plan planBalance) and set by both writers (src/xlsx/productSheet.ts, src/excel/write.ts). A4, one
 * page wide and as many pages down as it takes, the title lines and the header on every page, every page numbered;
 * landscape only when the table is wider than a portrait page holds. A text column a reader's line wide or wider
 * (异常清单's 原因, 变更's 变化原因, 运行记录's 事项 and 内容) wraps within WRAP_WIDTH instead of widening the page, which
 * fit-to-width would then shrink past reading.
 */
import type { CellValue, Lang } from "../engine/types";
import { columnIndex, columnLetter } from "../ledger/grid";
import { displayWidth, tableWidth, WRAP_SLACK } from "./format";
import { labels } from "./labels";
import type { Column, LedgerOutput, Table } from "./types";

/** The widest a text column prints, in characters (Excel's column width): about 20 Chinese characters a line. */
export const WRAP_WIDTH = 40;
/**
 * What portrait A4 holds at full size, in characters: 210 mm less Excel's default margins (0.7 in a side) is 494 pt,
 * at about 5.3 pt a character and a few points of padding per column.
 */
export const PORTRAIT_WIDTH = 90;
/** Excel's standard column width, for cells a table writes right of its header (汇总's notes, 变更's items). */
const STANDARD_WIDTH = 8.43;

/** Points a line of text takes: Excel's default row (15 pt) for its default 11 pt type. */
export const LINE_POINTS = 15;

/** A table as it prints: its text columns a line wide or wider wrapped at WRAP_WIDTH, and its page. */
export function printed(table: Table, lang: Lang): Table {
  const columns = table.columns.map((c) =>
    !c.numFmt && c.width >= WRAP_WIDTH ? { ...c, width: WRAP_WIDTH, wrap: true } : c,
  );
  const extra = Math.max(0, tableWidth(table) - columns.length) * STANDARD_WIDTH;
  const width = columns.reduce((sum, c) => sum + c.width, extra);
  return { ...table, columns, page: { landscape: width > PORTRAIT_WIDTH, footer: labels(lang).pageFooter } };
}

/**
 * The lines a row takes when its wrapped cells wrap at their columns' widths (a Chinese character is two columns, and
 * WRAP_SLACK is added for the type's own widths), at least 1. A writer whose application does not size rows to wrapped
 * text (a file another program opens) sets the row's height from it.
 */
export function wrappedLines(columns: readonly Column[], values: readonly CellValue[]): number {
  let lines = 1;
  columns.forEach((c, i) => {
    const v = values[i];
    // A text that fits however wide its characters are is not measured: 累计已兑付 can hold 1,000,000 rows.
    if (!c.wrap || typeof v !== "string" || (v.length * 2.2 <= c.width && !v.includes("\n"))) return;
    const count = v
      .split("\n")
      .reduce((n, part) => n + Math.max(1, Math.ceil((displayWidth(part) * WRAP_SLACK) / c.width)), 0);
    lines = Math.max(lines, count);
  });
  return lines;
}

/**
 * A ledger's print area, as the clerk set it, widened to the output columns the run appends (so the printed ledger
 * shows 兑付金额): every area over the ledger's header or rows reaches at least the last output column. Areas are
 * `A1:H60` (no sheet, no `$`); the clerk's page setup is otherwise the clerk's.
 */
export function widenedPrintArea(areas: readonly string[], output: LedgerOutput): string[] {
  const right = output.startColumn + output.columns.length - 1;
  const last = output.rows.reduce((m, r) => Math.max(m, r.row), output.headerRow);
  return areas.map((area) => {
    // Cells (`A1:H60`) or whole columns (`A:H`); whole rows already hold every column.
    const m = /^([A-Z]{1,3})(\d*)(?::([A-Z]{1,3})(\d*))?$/.exec(area.replace(/\$/g, ""));
    if (!m) return area;
    const [, left, top, end = left, bottom = top] = m;
    const overRows = top === "" || (Number(top) <= last && Number(bottom) >= output.headerRow);
    if (!overRows || (columnIndex(end) ?? 0) >= right) return area;
    return `${left}${top}:${columnLetter(right)}${bottom}`;
  });
}
