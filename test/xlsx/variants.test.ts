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
import { productSheetNamed } from "../../src/ledger";
import { inflate } from "../../src/xlsx/node";
import { readWorkbook } from "../../src/xlsx/read";
import { run } from "../cli/run";
import { textBox, withDrawing } from "../hostile/packages";
import { bookBytes, P4_HEADER, pledge } from "../hostile/workbooks";
import { expectExcelReads } from "../support/excelReads";
import { SAMPLE } from "../support/year";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const GOLDEN = path.join(__dirname, "golden");
const VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject";

/** A hostile ledger (test/hostile): merged names, a drawing on its sheet with a macro project behind it. */
async function hostile(file: string): Promise<void> {
  const book = await bookBytes([
    {
      name: "专利质押融资",
      rows: [P4_HEADER, pledge(1, 1000), pledge(2, 1000, { name: "" }), pledge(3, 500)],
      merges: ["B2:B3"],
    },
  ]);
  const bytes = await withDrawing(book, {
    anchors: textBox("第二批待复核"),
    rels: `<Relationship Id="rIdVba" Type="${VBA}" Target="../vbaProject.bin"/>`,
    parts: [{ name: "xl/vbaProject.bin", data: Buffer.alloc(512, 7), type: "application/vnd.ms-office.vbaProject" }],
  });
  await fs.writeFile(file, bytes);
}

/** The clerk's workbooks each variant is made of: a file, or one built into the test's folder. */
const INPUTS: [string, string | ((file: string) => Promise<void>)][] = [
  ["the sample", SAMPLE],
  ["the sample's result, run again (the product's sheets replaced)", path.join(GOLDEN, "sample-result.xlsx")],
  ["batch 2's ledger", path.join(GOLDEN, "batch2-ledger.xlsx")],
  ["a clerk's rich workbook", path.join(GOLDEN, "rich-ledger.xlsx")],
  ["a workbook LibreOffice saved", path.join(__dirname, "fixtures", "libreoffice-rich.xlsx")],
  ["a hostile ledger: merged names, a drawing with a macro project behind it", hostile],
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
    const cells = inner.replace(/<c\b([^>]*?)\/?>/g, (tag, cellAttrs: string) => {
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
const plainRuns = new Map<string, { out: string; sheets: string[]; carried: string[] }>();
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-variants-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The result of the package as given, once per input: what each variant's result is compared with. */
async function plainResult(input: string): Promise<{ out: string; sheets: string[]; carried: string[] }> {
  let known = plainRuns.get(input);
  if (!known) {
    const out = path.join(dir, `plain-${path.basename(input)}`);
    const ran = await run("balance", input, "--out", out);
    expect(ran.code).toBe(0);
    // The product's sheets name the run and its input: the ones the result holds under the product's names.
    const { grids } = await readWorkbook(await fs.readFile(out), out, inflate);
    const product = grids.map((g) => g.name).filter((name) => productSheetNamed(name) !== undefined);
    known = { out, sheets: product, carried: carriedLines(ran.err, out) };
    plainRuns.set(input, known);
  }
  return known;
}

/**
 * Which part a variant of `input` may damage past editing: then the file may be refused (exit 2), naming it and
 * saying what to do; `must` when it is the clerk's own sheet or the workbook that is left without its relationships.
 */
async function damagedPart(input: string, name: string): Promise<{ part: RegExp; must: boolean } | undefined> {
  if (name === "the workbook's relationships garbage") return { part: /xl\/_rels\/workbook\.xml\.rels/, must: true };
  if (name !== "the sheets' relationships garbage" && name !== "the sheets' relationships missing") return undefined;
  const zip = await JSZip.loadAsync(await fs.readFile(input));
  const rels = Object.keys(zip.files).filter((p) => /^xl\/worksheets\/_rels\/.+\.rels$/.test(p));
  // A ledger sheet that names what its relationships hold (a drawing, a printer's settings) cannot do without them.
  const named = await Promise.all(
    rels.map(async (p) => /\sr:id="/.test(await zip.file(p.replace(/_rels\/(.*)\.rels$/, "$1"))!.async("string"))),
  );
  const ledger = (await readWorkbook(await fs.readFile(input), input, inflate)).grids.every(
    (g) => productSheetNamed(g.name) === undefined,
  );
  return rels.length === 0
    ? undefined
    : { part: /xl\/worksheets\/_rels\/sheet\d+\.xml\.rels/, must: ledger && named.some(Boolean) };
}

/** The console's lines on what the result lacks or left out, the result's name apart. */
function carriedLines(err: string, out: string): string[] {
  return err
    .split("\n")
    .filter((line) => /未能保留|未复制/.test(line))
    .map((line) => line.split(out).join("OUT"));
}

describe.each(INPUTS)("%s, written as other writers write it", (what, given) => {
  let input: string;
  beforeAll(async () => {
    input = typeof given === "string" ? given : path.join(dir, `input-${INPUTS.findIndex((i) => i[0] === what)}.xlsx`);
    if (typeof given !== "string") await given(input);
  });

  test.each(VARIANTS)(
    "%s: balanced to a result Excel opens, every cell as from the package as given, or refused naming the part",
    async (name, change) => {
      const file = path.join(dir, `${path.basename(input, ".xlsx")}-${VARIANTS.findIndex((v) => v[0] === name)}.xlsx`);
      await fs.writeFile(file, await variant(input, change));
      const out = `${file}-out.xlsx`;
      const ran = await run("balance", file, "--out", out);
      const damaged = await damagedPart(input, name);
      if (damaged && (damaged.must || ran.code === 2)) {
        expect(ran.code).toBe(2);
        expect(ran.err).toMatch(damaged.part);
        expect(ran.err).toMatch(/文件已损坏.*请在 Excel 中打开该文件并另存一份后再运行/);
        await expect(fs.access(out)).rejects.toThrow();
        return;
      }
      expect([ran.code, ran.err]).toEqual([0, expect.anything()]);
      await expectExcelReads(out);
      const plain = await plainResult(input);
      const [ours, theirs] = await Promise.all([clerkCells(out, plain.sheets), clerkCells(plain.out, plain.sheets)]);
      expect([...ours].filter(([k, v]) => theirs.get(k) !== v)).toEqual([]);
      expect([...theirs.keys()].filter((k) => !ours.has(k))).toEqual([]);
      // What the result lacks of the clerk's is counted in any prefix: the same as of the package as given.
      if (!/relationships|all of them/.test(name)) expect(carriedLines(ran.err, out)).toEqual(plain.carried);
    },
    120_000,
  );
});
