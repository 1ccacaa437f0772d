/**
 * Issue 15 items 6 and 7 in the task pane, in headless Chromium on the production build: a ledger sheet with a
 * header typo blocks 一键平衡 (and the ribbon) with the sheet, the column and the header nearest to it, until the
 * column is mapped; the defaults that can change a payout stand above the balance button.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import type { Browser } from "playwright-core";
import { SETTINGS_KEY } from "../../src/excel";
import { SHEETS } from "../../src/report";
import type { FakeHandle } from "../fakes/browser";
import { addSheet, sheetValues } from "../fakes/model";
import { fakeFromXlsx } from "../fakes/xlsx";
import { SAMPLE, SAMPLE_TYPOS, sampleWithTypos } from "../support/typos";
import {
  balanceDraft,
  bundleFake,
  ensureBuild,
  fakeBook,
  launch,
  openCard,
  openPane,
  serveDist,
  shot,
} from "./harness";

jest.setTimeout(180_000);

type FakeWindow = { __fake: FakeHandle };

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let fake: string;

beforeAll(async () => {
  ensureBuild();
  [fake, server, browser] = await Promise.all([bundleFake(), serveDist(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("a header typo blocks 一键平衡 and the ribbon with the sheet, the column and its nearest header", async () => {
  const { sheet, headerRow, typos } = SAMPLE_TYPOS.P2;
  const typo = typos.find((t) => t.field === "claimantName")!;
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "pane-typo-")), "typo.xlsx");
  await sampleWithTypos(file, sheet, headerRow, [typo]);
  const book = await fakeFromXlsx(file);
  const before = JSON.stringify(book.sheets.map((x) => ({ name: x.name, v: sheetValues(x) })));
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  const { page } = s;

  // Shown as soon as the workbook is read: the sheet, its header row, the column missing, the header nearest to it.
  await page.waitForSelector("#balance-result .unreadable .problem");
  const listed = (await page.textContent("#balance-result"))!;
  expect(listed).toContain("台账工作表无法读取，不能平衡");
  expect(listed).toContain(
    `工作表“${sheet}”（P2）表头在第 3 行，缺少必需的列：申报单位（最接近的是 B 列“企业名陈”？）`,
  );
  expect(listed).toContain("采用建议");

  // The balance re-reads and refuses: the list again, no totals, nothing written.
  await page.click("#balance");
  await page.waitForSelector("#progress", { state: "hidden" });
  await page.waitForSelector("#balance-result .unreadable .problem");
  expect(await page.locator("#balance-result .big").count()).toBe(0);
  await shot(page, "10-unreadable-sheet.png");
  const serialised = async () =>
    JSON.stringify((await fakeBook(page)).sheets.map((x) => ({ name: x.name, v: sheetValues(x) })));
  expect(await serialised()).toBe(before);

  // The ribbon refuses too, and opens the pane to say why.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        void (window as unknown as FakeWindow).__fake.actions.get("balanceNow")!({ completed: resolve });
      }),
  );
  expect(await page.evaluate(() => (window as unknown as FakeWindow).__fake.shownAsTaskpane)).toBe(1);
  expect(await serialised()).toBe(before);

  // The sheet's card offers the nearest column: taken, the list goes and the balance pays the sheet's units.
  await openCard(page, "card-mapping");
  const card = page.locator("#sheets .card", { hasText: sheet });
  await card.locator("button.suggestion").click();
  await page.waitForSelector("#balance-result .unreadable", { state: "detached" });
  await balanceDraft(page);
  await page.waitForSelector("#balance-result .big");
  await page.waitForSelector("#progress", { state: "hidden" });
  const after = await fakeBook(page);
  expect(JSON.parse(after.settings[SETTINGS_KEY] as string).overrides[sheet]).toEqual({
    columns: { claimantName: "B" },
  });
  const record = sheetValues(after.sheets.find((x) => x.name === SHEETS.runRecord)!);
  expect(record).toContainEqual([`用户设定（${sheet}）`, "申报单位 → B 列"]);
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

test.each([
  [
    "zh-CN",
    "说明（请核对）",
    "工作表“专利质押融资”（P4）：无“是否获得其他财政资金支持”列，全部按“否”（未获其他财政资金支持）处理",
  ],
  [
    "en-US",
    "Assumptions (check them)",
    'Sheet "专利质押融资" (P4): no other fiscal support column; every row taken as "no"',
  ],
])("the assumptions stand above the balance button (%s), with the sheets skipped", async (language, title, line) => {
  const s = await openPane(browser, server.url, fake, { book: await fakeFromXlsx(SAMPLE), displayLanguage: language });
  const { page } = s;
  await page.waitForSelector("#assumptions .assumptions li");
  const text = (await page.textContent("#assumptions"))!;
  expect(text).toContain(title);
  expect(text).toContain(line);
  expect(text).toContain("填表说明");
  const [notes, button] = await Promise.all([
    page.locator("#assumptions").boundingBox(),
    page.locator("#balance").boundingBox(),
  ]);
  expect(notes!.y + notes!.height).toBeLessThanOrEqual(button!.y);
  expect(await page.isVisible("#assumptions .assumptions")).toBe(true);
  if (language === "zh-CN") await shot(page, "11-assumptions.png");
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

test("a clerk's own 汇总 is kept: the pane says where the product's went (issue 16 item 4)", async () => {
  const book = await fakeFromXlsx(SAMPLE);
  const mine = addSheet(book, SHEETS.summary);
  mine.rows = Array.from({ length: 13 }, (_, r) => [{ value: `第${r + 1}次走访记录` }]);
  const s = await openPane(browser, server.url, fake, { book, displayLanguage: "zh-CN" });
  const { page } = s;
  await page.waitForSelector("#sheets .card", { state: "attached" });
  await balanceDraft(page);
  await page.waitForSelector("#balance-result .big");
  expect(await page.textContent("#balance-result .notice")).toBe(
    "工作表「汇总」不是本工具写入的，保留不动；本工具的汇总写在「汇总（专利转化奖补）」",
  );
  const after = await fakeBook(page);
  expect(sheetValues(after.sheets.find((x) => x.name === SHEETS.summary)!)).toHaveLength(13);
  expect(after.sheets.some((x) => x.name === "汇总（专利转化奖补）")).toBe(true);
  await shot(page, "12-kept-sheet.png");
  expect(s.pageErrors).toEqual([]);
  await page.close();
});
