/**
 * The shared-runtime page's one script and its on-demand chunk (issue 19 item 1): a runtime started hidden has its
 * custom functions and the ribbon's command from functions.js alone and fetches the pane (pane.js) only when the pane
 * is shown; a pane whose chunk cannot be fetched says so in both languages.
 */
import path from "path";
import type { Page } from "playwright-core";
import type { FakeHandle, FakeInit } from "../fakes/browser";
import { fakeFromXlsx } from "../fakes/xlsx";
import { ROOT, paneSuite } from "./harness";

// As the other browser suites: the fake host is bundled and Chromium launched before the first test, which takes
// more than jest's 5 s when other builds share the machine's two cores.
jest.setTimeout(180_000);

const suite = paneSuite();
const SAMPLE = path.join(ROOT, "examples", "sample-ledger.xlsx");

type PageWindow = { __fake: FakeHandle; __functions: string[] };

/** The page with the fake host, recording the custom functions associated; `pane` answers pane.js, or 404 when false. */
async function open(init: FakeInit, pane = true): Promise<{ page: Page; fetched: string[] }> {
  const page = await suite.browser.newPage();
  const fetched: string[] = [];
  await page.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (target.pathname.endsWith("/office.js")) return route.fulfill({ status: 200, body: "" });
    if (target.hostname !== "127.0.0.1") return route.fulfill({ status: 404, body: "" });
    fetched.push(target.pathname.slice(1));
    if (!pane && target.pathname.endsWith("/pane.js")) return route.fulfill({ status: 404, body: "" });
    return route.continue();
  });
  await page.addInitScript({
    content:
      `${suite.fake};\nwindow.__installFake(${JSON.stringify(init)});\n` +
      "window.__functions = []; CustomFunctions.associate = (id) => window.__functions.push(id);",
  });
  await page.goto(`${suite.url}taskpane.html`);
  return { page, fetched };
}

test("started hidden: functions and the ribbon from functions.js alone, the pane fetched when shown", async () => {
  const { page, fetched } = await open({ book: await fakeFromXlsx(SAMPLE), displayLanguage: "zh-CN", hidden: true });
  await page.waitForFunction(() => (window as unknown as PageWindow).__fake.actions.has("balanceNow"));
  expect(await page.evaluate(() => (window as unknown as PageWindow).__functions)).toContain("AWARD_TRANSFER");
  await page.waitForTimeout(300);
  expect(fetched.filter((f) => f.endsWith(".js"))).toEqual(["functions.js"]);

  await page.evaluate(() => (window as unknown as PageWindow).__fake.setVisible(true));
  await page.waitForSelector("#sheets .card", { state: "attached" });
  expect(fetched.filter((f) => f.endsWith(".js"))).toEqual(["functions.js", "pane.js"]);
  await page.close();
});

test("the pane's chunk not served: the pane says so in Chinese and English", async () => {
  const { page } = await open({ book: await fakeFromXlsx(SAMPLE), displayLanguage: "zh-CN" }, false);
  await page.waitForSelector("#notice:not([hidden])");
  const notice = await page.textContent("#notice");
  expect(notice).toContain("面板未能加载");
  expect(notice).toContain("The pane could not be loaded");
  await page.close();
});
