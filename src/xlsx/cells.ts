/**
 * A workbook's cells from its package (issue 19 item 2, "the reader"): workbook.xml, its relationships, the shared
 * strings, the styles' number formats and each worksheet's rows, each sheet's XML scanned a piece at a time as it
 * inflates (xml.ts), nothing of it kept but the grid. The grid is the one exceljs 4.4's model gave through the
 * `toGrid` the command used before (test/support/exceljsGrid.ts; test/xlsx/cells.test.ts compares the two on every
 * workbook the tests hold): where exceljs decided what a cell holds, its rule is kept here and named.
 */
import type { CellValue } from "../engine/types";
import type { Grid, MergedRange } from "../ledger";
import type { SheetSize } from "../ledger/limits";
import { attributes, UnreadablePart, type Package } from "./package";

export { UnreadablePart };
import { eachAttribute, textOf, XmlError, XmlScan, type XmlHandler } from "./xml";

/** A sheet workbook.xml lists: its name as exceljs gives it, and its part (absent: the package has no such part). */
export interface SheetPart {
  name: string;
  part: string;
}

/** What workbook.xml and its relationships say of the cells' reading. */
export interface WorkbookParts {
  /** The worksheets, in the order workbook.xml lists them (chart sheets are no worksheets). */
  sheets: SheetPart[];
  /** Worksheets listed whose part is not in the package. */
  missing: string[];
  /** Serial numbers count days from 1904-01-01 (a Mac workbook), not 1900-01-00. */
  date1904: boolean;
  sharedStrings?: string;
  styles?: string;
}

/** A cell or a merged range that a workbook cannot hold: a shared string that is not there, ranges overlapping. */
class CellError extends Error {}

async function scan(pkg: Package, part: string, handler: XmlHandler, sheet?: string): Promise<void> {
  const xml = new XmlScan(handler);
  try {
    await pkg.pieces(part, (piece) => xml.write(piece));
    xml.end();
  } catch (e) {
    throw e instanceof XmlError || e instanceof CellError ? new UnreadablePart(part, sheet, e.message) : e;
  }
}

/** exceljs decodes a sheet's name, and a `t="str"` cell's text, once more after the XML parser has (utils.xmlDecode). */
function xmlDecodeAgain(s: string): string {
  return s.indexOf("&") < 0 ? s : s.replace(/&([a-z]*);/g, (m, name: string) => XML_AGAIN[name] ?? m);
}
const XML_AGAIN: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

/** exceljs keeps the first 31 characters of a longer sheet name (Excel's limit). */
const NAME_LENGTH = 31;

export async function workbookParts(pkg: Package): Promise<WorkbookParts> {
  const listed: Record<string, string>[] = [];
  let date1904 = false;
  await scan(pkg, "xl/workbook.xml", {
    open(name, raw) {
      if (name === "sheet") listed.push(attributes(raw));
      // xsd:boolean: Excel writes 1, others may write true.
      else if (name === "workbookPr") date1904 = /^(1|true)$/.test(attributes(raw).date1904 ?? "");
    },
    close() {},
    text() {},
    wantsText: false,
  });
  const rels = new Map((await pkg.rels("xl/workbook.xml")).map((r) => [r.id, r]));
  const sheets: SheetPart[] = [];
  const missing: string[] = [];
  for (const a of listed) {
    const rel = rels.get(a["r:id"]);
    // A sheet no relationship leads to is none exceljs read either; a chart sheet holds no cells.
    if (!rel || rel.external || (rel.type !== "worksheet" && !(rel.type === "" && pkg.has(rel.target)))) continue;
    const name =
      a.name === undefined ? `sheet${parseInt(a.sheetId, 10)}` : xmlDecodeAgain(a.name).slice(0, NAME_LENGTH);
    if (pkg.has(rel.target)) sheets.push({ name, part: rel.target });
    else missing.push(name);
  }
  const target = (type: string, usual: string) => {
    const rel = [...rels.values()].find((r) => r.type === type && !r.external && pkg.has(r.target));
    return rel?.target ?? (pkg.has(usual) ? usual : undefined);
  };
  return {
    sheets,
    missing,
    date1904,
    sharedStrings: target("sharedStrings", "xl/sharedStrings.xml"),
    styles: target("styles", "xl/styles.xml"),
  };
}

