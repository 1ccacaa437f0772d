/** What the product writes from a workbook's text: no bidi control, no cell past Excel's 32,767 characters. */
import { CELL_LIMIT, safeJson, safeOutput, safeTable, safeText, withoutBidi } from "../../src/report/safeText";
import type { Table } from "../../src/report";

const BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c";

describe("safeText", () => {
  test("removes every bidi control, and nothing else", () => {
    expect(withoutBidi(`重庆${BIDI}甲\u200b公司`)).toBe("重庆甲\u200b公司");
  });

  test("a cell past 32,767 characters is cut to exactly the limit, with a marker in the run's language", () => {
    const long = "名".repeat(40_006);
    const zh = safeText(long, "zh");
    expect(zh).toHaveLength(CELL_LIMIT);
    expect(zh.endsWith("…（已截断）")).toBe(true);
    expect(safeText(long, "en").endsWith("… (truncated)")).toBe(true);
    expect(safeText("名".repeat(CELL_LIMIT), "zh")).toBe("名".repeat(CELL_LIMIT));
  });

  test("never cuts a character in two", () => {
    const cut = safeText("𠀀".repeat(20_000), "zh");
    expect(cut.length).toBeLessThanOrEqual(CELL_LIMIT);
    expect(cut.replace("…（已截断）", "")).toMatch(/^(?:𠀀)+$/u);
  });
});

describe("tables, output columns and JSON", () => {
  const table: Table = {
    sheet: "公示名单",
    title: ["\u202e标题"],
    columns: [{ header: "单位\u2066", width: 10 }],
    rows: [["\u202e甲公司", 12.5, null, "乙".repeat(40_000)]],
    freezeRows: 1,
    charts: [{ kind: "bar", title: "图\u200f", categoryColumn: 0, seriesColumns: [1], anchorColumn: 3 }],
  };

  test("a table keeps its numbers and loses every bidi control and overlong cell", () => {
    const safe = safeTable(table, "zh");
    expect(safe.title).toEqual(["标题"]);
    expect(safe.columns[0].header).toBe("单位");
    expect(safe.rows[0].slice(0, 3)).toEqual(["甲公司", 12.5, null]);
    expect((safe.rows[0][3] as string).length).toBe(CELL_LIMIT);
    expect(safe.charts[0].title).toBe("图");
    expect(table.rows[0][0]).toBe("\u202e甲公司");
  });

  test("only the rows that change are new: the clean ones are the table's own, the caller's rows untouched", () => {
    const rows = [
      ["甲公司", 1],
      ["乙\u202e公司", 2],
      ["丙公司", 3],
    ];
    const safe = safeTable({ ...table, rows }, "zh");
    expect(safe.rows).toEqual([
      ["甲公司", 1],
      ["乙公司", 2],
      ["丙公司", 3],
    ]);
    expect(rows[1][0]).toBe("乙\u202e公司");
    expect([safe.rows[0] === rows[0], safe.rows[1] === rows[1], safe.rows[2] === rows[2]]).toEqual([true, false, true]);
    const output = { sheet: "s", headerRow: 1, startColumn: 5, columns: [], rows: [{ row: 2, values: [1, "原因"] }] };
    expect(safeOutput(output, "zh")).toBe(output);
  });

  test("output columns and JSON alike", () => {
    const out = safeOutput(
      { sheet: "s", headerRow: 1, startColumn: 5, columns: [], rows: [{ row: 2, values: [1, "\u202e原因"] }] },
      "zh",
    );
    expect(out.rows[0].values).toEqual([1, "原因"]);
    expect(safeJson({ rows: [{ claimant: "\u202e甲", payout: "1.00", reasons: [{ message: "\u2067x" }] }] })).toEqual({
      rows: [{ claimant: "甲", payout: "1.00", reasons: [{ message: "x" }] }],
    });
  });

  test("JSON: a control in the last of many rows or in a key is found, the order kept, the caller's value untouched", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ row: i + 2, claimant: `单位${i}`, payout: "1.00" }));
    rows[999].claimant = "乙\u2066公司";
    const value = { rows, inputs: { "a\u202e": "1", b: "2" }, notes: ["甲"] };
    expect(JSON.stringify(safeJson(value))).toBe(
      JSON.stringify({
        rows: [...rows.slice(0, 999), { ...rows[999], claimant: "乙公司" }],
        inputs: { a: "1", b: "2" },
        notes: ["甲"],
      }),
    );
    expect(rows[999].claimant).toBe("乙\u2066公司");
    expect(Object.keys(value.inputs)).toEqual(["a\u202e", "b"]);
    // Nothing to take out: the same text as written.
    const clean = { rows: rows.slice(0, 999), notes: ["甲"] };
    expect(JSON.stringify(safeJson(clean))).toBe(JSON.stringify(clean));
  });
});
