/**
 * The state behind the fake Excel: sheets of cells with formats, charts, settings and the selection.
 * Plain data, so a workbook read from .xlsx in node can be serialised and installed in a browser page.
 */

export type Scalar = string | number | boolean;

export interface FakeCell {
  /** What Excel's `values` returns: "" for an empty cell. */
  value: Scalar;
  /** Set when the cell holds a formula; `value` then stays what Excel last computed (the fake computes nothing). */
  formula?: string;
  numberFormat?: string;
  /** A named style applied with `range.style`. */
  style?: string;
  bold?: boolean;
  fill?: string;
  /** `format.wrapText`: the text wraps within the column. */
  wrapText?: boolean;
  /** `format.verticalAlignment`, an `Excel.VerticalAlignment` string ("Top", "Center", …); Excel's default is "Bottom". */
  verticalAlignment?: string;
  /** Font size in points; absent, Excel's default. */
  fontSize?: number;
  /** `format.horizontalAlignment`, as Office.js names it ("Right", "Center" …); absent, General. */
  align?: string;
}

export interface FakeChart {
  name: string;
  type: string;
  source: string;
  seriesBy: string;
  title: string;
  /** Each series' name, values and categories as addresses. */
  series: { name: string; values: string; xValues?: string }[];
  topLeft?: string;
  bottomRight?: string;
}

/** One header/footer set (left, centre, right of header and footer), in Excel's header/footer codes. */
export interface FakeHeaderFooter {
  leftHeader: string;
  centerHeader: string;
  rightHeader: string;
  leftFooter: string;
  centerFooter: string;
  rightFooter: string;
}

export type HeaderFooterKind = "defaultForAllPages" | "firstPage" | "evenPages" | "oddPages";

/** A sheet's print settings (ExcelApi 1.9 `Worksheet.pageLayout`), with Office.js's enum strings. */
export interface FakePageLayout {
  orientation: "Portrait" | "Landscape";
  /** An `Excel.PaperType` string: "A4", "Letter", … */
  paperSize: string;
  /**
   * A scale (10–400) or pages to fit; a fit of 0 pages leaves that direction automatic (as many pages as
   * it takes, OOXML's `fitToHeight="0"`).
   */
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  /** Rows repeated at the top of each page (whole rows), if any. */
  printTitleRows?: { row: number; rows: number };
  /** What prints (one or more blocks of cells), if set; else everything used. */
  printArea?: Rect[];
  headersFooters: {
    /** An `Excel.HeaderFooterState` string: which of the sets below print. */
    state: "Default" | "FirstAndDefault" | "OddAndEven" | "FirstOddAndEven";
  } & Record<HeaderFooterKind, FakeHeaderFooter>;
}

export interface FakeSheet {
  id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  /** rows[r][c], 0-based; holes are empty cells. */
  rows: (FakeCell | null)[][];
  /** Points, by 0-based column. */
  columnWidths: Record<number, number>;
  freezeRows: number;
  charts: FakeChart[];
  /** Merged areas as 0-based rectangles. */
  merges: Rect[];
  /** Points, by 0-based row, where a height was set. */
  rowHeights?: Record<number, number>;
  /** Print settings, absent until something sets one (Excel's defaults then: see pageLayoutOf). */
  pageLayout?: FakePageLayout;
}

export interface Rect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

export interface FakeWorkbook {
  name: string;
  sheets: FakeSheet[];
  settings: Record<string, unknown>;
  /** Named cell styles (Normal is built in). */
  styles: Record<string, { numberFormat: string }>;
  activeSheet?: string;
  selection?: { sheet: string; address: string };
  nextId: number;
}

export const DEFAULT_COLUMN_WIDTH = 48;
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export function emptyWorkbook(name = "Book1.xlsx"): FakeWorkbook {
  return { name, sheets: [], settings: {}, styles: { Normal: { numberFormat: "General" } }, nextId: 1 };
}

export function addSheet(book: FakeWorkbook, name: string): FakeSheet {
  const sheet: FakeSheet = {
    id: `{sheet-${book.nextId++}}`,
    name,
    visibility: "Visible",
    rows: [],
    columnWidths: {},
    freezeRows: 0,
    charts: [],
    merges: [],
  };
  book.sheets.push(sheet);
  return sheet;
}

export function findSheet(book: FakeWorkbook, name: string): FakeSheet | undefined {
  const key = name.toLowerCase();
  return book.sheets.find((s) => s.name.toLowerCase() === key);
}

export function cellAt(sheet: FakeSheet, row: number, column: number): FakeCell | null {
  return sheet.rows[row]?.[column] ?? null;
}

export function cellForWrite(sheet: FakeSheet, row: number, column: number): FakeCell {
  const cells = (sheet.rows[row] ??= []);
  return (cells[column] ??= { value: "" });
}

function emptyHeaderFooter(): FakeHeaderFooter {
  return { leftHeader: "", centerHeader: "", rightHeader: "", leftFooter: "", centerFooter: "", rightFooter: "" };
}

/**
 * What a new sheet prints with: portrait, 100 %, no print titles, no header or footer. Excel's default
 * paper follows the locale (Letter in the US); the fake's is Letter.
 */
export function defaultPageLayout(): FakePageLayout {
  return {
    orientation: "Portrait",
    paperSize: "Letter",
    zoom: { scale: 100 },
    headersFooters: {
      state: "Default",
      defaultForAllPages: emptyHeaderFooter(),
      firstPage: emptyHeaderFooter(),
      evenPages: emptyHeaderFooter(),
      oddPages: emptyHeaderFooter(),
    },
  };
}

/** A sheet's print settings for reading (defaults when none was set; the sheet is not changed). */
export function pageLayoutOf(sheet: FakeSheet): FakePageLayout {
  return sheet.pageLayout ?? defaultPageLayout();
}

export function pageLayoutForWrite(sheet: FakeSheet): FakePageLayout {
  return (sheet.pageLayout ??= defaultPageLayout());
}

/** A plain grid of values, "" for empty, rows × columns from A1 — what a test compares. */
export function sheetValues(sheet: FakeSheet): Scalar[][] {
  const used = usedRect(sheet, true);
  if (!used) return [];
  const out: Scalar[][] = [];
  for (let r = 0; r < used.row + used.rows; r++) {
    const line: Scalar[] = [];
    for (let c = 0; c < used.column + used.columns; c++) line.push(cellAt(sheet, r, c)?.value ?? "");
    out.push(line);
  }
  return out;
}

function hasValue(cell: FakeCell | null): boolean {
  return !!cell && (cell.value !== "" || cell.formula !== undefined);
}

function hasAnything(cell: FakeCell | null): boolean {
  return (
    !!cell &&
    (hasValue(cell) ||
      cell.numberFormat !== undefined ||
      !!cell.bold ||
      cell.fill !== undefined ||
      cell.wrapText !== undefined ||
      cell.verticalAlignment !== undefined)
  );
}

/** Excel's used range: the box around cells with values (or, unless valuesOnly, formats too). */
export function usedRect(sheet: FakeSheet, valuesOnly: boolean): Rect | null {
  const keep = valuesOnly ? hasValue : hasAnything;
  let top = Infinity;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  sheet.rows.forEach((cells, r) => {
    cells?.forEach((cell, c) => {
      if (!keep(cell)) return;
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    });
  });
  if (bottom < 0) return null;
  return { row: top, column: left, rows: bottom - top + 1, columns: right - left + 1 };
}
