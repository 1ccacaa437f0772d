/**
 * What a browser test needs: the production build served on 127.0.0.1, the fake host bundled for the
 * page, and headless Chromium with every outside request answered locally (nothing leaves the machine).
 */
import { execFileSync } from "child_process";
import { existsSync, mkdirSync, promises as fs, readdirSync, rmSync, statSync, utimesSync } from "fs";
import http from "http";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { chromium, type Browser, type Page } from "playwright-core";
import webpack from "webpack";
import { main } from "../../src/cli/main";
import type { FakeHandle, FakeInit } from "../fakes/browser";
import type { FakeWorkbook } from "../fakes/model";

export const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
export const ARTIFACTS = path.join(ROOT, "test-artifacts");

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const file = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }, 0);
}

/** The pane's script and the offline page: what the browser tests load. */
const BUILT = ["functions.js", "patent-awards.html"];

/** Both pages the build writes (the pane's script and the offline page) are newer than every source file. */
function fresh(): boolean {
  const newest = newestSource(path.join(ROOT, "src"));
  return BUILT.every((file) => {
    const built = path.join(DIST, file);
    return existsSync(built) && statSync(built).mtimeMs >= newest;
  });
}

/** Held while one jest worker builds dist/: a directory, made or refused atomically. */
const BUILD_LOCK = path.join(os.tmpdir(), `patent-awards-build-${Buffer.from(ROOT).toString("hex").slice(-32)}.lock`);
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 10 * 60_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The add-in as shipped: built when dist/ is missing or older than any source file. Browser test files run in
 * parallel workers: one builds while the others wait for it, so no page is served a dist/ half written.
 */
export function ensureBuild(): void {
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const since = statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      sleep(500);
    }
  }
  try {
    if (fresh()) return;
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    // webpack leaves an output it would write unchanged as it was, older than the source just edited: marked as
    // built now, or every later run would build again.
    const now = new Date();
    for (const file of BUILT) utimesSync(path.join(DIST, file), now, now);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** test/fakes/browser.ts as one script for page.addInitScript. */
export async function bundleFake(): Promise<string> {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), "fake-excel-"));
  const compiler = webpack({
    mode: "development",
    devtool: false,
    entry: path.join(ROOT, "test/fakes/browser.ts"),
    output: { path: out, filename: "fake.js" },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: "ts-loader",
          options: { transpileOnly: true, configFile: path.join(ROOT, "tsconfig.json") },
        },
      ],
    },
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((err, stats) => {
      if (err || stats?.hasErrors()) reject(err ?? new Error(stats?.toString("errors-only")));
      else resolve();
    }),
  );
  return fs.readFile(path.join(out, "fake.js"), "utf8");
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

export async function serveDist(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = path.join(DIST, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file).then(
      (body) =>
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Playwright gives each launch a fresh temporary profile (it refuses an explicit --user-data-dir). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PaneSuite {
  browser: Browser;
  url: string;
  /** The fake host's script, for openPane. */
  fake: string;
}

/**
 * What a browser test file needs before its first test (the build, the fake host bundled, dist served, Chromium),
 * set up in beforeAll and closed in afterAll; read its fields inside the tests.
 */
export function paneSuite(): PaneSuite {
  const suite = {} as PaneSuite;
  let server: { url: string; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    ensureBuild();
    [suite.fake, server, suite.browser] = await Promise.all([bundleFake(), serveDist(), launch()]);
    suite.url = server.url;
  });
  afterAll(async () => {
    await suite.browser?.close();
    await server?.close();
  });
  return suite;
}

export interface PaneSession {
  page: Page;
  /** Requests that would have left the machine, answered locally instead. */
  outside: string[];
  dialogs: string[];
  pageErrors: string[];
}

/**
 * A page with the fake host installed. office.js (CDN or a local copy) is answered with an empty
 * script: the real one would replace the fake `Office` the init script installed.
 */
export async function openPane(browser: Browser, url: string, fake: string, init: FakeInit): Promise<PaneSession> {
  const page = await browser.newPage({
    viewport: { width: 360, height: 900 },
    deviceScaleFactor: 1,
    locale: init.displayLanguage,
  });
  const session: PaneSession = { page, outside: [], dialogs: [], pageErrors: [] };
  await page.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (target.pathname.endsWith("/office.js")) {
      if (target.hostname !== "127.0.0.1") session.outside.push(target.href);
      return route.fulfill({
        status: 200,
        contentType: "application/javascript",
        body: "/* office.js: the fake host stands in */",
      });
    }
    if (target.hostname === "127.0.0.1") return route.continue();
    session.outside.push(target.href);
    return route.fulfill({ status: 404, body: "" });
  });
  page.on("dialog", (d) => {
    session.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => session.pageErrors.push(e.message));
  await page.addInitScript({ content: `${fake};\nwindow.__installFake(${JSON.stringify(init)});` });
  await page.goto(`${url}taskpane.html`);
  return session;
}

export function fakeBook(page: Page): Promise<FakeWorkbook> {
  return page.evaluate(() => (window as unknown as { __fake: FakeHandle }).__fake.book);
}

/**
 * 一键平衡 with no publicity start, as a clerk who means a draft: the bar asks first (issue 17 item 7), and the
 * clerk goes on with a 草稿.
 */
export async function balanceDraft(page: Page): Promise<void> {
  await page.click("#balance");
  await page.click("#draft-go");
}

/** A card of the pane opened as a clerk opens it: a click on its one-line summary. */
export async function openCard(page: Page, id: string): Promise<void> {
  if (!(await page.$eval(`#${id}`, (d) => (d as HTMLDetailsElement).open))) await page.click(`#${id} > summary`);
}

export async function shot(page: Page, name: string): Promise<void> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/** The command's result for a ledger (run in-process, quietly), to compare what the pane writes with. */
export async function commandResult(ledger: string, options: string[] = []): Promise<ExcelJS.Workbook> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "command-"));
  const out = path.join(dir, "cli-result.xlsx");
  const quiet = { out: () => undefined, err: () => undefined, errIsTTY: false };
  if ((await main(["balance", ledger, "--out", out, ...options], quiet)) !== 0)
    throw new Error(`balance ${ledger} failed`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  return workbook;
}
