/**
 * The task pane end to end, in headless Chromium on the production build, over the fake Excel holding
 * the sample ledger (with hostile text added): mapping → check → balance, compared cell by cell with
 * what `patent-awards balance` writes for the same workbook; a second run; English; the ribbon command.
 */
import ExcelJS from "exceljs";
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import type { Browser } from "playwright-core";
import { SETTINGS_KEY } from "../../src/excel";
import { SHEETS } from "../../src/report";
import type { FakeHandle } from "../fakes/browser";
import { sheetValues, type FakeWorkbook, type Scalar } from "../fakes/model";
import { fakeFromXlsx } from "../fakes/xlsx";
import {
  balanceDraft,
  commandResult,
  bundleFake,
  ensureBuild,
  fakeBook,
  launch,
  openCard,
  openPane,
  ROOT,
  serveDist,
  shot,
  type PaneSession,
} from "./harness";

jest.setTimeout(180_000);

const HOSTILE_SHEET = "<img src=x onerror=__xss=2>";
const HOSTILE = {
  formula: "=cmd|' /C calc'!A0",
  script: "<script>window.__xss=1</script>",
  img: "<img src=x onerror=__xss=3>",
};
/** 运行记录 rows that differ by nature between a file run and a pane run. */
const RUN_SPECIFIC = ["运行时间", "输入文件", "输入文件 SHA-256", "程序版本", "图表"];

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let fake: string;
let ledgerFile: string;
let cliOut: ExcelJS.Workbook;

/** The sample ledger with hostile names in three claims and a hostile sheet the reader cannot map. */
async function hostileLedger(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(ROOT, "examples/sample-ledger.xlsx"));
  const sheet = wb.worksheets[0];
  sheet.getCell("B4").value = HOSTILE.formula;
  sheet.getCell("B5").value = HOSTILE.script;
  sheet.getCell("B6").value = HOSTILE.img;
  const odd = wb.addWorksheet(HOSTILE_SHEET);
  odd.addRow([HOSTILE.script, "随手记"]);
  const file = path.join(dir, "hostile-ledger.xlsx");
  await wb.xlsx.writeFile(file);
  return file;
}

