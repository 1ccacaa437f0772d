/** The Office.js adapter against the fake Excel: reads like the .xlsx reader, writes like the CLI, in few syncs. */
import ExcelJS from "exceljs";
import {
  balanceWorkbook,
  parseSaved,
  readWorkbook,
  selectRef,
  SETTINGS_KEY,
  toExcel,
  fromExcel,
  type Balanced,
} from "../../src/excel";
import { normaliseName } from "../../src/engine/values";
import { defaultPolicy } from "../../src/policy";
import { REPORT_SHEETS, SHEETS } from "../../src/report";
import { toGrid } from "../support/exceljsGrid";
import { FakeExcel, PAYLOAD_LIMIT } from "../fakes/excel";
import { addSheet, defaultPageLayout, findSheet, sheetValues, type FakeCell, type FakeWorkbook } from "../fakes/model";
import { HOSTILE_NAMES, ledgerBuffer, ledgerWorkbook } from "../fakes/ledger";
import { fakeFromWorkbook, fakeFromXlsx } from "../fakes/xlsx";

const policy = defaultPolicy();
const NOW = new Date("2026-11-26T09:00:00Z");

function inExcel<T>(excel: FakeExcel, f: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
  return excel.run((ctx) => f(ctx as unknown as Excel.RequestContext));
}

async function fixture(spec = { transfers: 40, pledges: 20, hostile: true }) {
  const buffer = await ledgerBuffer(spec);
  const book = await fakeFromXlsx(buffer);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return { book, workbook, excel: new FakeExcel(book) };
}

/** Large ledgers straight from the exceljs model: no .xlsx round trip, same cells. */
async function largeFixture(rows: number) {
  const book = await fakeFromWorkbook(ledgerWorkbook({ transfers: rows / 2, pledges: rows / 2 }));
  return { book, excel: new FakeExcel(book) };
}

async function balanced(excel: FakeExcel, book: FakeWorkbook): Promise<Balanced> {
  const run = await balanceOnce(excel, book);
  if (!run.result) throw new Error("the ledger did not balance");
  return run as Balanced;
}

function balanceOnce(excel: FakeExcel, book: FakeWorkbook) {
  return inExcel(excel, (ctx) =>
    balanceWorkbook(
      ctx,
      policy,
      (snap) => parseSaved(snap.saved ?? book.settings[SETTINGS_KEY], policy),
      "zh",
      undefined,
      NOW,
    ),
  );
}

describe("cells", () => {
  test("text goes quote-prefixed, dates as serials; a date format brings a Date back", () => {
    expect(toExcel("=1+1")).toBe("'=1+1");
    expect(toExcel("")).toBe("");
    expect(toExcel(null)).toBe("");
    expect(toExcel(new Date(Date.UTC(2024, 2, 5)))).toBe(45356);
    expect(fromExcel(45356, "yyyy-mm-dd")).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(fromExcel(45356, "#,##0.00")).toBe(45356);
    expect(fromExcel("", "General")).toBeNull();
  });
});

describe("readWorkbook", () => {
  test("gives the same grids as the command-line tool's .xlsx reader, in two syncs", async () => {
    const { excel, workbook } = await fixture();
    const snap = await inExcel(excel, (ctx) => readWorkbook(ctx, REPORT_SHEETS));
    expect(excel.syncs).toHaveLength(2);
    const expected = workbook.worksheets.map(toGrid);
    expect(snap.grids.map((g) => g.name)).toEqual(expected.map((g) => g.name));
    snap.grids.forEach((grid, s) => {
      const want = expected[s].cells;
      for (let r = 0; r < Math.max(grid.cells.length, want.length); r++) {
        for (let c = 0; c < 12; c++) expect([r, c, grid.cells[r]?.[c] ?? null]).toEqual([r, c, want[r]?.[c] ?? null]);
      }
    });
  });
});

/** Rows padded with null to a common width, so holes and nulls compare equal. */
function normalised(cells: unknown[][]): unknown[][] {
  const width = Math.max(0, ...cells.map((r) => r?.length ?? 0));
  return Array.from(cells, (r) => Array.from({ length: width }, (_, c) => r?.[c] ?? null));
}

/** A ledger as the CLI reads it, and the fake holding it. */
async function largeWorkbook(workbook: ExcelJS.Workbook) {
  return { expected: workbook.worksheets.map(toGrid), excel: new FakeExcel(await fakeFromWorkbook(workbook)) };
}

