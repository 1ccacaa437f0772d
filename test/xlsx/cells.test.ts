/**
 * The reader of the package (src/xlsx/cells.ts, issue 19 item 2) gives every workbook the grids exceljs's model gave
 * the command before (test/support/exceljsGrid.ts): every .xlsx the repository holds or its tests build, then one
 * case for each way a sheet's XML can say a cell, and what the reader does where exceljs could not read the file.
 */
import { readdirSync, readFileSync } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { parseAmount } from "../../src/engine/values";
import type { Grid } from "../../src/ledger";
import { readWorkbook, WorkbookError } from "../../src/xlsx";
import { textBox, withDrawing } from "../hostile/packages";
import {
  bookBytes,
  filing,
  P2_HEADER,
  P3_HEADER,
  P4_HEADER,
  PAID_HEADER,
  pledge,
  transfer,
  withRows,
} from "../hostile/workbooks";
import { toGrid } from "../support/exceljsGrid";
import { richLedger } from "./richInput";

const ROOT = path.join(__dirname, "..", "..");

async function exceljsGrids(data: Uint8Array): Promise<Grid[]> {
  const workbook = await new ExcelJS.Workbook().xlsx.load(data as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map(toGrid);
}

async function grids(data: Uint8Array): Promise<Grid[]> {
  return (await readWorkbook(data, "test.xlsx")).grids;
}

/** Both readers on one workbook: the same sheets, rows, cells (Dates by their time) and merged ranges. */
async function expectSame(data: Uint8Array): Promise<Grid[]> {
  const read = await grids(data);
  expect(read).toStrictEqual(await exceljsGrids(data));
  return read;
}

const xlsxIn = (dir: string) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(".xlsx"))
    .map((f) => path.join(dir, f));

describe("every workbook the repository holds reads as exceljs read it", () => {
  test.each([...xlsxIn("examples"), ...xlsxIn("test/xlsx/golden"), ...xlsxIn("test/xlsx/fixtures")])(
    "%s",
    async (file) => {
      const read = await expectSame(readFileSync(path.join(ROOT, file)));
      expect(read.some((g) => g.cells.length > 0)).toBe(true);
    },
  );

  test("the rich workbook: notes, pictures, a pivot table, a chart, a hidden sheet", async () => {
    await expectSame(await richLedger());
  });

  test("the hostile corpus's workbooks: every header, merges across and down, odd cells", async () => {
    const book = await bookBytes([
      {
        name: "专利质押融资",
        rows: [["专利质押融资申报表"], P4_HEADER, pledge(1, 1000), pledge(2, "1,000"), pledge(3, null, { code: null })],
        merges: ["A1:G1", "B3:B4"],
      },
      { name: "中小微企业受让专利", rows: [P2_HEADER, transfer(1, 901), transfer(2, 902, { name: " =SUM(A1) " })] },
      { name: "产品备案", rows: [P3_HEADER, filing(1, "BA2024001")] },
      { name: "已兑付", rows: [PAID_HEADER, ["P4", "甲", null, 100.5, "Y1"]] },
    ]);
    await expectSame(book);
    await expectSame(await withRows(book, { 产品备案: { rows: 300, claims: 3 } }));
    await expectSame(await withDrawing(book, { anchors: textBox("经办人备注") }));
  });
});

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface Parts {
  sheet?: string;
  after?: string;
  strings?: string;
  styles?: string;
  workbookPr?: string;
  /** More sheets (a chart sheet, one whose part is missing) listed after the first. */
  more?: { name: string; type: string; target: string; xml?: string }[];
  sheetRels?: string;
}

