/**
 * A product table (汇总, 公示名单, 异常清单 … src/report/types.ts `Table`) as a worksheet part, written as text: what
 * exceljs's writer gave each cell, row, column, merge, pane and page is what another application reads here.
 *
 * Text is written inline (`t="inlineStr"`), so a sheet needs nothing but its styles; an empty text, which an inline
 * string cannot hold (exceljs and others read `<is><t></t></is>` as no value), goes to the shared strings when the
 * caller passes them. A text is always a value, never a formula.
 */
import type { CellValue } from "../engine/types";
import {
  LINE_HEIGHT,
  LINE_POINTS,
  SPAN_POINTS,
  wrappedLines,
  type Column,
  type Span,
  type Table,
} from "../report/index";
import { columnLetter } from "../ledger/index";
import { escapeXml } from "./package";
import type { CellStyle, StyleSheet } from "./styles";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/** The Unix epoch as an Excel serial in the 1900 date system, as exceljs writes a Date. */
const EPOCH_SERIAL = 25569;
const DAY_MS = 86_400_000;
/** How exceljs writes a Date given no format of its own (built-in format 14). */
const DATE_FORMAT = "mm-dd-yy";
/** Excel's default margins ("Normal"), in inches, as exceljs writes them on every sheet. */
const MARGINS = `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`;

/** Where a caller keeps the package's shared strings: an index for a text. */
export interface StringTable {
  index(text: string): number;
}

/** Rows are made into UTF-8 about this many characters at a time: no string of a row outlives its piece. */
const PIECE = 1 << 20;

/**
 * A product table as a worksheet part, as UTF-8 pieces in order (no relationships, no <drawing>: charts are added
 * after). Its rows are made bytes a piece at a time, so their strings die young, and no string of the whole sheet is
 * ever held: 累计已兑付 of a 1,000,000-row ledger is ~12 M cells, its XML longer than a string can be.
 */
export function productSheetXml(table: Table, styles: StyleSheet, strings?: StringTable): Uint8Array[] {
  const width = table.columns.length;
  const letters = table.columns.map((_, i) => columnLetter(i));
  const wraps = table.columns.some((c) => c.wrap);
  const columnStyles = table.columns.map((c) => columnStyle(c, wraps));
  const cells = new CellWriter(styles, columnStyles, strings);
  const rows = new Pieces();
  const merges: string[] = [];
  const title = table.title ?? [];
  let r = 0;

  const span = (value: CellValue, s: Span) => {
    r++;
    const style: CellStyle = {
      ...(columnStyles[0].numFmt !== undefined ? { numFmt: columnStyles[0].numFmt } : {}),
      font: { bold: s.style !== "text", size: SPAN_POINTS[s.style] },
      alignment: { horizontal: s.align, vertical: "middle", wrapText: true },
    };
    const xf = styles.xf(style);
    // As exceljs merges: every cell of the line takes the first one's style; only the first holds a value.
    const row = [cells.cell(`A${r}`, value, xf)];
    for (let i = 1; i < width; i++) row.push(`<c r="${letters[i]}${r}" s="${xf}"/>`);
    rows.push(rowXml(r, s.lines * SPAN_POINTS[s.style] * LINE_HEIGHT, row.join("")));
    if (width > 1) merges.push(`<mergeCell ref="A${r}:${letters[width - 1]}${r}"/>`);
  };

  title.forEach((line, i) => {
    const s = table.spans?.title?.[i];
    if (s) return span(line, s);
    r++;
    const font = i < (table.warningLines ?? 0) ? { bold: true, size: 14, color: "FFC00000" } : { bold: true, size: 14 };
    rows.push(rowXml(r, undefined, cells.cell(`A${r}`, line, styles.xf({ ...columnStyles[0], font }))));
  });

  r++;
  rows.push(
    rowXml(
      r,
      undefined,
      table.columns
        .map((c, i) =>
          cells.cell(`${letters[i]}${r}`, c.header, styles.xf({ ...columnStyles[i], font: { bold: true } })),
        )
        .join(""),
    ),
  );

  // 累计已兑付 can hold 1,000,000 rows: each row goes into the piece made bytes next, never into one string of all.
  table.rows.forEach((values, i) => {
    const s = table.spans?.rows?.[i];
    if (s) return span(values[0], s);
    r++;
    // Excel and LibreOffice keep a file's row heights as written: a wrapped row is given the lines it takes.
    const lines = wraps ? wrappedLines(table.columns, values) : 1;
    if (lines <= 1 && values.every((v) => v === null || v === undefined)) return;
    let row = lines > 1 ? `<row r="${r}" ht="${lines * LINE_POINTS}" customHeight="1">` : `<row r="${r}">`;
    for (let c = 0; c < values.length; c++) {
      const value = values[c];
      if (value !== null && value !== undefined) row += cells.data(`${letters[c] ?? columnLetter(c)}${r}`, value, c);
    }
    rows.push(`${row}</row>`);
  });

  const head = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    table.page ? `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` : "",
    `<dimension ref="A1:${letters[Math.max(width, 1) - 1] ?? "A"}${Math.max(r, 1)}"/>`,
    sheetViews(table.freezeRows > 0 ? table.freezeRows + title.length : 0),
    `<sheetFormatPr defaultRowHeight="15"/>`,
    colsXml(
      table.columns,
      columnStyles.map((s) => (Object.keys(s).length > 0 ? styles.xf(s) : undefined)),
    ),
    `<sheetData>`,
  ];
  const tail = [
    `</sheetData>`,
    merges.length > 0 ? `<mergeCells count="${merges.length}">${merges.join("")}</mergeCells>` : "",
    MARGINS,
    table.page ? pageXml(table.page) : "",
    `</worksheet>`,
  ];
  return [encoder.encode(head.join("")), ...rows.done(), encoder.encode(tail.join(""))];
}