/** exceljs's TextXform: `_x000D_` and the like, upper-case hex only, stand for their character in a `<t>`. */
function unescapeText(s: string): string {
  return s.indexOf("_x") < 0
    ? s
    : s.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Each shared string's plain text: a rich string's runs joined, its phonetic guide (`<rPh>`) left out; a `<si>`
 * with neither text nor runs is no value (null).
 */
export async function sharedStrings(pkg: Package, part: string): Promise<(string | null)[]> {
  const values: (string | null)[] = [];
  let text: string | undefined;
  let runs: string[] | undefined;
  let run = "";
  let inRun = false;
  let phonetic = 0;
  let into: "t" | "run" | undefined;
  let raw = "";
  await scan(pkg, part, {
    open(name) {
      if (name === "si") [text, runs] = [undefined, undefined];
      else if (name === "rPh") phonetic++;
      else if (phonetic > 0) return;
      else if (name === "r") [inRun, run] = [true, ""];
      else if (name === "t") [into, raw] = [inRun ? "run" : "t", ""];
    },
    get wantsText() {
      return into !== undefined;
    },
    text(s) {
      raw += s;
    },
    close(name) {
      if (name === "rPh") phonetic--;
      else if (phonetic > 0) return;
      else if (name === "t" && into) {
        // A later <t> replaces what came before it, as exceljs's SharedStringXform has it.
        if (into === "t") text = unescapeText(textOf(raw));
        else run = unescapeText(textOf(raw));
        into = undefined;
      } else if (name === "r") {
        (runs ??= []).push(run);
        inRun = false;
      } else if (name === "si") values.push(text ?? runs?.join("") ?? null);
    },
  });
  return values;
}

/**
 * The built-in number formats exceljs 4.4 knows a code for (lib/xlsx/defaultnumformats.js) that its rule below
 * takes for dates: 14–22 (`mm-dd-yy` … `m/d/yy "h":mm`) and 45–47 (`mm:ss`, `[h]:mm:ss`, `mmss.0`). The
 * locale-dependent ones (27–36, 50–58) have no code there, so exceljs reads such a cell as a number, and so does this.
 */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs's utils.isDateFmt: any of y m d h M s b outside `[…]` and `"…"`. */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** For each cell format (`<cellXfs>`'s `<xf>`, by index), whether a number in it is a date. */
export async function dateStyles(pkg: Package, part: string): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  let inNumFmts = false;
  await scan(pkg, part, {
    open(name, raw) {
      if (name === "numFmts") inNumFmts = true;
      // A differential format's <numFmt> (conditional formats) is no cell's.
      else if (name === "numFmt" && inNumFmts) {
        const a = attributes(raw);
        // exceljs's NumFmtXform takes a backslash as escaping the character after it.
        custom.set(parseInt(a.numFmtId, 10), (a.formatCode ?? "").replace(/\\(.)/g, "$1"));
      } else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) xfs.push(parseInt(attributes(raw).numFmtId, 10));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
      else if (name === "numFmts") inNumFmts = false;
    },
    text() {},
    wantsText: false,
  });
  // A custom code with no text falls back to the built-in one, as exceljs's `||` does.
  return xfs.map((id) => (id ? (custom.get(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATES.has(id)) : false));
}

/** exceljs's utils.excelToDate: a serial day (1900 or 1904 system) to the UTC instant, to the millisecond. */
export function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** The column of a cell reference, as exceljs's colCache.decodeAddress reads it (letters before the row); 0 if none. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 48 && c <= 57) break;
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
  }
  return col;
}

/** `A1:C3` (or `A1`) as a 0-based inclusive range; undefined when it names no cells. */
function rangeOf(ref: string): MergedRange | undefined {
  const [a, b = a] = ref.split(":");
  const [r1, r2] = [parseInt(a.replace(/^[^0-9]*/, ""), 10), parseInt(b.replace(/^[^0-9]*/, ""), 10)];
  const [c1, c2] = [columnOf(a), columnOf(b)];
  if (!(r1 > 0 && r2 > 0 && c1 > 0 && c2 > 0)) return undefined;
  return {
    top: Math.min(r1, r2) - 1,
    left: Math.min(c1, c2) - 1,
    bottom: Math.max(r1, r2) - 1,
    right: Math.max(c1, c2) - 1,
  };
}

/** A cell's error value (`#REF!` …) as exceljs models it, told apart from text until it is made plain. */
interface ErrorValue {
  error: string;
}
type Result = CellValue | ErrorValue;

const plain = (v: Result): CellValue =>
  v !== null && typeof v === "object" && !(v instanceof Date) ? v.error : (v ?? null);

/** What a worksheet's scan needs from the rest of the workbook. */
interface SheetContext {
  strings: (string | null)[] | undefined;
  dates: boolean[];
  date1904: boolean;
}

const KEEP_EVERY = 4096;

