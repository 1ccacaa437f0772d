/**
 * How the pane's product sheets print, in headless Chromium on the production build over the fake Excel:
 * the page layout the pane queues (read back through the fake Office.js API, with its load/sync rules) is the
 * one the command-line tool writes for the same ledger, and costs no sync. Then 公示名单 and 异常清单 drawn from
 * the fake workbook's cells as a clerk sees them, for the screenshots 08 and 09.
 */
import ExcelJS from "exceljs";
import path from "path";
import type { Browser } from "playwright-core";
import { SHEETS } from "../../src/report";
import type { FakeHandle } from "../fakes/browser";
import { findSheet, sheetValues, type FakeSheet } from "../fakes/model";
import { fakeFromXlsx } from "../fakes/xlsx";
import {
  balanceDraft,
  bundleFake,
  commandResult,
  ensureBuild,
  fakeBook,
  launch,
  openPane,
  ROOT,
  serveDist,
  shot,
} from "./harness";
import { sheetHtml, sheetWidth } from "./sheetView";

jest.setTimeout(180_000);

const LEDGER = path.join(ROOT, "examples/sample-ledger.xlsx");
/**
 * The syncs of the pane's balance of the sample ledger (its reads, every write in one request, the re-read after). Measured
 * before the page layout was added to the writer, and the same after: the layout rides in the write request.
 */
const BALANCE_SYNCS = 7;

type FakeWindow = { __fake: FakeHandle };

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let fake: string;
let cliOut: ExcelJS.Workbook;

