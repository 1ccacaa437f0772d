/**
 * The package layer on its own, bytes in and verdicts or bytes out (src/xlsx/zip.ts, crc32.ts, copy.ts): every writer
 * a clerk's workbook comes from passes; each way a zip's records can lie is refused; the whitelist keeps only what
 * it names. The command's view of the same is the hostile corpus (test/hostile).
 */
import { promises as fs } from "fs";
import path from "path";
import { deflateRawSync, inflateRawSync } from "zlib";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { crc32 } from "../../src/xlsx/crc32";
import { Whitelist } from "../../src/xlsx/copy";
import { deflate, inflate } from "../../src/xlsx/node";
import { Package } from "../../src/xlsx/package";
import { readWorkbook } from "../../src/xlsx";
import { prologDtd, verifyZip, WORKBOOK_LIMITS, type Inflate } from "../../src/xlsx/zip";
import { crc, entriesOf, REL, zipOf } from "../hostile/packages";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");
const LIBREOFFICE = path.join(__dirname, "fixtures", "libreoffice-rich.xlsx");
const verify = (bytes: Uint8Array) => verifyZip(bytes, inflate, WORKBOOK_LIMITS);

describe("crc32", () => {
  test("the check value of CRC-32, and the same result in pieces as whole", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    const data = Buffer.from(Array.from({ length: 10_007 }, (_, i) => (i * 131 + 7) & 0xff));
    expect(crc32(data)).toBe(crc(data));
    expect(crc32(data.subarray(333), crc32(data.subarray(0, 333)))).toBe(crc(data));
  });
});

describe("verifyZip passes what real writers write", () => {
  test("Excel's sample, exceljs, jszip with data descriptors, LibreOffice, zip64 records", async () => {
    const sample = await fs.readFile(SAMPLE);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("台账").addRow(["序号", "申报单位"]);
    const streamed = await (await JSZip.loadAsync(sample)).generateAsync({ type: "nodebuffer", streamFiles: true });
    const zip64 = zipOf(await entriesOf(sample), { zip64: true });
    for (const bytes of [
      sample,
      Buffer.from(await wb.xlsx.writeBuffer()),
      streamed,
      await fs.readFile(LIBREOFFICE),
      zip64,
    ]) {
      await expect(verify(bytes)).resolves.toBeUndefined();
    }
    // And what the zip64 records say is what exceljs reads.
    const { grids } = await readWorkbook(zip64, "zip64.xlsx");
    expect(grids.map((g) => g.name)).toEqual((await readWorkbook(sample, "sample.xlsx")).grids.map((g) => g.name));
  });
});

describe("verifyZip refuses", () => {
  test("two entries exceljs takes for one picture, though their names differ", async () => {
    const entries = await entriesOf(await fs.readFile(SAMPLE));
    const png = { name: "xl/media/image1.png", data: Buffer.from("png") };
    await expect(verify(zipOf([...entries, png, { ...png, name: "old/xl/media/image1.png" }]))).rejects.toMatchObject({
      kind: "damaged",
      en: "two entries would be read as one part: xl/media/image1.png, old/xl/media/image1.png",
    });
  });

  test("an entry hidden in another's data (overlapping entries, as a zip bomb overlaps them)", async () => {
    // The sheet's whole local record, stored as the data of an entry before it, and the directory pointing into it.
    const sheet = { name: "xl/worksheets/sheet1.xml", data: Buffer.from("<worksheet/>") };
    const record = zipOf([sheet]).subarray(0, 30 + sheet.name.length + deflateRawSync(sheet.data).length);
    const host = { name: "a.bin", data: record, stored: true };
    const bytes = zipOf([host, sheet]);
    const directory = bytes.readUInt32LE(bytes.length - 6);
    const second = directory + 46 + host.name.length;
    bytes.writeUInt32LE(30 + host.name.length, second + 42);
    await expect(verify(bytes)).rejects.toMatchObject({
      kind: "damaged",
      en: "the data of a.bin and xl/worksheets/sheet1.xml overlap",
    });
  });

  test("an encrypted entry, a method zip does not know, a folder holding data, data after the directory", async () => {
    const entries = await entriesOf(await fs.readFile(SAMPLE));
    const bytes = zipOf(entries);
    const directory = bytes.readUInt32LE(bytes.length - 6);
    const encrypted = Buffer.from(bytes);
    encrypted.writeUInt16LE(0x801, directory + 8);
    await expect(verify(encrypted)).rejects.toMatchObject({ en: expect.stringContaining("is encrypted") });
    const method = Buffer.from(bytes);
    method.writeUInt16LE(14, directory + 10);
    await expect(verify(method)).rejects.toMatchObject({ en: expect.stringContaining("unknown compression (14)") });
    // jszip would take it for a folder, and exceljs never read it (shared strings, say: every name gone).
    const folder = Buffer.from(bytes);
    folder.writeUInt32LE(0x10, directory + 38);
    await expect(verify(folder)).rejects.toMatchObject({
      en: `the folder entry ${entries[0].name} holds data`,
    });
    await expect(verify(Buffer.concat([bytes, Buffer.from("tail")]))).rejects.toMatchObject({
      en: "there is data after its zip directory",
    });
  });

  test("more entries, or larger, than a workbook may have, before inflating any", async () => {
    const entries = await entriesOf(await fs.readFile(SAMPLE));
    const limits = { ...WORKBOOK_LIMITS, entries: entries.length - 1 };
    await expect(verifyZip(zipOf(entries), inflate, limits)).rejects.toMatchObject({ kind: "tooLarge" });
    const total = entries.reduce((n, e) => n + e.data.length, 0);
    await expect(verifyZip(zipOf(entries), inflate, { ...WORKBOOK_LIMITS, total: total - 1 })).rejects.toMatchObject({
      kind: "tooLarge",
      en: expect.stringContaining("in all, over the"),
    });
  });
});