/**
 * One worksheet's XML, a piece at a time → its rows' values, its merged ranges and hyperlinks as written. Cells are
 * placed and valued as exceljs's CellXform, RowXform and Row do (their rules cited where they are not obvious).
 * `keep` is asked every few thousand rows with the rows so far; once it says no, rows are only counted.
 */
class SheetScan implements XmlHandler {
  readonly cells: CellValue[][] = [];
  readonly mergeRefs: string[] = [];
  readonly links: { ref: string; id: string }[] = [];
  /** Rows as the limits count them (src/ledger/limits.ts): the last `<row>`'s place, never fewer than the rows. */
  last = 0;
  count = 0;
  holding = true;

  private depth = 0;
  private inSheetData = false;
  private rowNumber = 0;
  private values: CellValue[] | undefined;
  private previousColumn = 0;
  /** Shared formulas' masters by `si`: a formula `t="shared"` with no `ref` counts only after its master. */
  private readonly shared = new Map<string, string | undefined>();

  // The cell being read.
  private inCell = false;
  private ref: string | undefined;
  private style = 0;
  private type: string | undefined;
  private value: string | undefined;
  private runs: string[] | undefined;
  private run = "";
  private formula = "";
  private formulaType: string | undefined;
  private formulaSi: string | undefined;
  private formulaRef: string | undefined;
  private into: "value" | "run" | "formula" | undefined;
  private inRun = false;
  private phonetic = 0;

  constructor(
    private readonly context: SheetContext,
    /** Cells a hyperlink points from (their `r` as written); then a formula's result counts whatever it is. */
    private readonly linked: Set<string> | undefined,
    private readonly keep: (rows: number) => boolean,
  ) {}

  get rows(): number {
    return Math.max(this.last, this.count);
  }

