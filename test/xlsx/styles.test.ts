/**
 * The product's styles added to a clerk's styles.xml (src/xlsx/styles.ts): a cell given one of ours reads back, in
 * exceljs as another application reads it, with the format, font and alignment asked for; every cell of the clerk's
 * reads back as before; the clerk's formats, fonts, dxfs and cell style formats are kept.
 */
import { promises as fs } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { StyleSheet } from "../../src/xlsx/styles";
import { viewWorkbook } from "../support/workbookView";

const RICH = path.join(__dirname, "golden", "rich-ledger.xlsx");
const LIBREOFFICE = path.join(__dirname, "fixtures", "libreoffice-rich.xlsx");

async function stylesOf(file: string): Promise<{ bytes: Buffer; xml: string }> {
  const bytes = await fs.readFile(file);
  const xml = await (await JSZip.loadAsync(bytes)).file("xl/styles.xml")!.async("string");
  return { bytes, xml };
}

/** The workbook with `styles` as its styles.xml and a row 900 on its first sheet holding `cells` (value, xf). */
async function withCells(bytes: Buffer, styles: string, cells: [string | number, number][]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file("xl/styles.xml", styles);
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const row =
    `<row r="900">` +
    cells
      .map(([value, s], i) => {
        const ref = `${String.fromCharCode(65 + i)}900`;
        return typeof value === "number"
          ? `<c r="${ref}" s="${s}"><v>${value}</v></c>`
          : `<c r="${ref}" s="${s}" t="inlineStr"><is><t>${value}</t></is></c>`;
      })
      .join("") +
    `</row>`;
  zip.file("xl/worksheets/sheet1.xml", sheet.replace("</sheetData>", `${row}</sheetData>`));
  return zip.generateAsync({ type: "nodebuffer" });
}

async function cellsOf(bytes: Buffer): Promise<ExcelJS.Row> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb.worksheets[0].getRow(900);
}

const look = (cell: ExcelJS.Cell) => ({
  numFmt: cell.numFmt ?? null,
  bold: cell.font?.bold ?? false,
  size: cell.font?.size ?? null,
  color: cell.font?.color?.argb ?? null,
  alignment: cell.alignment ?? null,
});

describe("StyleSheet over a clerk's styles.xml (Excel's: a custom format, three fonts, a dxf)", () => {
  test("a cell given our style reads back as asked, and the clerk's cells as before", async () => {
    const { bytes, xml } = await stylesOf(RICH);
    const styles = StyleSheet.parse(xml);
    const money = styles.xf({ numFmt: "#,##0.00", alignment: { horizontal: "right" } });
    const title = styles.xf({ font: { bold: true, size: 14, color: "FFC00000" } });
    const date = styles.xf({ numFmt: "yyyy-mm-dd" });
    const figure = styles.xf({ numFmt: "#,##0.##" });
    const wrapped = styles.xf({ alignment: { vertical: "top", wrapText: true } });
    const span = styles.xf({
      font: { bold: true, size: 16 },
      alignment: { horizontal: "center", vertical: "middle", wrapText: true },
    });
    const plain = styles.xf({});
    const out = await withCells(bytes, styles.xml(), [
      [1234.5, money],
      ["标题", title],
      [45000, date],
      [2.5, figure],
      ["一段很长的文字", wrapped],
      ["公示", span],
      ["文字", plain],
    ]);
    const row = await cellsOf(out);
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => look(row.getCell(c)))).toEqual([
      { numFmt: "#,##0.00", bold: false, size: 11, color: null, alignment: { horizontal: "right" } },
      { numFmt: null, bold: true, size: 14, color: "FFC00000", alignment: null },
      { numFmt: "yyyy-mm-dd", bold: false, size: 11, color: null, alignment: null },
      { numFmt: "#,##0.##", bold: false, size: 11, color: null, alignment: null },
      { numFmt: null, bold: false, size: 11, color: null, alignment: { vertical: "top", wrapText: true } },
      {
        numFmt: null,
        bold: true,
        size: 16,
        color: null,
        alignment: { horizontal: "center", vertical: "middle", wrapText: true },
      },
      { numFmt: null, bold: false, size: 11, color: null, alignment: null },
    ]);

    // Every cell of the clerk's, on every sheet, reads back with its own format, font and alignment.
    const before = await viewWorkbook(bytes);
    const after = await viewWorkbook(out);
    const ours = (key: string) => key.startsWith(`${before.sheets[0]}!`) && /![A-G]900$/.test(key);
    const clerk = [...after.cells].filter(([key]) => !ours(key));
    expect(after.cells.size - clerk.length).toBe(7);
    expect(new Map(clerk)).toEqual(before.cells);
  });

  test("the clerk's entries stay as written and where they were; ours follow, counted", async () => {
    const { xml } = await stylesOf(RICH);
    const styles = StyleSheet.parse(xml);
    // The clerk's own 164 is reused for its code; a new code takes the first id not taken.
    expect(styles.xf({ numFmt: "yyyy-mm-dd" })).toBe(6);
    expect(styles.xf({ numFmt: "0.0" })).toBe(7);
    const out = styles.xml();
    const list = (name: string, s: string) => new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(s)![0];
    expect(
      list("cellXfs", out).startsWith(
        list("cellXfs", xml)
          .replace(/<\/cellXfs>$/, "")
          .replace('count="6"', 'count="8"'),
      ),
    ).toBe(true);
    expect(list("numFmts", out)).toBe(
      `<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts>`,
    );
    for (const kept of ["cellStyleXfs", "cellStyles", "dxfs", "fills", "borders", "extLst"])
      expect(list(kept, out)).toBe(list(kept, xml));
    // Excel's font 0 reads as exceljs's own: cells of ours with no font use it, and no font is added.
    expect(list("fonts", out)).toBe(list("fonts", xml));
  });

  test("the same request gives the same index; a base keeps what the request does not replace", async () => {
    const { bytes, xml } = await stylesOf(RICH);
    const styles = StyleSheet.parse(xml);
    const a = styles.xf({ numFmt: "#,##0.00" });
    expect(styles.xf({ numFmt: "#,##0.00" })).toBe(a);
    expect(styles.xf({ numFmt: "#,##0.00", font: undefined })).toBe(a);
    // Clerk's xf 2: yyyy-mm-dd, bold 14, centred. A bold font replaces the whole font; the format and alignment stay.
    const header = styles.xf({ font: { bold: true } }, 2);
    expect(styles.xf({ font: { bold: true } }, 2)).toBe(header);
    expect(styles.xf({ font: { bold: true } })).not.toBe(header);
    // On a base of ours: the alignment replaced, the format kept.
    const aligned = styles.xf({ alignment: { horizontal: "left" } }, a);
    const numbered = styles.xf({ numFmt: "0.00%" }, 2);
    const out = await withCells(bytes, styles.xml(), [
      ["表头", header],
      [12, aligned],
      [0.5, numbered],
    ]);
    const row = await cellsOf(out);
    expect([1, 2, 3].map((c) => look(row.getCell(c)))).toEqual([
      { numFmt: "yyyy-mm-dd", bold: true, size: null, color: null, alignment: { horizontal: "center" } },
      { numFmt: "#,##0.00", bold: false, size: 11, color: null, alignment: { horizontal: "left" } },
      { numFmt: "0.00%", bold: true, size: 14, color: null, alignment: { horizontal: "center" } },
    ]);
  });
});

