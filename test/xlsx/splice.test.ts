/**
 * The output columns spliced into the clerk's own sheet (src/xlsx/splice.ts, through save.ts writeResult), read back
 * as another application reads the result: every cell of the clerk's where it was, ours in their columns and rows.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { LedgerOutput } from "../../src/report";
import { inflate, NODE } from "../../src/xlsx/node";
import { readWorkbook } from "../../src/xlsx/read";
import { writeResult } from "../../src/xlsx/save";

const COLUMNS = [
  { header: "兑付金额(元)", numFmt: "#,##0.00", width: 14 },
  { header: "原因", width: 30 },
];

/** A clerk's ledger: header on row 2, claims on rows 3–5, a note in column H right of where the output goes (D–E). */
async function ledger(build?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("台账");
  sheet.getCell("A1").value = "渝北区受让专利台账";
  sheet.addRow(["申报单位", "专利号", "金额"]);
  sheet.getRow(2).getCell(3).font = { italic: true, size: 12 };
  for (let i = 1; i <= 3; i++) sheet.addRow([`重庆${i}公司`, `ZL2023${i}`, i * 1000]);
  sheet.getCell("H4").value = "经办人备注";
  sheet.getColumn(4).width = 20;
  build?.(sheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function spliced(input: Uint8Array, output: LedgerOutput): Promise<ExcelJS.Worksheet> {
  const { bytes } = await writeResult(input, [output], [], "zh", NODE);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb.getWorksheet("台账")!;
}

const output = (rows: LedgerOutput["rows"]): LedgerOutput => ({
  sheet: "台账",
  headerRow: 2,
  startColumn: 3,
  columns: COLUMNS,
  rows,
});

describe("the output columns in the clerk's sheet", () => {
  test("headers bold, amounts formatted, text as text; the clerk's cells, right of them too, where they were", async () => {
    const sheet = await spliced(
      await ledger(),
      output([
        { row: 3, values: [1000, ""] },
        { row: 4, values: [0, '=HYPERLINK("http://x")'] },
        { row: 5, values: [2500.5, "本批未获兑付"] },
      ]),
    );
    expect(sheet.getCell("D2").value).toBe("兑付金额(元)");
    expect(sheet.getCell("D2").font?.bold).toBe(true);
    expect(sheet.getCell("E2").font?.bold).toBe(true);
    expect(sheet.getCell("D5").value).toBe(2500.5);
    expect(sheet.getCell("D5").numFmt).toBe("#,##0.00");
    expect(sheet.getCell("E4").value).toBe('=HYPERLINK("http://x")');
    expect(sheet.getCell("E4").type).toBe(ExcelJS.ValueType.String);
    // The clerk's own: the title, the header's italic 金额, the amounts, the note in H4.
    expect(sheet.getCell("A1").value).toBe("渝北区受让专利台账");
    expect(sheet.getCell("C2").font).toMatchObject({ italic: true, size: 12 });
    expect([3, 4, 5].map((r) => sheet.getCell(`C${r}`).value)).toEqual([1000, 2000, 3000]);
    expect(sheet.getCell("H4").value).toBe("经办人备注");
    // At least as wide as the plan asks; the clerk's wider column D kept.
    expect(sheet.getColumn(4).width).toBe(20);
    expect(sheet.getColumn(5).width).toBe(30);
  });

  test("an earlier run's values on a row that is no claim now are cleared; a row the sheet lacks is made, in order", async () => {
    const first = await writeResult(
      await ledger(),
      [output([3, 4, 5].map((row) => ({ row, values: [row * 10, "旧"] })))],
      [],
      "zh",
      NODE,
    );
    const sheet = await spliced(
      first.bytes,
      output([
        { row: 3, values: [1, "新"] },
        { row: 7, values: [2, "新增行"] },
      ]),
    );
    expect(sheet.getCell("D3").value).toBe(1);
    expect([4, 5].map((r) => [sheet.getCell(`D${r}`).value, sheet.getCell(`E${r}`).value])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(sheet.getCell("E7").value).toBe("新增行");
    expect(sheet.getCell("H4").value).toBe("经办人备注");
    const zip = await JSZip.loadAsync(first.bytes);
    const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xml).toMatch(/<dimension ref="A1:H5"\/>/);
  });

  test("a sheet of several chunks (over 1 MB of rows) comes back whole, every row in order", async () => {
    const rows = 20_000;
    const input = await ledger((sheet) => {
      for (let i = 4; i <= rows; i++) sheet.addRow([`重庆某某科技有限公司第${i}号分公司`, `ZL2023${i}`, i]);
    });
    const values = Array.from({ length: rows }, (_, i) => ({ row: i + 3, values: [i + 3, `第${i + 3}行`] }));
    const sheet = await spliced(input, output(values));
    expect(sheet.rowCount).toBe(rows + 2);
    for (const r of [3, 9_999, 10_000, 15_001, rows + 2]) {
      expect([sheet.getCell(`C${r}`).value, sheet.getCell(`D${r}`).value, sheet.getCell(`E${r}`).value]).toEqual([
        r === 3 ? 1000 : r - 2,
        r,
        `第${r}行`,
      ]);
    }
  });

  test("a sheet written with the prefix x: (the Open XML SDK) gets our cells, cols and dimension in x:, read back", async () => {
    const zip = await JSZip.loadAsync(await ledger());
    const part = "xl/worksheets/sheet1.xml";
    const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const plain = await zip.file(part)!.async("string");
    zip.file(
      part,
      plain
        .replace(/<(\/?)(?![?!])([A-Za-z][\w.-]*)(?=[\s/>])/g, "<$1x:$2")
        .replace(`xmlns="${main}"`, `xmlns:x="${main}"`)
        // Rows that follow the one before them, written without `r`, single-quoted attributes elsewhere.
        .replace(/<x:row r="([45])"/g, "<x:row")
        .replace(/ s="(\d+)"/g, " s='$1'"),
    );
    const input = new Uint8Array(await zip.generateAsync({ type: "uint8array" }));
    const { bytes } = await writeResult(
      input,
      [
        output([
          { row: 3, values: [1000, "甲"] },
          { row: 5, values: [2500.5, "乙"] },
          { row: 7, values: [1, "新增行"] },
        ]),
      ],
      [],
      "zh",
      NODE,
    );
    const xml = await (await JSZip.loadAsync(bytes)).file(part)!.async("string");
    expect(xml).toContain(`<x:c r="D5" s="`);
    expect(xml).toContain(`<x:t xml:space="preserve">乙</x:t>`);
    expect(xml).toMatch(/<x:row r="7"><x:c r="D7"/);
    expect(xml).toMatch(/<x:cols><x:col [^>]*min="4"/);
    expect(xml).toMatch(/<x:dimension ref="A1:H7"\/>/);
    expect(xml).not.toMatch(/<(?:c|row|cols|col|v|is|t|dimension|sheetData)[\s>/]/);
    const [grid] = (await readWorkbook(bytes, "result.xlsx", inflate)).grids;
    expect(grid.cells[1].slice(0, 5)).toEqual(["申报单位", "专利号", "金额", "兑付金额(元)", "原因"]);
    expect([3, 4, 5, 7].map((r) => [...grid.cells[r - 1].slice(0, 5)])).toEqual([
      ["重庆1公司", "ZL20231", 1000, 1000, "甲"],
      ["重庆2公司", "ZL20232", 2000, undefined, undefined],
      ["重庆3公司", "ZL20233", 3000, 2500.5, "乙"],
      [undefined, undefined, undefined, 1, "新增行"],
    ]);
    expect(grid.cells[3][7]).toBe("经办人备注");
  });
});