  open(name: string, raw: string): void {
    if (this.inCell) return this.openInCell(name, raw);
    switch (name) {
      case "sheetData":
        this.inSheetData = true;
        return;
      case "row": {
        if (!this.inSheetData) return;
        const r = /(?:^|\s)r\s*=\s*["']\s*(\d+)/.exec(raw);
        // A row without `r` follows the one before it (exceljs would stop: "Invalid row number in model").
        this.rowNumber = r ? parseInt(r[1], 10) : this.rowNumber + 1;
        if (this.rowNumber > this.last) this.last = this.rowNumber;
        this.count++;
        if (this.holding && this.count % KEEP_EVERY === 0 && !this.keep(this.rows)) {
          this.holding = false;
          this.cells.length = 0;
        }
        this.values = this.holding ? [] : undefined;
        this.previousColumn = 0;
        return;
      }
      case "c":
        if (!this.values) return;
        this.startCell(raw);
        return;
      case "mergeCell": {
        const ref = attributes(raw).ref;
        if (ref !== undefined) this.mergeRefs.push(ref);
        return;
      }
      case "hyperlink": {
        const a = attributes(raw);
        // exceljs follows only a hyperlink with a relationship (a link out); one to a place in the workbook is none.
        if (a["r:id"] !== undefined) this.links.push({ ref: a.ref, id: a["r:id"] });
        return;
      }
    }
  }

  private startCell(raw: string): void {
    this.inCell = true;
    this.depth = 0;
    let ref: string | undefined;
    let style = 0;
    let type: string | undefined;
    eachAttribute(raw, (name, v) => {
      if (name === "r") ref = v;
      else if (name === "s") style = v ? parseInt(v, 10) : 0;
      else if (name === "t") type = v;
    });
    this.ref = ref;
    this.style = style;
    this.type = type;
    this.value = undefined;
    this.runs = undefined;
    this.formula = "";
    this.formulaType = this.formulaSi = this.formulaRef = undefined;
    this.into = undefined;
    this.inRun = false;
    this.phonetic = 0;
  }

  private openInCell(name: string, raw: string): void {
    this.depth++;
    if (name === "rPh") this.phonetic++;
    if (this.phonetic > 0) return;
    switch (name) {
      case "v":
        this.into = "value";
        return;
      case "t":
        this.into = this.inRun ? "run" : "value";
        if (this.inRun) this.run = "";
        return;
      case "r":
        this.inRun = true;
        this.run = "";
        return;
      case "f": {
        const a = attributes(raw);
        this.formulaType = a.t;
        this.formulaSi = a.si;
        this.formulaRef = a.ref;
        this.into = "formula";
        return;
      }
    }
  }

  get wantsText(): boolean {
    return this.into !== undefined;
  }

  text(raw: string): void {
    switch (this.into) {
      case "value":
        this.value = (this.value ?? "") + textOf(raw);
        return;
      case "run":
        this.run += raw;
        return;
      case "formula":
        this.formula += textOf(raw);
        return;
    }
  }

  close(name: string): void {
    if (this.inCell) {
      if (this.depth > 0) return this.closeInCell(name);
      this.inCell = false;
      if (this.values) this.endCell(this.values);
      return;
    }
    if (name === "row" && this.values) {
      const values = this.values;
      this.values = undefined;
      if (this.rowNumber < 1) return;
      trimHoles(values);
      // A row of the same number replaces the one before it, as exceljs's Worksheet does.
      if (values.length > 0) this.cells[this.rowNumber - 1] = values;
      else delete this.cells[this.rowNumber - 1];
    } else if (name === "sheetData") this.inSheetData = false;
  }

  private closeInCell(name: string): void {
    this.depth--;
    if (name === "rPh") {
      this.phonetic--;
      return;
    }
    if (this.phonetic > 0) return;
    if (name === "r") {
      (this.runs ??= []).push(this.run);
      this.inRun = false;
    } else if (name === "t" && this.into === "run") {
      this.run = unescapeText(textOf(this.run));
      this.into = undefined;
    } else if (name === "v" || name === "t" || name === "f") this.into = undefined;
  }

  private endCell(values: CellValue[]): void {
    const { ref, type, value: text, runs, context } = this;
    const column = (ref === undefined ? 0 : columnOf(ref)) || this.previousColumn + 1;
    const isDate = this.style ? context.dates[this.style] === true : false;
    const linked = this.linked !== undefined && this.linked.has(String(ref));
    if (this.formula || this.formulaType) {
      // exceljs's CellXform: the cached value, typed by the cell's `t`; a date format makes it a date.
      let result: Result | undefined;
      if (text) {
        if (type === "str") result = xmlDecodeAgain(text);
        else if (type === "b") result = parseInt(text, 10) !== 0;
        else if (type === "e") result = { error: text };
        // A number in a cell is the IEEE double Excel holds, written as text: parsed back to that same double, never
        // summed here; an amount becomes exact money from its shortest form (src/engine/values.ts parseAmount).
        else result = parseFloat(text);
      }
      if (result !== undefined && isDate) result = excelDate(toNumber(result), context.date1904);
      let counts = this.formula !== "";
      if (this.formulaType === "shared") {
        if (this.formulaRef) this.shared.set(String(this.formulaSi), ref);
        else counts ||= Boolean(this.shared.get(String(this.formulaSi)));
      }
      // exceljs's FormulaValue keeps only a result that is truthy (0, false, NaN are no result), and only of a
      // formula it has the text of; a hyperlink's text is the result as it was.
      this.place(values, column, linked ? plain(result ?? null) : counts && result ? plain(result) : null);
    } else if (text !== undefined || runs !== undefined) {
      this.place(values, column, this.valueOf(text ?? "", runs, isDate));
    } else if (linked) this.place(values, column, null);
    else if (this.style) {
      // A styled cell with no value: exceljs sets the cell to it, which leaves that column empty.
      delete values[column - 1];
    }
    // A cell with neither value nor style holds nothing but takes its place, as Excel and the writer (splice.ts) count
    // it: the next cell without `r` is the one after it. (exceljs skipped it, and read what followed a column early.)
    this.previousColumn = column;
  }

  private valueOf(text: string, runs: string[] | undefined, isDate: boolean): CellValue {
    if (runs !== undefined) return runs.join("");
    switch (this.type) {
      case "s": {
        const index = parseInt(text, 10);
        const strings = this.context.strings;
        // With no shared strings part exceljs leaves the index as the cell's value.
        if (!strings) return index;
        if (!(index in strings))
          throw new CellError(`${this.ref ?? "a cell"} names shared string ${text}, which is not there`);
        return strings[index];
      }
      case "str":
        return xmlDecodeAgain(text);
      case "inlineStr":
        return text;
      case "b":
        return parseInt(text, 10) !== 0;
      case "e":
        return text;
      default: {
        // exceljs reads any other cell (`n`, none, even `d`'s ISO text) with parseFloat: the double Excel holds (see
        // the cached result above), made exact money only by parseAmount.
        const n = parseFloat(text);
        return isDate ? excelDate(n, this.context.date1904) : n;
      }
    }
  }

  private place(values: CellValue[], column: number, value: CellValue): void {
    values[column - 1] = value;
    this.previousColumn = column;
  }
}

/** What JavaScript's `-` makes of a formula's cached result, as exceljs subtracts from it to make a date. */
function toNumber(v: Result): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return Number(v);
  return NaN;
}