describe("what a part may inflate to", () => {
  const data = Buffer.from(`<worksheet><sheetData>${"<row/>".repeat(100)}</sheetData></worksheet>`);
  const small = { ...WORKBOOK_LIMITS, part: data.length - 1, sheet: data.length };

  test("a worksheet, read and written a piece at a time, may inflate past what any other part may", async () => {
    await expect(verifyZip(zipOf([{ name: "xl/worksheets/sheet1.xml", data }]), inflate, small)).resolves.toBe(
      undefined,
    );
    await expect(verifyZip(zipOf([{ name: "xl/drawings/drawing1.xml", data }]), inflate, small)).rejects.toMatchObject({
      kind: "tooLarge",
      en: `its part xl/drawings/drawing1.xml inflates to 0.0 MB, over the 0.0 MB one part may be`,
    });
    const over = { ...small, sheet: data.length - 1 };
    await expect(verifyZip(zipOf([{ name: "xl/worksheets/sheet1.xml", data }]), inflate, over)).rejects.toMatchObject({
      kind: "tooLarge",
      zh: expect.stringContaining("工作表部件 xl/worksheets/sheet1.xml 解压后有"),
      en: expect.stringContaining("over the 0.0 MB a sheet may be"),
    });
  });

  test("a million-row ledger passes, at 17 columns too; its result, more than a 2 GB heap holds run again, does not", () => {
    // The bench's 1,000,000-row ledger: its largest sheet 238 MB, 455 MB in all; at 17 columns ~750 MB a sheet.
    expect(WORKBOOK_LIMITS.sheet).toBeGreaterThan(750_000_000);
    expect(WORKBOOK_LIMITS.total).toBeGreaterThan(750_000_000);
    // Results, 1,338 B a ledger row in all: of 795,000 rows run again, out of a 2 GB heap; of 600,000, the largest the
    // 256 MB a part let through before.
    expect(WORKBOOK_LIMITS.total).toBeLessThan(795_000 * 1_338);
    expect(WORKBOOK_LIMITS.total).toBeGreaterThanOrEqual(600_000 * 1_338);
    expect(WORKBOOK_LIMITS.part).toBeLessThan(512 << 20);
  });
});

describe("Node's inflater", () => {
  const pieces = async (compressed: Uint8Array, stopAfter = Infinity) => {
    const got: Buffer[] = [];
    await inflate(compressed, (piece) => {
      got.push(Buffer.from(piece));
      if (got.length >= stopAfter) throw new Error("enough");
    });
    return got;
  };

  test("a part of any size comes out as it went in, in pieces of no more than 64 KB past the smallest", async () => {
    // A part that deflates to a few KB, one to ~1 MB (inflated at once), and one inflating past 64 MB (a stream).
    const text = (n: number) =>
      Buffer.from(Array.from({ length: n }, (_, i) => `<c r="A${i}"><v>${i * 7919}</v></c>`).join(""));
    const large = Buffer.concat(Array.from({ length: 2_400 }, () => text(1_000)));
    expect(large.length).toBeGreaterThan(64 << 20);
    for (const data of [text(100), text(200_000), large]) {
      const got = await pieces(deflateRawSync(data, { level: 1 }));
      expect(Buffer.concat(got).equals(data)).toBe(true);
      if (data.length > 1 << 20) expect(Math.max(...got.map((p) => p.length))).toBeLessThanOrEqual(64 * 1024);
    }
  });

  test("a part inflating past 64 MB from a few hundred KB (a bomb) is stopped by the reader as it comes", async () => {
    const bomb = deflateRawSync(Buffer.alloc(128 << 20), { level: 1 });
    expect(bomb.length).toBeLessThan(4 << 20);
    await expect(pieces(bomb, 3)).rejects.toThrow("enough");
    await expect(inflate(deflateRawSync(Buffer.from("not")).subarray(0, 1), () => {})).rejects.toThrow();
  });
});

