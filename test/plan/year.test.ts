/**
 * The year adds up (issue 15): batch 1 balanced, its result given to batch 2 (`--prior`), batch 2's result to
 * batch 3 (a test policy of three batches), and the same year kept in one workbook with batch 2's rows added
 * below batch 1's. Over every chain: per unit, Σ batches ≤ its cap; per item, Σ batches ≤ budget + moved in −
 * moved out; no patent, filing or registration paid twice — read from the last result's 累计已兑付, which must hold
 * exactly the payouts each run's JSON lists.
 */
/* eslint-disable office-addins/load-object-before-read -- exceljs objects are plain values, not Office.js proxies */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import Decimal from "decimal.js";
import ExcelJS from "exceljs";
import { creditCodeCheckChar } from "../../src/engine/creditCode";
import { defaultPolicy } from "../../src/policy";
import { copyCumulative, laterLedger, SAMPLE } from "../support/year";
import { run } from "../cli/run";

const POLICY = defaultPolicy();

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-year-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface JsonRow {
  sheet: string;
  row: number;
  item: string;
  claimant: string;
  status: string;
  payout: string;
}
interface Json {
  rows: JsonRow[];
  options: { batch?: number };
  items: { id: string; prior: string; paid: string; available: string }[];
  year: {
    batch: number;
    items: { id: string; paidByBatch: Record<string, string>; left: string; withinBudget: boolean }[];
  };
}

const file = (name: string) => path.join(dir, name);

async function balance(input: string, name: string, ...options: string[]): Promise<Json> {
  const ran = await run("balance", input, "--out", file(`${name}.xlsx`), "--json", file(`${name}.json`), ...options);
  if (ran.code !== 0) throw new Error(`${name}: exit ${ran.code}: ${ran.err}`);
  return JSON.parse(await fs.readFile(file(`${name}.json`), "utf8")) as Json;
}

interface Payout {
  batch: number;
  item: string;
  unit: string;
  references: string[];
  amount: Decimal;
  status: string;
}