beforeAll(async () => {
  ensureBuild();
  cliOut = await commandResult(LEDGER);
  [fake, server, browser] = await Promise.all([bundleFake(), serveDist(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What a sheet prints with, read as an add-in would: load, one sync, then read. */
async function readLayouts(page: import("playwright-core").Page, names: string[]) {
  return page.evaluate(
    (sheets) =>
      (window as unknown as FakeWindow).__fake.excel.run(async (context) => {
        const loaded = sheets.map((name) => {
          const layout = context.workbook.worksheets.getItem(name).pageLayout;
          layout.load("orientation,paperSize,zoom");
          layout.headersFooters.load("state");
          return {
            name,
            layout,
            group: layout.headersFooters,
            footer: layout.headersFooters.defaultForAllPages.load("leftFooter,centerFooter,rightFooter"),
            titles: layout.getPrintTitleRowsOrNullObject().load("address"),
            area: layout.getPrintAreaOrNullObject().load("address"),
          };
        });
        // Before the sync nothing can be read, as in Office.js.
        let early = "";
        try {
          void loaded[0].layout.orientation;
        } catch (e) {
          early = (e as { code?: string }).code ?? String(e);
        }
        await context.sync();
        return loaded.map(({ name, layout, group, footer, titles, area }) => ({
          name,
          early,
          orientation: layout.orientation,
          paperSize: layout.paperSize,
          zoom: layout.zoom,
          state: group.state,
          footer: [footer.leftFooter, footer.centerFooter, footer.rightFooter],
          titles: titles.isNullObject ? null : titles.address,
          area: area.isNullObject ? null : area.address,
        }));
      }),
    names,
  );
}

/** The 1-based row holding a table's header: the last row the command's print titles repeat. */
function cliTitleRows(name: string): number {
  const titles = cliOut.getWorksheet(name)!.pageSetup.printTitlesRow!;
  const [first, last] = titles.split(":").map(Number);
  expect(first).toBe(1);
  return last;
}

async function sheetShot(sheet: FakeSheet, file: string): Promise<void> {
  const view = await browser.newPage({ viewport: { width: sheetWidth(sheet), height: 400 }, deviceScaleFactor: 1 });
  await view.route("**/*", (route) => route.fulfill({ status: 404, body: "" }));
  await view.setContent(sheetHtml(sheet));
  await view.evaluate(() => document.fonts.ready);
  await shot(view, file);
  await view.close();
}

test("every product sheet prints as the command's: A4, one page wide, titles and header on each page, numbered; no sync added", async () => {
  const book = await fakeFromXlsx(LEDGER);
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  const { page } = s;
  await page.waitForSelector("#sheets .card", { state: "attached" });
  const before = await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length);
  await balanceDraft(page);
  await page.waitForSelector("#balance-result .big");
  await page.waitForSelector("#progress", { state: "hidden" });
  const syncs = await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs);
  expect(syncs.length - before).toBe(BALANCE_SYNCS);

  const printed = [SHEETS.publicity, SHEETS.summary];
  const layouts = await readLayouts(page, printed);
  for (const got of layouts) {
    const last = cliTitleRows(got.name);
    const cli = cliOut.getWorksheet(got.name)!;
    expect(got).toEqual({
      name: got.name,
      early: "PropertyNotLoaded",
      orientation: "Landscape",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      state: "Default",
      footer: ["", "第 &P 页，共 &N 页", ""],
      // The title lines and the header: rows 1 to the header's, whole rows.
      titles: `${got.name}!1:${last}`,
      // The table's own cells, not the chart beside 汇总: the command's print area, cell for cell.
      area: `${got.name}!${cli.pageSetup.printArea}`,
    });
    expect(cli.pageSetup.printArea).toMatch(/^A1:[A-Z]+\d+$/);
    // The print area ends at the table's last used row: 汇总's sign-off line, 公示名单's date where the seal goes.
    const lastRow = Number(/\d+$/.exec(cli.pageSetup.printArea!)![0]);
    expect(String(cli.getRow(lastRow).getCell(1).value)).toMatch(
      got.name === SHEETS.summary ? /^经办人/ : /^\d{4}年\d{1,2}月\d{1,2}日$/,
    );
    // The command's workbook says the same in its own terms (exceljs): paper 9 is A4, fit 1 wide by 0 (auto) tall.
    expect(cli.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, fitToWidth: 1, fitToHeight: 0 });
    expect(cli.headerFooter.oddFooter).toBe(`&C${got.footer[1]}`);
  }

  // The last print title row is the header, in the pane's sheet as in the command's.
  const after = await fakeBook(page);
  for (const name of printed) {
    const values = sheetValues(findSheet(after, name)!);
    const header = values[cliTitleRows(name) - 1].filter((v) => v !== "");
    expect(header.length).toBeGreaterThan(3);
    expect(findSheet(after, name)!.rows[cliTitleRows(name) - 1]?.[0]?.bold).toBe(true);
  }
  // 公示名单 has title lines above its header; they repeat too.
  expect(cliTitleRows(SHEETS.publicity)).toBeGreaterThan(1);
  // Every other product sheet prints by the same rule in the pane as in the command's file (report/print.ts).
  const others = await readLayouts(page, [SHEETS.exceptions, SHEETS.targets, SHEETS.runRecord]);
  for (const got of others) {
    const cli = cliOut.getWorksheet(got.name)!;
    expect(got).toMatchObject({
      orientation: cli.pageSetup.orientation === "landscape" ? "Landscape" : "Portrait",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      footer: ["", "第 &P 页，共 &N 页", ""],
      titles: `${got.name}!1:${cliTitleRows(got.name)}`,
    });
    // As wide as the command's (运行记录 holds a line or two more in the command's: the file's SHA-256…).
    const columns = (area: string) => /!?A1:([A-Z]+)\d+$/.exec(area)![1];
    expect(columns(got.area!)).toBe(columns(cli.pageSetup.printArea!));
  }
  // 运行记录, a label beside its value, prints portrait; 异常清单 turns the page.
  expect(others.map((o) => o.orientation)).toEqual(["Landscape", "Landscape", "Portrait"]);

  // A second balance rewrites the sheets in place: the same layout, the same syncs.
  const beforeSecond = await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length);
  await balanceDraft(page);
  await page.waitForSelector("#balance-result .big");
  await page.waitForSelector("#progress", { state: "hidden" });
  const second = await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length);
  expect(second - beforeSecond).toBe(BALANCE_SYNCS);
  expect(await readLayouts(page, printed)).toEqual(layouts);
  expect(s.pageErrors).toEqual([]);

  // As a clerk sees them: 公示名单 and 异常清单 from the pane's cells.
  const final = await fakeBook(page);
  await sheetShot(findSheet(final, SHEETS.publicity)!, "08-publicity-sheet.png");
  await sheetShot(findSheet(final, SHEETS.exceptions)!, "09-exceptions-sheet.png");
  await page.close();
});