describe("Node's deflater", () => {
  test("a part given in pieces inflates to the pieces joined, with their size and CRC-32", async () => {
    const pieces = Array.from({ length: 40 }, (_, i) =>
      Buffer.from(`<row r="${i}">${"<c><v>7</v></c>".repeat(i * 999)}</row>`),
    );
    const deflating = deflate();
    for (const piece of pieces) await deflating.write(piece);
    const { compressed, crc32: sum, size } = await deflating.end();
    const whole = Buffer.concat(pieces);
    expect(inflateRawSync(compressed).equals(whole)).toBe(true);
    expect(size).toBe(whole.length);
    expect(sum).toBe(crc(whole));
    expect(compressed.length).toBeLessThan(whole.length / 10);
  });
});

describe("a part written a piece at a time (Package.putPieces)", () => {
  const SHEET = "xl/worksheets/sheet1.xml";
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => Buffer.from(`<row r="${i + 1}"><c><v>${i}</v></c></row>`));
  const xml = (n: number) => [
    Buffer.from("<worksheet><sheetData>"),
    ...rows(n),
    Buffer.from("</sheetData><pageSetup/></worksheet>"),
  ];
  /** Node's inflater, its pieces cut to 5 bytes: every marker read falls across two pieces somewhere. */
  const tiny: Inflate = (compressed, take) =>
    inflate(compressed, (piece) => {
      for (let at = 0; at < piece.length; at += 5) take(piece.subarray(at, at + 5));
    });

  test("is read back whole, its tail and head as read from a file, and packed as the file's zip", async () => {
    const input = new JSZip();
    input.file("[Content_Types].xml", `<Types xmlns="t"/>`, {
      compression: "DEFLATE",
    });
    input.file(SHEET, "<worksheet/>", { compression: "DEFLATE" });
    const pkg = await Package.load(await input.generateAsync({ type: "uint8array" }), tiny, deflate);
    await pkg.putPieces(SHEET, xml(5_000));
    const whole = Buffer.concat(xml(5_000));
    expect(Buffer.from(await pkg.bytes(SHEET)).equals(whole)).toBe(true);
    expect(await pkg.tail(SHEET, "</sheetData>")).toBe("</sheetData><pageSetup/></worksheet>");
    expect(await pkg.tail(SHEET, "<nowhere/>")).toBe(whole.toString());
    expect(Buffer.from(await pkg.head(SHEET, 30)).toString()).toBe(whole.subarray(0, 30).toString());
    const out = await pkg.generate();
    await verify(out);
    // Packed as deflated, not stored: jszip took the part as compressed.
    expect(out.length).toBeLessThan(whole.length / 5);
    expect(await (await JSZip.loadAsync(out)).file(SHEET)!.async("string")).toBe(whole.toString());
  });

  test("is joined and packed by jszip where the platform lends no deflater", async () => {
    const input = new JSZip();
    input.file(SHEET, "<worksheet/>");
    const pkg = await Package.load(await input.generateAsync({ type: "uint8array" }), inflate);
    await pkg.putPieces(SHEET, xml(10));
    const out = await pkg.generate();
    expect(await (await JSZip.loadAsync(out)).file(SHEET)!.async("string")).toBe(Buffer.concat(xml(10)).toString());
  });
});

describe("prologDtd", () => {
  const bytes = (s: string, encoding: BufferEncoding = "utf8") => Buffer.from(s, encoding);
  test("a DOCTYPE after the declaration and comments, in UTF-8 or UTF-16; none after the root element", () => {
    expect(prologDtd(bytes(`<?xml version="1.0"?>\n<!-- a -->\n<!DOCTYPE x [<!ENTITY e "1">]><x/>`))).toBe(true);
    expect(prologDtd(bytes(`\uFEFF<?xml version="1.0" encoding="UTF-16"?><!doctype x><x/>`, "utf16le"))).toBe(true);
    expect(prologDtd(bytes(`<?xml version="1.0"?><x><!-- <!DOCTYPE --></x>`))).toBe(false);
    expect(prologDtd(bytes(`<?xml version="1.0"?><!-- still open`))).toBeUndefined();
    expect(prologDtd(bytes(`<?xml version="1.0"?><!DOC`))).toBeUndefined();
  });
});

const CT = "application/vnd.openxmlformats-officedocument";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const rels = (...xml: string[]) =>
  `<?xml version="1.0"?><Relationships xmlns="${RELS_NS}">${xml.join("")}</Relationships>`;

