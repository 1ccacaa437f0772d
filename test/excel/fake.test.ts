/** The fake behaves like Excel where the adapter's correctness depends on it. */
// These tests read before loading or syncing on purpose: the fake must throw as Excel does.
/* eslint-disable office-addins/call-sync-after-load, office-addins/call-sync-before-read, office-addins/load-object-before-read */
import { FakeExcel, PAYLOAD_LIMIT, type FakeRequestContext } from "../fakes/excel";
import { addSheet, emptyWorkbook, findSheet, type FakeWorkbook } from "../fakes/model";

function setup(): { book: FakeWorkbook; excel: FakeExcel } {
  const book = emptyWorkbook();
  addSheet(book, "台账");
  return { book, excel: new FakeExcel(book) };
}

const run = <T>(excel: FakeExcel, f: (ctx: FakeRequestContext) => Promise<T>) => excel.run(f);

describe("fake Excel", () => {
  test("reading a property not loaded and synced throws PropertyNotLoaded", async () => {
    const { excel } = setup();
    await run(excel, async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("台账").getRange("A1:B2");
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(range.values).toEqual([
        ["", ""],
        ["", ""],
      ]);
      expect(() => range.address).toThrow(/not available/);
    });
  });

  test("writes take effect at sync, in order", async () => {
    const { book, excel } = setup();
    await run(excel, async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("台账").getRange("B2");
      range.values = [[42]];
      expect(findSheet(book, "台账")!.rows[1]).toBeUndefined();
      const read = ctx.workbook.worksheets.getItem("台账").getRange("B2").load("values");
      await ctx.sync();
      expect(read.values).toEqual([[42]]);
    });
  });

  test("getItemOrNullObject: isNullObject known after sync; getItem of a missing sheet fails the sync", async () => {
    const { excel } = setup();
    await run(excel, async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("无此表");
      expect(() => missing.isNullObject).toThrow(/not available/);
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      ctx.workbook.worksheets.getItem("无此表").getRange("A1").values = [[1]];
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
  });

  test("a string value starting with = or + becomes a formula, unless text-formatted or quote-prefixed", async () => {
    const { book, excel } = setup();
    await run(excel, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("台账");
      ws.getRange("A1:D1").values = [["=cmd|' /C calc'!A0", "+86 大学", "'=cmd|' /C calc'!A0", "007"]];
      const c = ws.getRange("C2");
      c.numberFormat = [["@"]];
      c.values = [["=SUM(A1)"]];
      await ctx.sync();
    });
    const rows = findSheet(book, "台账")!.rows;
    expect(rows[0][0]).toMatchObject({ formula: "=cmd|' /C calc'!A0" });
    expect(rows[0][1]).toMatchObject({ formula: "=+86 大学" });
    expect(rows[0][2]).toEqual({ value: "=cmd|' /C calc'!A0" });
    expect(rows[0][3]).toEqual({ value: 7 });
    expect(rows[1][2]).toMatchObject({ value: "=SUM(A1)", numberFormat: "@" });
    expect(rows[1][2]?.formula).toBeUndefined();
  });

  test("a request over 5 MB is refused whole, and sizes are recorded per sync", async () => {
    const { book, excel } = setup();
    const big = Array.from({ length: 60_000 }, (_, i) => [`第${i}行 ${"x".repeat(80)}`]);
    await run(excel, async (ctx) => {
      ctx.workbook.worksheets.getItem("台账").getRange(`A1:A${big.length}`).values = big;
      await expect(ctx.sync()).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    });
    expect(findSheet(book, "台账")!.rows).toEqual([]);
    expect(excel.syncs[0].requestBytes).toBeGreaterThan(PAYLOAD_LIMIT);
  });

  test("a response over 5 MB is refused and its loads deliver nothing", async () => {
    const { book, excel } = setup();
    findSheet(book, "台账")!.rows = Array.from({ length: 60_000 }, (_, i) => [{ value: `第${i}行 ${"x".repeat(80)}` }]);
    await run(excel, async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("台账").getRange("A1:A60000").load("values");
      await expect(ctx.sync()).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
      expect(() => range.values).toThrow(/not available/);
    });
  });

  test("used range, merged areas, charts, freeze panes, settings", async () => {
    const { book, excel } = setup();
    findSheet(book, "台账")!.merges.push({ row: 0, column: 0, rows: 1, columns: 3 });
    await run(excel, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("台账");
      ws.getRange("B3:C4").values = [
        [1, 2],
        [3, 4],
      ];
      ws.freezePanes.freezeRows(1);
      const chart = ws.charts.add("ColumnClustered", ws.getRange("C3:C4"), "Columns");
      chart.title.text = "预算";
      chart.series.add("需求").setValues(ws.getRange("B3:B4"));
      ctx.workbook.settings.add("k", "v");
      await ctx.sync();
      const used = ws.getUsedRange(true).load("address");
      const merged = ws.getRange("A1:D9").getMergedAreasOrNullObject().load("address");
      const setting = ctx.workbook.settings.getItemOrNullObject("k").load("value");
      await ctx.sync();
      expect(used.address).toBe("台账!B3:C4");
      expect(merged.address).toBe("台账!A1:C1");
      expect(setting.value).toBe("v");
    });
    const sheet = findSheet(book, "台账")!;
    expect(sheet.freezeRows).toBe(1);
    expect(sheet.charts[0]).toMatchObject({ title: "预算", series: [{ values: "台账!C3:C4" }, { name: "需求" }] });
  });
});
