/**
 * The clerk's xl/styles.xml, with the product's styles added to it: every entry of the clerk's stays as written and
 * where it was, so every `s="n"` of the clerk's sheets keeps its meaning; ours are appended (number formats, fonts,
 * cell formats) and the counts set. A style is given as exceljs takes it (`cell.font = …`, `cell.style = …`), and
 * reads back through exceljs and other applications as exceljs's own writer gave it.
 */
import { attributes, escapeXml } from "./package";

export interface CellStyle {
  numFmt?: string;
  font?: { bold?: boolean; size?: number; color?: string /* ARGB, as exceljs's font.color.argb */ };
  alignment?: { horizontal?: "left" | "center" | "right"; vertical?: "top" | "middle"; wrapText?: boolean };
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** What Excel writes for a workbook with no styles of its own (ECMA-376 §18.8: one font, the two fills Excel
 *  reserves, one border, the Normal style). */
const MINIMAL =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
  `<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>` +
  `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
  `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
  `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
  `<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
  `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
  `<dxfs count="0"/><tableStyles count="0"/></styleSheet>`;

/**
 * The font exceljs writes as font 0 of every workbook it saves, which is what a cell it gives no font shows: a cell
 * of ours with no font is given this one unless the clerk's font 0 reads the same (11 points, not bold, no colour of
 * its own).
 */
const EXCELJS_DEFAULT_FONT = `<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`;

/** The built-in number formats with a fixed code (ECMA-376 §18.8.30; the locale-dependent ids are left out), as
 *  exceljs maps a format to them: a cell given one of these codes is written with its id. */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "0.00E+00": 11,
  "# ?/?": 12,
  "# ??/??": 13,
  "mm-dd-yy": 14,
  "d-mmm-yy": 15,
  "d-mmm": 16,
  "mmm-yy": 17,
  "h:mm AM/PM": 18,
  "h:mm:ss AM/PM": 19,
  "h:mm": 20,
  "h:mm:ss": 21,
  'm/d/yy "h":mm': 22,
  "#,##0 ;(#,##0)": 37,
  "#,##0 ;[Red](#,##0)": 38,
  "#,##0.00 ;(#,##0.00)": 39,
  "#,##0.00 ;[Red](#,##0.00)": 40,
  "mm:ss": 45,
  "[h]:mm:ss": 46,
  "mmss.0": 47,
  "##0.0E+0": 48,
  "@": 49,
};
/** Custom number formats take ids from here up (ECMA-376 §18.8.30: 0–163 are reserved). */
const FIRST_CUSTOM_FORMAT = 164;

/** One list of the style sheet (`numFmts`, `fonts`, `cellXfs`): where it is, and what we append to it. */
interface Section {
  name: string;
  /** The clerk's children, as written. */
  existing: string[];
  added: string[];
}

/** A cellXfs entry taken apart: its attributes, its alignment, and what follows the alignment (protection, extLst). */
interface Xf {
  attrs: Record<string, string>;
  alignment?: string;
  rest: string;
}

export class StyleSheet {
  private readonly numFmts: Section;
  private readonly fonts: Section;
  private readonly cellXfs: Section;
  private readonly formatIds = new Map<string, number>();
  private readonly takenFormatIds = new Set<number>();
  private nextFormatId = FIRST_CUSTOM_FORMAT;
  /** Our fonts and cell formats by their XML, so that one asked again is not added twice. */
  private readonly fontIds = new Map<string, number>();
  private readonly xfIds = new Map<string, number>();
  /** Each request (style and base) once: a 50,000-row table asks the same few styles again and again. */
  private readonly requests = new Map<string, number>();
  private defaultFontId?: number;

  private constructor(
    private readonly source: string,
    /** The root's namespace prefix with its colon (`x:`), or "" for the default namespace. */
    private readonly prefix: string,
  ) {
    this.numFmts = this.section("numFmts", "numFmt");
    this.fonts = this.section("fonts", "font");
    this.cellXfs = this.section("cellXfs", "xf");
    for (const numFmt of this.numFmts.existing) {
      const a = attributes(numFmt.slice(0, numFmt.indexOf(">") + 1));
      const id = Number(a.numFmtId);
      if (!Number.isInteger(id)) continue;
      this.takenFormatIds.add(id);
      // The clerk's first entry for a code is the one reused (an id past it would mean the same).
      if (a.formatCode !== undefined && !this.formatIds.has(a.formatCode)) this.formatIds.set(a.formatCode, id);
    }
  }

  /** The clerk's xl/styles.xml (undefined: the package has none — then a minimal valid one). */
  static parse(xml: string | undefined): StyleSheet {
    const source = xml ?? MINIMAL;
    const root = /<(\w+:)?styleSheet[\s>/]/.exec(source);
    if (!root) throw new Error("xl/styles.xml has no styleSheet element");
    return new StyleSheet(source, root[1] ?? "");
  }

  /**
   * A cellXfs index for `style`. With `base` (a cellXfs index of the clerk's or one returned before), that xf with
   * each part `style` gives replacing the base's (as exceljs: a font given replaces the whole font; a numFmt
   * replaces the format; alignment replaces the alignment). The same request gives the same index.
   */
  xf(style: CellStyle, base?: number): number {
    const known = base !== undefined && base >= 0 && base < this.cellXfs.existing.length + this.cellXfs.added.length;
    const key = `${known ? base : ""}|${styleKey(style)}`;
    let index = this.requests.get(key);
    if (index === undefined) {
      index = this.addXf(this.derive(style, known ? this.xfAt(base) : undefined));
      this.requests.set(key, index);
    }
    return index;
  }

  /** styles.xml: the clerk's entries unchanged and in place (every existing index keeps its meaning), ours added
   *  (numFmts with ids from 164 up not taken, fonts, cellXfs; count attributes right; dxfs etc. untouched). */
  xml(): string {
    // Spliced from the last list in the file to the first, so that each splice leaves the earlier offsets valid.
    const lists = [this.cellXfs, this.fonts, this.numFmts].filter((s) => s.added.length > 0);
    let out = this.source;
    for (const list of lists) out = this.spliced(out, list);
    return out;
  }

  private derive(style: CellStyle, base: Xf | undefined): Xf {
    const attrs: Record<string, string> = base
      ? { ...base.attrs }
      : { numFmtId: "0", fontId: style.font ? "0" : String(this.defaultFont()), fillId: "0", borderId: "0", xfId: "0" };
    if (style.numFmt !== undefined) {
      attrs.numFmtId = String(this.formatId(style.numFmt));
      attrs.applyNumberFormat = "1";
    }
    if (style.font) {
      attrs.fontId = String(this.fontId(style.font));
      attrs.applyFont = "1";
    }
    let alignment = base?.alignment;
    if (style.alignment) {
      alignment = alignmentXml(style.alignment, this.prefix);
      attrs.applyAlignment = "1";
    }
    return { attrs, alignment, rest: base?.rest ?? "" };
  }

  private addXf(xf: Xf): number {
    const p = this.prefix;
    const attrs = Object.entries(xf.attrs)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join("");
    const inner = (xf.alignment ?? "") + xf.rest;
    const xml = inner ? `<${p}xf${attrs}>${inner}</${p}xf>` : `<${p}xf${attrs}/>`;
    return this.add(this.cellXfs, this.xfIds, xml);
  }

  private xfAt(index: number): Xf {
    const { existing, added } = this.cellXfs;
    const xml = index < existing.length ? existing[index] : added[index - existing.length];
    const open = xml.slice(0, xml.indexOf(">") + 1);
    const selfClosing = open.endsWith("/>");
    const inner = selfClosing ? "" : xml.slice(open.length, xml.lastIndexOf("<"));
    const alignment = new RegExp(`<${this.prefix}alignment\\b[^>]*?(?:/>|>[\\s\\S]*?</${this.prefix}alignment>)`).exec(
      inner,
    );
    return {
      attrs: attributes(open.replace(/^<[\w:]+/, "")),
      alignment: alignment?.[0],
      rest: alignment ? inner.slice(0, alignment.index) + inner.slice(alignment.index + alignment[0].length) : inner,
    };
  }

  private formatId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.formatIds.get(code);
    if (id === undefined) {
      while (this.takenFormatIds.has(this.nextFormatId)) this.nextFormatId++;
      id = this.nextFormatId++;
      this.takenFormatIds.add(id);
      this.formatIds.set(code, id);
      this.numFmts.added.push(`<${this.prefix}numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    }
    return id;
  }

  private fontId(font: NonNullable<CellStyle["font"]>): number {
    const p = this.prefix;
    // exceljs writes only what it was given, so a cell given `{ bold: true }` has no size of its own.
    const xml =
      `<${p}font>` +
      (font.bold ? `<${p}b/>` : "") +
      (font.size !== undefined ? `<${p}sz val="${font.size}"/>` : "") +
      (font.color !== undefined ? `<${p}color rgb="${escapeXml(font.color)}"/>` : "") +
      `</${p}font>`;
    return this.add(this.fonts, this.fontIds, xml);
  }

  private defaultFont(): number {
    if (this.defaultFontId === undefined) {
      const first = this.fonts.existing[0];
      this.defaultFontId =
        first !== undefined && readsAsDefault(first, this.prefix)
          ? 0
          : this.add(this.fonts, this.fontIds, EXCELJS_DEFAULT_FONT.replace(/<(\/?)(\w)/g, `<$1${this.prefix}$2`));
    }
    return this.defaultFontId;
  }

  private add(list: Section, ids: Map<string, number>, xml: string): number {
    let id = ids.get(xml);
    if (id === undefined) {
      id = list.existing.length + list.added.length;
      list.added.push(xml);
      ids.set(xml, id);
    }
    return id;
  }

  private section(name: string, child: string): Section {
    const p = this.prefix;
    const found = this.locate(this.source, name);
    const existing = found
      ? [...found.inner.matchAll(new RegExp(`<${p}${child}\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}${child}>)`, "g"))].map(
          (m) => m[0],
        )
      : [];
    return { name, existing, added: [] };
  }

  /** Where a list is in `xml`: its start tag, what it holds, and where it ends. */
  private locate(xml: string, name: string): { start: number; open: string; inner: string; end: number } | undefined {
    const p = this.prefix;
    const m = new RegExp(`<${p}${name}(?:\\s[^>]*)?>`).exec(xml);
    if (!m) return undefined;
    const open = m[0];
    if (open.endsWith("/>")) return { start: m.index, open, inner: "", end: m.index + open.length };
    const close = `</${p}${name}>`;
    const closeAt = xml.indexOf(close, m.index + open.length);
    return { start: m.index, open, inner: xml.slice(m.index + open.length, closeAt), end: closeAt + close.length };
  }

  /** `xml` with `list`'s additions after the clerk's entries, its count the number it now holds. */
  private spliced(xml: string, list: Section): string {
    const p = this.prefix;
    const count = list.existing.length + list.added.length;
    const found = this.locate(xml, list.name);
    if (found) {
      const attrs = found.open.replace(new RegExp(`^<${p}${list.name}|/?>$`, "g"), "");
      const counted = /\bcount\s*=/.test(attrs)
        ? attrs.replace(/\bcount\s*=\s*("[^"]*"|'[^']*')/, `count="${count}"`)
        : `${attrs} count="${count}"`;
      const element = `<${p}${list.name}${counted}>${found.inner}${list.added.join("")}</${p}${list.name}>`;
      return xml.slice(0, found.start) + element + xml.slice(found.end);
    }
    // A list the clerk's file lacks goes where CT_Stylesheet orders it (only numFmts may be absent in practice).
    const order = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"];
    const after = order.slice(order.indexOf(list.name) + 1);
    const element = `<${p}${list.name} count="${count}">${list.added.join("")}</${p}${list.name}>`;
    let at = xml.lastIndexOf(`</${p}styleSheet>`);
    for (const name of [...after, "tableStyles", "colors", "extLst"]) {
      const next = new RegExp(`<${p}${name}[\\s/>]`).exec(xml);
      if (next && next.index < at) at = next.index;
    }
    return xml.slice(0, at) + element + xml.slice(at);
  }
}

