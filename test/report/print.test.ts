/** The one print rule (src/report/print.ts): what a clerk sees on paper, decided from the table alone. */
import type { LedgerOutput, Table } from "../../src/report";
import { printed, widenedPrintArea, WRAP_WIDTH, wrappedLines } from "../../src/report/print";

function table(widths: number[], numFmt?: string): Table {
  return {
    sheet: "表",
    columns: widths.map((width, i) => ({ header: `列${i + 1}`, width, numFmt })),
    rows: [widths.map((_, i) => `值${i + 1}`)],
    freezeRows: 1,
    charts: [],
  };
}

describe("printed", () => {
  test("a label and its value (运行记录) print portrait, the value wrapping beside its label", () => {
    const record = printed(table([28, 90]), "zh");
    expect(record.page).toEqual({ landscape: false, footer: "第 &P 页，共 &N 页" });
    expect(record.columns).toEqual([
      { header: "列1", width: 28, numFmt: undefined },
      { header: "列2", width: WRAP_WIDTH, numFmt: undefined, wrap: true },
    ]);
  });

  test("a wide table turns the page; its long text wraps, its numbers and short columns keep their width", () => {
    const wide = printed(table([22, 6, 36, 110, 60]), "en");
    expect(wide.page).toEqual({ landscape: true, footer: "Page &P of &N" });
    expect(wide.columns.map((c) => [c.width, c.wrap ?? false])).toEqual([
      [22, false],
      [6, false],
      [36, false],
      [WRAP_WIDTH, true],
      [WRAP_WIDTH, true],
    ]);
    // A money column is never wrapped or narrowed: a cut number would be misread.
    expect(printed(table([60], "#,##0.00"), "zh").columns[0]).toEqual({ header: "列1", width: 60, numFmt: "#,##0.00" });
  });

  test("cells written right of the header (汇总's notes, 变更's items) count toward the width", () => {
    const t = table([40, 40]);
    expect(printed(t, "zh").page!.landscape).toBe(false);
    const wider = { ...t, rows: [...t.rows, Array.from({ length: 8 }, () => "x")] };
    expect(printed(wider, "zh").page!.landscape).toBe(true);
  });
});

describe("wrappedLines", () => {
  const columns = [
    { header: "工作表", width: 16 },
    { header: "原因", width: WRAP_WIDTH, wrap: true },
  ];

  test("a row is as many lines as its longest wrapped cell takes at its width; a Chinese character is two", () => {
    // 50 Chinese characters: 100 columns, and a tenth for the type, over 40 a line.
    expect(wrappedLines(columns, ["高校院所输出专利", "与".repeat(50)])).toBe(3);
    expect(wrappedLines(columns, ["高校院所输出专利", "x".repeat(50)])).toBe(2);
    expect(wrappedLines(columns, ["高校院所输出专利", "一行\n两行\n三行"])).toBe(3);
  });

  test("short text, numbers and columns that do not wrap take one line", () => {
    expect(wrappedLines(columns, ["与".repeat(80), "重复"])).toBe(1);
    expect(wrappedLines(columns, [null, 123456789])).toBe(1);
    expect(wrappedLines(columns, [])).toBe(1);
  });
});

describe("widenedPrintArea", () => {
  // Ledger columns A–J, header on row 3, rows 4–20; the output columns K–P.
  const output: LedgerOutput = {
    sheet: "台账",
    headerRow: 3,
    startColumn: 10,
    columns: Array.from({ length: 6 }, (_, i) => ({ header: `输出${i}`, width: 14 })),
    rows: [{ row: 20, values: [] }],
  };

  test("the clerk's area over the ledger reaches the last output column; its rows stay the clerk's", () => {
    expect(widenedPrintArea(["A1:J20"], output)).toEqual(["A1:P20"]);
    expect(widenedPrintArea(["$A$1:$J$12"], output)).toEqual(["A1:P12"]);
    expect(widenedPrintArea(["B:H"], output)).toEqual(["B:P"]);
  });

  test("an area already as wide, one away from the ledger's rows, or whole rows, is left as it is", () => {
    expect(widenedPrintArea(["A1:Z20"], output)).toEqual(["A1:Z20"]);
    expect(widenedPrintArea(["A1:J2", "A30:C40"], output)).toEqual(["A1:J2", "A30:C40"]);
    expect(widenedPrintArea(["1:20"], output)).toEqual(["1:20"]);
  });
});