function refused(excel: FakeExcel) {
  return excel.syncs.filter((s) => s.responseBytes > PAYLOAD_LIMIT);
}

describe("readWorkbook, large", () => {
  test("50,000 rows: read in 4 syncs planned under 5 MB, none refused, giving the same grids", async () => {
    const { expected, excel } = await largeWorkbook(ledgerWorkbook({ transfers: 25_000, pledges: 25_000 }));
    const snap = await inExcel(excel, (ctx) => readWorkbook(ctx, REPORT_SHEETS));
    expect(refused(excel)).toEqual([]);
    expect(excel.syncs).toHaveLength(4);
    expect(snap.syncs).toBe(4);
    expect(snap.grids.map((g) => normalised(g.cells))).toEqual(expected.map((g) => normalised(g.cells)));
  }, 60_000);

  test("rows far larger than the sampled corner: a refused response is split, the grids still whole", async () => {
    const workbook = ledgerWorkbook({ transfers: 8_000, pledges: 0 });
    const sheet = workbook.getWorksheet("高校院所输出")!;
    for (let r = 7_000; r <= 8_000; r++) sheet.getCell(r, 11).value = `备注${r}：${"很长的说明".repeat(600)}`;
    const { expected, excel } = await largeWorkbook(workbook);
    const snap = await inExcel(excel, (ctx) => readWorkbook(ctx, REPORT_SHEETS));
    expect(refused(excel).length).toBeGreaterThan(0);
    expect(snap.syncs).toBe(excel.syncs.length);
    expect(snap.grids.map((g) => normalised(g.cells))).toEqual(expected.map((g) => normalised(g.cells)));
  }, 60_000);

  test("a corner too large for one response is read again without it, the grids still whole", async () => {
    const workbook = ledgerWorkbook({ transfers: 300, pledges: 0 });
    const sheet = workbook.getWorksheet("高校院所输出")!;
    for (let r = 3; r <= 300; r++) sheet.getCell(r, 12).value = "长".repeat(6_000);
    const { expected, excel } = await largeWorkbook(workbook);
    const snap = await inExcel(excel, (ctx) => readWorkbook(ctx, REPORT_SHEETS));
    expect(refused(excel)[0]).toBe(excel.syncs[1]);
    expect(snap.grids.map((g) => normalised(g.cells))).toEqual(expected.map((g) => normalised(g.cells)));
  }, 60_000);
});