const encoder = new TextEncoder();

/** Text made UTF-8 a piece at a time as it is added. */
class Pieces {
  private text = "";
  private readonly bytes: Uint8Array[] = [];

  push(s: string): void {
    this.text += s;
    if (this.text.length >= PIECE) this.flush();
  }

  done(): Uint8Array[] {
    this.flush();
    return this.bytes;
  }

  private flush(): void {
    if (this.text !== "") this.bytes.push(encoder.encode(this.text));
    this.text = "";
  }
}

/**
 * A column's cells: its number format, numbers and their header right-aligned alike, long text wrapped; in a table
 * with wrapped text every cell reads from the top of its row.
 */
function columnStyle(c: Column, wraps: boolean): CellStyle {
  const alignment: NonNullable<CellStyle["alignment"]> = {
    ...(c.numFmt ? { horizontal: "right" as const } : {}),
    ...(wraps ? { vertical: "top" as const } : {}),
    ...(c.wrap ? { wrapText: true } : {}),
  };
  return { ...(c.numFmt ? { numFmt: c.numFmt } : {}), ...(Object.keys(alignment).length > 0 ? { alignment } : {}) };
}

/** The cells of one sheet: each value as its type is written, each data column's styles asked for once. */
class CellWriter {
  private readonly dataXf: number[] = [];
  private readonly dateXf: number[] = [];

  constructor(
    private readonly styles: StyleSheet,
    private readonly columnStyles: CellStyle[],
    private readonly strings: StringTable | undefined,
  ) {}

  data(ref: string, value: NonNullable<CellValue>, column: number): string {
    // A value past the table's columns (none is) would have no column style, as in exceljs.
    const style = this.columnStyles[column] ?? {};
    if (value instanceof Date && style.numFmt === undefined)
      return this.cell(ref, value, (this.dateXf[column] ??= this.styles.xf({ ...style, numFmt: DATE_FORMAT })));
    return this.cell(ref, value, (this.dataXf[column] ??= this.styles.xf(style)));
  }

