/**
 * A fake workbook's sheet as a clerk sees it in Excel, as one HTML page: column letters and row numbers,
 * gridlines, column widths, bold cells, numbers shown through their cell's number format (the formats the
 * product writes, roughly as Excel renders them), text running over empty cells to its right, and the sheet's
 * tab with its print settings beneath. For screenshots only: nothing here is compared.
 */
import { letters } from "../fakes/address";
import {
  DEFAULT_COLUMN_WIDTH,
  pageLayoutOf,
  usedRect,
  type FakeCell,
  type FakeSheet,
  type Scalar,
} from "../fakes/model";

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Points to CSS pixels at 96 dpi. */
const PX_PER_POINT = 96 / 72;
const ROW_HEADER_PX = 40;
const SPARE_COLUMNS = 2;

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );
}

function grouped(n: number, places: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: places, maximumFractionDigits: places });
}

/** A number as Excel shows it under `numFmt` (the formats this product writes; anything else as General). */
export function displayNumber(n: number, numFmt = "General"): string {
  const fmt = numFmt.trim();
  const percent = /^0(?:\.(0+))?%$/.exec(fmt);
  if (percent) return `${(n * 100).toFixed(percent[1]?.length ?? 0)}%`;
  if (/^yyyy-mm-dd$/i.test(fmt)) return new Date(EXCEL_EPOCH_MS + n * 86_400_000).toISOString().slice(0, 10);
  const fixed = /^#,##0(?:\.(0+))?$/.exec(fmt);
  if (fixed) return grouped(n, fixed[1]?.length ?? 0);
  const optional = /^#,##0\.(#+)$/.exec(fmt);
  if (optional) {
    // Excel keeps the point when no digit follows it: 12 under #,##0.## shows as "12.".
    const shown = n.toLocaleString("en-US", { maximumFractionDigits: optional[1].length });
    return Number.isInteger(Number(shown.replace(/,/g, ""))) ? `${shown}.` : shown;
  }
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(11)));
}

function display(cell: FakeCell | null): { text: string; align: "left" | "right" | "center" } {
  const v: Scalar = cell?.value ?? "";
  if (typeof v === "number") return { text: displayNumber(v, cell?.numberFormat), align: "right" };
  if (typeof v === "boolean") return { text: v ? "TRUE" : "FALSE", align: "center" };
  return { text: v, align: "left" };
}

/** The sheet's used range from A1 as a page of HTML. */
export function sheetHtml(sheet: FakeSheet): string {
  const used = usedRect(sheet, false) ?? { row: 0, column: 0, rows: 1, columns: 1 };
  const rows = used.row + used.rows;
  // Empty columns past the last, for the last column's text to run into, as Excel shows it.
  const columns = used.column + used.columns + SPARE_COLUMNS;
  const widths = Array.from(
    { length: columns },
    (_, c) => Math.round((sheet.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH) * PX_PER_POINT * 10) / 10,
  );
  const layout = pageLayoutOf(sheet);
  const titles = layout.printTitleRows;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [`<th class="row">${r + 1}</th>`];
    for (let c = 0; c < columns;) {
      const cell = sheet.rows[r]?.[c] ?? null;
      const { text, align } = display(cell);
      // Left-aligned text runs over the empty cells to its right, as in Excel.
      let span = 1;
      if (text !== "" && align === "left") {
        while (c + span < columns && display(sheet.rows[r]?.[c + span] ?? null).text === "") span++;
      }
      const style = [
        `text-align:${align}`,
        cell?.bold ? "font-weight:bold" : "",
        cell?.fill ? `background:${cell.fill}` : "",
      ]
        .filter(Boolean)
        .join(";");
      const colspan = span > 1 ? ` colspan="${span}"` : "";
      cells.push(`<td${colspan} style="${style}">${escape(text)}</td>`);
      c += span;
    }
    const inTitles = titles && r >= titles.row && r < titles.row + titles.rows ? ' class="print-title"' : "";
    lines.push(`<tr${inTitles}>${cells.join("")}</tr>`);
  }
  const zoom = layout.zoom.scale
    ? `缩放 ${layout.zoom.scale}%`
    : `${layout.zoom.horizontalFitToPages || "自动"} 页宽 × ${layout.zoom.verticalFitToPages || "自动"} 页高`;
  const print = !sheet.pageLayout
    ? "Excel 默认设置"
    : [
        layout.paperSize,
        layout.orientation === "Landscape" ? "横向" : "纵向",
        zoom,
        titles ? `打印标题行 $${titles.row + 1}:$${titles.row + titles.rows}` : "无打印标题行",
        `页脚（居中）「${layout.headersFooters.defaultForAllPages.centerFooter || "无"}」`,
      ].join(" · ");
  const total = ROW_HEADER_PX + widths.reduce((a, b) => a + b, 0);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 8px; background: #fff; font: 14px "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; color: #000; }
  table { border-collapse: collapse; table-layout: fixed; width: ${total}px; }
  td, th { border: 1px solid #d4d4d4; padding: 1px 4px; height: 20px; white-space: nowrap; overflow: hidden; }
  th { background: #f3f3f3; color: #444; font-weight: normal; text-align: center; }
  th.row { width: ${ROW_HEADER_PX}px; padding: 0; }
  tr.print-title th.row { background: #dde8f5; }
  .tabs { margin-top: 6px; display: flex; gap: 12px; align-items: center; font-size: 13px; color: #444; }
  .tab { border: 1px solid #bbb; border-top: none; padding: 3px 14px; background: #fff; color: #217346; font-weight: bold; border-bottom: 3px solid #217346; }
</style></head><body>
<table>
<colgroup><col style="width:${ROW_HEADER_PX}px">${widths.map((w) => `<col style="width:${w}px">`).join("")}</colgroup>
<tr><th></th>${widths.map((_, c) => `<th>${letters(c)}</th>`).join("")}</tr>
${lines.join("\n")}
</table>
<div class="tabs"><span class="tab">${escape(sheet.name)}</span><span>打印：${escape(print)}</span></div>
</body></html>`;
}

/** The page width that shows the whole sheet without scrolling sideways. */
export function sheetWidth(sheet: FakeSheet): number {
  const used = usedRect(sheet, false);
  const columns = (used ? used.column + used.columns : 1) + SPARE_COLUMNS;
  let px = ROW_HEADER_PX + 16;
  for (let c = 0; c < columns; c++) px += (sheet.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH) * PX_PER_POINT;
  return Math.ceil(px);
}
