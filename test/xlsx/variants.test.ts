/**
 * The clerk's package as other writers leave it (issue 19 item 2 follow-up): the result is the clerk's package edited,
 * so every way of writing the same SpreadsheetML must be edited as well as exceljs's — the `x:` prefix of the .NET
 * Open XML SDK and of some government systems' exporters, rows and cells without `r`, `<sheetData/>`, no `<cols>` or
 * `<dimension>`, CRLF and indentation, single-quoted attributes, a BOM, no `standalone`, relationships that are
 * garbage, missing, or lead nowhere. Each variant either balances, to a result Excel opens (support/excelReads.ts)
 * with the clerk's cells and ours as the plain package gives them, or is refused (exit 2) naming the part and what to
 * do; never an unexpected error (exit 3).
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import JSZip from "jszip";
import { inflate } from "../../src/xlsx/node";
import { readWorkbook } from "../../src/xlsx/read";
import { run } from "../cli/run";
import { expectExcelReads } from "../support/excelReads";
import { SAMPLE } from "../support/year";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const INPUTS: [string, string][] = [
  ["the sample", SAMPLE],
  ["a clerk's rich workbook", path.join(__dirname, "golden", "rich-ledger.xlsx")],
  ["a workbook LibreOffice saved", path.join(__dirname, "fixtures", "libreoffice-rich.xlsx")],
];

/** A part's text changed; the package's other parts as they were. */
type Edit = (xml: string, part: string) => string | undefined;

