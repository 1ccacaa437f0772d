/**
 * A ledger sheet of the clerk's package with the plan's output columns spliced in (issue 19 item 2): the header
 * cells bold on the cell's own style, the values in their rows, an earlier run's values on rows that are no claims
 * now cleared, the columns at least as wide as the plan asks, `<dimension>` widened. Everything else of the sheet is
 * the clerk's bytes. The rows are read a chunk at a time and the result handed out in pieces: a 1,000,000-row sheet
 * is never one string (V8's strings end at ~512 MB).
 */
import type { CellValue } from "../engine/types";
import { columnIndex, columnLetter } from "../ledger";
import type { LedgerOutput } from "../report";
import { attributes, escapeXml, lastIndexOfAscii, UnreadablePart } from "./package";
import type { StringTable } from "./productSheet";
import type { CellStyle } from "./styles";

/** What the splice asks of the package's styles (styles.ts `StyleSheet`). */
export interface Styles {
  xf(style: CellStyle, base?: number): number;
}

/** Rows are decoded about this many bytes at a time, always ending after a whole row. */
const CHUNK = 1 << 20;
/** Excel's day 0 is 1899-12-30 (days since, in the 1900 date system). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/** A cell's column and style, and a row's number: either quote, space around `=` (XML 1.0 §2.3 Eq). */
const CELL_REF = /(?:^|\s)r\s*=\s*["']([A-Z]{1,3})/;
const CELL_STYLE = /(?:^|\s)s\s*=\s*["'](\d+)["']/;
const ROW_REF = /(?:^|\s)r\s*=\s*["'](\d+)["']/;

/** A row without `spans` once cells are added (Excel's hint of the columns it holds; it recounts). */
const SPANS = /\s+spans\s*=\s*("[^"]*"|'[^']*')/;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Rows are searched in their bytes read one character a byte: what is searched for is ASCII (see xml.ts). */
const LATIN1 = new TextDecoder("latin1");

/**
 * The sheet's bytes with `output` spliced in, as pieces to be written one after another. An empty text, which an
 * inline string cannot hold (readers take it for no value), goes to `strings`.
 */
export function* spliceLedger(
  xml: Uint8Array,
  output: LedgerOutput,
  styles: Styles,
  strings: StringTable,
): Generator<Uint8Array> {
  // SpreadsheetML may be written with a prefix (`<x:sheetData>`, the .NET Open XML SDK): ours is written with it too.
  const { at: open, prefix: p } = findElement(xml, "sheetData");
  if (open < 0) throw new UnreadablePart("", output.sheet, "no <sheetData>");
  const openEnd = xml.indexOf(62 /* > */, open) + 1;
  const empty = xml[openEnd - 2] === 47; /* `<sheetData/>` */
  const close = empty ? openEnd : lastIndexOfAscii(xml, `</${p}sheetData>`);
  if (close < openEnd) throw new UnreadablePart("", output.sheet, `no </${p}sheetData>`);
  const splice = new Splice(output, styles, strings, p);
  const head = decoder.decode(xml.subarray(0, open));
  const q = escapeRegExp(p);
  const cols = new RegExp(`<${q}cols\\s*>[\\s\\S]*?<\\/${q}cols\\s*>|<${q}cols\\s*\\/>`).exec(head);
  const last = output.rows.reduce((m, r) => Math.max(m, r.row), output.headerRow);
  yield encoder.encode(
    widenDimension(
      cols ? head.replace(cols[0], () => widenCols(cols[0], output, p)) : `${head}${widenCols("", output, p)}`,
      output,
      last,
      p,
    ),
  );
  yield encoder.encode(`<${p}sheetData>`);
  const endTag = `</${p}row>`;
  const end = ascii(endTag);
  for (let at = openEnd; at < close;) {
    let to = Math.min(close, at + CHUNK);
    if (to < close) {
      // A chunk ends after a whole row: after the last `</row>` in it, or, for a row longer than a chunk, its own.
      const row = lastIndexOfAscii(xml, endTag, to);
      const next = find(xml, end, to);
      to = row > at ? row + end.length : next >= 0 ? Math.min(close, next + end.length) : close;
    }
    yield splice.rows(xml, at, to);
    at = to;
  }
  yield encoder.encode(`${splice.rest()}</${p}sheetData>`);
  yield xml.subarray(empty ? openEnd : close + `</${p}sheetData>`.length);
}

/**
 * Where the element `name` first starts in `bytes`, and the prefix it is written with (`x:`, or "" in the default
 * namespace); at -1 if none.
 */
function findElement(bytes: Uint8Array, name: string): { at: number; prefix: string } {
  const pattern = ascii(name);
  for (let at = find(bytes, pattern, 0); at >= 0; at = find(bytes, pattern, at + 1)) {
    const next = bytes[at + pattern.length];
    if (!(next === 62 || next === 47 || next === 32 || next === 9 || next === 10 || next === 13)) continue;
    if (bytes[at - 1] === 60 /* < */) return { at: at - 1, prefix: "" };
    if (bytes[at - 1] !== 58 /* : */) continue;
    let lt = at - 2;
    while (lt >= 0 && /[\w.-]/.test(String.fromCharCode(bytes[lt]))) lt--;
    if (lt >= 0 && bytes[lt] === 60 && lt < at - 2)
      return { at: lt, prefix: decoder.decode(bytes.subarray(lt + 1, at)) };
  }
  return { at: -1, prefix: "" };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A row's places in a chunk's text: its start, its attributes, its cells (empty for `<row/>`), its end. */
interface Row {
  at: number;
  attrs: number;
  attrsEnd: number;
  inner: number;
  innerEnd: number;
  end: number;
}

/** A row's cells as written: the clerk's before `left`, ours, the clerk's from `right`. */
interface Cells {
  left: number;
  written: string;
  right: number;
}

/** A chunk's result as bytes: the clerk's copied as they are, ours encoded as UTF-8. */
class Sink {
  private buffer: Uint8Array;
  private at = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  bytes(from: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    this.room(end - start);
    this.buffer.set(from.subarray(start, end), this.at);
    this.at += end - start;
  }

  text(s: string): void {
    if (s === "") return;
    this.room(s.length * 3);
    this.at += encoder.encodeInto(s, this.buffer.subarray(this.at)).written;
  }

  done(): Uint8Array {
    return this.buffer.subarray(0, this.at);
  }

  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const larger = new Uint8Array(Math.max(this.buffer.length * 2, this.at + n));
    larger.set(this.buffer.subarray(0, this.at));
    this.buffer = larger;
  }
}

/** The rows of a sheet as they pass, with the rows the plan writes and the sheet lacks put in their place. */
class Splice {
  private readonly values = new Map<number, CellValue[]>();
  /** The plan's rows in order, and the next of them not yet written. */
  private readonly wanted: number[];
  private next = 0;
  /** The row last read. */
  private row_ = 0;
  private readonly first: number;
  private readonly letters: string[];
  private readonly bold = new Map<number | undefined, number>();
  private readonly formats = new Map<string, number>();
  /** A row's start and end, a cell (its attributes, its content), and whether a cell holds a value, in prefix `p`. */
  private readonly rowOpen: string;
  private readonly rowClose: string;
  private readonly cellOpen: string;
  private readonly cellClose: string;
  private readonly cell_: RegExp;
  private readonly value_: RegExp;

  constructor(
    private readonly output: LedgerOutput,
    private readonly styles: Styles,
    private readonly strings: StringTable,
    private readonly p: string,
  ) {
    const q = escapeRegExp(p);
    this.rowOpen = `<${p}row`;
    this.rowClose = `</${p}row>`;
    this.cellOpen = `<${p}c`;
    this.cellClose = `</${p}c>`;
    this.cell_ = new RegExp(`<${q}c\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${q}c>)`, "g");
    this.value_ = new RegExp(`<${q}(?:v|is|f)\\b`);
    for (const r of output.rows) this.values.set(r.row, r.values);
    this.wanted = [...this.values.keys()].sort((a, b) => a - b);
    this.first = output.startColumn;
    this.letters = output.columns.map((_, i) => columnLetter(output.startColumn + i));
  }

  /**
   * The rows of `xml` from `from` to `to` with the output cells, as bytes: the clerk's copied as they are, ours
   * encoded. Rows are found with indexOf in the bytes read as latin1, where a character's place is its byte's: a
   * lazy `[\s\S]*?` to `</row>`, the chunk decoded, the result built as one string and encoded again cost ~0.5 s
   * of 50,000 rows' CPU, with its garbage.
   */
  rows(xml: Uint8Array, from: number, to: number): Uint8Array {
    const text = LATIN1.decode(xml.subarray(from, to));
    const out = new Sink(to - from + ((to - from) >> 1));
    const open = this.rowOpen;
    const close = this.rowClose;
    let kept = 0;
    for (let at = text.indexOf(open); at >= 0; at = text.indexOf(open, at + 1)) {
      // `<row` and then no name character (`<rowBreaks>` is no row).
      if (wordChar(text.charCodeAt(at + open.length))) continue;
      const gt = text.indexOf(">", at);
      if (gt < 0) break;
      const closed = text.charCodeAt(gt - 1) === 47; /* `/>` */
      const end = closed ? gt : text.indexOf(close, gt);
      if (end < 0) break;
      const row: Row = {
        at,
        attrs: at + open.length,
        attrsEnd: closed ? gt - 1 : gt,
        inner: closed ? gt : gt + 1,
        innerEnd: end,
        end: closed ? gt + 1 : end + close.length,
      };
      out.bytes(xml, from + kept, from + at);
      this.row(out, xml, from, text, row);
      kept = row.end;
      at = kept - 1;
    }
    out.bytes(xml, from + kept, to);
    return out.done();
  }

  /** A row as it is written into `out`: places in `text`, which starts at `base` in `xml`. */
  private row(out: Sink, xml: Uint8Array, base: number, text: string, row: Row): void {
    const p = this.p;
    const attrs = text.slice(row.attrs, row.attrsEnd);
    const ref = ROW_REF.exec(attrs)?.[1];
    const r = Number(ref ?? this.row_ + 1);
    this.row_ = r;
    const before = this.missingBefore(r);
    out.text(before);
    // A row without `r` is the one after the row before it: with rows put before it, it says its number.
    const numbered = ref === undefined && before !== "" ? ` r="${r}"` : "";
    const cells =
      r < this.output.headerRow ? undefined : this.cells(r, text.slice(row.inner, row.innerEnd), rowStyle(attrs));
    if (r >= this.output.headerRow && this.wanted[this.next] === r) this.next++;
    if (cells === undefined) {
      if (numbered === "") return out.bytes(xml, base + row.at, base + row.end);
      out.text(`<${p}row${numbered}`);
      return out.bytes(xml, base + row.attrs, base + row.end);
    }
    out.text(`<${p}row${numbered}`);
    const spans = SPANS.exec(attrs);
    const cut = spans ? [spans.index, spans.index + spans[0].length] : [attrs.length, attrs.length];
    out.bytes(xml, base + row.attrs, base + row.attrs + cut[0]);
    out.bytes(xml, base + row.attrs + cut[1], base + row.attrsEnd);
    out.text(">");
    out.bytes(xml, base + row.inner, base + row.inner + cells.left);
    out.text(cells.written);
    out.bytes(xml, base + row.inner + cells.right, base + row.innerEnd);
    out.text(`</${p}row>`);
  }

  /** The plan's rows past the sheet's last. */
  rest(): string {
    return this.missingBefore(Infinity);
  }

  private missingBefore(r: number): string {
    let out = "";
    while (this.next < this.wanted.length && this.wanted[this.next] < r) {
      const n = this.wanted[this.next++];
      out += `<${this.p}row r="${n}">${this.cells(n, "", undefined)?.written ?? ""}</${this.p}row>`;
    }
    return out;
  }

  /**
   * A row's cells with the output columns written; undefined when the row is left as it is. Cells are in column order,
   * so what is left of the output columns and what is right of them are each kept as one piece of the clerk's text.
   */
  private cells(r: number, inner: string, rowStyle: number | undefined): Cells | undefined {
    const { columns, headerRow } = this.output;
    const values = this.values.get(r);
    const end = this.first + columns.length;
    // The row's own cells in the output columns: made only for a row that has any (a run over an earlier result's).
    let own: Map<number, { s?: number; value: boolean }> | undefined;
    let from = -1;
    let to = -1;
    let right = inner.length;
    let col = -1;
    // Most often the row ends left of the output columns: its last cell says so, and no other is read.
    const CELL = this.cell_;
    const last = lastCell(inner, this.cellOpen);
    let tail = inner.length;
    while (tail > 0 && inner.charCodeAt(tail - 1) <= 32) tail--;
    const lastRef =
      last >= 0 && (inner.endsWith("/>", tail) || inner.endsWith(this.cellClose, tail))
        ? CELL_REF.exec(inner.slice(last, inner.indexOf(">", last)))
        : null;
    CELL.lastIndex = lastRef && (columnIndex(lastRef[1]) ?? end) < this.first ? inner.length : 0;
    for (let m = CELL.exec(inner); m; m = CELL.exec(inner)) {
      const ref = CELL_REF.exec(m[1]);
      col = ref ? (columnIndex(ref[1]) ?? col + 1) : col + 1;
      if (col < this.first) continue;
      if (col >= end) {
        right = m.index;
        break;
      }
      if (from < 0) from = m.index;
      to = CELL.lastIndex;
      const s = CELL_STYLE.exec(m[1]);
      (own ??= new Map()).set(col, { s: s ? Number(s[1]) : undefined, value: this.value_.test(m[2] ?? "") });
    }
    if (r !== headerRow && values === undefined && ![...(own?.values() ?? [])].some((c) => c.value)) return undefined;
    let written = "";
    for (let i = 0; i < columns.length; i++) {
      const cell = own?.get(this.first + i);
      const base = cell ? cell.s : rowStyle;
      const ref = `${this.letters[i]}${r}`;
      const value = values?.[i];
      const numFmt = columns[i].numFmt;
      if (r === headerRow) written += this.cell(ref, this.boldOn(base), columns[i].header);
      else if (value === null || value === undefined) {
        if (cell) written += `<${this.p}c r="${ref}"${base !== undefined ? ` s="${base}"` : ""}/>`;
      } else if (numFmt && (typeof value === "number" || value instanceof Date)) {
        written += this.cell(ref, this.format(numFmt), value);
      } else written += this.cell(ref, base, value);
    }
    return from < 0 ? { left: right, written, right } : { left: from, written, right: to };
  }

  private cell(ref: string, s: number | undefined, value: Exclude<CellValue, null | undefined>): string {
    const p = this.p;
    const style = s !== undefined ? ` s="${s}"` : "";
    const v = (n: number | string) => `<${p}v>${n}</${p}v></${p}c>`;
    if (typeof value === "number") return `<${p}c r="${ref}"${style}>${v(value)}`;
    if (typeof value === "boolean") return `<${p}c r="${ref}"${style} t="b">${v(value ? 1 : 0)}`;
    if (value instanceof Date) return `<${p}c r="${ref}"${style}>${v((value.getTime() - EXCEL_EPOCH) / DAY)}`;
    if (value === "") return `<${p}c r="${ref}"${style} t="s">${v(this.strings.index(""))}`;
    // Text is a value, never a formula (a unit named `=HYPERLINK(…)` stays text).
    const t = `<${p}t xml:space="preserve">${escapeXml(value)}</${p}t>`;
    return `<${p}c r="${ref}"${style} t="inlineStr"><${p}is>${t}</${p}is></${p}c>`;
  }

  private boldOn(base: number | undefined): number {
    let s = this.bold.get(base);
    if (s === undefined) this.bold.set(base, (s = this.styles.xf({ font: { bold: true } }, base)));
    return s;
  }

  private format(numFmt: string): number {
    let s = this.formats.get(numFmt);
    if (s === undefined) this.formats.set(numFmt, (s = this.styles.xf({ numFmt })));
    return s;
  }
}

/** A row's own style, where it has one (`customFormat`): what a cell the row did not hold starts from. */
function rowStyle(attrs: string): number | undefined {
  const s = CELL_STYLE.exec(attrs);
  return s && /(?:^|\s)customFormat\s*=\s*["'](?:1|true)["']/.test(attrs) ? Number(s[1]) : undefined;
}

/** A character `\w` matches: [A-Za-z0-9_]. */
function wordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Where the row's last cell starts (`<c` then a space, `>` or `/`), or -1. */
function lastCell(inner: string, open: string): number {
  for (let at = inner.lastIndexOf(open); at >= 0; at = inner.lastIndexOf(open, at - 1)) {
    if (/[\s/>]/.test(inner.charAt(at + open.length))) return at;
    if (at === 0) break;
  }
  return -1;
}

/** `<cols>` with each output column at least as wide as the plan asks, a clerk's `<col>` span split around it. */
export function widenCols(cols: string, output: LedgerOutput, p = ""): string {
  type Col = { min: number; max: number; attrs: Record<string, string> };
  let list: Col[] = [...cols.matchAll(new RegExp(`<${escapeRegExp(p)}col\\b[^>]*>`, "g"))].map((m) => {
    const attrs = attributes(m[0]);
    return { min: Number(attrs.min), max: Number(attrs.max), attrs };
  });
  output.columns.forEach((column, i) => {
    const c = output.startColumn + i + 1;
    const at = list.findIndex((x) => x.min <= c && c <= x.max);
    const span = at >= 0 ? list[at] : undefined;
    const width = Math.max(Number(span?.attrs.width ?? 0), column.width);
    const own: Col = {
      min: c,
      max: c,
      attrs: { ...span?.attrs, width: String(width), customWidth: "1" },
    };
    if (span && Number(span.attrs.width ?? 0) >= column.width) return;
    const pieces = span
      ? [...(span.min < c ? [{ ...span, max: c - 1 }] : []), own, ...(span.max > c ? [{ ...span, min: c + 1 }] : [])]
      : [own];
    list = at >= 0 ? [...list.slice(0, at), ...pieces, ...list.slice(at + 1)] : [...list, own];
  });
  list.sort((a, b) => a.min - b.min);
  const col = (x: Col) =>
    `<${p}col${Object.entries({
      ...x.attrs,
      min: String(x.min),
      max: String(x.max),
    })
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join("")}/>`;
  return `<${p}cols>${list.map(col).join("")}</${p}cols>`;
}

/** `<dimension>` over the output columns and the last row written. */
function widenDimension(head: string, output: LedgerOutput, last: number, p: string): string {
  const right = output.startColumn + output.columns.length - 1;
  return head.replace(new RegExp(`<${escapeRegExp(p)}dimension\\b[^>]*>`), (tag) => {
    const m = /ref\s*=\s*["']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?["']/.exec(tag);
    if (!m) return tag;
    const [, left, top, end = left, bottom = top] = m;
    const endCol = Math.max(columnIndex(end) ?? 0, right);
    return `<${p}dimension ref="${left}${top}:${columnLetter(endCol)}${Math.max(Number(bottom), last)}"/>`;
  });
}

function ascii(s: string): Uint8Array {
  return encoder.encode(s);
}

/** The first place of an ASCII `pattern` in `bytes` from `from` (no byte of a UTF-8 character is ASCII). */
function find(bytes: Uint8Array, pattern: Uint8Array, from: number): number {
  for (let at = bytes.indexOf(pattern[0], from); at >= 0; at = bytes.indexOf(pattern[0], at + 1)) {
    let i = 1;
    while (i < pattern.length && bytes[at + i] === pattern[i]) i++;
    if (i === pattern.length) return at;
  }
  return -1;
}