function excelValue(cell: ExcelJS.Cell): Scalar {
  if (cell.isMerged && cell.master !== cell) return "";
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return (v.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
  if (typeof v === "object" && "result" in v) return (v.result as Scalar) ?? "";
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  return v as Scalar;
}

function trim(grid: Scalar[][], width = Infinity): Scalar[][] {
  const rows = grid.map((r) => {
    const line = r.slice(0, width);
    while (line.length && line[line.length - 1] === "") line.pop();
    return line;
  });
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  return rows;
}

function cliValues(ws: ExcelJS.Worksheet): Scalar[][] {
  const out: Scalar[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const line: Scalar[] = [];
    for (let c = 1; c <= ws.columnCount; c++) line.push(excelValue(ws.getCell(r, c)));
    out.push(line);
  }
  return out;
}

function withoutRunSpecific(name: string, grid: Scalar[][]): Scalar[][] {
  return name === SHEETS.runRecord ? grid.filter((r) => !RUN_SPECIFIC.includes(String(r[0]))) : grid;
}

/** Every sheet as the pane left it, against the command-line tool's output for the same ledger. */
function expectSameAsCli(book: FakeWorkbook): void {
  expect(book.sheets.map((s) => s.name)).toEqual(cliOut.worksheets.map((w) => w.name));
  for (const sheet of book.sheets) {
    const pane = trim(sheetValues(sheet));
    const cli = trim(cliValues(cliOut.getWorksheet(sheet.name)!));
    expect({ sheet: sheet.name, values: withoutRunSpecific(sheet.name, pane) }).toEqual({
      sheet: sheet.name,
      values: withoutRunSpecific(sheet.name, cli),
    });
  }
}

async function waitForBalance(s: PaneSession): Promise<void> {
  await s.page.waitForSelector("#balance-result .big");
  await s.page.waitForSelector("#progress", { state: "hidden" });
}

beforeAll(async () => {
  ensureBuild();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pane-"));
  ledgerFile = await hostileLedger(dir);
  // The options the pane is given in the first test: a priority order and the K5/K10 inputs.
  cliOut = await commandResult(ledgerFile, [
    "--priority",
    "P4,P1,P2,P3",
    "--valid-patents",
    "1000",
    "--survey",
    "45/50",
  ]);
  [fake, server, browser] = await Promise.all([bundleFake(), serveDist(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("mapping → check → balance in Chinese writes what the command-line tool writes; hostile text stays inert", async () => {
  const book = await fakeFromXlsx(ledgerFile);
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  const { page } = s;

  // 1. Mapping: every ledger sheet gets a card; the columns open as dropdowns; the mapping is saved.
  await page.waitForSelector("#sheets .card", { state: "attached" });
  expect(await page.textContent("#step-mapping")).toBe("① 工作表与列");
  await openCard(page, "card-mapping");
  await page.click("#sheet-0 summary");
  await page.focus("#map-0-f-claimantName");
  await shot(page, "01-mapping.png");
  await page.click("#save-mapping");
  await page.waitForFunction(() => document.getElementById("mapping-status")?.textContent !== "");
  const saved = (await fakeBook(page)).settings[SETTINGS_KEY];
  expect(JSON.parse(saved as string)).toMatchObject({ options: { reallocate: true } });

  // 2. Check: problems listed with their cells; clicking one selects that cell in Excel.
  await openCard(page, "card-check");
  await page.click("#check");
  await page.waitForSelector("#check-result .problems");
  const first = page
    .locator("#check-result .problem", { has: page.locator(".where", { hasText: /![A-Z]+\d+/ }) })
    .first();
  const where = (await first.locator(".where").textContent())!;
  await first.click();
  await page.waitForFunction(() => (window as unknown as { __fake: FakeHandle }).__fake.book.selection !== undefined);
  const selection = (await fakeBook(page)).selection!;
  expect(where.startsWith(`${selection.sheet}!${selection.address}`)).toBe(true);
  await shot(page, "02-check.png");
  // The sample's notes sheet (填表说明) is marked as no ledger on its card and is not listed as a problem.
  const notesCard = page.locator("#sheets .card", { hasText: "填表说明" });
  expect(await notesCard.locator(".badge").textContent()).toBe("不是台账");
  expect(await page.textContent("#check-result")).not.toContain("填表说明");

  // 3. Balance with the command's options (a priority order, K5 and K10 inputs): progress, then the totals;
  // the workbook holds exactly what the CLI writes.
  await openCard(page, "card-options");
  await page.selectOption("#opt-rule", "priority");
  await page.fill("#opt-priority", "P4,P1,P2,P3");
  await page.dispatchEvent("#opt-priority", "change");
  for (const [id, value] of [
    ["#opt-valid-patents", "1000"],
    ["#opt-survey-satisfied", "45"],
    ["#opt-survey-answered", "50"],
  ]) {
    await page.fill(id, value);
    await page.dispatchEvent(id, "change");
  }
  await balanceDraft(page);
  await waitForBalance(s);
  await shot(page, "03-balance.png");
  const afterFirst = await fakeBook(page);
  expectSameAsCli(afterFirst);
  const syncs = await page.evaluate(() => (window as unknown as { __fake: FakeHandle }).__fake.excel.syncs);
  expect(syncs.every((x) => x.requestBytes < 5 * 1024 * 1024)).toBe(true);

  // 4. A second run changes nothing but the run time, and its 变更 sheet (new: there was an earlier result) says so.
  await balanceDraft(page);
  await waitForBalance(s);
  const afterSecond = await fakeBook(page);
  const values = (b: FakeWorkbook) =>
    b.sheets.map((x) => ({ name: x.name, charts: x.charts.length, v: withoutRunSpecific(x.name, sheetValues(x)) }));
  expect(afterFirst.sheets.some((x) => x.name === SHEETS.changes)).toBe(false);
  const changes = afterSecond.sheets.find((x) => x.name === SHEETS.changes)!;
  const changeLines = sheetValues(changes).slice(1);
  expect(changeLines.map((r) => r.filter((v) => v !== ""))).toEqual([["无变化"]]);
  // The product's mark in 运行记录 lists the sheets it wrote: 变更 now among them.
  const listed = (b: FakeWorkbook) => sheetValues(b.sheets.find((x) => x.name === SHEETS.runRecord)!)[1];
  expect(listed(afterSecond)).toEqual(["本工具写入的工作表", `${listed(afterFirst)[1]}、变更`]);
  const unlisted = (b: FakeWorkbook) =>
    values(b).map((x) => (x.name === SHEETS.runRecord ? { ...x, v: x.v.filter((_, r) => r !== 1) } : x));
  expect(unlisted(afterSecond).filter((x) => x.name !== SHEETS.changes)).toEqual(unlisted(afterFirst));
  expect(await page.textContent("#balance-result")).toContain("变更：无变化");

  // 5. Hostile text: intact in the cells, shown as text in the pane, nothing ran.
  const claims = sheetValues(afterSecond.sheets[0]).map((r) => r[1]);
  expect(claims).toEqual(expect.arrayContaining(Object.values(HOSTILE)));
  for (const sheet of afterSecond.sheets) {
    for (const cells of sheet.rows) for (const cell of cells ?? []) expect(cell?.formula).toBeUndefined();
  }
  const dom = await page.evaluate(() => ({
    injected: document.querySelectorAll("main img, main script, header img, header script").length,
    xss: (window as unknown as { __xss?: number }).__xss,
    text: document.body.textContent ?? "",
  }));
  expect(dom.injected).toBe(0);
  expect(dom.xss).toBeUndefined();
  expect(dom.text).toContain(HOSTILE_SHEET);
  expect(s.dialogs).toEqual([]);
  expect(s.pageErrors).toEqual([]);
  expect(afterSecond.sheets.find((x) => x.name === HOSTILE_SHEET)!.rows).toEqual(
    book.sheets.find((x) => x.name === HOSTILE_SHEET)!.rows,
  );
  // Nothing left the machine: the only outside request was the office.js CDN, answered locally.
  expect(s.outside.every((u) => u.startsWith("https://appsforoffice.microsoft.com/"))).toBe(true);

  // 6. Publicity: a start date gives the end date (5 working days); balanced with it, 公示名单 is the notice, no
  // longer a draft, with its period in Chinese dates and the start as its date at the foot.
  const draft = sheetValues((await fakeBook(page)).sheets.find((x) => x.name === SHEETS.publicity)!);
  expect(draft[0][0]).toMatch(/（草稿）$/);
  await page.fill("#publicity-start", "2024-09-27");
  await page.dispatchEvent("#publicity-start", "change");
  expect(await page.textContent("#publicity-end")).toContain("2024-10-09");
  await page.click("#balance");
  // Done when the list written is no longer the draft (the pane's result block stands from the balance before).
  await page.waitForFunction((name) => {
    const sheet = (window as unknown as { __fake: FakeHandle }).__fake.book.sheets.find((x) => x.name === name);
    return !String(sheet?.rows[0]?.[0]?.value ?? "").endsWith("（草稿）");
  }, SHEETS.publicity);
  await waitForBalance(s);
  const publicity = sheetValues((await fakeBook(page)).sheets.find((x) => x.name === SHEETS.publicity)!);
  expect(publicity[0][0]).toMatch(/^关于渝北区2024年第.批专利转化绩效奖补拟兑付名单的公示$/);
  expect(publicity.map((r) => r[0])).toContain("公示期：2024年9月27日至2024年10月9日。");
  expect(publicity[publicity.length - 1][0]).toBe("2024年9月27日");
  await shot(page, "04-publicity.png");
  await page.close();
});

test("the pane speaks English when Office does", async () => {
  const s = await openPane(browser, server.url, fake, {
    book: await fakeFromXlsx(ledgerFile),
    displayLanguage: "en-US",
  });
  await s.page.waitForSelector("#sheets .card", { state: "attached" });
  expect(await s.page.textContent("#balance")).toBe("Balance now");
  await s.page.click("#balance");
  expect(await s.page.textContent("#draft-prompt")).toContain("will be a draft (草稿)");
  await s.page.click("#draft-go");
  await waitForBalance(s);
  await shot(s.page, "05-english.png");
  expect(s.pageErrors).toEqual([]);
  await s.page.close();
});

test("the ribbon's 一键平衡 balances with the saved options, no pane", async () => {
  const book = await fakeFromXlsx(ledgerFile);
  book.settings[SETTINGS_KEY] = JSON.stringify({ overrides: {}, options: { rounding: "yuan", reallocate: false } });
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  await s.page.waitForFunction(() => (window as unknown as { __fake: FakeHandle }).__fake.actions.has("balanceNow"));
  await s.page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const handle = (window as unknown as { __fake: FakeHandle }).__fake;
        void handle.actions.get("balanceNow")!({ completed: resolve });
      }),
  );
  const after = await fakeBook(s.page);
  const shown = await s.page.evaluate(() => (window as unknown as { __fake: FakeHandle }).__fake.shownAsTaskpane);
  expect(shown).toBe(0);
  const record = sheetValues(after.sheets.find((x) => x.name === SHEETS.runRecord)!);
  expect(record).toEqual(
    expect.arrayContaining([
      ["资金调剂", "否"],
      ["取整", "到元"],
    ]),
  );
  const payouts = sheetValues(after.sheets.find((x) => x.name === SHEETS.publicity)!)
    .slice(1)
    .map((r) => r[4])
    .filter((v): v is number => typeof v === "number");
  expect(payouts.length).toBeGreaterThan(0);
  for (const p of payouts) expect(Number.isInteger(p)).toBe(true);
  await s.page.close();
});

test("an earlier payout that cannot be read blocks the balance in the pane and on the ribbon; nothing is written", async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(ledgerFile);
  // CASES #24: an item the notice does not have, in the sheet of earlier payouts.
  wb.getWorksheet("已兑付")!.getCell("A3").value = "其他";
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pane-blocked-"));
  const file = path.join(dir, "blocked.xlsx");
  await wb.xlsx.writeFile(file);
  const book = await fakeFromXlsx(file);
  const before = JSON.stringify(book.sheets.map((x) => ({ name: x.name, v: sheetValues(x) })));
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  const { page } = s;

  // Shown as soon as the workbook is read: the row, its cell, what is expected.
  await page.waitForSelector("#balance-result .blocking .problem");
  const listed = await page.textContent("#balance-result");
  expect(listed).toContain("已兑付!A3");
  expect(listed).toContain("奖补项目“其他”无法识别");

  // The balance re-reads and refuses: the list again, no totals, nothing written.
  await page.click("#balance");
  await page.waitForSelector("#progress", { state: "hidden" });
  expect(await page.locator("#balance-result .big").count()).toBe(0);
  await page.waitForSelector("#balance-result .blocking .problem");
  await shot(page, "06-blocked.png");
  const after = await fakeBook(page);
  expect(JSON.stringify(after.sheets.map((x) => ({ name: x.name, v: sheetValues(x) })))).toBe(before);

  // Jump to the cell.
  await page.click("#balance-result .blocking .problem");
  await page.waitForFunction(() => (window as unknown as { __fake: FakeHandle }).__fake.book.selection !== undefined);
  expect((await fakeBook(page)).selection).toMatchObject({ sheet: "已兑付", address: "A3" });

  // The ribbon refuses too, and opens the pane to say why.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const handle = (window as unknown as { __fake: FakeHandle }).__fake;
        void handle.actions.get("balanceNow")!({ completed: resolve });
      }),
  );
  expect(await page.evaluate(() => (window as unknown as { __fake: FakeHandle }).__fake.shownAsTaskpane)).toBe(1);
  const afterRibbon = await fakeBook(page);
  expect(JSON.stringify(afterRibbon.sheets.map((x) => ({ name: x.name, v: sheetValues(x) })))).toBe(before);
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

test("selecting a balanced row explains its amount step by step; a duplicate's reason goes to the row it kept", async () => {
  const book = await fakeFromXlsx(ledgerFile);
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  const { page } = s;
  await page.waitForSelector("#sheets .card", { state: "attached" });
  await balanceDraft(page);
  await waitForBalance(s);
  const syncsBefore = await page.evaluate(
    () => (window as unknown as { __fake: FakeHandle }).__fake.excel.syncs.length,
  );

  // A capped, pro-rata row of P4: the explanation ends at the payout the sheet shows.
  const sheet = sheetValues((await fakeBook(page)).sheets.find((x) => x.name === "专利质押融资")!);
  const payoutColumn = sheet.findIndex((r) => r.includes("兑付金额(元)"));
  const header = sheet[payoutColumn];
  const payout = sheet[4][header.indexOf("兑付金额(元)")] as number;
  await page.evaluate(() => (window as unknown as { __fake: FakeHandle }).__fake.excel.select("专利质押融资", "C5"));
  await page.waitForSelector("#explain .explain-steps li");
  const text = (await page.textContent("#explain"))!;
  expect(text).toContain("专利质押融资!5");
  expect(text).toContain(payout.toLocaleString("en-US", { minimumFractionDigits: 2 }));
  expect(text).toContain("§二(一)4");
  expect(await page.locator("#explain .explain-steps li").count()).toBeGreaterThanOrEqual(3);
  await shot(page, "07-explain.png");
  // The selection listener costs no sync.
  const syncsAfter = await page.evaluate(() => (window as unknown as { __fake: FakeHandle }).__fake.excel.syncs.length);
  expect(syncsAfter).toBe(syncsBefore);

  // A duplicate: its reason is a button to the row that kept the patent.
  await page.evaluate(() =>
    (window as unknown as { __fake: FakeHandle }).__fake.excel.select("高校院所输出专利", "B8"),
  );
  await page.waitForSelector("#explain .problems .problem");
  expect(await page.textContent("#explain")).toContain("重复");
  await page.click("#explain .problems .problem >> nth=0");
  await page.waitForFunction(
    () => (window as unknown as { __fake: FakeHandle }).__fake.book.selection?.address.endsWith("9") ?? false,
  );
  expect((await fakeBook(page)).selection!.sheet).toBe("高校院所输出专利");

  // A claimant corrects one cell (row 5's financing) and the batch is balanced again: the pane lists what changed,
  // that row among them, each a click away.
  await page.evaluate(() => {
    const book = (window as unknown as { __fake: FakeHandle }).__fake.book;
    const rows = book.sheets.find((x) => x.name === "专利质押融资")!.rows;
    const amount = rows[2].findIndex((c) => String(c?.value ?? "").startsWith("融资金额"));
    rows[4][amount] = { value: 500 };
  });
  await balanceDraft(page);
  await waitForBalance(s);
  const changed = await page.locator("#balance-result .changes .where").allTextContents();
  expect(changed.some((w) => w.startsWith("专利质押融资!5"))).toBe(true);
  expect(await page.textContent("#balance-result")).toMatch(/变更：\d+ 行/);

  // Then the clerk rounds to whole 元 and balances again: the pane read the earlier 运行记录, so 变更 names the
  // option as the cause of the payouts that moved.
  await openCard(page, "card-options");
  await page.selectOption("#opt-rounding", "yuan");
  await balanceDraft(page);
  await waitForBalance(s);
  const changes = sheetValues((await fakeBook(page)).sheets.find((x) => x.name === SHEETS.changes)!);
  const cause = changes[0].indexOf("变化原因");
  const causes = changes.slice(1).map((r) => String(r[cause] ?? ""));
  expect(causes.some((c) => /^因政策版本或运行选项变化：[\d,.]+ → [\d,]+\.00（取整）/.test(c))).toBe(true);
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

type FakeWindow = { __fake: FakeHandle; __ribbon?: Promise<void> };

test("a runtime started with the pane hidden reads nothing until the pane is shown", async () => {
  const s = await openPane(browser, server.url, fake, {
    book: await fakeFromXlsx(ledgerFile),
    displayLanguage: "zh-CN",
    hidden: true,
  });
  const { page } = s;
  await page.waitForFunction(() => (window as unknown as FakeWindow).__fake.actions.has("balanceNow"));
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length)).toBe(0);
  expect(await page.locator("#sheets .card").count()).toBe(0);

  // Shown (Office.addin.onVisibilityModeChanged and visibilitychange): read once, the cards appear.
  await page.evaluate(() => (window as unknown as FakeWindow).__fake.setVisible(true));
  await page.waitForSelector("#sheets .card", { state: "attached" });
  const afterShow = await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length);
  expect(afterShow).toBeGreaterThan(0);
  // Hidden again: nothing; shown again: read again (the workbook may have changed meanwhile).
  await page.evaluate(() => (window as unknown as FakeWindow).__fake.setVisible(false));
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length)).toBe(afterShow);
  await page.evaluate(() => (window as unknown as FakeWindow).__fake.setVisible(true));
  await page.waitForFunction((n) => (window as unknown as FakeWindow).__fake.excel.syncs.length > n, afterShow);
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