describe("balanceWorkbook", () => {
  test("writes output columns and the five report sheets, charts, frozen headers and saved state", async () => {
    const { excel, book } = await fixture();
    const run = await balanceOnce(excel, book);
    expect(run.result).toBeDefined();
    const five = [SHEETS.summary, SHEETS.publicity, SHEETS.exceptions, SHEETS.targets, SHEETS.runRecord];
    for (const name of five) expect(findSheet(book, name)).toBeDefined();
    const summary = findSheet(book, SHEETS.summary)!;
    // Frozen down to the header, which stands under the heading and the 说明 block (the fixture's sheets lack
    // optional columns).
    const header = summary.rows.findIndex((cells) => cells?.[0]?.value === "项目编号");
    expect(summary.rows[0][0]?.value).toMatch(/^渝北区2024年第.批专利转化绩效奖补资金兑付汇总表$/);
    expect(summary.rows[2][0]?.value).toBe("说明（请核对）");
    expect(summary.freezeRows).toBe(header + 1);
    expect(summary.charts).toHaveLength(1);
    expect(summary.charts[0].series.length).toBeGreaterThanOrEqual(3);
    expect(findSheet(book, SHEETS.targets)!.charts[0].type).toBe("BarClustered");
    const p1 = findSheet(book, "高校院所输出")!;
    expect(p1.rows[1][10]).toMatchObject({ value: "奖补金额(元)", bold: true });
    expect(typeof p1.rows[2][13]?.value).toBe("number");
    expect(p1.rows[2][13]?.numberFormat).toMatch(/0\.00/);
    expect(JSON.parse(book.settings[SETTINGS_KEY] as string)).toMatchObject({ options: { rounding: "fen" } });
    expect(excel.screenUpdatingSuspended).toBeGreaterThan(0);
  });

  test("every product sheet prints by one rule, as the command's writer sets it: A4, 1 page wide, titles, footer; no sync added", async () => {
    const { excel, book } = await fixture();
    const run = await balanced(excel, book);
    // Every write still goes in one request: the page layout adds actions to it, not syncs.
    expect(run.write.syncs).toBe(1);
    // The header: the first row of more than one bold cell with a value (a title line is one, merged across).
    const headerRow = (name: string) =>
      findSheet(book, name)!.rows.findIndex(
        (cells) => (cells ?? []).filter((c) => c?.bold && c.value !== "").length > 1,
      );
    const filled = (c: FakeCell | null | undefined) => !!c && c.value !== "";
    const lastOf = <T>(xs: readonly T[], keep: (x: T) => boolean) => {
      for (let i = xs.length - 1; i >= 0; i--) if (keep(xs[i])) return i;
      return -1;
    };
    const usedRows = (name: string) => lastOf(findSheet(book, name)!.rows, (r) => (r ?? []).some(filled)) + 1;
    const usedColumns = (name: string) =>
      Math.max(...findSheet(book, name)!.rows.map((r) => lastOf(r ?? [], filled) + 1));
    const written = run.plan.kind === "balanced" ? run.plan.tables.map((t) => t.sheet) : [];
    expect(written).toEqual(expect.arrayContaining([SHEETS.summary, SHEETS.exceptions, SHEETS.runRecord]));
    for (const name of written) {
      expect([name, findSheet(book, name)!.pageLayout]).toEqual([
        name,
        {
          // 运行记录 (a label and its value) fits a portrait page; the wider tables turn the page.
          orientation: name === SHEETS.runRecord ? "Portrait" : "Landscape",
          paperSize: "A4",
          zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
          printTitleRows: { row: 0, rows: headerRow(name) + 1 },
          // Every cell the table wrote, and nothing beside it (汇总's chart would shrink the page).
          printArea: [{ row: 0, column: 0, rows: usedRows(name), columns: usedColumns(name) }],
          headersFooters: expect.objectContaining({
            state: "Default",
            defaultForAllPages: expect.objectContaining({ centerFooter: "第 &P 页，共 &N 页", leftFooter: "" }),
          }),
        },
      ]);
    }
    expect(headerRow(SHEETS.publicity)).toBeGreaterThan(0);
    // 汇总's header stands under its 说明 block, one line per sheet that assumes something.
    expect(headerRow(SHEETS.summary)).toBe(
      findSheet(book, SHEETS.summary)!.rows.findIndex((cells) => cells?.[0]?.value === "项目编号"),
    );
    expect(findSheet(book, SHEETS.summary)!.rows[2][0]?.value).toBe("说明（请核对）");
    // A long reason wraps in its column, which stays as wide as a reader's line, and its row reads from the top.
    const exceptions = findSheet(book, SHEETS.exceptions)!;
    const reason = exceptions.rows[0].findIndex((c) => c?.value === "原因");
    expect(exceptions.columnWidths[reason]).toBeLessThanOrEqual(Math.round((40 * 48) / 8.43));
    expect(exceptions.rows[1][reason]).toMatchObject({ wrapText: true, verticalAlignment: "Top" });
    expect(exceptions.rows[1][0]).toMatchObject({ verticalAlignment: "Top" });
    expect(exceptions.rows[1][0]?.wrapText).toBeUndefined();
    // Only the long text columns wrap: 目标进度's 目标 and 口径 do, its figures do not.
    const targets = findSheet(book, SHEETS.targets)!;
    const top = targets.rows.findIndex((cells) => cells?.[0]?.value === "编号");
    const wrapped = targets.rows[top + 1].map((c) => c?.wrapText === true);
    expect(wrapped).toEqual([false, true, false, false, false, false, false, true]);
  });

  test("a ledger's print area set by the clerk takes in the output columns; its orientation stays; no sync added", async () => {
    const { excel, book } = await fixture();
    const ledger = findSheet(book, "高校院所输出")!;
    const rows = ledger.rows.length;
    // The clerk's: the ledger's own columns A–J, portrait, at 80 %.
    ledger.pageLayout = {
      ...defaultPageLayout(),
      zoom: { scale: 80 },
      printArea: [{ row: 0, column: 0, rows, columns: 10 }],
    };
    const run = await balanced(excel, book);
    expect([run.readSyncs, run.write.syncs]).toEqual([2, 1]);
    // Output columns K–P (奖补金额 … 原因) now print with the ledger.
    expect(ledger.rows[1][15]?.value).toBe("原因");
    expect(ledger.pageLayout).toMatchObject({
      orientation: "Portrait",
      zoom: { scale: 80 },
      printArea: [{ row: 0, column: 0, rows, columns: 16 }],
    });
    // A sheet without a print area gets none.
    expect(findSheet(book, "质押融资")!.pageLayout?.printArea).toBeUndefined();
  });

  test("公示名单 and 汇总 look as the command writes them: lines across the table, the foot right-aligned, numbers and their headers alike; no sync added", async () => {
    const { excel, book } = await fixture();
    const run = await balanced(excel, book);
    expect(run.write.syncs).toBe(1);
    const list = findSheet(book, SHEETS.publicity)!;
    const width = 6;
    // The heading centred across the list, large; the paragraph under it across the list too.
    expect(list.rows[0][0]).toMatchObject({ align: "Center", bold: true, fontSize: 16 });
    expect(String(list.rows[0][0]?.value)).toMatch(/^关于渝北区2024年第.批专利转化绩效奖补拟兑付名单的公示（草稿）$/);
    expect(list.merges).toContainEqual({ row: 0, column: 0, rows: 1, columns: width });
    expect(list.merges).toContainEqual({ row: 1, column: 0, rows: 1, columns: width });
    expect(list.rowHeights?.[1]).toBeGreaterThan(list.rowHeights![0] / 2);
    // The issuer and the date at the foot, right-aligned where the seal goes.
    const last = list.rows.length - 1;
    expect(list.rows[last - 1][0]).toMatchObject({ value: "重庆市渝北区市场监督管理局", align: "Right" });
    expect(list.rows[last][0]).toMatchObject({ align: "Right" });
    expect(String(list.rows[last][0]?.value)).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    const header = list.rows.findIndex((cells) => cells?.[0]?.value === "序号");
    expect(list.rows[header][4]).toMatchObject({ value: "兑付金额", align: "Right" });
    expect(list.rows[header + 2][4]?.align).toBe("Right");
    const summary = findSheet(book, SHEETS.summary)!;
    const top = summary.rows.findIndex((cells) => cells?.[0]?.value === "项目编号");
    expect(summary.rows[top][2]).toMatchObject({ value: "预算", align: "Right" });
    expect(summary.rows[top + 1][1]?.wrapText).toBe(true);
    expect(String(summary.rows[summary.rows.length - 1][0]?.value)).toMatch(/^经办人：/);
    // A second run writes the lines again over the first's: as many merged areas, none left over.
    const merges = list.merges.length;
    await balanced(excel, book);
    expect(findSheet(book, SHEETS.publicity)!.merges).toHaveLength(merges);
  });

  test("hostile text stays text: no cell written from user data becomes a formula", async () => {
    const { excel, book } = await fixture();
    await balanceOnce(excel, book);
    const publicity = sheetValues(findSheet(book, SHEETS.publicity)!).map((r) => r[1]);
    // Listed as normalised (POLICY §2 step 4: no space), and as text.
    for (const name of HOSTILE_NAMES) expect(publicity).toContain(normaliseName(name));
    for (const sheet of book.sheets) {
      sheet.rows.forEach((cells) => cells?.forEach((cell) => expect(cell?.formula).toBeUndefined()));
    }
  });

  test("a second run changes nothing but the run time, and adds no sheet or column but its 变更 saying so", async () => {
    const { excel, book } = await fixture();
    await balanceOnce(excel, book);
    const first = book.sheets.map((s) => ({ name: s.name, values: sheetValues(s), charts: s.charts.length }));
    await balanceOnce(excel, book);
    const second = book.sheets.map((s) => ({ name: s.name, values: sheetValues(s), charts: s.charts.length }));
    // The run time changes, and the list of the product's sheets gains 变更.
    const sheetsLine = (v: typeof first) => v.find((s) => s.name === SHEETS.runRecord)!.values[1];
    expect(sheetsLine(first)).toEqual([
      "本工具写入的工作表",
      "汇总、公示名单、异常清单、目标进度、累计已兑付、运行记录",
    ]);
    expect(sheetsLine(second)[1]).toBe(`${sheetsLine(first)[1]}、变更`);
    const runTime = (v: typeof first) =>
      v.map((s) =>
        s.name === SHEETS.runRecord
          ? { ...s, values: s.values.filter((r) => r[0] !== "运行时间" && r[0] !== "本工具写入的工作表") }
          : s,
      );
    expect(runTime(second.filter((s) => s.name !== SHEETS.changes))).toEqual(runTime(first));
    const changes = second.find((s) => s.name === SHEETS.changes)!;
    expect(changes.values.slice(1).map((r) => r.filter((v) => v !== ""))).toEqual([["无变化"]]);
  });

  test("batch 2 reads batch 1's moves from 汇总; re-running batch 2 reads them again, not its own", async () => {
    // P1 far over its budget, P2 and P3 unclaimed: batch 1 moves money into P1.
    const { excel, book } = await fixture({ transfers: 400, pledges: 10, hostile: false });
    const first = await balanceOnce(excel, book);
    expect(first.result?.moves.length).toBeGreaterThan(0);
    expect(first.priorMoves).toBeUndefined();
    const saved = parseSaved(book.settings[SETTINGS_KEY], policy);
    saved.options.batch = 2;
    const batch2 = () =>
      inExcel(excel, (ctx) => balanceWorkbook(ctx, policy, JSON.parse(JSON.stringify(saved)), "zh", undefined, NOW));
    const second = await batch2();
    const moved = (m: typeof second.priorMoves) => JSON.stringify(m);
    expect(second.priorMoves).toBeDefined();
    // 变更 compares each run with the result before it (batch 1, then batch 2's own): left out here.
    const values = () => book.sheets.filter((s) => s.name !== SHEETS.changes).map((s) => sheetValues(s));
    const afterSecond = values();
    // The workbook now holds batch 2's own result: its 运行记录 says batch 2, so its 汇总 is not read as earlier.
    const third = await batch2();
    expect(moved(third.priorMoves)).toBe(moved(second.priorMoves));
    expect(values()).toEqual(afterSecond);
  });

  test("a 20,000-row ledger costs at most 5 syncs, first run and second, none over 5 MB", async () => {
    const { excel, book } = await largeFixture(20_000);
    for (const round of [1, 2]) {
      excel.resetCounters();
      const run = await balanced(excel, book);
      expect(run.result.rows).toHaveLength(20_000);
      // The sheet list; used ranges with their corners; the rest in one planned read (the second time also the
      // first run's 累计已兑付, one row per payout); ~6 MB written in 2, less the second time (the outputs read back
      // and an unchanged 累计已兑付 are not sent again).
      expect([round, run.readSyncs, excel.syncs.length]).toEqual([round, ...(round === 1 ? [3, 5] : [4, 5])]);
      for (const s of excel.syncs) expect(s.requestBytes).toBeLessThan(PAYLOAD_LIMIT);
      expect(refused(excel)).toEqual([]);
    }
  }, 60_000);

  test("a 50,000-row ledger costs 7 syncs (4 read + 3 write), 8 the second time (6 + 2), none over 5 MB", async () => {
    const { excel, book } = await largeFixture(50_000);
    for (const round of [1, 2]) {
      excel.resetCounters();
      const run = await balanced(excel, book);
      expect(run.result.rows).toHaveLength(50_000);
      // 累计已兑付 holds a row per payout (50,000 here): written once, read back the second time, not sent again.
      expect([round, run.readSyncs, run.write.syncs]).toEqual([round, ...(round === 1 ? [4, 3] : [6, 2])]);
      for (const s of excel.syncs) expect(s.requestBytes).toBeLessThan(PAYLOAD_LIMIT);
      // Each write request was packed by an estimate never below what went on the wire.
      excel.syncs
        .slice(run.readSyncs)
        .forEach((s, i) => expect(s.requestBytes).toBeLessThanOrEqual(run.write.requestBytes[i]));
      expect(refused(excel)).toEqual([]);
    }
  }, 120_000);

  test("a second run sends only what changed: outputs read back are not written again", async () => {
    const { excel, book } = await fixture({ transfers: 1_000, pledges: 1_000, hostile: false });
    const first = await balanced(excel, book);
    const sentFirst = excel.syncs.slice(-first.write.syncs).reduce((n, s) => n + s.requestBytes, 0);
    const second = await balanced(excel, book);
    const sentSecond = excel.syncs.slice(-second.write.syncs).reduce((n, s) => n + s.requestBytes, 0);
    expect(sentSecond).toBeLessThan(sentFirst / 2);
  });

  test("below the sampled corner, outputs not read back are rewritten in place: a changed row comes out right", async () => {
    const spec = { transfers: 10_000, pledges: 10_000 };
    const { excel, book } = await largeFixture(20_000);
    await balanceOnce(excel, book);
    // Row 9,000 of 高校院所输出, far below the corner: a large firm, so now refused (§二(一)1).
    const sheet = findSheet(book, "高校院所输出")!;
    sheet.rows[9_000][2] = { value: "大型企业" };
    await balanceOnce(excel, book);

    const fresh = ledgerWorkbook(spec);
    fresh.getWorksheet("高校院所输出")!.getCell(9_001, 3).value = "大型企业";
    const freshBook = await fakeFromWorkbook(fresh);
    await balanceOnce(new FakeExcel(freshBook), freshBook);
    const values = (b: FakeWorkbook) =>
      b.sheets.map((s) => ({
        name: s.name,
        values: s.name === SHEETS.runRecord ? [] : normalised(sheetValues(s)),
      }));
    // The fresh workbook had no earlier result, so no 变更; the one balanced twice says what it could compare.
    expect(values(book).filter((s) => s.name !== SHEETS.changes)).toEqual(values(freshBook));
    expect(sheet.rows[9_000][14]?.value).toBe("不予兑付");
    expect(findSheet(book, SHEETS.changes)).toBeDefined();
  }, 120_000);

  test("a sheet that cannot be mapped is left untouched", async () => {
    const { excel, book } = await fixture();
    const odd = {
      ...book.sheets[0],
      id: "odd",
      name: "备忘",
      rows: [[{ value: "随手记" }], [], [{ value: 5 }]],
      merges: [],
      columnWidths: {},
    };
    book.sheets.push(odd);
    const before = JSON.stringify(odd);
    const run = await balanceOnce(excel, book);
    expect(JSON.stringify(findSheet(book, "备忘"))).toBe(before);
    expect(run.ledger.problems.map((p) => p.sheet)).toContain("备忘");
  });
});