  cell(ref: string, value: CellValue, xf: number): string {
    if (value === null || value === undefined) return `<c r="${ref}" s="${xf}"/>`;
    if (typeof value === "string") {
      if (plain(value)) return `<c r="${ref}" s="${xf}" t="inlineStr"><is><t>${value}</t></is></c>`;
      const text = xmlText(value);
      if (text === "") {
        return this.strings
          ? `<c r="${ref}" s="${xf}" t="s"><v>${this.strings.index("")}</v></c>`
          : `<c r="${ref}" s="${xf}"/>`;
      }
      const space = /^\s|\n|\s$/.test(text) ? ` xml:space="preserve"` : "";
      return `<c r="${ref}" s="${xf}" t="inlineStr"><is><t${space}>${escapeText(text)}</t></is></c>`;
    }
    if (typeof value === "boolean") return `<c r="${ref}" s="${xf}" t="b"><v>${value ? 1 : 0}</v></c>`;
    const serial = value instanceof Date ? EPOCH_SERIAL + value.getTime() / DAY_MS : value;
    // An infinite or undefined number has no form in a file; Excel shows such a result as #NUM!.
    if (!Number.isFinite(serial)) return `<c r="${ref}" s="${xf}" t="e"><v>#NUM!</v></c>`;
    return `<c r="${ref}" s="${xf}"><v>${String(serial)}</v></c>`;
  }
}

/**
 * Whether a text is written as it is: not empty, no space at either end, nothing to escape or remove. Scanned rather
 * than matched: nearly every cell of a large table is such a text.
 */
function plain(s: string): boolean {
  const n = s.length;
  if (n === 0 || spaceAt(s, 0) || spaceAt(s, n - 1)) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 38 || c === 60 || c === 62 || c === 127 || c >= 0xfffe) return false;
  }
  return true;
}

/** Whether a character is one a regular expression's `\s` matches, as exceljs decides `xml:space="preserve"`. */
function spaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (
    c <= 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A text without the characters XML 1.0 forbids: exceljs drops the C0 controls but tab, line feed and carriage return,
 * and DEL; U+FFFE and U+FFFF, which it writes and then cannot read back, go too.
 */
// eslint-disable-next-line no-control-regex -- the controls are what is removed
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]/g;

function xmlText(s: string): string {
  return s.replace(NOT_XML, "");
}

/** Element text escaped: `<`, `&` and `>` (the last so that `]]>` never appears). */
function escapeText(s: string): string {
  return /[<>&]/.test(s) ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : s;
}

function rowXml(r: number, height: number | undefined, cells: string): string {
  return `<row r="${r}"${height !== undefined ? ` ht="${height}" customHeight="1"` : ""}>${cells}</row>`;
}

/** The sheet's view: frozen above `frozenRows` rows, as exceljs writes a frozen pane; no view of its own otherwise. */
function sheetViews(frozenRows: number): string {
  if (frozenRows === 0) return "";
  return (
    `<sheetViews><sheetView workbookViewId="0">` +
    `<pane ySplit="${frozenRows}" topLeftCell="A${frozenRows + 1}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft"/></sheetView></sheetViews>`
  );
}

/** Column widths and styles, neighbours alike written as one range as Excel does. */
function colsXml(columns: readonly Column[], xfs: (number | undefined)[]): string {
  if (columns.length === 0) return "";
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= columns.length; i++) {
    if (i < columns.length && columns[i].width === columns[start].width && xfs[i] === xfs[start]) continue;
    const style = xfs[start] !== undefined ? ` style="${xfs[start]}"` : "";
    out.push(`<col min="${start + 1}" max="${i}" width="${columns[start].width}"${style} customWidth="1"/>`);
    start = i;
  }
  return `<cols>${out.join("")}</cols>`;
}

/** A4 (paperSize 9); one page wide, as many pages down as it takes (report/print.ts); the footer centred. */
function pageXml(page: NonNullable<Table["page"]>): string {
  const orientation = page.landscape ? "landscape" : "portrait";
  return (
    `<pageSetup paperSize="9" orientation="${orientation}" fitToWidth="1" fitToHeight="0"/>` +
    `<headerFooter><oddFooter>${escapeXml(xmlText(`&C${page.footer}`))}</oddFooter></headerFooter>`
  );
}
