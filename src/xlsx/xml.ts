/**
 * A part's XML read a piece at a time (cells.ts): start tags, end tags and the text between them, as exceljs's
 * parser (saxes) reports them, without ever holding the part whole. Element names lose their namespace prefix;
 * attributes and text are handed out raw, to be decoded (package.ts `attributes`, `textOf`) only where used.
 */

/**
 * What a scan hears. `raw` attributes and text are as written: entities not yet decoded. An empty element
 * (`<c r="A1"/>`) is opened and closed, as saxes reports it.
 */
export interface XmlHandler {
  open(name: string, raw: string): void;
  close(name: string): void;
  text(raw: string): void;
}

/** The XML is not well formed: `message` says where and how, in English (the reader names the part). */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

const START = /<([A-Za-z_][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const END = /<\/([A-Za-z_][^\s/>]*)\s*>/y;
/** A tag this long unfinished is no tag: the scan stops rather than gather the rest of the part. */
const LONGEST_TAG = 1 << 20;

const local = (name: string) => name.slice(name.indexOf(":") + 1);

export class XmlScan {
  private rest = "";
  private readonly decoder = new TextDecoder("utf-8");
  private readonly open: string[] = [];

  constructor(private readonly handler: XmlHandler) {}

  /** The next piece of the part's bytes: a UTF-8 character cut between two pieces is decoded whole. */
  write(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }), false);
  }

  end(): void {
    this.feed(this.decoder.decode(), true);
    if (this.open.length > 0) throw new XmlError(`<${this.open[this.open.length - 1]}> is never closed`);
  }

  private feed(piece: string, last: boolean): void {
    const s = this.rest.length > 0 ? this.rest + piece : piece;
    const { handler, open } = this;
    let at = 0;
    for (;;) {
      const lt = s.indexOf("<", at);
      if (lt < 0) break;
      if (lt > at) handler.text(s.slice(at, lt));
      at = lt;
      const next = s.charCodeAt(lt + 1);
      let end: number;
      if (next === 0x2f /* / */) {
        END.lastIndex = lt;
        const m = END.exec(s);
        if (!m) end = -1;
        else {
          const name = open.pop();
          if (name !== m[1]) throw new XmlError(`</${m[1]}> closes ${name === undefined ? "nothing" : `<${name}>`}`);
          handler.close(local(m[1]));
          end = END.lastIndex;
        }
      } else if (next === 0x21 /* ! */) {
        if (s.startsWith("<!--", lt)) end = after(s, "-->", lt + 4);
        // exceljs's parser reports no CDATA text to it: what a CDATA section holds is not a value.
        else if (s.startsWith("<![CDATA[", lt)) end = after(s, "]]>", lt + 9);
        else if (s.length - lt < 9) end = -1;
        else throw new XmlError("a declaration (<!…>) where no Excel part has one");
      } else if (next === 0x3f /* ? */) {
        end = after(s, "?>", lt + 2);
      } else {
        START.lastIndex = lt;
        const m = START.exec(s);
        if (!m) end = -1;
        else {
          const name = local(m[1]);
          handler.open(name, m[2]);
          if (m[3] === "/") handler.close(name);
          else open.push(m[1]);
          end = START.lastIndex;
        }
      }
      if (end < 0) {
        if (last || s.length - lt > LONGEST_TAG) throw new XmlError(`a tag that does not end: ${s.slice(lt, lt + 40)}`);
        break;
      }
      at = end;
    }
    // Text with no tag after it yet, or a tag cut off: it waits for the next piece.
    this.rest = s.slice(at);
  }
}

function after(s: string, close: string, from: number): number {
  const i = s.indexOf(close, from);
  return i < 0 ? -1 : i + close.length;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));|&/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Text or an attribute value as the parser gives it: line ends made `\n` (XML 1.0 §2.11), then the five entities
 * and character references decoded; any other `&` is no XML.
 */
export function textOf(raw: string): string {
  const s = raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n");
  if (s.indexOf("&") < 0) return s;
  return s.replace(ENTITY, (m, named?: string, dec?: string, hex?: string) => {
    if (named) return NAMED[named];
    if (dec === undefined && hex === undefined) throw new XmlError(`an undefined entity: ${s.slice(0, 40)}`);
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (code > 0x10ffff) throw new XmlError(`a reference to no character: ${m}`);
    return String.fromCodePoint(code);
  });
}
