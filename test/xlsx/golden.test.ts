/**
 * The command's result, cell by cell and in every product sheet, against the one the command wrote before issue 19's
 * streaming command (test/xlsx/golden/*-result.xlsx): a writer may change how it writes, never what a clerk gets.
 * Compared as another application reads both (test/support/workbookView.ts); only 运行记录's 运行时间 may differ.
 *
 * The ledgers and results were written by `GOLDEN_WRITE=1 npx jest test/xlsx/golden.test.ts` at the last commit
 * before the writer changed; that is how a deliberate change of the result is recorded again, in a commit of its own.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { generateClaims } from "../../bench/engine.bench";
import { writeLedger } from "../../bench/cli.bench";
import { run } from "../cli/run";
import { differences, viewWorkbook, type WorkbookView } from "../support/workbookView";
import { laterLedger, SAMPLE } from "../support/year";
import { richLedger } from "./richInput";

const GOLDEN = path.join(__dirname, "golden");
const WRITE = process.env.GOLDEN_WRITE === "1";
const CONTACT = "联系人=张三;电话=023-67800000;地址=重庆市渝北区双龙大道1号";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-golden-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A ledger of the golden folder, written there first when recording. */
async function ledger(name: string, make: (file: string) => Promise<unknown>): Promise<string> {
  const file = path.join(GOLDEN, name);
  if (WRITE) await make(file);
  return file;
}

/** The command's result of `input` with `options`, compared with (or, recording, written as) `name`. */
async function expectGolden(name: string, input: string, options: string[] = []): Promise<string> {
  const out = path.join(dir, name);
  const ran = await run("balance", input, "--out", out, "--lang", "zh", ...options);
  expect(ran.err).not.toMatch(/未预期|unexpected/i);
  expect(ran.code).toBe(0);
  const golden = path.join(GOLDEN, name);
  if (WRITE) await fs.copyFile(out, golden);
  expectSame(await viewWorkbook(await fs.readFile(out)), await viewWorkbook(await fs.readFile(golden)));
  return out;
}

/**
 * What exceljs's writer altered in the clerk's sheets, which the result now keeps as the clerk wrote it, read as a clerk
 * sees it: page numbers from 1 (exceljs wrote `useFirstPageNumber="1"` beside `firstPageNumber="1"` on every sheet; a
 * page setup without it numbers from 1 all the same); a merge of one cell, which merges nothing (exceljs dropped it,
 * and the columns exceljs's reader makes up to reach it).
 */
function asSeen(view: WorkbookView): { cells: Map<string, string>; layout: Map<string, string> } {
  const layout = new Map(
    [...view.layout].map(([sheet, v]) => {
      const l = JSON.parse(v);
      if (l.page?.firstPageNumber === 1) l.page.useFirstPageNumber = true;
      l.merges = l.merges.filter((m: string) => m.split(":")[0] !== m.split(":")[1]);
      while (l.widths.length > 0 && l.widths[l.widths.length - 1] === null) l.widths.pop();
      return [sheet, JSON.stringify(l)];
    }),
  );
  return { cells: withoutCarried(view.cells), layout };
}

/**
 * 运行记录's lines on what was copied back from the clerk's workbook (已从原工作簿保留) and what exceljs's writer could not
 * keep (未能保留): the result is the clerk's package edited, so nothing is copied back, and what exceljs dropped (a
 * Microsoft 365 conversation) stays. The lines after them move up.
 */
const CARRIED = new Set(["已从原工作簿保留", "未能保留（原文件未改动，请在原文件中查看）"]);

function withoutCarried(cells: Map<string, string>): Map<string, string> {
  const at = (key: string) => /^运行记录!([A-Z]+)(\d+)$/.exec(key);
  const gone = [...cells]
    .filter(([k, v]) => at(k)?.[1] === "A" && CARRIED.has(JSON.parse(v).value))
    .map(([k]) => Number(at(k)![2]));
  return new Map(
    [...cells].flatMap(([k, v]): [string, string][] => {
      const m = at(k);
      if (!m) return [[k, v]];
      const row = Number(m[2]);
      if (gone.includes(row)) return [];
      return [[`运行记录!${m[1]}${row - gone.filter((g) => g < row).length}`, v]];
    }),
  );
}

function expectSame(nowRead: WorkbookView, beforeRead: WorkbookView): void {
  const [now, before] = [nowRead, beforeRead].map((v) => ({ ...v, ...asSeen(v) }));
  expect(now.sheets).toEqual(before.sheets);
  const record = [...before.cells].find(([, v]) => JSON.parse(v).value === "运行时间");
  const time = record && record[0].replace(/!A(\d+)$/, "!B$1");
  const cells = (v: WorkbookView) => new Map([...v.cells].filter(([k]) => k !== time));
  expect(differences(cells(now), cells(before))).toEqual([]);
  expect(differences(now.layout, before.layout)).toEqual([]);
  expect(now.names).toEqual(before.names);
  expect(differences(now.charts, before.charts)).toEqual([]);
  expect(before.cells.size).toBeGreaterThan(100);
}

describe("the result is the one written before the streaming command, cell by cell", () => {
  test("the bench's ledger, 2,000 claims over four sheets", async () => {
    const input = await ledger("bench-2000.xlsx", (f) => writeLedger(f, generateClaims(2000)));
    await expectGolden("bench-2000-result.xlsx", input);
  }, 120_000);

  test("the sample, published with a contact; then its result balanced again (the product's sheets replaced)", async () => {
    await expectGolden("sample-result.xlsx", SAMPLE, ["--publicity-start", "2024-09-27", "--contact", CONTACT]);
    // The recorded result as the input, so that its bytes (运行记录's SHA-256) are the same every time.
    await expectGolden("sample-again-result.xlsx", path.join(GOLDEN, "sample-result.xlsx"), [
      "--publicity-start",
      "2024-09-27",
    ]);
  }, 120_000);

  test("batch 2 over batch 1's result (--prior), in whole 元, with a priority", async () => {
    // Named as given (运行记录 cites it): relative to the repository, the same on every machine.
    const batch1 = path.relative(process.cwd(), path.join(GOLDEN, "batch1-result.xlsx"));
    if (WRITE) expect((await run("balance", SAMPLE, "--out", batch1, "--batch", "1")).code).toBe(0);
    const input = await ledger("batch2-ledger.xlsx", (f) => laterLedger(f, 2));
    await expectGolden("batch2-result.xlsx", input, [
      ...["--batch", "2", "--prior", batch1, "--round", "yuan", "--priority", "P2,P4"],
      ...["--publicity-start", "2025-03-03"],
    ]);
  }, 120_000);

  test("a clerk's rich workbook (charts, pivot table, validation, notes, a hidden sheet)", async () => {
    const input = await ledger("rich-ledger.xlsx", async (f) => fs.writeFile(f, await richLedger()));
    await expectGolden("rich-result.xlsx", input);
  }, 120_000);
});