function trimHoles(values: CellValue[]): void {
  let n = values.length;
  while (n > 0 && !(n - 1 in values)) n--;
  values.length = n;
}

/**
 * Merged ranges applied as exceljs applies them to its model and `toGrid` reads them back: the first cell's value
 * (null if it has none) in the range's first column on every row it spans, the other cells emptied, a row the range
 * spans present; each range reported from the first cell that held a value or a merge, in row order.
 */
function applyMerges(cells: CellValue[][], refs: string[]): MergedRange[] {
  const ranges = refs.map(rangeOf).filter((m): m is MergedRange => m !== undefined);
  ranges.forEach((m, i) => {
    for (const o of ranges.slice(0, i))
      if (m.top <= o.bottom && o.top <= m.bottom && m.left <= o.right && o.left <= m.right)
        throw new CellError(`merged ranges overlap (${refs[i]}), which no workbook holds`);
  });
  const reported: { first: [number, number]; range: MergedRange }[] = [];
  for (const m of ranges) {
    const masterRow = cells[m.top];
    const present = masterRow !== undefined && m.left in masterRow;
    const value = present ? masterRow[m.left] : null;
    const wide = m.right > m.left;
    const tall = m.bottom > m.top;
    if (!wide && !tall) continue;
    // The first row gains a row of its own only where the range is wide: it holds none but the first cell else.
    for (let r = wide ? m.top : m.top + 1; r <= m.bottom; r++) {
      const row = (cells[r] ??= []);
      for (let c = r === m.top ? m.left + 1 : m.left; c <= m.right; c++) {
        if (c === m.left) row[c] = value;
        else delete row[c];
      }
      trimHoles(row);
    }
    const first: [number, number] = present ? [m.top, m.left] : wide ? [m.top, m.left + 1] : [m.top + 1, m.left];
    reported.push({ first, range: { top: first[0], left: first[1], bottom: m.bottom, right: m.right } });
  }
  return reported
    .sort((a, b) => a.first[0] - b.first[0] || a.first[1] - b.first[1])
    .map((r) => r.range)
    .filter((m) => m.bottom > m.top || m.right > m.left);
}

export interface SheetsRead {
  grids: Grid[];
  sizes: SheetSize[];
}

/**
 * The worksheets' grids, and their sizes as the limits count them. `keep` is asked every few thousand rows with
 * the sizes so far (the sheet being read last): once it says no, no more cells are held, the rows only counted,
 * and the grids are not to be used.
 */
export async function readCells(
  pkg: Package,
  book: WorkbookParts,
  keep: (sizes: SheetSize[]) => boolean,
): Promise<SheetsRead> {
  const context: SheetContext = {
    strings: book.sharedStrings ? await sharedStrings(pkg, book.sharedStrings) : undefined,
    dates: book.styles ? await dateStyles(pkg, book.styles) : [],
    date1904: book.date1904,
  };
  const grids: Grid[] = [];
  const sizes: SheetSize[] = [];
  let holding = true;
  for (const { name, part } of book.sheets) {
    const sheetKeep = (rows: number) => (holding = keep([...sizes, { sheet: name, rows }]));
    let sheet = new SheetScan(context, undefined, holding ? sheetKeep : () => false);
    if (!holding) sheet.holding = false;
    await scan(pkg, part, sheet, name);
    sizes.push({ sheet: name, rows: sheet.rows });
    if (!holding) continue;
    const linked = await linkedCells(pkg, part, sheet.links);
    // Hyperlinks follow the rows they point from: a sheet with any is read again knowing them.
    if (linked.size > 0) {
      sheet = new SheetScan(context, linked, () => true);
      await scan(pkg, part, sheet, name);
    }
    let merges: MergedRange[];
    try {
      merges = applyMerges(sheet.cells, sheet.mergeRefs);
    } catch (e) {
      throw e instanceof CellError ? new UnreadablePart(part, name, e.message) : e;
    }
    grids.push(merges.length > 0 ? { name, cells: sheet.cells, merges } : { name, cells: sheet.cells });
  }
  return { grids, sizes };
}

/** The cells a hyperlink with a target points from (exceljs's worksheet reconcile: its relationship's Target). */
async function linkedCells(pkg: Package, part: string, links: { ref: string; id: string }[]): Promise<Set<string>> {
  if (links.length === 0) return new Set();
  const targets = new Map((await pkg.rels(part)).map((r) => [r.id, r.target]));
  return new Set(links.filter((l) => targets.get(l.id)).map((l) => String(l.ref)));
}
