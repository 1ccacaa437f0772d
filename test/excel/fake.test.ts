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

  test("page layout: loaded and synced before it is read; sets take effect at sync, whole", async () => {
    const { book, excel } = setup();
    await run(excel, async (ctx) => {
      const layout = ctx.workbook.worksheets.getItem("台账").pageLayout;
      const footer = layout.headersFooters.defaultForAllPages;
      layout.load("orientation,paperSize,zoom");
      footer.load("centerFooter");
      const noTitles = layout.getPrintTitleRowsOrNullObject().load("address");
      expect(() => layout.orientation).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      expect(() => footer.centerFooter).toThrow(/not available/);
      expect(() => layout.headersFooters.state).toThrow(/not available/);
      await ctx.sync();
      // A new sheet's defaults (Excel's paper follows the locale; the fake's is Letter).
      expect([layout.orientation, layout.paperSize, layout.zoom, footer.centerFooter]).toEqual([
        "Portrait",
        "Letter",
        { scale: 100 },
        "",
      ]);
      expect(noTitles.isNullObject).toBe(true);

      layout.orientation = "Landscape";
      layout.paperSize = "A4";
      layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      layout.setPrintTitleRows("$1:$4");
      layout.headersFooters.state = "Default";
      footer.centerFooter = "第 &P 页，共 &N 页";
      expect(book.sheets[0].pageLayout).toBeUndefined();
      // What was read is a copy: changing it changes nothing (Office.js: set zoom as a whole object).
      layout.zoom.scale = 50;
      const titles = layout.getPrintTitleRows().load("address,rowIndex,rowCount");
      layout.load("orientation,paperSize,zoom");
      footer.load("centerFooter");
      layout.headersFooters.load("state");
      await ctx.sync();
      expect(titles.address).toBe("台账!1:4");
      expect([titles.rowIndex, titles.rowCount]).toEqual([0, 4]);
      expect([layout.orientation, layout.paperSize, layout.zoom, layout.headersFooters.state]).toEqual([
        "Landscape",
        "A4",
        { horizontalFitToPages: 1, verticalFitToPages: 0 },
        "Default",
      ]);
      expect(footer.centerFooter).toBe("第 &P 页，共 &N 页");
    });
    expect(book.sheets[0].pageLayout).toMatchObject({
      orientation: "Landscape",
      paperSize: "A4",
      printTitleRows: { row: 0, rows: 4 },
      headersFooters: { state: "Default", defaultForAllPages: { centerFooter: "第 &P 页，共 &N 页", leftFooter: "" } },
    });
  });

  test("page layout: what Excel refuses is refused at sync (InvalidArgument, ItemNotFound)", async () => {
    const { book, excel } = setup();
    type Layout = ReturnType<FakeRequestContext["workbook"]["worksheets"]["getItem"]>["pageLayout"];
    const refused = (set: (layout: Layout) => void) =>
      run(excel, async (ctx) => {
        set(ctx.workbook.worksheets.getItem("台账").pageLayout);
        await ctx.sync();
      });
    const bad: [string, (layout: Layout) => void][] = [
      ["orientation in lower case", (l) => (l.orientation = "landscape")],
      ["an unknown paper", (l) => (l.paperSize = "A6")],
      ["a scale under 10 %", (l) => (l.zoom = { scale: 5 })],
      ["a scale and pages to fit", (l) => (l.zoom = { scale: 50, horizontalFitToPages: 1 })],
      ["no zoom at all", (l) => (l.zoom = {})],
      ["negative pages", (l) => (l.zoom = { horizontalFitToPages: -1 })],
      ["an unknown zoom field", (l) => (l.zoom = { fitToWidth: 1 } as never)],
      ["print titles that are cells, not rows", (l) => l.setPrintTitleRows("A1:B2")],
      ["print titles that are columns", (l) => l.setPrintTitleRows("$A:$B")],
      ["print titles that are no address", (l) => l.setPrintTitleRows("第一行")],
      ["an unknown header/footer state", (l) => (l.headersFooters.state = "default")],
      ["a footer that is no text", (l) => (l.headersFooters.defaultForAllPages.centerFooter = 3 as never)],
    ];
    for (const [what, set] of bad) {
      await expect(refused(set).then(() => what)).rejects.toMatchObject({ code: "InvalidArgument" });
    }
    expect(book.sheets[0].pageLayout).toBeUndefined();
    await expect(refused((l) => l.getPrintTitleRows().load("address"))).rejects.toMatchObject({ code: "ItemNotFound" });

    // A direction left out: 1 page (OOXML's default) after a scale, the fit it had after a fit.
    await refused((l) => (l.zoom = { horizontalFitToPages: 1 }));
    expect(book.sheets[0].pageLayout!.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 1 });
    await refused((l) => (l.zoom = { verticalFitToPages: 0, scale: null } as never));
    expect(book.sheets[0].pageLayout!.zoom).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    // Whole rows given as a range, and with the sheet's name.
    await refused((l) => l.setPrintTitleRows("台账!$2:$3"));
    expect(book.sheets[0].pageLayout!.printTitleRows).toEqual({ row: 1, rows: 2 });
  });
});