describe("selectRef", () => {
  test("selects the cell a reason names", async () => {
    const { excel, book } = await fixture();
    await inExcel(excel, (ctx) => selectRef(ctx, { sheet: "质押融资", row: 7, column: "E" }));
    expect(book.selection).toEqual({ sheet: "质押融资", address: "E7" });
    expect(book.activeSheet).toBe("质押融资");
  });
});

describe("parseSaved", () => {
  test("keeps what is valid, defaults the rest", () => {
    const text = JSON.stringify({
      overrides: { 台账: { item: "P9", headerRow: 2, columns: { claimantName: "B", mode: "<b>" } } },
      options: { rounding: "yuan", reallocate: "yes", priority: ["P2", "X"], priorSheet: "往期" },
    });
    const saved = parseSaved(text, policy);
    expect(saved.overrides).toEqual({ 台账: { headerRow: 2, columns: { claimantName: "B" } } });
    expect(saved.options).toMatchObject({ rounding: "yuan", reallocate: true, priority: ["P2"], priorSheet: "往期" });
    expect(parseSaved("{oops", policy).overrides).toEqual({});
  });
});

describe("a clerk's sheet that bears a product sheet's name (issue 16 item 4)", () => {
  test("is kept and read; the product's goes under a tagged name, said; a second run finds it there", async () => {
    const { excel, book } = await fixture({ transfers: 4, pledges: 4, hostile: false });
    const mine = addSheet(book, SHEETS.summary);
    mine.rows = Array.from({ length: 13 }, (_, r) => [{ value: `第${r + 1}次走访记录` }, { value: r + 1 }]);
    const clerks = sheetValues(mine);
    const run = await balanced(excel, book);
    expect(run.plan.prepared.notices.map((n) => n.zh)).toContain(
      "工作表「汇总」不是本工具写入的，保留不动；本工具的汇总写在「汇总（专利转化奖补）」",
    );
    expect(sheetValues(findSheet(book, SHEETS.summary)!)).toEqual(clerks);
    const ours = findSheet(book, "汇总（专利转化奖补）")!;
    expect(sheetValues(ours).some((r) => r[0] === "合计")).toBe(true);
    expect(sheetValues(findSheet(book, SHEETS.runRecord)!)[1][0]).toBe("本工具写入的工作表");

    await balanced(excel, book);
    expect(book.sheets.map((x) => x.name).filter((n) => n.startsWith("汇总"))).toEqual([
      "汇总",
      "汇总（专利转化奖补）",
    ]);
    expect(sheetValues(findSheet(book, SHEETS.summary)!)).toEqual(clerks);
  });
});
