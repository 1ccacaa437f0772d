/**
 * Issue 18 item 1: the offline page, opened from file:// in real Chromium as a clerk opens it from a USB stick.
 * The result it downloads is the command's, cell by cell; a ledger that stops the command stops the page with the
 * same sheets, rows and assumptions; and no request leaves the machine.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { pathToFileURL } from "url";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Browser, Page } from "playwright-core";
import { main } from "../../src/cli/main";
import { FIELD_LABELS } from "../../src/ledger";
import { defaultPolicy } from "../../src/policy";
import { assumptionsOf } from "../../src/report";
import { NODE, planWorkbook, type PlannedWorkbook } from "../../src/xlsx";
import { writeBook, P4_HEADER, PAID_HEADER, pledge } from "../hostile/workbooks";
import { creditCode } from "../support/claims";
import { SAMPLE, SAMPLE_TYPOS, sampleWithTypos } from "../support/typos";
import { laterLedger } from "../support/year";
import { ensureBuild, launch, ROOT } from "./harness";

const PAGE = pathToFileURL(path.join(ROOT, "dist", "patent-awards.html")).href;

let browser: Browser;
let dir: string;

beforeAll(async () => {
  ensureBuild();
  browser = await launch();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "offline-page-"));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  /** Every request for something not in the page itself or on this disk. */
  outside: string[];
  errors: string[];
}

async function open(): Promise<Opened> {
  const context = await browser.newContext({ locale: "zh-CN", acceptDownloads: true });
  const page = await context.newPage();
  const opened: Opened = { page, outside: [], errors: [] };
  // A blob: URL is the download handed to the browser from memory; data: is inline. Anything else would leave.
  const local = (url: string) => /^(file|blob|data):/.test(url);
  page.on("request", (r) => {
    if (!local(r.url())) opened.outside.push(r.url());
  });
  await context.route("**/*", (route) =>
    local(route.request().url()) ? route.continue() : route.abort("blockedbyclient"),
  );
  page.on("pageerror", (e) => opened.errors.push(e.message));
  await page.goto(PAGE);
  return opened;
}

/** The page made no request that would leave the machine and threw nothing; then it is closed. */
async function closeQuiet({ page, outside, errors }: Opened): Promise<void> {
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}

/** The ledger chosen with the page's first file input, as a clerk picks it. */
async function chooseLedger(page: Page, file: string): Promise<void> {
  await page.locator("input[type=file]").first().setInputFiles(file);
  await page.getByText(`已读取“${path.basename(file)}”`).waitFor();
}

/** The command run in-process on the same file; its result's bytes. */
async function commandBytes(ledger: string, options: string[] = []): Promise<Buffer> {
  const out = path.join(dir, `cli-${path.basename(ledger)}`);
  const quiet = { out: () => undefined, err: () => undefined, errIsTTY: false };
  expect(await main(["balance", ledger, "--out", out, "--lang", "zh", ...options], quiet)).toBe(0);
  return fs.readFile(out);
}

interface Described {
  name?: string;
  cells: Map<string, string>;
  print: Map<string, string>;
  parts: string[];
}

/** Every cell (value and number format), every sheet's print settings and merges, and the package's parts. */
async function contents(bytes: Buffer): Promise<Described> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const cells = new Map<string, string>();
  const print = new Map<string, string>();
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        cells.set(`${ws.name}!${cell.address}`, JSON.stringify([cell.value, cell.numFmt ?? null]));
      }),
    );
    print.set(ws.name, JSON.stringify([ws.pageSetup, ws.headerFooter, ws.views, ws.model.merges]));
  }
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files)
    .filter((p) => !zip.files[p].dir)
    .sort();
  return { cells, print, parts };
}