describe("StyleSheet over LibreOffice's styles.xml (two custom formats, thirteen fonts, colours, a black default font)", () => {
  test("new formats skip the ids taken; a cell with no font reads as exceljs's 11-point default", async () => {
    const { bytes, xml } = await stylesOf(LIBREOFFICE);
    const styles = StyleSheet.parse(xml);
    const fonts = (s: string) => (/<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(s)![1].match(/<font\b/g) ?? []).length;
    const count = (s: string, name: string) => new RegExp(`<${name} count="(\\d+)"`).exec(s)![1];
    const xfsBefore = Number(count(xml, "cellXfs"));
    const plain = styles.xf({});
    const permille = styles.xf({ numFmt: "0.0‰" });
    expect(plain).toBe(xfsBefore);
    expect(permille).toBe(xfsBefore + 1);
    const out = styles.xml();
    expect(out).toContain(`<numFmt numFmtId="166" formatCode="0.0‰"/>`);
    expect(count(out, "numFmts")).toBe("3");
    expect(count(out, "cellXfs")).toBe(String(xfsBefore + 2));
    // Its font 0 is black by an RGB of its own, which exceljs's result did not give the product's cells: one font added.
    expect(fonts(out)).toBe(fonts(xml) + 1);
    expect(count(out, "fonts")).toBe(String(fonts(xml) + 1));
    const row = await cellsOf(
      await withCells(bytes, out, [
        ["文字", plain],
        [3, permille],
      ]),
    );
    expect(look(row.getCell(1))).toEqual({ numFmt: null, bold: false, size: 11, color: null, alignment: null });
    expect(look(row.getCell(2))).toEqual({ numFmt: "0.0‰", bold: false, size: 11, color: null, alignment: null });
    // dxfs and the colour table untouched.
    const tail = (s: string) => s.slice(s.indexOf("<cellStyles"));
    expect(tail(out)).toBe(tail(xml));
  });
});

describe("StyleSheet with no styles.xml, or one in a prefixed namespace", () => {
  test("a package without styles gets a minimal one that reads", async () => {
    const styles = StyleSheet.parse(undefined);
    const bold = styles.xf({ font: { bold: true } });
    const money = styles.xf({ numFmt: "#,##0.00" });
    expect([bold, money]).toEqual([1, 2]);
    // A workbook with no conditional formats (which would name a dxf the minimal styles do not have).
    const bytes = await fs.readFile(path.join(__dirname, "golden", "bench-2000.xlsx"));
    const row = await cellsOf(
      await withCells(bytes, styles.xml(), [
        ["表头", bold],
        [1, money],
      ]),
    );
    expect(look(row.getCell(1))).toEqual({ numFmt: null, bold: true, size: null, color: null, alignment: null });
    expect(look(row.getCell(2))).toEqual({ numFmt: "#,##0.00", bold: false, size: 11, color: null, alignment: null });
  });

  test("entries added under the file's own prefix", () => {
    const xml =
      `<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      `<x:fonts count="1"><x:font><x:sz val="11"/></x:font></x:fonts>` +
      `<x:cellXfs count="1"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></x:cellXfs></x:styleSheet>`;
    const styles = StyleSheet.parse(xml);
    expect(styles.xf({ numFmt: "0.0", font: { bold: true } })).toBe(1);
    expect(styles.xml()).toBe(
      `<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        `<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0"/></x:numFmts>` +
        `<x:fonts count="2"><x:font><x:sz val="11"/></x:font><x:font><x:b/></x:font></x:fonts>` +
        `<x:cellXfs count="2"><x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
        `<x:xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></x:cellXfs>` +
        `</x:styleSheet>`,
    );
  });
});