/** A package written by hand, as another application would: one sheet with `sheet` as its rows. */
async function bookOf(p: Parts): Promise<Uint8Array> {
  const zip = new JSZip();
  const more = p.more ?? [];
  zip.file(
    "[Content_Types].xml",
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${p.workbookPr ?? ""}<sheets><sheet name="表" sheetId="1" r:id="rId1"/>` +
      more.map((m, i) => `<sheet name="${m.name}" sheetId="${i + 2}" r:id="rId${i + 2}"/>`).join("") +
      `</sheets></workbook>`,
  );
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      rel("rId1", "worksheet", "worksheets/sheet1.xml") +
      more.map((m, i) => rel(`rId${i + 2}`, m.type, m.target)).join("") +
      (p.strings !== undefined ? rel("rId90", "sharedStrings", "sharedStrings.xml") : "") +
      (p.styles !== undefined ? rel("rId91", "styles", "styles.xml") : "") +
      `</Relationships>`,
  );
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${p.sheet === undefined ? "<sheetData/>" : `<sheetData>${p.sheet}</sheetData>`}${p.after ?? ""}</worksheet>`,
  );
  if (p.sheetRels)
    zip.file(
      "xl/worksheets/_rels/sheet1.xml.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${p.sheetRels}</Relationships>`,
    );
  for (const m of more) if (m.xml !== undefined) zip.file(`xl/${m.target}`, m.xml);
  if (p.strings !== undefined) zip.file("xl/sharedStrings.xml", `<sst xmlns="${MAIN}">${p.strings}</sst>`);
  if (p.styles !== undefined) zip.file("xl/styles.xml", `<styleSheet xmlns="${MAIN}">${p.styles}</styleSheet>`);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** An array with holes where a sheet has no cell or row (what `[, 1]` writes), as exceljs's grids have them. */
function holey<T>(length: number, at: Record<number, T>): T[] {
  const out: T[] = [];
  for (const [i, v] of Object.entries(at)) out[Number(i)] = v;
  out.length = length;
  return out;
}

const cellsOf = async (p: Parts) => (await expectSame(await bookOf(p)))[0];

/** numFmtId 164 a Chinese date, 165 elapsed hours, 166 a locale-tagged date, 167 a number: xf 1–5; xf 6 is 14. */
const STYLES =
  `<numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>` +
  `<numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/>` +
  `<numFmt numFmtId="167" formatCode="0.00"/></numFmts>` +
  `<cellXfs count="7"><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>` +
  `<xf numFmtId="2"/><xf numFmtId="14"/></cellXfs>` +
  `<dxfs count="1"><dxf><numFmt numFmtId="167" formatCode="yyyy-mm-dd"/></dxf></dxfs>`;

describe("each way a sheet says a cell, as exceljs read it", () => {
  test('numbers, booleans, errors, text typed `str`, inline strings, and `t="d"` read by parseFloat', async () => {
    const g = await cellsOf({
      sheet:
        `<row r="1"><c r="A1"><v>12.5</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#REF!</v></c>` +
        `<c r="D1" t="str"><v>a&amp;amp;b</v></c><c r="E1" t="inlineStr"><is><t>行内_x000D_文本</t></is></c>` +
        `<c r="F1" t="d"><v>2024-01-05T00:00:00</v></c><c r="G1" t="n"><v>  1.5e1x</v></c></row>`,
    });
    expect(g.cells).toStrictEqual([[12.5, true, "#REF!", "a&b", "行内_x000D_文本", 2024, 15]]);
  });

  test("shared strings: entities, line ends, `_x000D_`, rich text runs joined, phonetic runs left out, empty ones", async () => {
    const g = await cellsOf({
      strings:
        `<si><t>甲&amp;乙&#10;丙\r\n丁_x000D_</t></si>` +
        `<si><r><t>东</t></r><r><rPr><b/></rPr><t xml:space="preserve">京 </t></r><rPh sb="0" eb="2"><t>とうきょう</t></rPh></si>` +
        `<si/><si><t></t></si>`,
      sheet: `<row r="1">${[0, 1, 2, 3].map((i) => `<c r="${"ABCD"[i]}1" t="s"><v>${i}</v></c>`).join("")}</row>`,
    });
    expect(g.cells).toStrictEqual([["甲&乙\n丙\n丁\r", "东京 ", null, ""]]);
  });

  test("dates: built-in and custom formats, elapsed time, 1904, and a 0.00 number that is no date", async () => {
    const values =
      `<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000.5</v></c><c r="C1" s="3"><v>1.25</v></c>` +
      `<c r="D1" s="4"><v>45000</v></c><c r="E1" s="5"><v>45000</v></c><c r="F1" s="6"><v>2</v></c>` +
      `<c r="G1" s="0"><v>45000</v></c><c r="H1" s="1"><f>A1</f><v>0</v></c>`;
    const g = await cellsOf({ styles: STYLES, sheet: `<row r="1">${values}</row>` });
    expect(g.cells[0].map((v) => (v instanceof Date ? v.toISOString() : v))).toStrictEqual([
      "2023-03-15T00:00:00.000Z",
      "2023-03-15T12:00:00.000Z",
      "1899-12-31T06:00:00.000Z",
      45000,
      45000,
      "1900-01-01T00:00:00.000Z",
      45000,
      "1899-12-30T00:00:00.000Z",
    ]);
    const mac = await cellsOf({
      styles: STYLES,
      workbookPr: `<workbookPr date1904="1"/>`,
      sheet: `<row r="1"><c r="A1" s="1"><v>0</v></c></row>`,
    });
    expect(mac.cells[0][0]).toEqual(new Date("1904-01-01T00:00:00Z"));
  });

  test("formulas: the cached value counts, shared ones after their master; none cached, 0 or false is null", async () => {
    const g = await cellsOf({
      sheet:
        `<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>4</v></c><c r="B1" t="str"><f>"x"</f><v>x</v></c>` +
        `<c r="C1"><f>1/0</f></c><c r="D1"><f>0</f><v>0</v></c><c r="E1" t="b"><f>FALSE()</f><v>0</v></c>` +
        `<c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>` +
        `<row r="2"><c r="A2"><f t="shared" si="0"/><v>6</v></c><c r="B2"><f t="shared" si="7"/><v>5</v></c>` +
        `<c r="C2"><f></f><v>7</v></c><c r="D2"><f t="array" ref="D2"/><v>8</v></c></row>`,
    });
    expect(g.cells).toStrictEqual([
      [4, "x", null, null, null, "#DIV/0!"],
      [6, null, 7, null],
    ]);
  });

  test("merges across and down: the first cell's value down its first column, the rest emptied", async () => {
    const g = await cellsOf({
      sheet:
        `<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1"><v>9</v></c></row>` +
        `<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>甲公司</t></is></c><c r="C2"><v>3</v></c></row>` +
        `<row r="3"><c r="A3"><v>2</v></c><c r="B3"><v>99</v></c></row>` +
        `<row r="6"><c r="E6"><v>5</v></c></row>`,
      after: `<mergeCells count="4"><mergeCell ref="A1:D1"/><mergeCell ref="B2:B4"/><mergeCell ref="D6:E7"/><mergeCell ref="G9:G9"/></mergeCells>`,
    });
    expect(g.cells).toStrictEqual(
      holey(7, {
        0: ["标题"],
        1: [1, "甲公司", 3],
        2: [2, "甲公司"],
        3: holey(2, { 1: "甲公司" }),
        5: [],
        6: holey(4, { 3: null }),
      }),
    );
    expect(g.merges).toStrictEqual([
      { top: 0, left: 0, bottom: 0, right: 3 },
      { top: 1, left: 1, bottom: 3, right: 1 },
      { top: 5, left: 4, bottom: 6, right: 4 },
    ]);
  });

  test("hyperlinks: a linked cell is its text; a linked formula its result, even 0", async () => {
    const g = await cellsOf({
      sheet:
        `<row r="1"><c r="A1" t="inlineStr"><is><t>官网</t></is></c><c r="B1"><f>0</f><v>0</v></c><c r="C1" s="1"/>` +
        `<c r="D1"><v>4</v></c></row>`,
      after: `<hyperlinks><hyperlink ref="A1" r:id="rId1"/><hyperlink ref="B1" r:id="rId1"/><hyperlink ref="D1" location="'表'!A1"/></hyperlinks>`,
      sheetRels: `<Relationship Id="rId1" Type="${REL}/hyperlink" Target="https://example.org/" TargetMode="External"/>`,
    });
    expect(g.cells).toStrictEqual([holey(4, { 0: "官网", 1: 0, 3: 4 })]);
  });

  test("rows and cells as placed: a later row of the same number wins, a styled empty cell empties its column", async () => {
    const g = await cellsOf({
      sheet:
        `<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>` +
        `<row r="3"><c r="A3"><v>3</v></c><c r="B3"><v>4</v></c><c r="B3" s="1"/><c><v>5</v></c></row>` +
        `<row r="4"><c r="A4" s="1"/><c r="B4"/></row>`,
    });
    expect(g.cells).toStrictEqual(holey(3, { 1: holey(2, { 1: 2 }), 2: holey(3, { 0: 3, 2: 5 }) }));
  });

  test("an empty <sheetData/>, and a chart sheet, are no rows", async () => {
    const read = await expectSame(
      await bookOf({
        more: [{ name: "图表", type: "chartsheet", target: "chartsheets/sheet1.xml", xml: "<chartsheet/>" }],
      }),
    );
    expect(read).toStrictEqual([{ name: "表", cells: [] }]);
  });
});

describe("amounts", () => {
  test("a number as Excel writes it is read as that double, and becomes the amount the clerk typed, to the fen", async () => {
    const written = ["12345.67", "0.1", "0.30000000000000004", "99999999.99", "1E-2", "10000.070000000001"];
    const cells = written.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${v}</v></c>`).join("");
    const [{ cells: read }] = await grids(await bookOf({ sheet: `<row r="1">${cells}</row>` }));
    const amounts = read[0].map((v) => {
      const parsed = parseAmount(v, "yuan");
      return parsed.ok ? parsed.value.toFixed(2) : "refused";
    });
    expect(amounts).toEqual(["12345.67", "0.10", "0.30", "99999999.99", "0.01", "10000.07"]);
  });
});

describe("where exceljs could not read a sheet", () => {
  test("rows without r follow the row before them; a first cell without r is in column A", async () => {
    const read = await grids(
      await bookOf({ sheet: `<row r="2"><c r="B2"><v>1</v></c></row><row><c><v>2</v></c><c><v>3</v></c></row>` }),
    );
    // exceljs stopped at the row ("Invalid row number in model"), Excel reads it so.
    expect(read[0].cells).toStrictEqual(holey(3, { 1: holey(2, { 1: 1 }), 2: [2, 3] }));
  });

  test("an empty <c/> without r takes its column: the cell after it is where Excel and the writer put it", async () => {
    const read = await grids(await bookOf({ sheet: `<row r="1"><c><v>1</v></c><c/><c><v>3</v></c></row>` }));
    // exceljs skipped the empty cell and read 3 in column B; Excel (and splice.ts, writing beside it) in column C.
    expect(read[0].cells).toStrictEqual([holey(3, { 0: 1, 2: 3 })]);
  });

  test("inline text with a phonetic guide: the guide left out, as in a shared string", async () => {
    const read = await grids(
      await bookOf({
        sheet: `<row r="1"><c r="A1" t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c><c r="B1"><v>1</v></c></row>`,
      }),
    );
    expect(read[0].cells).toStrictEqual([["東京", 1]]);
  });

  test.each([
    ["malformed XML", { sheet: `<row r="1"><c r="A1"><v>1</v></row>` }, `sheet "表" cannot be read`],
    [
      "an undefined entity",
      { sheet: `<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>` },
      `sheet "表" cannot be read`,
    ],
    [
      "a shared string not there",
      { strings: "<si><t>a</t></si>", sheet: `<row r="1"><c r="A1" t="s"><v>3</v></c></row>` },
      "shared string 3",
    ],
    [
      "overlapping merges",
      {
        sheet: `<row r="1"><c r="A1"><v>1</v></c></row>`,
        after: `<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>`,
      },
      "merged ranges overlap",
    ],
    [
      "a sheet part missing",
      { more: [{ name: "丢失", type: "worksheet", target: "worksheets/sheet9.xml" }] },
      `its sheet "丢失" cannot be read where the workbook says`,
    ],
  ])("%s: the file is damaged, said in both languages", async (_, parts, why) => {
    const error = await grids(await bookOf(parts as Parts)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toMatchObject({ kind: "damaged" });
    expect((error as Error).message).toContain("文件已损坏");
    expect((error as Error).message).toContain(why);
  });
});