test("one balance at a time: the ribbon is refused while the pane balances, the pane while the ribbon does", async () => {
  const s = await openPane(browser, server.url, fake, {
    book: await fakeFromXlsx(ledgerFile),
    displayLanguage: "zh-CN",
  });
  const { page } = s;
  await page.waitForSelector("#sheets .card", { state: "attached" });
  await page.evaluate(() => ((window as unknown as FakeWindow).__fake.syncDelayMs = 150));

  // The pane's balance runs (slowly); its progress moves within the read, sync by sync.
  await balanceDraft(page);
  await page.waitForFunction(() => {
    const p = document.getElementById("progress") as HTMLProgressElement;
    return !p.hidden && p.value > 0 && p.value < 1;
  });
  expect(await page.textContent("#balance-status")).toMatch(/正在读取工作簿…（已完成 \d+ 次与 Excel 的交换）/);

  // The ribbon's 一键平衡 meanwhile: refused at once, no Excel.run of its own, no pane shown.
  const refused = await page.evaluate(async () => {
    const handle = (window as unknown as FakeWindow).__fake;
    const before = handle.excel.syncs.length;
    await new Promise<void>((resolve) => void handle.actions.get("balanceNow")!({ completed: resolve }));
    const progress = document.getElementById("progress") as HTMLProgressElement;
    return {
      stillRunning: !progress.hidden,
      syncs: handle.excel.syncs.length - before,
    };
  });
  expect(refused.stillRunning).toBe(true);
  expect(refused.syncs).toBeLessThanOrEqual(1); // the pane's own next sync, at most
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.shownAsTaskpane)).toBe(0);
  await waitForBalance(s);

  // The ribbon's balance runs; the pane's button is refused with a message, and works again afterwards.
  await page.evaluate(() => {
    const w = window as unknown as FakeWindow;
    w.__ribbon = new Promise<void>((resolve) => void w.__fake.actions.get("balanceNow")!({ completed: resolve }));
  });
  await balanceDraft(page);
  await page.waitForSelector("#balance-status .busy");
  expect(await page.textContent("#balance-status")).toContain("另一次平衡正在进行");
  expect(await page.isHidden("#progress")).toBe(true);
  await page.evaluate(() => (window as unknown as FakeWindow).__ribbon);
  await page.evaluate(() => ((window as unknown as FakeWindow).__fake.syncDelayMs = 0));
  await balanceDraft(page);
  await waitForBalance(s);
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

test("an Excel without ExcelApi 1.13: the pane says so, reads nothing; the ribbon opens the pane", async () => {
  const s = await openPane(browser, server.url, fake, {
    book: await fakeFromXlsx(ledgerFile),
    displayLanguage: "en-US",
    unsupported: ["ExcelApi 1.13"],
  });
  const { page } = s;
  await page.waitForSelector("#notice:not([hidden])");
  expect(await page.textContent("#notice")).toContain("ExcelApi 1.13");
  expect(await page.isDisabled("#balance")).toBe(true);
  expect(await page.isDisabled("#reload")).toBe(true);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        void (window as unknown as FakeWindow).__fake.actions.get("balanceNow")!({ completed: resolve });
      }),
  );
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.shownAsTaskpane)).toBe(1);
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.excel.syncs.length)).toBe(0);
  expect(s.pageErrors).toEqual([]);
  await page.close();
});