/** A package holding `parts` (with their content types), not verified: the whitelist stands on its own. */
async function packageOf(parts: Record<string, [string, string?]>): Promise<Package> {
  const zip = new JSZip();
  const overrides = Object.entries(parts)
    .filter(([, [, type]]) => type)
    .map(([name, [, type]]) => `<Override PartName="/${name}" ContentType="${type}"/>`);
  zip.file("[Content_Types].xml", `<Types xmlns="t">${overrides.join("")}</Types>`);
  for (const [name, [data]] of Object.entries(parts)) zip.file(name, data);
  return Package.load(await zip.generateAsync({ type: "uint8array" }), inflate);
}

describe("Whitelist", () => {
  const drawing = `<?xml version="1.0"?><xdr:wsDr xmlns:xdr="x"/>`;
  const chart = `<?xml version="1.0"?><c:chartSpace xmlns:c="c"/>`;

  test("keeps a drawing and its chart, a chart reached twice judged once", async () => {
    const from = await packageOf({
      "xl/drawings/odd name.xml": [drawing, `${CT}.drawing+xml`],
      "xl/drawings/_rels/odd name.xml.rels": [
        rels(
          `<Relationship Id="rId1" Type="${REL}/chart" Target="../charts/c.xml"/>`,
          `<Relationship Id="rId2" Type="${REL}/chart" Target="../charts/c.xml"/>`,
        ),
      ],
      "xl/charts/c.xml": [chart, `${CT}.drawingml.chart+xml`],
    });
    const whitelist = new Whitelist(from);
    const rel = { id: "d", type: "drawing", target: "xl/drawings/odd name.xml", external: false, within: true };
    expect(await whitelist.allows(rel)).toBe(true);
    expect(await whitelist.allows({ ...rel, id: "again" })).toBe(true);
    expect(whitelist.refused).toEqual([]);
    expect([...whitelist.external]).toEqual([]);
  });

  test.each([
    [
      "a part declaring a DTD",
      `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]><c/>`,
      `${CT}.drawingml.chart+xml`,
      "chart",
      "it declares a DTD (<!DOCTYPE>)",
    ],
    ["a part of a type not kept", chart, "application/vnd.ms-office.vbaProject", "chart", "is none a result keeps"],
    ["a chart reached as a picture", chart, `${CT}.drawingml.chart+xml`, "image", "reached as image"],
  ])("refuses the drawing whole when it reaches %s", async (_, content, type, via, why) => {
    const from = await packageOf({
      "xl/drawings/drawing1.xml": [drawing, `${CT}.drawing+xml`],
      "xl/drawings/_rels/drawing1.xml.rels": [
        rels(`<Relationship Id="rId1" Type="${REL}/${via}" Target="../charts/c.xml"/>`),
      ],
      "xl/charts/c.xml": [content, type],
    });
    const whitelist = new Whitelist(from);
    const rel = { id: "d", type: "drawing", target: "xl/drawings/drawing1.xml", external: false, within: true };
    expect(await whitelist.allows(rel)).toBe(false);
    expect(whitelist.refused).toEqual([
      {
        part: "xl/drawings/drawing1.xml",
        through: "xl/charts/c.xml",
        zh: expect.any(String),
        en: expect.stringContaining(why),
      },
    ]);
  });

  test("keeps a linked picture's and a hyperlink's external targets; lists the picture's only; refuses an OLE link", async () => {
    const from = await packageOf({
      "xl/drawings/drawing1.xml": [drawing, `${CT}.drawing+xml`],
      "xl/drawings/_rels/drawing1.xml.rels": [
        rels(
          `<Relationship Id="rId1" Type="${REL}/image" Target="\\\\host\\share\\a.png" TargetMode="External"/>`,
          `<Relationship Id="rId2" Type="${REL}/hyperlink" Target="https://example.com/" TargetMode="External"/>`,
        ),
      ],
      "xl/drawings/drawing2.xml": [drawing, `${CT}.drawing+xml`],
      "xl/drawings/_rels/drawing2.xml.rels": [
        rels(`<Relationship Id="rId1" Type="${REL}/oleObject" Target="file:///c:/x.docx" TargetMode="External"/>`),
      ],
    });
    const whitelist = new Whitelist(from);
    const rel = (n: number) => ({
      id: "d",
      type: "drawing",
      target: `xl/drawings/drawing${n}.xml`,
      external: false,
      within: true,
    });
    expect(await whitelist.allows(rel(1))).toBe(true);
    expect([...whitelist.external]).toEqual(["\\\\host\\share\\a.png"]);
    expect(await whitelist.allows(rel(2))).toBe(false);
    expect(whitelist.refused[0].en).toBe("it points outside the package as oleObject (file:///c:/x.docx)");
  });
});