/** A request's key: the same style however its object was built. */
function styleKey(style: CellStyle): string {
  const { numFmt, font, alignment } = style;
  return JSON.stringify([
    numFmt ?? null,
    font ? [font.bold ?? false, font.size ?? null, font.color ?? null] : null,
    alignment ? [alignment.horizontal ?? null, alignment.vertical ?? null, alignment.wrapText ?? false] : null,
  ]);
}

/** An alignment as exceljs writes it (`middle` is the file's `center`); none at all when it says nothing. */
function alignmentXml(a: NonNullable<CellStyle["alignment"]>, prefix: string): string | undefined {
  const attrs =
    (a.horizontal ? ` horizontal="${a.horizontal}"` : "") +
    (a.vertical ? ` vertical="${a.vertical === "middle" ? "center" : a.vertical}"` : "") +
    (a.wrapText ? ` wrapText="1"` : "");
  return attrs ? `<${prefix}alignment${attrs}/>` : undefined;
}

/** Whether a font reads, where the product's cells are compared, as exceljs's font 0: 11 points, not bold, no colour. */
function readsAsDefault(font: string, prefix: string): boolean {
  const val = (tag: string) => new RegExp(`<${prefix}${tag}\\b([^>]*)>`).exec(font)?.[1];
  const size = val("sz");
  const bold = val("b");
  const color = val("color");
  return (
    size !== undefined &&
    Number(attributes(size).val) === 11 &&
    (bold === undefined || /^(0|false)$/.test(attributes(bold).val ?? "")) &&
    (color === undefined || attributes(color).rgb === undefined)
  );
}
