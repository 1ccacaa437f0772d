/**
 * `balance --compare EARLIER.xlsx` (issue 11 "What changed"): the sample balanced, one cell of its ledger
 * corrected, balanced again against the first result — 变更 lists the rows whose status or payout changed.
 */
/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read -- exceljs objects are plain values, not Office.js proxies */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { CHANGES, indexOf } from "../../src/ledger";
import { run } from "./run";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");
const PLEDGES = "专利质押融资";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-compare-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface JsonRow {
  sheet: string;
  row: number;
  status: string;
  payout: string;
}

async function jsonRows(file: string): Promise<Map<string, JsonRow>> {
  const json = JSON.parse(await fs.readFile(file, "utf8")) as { rows: JsonRow[] };
  return new Map(json.rows.map((r) => [`${r.sheet}!${r.row}`, r]));
}

/** 变更 as written: its header, then every row's values (column A first). */
async function changesSheet(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet("变更");
  if (!sheet) return [];
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

test("one pledge amount corrected: 变更 lists exactly the rows that changed, the corrected one by its own cells", async () => {
  const [first, firstJson] = [path.join(dir, "first.xlsx"), path.join(dir, "first.json")];
  const ran = await run("balance", SAMPLE, "--out", first, "--json", firstJson);
  expect(ran.code).toBe(0);
  expect(ran.out).not.toContain("变更");
  expect(await changesSheet(first)).toEqual([]);

  // The claimant of row 4 corrects its financing: 1,234.5678 万 → 100 万.
  const edited = path.join(dir, "edited.xlsx");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  const cell = wb.getWorksheet(PLEDGES)!.getCell("G4");
  expect(cell.value).toBe(1234.5678);
  cell.value = 100;
  await wb.xlsx.writeFile(edited);

  const [second, secondJson] = [path.join(dir, "second.xlsx"), path.join(dir, "second.json")];
  const again = await run("balance", edited, "--compare", first, "--out", second, "--json", secondJson);
  expect(again.code).toBe(0);

  const [before, after] = [await jsonRows(firstJson), await jsonRows(secondJson)];
  const changed = [...after.keys()].filter((k) => {
    const [b, a] = [before.get(k)!, after.get(k)!];
    return b.status !== a.status || b.payout !== a.payout;
  });
  expect(changed.length).toBeGreaterThan(1);
  expect(again.out).toContain(`变更：${changed.length} 行的状态或兑付金额变化，1 个项目的需求、调剂或兑付变化\n`);

  const rows = await changesSheet(second);
  const [sheet, row, cause] = [indexOf(CHANGES, "sheet"), indexOf(CHANGES, "row"), indexOf(CHANGES, "cause")];
  expect(rows[0]).toEqual(CHANGES.map((c) => c.zh));
  const listed = rows.slice(1, 1 + changed.length);
  expect(listed.map((r) => `${r[sheet]}!${r[row]}`).sort()).toEqual([...changed].sort());
  const byRow = (n: number) => listed.find((r) => r[sheet] === PLEDGES && r[row] === n)!;
  expect(byRow(4)).toEqual([
    PLEDGES,
    4,
    "重庆临空智联科技有限公司",
    "P4",
    "应兑付",
    Number(before.get(`${PLEDGES}!4`)!.payout),
    "应兑付",
    Number(after.get(`${PLEDGES}!4`)!.payout),
    expect.stringMatching(
      /^金额更正：[\d,]+\.\d\d → [\d,]+\.\d\d（奖补金额 24,691\.36 → 2,000\.00 元）；因项目按比例变化/,
    ),
  ]);
  expect(byRow(5)[cause]).toMatch(/^因项目按比例变化：[\d,]+\.\d\d → [\d,]+\.\d\d（P4 比例 93\.36% → \d+\.\d\d%）$/);
  // Then P4's demand, moves and paid, before → after.
  const items = rows.slice(1 + changed.length);
  expect(items.map((r) => r[0])).toEqual([undefined, "项目变化", "项目", "P4"]);
  expect(items[3].slice(1, 3)).toEqual([3393161.36, 3370470]);

  // The command run on its own result: nothing changed since.
  const third = path.join(dir, "third.xlsx");
  const rerun = await run("balance", second, "--out", third);
  expect(rerun.code).toBe(0);
  expect(rerun.out).toContain("变更：无变化\n");
  expect((await changesSheet(third)).slice(1)).toEqual([["无变化"]]);
});

test("--compare is an input: refused as an output, and refused when it holds no result of this tool", async () => {
  const out = path.join(dir, "out.xlsx");
  const same = await run("balance", SAMPLE, "--compare", out, "--out", out);
  expect(same.code).toBe(2);
  expect(same.err).toContain("the --compare file");

  const none = await run("balance", SAMPLE, "--compare", SAMPLE, "--lang", "en");
  expect(none.code).toBe(2);
  expect(none.err).toContain(`--compare ${SAMPLE}: not a result of this tool`);
});
