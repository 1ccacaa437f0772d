/**
 * An .xlsx as the Open Packaging Conventions see it: parts, each part's relationships, content types.
 * Enough to add parts exceljs cannot write (charts) and to carry over parts it drops (a clerk's charts and
 * pivot tables), without touching any part that is not named.
 */
import { inflateRawSync } from "zlib";
import JSZip from "jszip";

export const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/** jszip's names for the zip compression methods 8 (deflate) and 0 (stored). */
const DEFLATE = "\x08\x00";
const STORE = "\x00\x00";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

export interface Relationship {
  id: string;
  /** The relationship type's last path segment: `drawing`, `chart`, `pivotTable` … */
  type: string;
  /** The part's path in the package (no leading slash), or the URL of an external target. */
  target: string;
  external: boolean;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

function unescapeXml(s: string): string {
  return s.replace(
    /&(?:(lt|gt|quot|apos|amp)|#(\d+)|#x([0-9a-f]+));/gi,
    (_, named?: string, dec?: string, hex?: string) =>
      named ? ENTITIES[named] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
  );
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

/** A relationship's target, resolved against the folder of the part that holds it. */
function resolve(from: string, uri: string): string {
  // A target is a URI: `image%201.png` names the part `image 1.png`.
  let target = uri;
  try {
    target = decodeURIComponent(uri);
  } catch {
    // Not percent-encoded after all: the target as written.
  }
  if (target.startsWith("/")) return target.slice(1);
  const segments = folder(from).split("/").filter(Boolean);
  for (const s of target.split("/")) {
    if (s === "..") segments.pop();
    else if (s !== ".") segments.push(s);
  }
  return segments.join("/");
}

/** The path of `to` as a relative target from the part `from`. */
function relative(from: string, to: string): string {
  const a = folder(from).split("/").filter(Boolean);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

export class Package {
  private constructor(readonly zip: JSZip) {}

  static async load(data: Buffer): Promise<Package> {
    return new Package(await JSZip.loadAsync(data));
  }

  /** A zip already open (the reader's, which measures sheets before exceljs loads anything). */
  static of(zip: JSZip): Package {
    return new Package(zip);
  }

  has(part: string): boolean {
    return this.zip.file(part) !== null;
  }

  parts(): string[] {
    return Object.keys(this.zip.files).filter((p) => !this.zip.files[p].dir);
  }

  async text(part: string): Promise<string> {
    return (await this.raw(part)).toString("utf8");
  }

  bytes(part: string): Promise<Uint8Array> {
    return this.raw(part);
  }

  /** The text of a part from `marker` on (all of it if the marker is absent): a sheet's elements after its rows. */
  async tail(part: string, marker: string): Promise<string> {
    const bytes = await this.raw(part);
    // The marker is ASCII, and no byte of a UTF-8 character is ASCII: a byte search finds it whole.
    return bytes.subarray(Math.max(0, bytes.indexOf(marker, 0, "latin1"))).toString("utf8");
  }

  /**
   * A part's bytes. Where jszip still holds them as read from the file, Node's zlib inflates them: several
   * times faster than jszip's own inflate on a 100,000-row sheet. (jszip 3.10 keeps a loaded entry's bytes in
   * `_data.compressedContent`; any other state goes through jszip.)
   */
  private async raw(part: string): Promise<Buffer> {
    const file = this.zip.file(part);
    if (!file) throw new Error(`no part ${part} in the package`);
    const data = (file as unknown as { _data?: { compression?: { magic?: string }; compressedContent?: unknown } })
      ._data;
    const content = data?.compressedContent;
    if (content instanceof Uint8Array) {
      if (data?.compression?.magic === DEFLATE) return inflateRawSync(content);
      if (data?.compression?.magic === STORE) return Buffer.from(content);
    }
    return Buffer.from(await file.async("uint8array"));
  }

  put(part: string, content: string | Uint8Array): void {
    this.zip.file(part, content);
  }

  /** Removes a part no relationship names any more, with its own relationships and its content type. */
  async removePart(part: string): Promise<void> {
    this.zip.remove(part);
    this.zip.remove(relsPath(part));
    const xml = await this.text("[Content_Types].xml");
    this.zip.file(
      "[Content_Types].xml",
      xml.replace(/<Override\b[^>]*>/g, (tag) => (attributes(tag).PartName === `/${part}` ? "" : tag)),
    );
  }

  async rels(part: string): Promise<Relationship[]> {
    const file = this.zip.file(relsPath(part));
    if (!file) return [];
    const xml = await file.async("string");
    return [...xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].flatMap((m) => {
      const a = attributes(m[0]);
      if (a.Id === undefined || a.Target === undefined) return [];
      const external = a.TargetMode === "External";
      // A relationship without a type (some writers leave it out) still leads to its part.
      const type = a.Type ?? "";
      return [
        {
          id: a.Id,
          type: type.slice(type.lastIndexOf("/") + 1),
          target: external ? a.Target : resolve(part, a.Target),
          external,
        },
      ];
    });
  }

  /** Adds a relationship from `part` to `target` (a part's path); returns its id. */
  async relate(part: string, type: string, target: string): Promise<string> {
    const path = relsPath(part);
    const xml =
      (await this.zip.file(path)?.async("string")) ??
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}"></Relationships>`;
    const taken = new Set([...xml.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
    let n = taken.size + 1;
    while (taken.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const rel = `<Relationship Id="${id}" Type="${REL}/${type}" Target="${escapeXml(relative(part, target))}"/>`;
    this.zip.file(
      path,
      xml
        .replace(/<\/Relationships>\s*$/, `${rel}</Relationships>`)
        .replace(/<Relationships([^>]*)\/>\s*$/, `<Relationships$1>${rel}</Relationships>`),
    );
    return id;
  }

  /** Points an existing relationship of `part` at another target. */
  async retarget(part: string, id: string, target: string): Promise<void> {
    const path = relsPath(part);
    const xml = await this.text(path);
    this.zip.file(
      path,
      xml.replace(/<Relationship\b[^>]*>/g, (tag) =>
        attributes(tag).Id === id
          ? tag.replace(/\bTarget="[^"]*"/, `Target="${escapeXml(relative(part, target))}"`)
          : tag,
      ),
    );
  }

  /** The content type the package declares for a part: its Override, else its extension's Default. */
  async contentType(part: string): Promise<string | undefined> {
    const xml = await this.text("[Content_Types].xml");
    let byExtension: string | undefined;
    const extension = part.slice(part.lastIndexOf(".") + 1).toLowerCase();
    for (const m of xml.matchAll(/<(Override|Default)\b[^>]*>/g)) {
      const a = attributes(m[0]);
      if (m[1] === "Override" && a.PartName === `/${part}`) return a.ContentType;
      if (m[1] === "Default" && a.Extension.toLowerCase() === extension) byExtension = a.ContentType;
    }
    return byExtension;
  }

  /** Declares a part's content type (an Override, unless its extension's Default already says the same). */
  async declare(part: string, contentType: string): Promise<void> {
    if ((await this.contentType(part)) === contentType) return;
    const xml = await this.text("[Content_Types].xml");
    const override = `<Override PartName="/${escapeXml(part)}" ContentType="${escapeXml(contentType)}"/>`;
    this.zip.file("[Content_Types].xml", xml.replace(/<\/Types>\s*$/, `${override}</Types>`));
  }

  /** A part name not yet used: `xl/charts/chart` + `.xml` → `xl/charts/chart3.xml`. */
  freeName(stem: string, extension: string): string {
    let n = 1;
    while (this.has(`${stem}${n}${extension}`)) n++;
    return `${stem}${n}${extension}`;
  }

  async generate(): Promise<Buffer> {
    return this.zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 1 } });
  }

  /**
   * Copies `part` of `from`, and every part it reaches through its relationships, into this package under
   * names not yet used here; relationships among the copies point at the copies. `copied` maps a source
   * part to its copy, so a part reached twice (a pivot cache shared by two tables) is copied once.
   */
  async copyTree(from: Package, part: string, copied: Map<string, string>): Promise<string> {
    const done = copied.get(part);
    if (done) return done;
    const dot = part.lastIndexOf(".");
    const stem = part.slice(0, dot).replace(/\d+$/, "");
    const name = this.freeName(stem, part.slice(dot));
    copied.set(part, name);
    this.put(name, await from.bytes(part));
    const type = await from.contentType(part);
    if (type) await this.declare(name, type);
    const rels = await from.rels(part);
    if (rels.length === 0) return name;
    let xml = await from.text(relsPath(part));
    for (const rel of rels) {
      if (rel.external || !from.has(rel.target)) continue;
      const target = await this.copyTree(from, rel.target, copied);
      xml = xml.replace(/<Relationship\b[^>]*>/g, (tag) =>
        attributes(tag).Id === rel.id
          ? tag.replace(/\bTarget="[^"]*"/, `Target="${escapeXml(relative(name, target))}"`)
          : tag,
      );
    }
    this.put(relsPath(name), xml);
    return name;
  }
}

/** Sheet name → its part, from workbook.xml and its relationships. */
export async function sheetParts(pkg: Package): Promise<Map<string, string>> {
  const targets = new Map((await pkg.rels("xl/workbook.xml")).map((r) => [r.id, r.target]));
  const workbook = await pkg.text("xl/workbook.xml");
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const target = targets.get(a["r:id"]);
    if (target) parts.set(a.name, target);
  }
  return parts;
}

/**
 * Inserts `element` into a part's XML before the first of `before` (the elements the schema puts after it),
 * else before the closing tag `close`.
 */
export function insertBefore(xml: string, element: string, before: readonly string[], close: string): string {
  let at = xml.lastIndexOf(`</${close}>`);
  for (const name of before) {
    const m = new RegExp(`<${name}[\\s/>]`).exec(xml);
    if (m && m.index < at) at = m.index;
  }
  return xml.slice(0, at) + element + xml.slice(at);
}

/** A root element that declares the relationships namespace, so an `r:id` added to it or below it reads. */
export function withRelNamespace(xml: string, root: string): string {
  const start = xml.indexOf(`<${root}`);
  return /xmlns:r=/.test(xml.slice(start, xml.indexOf(">", start)))
    ? xml
    : xml.replace(`<${root}`, `<${root} xmlns:r="${REL}"`);
}
