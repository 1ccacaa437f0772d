/**
 * The product's sheets written as XML (src/xlsx/productSheet.ts) read back as the ones exceljs wrote (issue 19 item 2):
 * the command's result is taken, each product sheet's part replaced by ours, the styles by the clerk's with ours
 * added — and every cell (value, format, bold, size, colour, alignment), row height, column width, merge, pane, page
 * setup and footer of that sheet reads the same, in exceljs and, printed, in LibreOffice.
 */
import { spawnSync } from "child_process";
import { promises as fs, existsSync, mkdtempSync, rmSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Table } from "../../src/report";
import { productSheetXml } from "../../src/xlsx/productSheet";
import { SharedStrings } from "../../src/xlsx/sharedStrings";
import { StyleSheet } from "../../src/xlsx/styles";
import * as save from "../../src/xlsx/save";
import { writeResult as exceljsWrite } from "../support/exceljsWriter";
import { run } from "../cli/run";
import { differences, viewWorkbook } from "../support/workbookView";
import { SAMPLE } from "../support/year";

jest.setTimeout(180_000);

const GOLDEN = path.join(__dirname, "golden");
const LIBREOFFICE = path.join(__dirname, "fixtures", "libreoffice-rich.xlsx");

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-sheets-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The command's tables for `input`, written by exceljs's writer as the command wrote them before issue 19. */
async function balanced(
  name: string,
  input: string,
  options: string[] = [],
): Promise<{ bytes: Buffer; tables: Table[] }> {
  const spy = jest.spyOn(save, "writeResult");
  try {
    const out = path.join(dir, name);
    const ran = await run("balance", input, "--out", out, "--lang", "zh", ...options);
    expect(ran.code).toBe(0);
    expect(spy).toHaveBeenCalledTimes(1);
    const [data, outputs, tables] = spy.mock.calls[0];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
    exceljsWrite(workbook, [...outputs], [...tables]);
    return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), tables: [...tables] };
  } finally {
    spy.mockRestore();
  }
}

async function part(zip: JSZip, name: string): Promise<string | undefined> {
  return zip.file(name)?.async("string");
}

/** Each sheet's part, by the sheet's name. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const rels = (await part(zip, "xl/_rels/workbook.xml.rels"))!;
  const target = (id: string) =>
    new RegExp(`Id="${id}"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*Id="${id}"`).exec(rels)!;
  const parts = new Map<string, string>();
  for (const m of (await part(zip, "xl/workbook.xml"))!.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])![1];
    const t = target(/r:id="([^"]*)"/.exec(m[0])![1]);
    parts.set(name, `xl/${(t[1] ?? t[2]).replace(/^\/?xl\//, "")}`);
  }
  return parts;
}

/**
 * `result` with each table's sheet written by productSheetXml over `stylesXml` (the clerk's, or the result's own) and
 * the result's shared strings; as the package assembly adds them, a chart's `<drawing>` where exceljs had one, and
 * the rows save.ts appends below 运行记录 (what of the clerk's workbook was kept).
 */