describe("the offline page, from file://", () => {
  test("the sample ledger: the downloaded result is the command's, cell by cell; nothing leaves the machine", async () => {
    const opened = await open();
    const { page } = opened;
    await chooseLedger(page, SAMPLE);
    await page.getByText("本批兑付合计（P1–P4）").waitFor();
    const { fromPage, fromCommand } = await bothResults(page, SAMPLE);
    expect(fromPage.name).toBe("sample-ledger-结果.xlsx");
    expect(fromPage.parts.some((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toBe(true);
    expectSame(fromPage, fromCommand);
    // Why a row got its amount: the steps the command's `explain` gives for that row of its result.
    await page.selectOption("#explain-sheet", "专利质押融资");
    await page.locator("#explain-row").fill("4");
    await page.getByRole("button", { name: "说明" }).click();
    let explained = "";
    const io = { out: (s: string) => void (explained += s), err: () => undefined, errIsTTY: false };
    const result = path.join(dir, "cli-sample-ledger.xlsx");
    expect(await main(["explain", result, "专利质押融资!4", "--lang", "zh"], io)).toBe(0);
    const steps = await page.$$eval("#explain .explain-steps li", (lis) =>
      lis.map((li) => li.lastChild?.textContent ?? ""),
    );
    expect(steps.length).toBeGreaterThan(1);
    for (const step of steps) expect(explained).toContain(step);

    await closeQuiet(opened);
  }, 120_000);

  test("the command's choices: batch 2 over the batch-1 result, 元, a priority, publicity — the same workbook", async () => {
    const batch1 = path.join(dir, "batch1.xlsx");
    await fs.writeFile(batch1, await commandBytes(SAMPLE, ["--batch", "1"]));
    const ledger = await laterLedger(path.join(dir, "batch2-ledger.xlsx"), 2);
    const opened = await open();
    const { page } = opened;
    await chooseLedger(page, ledger);
    await page.locator("input[type=file]").nth(1).setInputFiles(batch1);
    await page.selectOption("#opt-batch", "2");
    await page.selectOption("#opt-rounding", "yuan");
    await page.selectOption("#opt-reallocate", "priority");
    for (const [id, value] of [
      ["#opt-priority", "P2,P4"],
      ["#opt-publicity", "2025-03-03"],
    ]) {
      await page.locator(id).fill(value);
      await page.locator(id).dispatchEvent("change");
    }
    await page.getByText("本次批次：第二批；往期兑付来源：--prior batch1.xlsx").waitFor();
    const { fromPage, fromCommand } = await bothResults(page, ledger, [
      ...["--batch", "2", "--prior", batch1, "--round", "yuan", "--priority", "P2,P4"],
      ...["--publicity-start", "2025-03-03"],
    ]);
    expectSame(fromPage, fromCommand, [batch1]);
    const publicity = [...fromPage.cells].filter(([k]) => k.startsWith("公示名单!")).map(([, v]) => v);
    expect(publicity.join()).toContain("公示期：2025年3月3日至2025年3月7日。");
    await closeQuiet(opened);
  }, 120_000);

  test("a header typo mapped on the page's sheet card is the command's --column: the same workbook", async () => {
    const { sheet, headerRow, typos } = SAMPLE_TYPOS.P4;
    const ledger = path.join(dir, "typos-P4.xlsx");
    await sampleWithTypos(ledger, sheet, headerRow, typos);
    const opened = await open();
    const { page } = opened;
    await chooseLedger(page, ledger);
    // One click per missing column: the header the reader found nearest (the pane's 采用建议).
    for (let i = 0; i < typos.length; i++)
      await page
        .getByRole("button", { name: /^采用建议/ })
        .first()
        .click();
    await page.getByText("本批兑付合计（P1–P4）").waitFor();
    const columns = typos.flatMap((t) => ["--column", `${sheet}!${t.column}=${FIELD_LABELS[t.field].zh}`]);
    const { fromPage, fromCommand } = await bothResults(page, ledger, columns);
    expectSame(fromPage, fromCommand);
    await closeQuiet(opened);
  }, 120_000);

  test("a header typo stops the page as it stops the command: the same sheets, columns and nearest headers", async () => {
    const { sheet, headerRow, typos } = SAMPLE_TYPOS.P2;
    const ledger = path.join(dir, "typos-P2.xlsx");
    await sampleWithTypos(ledger, sheet, headerRow, typos);
    const planned = await commandPlan(ledger);
    if (planned.plan.kind !== "unreadable") throw new Error(`expected unreadable, got ${planned.plan.kind}`);

    const opened = await open();
    const { page } = opened;
    await chooseLedger(page, ledger);
    const listed = await page.locator("#balance-result .unreadable li").allInnerTexts();
    expect(listed).toHaveLength(planned.plan.sheets.length);
    planned.plan.sheets.forEach((p, i) => {
      expect(planned.printed).toContain(p.zh);
      expect(listed[i]).toContain(p.zh);
    });
    for (const t of typos) expect(listed.join("\n")).toContain(`“${t.typo}”`);
    expect(await page.getByRole("button", { name: "下载结果" }).isDisabled()).toBe(true);
    await expectAssumptions(page, planned);
    await closeQuiet(opened);
  }, 120_000);

  test("an earlier payout that cannot be read blocks the page: the same rows, and the assumptions taken", async () => {
    const ledger = path.join(dir, "blocked.xlsx");
    await writeBook(ledger, [
      { name: "专利质押融资", rows: [P4_HEADER, pledge(1, 500), pledge(2, 300)] },
      {
        name: "已兑付",
        rows: [PAID_HEADER, ["P4", "重庆质押企业9有限公司", creditCode(4009), "三万元", "Y2024000009"]],
      },
    ]);
    const planned = await commandPlan(ledger);
    if (planned.plan.kind !== "blocked") throw new Error(`expected blocked, got ${planned.plan.kind}`);
    const { blocking } = planned.plan.prepared;

    const opened = await open();
    const { page } = opened;
    await chooseLedger(page, ledger);
    const rows = await page.locator("#balance-result .blocking li").allInnerTexts();
    expect(rows).toHaveLength(blocking.length);
    blocking.forEach((b, i) => {
      const cell = `${b.sheet}!${b.column ?? ""}${b.row}`;
      expect(planned.printed).toContain(`${cell}${b.header ? `（${b.header}）` : ""}: ${b.zh}`);
      expect(rows[i]).toContain(cell);
      expect(rows[i]).toContain(b.zh);
    });
    expect(assumptionsOf(planned.plan.prepared.ledger).length).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: "下载结果" }).isDisabled()).toBe(true);
    await expectAssumptions(page, planned);
    await closeQuiet(opened);
  }, 120_000);
});

