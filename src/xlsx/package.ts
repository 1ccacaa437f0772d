/**
 * An .xlsx as the Open Packaging Conventions see it: parts, each part's relationships, content types.
 * Enough to add parts exceljs cannot write (charts) and to carry over parts it drops (a clerk's charts and
 * pivot tables), without touching any part that is not named.
 *
 * Bytes in, bytes out, on any platform: the inflater and deflater are passed in (node.ts), and text is decoded
 * without Node's Buffer. Relationships and content types are read once into maps and written back once, by `generate`: a
 * package of thousands of charts is finished in time linear in its parts.
 */
import JSZip from "jszip";
import type { Deflate, Deflating, Inflate } from "./zip";

export const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/** jszip's names for the zip compression methods 8 (deflate) and 0 (stored). */
const DEFLATE = "\x08\x00";
const STORE = "\x00\x00";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types";
const TYPES = "[Content_Types].xml";
const XML_DECLARATION = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;

export interface Relationship {
  id: string;
  /** The relationship type's last path segment: `drawing`, `chart`, `pivotTable` … */
  type: string;
  /** The part's path in the package (no leading slash), or the URL of an external target. */
  target: string;
  external: boolean;
  /**
   * A relative target that stays inside the package. An absolute one (`/xl/worksheets/sheet1.xml`) is read, as
   * OPC allows; only a part reached through relative targets is ever copied into a result (copy.ts).
   */
  within: boolean;
}

/** A relationship as its part's .rels file holds it; the file is written from these, never edited as text. */
interface Written {
  id: string;
  /** The full type URI. */
  type: string;
  /** As written: a URI relative to the part's folder, an absolute one, or an external URL. */
  target: string;
  external: boolean;
}

/**
 * A part whose XML or cells cannot be read, or edited into the result: `part`, and the sheet it is when it is one
 * (`message` says how). The command refuses the file as damaged (read.ts), naming it.
 */
