/**
 * Issue 15 item 4 in the task pane (headless Chromium, production build): batch 2's workbook with batch 1's
 * 累计已兑付 copied in. Before 一键平衡 the pane says which batch this is and what each item paid and moved before —
 * the figures the command takes from the same file — and the balance writes what the command writes for batch 2.
 */

import { promises as fs } from "fs";
import os from "os";
import path from "path";
import Decimal from "decimal.js";
import type { Browser } from "playwright-core";
import { findSheet, sheetValues } from "../fakes/model";
import { fakeFromXlsx } from "../fakes/xlsx";
import { run } from "../cli/run";
import { copyCumulative, laterLedger, SAMPLE } from "../support/year";
import {
  balanceDraft,
  bundleFake,
  commandResult,
  ensureBuild,
  fakeBook,
  launch,
  openCard,
  openPane,
  serveDist,
  shot,
} from "./harness";

jest.setTimeout(180_000);

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
let fake: string;
let dir: string;

beforeAll(async () => {
  ensureBuild();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "pane-year-"));
  [fake, server, browser] = await Promise.all([bundleFake(), serveDist(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const PLEDGES = "专利质押融资";

test("batch 2 with batch 1's 累计已兑付 copied in: the pane shows the year before, and pays as the command", async () => {
  const first = path.join(dir, "batch1-result.xlsx");
  expect((await run("balance", SAMPLE, "--batch", "1", "--out", first)).code).toBe(0);
  const input = await copyCumulative(
    first,
    await laterLedger(path.join(dir, "batch2.xlsx"), 2),
    path.join(dir, "batch2-with-year.xlsx"),
  );
  const json = path.join(dir, "batch2.json");
  expect((await run("balance", input, "--json", json)).code).toBe(0);
  const command = JSON.parse(await fs.readFile(json, "utf8")) as {
    items: { id: string; prior: string; priorReceived: string; priorReleased: string }[];
  };

  const s = await openPane(browser, server.url, fake, { book: await fakeFromXlsx(input), displayLanguage: "zh-CN" });
  const { page } = s;
  await page.waitForSelector("#year-before table", { state: "attached" });
  await openCard(page, "year-before");
  expect(await page.textContent("#year-before .year-line")).toBe("本次批次：第二批；往期兑付来源：累计已兑付");
  const shown = await page.$$eval("#year-before tbody tr", (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")),
  );
  const money = (s: string) => new Decimal(s.replace(/,/g, "")).toFixed(2);
  for (const [id, paid, received, released] of shown) {
    const item = command.items.find((i) => i.id === id)!;
    expect([money(paid), money(received), money(released)]).toEqual([
      item.prior,
      item.priorReceived,
      item.priorReleased,
    ]);
  }
  expect(shown.map((r) => r[0])).toEqual(["P1", "P2", "P3", "P4"]);
  const [table, button] = await Promise.all([
    page.locator("#year-before").boundingBox(),
    page.locator("#balance").boundingBox(),
  ]);
  expect(table!.y + table!.height).toBeLessThanOrEqual(button!.y);
  await shot(page, "12-year-before.png");

  await balanceDraft(page);
  await page.waitForSelector("#balance-result .big");
  await page.waitForSelector("#progress", { state: "hidden" });
  const written = sheetValues(findSheet(await fakeBook(page), PLEDGES)!);
  const expected = (await commandResult(input)).getWorksheet(PLEDGES)!;
  const payoutColumn = written[2].indexOf("兑付金额(元)");
  expect(payoutColumn).toBeGreaterThan(0);
  for (let r = 4; r <= 24; r++) {
    expect([r, written[r - 1][payoutColumn]]).toEqual([r, expected.getRow(r).getCell(payoutColumn + 1).value ?? ""]);
  }
  expect(s.pageErrors).toEqual([]);
  await page.close();
});

test("the clerk chooses batch 1's result in the pane: its 累计已兑付 comes in, and the pane pays as --prior", async () => {
  const first = path.join(dir, "chosen-batch1.xlsx");
  expect((await run("balance", SAMPLE, "--batch", "1", "--out", first)).code).toBe(0);
  const ledger = await laterLedger(path.join(dir, "chosen-batch2.xlsx"), 2);
  const json = path.join(dir, "chosen-batch2.json");
  expect((await run("balance", ledger, "--prior", first, "--json", json)).code).toBe(0);
  const command = JSON.parse(await fs.readFile(json, "utf8")) as { items: { id: string; prior: string }[] };

  const base64 = (await fs.readFile(first)).toString("base64");
  const files = { [base64]: (await fakeFromXlsx(first)).sheets };
  const s = await openPane(browser, server.url, fake, {
    book: await fakeFromXlsx(ledger),
    displayLanguage: "zh-CN",
    files,
  });
  const { page } = s;
  // Before: only the workbook's own 已兑付 sheet (P4 150,000.00, P2 4,000.00).
  await page.waitForSelector("#year-before table", { state: "attached" });
  await openCard(page, "year-before");
  await openCard(page, "card-options");
  const rowOf = async (id: string) =>
    (await page.locator("#year-before tbody tr", { hasText: id }).textContent())?.replace(/\s+/g, " ");
  expect(await rowOf("P4")).toBe("P4150,000.000.000.00");

  // A file that is no result of this tool: said, nothing inserted.
  await page.setInputFiles("#opt-earlier-file", SAMPLE);
  await page.waitForSelector("#earlier-file-result .message-bad");
  expect(await page.textContent("#earlier-file-result")).toContain("没有累计已兑付表");
  expect((await fakeBook(page)).sheets.map((x) => x.name)).not.toContain("累计已兑付");

  await page.setInputFiles("#opt-earlier-file", first);
  await page.waitForSelector("#year-before table");
  expect(await page.textContent("#earlier-file-result")).toContain("已从“chosen-batch1.xlsx”读入累计已兑付表");
  expect(await page.textContent("#year-before .year-line")).toContain("第二批");
  const shown = await page.$$eval("#year-before tbody tr", (trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")),
  );
  expect(shown.map(([id, paid]) => [id, new Decimal(paid.replace(/,/g, "")).toFixed(2)])).toEqual(
    command.items.slice(0, 4).map((i) => [i.id, i.prior]),
  );

  await balanceDraft(page);
  await page.waitForSelector("#balance-result .big");
  await page.waitForSelector("#progress", { state: "hidden" });
  const written = sheetValues(findSheet(await fakeBook(page), PLEDGES)!);
  const expected = (await commandResult(ledger, ["--prior", first])).getWorksheet(PLEDGES)!;
  const payoutColumn = written[2].indexOf("兑付金额(元)");
  for (let r = 4; r <= 24; r++) {
    expect([r, written[r - 1][payoutColumn]]).toEqual([r, expected.getRow(r).getCell(payoutColumn + 1).value ?? ""]);
  }

  // Chosen again, the sheet already here is not replaced.
  await page.setInputFiles("#opt-earlier-file", first);
  await page.waitForSelector("#earlier-file-result .message-bad");
  expect(await page.textContent("#earlier-file-result")).toContain("本工作簿已有累计已兑付表");
  expect(s.pageErrors).toEqual([]);
  // Nothing leaves the machine but the office.js the page names, answered locally.
  expect(s.outside.filter((u) => !u.endsWith("/office.js"))).toEqual([]);
  await page.close();
});
