/**
 * A part's XML read a piece at a time (cells.ts): start tags, end tags and the text between them, as exceljs's
 * parser (saxes) reports them, without ever holding the part whole. Element names lose their namespace prefix;
 * attributes and text are handed out raw, to be decoded (package.ts `attributes`, `textOf`) only where used.
 *
 * The markup is searched in the bytes read as latin1, one character a byte: what it looks for is ASCII, and no byte
 * of a UTF-8 character is ASCII. Text is decoded from its own bytes, into a string of its own: a cell's value never
 * keeps alive the piece of the sheet it was read from.
 */

/**
 * What a scan hears. `raw` attributes and text are as written: entities not yet decoded. An empty element
 * (`<c r="A1"/>`) is opened and closed, as saxes reports it. Text is decoded only while `wantsText` says so.
 */
export interface XmlHandler {
  open(name: string, raw: string): void;
  close(name: string): void;
  text(raw: string): void;
  readonly wantsText: boolean;
}

/** The XML is not well formed: `message` says where and how, in English (the reader names the part). */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

/** The characters that end a tag's name. */
const SPACE_OR_SLASH: boolean[] = [];
for (const c of " \t\r\n/") SPACE_OR_SLASH[c.charCodeAt(0)] = true;
/** A tag this long unfinished is no tag: the scan stops rather than gather the rest of the part. */
const LONGEST_TAG = 1 << 20;

const LATIN1 = new TextDecoder("latin1");
const UTF8 = new TextDecoder("utf-8");
/** V8 copies a substring shorter than this; a longer one would point into the string it was cut from. */
const COPIED = 13;
const NOT_ASCII = /[\u0080-\uffff]/;

export class XmlScan {
  /** The bytes not yet scanned (a tag or text cut off at a piece's end), and the same as latin1. */
  private restBytes: Uint8Array = new Uint8Array(0);
  private rest = "";
  private bytes: Uint8Array = new Uint8Array(0);
  private s = "";
  private readonly open: string[] = [];

  constructor(private readonly handler: XmlHandler) {}

  write(piece: Uint8Array): void {
    this.feed(piece, false);
  }

  end(): void {
    this.feed(new Uint8Array(0), true);
    if (this.open.length > 0) throw new XmlError(`<${this.open[this.open.length - 1]}> is never closed`);
  }

  /** The UTF-8 text of bytes `from`–`to` of what is being scanned, as a string of its own. */
  private utf8(from: number, to: number): string {
    if (to - from < COPIED) {
      const latin = this.s.slice(from, to);
      if (!NOT_ASCII.test(latin)) return latin;
    }
    return UTF8.decode(this.bytes.subarray(from, to));
  }

  private feed(piece: Uint8Array, last: boolean): void {
    let bytes = piece;
    if (this.restBytes.length > 0) {
      bytes = new Uint8Array(this.restBytes.length + piece.length);
      bytes.set(this.restBytes);
      bytes.set(piece, this.restBytes.length);
    }
    const s = this.rest + LATIN1.decode(piece);
    this.bytes = bytes;
    this.s = s;
    const { handler, open } = this;
    let at = 0;
    for (;;) {
      const lt = s.indexOf("<", at);
      if (lt < 0) break;
      if (lt > at && handler.wantsText) handler.text(this.utf8(at, lt));
      at = lt;
      const next = s.charCodeAt(lt + 1);
      let end: number;
      if (next === 0x21 /* ! */) {
        if (s.startsWith("<!--", lt)) end = after(s, "-->", lt + 4);
        // exceljs's parser reports no CDATA text to it: what a CDATA section holds is not a value.
        else if (s.startsWith("<![CDATA[", lt)) end = after(s, "]]>", lt + 9);
        else if (s.length - lt < 9) end = -1;
        else throw new XmlError("a declaration (<!…>) where no Excel part has one");
      } else if (next === 0x3f /* ? */) {
        end = after(s, "?>", lt + 2);
      } else {
        const gt = tagEnd(s, lt);
        if (gt < 0) end = -1;
        else {
          const closing = next === 0x2f;
          const from = closing ? lt + 2 : lt + 1;
          let nameEnd = from;
          while (nameEnd < gt && !SPACE_OR_SLASH[s.charCodeAt(nameEnd)]) nameEnd++;
          const name = s.slice(from, nameEnd);
          if (name === "" || (closing && s.slice(nameEnd, gt).trim() !== ""))
            throw new XmlError(`no tag: ${s.slice(lt, gt + 1)}`);
          const colon = name.indexOf(":");
          const plain = colon < 0 ? name : name.slice(colon + 1);
          if (closing) {
            const opened = open.pop();
            if (opened !== name)
              throw new XmlError(`</${name}> closes ${opened === undefined ? "nothing" : `<${opened}>`}`);
            handler.close(plain);
          } else {
            const empty = s.charCodeAt(gt - 1) === 0x2f;
            const raw = s.slice(nameEnd, empty ? gt - 1 : gt);
            handler.open(plain, NOT_ASCII.test(raw) ? this.utf8(nameEnd, empty ? gt - 1 : gt) : raw);
            if (empty) handler.close(plain);
            else open.push(name);
          }
          end = gt + 1;
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
    this.restBytes = bytes.slice(at);
  }
}

/** Where the tag starting at `lt` ends (its `>`, none inside a quoted attribute value); -1 if not in `s` yet. */
function tagEnd(s: string, lt: number): number {
  let i = lt + 1;
  for (;;) {
    const gt = s.indexOf(">", i);
    if (gt < 0) return -1;
    // A quote before the `>` may open a value that holds it: skip past each quoted value.
    let q = i;
    let quoted = -1;
    for (; q < gt; q++) {
      const c = s.charCodeAt(q);
      if (c === 0x22 || c === 0x27) {
        quoted = q;
        break;
      }
    }
    if (quoted < 0) return gt;
    const close = s.indexOf(s[quoted], quoted + 1);
    if (close < 0) return -1;
    i = close + 1;
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

/** Each attribute of a start tag (the `raw` an XmlHandler hears) in order, its value decoded: the cells' fast path. */
export function eachAttribute(raw: string, take: (name: string, value: string) => void): void {
  let i = 0;
  for (;;) {
    const eq = raw.indexOf("=", i);
    if (eq < 0) return;
    const name = raw.slice(i, eq).trim();
    let q = eq + 1;
    while (q < raw.length && raw.charCodeAt(q) !== 0x22 && raw.charCodeAt(q) !== 0x27) q++;
    const close = raw.indexOf(raw[q], q + 1);
    if (q >= raw.length || close < 0) throw new XmlError(`an attribute with no value: ${raw.slice(0, 40)}`);
    take(name, textOf(raw.slice(q + 1, close)));
    i = close + 1;
  }
}