/** 累计已兑付 of a result: its payouts and each batch's moves. */
async function cumulative(result: string): Promise<{ payouts: Payout[]; moves: { item: string; net: Decimal }[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(result);
  const sheet = wb.getWorksheet("累计已兑付");
  if (!sheet) throw new Error(`${result} has no 累计已兑付`);
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  const at = rows.findIndex((r) => r[0] === "各批次资金调剂");
  const payouts = rows.slice(1, at - 1).map((r): Payout => ({
    batch: Number(r[0] ?? 0),
    item: String(r[1]),
    unit: String(r[3] ?? r[2]),
    references: r[4] ? String(r[4]).split("、") : [],
    amount: new Decimal(String(r[5])),
    status: String(r[6] ?? ""),
  }));
  const moves = rows
    .slice(at + 2)
    .filter((r) => r.length > 0 && r[1])
    .map((r) => ({ item: String(r[1]), net: new Decimal(String(r[2] ?? 0)).minus(String(r[3] ?? 0)) }));
  return { payouts, moves };
}

function cap(item: string): Decimal {
  return new Decimal(POLICY.items.find((i) => i.id === item)!.perUnitCap!.toFixed());
}

/** The year's invariants over the last result's 累计已兑付, and each run's JSON payouts found in it exactly. */
async function expectYearAddsUp(result: string, runs: Json[]): Promise<void> {
  const year = await cumulative(result);
  const counted = year.payouts.filter((p) => p.status === "");
  const byUnit = new Map<string, Decimal>();
  const seen = new Set<string>();
  for (const p of counted) {
    const unit = `${p.item} ${p.unit}`;
    byUnit.set(unit, (byUnit.get(unit) ?? new Decimal(0)).plus(p.amount));
    for (const ref of p.references) {
      const key = `${unit} ${ref.replace(/^ZL|\./g, "")}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  }
  for (const [unit, total] of byUnit) expect(total.lessThanOrEqualTo(cap(unit.slice(0, 2)))).toBe(true);
  for (const item of ["P1", "P2", "P3", "P4"]) {
    const paid = counted.filter((p) => p.item === item).reduce((s, p) => s.plus(p.amount), new Decimal(0));
    const moved = year.moves.filter((m) => m.item === item).reduce((s, m) => s.plus(m.net), new Decimal(0));
    const budget = new Decimal(POLICY.items.find((i) => i.id === item)!.budget.toFixed());
    expect(paid.lessThanOrEqualTo(budget.plus(moved))).toBe(true);
  }
  for (const json of runs) {
    const batch = json.options.batch ?? 1;
    const paid = json.rows.filter((r) => r.status === "paid" && new Decimal(r.payout).greaterThan(0));
    const listed = year.payouts.filter((p) => p.batch === batch);
    expect(listed.map((p) => p.amount.toFixed(2)).sort()).toEqual(paid.map((r) => r.payout).sort());
  }
  const last = runs[runs.length - 1];
  expect(last.year.items.every((i) => i.withinBudget)).toBe(true);
}

describe("batch 2 given batch 1's result", () => {
  test.each([
    ["fen, moves by shortfall", []],
    ["whole 元", ["--round", "yuan"]],
    ["priority P4,P3", ["--priority", "P4,P3"]],
    ["no moves in batch 1", ["--no-reallocate"]],
  ])("%s: batch 1's payouts are earlier payouts, the year stays within caps and budgets", async (label, options) => {
    const name = label.replace(/\W+/g, "-");
    const first = await balance(SAMPLE, `${name}-1`, "--batch", "1", ...options);
    const ledger2 = await laterLedger(file(`${name}-ledger2.xlsx`), 2);
    const second = await balance(ledger2, `${name}-2`, "--batch", "2", "--prior", file(`${name}-1.xlsx`), ...options);
    // What batch 1 paid is what batch 2 counts as paid before (P1–P4, with the clerk's 已兑付 rows counted once).
    for (const item of second.items.slice(0, 4)) {
      const before = first.items.find((i) => i.id === item.id)!;
      expect(new Decimal(item.prior).toFixed(2)).toBe(new Decimal(before.prior).plus(before.paid).toFixed(2));
    }
    await expectYearAddsUp(file(`${name}-2.xlsx`), [first, second]);
    // The batch-2 rows that repeat batch 1's patents are duplicates of an earlier payout, not paid.
    const repeats = second.rows.filter((r) => r.sheet === "高校院所输出专利" && r.row > 8 && r.status === "paid");
    expect(repeats.filter((r) => new Decimal(r.payout).greaterThan(0))).toEqual([]);
  });

  test("公示名单 says, for a unit capped over the year, what earlier batches paid it and its year total", async () => {
    await balance(SAMPLE, "note-1", "--batch", "1", "--no-reallocate");
    const ledger2 = await laterLedger(file("note-ledger2.xlsx"), 2);
    const second = await balance(ledger2, "note-2", "--batch", "2", "--prior", file("note-1.xlsx"));
    // Each unit under its item's name (「四、中小微企业开展专利质押融资」), the item found by that name.
    const names = new Map(defaultPolicy().items.map((i) => [i.name, i.id]));
    let item = "";
    const listed: { item: string; row: unknown[] }[] = [];
    for (const r of await cellsOf(file("note-2.xlsx"), "公示名单")) {
      const group = /^[一二三四]、(.+)$/.exec(String(r[0] ?? ""));
      if (group) item = names.get(group[1]) ?? "";
      if (typeof r[5] === "string" && r[5].includes("往期已兑付")) listed.push({ item, row: r });
    }
    expect(listed.length).toBeGreaterThan(0);
    for (const { item, row: r } of listed) {
      const [prior, total] = [...String(r[5]).matchAll(/([\d,]+\.\d{2}) 元/g)].map(
        (m) => new Decimal(m[1].replace(/,/g, "")),
      );
      expect(total.minus(prior).toFixed(2)).toBe(new Decimal(String(r[4])).toFixed(2));
      expect(total.lessThanOrEqualTo(cap(item))).toBe(true);
    }
    await expectYearAddsUp(file("note-2.xlsx"), [second]);
  });

  test("without --batch, a --prior result makes this run the next batch, and says so", async () => {
    await balance(SAMPLE, "nobatch-1", "--batch", "1");
    const ledger2 = await laterLedger(file("nobatch-ledger2.xlsx"), 2);
    const ran = await run("balance", ledger2, "--prior", file("nobatch-1.xlsx"), "--json", file("nobatch-2.json"));
    expect(ran.code).toBe(0);
    expect(ran.err).toContain("本次按第2批平衡");
    const json = JSON.parse(await fs.readFile(file("nobatch-2.json"), "utf8")) as Json;
    expect(json.options.batch).toBe(2);
  });
});

describe("batch 3 given batch 2's result knows batch 1 too", () => {
  test("a policy of three batches", async () => {
    const policy = JSON.parse(
      await fs.readFile(path.join(__dirname, "..", "..", "src", "policy", "yubei-2024-12.json"), "utf8"),
    ) as { batches: { batch: number }[] };
    policy.batches.push({ ...policy.batches[1], batch: 3 });
    const policyFile = file("three-batches.json");
    await fs.writeFile(policyFile, JSON.stringify(policy));
    const opts = ["--policy", policyFile, "--no-reallocate"];
    const first = await balance(SAMPLE, "three-1", "--batch", "1", ...opts);
    const second = await balance(
      await laterLedger(file("three-ledger2.xlsx"), 2),
      "three-2",
      "--batch",
      "2",
      "--prior",
      file("three-1.xlsx"),
      ...opts,
    );
    const third = await balance(
      await laterLedger(file("three-ledger3.xlsx"), 3),
      "three-3",
      "--batch",
      "3",
      "--prior",
      file("three-2.xlsx"),
      ...opts,
    );
    expect(Object.keys(third.year.items[0].paidByBatch)).toEqual(["0", "1", "2", "3"]);
    for (const item of third.items.slice(0, 4)) {
      const [a, b] = [first, second].map((j) => j.items.find((i) => i.id === item.id)!);
      expect(new Decimal(item.prior).toFixed(2)).toBe(new Decimal(a.prior).plus(a.paid).plus(b.paid).toFixed(2));
    }
    await expectYearAddsUp(file("three-3.xlsx"), [first, second, third]);
  });
});

const NEW_CODE = `91500112MA0000999${creditCodeCheckChar("91500112MA0000999")}`;

/** Batch 1's result with batch 2's claims added below each ledger's rows (the same units' new pledges). */
async function sameWorkbook(result: string, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(result);
  const pledges = wb.getWorksheet("专利质押融资")!;
  const total = pledges.getRow(25);
  expect(total.getCell(1).value).toBe("合计");
  pledges.spliceRows(25, 0, [
    22,
    "重庆临空智联科技有限公司",
    "91500112MA0000102M",
    "中小微企业",
    "渝北区",
    "Y2024001500",
    5000,
    new Date(Date.UTC(2024, 10, 20)),
  ]);
  pledges.spliceRows(26, 0, [
    23,
    "重庆新企业科技有限公司",
    NEW_CODE,
    "中小微企业",
    "渝北区",
    "Y2024001501",
    800,
    new Date(Date.UTC(2024, 10, 21)),
  ]);
  const out = file(`${name}.xlsx`);
  await wb.xlsx.writeFile(out);
  return out;
}

describe("one workbook for the year", () => {
  test("batch 1's rows keep their output and are earlier payouts; batch 2 pays only the rows added", async () => {
    const first = await balance(SAMPLE, "same-1", "--batch", "1", "--no-reallocate");
    const before = await cellsOf(file("same-1.xlsx"), "专利质押融资");
    const input = await sameWorkbook(file("same-1.xlsx"), "same-input2");
    const second = await balance(input, "same-2", "--batch", "2", "--no-reallocate");
    const earlier = second.rows.filter((r) => r.status === "earlier");
    expect(earlier.length).toBe(first.rows.filter((r) => r.status !== undefined).length);
    // Both rows added are this batch's; neither is paid anything (a unit at its cap, P4's money used up in batch 1).
    const now = second.rows.filter((r) => r.status !== "earlier").map((r) => `${r.sheet}!${r.row} ${r.status}`);
    expect(now.sort()).toEqual(["专利质押融资!25 zero", "专利质押融资!26 zero"]);
    // Batch 1's output cells stay as batch 1 wrote them.
    const after = await cellsOf(file("same-2.xlsx"), "专利质押融资");
    for (let r = 3; r < 24; r++) expect(after[r].slice(9, 15)).toEqual(before[r].slice(9, 15));
    // The unit batch 1 paid to its cap gets nothing more.
    const capped = second.rows.find((r) => r.row === 25)!;
    const paidBefore = first.rows.filter((r) => r.claimant === capped.claimant && r.sheet === "专利质押融资");
    const sum = paidBefore.reduce((s, r) => s.plus(r.payout), new Decimal(0)).plus(capped.payout);
    expect(sum.lessThanOrEqualTo(200000)).toBe(true);
    await expectYearAddsUp(file("same-2.xlsx"), [first, second]);
  });

  test("batch 2 on batch 1's own result with no new row pays nothing and says so", async () => {
    await balance(SAMPLE, "again-1", "--batch", "1");
    const ran = await run("balance", file("again-1.xlsx"), "--batch", "2", "--json", file("again-2.json"));
    expect(ran.code).toBe(0);
    expect(ran.err).toContain("第2批没有新的申报行");
    const json = JSON.parse(await fs.readFile(file("again-2.json"), "utf8")) as Json;
    expect(json.rows.filter((r) => r.status === "paid" && new Decimal(r.payout).greaterThan(0))).toEqual([]);
  });

  test("a paid row edited since stops the run, listed", async () => {
    await balance(SAMPLE, "edit-1", "--batch", "1");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file("edit-1.xlsx"));
    wb.getWorksheet("专利质押融资")!.getCell("F4").value = "Y2024009999";
    await wb.xlsx.writeFile(file("edit-1-edited.xlsx"));
    const ran = await run("balance", file("edit-1-edited.xlsx"), "--batch", "2", "--out", file("edit-2.xlsx"));
    expect(ran.code).toBe(2);
    expect(ran.err).toContain("专利质押融资!4");
    expect(ran.err).toContain("兑付后改动过");
    await expect(fs.access(file("edit-2.xlsx"))).rejects.toThrow();
  });
});

describe("an earlier result that cannot be trusted stops the run", () => {
  test("its rows do not add up to what it says it paid", async () => {
    await balance(SAMPLE, "sum-1", "--batch", "1");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file("sum-1.xlsx"));
    const sheet = wb.getWorksheet("专利质押融资")!;
    const header = sheet.getRow(3).values as unknown[];
    const payout = header.findIndex((h) => h === "兑付金额(元)");
    sheet.getRow(4).getCell(payout).value = 1;
    await wb.xlsx.writeFile(file("sum-1-edited.xlsx"));
    const ran = await run(
      "balance",
      await laterLedger(file("sum-ledger2.xlsx"), 2),
      "--batch",
      "2",
      "--prior",
      file("sum-1-edited.xlsx"),
    );
    expect(ran.code).toBe(2);
    expect(ran.err).toMatch(/P4 [\d.]+ ≠ [\d.]+/);
  });

  test("a what-if result, or one of another policy", async () => {
    await balance(SAMPLE, "whatif-1", "--batch", "1", "--budget", "P4=100000");
    const ledger2 = await laterLedger(file("whatif-ledger2.xlsx"), 2);
    const whatIf = await run("balance", ledger2, "--batch", "2", "--prior", file("whatif-1.xlsx"));
    expect(whatIf.code).toBe(2);
    expect(whatIf.err).toContain("测算");

    const policy = JSON.parse(
      await fs.readFile(path.join(__dirname, "..", "..", "src", "policy", "yubei-2024-12.json"), "utf8"),
    ) as { id: string };
    policy.id = "another-2025";
    await fs.writeFile(file("another.json"), JSON.stringify(policy));
    await balance(SAMPLE, "other-1", "--batch", "1", "--policy", file("another.json"));
    const other = await run("balance", ledger2, "--batch", "2", "--prior", file("other-1.xlsx"));
    expect(other.code).toBe(2);
    expect(other.err).toContain("another-2025");
  });
});

describe("what happened after publicity", () => {
  test("a clawed-back payout is not counted and bars its unit; a revoked one is not counted", async () => {
    const first = await balance(SAMPLE, "mark-1", "--batch", "1", "--no-reallocate");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file("mark-1.xlsx"));
    const sheet = wb.getWorksheet("累计已兑付")!;
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    const p4 = rows.findIndex((r) => r[1] === "P4" && r[0] === 1);
    const p3 = rows.findIndex((r) => r[1] === "P3" && r[0] === 1);
    const barred = String(rows[p4][3]);
    sheet.getRow(p4 + 1).getCell(7).value = "追缴";
    sheet.getRow(p4 + 1).getCell(8).value = "虚假申报，2025-01-05 追回";
    sheet.getRow(p3 + 1).getCell(7).value = "撤销";
    await wb.xlsx.writeFile(file("mark-1-marked.xlsx"));

    const second = await balance(
      await laterLedger(file("mark-ledger2.xlsx"), 2),
      "mark-2",
      "--batch",
      "2",
      "--prior",
      file("mark-1-marked.xlsx"),
      "--no-reallocate",
    );
    const p4Before = first.items.find((i) => i.id === "P4")!;
    const p4Now = second.items.find((i) => i.id === "P4")!;
    const clawed = new Decimal(String(rows[p4][5]));
    expect(new Decimal(p4Now.prior).toFixed(2)).toBe(
      new Decimal(p4Before.prior).plus(p4Before.paid).minus(clawed).toFixed(2),
    );
    const year = await cumulative(file("mark-2.xlsx"));
    expect(year.payouts.some((p) => p.status === "追缴" && p.unit === barred)).toBe(true);
    const json = JSON.parse(await fs.readFile(file("mark-2.json"), "utf8")) as {
      rows: (JsonRow & { reasons: { code: string }[] })[];
    };
    const unitRows = json.rows.filter((r) => r.sheet === "专利质押融资" && r.status !== "earlier");
    const ofBarred = await rowsOfUnit(file("mark-ledger2.xlsx"), barred);
    for (const r of unitRows.filter((r) => ofBarred.has(r.row))) {
      expect(r.status).toBe("rejected");
      expect(r.reasons.map((x) => x.code)).toContain("BARRED");
    }
    expect(ofBarred.size).toBeGreaterThan(0);
  });
});

async function cellsOf(result: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(result);
  const rows: unknown[][] = [];
  wb.getWorksheet(name)!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The 1-based rows of the pledge sheet whose credit code is `code`. */
async function rowsOfUnit(ledger: string, code: string): Promise<Set<number>> {
  const rows = await cellsOf(ledger, "专利质押融资");
  return new Set(rows.flatMap((r, i) => (r[2] === code ? [i + 1] : [])));
}

describe("累计已兑付 alone carries the year", () => {
  test("copied into batch 2's workbook, it gives what --prior of the whole result gives", async () => {
    await balance(SAMPLE, "copy-1", "--batch", "1");
    const ledger2 = await laterLedger(file("copy-ledger2.xlsx"), 2);
    const viaPrior = await balance(ledger2, "copy-prior", "--batch", "2", "--prior", file("copy-1.xlsx"));

    await copyCumulative(file("copy-1.xlsx"), ledger2, file("copy-input2.xlsx"));
    const ran = await run("balance", file("copy-input2.xlsx"), "--json", file("copy-2.json"));
    expect(ran.code).toBe(0);
    expect(ran.err).toContain("作为往期兑付读入");
    const viaCopy = JSON.parse(await fs.readFile(file("copy-2.json"), "utf8")) as Json;
    expect(viaCopy.options.batch).toBe(2);
    expect(viaCopy.items).toEqual(viaPrior.items);
    expect(viaCopy.rows.map((r) => [r.sheet, r.row, r.status, r.payout])).toEqual(
      viaPrior.rows.map((r) => [r.sheet, r.row, r.status, r.payout]),
    );
  });
});

describe("what an earlier result says of itself", () => {
  test("another version of the same policy is named on the console and in 运行记录; a batch line edited stops", async () => {
    const policy = JSON.parse(
      await fs.readFile(path.join(__dirname, "..", "..", "src", "policy", "yubei-2024-12.json"), "utf8"),
    ) as { version: string };
    policy.version = "0.9.0";
    await fs.writeFile(file("older.json"), JSON.stringify(policy));
    await balance(SAMPLE, "older-1", "--batch", "1", "--policy", file("older.json"));
    const ledger2 = await laterLedger(file("older-ledger2.xlsx"), 2);
    const ran = await run("balance", ledger2, "--prior", file("older-1.xlsx"), "--out", file("older-2.xlsx"));
    expect(ran.code).toBe(0);
    expect(ran.err).toContain("按政策版本 0.9.0 计算，本次为 1.0.0");
    const record = (await cellsOf(file("older-2.xlsx"), "运行记录")).map((r) => String(r[1] ?? ""));
    expect(record.some((v) => v.includes("按政策版本 0.9.0 计算"))).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file("older-1.xlsx"));
    const sheet = wb.getWorksheet("运行记录")!;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === "批次") row.getCell(2).value = "一批？";
    });
    await wb.xlsx.writeFile(file("older-1-edited.xlsx"));
    const edited = await run("balance", ledger2, "--batch", "2", "--prior", file("older-1-edited.xlsx"));
    expect(edited.code).toBe(2);
    expect(edited.err).toContain("运行记录中批次为「一批？」");
  });
});