export class UnreadablePart extends Error {
  constructor(
    readonly part: string,
    readonly sheet: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "UnreadablePart";
  }
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

function unescapeXml(s: string): string {
  return s.replace(
    /&(?:(lt|gt|quot|apos|amp)|#(\d+)|#x([0-9a-f]+));/gi,
    (m, named?: string, dec?: string, hex?: string) => {
      if (named) return ENTITIES[named.toLowerCase()];
      const code = dec ? Number(dec) : parseInt(hex!, 16);
      // A reference to no character is left as written rather than ending the read.
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    },
  );
}

/** Pieces of a part as one array: a sheet of a million rows is bytes, never one string. */
export function joined(pieces: Iterable<Uint8Array>): Uint8Array {
  const list = [...pieces];
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Where an ASCII `marker` last occurs in `bytes`, or -1. No byte of a UTF-8 character is ASCII, so a byte search finds
 * it whole; from the end, since what it marks (a sheet's elements after its rows) is near there.
 */
export function lastIndexOfAscii(bytes: Uint8Array, marker: string, before = bytes.length): number {
  if (before < marker.length) return -1;
  const first = marker.charCodeAt(0);
  for (let at = bytes.lastIndexOf(first, before - marker.length); at >= 0; at = bytes.lastIndexOf(first, at - 1)) {
    let i = 1;
    while (i < marker.length && bytes[at + i] === marker.charCodeAt(i)) i++;
    if (i === marker.length) return at;
    if (at === 0) break;
  }
  return -1;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The attributes of one XML start tag, unescaped. */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]] = unescapeXml(m[3] ?? m[4]);
  return out;
}

function folder(part: string): string {
  return part.slice(0, part.lastIndexOf("/") + 1);
}

/** `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`. */
export function relsPath(part: string): string {
  return `${folder(part)}_rels/${part.slice(folder(part).length)}.rels`;
}

/**
 * A relationship's target, resolved against the folder of the part that holds it, and whether it was a relative
 * one that stays inside the package (a `..` past the root does not).
 */
function resolve(from: string, uri: string): { target: string; within: boolean } {
  // A target is a URI: `image%201.png` names the part `image 1.png`.
  let target = uri;
  try {
    target = decodeURIComponent(uri);
  } catch {
    // Not percent-encoded after all: the target as written.
  }
  if (target.startsWith("/")) return { target: target.slice(1), within: false };
  const segments = folder(from).split("/").filter(Boolean);
  let within = true;
  for (const s of target.split("/")) {
    if (s === "..") within = segments.pop() !== undefined && within;
    else if (s !== ".") segments.push(s);
  }
  return { target: segments.join("/"), within };
}

/** The path of `to` as a relative target from the part `from`. */
function relative(from: string, to: string): string {
  const a = folder(from).split("/").filter(Boolean);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

/** What jszip 3.10 holds of a part read from a file, as far as it is used here. */
type Compressed = { compression?: { magic?: string }; compressedContent?: unknown };

/** [Content_Types].xml read into maps: by extension (lower case) and by part (lower case: OPC names ignore case). */
interface ContentTypes {
  defaults: Map<string, string>;
  overrides: Map<string, { part: string; type: string }>;
}

export class Package {
  private types?: ContentTypes;
  private typesChanged = false;
  /** Each part's relationships once read, by part; those changed are written back by `generate`. */
  private readonly relationships = new Map<string, Written[]>();
  private readonly relsChanged = new Set<string>();
  /** The next number `freeName` tries, per stem: names are only ever added, so it need not start at 1 again. */
  private readonly nextNumber = new Map<string, number>();
  /** What `put` wrote, until `generate` packs it. */
  private readonly unpacked = new Map<string, string | Uint8Array>();

  private constructor(
    readonly zip: JSZip,
    private readonly inflate: Inflate,
    private readonly deflate?: Deflate,
  ) {}

  /**
   * A package to edit. The parts written are deflated by `deflate` where the platform lends one (Node's zlib is
   * several times faster than jszip's own on a 50,000-row sheet), else by jszip at its fastest level.
   */
  static async load(data: Uint8Array, inflate: Inflate, deflate?: Deflate): Promise<Package> {
    return new Package(await JSZip.loadAsync(data), inflate, deflate);
  }

  /** A zip already open (the reader's, which measures sheets before exceljs loads anything). */
  static of(zip: JSZip, inflate: Inflate): Package {
    return new Package(zip, inflate);
  }

  has(part: string): boolean {
    return this.zip.file(part) !== null;
  }

  parts(): string[] {
    return Object.keys(this.zip.files).filter((p) => !this.zip.files[p].dir);
  }

  async text(part: string): Promise<string> {
    return new TextDecoder().decode(await this.bytes(part));
  }

  /**
   * The text of a part from `marker` on (all of it if the marker is absent): a sheet's elements after its rows. Read a
   * piece at a time, holding what follows the last marker seen: a sheet of a million rows is not inflated whole for
   * its last few kilobytes.
   */
  async tail(part: string, marker: string): Promise<string> {
    let from: Uint8Array[] | undefined;
    // The end of what came before, shorter than the marker: where a marker cut between two pieces starts.
    let carry = new Uint8Array(0);
    await this.pieces(part, (piece) => {
      const at = lastIndexOfAscii(piece, marker);
      const edge = at < 0 ? lastIndexOfAscii(joined([carry, piece.subarray(0, marker.length - 1)]), marker) : -1;
      if (at >= 0) from = [piece.slice(at)];
      else if (edge >= 0) from = [carry.slice(edge), piece.slice()];
      else from?.push(piece.slice());
      const seen = piece.length >= marker.length ? piece : joined([carry, piece]);
      carry = seen.slice(Math.max(0, seen.length - marker.length + 1));
    });
    return from ? new TextDecoder().decode(joined(from)) : this.text(part);
  }

  /** Up to the first `n` bytes of a part (a sheet's root element), inflating no more of it than that. */
  async head(part: string, n: number): Promise<Uint8Array> {
    const got: Uint8Array[] = [];
    let size = 0;
    const enough = new Error("enough");
    await this.pieces(part, (piece) => {
      got.push(piece.slice(0, n - size));
      size += got[got.length - 1].length;
      if (size >= n) throw enough;
    }).catch((e: unknown) => {
      if (e !== enough) throw e;
    });
    return joined(got);
  }

  /** A part with its text from `marker` on edited, the bytes before it as they were (a sheet's rows untouched). */
  async editTail(part: string, marker: string, edit: (tail: string) => string): Promise<void> {
    const bytes = await this.bytes(part);
    const at = Math.max(0, lastIndexOfAscii(bytes, marker));
    const tail = new TextEncoder().encode(edit(new TextDecoder().decode(bytes.subarray(at))));
    const out = new Uint8Array(at + tail.length);
    out.set(bytes.subarray(0, at));
    out.set(tail, at);
    this.put(part, out);
  }

  /**
   * A part's bytes. Where jszip still holds them as read from the file, the platform's inflater reads them: Node's
   * zlib is several times faster than jszip's own inflate on a 100,000-row sheet. (jszip 3.10 keeps a loaded
   * entry's bytes in `_data.compressedContent`; any other state goes through jszip.)
   */
  async bytes(part: string): Promise<Uint8Array> {
    const file = this.zip.file(part);
    if (!file) throw new Error(`no part ${part} in the package`);
    // A part written here, as it was written (a spliced sheet read again by the count of what the result keeps).
    const written = this.unpacked.get(part);
    if (written instanceof Uint8Array) return written;
    const data = (
      file as unknown as {
        _data?: {
          compression?: { magic?: string };
          compressedContent?: unknown;
          uncompressedSize?: number;
        };
      }
    )._data;
    const content = data?.compressedContent;
    const size = data?.uncompressedSize;
    if (content instanceof Uint8Array && typeof size === "number") {
      if (data?.compression?.magic === STORE) return content.slice();
      if (data?.compression?.magic === DEFLATE) {
        // Into one array of the size the zip gives (verified for an input): a large sheet is never held twice.
        const out = new Uint8Array(size);
        let at = 0;
        await this.inflate(content, (piece) => {
          if (at + piece.length > size) throw new Error(`${part} inflates past the size its zip entry gives`);
          out.set(piece, at);
          at += piece.length;
        });
        if (at !== size) throw new Error(`${part} inflates short of the size its zip entry gives`);
        return out;
      }
    }
    return file.async("uint8array");
  }

  /**
   * A part's bytes a piece at a time, as the platform inflates them: a large sheet is read without ever being held
   * whole (cells.ts). Pieces end anywhere, a UTF-8 character's bytes included.
   */
  async pieces(part: string, take: (piece: Uint8Array) => void): Promise<void> {
    const file = this.zip.file(part);
    if (!file) throw new Error(`no part ${part} in the package`);
    const data = (
      file as unknown as {
        _data?: {
          compression?: { magic?: string };
          compressedContent?: unknown;
        };
      }
    )._data;
    const content = data?.compressedContent;
    if (content instanceof Uint8Array && data?.compression?.magic === DEFLATE) return this.inflate(content, take);
    take(await this.bytes(part));
  }

  put(part: string, content: string | Uint8Array): void {
    this.zip.file(part, content);
    this.unpacked.set(part, content);
  }

  /**
   * A part written a piece at a time, each piece deflated as it comes where the platform lends a deflater: what is
   * held is the part compressed, never the part whole (a spliced sheet of a million rows is ~350 MB of XML). Read
   * again, it is inflated as a part of the input is.
   */
  async putPieces(part: string, pieces: Iterable<Uint8Array>): Promise<void> {
    const like = this.deflate && this.compressedLike();
    if (!this.deflate || !like) return this.put(part, joined(pieces));
    const deflating = this.deflate();
    for (const piece of pieces) await deflating.write(piece);
    this.unpacked.delete(part);
    this.packed(part, like, await deflating.end());
  }

  /** Removes a part no relationship names any more, with its own relationships and its content type. */
  async removePart(part: string): Promise<void> {
    this.zip.remove(part);
    this.unpacked.delete(part);
    this.zip.remove(relsPath(part));
    this.relationships.delete(part);
    this.relsChanged.delete(part);
    if ((await this.contentTypes()).overrides.delete(part.toLowerCase())) this.typesChanged = true;
  }

  async rels(part: string): Promise<Relationship[]> {
    return (await this.written(part)).map((r) => {
      const { target, within } = r.external ? { target: r.target, within: false } : resolve(part, r.target);
      return { id: r.id, type: r.type.slice(r.type.lastIndexOf("/") + 1), target, external: r.external, within };
    });
  }

  /**
   * Adds a relationship from `part` — to a part (its path), or `external`ly to a URL as given — and returns its
   * id: `id` where the part's XML already names one (a copied part), else one not taken. `type` is a type's last
   * segment in the officeDocument namespace (`chart`), or a full type URI.
   */
  async relate(
    part: string,
    type: string,
    target: string,
    given: { id?: string; external?: boolean } = {},
  ): Promise<string> {
    const list = await this.written(part);
    let id = given.id;
    if (id === undefined) {
      const taken = new Set(list.map((r) => r.id));
      let n = list.length + 1;
      while (taken.has(`rId${n}`)) n++;
      id = `rId${n}`;
    }
    list.push({
      id,
      type: type.includes("/") ? type : `${REL}/${type}`,
      target: given.external ? target : relative(part, target),
      external: given.external ?? false,
    });
    this.relsChanged.add(part);
    return id;
  }

  /** Removes a relationship of `part` (the element that names its id is the caller's to remove). */
  async unrelate(part: string, id: string): Promise<void> {
    const list = await this.written(part);
    const at = list.findIndex((r) => r.id === id);
    if (at >= 0) list.splice(at, 1);
    this.relsChanged.add(part);
  }

  /** The content type the package declares for a part: its Override, else its extension's Default. */
  async contentType(part: string): Promise<string | undefined> {
    const types = await this.contentTypes();
    return (
      types.overrides.get(part.toLowerCase())?.type ??
      types.defaults.get(part.slice(part.lastIndexOf(".") + 1).toLowerCase())
    );
  }

  /** Declares a part's content type (an Override, unless its extension's Default already says the same). */
  async declare(part: string, contentType: string): Promise<void> {
    if ((await this.contentType(part)) === contentType) return;
    (await this.contentTypes()).overrides.set(part.toLowerCase(), { part, type: contentType });
    this.typesChanged = true;
  }

  /** A part name not yet used: `xl/charts/chart` + `.xml` → `xl/charts/chart3.xml`. */
  freeName(stem: string, extension: string): string {
    const key = `${stem}\n${extension}`;
    let n = this.nextNumber.get(key) ?? 1;
    while (this.has(`${stem}${n}${extension}`)) n++;
    this.nextNumber.set(key, n + 1);
    return `${stem}${n}${extension}`;
  }

  /**
   * The package as an .xlsx, relationships and content types written back. The parts read are written as they were
   * compressed, and so are those deflated as they were written (`putPieces`); the rest written here are deflated now,
   * by the platform's deflater or else by jszip.
   */
  async generate(): Promise<Uint8Array> {
    for (const part of this.relsChanged) this.put(relsPath(part), relsXml(this.relationships.get(part)!));
    this.relsChanged.clear();
    if (this.types && this.typesChanged) this.put(TYPES, typesXml(this.types));
    this.typesChanged = false;
    await this.deflateWritten();
    return this.zip.generateAsync({
      type: "uint8array",
      compression: "DEFLATE",
      compressionOptions: { level: 1 },
    });
  }

  /** Each part still held as written, deflated by the platform: all at once, on its own threads (libuv's four). */
  private async deflateWritten(): Promise<void> {
    const like = this.deflate && this.compressedLike();
    if (!this.deflate || !like) return;
    const deflate = this.deflate;
    const packed = [...this.unpacked].map(async ([part, content]) => {
      const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
      const deflating = deflate(bytes.length);
      await deflating.write(bytes);
      this.packed(part, like, await deflating.end());
    });
    await Promise.all(packed);
    this.unpacked.clear();
  }

  /**
   * A part read from the file, deflated, as jszip 3.10 holds it (a CompressedObject): a part deflated here is handed to
   * jszip as one of these, which it then writes as it is. None in a package whose parts are all stored.
   */
  private compressedLike(): Compressed | undefined {
    return Object.values(this.zip.files)
      .map((f) => (f as unknown as { _data?: Compressed })._data)
      .find((d) => d?.compression?.magic === DEFLATE && d.compressedContent instanceof Uint8Array);
  }

  /** A part deflated here, handed to jszip as one read from a file (which it takes as such, never as new content). */
  private packed(part: string, like: Compressed, deflated: Awaited<ReturnType<Deflating["end"]>>): void {
    const compressed = Object.assign(Object.create(Object.getPrototypeOf(like) as object) as Compressed, {
      compressedSize: deflated.compressed.length,
      uncompressedSize: deflated.size,
      crc32: deflated.crc32,
      compression: like.compression,
      compressedContent: deflated.compressed,
    });
    this.zip.file(part, compressed as unknown as Uint8Array);
  }

  private async written(part: string): Promise<Written[]> {
    let list = this.relationships.get(part);
    if (list) return list;
    const path = relsPath(part);
    list = this.has(path) ? parseRels(path, await this.text(path)) : [];
    this.relationships.set(part, list);
    return list;
  }

  private async contentTypes(): Promise<ContentTypes> {
    if (this.types) return this.types;
    const types: ContentTypes = { defaults: new Map(), overrides: new Map() };
    const xml = this.has(TYPES) ? await this.text(TYPES) : "";
    for (const m of xml.matchAll(/<(?:\w+:)?(Override|Default)\b[^>]*>/g)) {
      const a = attributes(m[0]);
      if (a.ContentType === undefined) continue;
      if (m[1] === "Default" && a.Extension !== undefined) types.defaults.set(a.Extension.toLowerCase(), a.ContentType);
      if (m[1] === "Override" && a.PartName?.startsWith("/")) {
        const part = a.PartName.slice(1);
        types.overrides.set(part.toLowerCase(), { part, type: a.ContentType });
      }
    }
    this.types = types;
    return types;
  }
}

function parseRels(part: string, xml: string): Written[] {
  // Read as no relationships, the part would stay in the result as it is, and Excel refuses the file.
  if (!/<(?:[\w.-]+:)?Relationships[\s/>]/.test(xml)) throw new UnreadablePart(part, undefined, "no <Relationships>");
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].flatMap((m) => {
    const a = attributes(m[0]);
    if (a.Id === undefined || a.Target === undefined) return [];
    // A relationship without a type (some writers leave it out) still leads to its part.
    return [{ id: a.Id, type: a.Type ?? "", target: a.Target, external: a.TargetMode === "External" }];
  });
}

function relsXml(rels: readonly Written[]): string {
  const each = rels.map(
    (r) =>
      `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"` +
      `${r.external ? ' TargetMode="External"' : ""}/>`,
  );
  return `${XML_DECLARATION}<Relationships xmlns="${RELS_NS}">${each.join("")}</Relationships>`;
}

function typesXml(types: ContentTypes): string {
  const defaults = [...types.defaults].map(
    ([extension, type]) => `<Default Extension="${escapeXml(extension)}" ContentType="${escapeXml(type)}"/>`,
  );
  const overrides = [...types.overrides.values()].map(
    (o) => `<Override PartName="/${escapeXml(o.part)}" ContentType="${escapeXml(o.type)}"/>`,
  );
  return `${XML_DECLARATION}<Types xmlns="${TYPES_NS}">${defaults.join("")}${overrides.join("")}</Types>`;
}

/** Sheet name → its part, from workbook.xml and its relationships. */
export async function sheetParts(pkg: Package): Promise<Map<string, string>> {
  const targets = new Map((await pkg.rels("xl/workbook.xml")).map((r) => [r.id, r.target]));
  const workbook = await pkg.text("xl/workbook.xml");
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const target = targets.get(relId(a) ?? "");
    if (target) parts.set(a.name, target);
  }
  return parts;
}

/**
 * Inserts `element` into a part's XML before the first of `before` (the elements the schema puts after it),
 * else before the closing tag `close`.
 */
export function insertBefore(xml: string, element: string, before: readonly string[], close: string): string {
  const p = prefixOf(xml, close);
  let at = xml.lastIndexOf(`</${p}${close}`);
  for (const name of before) {
    const m = new RegExp(`<${p}${name}[\\s/>]`).exec(xml);
    if (m && m.index < at) at = m.index;
  }
  return xml.slice(0, at) + element + xml.slice(at);
}

/**
 * The prefix, with its colon, that a part writes its root element `root` with (`x:` as the .NET Open XML SDK
 * writes SpreadsheetML), or "" in the default namespace: what an element added to the part is written with.
 */
export function prefixOf(xml: string, root: string): string {
  return new RegExp(`<([\\w.-]+:)?${root}[\\s/>]`).exec(xml)?.[1] ?? "";
}

/** The relationship an element names (`r:id`, whatever prefix the part binds the relationships namespace to). */
export function relId(attrs: Record<string, string>): string | undefined {
  if (attrs["r:id"] !== undefined) return attrs["r:id"];
  const key = Object.keys(attrs).find((k) => k.endsWith(":id") && !k.startsWith("xmlns"));
  return key && attrs[key];
}

/** A root element that declares the relationships namespace, so an `r:id` added to it or below it reads. */
export function withRelNamespace(xml: string, root: string): string {
  const tag = `<${prefixOf(xml, root)}${root}`;
  const start = xml.indexOf(tag);
  return /xmlns:r=/.test(xml.slice(start, xml.indexOf(">", start))) ? xml : xml.replace(tag, `${tag} xmlns:r="${REL}"`);
}
