/**
 * The clerk's xl/sharedStrings.xml with texts of ours appended: every index of the clerk's keeps its text. The
 * product writes its texts inline (productSheet.ts); only a text an inline string cannot hold — the empty one,
 * which readers take for no value — is kept here.
 */
import { attributes, escapeXml } from "./package";
import type { StringTable } from "./productSheet";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

export class SharedStrings implements StringTable {
  private readonly added: string[] = [];
  private readonly ids = new Map<string, number>();

  private constructor(
    private readonly source: string | undefined,
    private readonly prefix: string,
    private readonly existing: number,
  ) {}

  /** The package's xl/sharedStrings.xml (undefined: it has none — one is made if a text is added). */
  static parse(xml: string | undefined): SharedStrings {
    if (xml === undefined) return new SharedStrings(undefined, "", 0);
    const root = /<(\w+:)?sst[\s>/]/.exec(xml);
    if (!root) throw new Error("xl/sharedStrings.xml has no sst element");
    const prefix = root[1] ?? "";
    const existing = xml.match(new RegExp(`<${prefix}si[\\s>/]`, "g"))?.length ?? 0;
    return new SharedStrings(xml, prefix, existing);
  }

  index(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.existing + this.added.length;
      this.added.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  /** Whether the package needs the part written (texts were added) — and, when it had none, the part created. */
  get changed(): boolean {
    return this.added.length > 0;
  }

  /** sharedStrings.xml: the clerk's items unchanged and in place, ours after them; uniqueCount and count right. */
  xml(): string {
    const p = this.prefix;
    const items = this.added
      .map(
        (t) => `<${p}si><${p}t${/^\s|\n|\s$/.test(t) ? ` xml:space="preserve"` : ""}>${escapeXml(t)}</${p}t></${p}si>`,
      )
      .join("");
    if (this.source === undefined) {
      const n = this.added.length;
      return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN_NS}" count="${n}" uniqueCount="${n}">${items}</sst>`;
    }
    const open = new RegExp(`<${p}sst\\b[^>]*>`).exec(this.source)!;
    const attrs = attributes(open[0]);
    // `count` counts references (each added text is referred to at least once; a reader takes it as a hint only).
    const count = (Number(attrs.count) || this.existing) + this.added.length;
    const counted = open[0]
      .replace(/\s(count|uniqueCount)\s*=\s*("[^"]*"|'[^']*')/g, "")
      .replace(/\/?>$/, (end) => ` count="${count}" uniqueCount="${this.existing + this.added.length}"${end}`);
    if (counted.endsWith("/>")) return this.source.replace(open[0], `${counted.slice(0, -2)}>${items}</${p}sst>`);
    const close = this.source.lastIndexOf(`</${p}sst>`);
    return (
      this.source.slice(0, open.index) +
      counted +
      this.source.slice(open.index + open[0].length, close) +
      items +
      this.source.slice(close)
    );
  }
}