/**
 * The command refuses the ledger (exit 2) and prints why; its plan (the command's own pipeline, in Node) says the
 * same, item by item, for the page to be compared with.
 */
async function commandPlan(ledger: string): Promise<PlannedWorkbook & { printed: string }> {
  let printed = "";
  const io = { out: () => undefined, err: (s: string) => void (printed += s), errIsTTY: false };
  expect(await main(["balance", ledger, "--lang", "zh"], io)).toBe(2);
  const planned = await planWorkbook(
    {
      ledger: { name: ledger, data: await fs.readFile(ledger) },
      input: path.basename(ledger),
      policy: defaultPolicy(),
      choices: { sheets: {}, options: {} },
      lang: "zh",
      time: new Date(),
      engineVersion: "test",
    },
    NODE,
  );
  return { ...planned, printed };
}

/** The assumptions the page lists are the plan's, every one, in order. */
async function expectAssumptions(page: Page, planned: PlannedWorkbook): Promise<void> {
  const expected = assumptionsOf(planned.plan.prepared.ledger).map((a) => a.zh);
  expect(await page.locator("#assumptions .assumptions li").allInnerTexts()).toEqual(expected);
}

/** 下载结果 on the page, and the command on the same ledger with the same choices: both results read. */
async function bothResults(
  page: Page,
  ledger: string,
  options: string[] = [],
): Promise<{ fromPage: Described; fromCommand: Described }> {
  const button = page.getByRole("button", { name: "下载结果" });
  expect(await button.isEnabled()).toBe(true);
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const fromPage = {
    ...(await contents(await fs.readFile(await download.path()))),
    name: download.suggestedFilename(),
  };
  return { fromPage, fromCommand: await contents(await commandBytes(ledger, options)) };
}

/**
 * The same parts, print settings and cells; of the cells only the run's time may differ (each wrote its own). A file
 * given to the command by its path (`paths`) is named on the page by its name alone, as the clerk chose it.
 */
function expectSame(fromPage: Described, fromCommand: Described, paths: string[] = []): void {
  expect(fromPage.parts).toEqual(fromCommand.parts);
  expect([...fromPage.print]).toEqual([...fromCommand.print]);
  expect([...fromPage.cells.keys()]).toEqual([...fromCommand.cells.keys()]);
  const asNamed = (v: string | undefined) =>
    paths.reduce((text, p) => text?.split(JSON.stringify(p).slice(1, -1)).join(path.basename(p)), v);
  const label = (key: string) => JSON.parse(fromPage.cells.get(key.replace(/^运行记录!B/, "运行记录!A")) ?? "[]")[0];
  const differ = [...fromPage.cells.keys()].filter((k) => fromPage.cells.get(k) !== asNamed(fromCommand.cells.get(k)));
  // Written to the second: the same when both ran within it.
  const isTime = (k: string) => k.startsWith("运行记录!B") && label(k) === "运行时间";
  expect(differ.filter((k) => !isTime(k))).toEqual([]);
  expect(fromPage.cells.size).toBeGreaterThan(500);
}