const isXml = (part: string) => /\.(xml|rels)$/.test(part) && part !== "[Content_Types].xml";
const isSheet = (part: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(part);
const isMain = (xml: string) => new RegExp(`<\\w+[^>]*\\sxmlns="${MAIN}"`).test(xml.slice(0, 2000));

/**
 * Every element of a SpreadsheetML part written with the prefix `x:`, as the Open XML SDK writes it; elements of
 * another default namespace declared inside (an extension's) keep theirs.
 */
function prefixed(xml: string): string {
  if (!isMain(xml)) return xml;
  const depth: boolean[] = [];
  return xml.replace(
    /<(\/?)([A-Za-z_][\w.-]*)(\s[^>]*?)?(\/?)>/g,
    (tag, close: string, name: string, attrs = "", empty) => {
      if (close) return depth.pop() ? `</x:${name}>` : tag;
      const other = /\sxmlns="/.test(attrs) && !attrs.includes(`xmlns="${MAIN}"`);
      const inMain = !other && (depth.length === 0 || depth[depth.length - 1]);
      if (!empty) depth.push(inMain);
      return inMain ? `<x:${name}${attrs.replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`)}${empty}>` : tag;
    },
  );
}

/** `r` left off each row that follows the one before it, and each cell that follows its neighbour: what it implies. */
function withoutRefs(xml: string, part: string): string {
  if (!isSheet(part)) return xml;
  let lastRow = 0;
  return xml.replace(/<row\b([^>]*?)(\/>|>([\s\S]*?)<\/row>)/g, (whole, attrs: string, _end, inner?: string) => {
    const r = Number(/\sr="(\d+)"/.exec(attrs)?.[1] ?? lastRow + 1);
    const implied = r === lastRow + 1;
    lastRow = r;
    if (inner === undefined) return implied ? whole.replace(/\sr="\d+"/, "") : whole;
    let lastColumn = 0;
    const cells = inner.replace(/<c\b([^>]*?)(\/?)>/g, (tag, cellAttrs: string) => {
      const m = /\sr="([A-Z]+)\d+"/.exec(cellAttrs);
      const column = m ? [...m[1]].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) : lastColumn + 1;
      const follows = column === lastColumn + 1;
      lastColumn = column;
      return follows ? tag.replace(/\sr="[A-Z]+\d+"/, "") : tag;
    });
    return `<row${implied ? attrs.replace(/\sr="\d+"/, "") : attrs}>${cells}</row>`;
  });
}

/** CRLF and indentation between elements (never inside an element that holds text). */
const spaced: Edit = (xml) => xml.replace(/\?>\s*/, "?>\r\n").replace(/(\/>|<\/[^>]+>)(?=<)/g, "$1\r\n  ");

/** Every attribute value in single quotes. */
const singleQuoted: Edit = (xml) =>
  xml.replace(/<[^!?/][^>]*>/g, (tag) => tag.replace(/(\s[\w:.-]+)="([^"']*)"/g, "$1='$2'"));

/** The package changed in place. */
type Variant = (zip: JSZip) => Promise<void>;

/** `edit` made to each XML part. */
function eachPart(edit: Edit): Variant {
  return async (zip) => {
    for (const part of Object.keys(zip.files)) {
      if (zip.files[part].dir || !isXml(part)) continue;
      const edited = edit(await zip.file(part)!.async("string"), part);
      if (edited !== undefined) zip.file(part, edited);
    }
  };
}

/** A sheet with no rows added at the end, `<sheetData/>`, as some exporters write an empty sheet. */
const emptySheet: Variant = async (zip) => {
  zip.file(
    "xl/worksheets/empty.xml",
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData/></worksheet>`,
  );
  const rels = "xl/_rels/workbook.xml.rels";
  zip.file(
    rels,
    (await zip.file(rels)!.async("string")).replace(
      "</Relationships>",
      `<Relationship Id="rIdEmpty" Type="${REL}/worksheet" Target="worksheets/empty.xml"/></Relationships>`,
    ),
  );
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  zip.file(
    "xl/workbook.xml",
    workbook.replace(/<\/sheets>/, `<sheet name="空表" sheetId="999" r:id="rIdEmpty" xmlns:r="${REL}"/></sheets>`),
  );
  const types = await zip.file("[Content_Types].xml")!.async("string");
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      `<Override PartName="/xl/worksheets/empty.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
  );
};

/** Every sheet's relationships part replaced by `text`, or removed (undefined). */
function sheetRels(text: string | undefined): Variant {
  return async (zip) => {
    for (const part of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/_rels\/.*\.rels$/.test(p))) {
      if (text === undefined) zip.remove(part);
      else zip.file(part, text);
    }
  };
}

/** A relationship from the first ledger sheet, and from the workbook, to parts the package lacks. */
const toMissingParts: Variant = async (zip) => {
  const add = async (rels: string, xml: string) => {
    const text =
      (await zip.file(rels)?.async("string")) ?? `<?xml version="1.0"?><Relationships xmlns="${RELS}"></Relationships>`;
    zip.file(rels, text.replace("</Relationships>", `${xml}</Relationships>`));
  };
  await add(
    "xl/worksheets/_rels/sheet1.xml.rels",
    `<Relationship Id="rIdGone" Type="${REL}/drawing" Target="../drawings/gone.xml"/>`,
  );
  await add(
    "xl/_rels/workbook.xml.rels",
    `<Relationship Id="rIdGone" Type="${REL}/pivotCacheDefinition" Target="pivotCache/gone.xml"/>`,
  );
};

const VARIANTS: [string, Variant][] = [
  ["SpreadsheetML with the prefix x:", eachPart(prefixed)],
  ["rows and cells without r", eachPart(withoutRefs)],
  ["an empty sheet written <sheetData/>", emptySheet],
  ["no <cols>", eachPart((xml, part) => (isSheet(part) ? xml.replace(/<cols>[\s\S]*?<\/cols>/, "") : xml))],
  ["no <dimension>", eachPart((xml, part) => (isSheet(part) ? xml.replace(/<dimension\b[^>]*\/>/, "") : xml))],
  ["CRLF and whitespace between elements", eachPart(spaced)],
  ["single-quoted attributes", eachPart(singleQuoted)],
  ["a UTF-8 BOM before the declaration", eachPart((xml) => `\ufeff${xml.replace(/^\ufeff/, "")}`)],
  [
    "no standalone, and no declaration on the sheets",
    eachPart((xml, part) =>
      isSheet(part) ? xml.replace(/<\?xml[^>]*\?>\s*/, "") : xml.replace(/\s+standalone="[^"]*"/, ""),
    ),
  ],
  ["the sheets' relationships garbage", sheetRels("garbage, not XML")],
  [
    "the workbook's relationships garbage",
    async (zip) => void zip.file("xl/_rels/workbook.xml.rels", "<html><body>garbage</body></html>"),
  ],
  ["the sheets' relationships missing", sheetRels(undefined)],
  ["relationships to parts the package lacks", toMissingParts],
  [
    "all of them at once",
    async (zip) => {
      await emptySheet(zip);
      await toMissingParts(zip);
      await eachPart((xml, part) => singleQuoted(spaced(prefixed(withoutRefs(xml, part)), part) ?? xml, part))(zip);
    },
  ],
];

/** The package `input` changed by `change`. */
async function variant(input: string, change: Variant): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await fs.readFile(input));
  await change(zip);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The cells of a workbook's sheets (the product's, which name the run and its input, apart), by sheet and address. */
async function clerkCells(file: string, product: readonly string[]): Promise<Map<string, unknown>> {
  const { grids } = await readWorkbook(await fs.readFile(file), file, inflate);
  const cells = new Map<string, unknown>();
  for (const grid of grids) {
    if (product.includes(grid.name)) continue;
    grid.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== undefined && v !== "") cells.set(`${grid.name}!R${r + 1}C${c + 1}`, JSON.stringify(v));
      }),
    );
  }
  return cells;
}

let dir: string;
const plain = new Map<string, { out: string; sheets: string[] }>();
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-variants-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The result of the package as given, once per input: what each variant's result is compared with. */
async function plainResult(input: string): Promise<{ out: string; sheets: string[] }> {
  let known = plain.get(input);
  if (!known) {
    const out = path.join(dir, `plain-${path.basename(input)}`);
    const before = (await readWorkbook(await fs.readFile(input), input, inflate)).grids.map((g) => g.name);
    expect((await run("balance", input, "--out", out)).code).toBe(0);
    const after = (await readWorkbook(await fs.readFile(out), out, inflate)).grids.map((g) => g.name);
    known = { out, sheets: after.filter((name) => !before.includes(name)) };
    plain.set(input, known);
  }
  return known;
}

/**
 * Which part a variant of `input` damages past editing, if any: then the file is refused (exit 2), naming it and
 * saying what to do.
 */
async function damagedPart(input: string, name: string): Promise<RegExp | undefined> {
  if (name === "the workbook's relationships garbage") return /xl\/_rels\/workbook\.xml\.rels/;
  const zip = await JSZip.loadAsync(await fs.readFile(input));
  const sheetRels = Object.keys(zip.files).some((p) => /^xl\/worksheets\/_rels\//.test(p));
  // The sample's sheets have no relationships: nothing of theirs is damaged by losing them.
  const lost = name === "the sheets' relationships garbage" || name === "the sheets' relationships missing";
  return lost && sheetRels ? /xl\/worksheets\/_rels\/sheet\d+\.xml\.rels/ : undefined;
}

describe.each(INPUTS)("%s, written as other writers write it", (_what, input) => {
  test.each(VARIANTS)(
    "%s: balanced to a result Excel opens, every cell as from the package as given, or refused naming the part",
    async (name, change) => {
      const file = path.join(dir, `${path.basename(input, ".xlsx")}-${VARIANTS.findIndex((v) => v[0] === name)}.xlsx`);
      await fs.writeFile(file, await variant(input, change));
      const out = `${file}-out.xlsx`;
      const ran = await run("balance", file, "--out", out);
      const damaged = await damagedPart(input, name);
      if (damaged) {
        expect(ran.code).toBe(2);
        expect(ran.err).toMatch(damaged);
        expect(ran.err).toMatch(/文件已损坏.*请在 Excel 中打开该文件并另存一份后再运行/);
        await expect(fs.access(out)).rejects.toThrow();
        return;
      }
      expect([ran.code, ran.err]).toEqual([0, expect.anything()]);
      await expectExcelReads(out);
      const given = await plainResult(input);
      const [ours, theirs] = await Promise.all([clerkCells(out, given.sheets), clerkCells(given.out, given.sheets)]);
      expect([...ours].filter(([k, v]) => theirs.get(k) !== v)).toEqual([]);
      expect([...theirs.keys()].filter((k) => !ours.has(k))).toEqual([]);
    },
    120_000,
  );
});
