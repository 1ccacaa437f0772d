/**
 * Hostile packages for the corpus (issue 16 items 2 and 3): a clerk's ledger (exceljs) taken apart into its zip
 * entries and written back byte by byte with one record made to lie — a second entry of one name, a CRC that does
 * not match, sizes that disagree, data cut short, a bomb — or with parts a forger adds to a drawing. And the check
 * every result of the corpus is held to, read as a zip with nothing of the product's own package code.
 */
import { promises as fs } from "fs";
import { constants, deflateRawSync } from "zlib";
import JSZip from "jszip";

/** One zip entry as written; the fields after `data` make its records lie. */
export interface RawEntry {
  name: string;
  /** The entry's content, inflated. */
  data: Buffer;
  /** Written as it is, not deflated. */
  stored?: boolean;
  /** The bytes written for it (deflate of `data` unless given). */
  compressed?: Buffer;
  /** The CRC-32 and size both the directory and the local header give, when not `data`'s own. */
  crc?: number;
  size?: number;
  /** The size the local header alone gives. */
  localSize?: number;
}

/** A workbook's entries, in order, inflated. */
export async function entriesOf(xlsx: Buffer): Promise<RawEntry[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const entries: RawEntry[] = [];
  for (const file of Object.values(zip.files)) {
    if (!file.dir) entries.push({ name: file.name, data: await file.async("nodebuffer") });
  }
  return entries;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 done the plain way (a byte at a time), apart from the product's own. */
export function crc(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const MAX32 = 0xffffffff;

/** A zip64 extra field of 8-byte values. */
function zip64Field(...values: number[]): Buffer {
  const field = Buffer.alloc(4 + 8 * values.length);
  field.writeUInt16LE(1, 0);
  field.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => field.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return field;
}

/**
 * A zip of `entries`, each deflated, with whatever its records are made to say; `zip64`, with every size and offset
 * in zip64 fields and records, as some writers give them whether needed or not.
 */
export function zipOf(entries: readonly RawEntry[], { zip64 = false } = {}): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const body = e.compressed ?? (e.stored ? e.data : deflateRawSync(e.data));
    const method = e.stored ? 0 : 8;
    const sum = e.crc ?? crc(e.data);
    const size = e.size ?? e.data.length;
    const localExtra = zip64 ? zip64Field(e.localSize ?? size, body.length) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(sum, 14);
    local.writeUInt32LE(zip64 ? MAX32 : body.length, 18);
    local.writeUInt32LE(zip64 ? MAX32 : (e.localSize ?? size), 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const extra = zip64 ? zip64Field(size, body.length, offset) : Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(zip64 ? 45 : 20, 4);
    central.writeUInt16LE(zip64 ? 45 : 20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(sum, 16);
    central.writeUInt32LE(zip64 ? MAX32 : body.length, 20);
    central.writeUInt32LE(zip64 ? MAX32 : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(zip64 ? MAX32 : offset, 42);
    parts.push(local, name, localExtra, body);
    directory.push(central, name, extra);
    offset += local.length + name.length + localExtra.length + body.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const records: Buffer[] = [];
  if (zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(entries.length), 24);
    end64.writeBigUInt64LE(BigInt(entries.length), 32);
    end64.writeBigUInt64LE(BigInt(size), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + size), 8);
    locator.writeUInt32LE(1, 16);
    records.push(end64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? MAX32 : size, 12);
  end.writeUInt32LE(zip64 ? MAX32 : offset, 16);
  return Buffer.concat([...parts, ...directory, ...records, end]);
}

/**
 * Deflate data for `gib` GiB of zeros in about `gib` MB: blocks of a MiB of zeros, each flushed whole so that it
 * can be repeated, then an empty last block.
 */
export function zerosBomb(gib: number): Buffer {
  const mib = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array<Buffer>(gib * 1024).fill(mib), deflateRawSync(Buffer.alloc(0))]);
}

const NS = {
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
};
export const REL = NS.r;
const DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";

/** A text box as Excel anchors one; `inside` goes in its shape properties (a linked picture fill, say). */
export function textBox(text: string, inside = ""): string {
  return (
    `<xdr:twoCellAnchor><xdr:from><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="文本框 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>` +
    `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>${inside}</xdr:spPr>` +
    `<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>${text}</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

export interface Added {
  /** The drawing's anchors (textBox()), its relationships as XML, and anything before its root element. */
  anchors: string;
  rels?: string;
  prolog?: string;
  /** More parts, each with its content type. */
  parts?: { name: string; data: string | Buffer; type: string }[];
  /** Edits to xl/workbook.xml and its relationships. */
  workbook?: (xml: string) => string;
  workbookRels?: string;
}

/** A ledger with a drawing added to its first sheet, as a forger (or a clerk's Excel) would add it. */
export async function withDrawing(xlsx: Buffer, added: Added): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const sheet = "xl/worksheets/sheet1.xml";
  const sheetRels = "xl/worksheets/_rels/sheet1.xml.rels";
  const relationship = `<Relationship Id="rIdDrawing" Type="${REL}/drawing" Target="../drawings/drawing9.xml"/>`;
  const existing = await zip.file(sheetRels)?.async("string");
  zip.file(
    sheetRels,
    existing
      ? existing.replace("</Relationships>", `${relationship}</Relationships>`)
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS.rels}">${relationship}</Relationships>`,
  );
  const xml = await zip.file(sheet)!.async("string");
  zip.file(
    sheet,
    xml
      .replace(/<worksheet\b(?![^>]*xmlns:r=)/, `<worksheet xmlns:r="${NS.r}"`)
      .replace("</worksheet>", `<drawing r:id="rIdDrawing"/></worksheet>`),
  );
  zip.file(
    "xl/drawings/drawing9.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${added.prolog ?? ""}` +
      `<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${added.anchors}</xdr:wsDr>`,
  );
  if (added.rels) {
    zip.file(
      "xl/drawings/_rels/drawing9.xml.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS.rels}">${added.rels}</Relationships>`,
    );
  }
  const overrides = [{ name: "xl/drawings/drawing9.xml", type: DRAWING_TYPE }, ...(added.parts ?? [])];
  for (const p of added.parts ?? []) zip.file(p.name, p.data);
  if (added.workbook) zip.file("xl/workbook.xml", added.workbook(await zip.file("xl/workbook.xml")!.async("string")));
  if (added.workbookRels) {
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file("xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", `${added.workbookRels}</Relationships>`));
  }
  const types = await zip.file("[Content_Types].xml")!.async("string");
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      `${overrides.map((o) => `<Override PartName="/${o.name}" ContentType="${o.type}"/>`).join("")}</Types>`,
    ),
  );
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** An attribute's value as written, its character references read (the writer escapes with `&#38;` and the like). */
const unescape = (v: string | undefined) =>
  v?.replace(/&#(\d+);|&(amp|lt|gt|quot|apos);/g, (_, n?: string, named?: string) =>
    n ? String.fromCharCode(Number(n)) : { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[named!]!,
  );

/** A part's folder, the base its relationships' targets resolve against. */
const folderOf = (part: string) => part.slice(0, part.lastIndexOf("/") + 1);

/**
 * Issue 16 "Done when": the result, opened as a zip, holds no macro part, no DTD, no entry name with "..", "\" or a
 * drive letter, and no relationship leading out of the package but to the links the console listed — hyperlinks
 * apart, which nothing follows until a reader clicks one.
 */
export async function expectSafeResult(file: string, console: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const names = Object.keys(zip.files);
  const types = await zip.file("[Content_Types].xml")!.async("string");
  expect({ file, types }).not.toMatchObject({ types: expect.stringMatching(/macro|vba/i) });
  for (const name of names) {
    expect({ file, name, unsafe: /\.\.|\\|^\/|(^|\/)[A-Za-z]:|vbaProject/i.test(name) }).toMatchObject({
      unsafe: false,
    });
    const entry = zip.files[name];
    if (entry.dir) continue;
    const text = await entry.async("string");
    expect({ file, name, dtd: /<!DOCTYPE/i.test(text) }).toMatchObject({ dtd: false });
    if (!name.endsWith(".rels")) continue;
    const source = name.replace(/_rels\/([^/]*)\.rels$/, "$1");
    for (const m of text.matchAll(/<Relationship\b[^>]*>/g)) {
      const attr = (a: string) => unescape(new RegExp(`\\b${a}="([^"]*)"`).exec(m[0])?.[1]);
      const [type, target] = [attr("Type") ?? "", attr("Target") ?? ""];
      expect({ file, name, type }).not.toMatchObject({ type: expect.stringMatching(/vba|macro/i) });
      if (attr("TargetMode") === "External") {
        if (!type.endsWith("/hyperlink"))
          expect({ file, target, listed: console.includes(target) }).toMatchObject({ listed: true });
        continue;
      }
      const segments = folderOf(source).split("/").filter(Boolean);
      let inside = !target.startsWith("/");
      for (const s of decodeURIComponent(target).split("/")) {
        if (s === "..") inside = segments.pop() !== undefined && inside;
        else if (s !== ".") segments.push(s);
      }
      expect({ file, name, target, inside, there: names.includes(segments.join("/")) }).toMatchObject({
        inside: true,
        there: true,
      });
    }
  }
}