async function withOurSheets(result: Buffer, tables: Table[], stylesXml: string | undefined): Promise<Buffer> {
  const zip = await JSZip.loadAsync(result);
  const parts = await sheetParts(zip);
  const styles = StyleSheet.parse(stylesXml);
  const strings = SharedStrings.parse(await part(zip, "xl/sharedStrings.xml"));
  for (const table of tables) {
    const name = parts.get(table.sheet)!;
    const theirs = (await part(zip, name))!;
    const drawing = /<drawing [^>]*\/>/.exec(theirs)?.[0] ?? "";
    const last = (table.title?.length ?? 0) + 1 + table.rows.length;
    const appended = [...theirs.matchAll(/<row r="(\d+)"[^>]*>.*?<\/row>/g)].filter((m) => Number(m[1]) > last);
    const ours = Buffer.concat(productSheetXml(table, styles, strings))
      .toString("utf8")
      .replace("</sheetData>", `${appended.map((m) => m[0]).join("")}</sheetData>`)
      .replace("</worksheet>", `${drawing}</worksheet>`);
    zip.file(name, ours);
  }
  zip.file("xl/styles.xml", styles.xml());
  zip.file("xl/sharedStrings.xml", strings.xml());
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Every product sheet of `ours` reads as in `theirs`: cells, layout, charts. */
async function expectSameSheets(ours: Buffer, theirs: Buffer, tables: Table[]): Promise<void> {
  const [a, b] = [await viewWorkbook(ours), await viewWorkbook(theirs)];
  expect(a.sheets).toEqual(b.sheets);
  expect(a.names).toEqual(b.names);
  for (const { sheet } of tables) {
    const only = (cells: Map<string, string>) => new Map([...cells].filter(([k]) => k.startsWith(`${sheet}!`)));
    const [mine, theirsCells] = [only(a.cells), only(b.cells)];
    expect(theirsCells.size).toBeGreaterThan(0);
    expect({ sheet, cells: differences(mine, theirsCells) }).toEqual({ sheet, cells: [] });
    expect({ sheet, layout: a.layout.get(sheet) }).toEqual({ sheet, layout: b.layout.get(sheet) });
    expect(a.charts.get(sheet)).toEqual(b.charts.get(sheet));
  }
}

async function clerkStyles(file: string): Promise<string | undefined> {
  return part(await JSZip.loadAsync(await fs.readFile(file)), "xl/styles.xml");
}

describe("every product sheet reads back as exceljs wrote it", () => {
  test("the sample, published with a contact (汇总, 公示名单 with its notice lines, 异常清单 … 运行记录)", async () => {
    const { bytes, tables } = await balanced("sample.xlsx", SAMPLE, ["--publicity-start", "2024-09-27"]);
    expect(tables.map((t) => t.sheet)).toEqual(expect.arrayContaining(["汇总", "公示名单", "异常清单", "运行记录"]));
    await expectSameSheets(await withOurSheets(bytes, tables, await clerkStyles(SAMPLE)), bytes, tables);
  });

  test("the sample's tables over LibreOffice's styles (its own formats and fonts, a default font in black)", async () => {
    const { bytes, tables } = await balanced("sample-lo.xlsx", SAMPLE, ["--publicity-start", "2024-09-27"]);
    await expectSameSheets(await withOurSheets(bytes, tables, await clerkStyles(LIBREOFFICE)), bytes, tables);
  });

  test("a package with no styles of its own", async () => {
    const { bytes, tables } = await balanced("sample-none.xlsx", SAMPLE);
    await expectSameSheets(await withOurSheets(bytes, tables, undefined), bytes, tables);
  });

  test("batch 2 over batch 1's result, in whole 元, with a priority (累计已兑付 over two batches)", async () => {
    const batch1 = path.join(GOLDEN, "batch1-result.xlsx");
    const input = path.join(GOLDEN, "batch2-ledger.xlsx");
    const { bytes, tables } = await balanced("batch2.xlsx", input, [
      ...["--batch", "2", "--prior", batch1, "--round", "yuan", "--priority", "P2,P4"],
      ...["--publicity-start", "2025-03-03"],
    ]);
    await expectSameSheets(await withOurSheets(bytes, tables, await clerkStyles(input)), bytes, tables);
  });

  test("the bench's ledger, 2,000 claims over four sheets (an empty text in 汇总)", async () => {
    const input = path.join(GOLDEN, "bench-2000.xlsx");
    const { bytes, tables } = await balanced("bench.xlsx", input);
    expect(tables.some((t) => t.rows.some((r) => r.includes("")))).toBe(true);
    await expectSameSheets(await withOurSheets(bytes, tables, await clerkStyles(input)), bytes, tables);
  });

  test("a clerk's rich workbook (its styles: custom formats, dxfs)", async () => {
    const input = path.join(GOLDEN, "rich-ledger.xlsx");
    const { bytes, tables } = await balanced("rich.xlsx", input);
    await expectSameSheets(await withOurSheets(bytes, tables, await clerkStyles(input)), bytes, tables);
  });

  test("变更 against an earlier result (--compare), one pledge amount corrected", async () => {
    const first = path.join(dir, "first.xlsx");
    expect((await run("balance", SAMPLE, "--out", first)).code).toBe(0);
    const edited = path.join(dir, "edited.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE);
    wb.getWorksheet("专利质押融资")!.getCell("G4").value = 100;
    await wb.xlsx.writeFile(edited);
    const { bytes, tables } = await balanced("changes.xlsx", edited, ["--compare", first]);
    expect(tables.map((t) => t.sheet)).toContain("变更");
    await expectSameSheets(await withOurSheets(bytes, tables, await clerkStyles(edited)), bytes, tables);
  });
});

describe("a cell's value as the user gave it", () => {
  const table = (rows: Table["rows"]): Table => ({
    sheet: "表",
    columns: [
      { header: "文字", width: 20 },
      { header: "金额", width: 12, numFmt: "#,##0.00" },
      { header: "日期", width: 12 },
    ],
    rows,
    freezeRows: 0,
    charts: [],
  });

  test("text from user data stays text: a formula, markup, controls and spaces as written", async () => {
    const rows: Table["rows"] = [
      ['=HYPERLINK("http://x")', 1.1, new Date(Date.UTC(2024, 8, 27))],
      ["<b>&amp;</b> ]]>", 0.1 + 0.2, null],
      [" 前后空格 ", -0, true],
      ["行一\n行二", 1e21, false],
      ["a\u0001b\u007fc\uffffd", 123456789.01, undefined],
      ["\u3000全角空格开头", 5, null],
    ];
    const styles = StyleSheet.parse(undefined);
    const xml = Buffer.concat(productSheetXml(table(rows), styles)).toString("utf8");
    expect(xml).not.toContain("<f>");
    const zip = new JSZip();
    const wbXml = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    zip.file(
      "[Content_Types].xml",
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    );
    zip.file(
      "_rels/.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    zip.file("xl/workbook.xml", wbXml);
    zip.file(
      "xl/_rels/workbook.xml.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    );
    zip.file("xl/worksheets/sheet1.xml", xml);
    zip.file("xl/styles.xml", styles.xml());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.generateAsync({ type: "nodebuffer" })) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet("表")!;
    // A space at either end, a line break: kept by the reader (exceljs's rule for xml:space, \s as JavaScript has it).
    expect(xml.match(/xml:space="preserve"/g)).toHaveLength(3);
    const values = [2, 3, 4, 5, 6, 7].map((r) => [1, 2, 3].map((c) => sheet.getRow(r).getCell(c).value));
    expect(values).toEqual([
      ['=HYPERLINK("http://x")', 1.1, new Date(Date.UTC(2024, 8, 27))],
      ["<b>&amp;</b> ]]>", 0.30000000000000004, null],
      [" 前后空格 ", 0, true],
      ["行一\n行二", 1e21, false],
      ["abcd", 123456789.01, null],
      ["\u3000全角空格开头", 5, null],
    ]);
    expect(sheet.getCell("C2").numFmt).toBe("mm-dd-yy");
    expect(sheet.getCell("A2").type).toBe(ExcelJS.ValueType.String);
  });

  test("a table of more cells than are encoded at a time (累计已兑付 of a large ledger): every row, in order", () => {
    // 30,000 rows of 3 cells: the XML is encoded in pieces of 65,536 cells, so rows stand on both sides of a seam.
    const rows: Table["rows"] = Array.from({ length: 30_000 }, (_, i) => [
      `重庆第${i + 1}号科技有限公司`,
      i + 0.5,
      null,
    ]);
    const xml = Buffer.concat(productSheetXml(table(rows), StyleSheet.parse(undefined))).toString("utf8");
    const written = [...xml.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/g)];
    expect(written.map((m) => Number(m[1]))).toEqual(Array.from({ length: 30_001 }, (_, i) => i + 1));
    expect(written[1][2]).toContain("重庆第1号科技有限公司</t>");
    expect(written[1][2]).toContain("<v>0.5</v>");
    expect(written[30_000][2]).toContain("重庆第30000号科技有限公司</t>");
    expect(written[30_000][2]).toContain("<v>29999.5</v>");
    expect(xml).toContain('<dimension ref="A1:C30001"/>');
    expect(xml.endsWith("</worksheet>")).toBe(true);
  });
});

const soffice = ["soffice", "pdftotext"].every((tool) =>
  (process.env.PATH ?? "").split(path.delimiter).some((d) => d !== "" && existsSync(path.join(d, tool))),
);
if (!soffice)
  console.log("test/xlsx/productSheet.test.ts: LibreOffice or poppler not installed, the print comparison skipped");

(soffice ? describe : describe.skip)("LibreOffice prints our sheets as exceljs's", () => {
  /** The workbook as LibreOffice prints it, a page a string. */
  function pdfText(xlsx: string): string[] {
    const out = mkdtempSync(path.join(os.tmpdir(), "pdf-"));
    const profile = mkdtempSync(path.join(os.tmpdir(), "lo-profile-"));
    spawnSync(
      "soffice",
      [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", out, xlsx],
      { timeout: 150_000 },
    );
    const pdf = path.join(out, `${path.basename(xlsx, ".xlsx")}.pdf`);
    const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 }).stdout;
    rmSync(profile, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
    return text.split("\f");
  }

  test("the sample's result: the same pages, line for line", async () => {
    const { bytes, tables } = await balanced("print.xlsx", SAMPLE, ["--publicity-start", "2024-09-27"]);
    const zip = await JSZip.loadAsync(bytes);
    // Over the result's own styles, so that the clerk's sheets print as before too.
    const ours = await withOurSheets(bytes, tables, await part(zip, "xl/styles.xml"));
    const [theirsFile, oursFile] = [path.join(dir, "theirs.xlsx"), path.join(dir, "ours.xlsx")];
    await fs.writeFile(theirsFile, bytes);
    await fs.writeFile(oursFile, ours);
    const [a, b] = [pdfText(oursFile), pdfText(theirsFile)];
    expect(a.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  });
});
