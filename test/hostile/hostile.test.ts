/**
 * A corpus of hostile ledgers (issue "No input moves money silently"), each run through the command as a clerk
 * would, with its expected exit code, message and payouts. Every run that completes is also held to what the user
 * checks: every amount a whole fen, every row somewhere a clerk sees it, the same total everywhere.
 */
import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import Decimal from "decimal.js";
import ExcelJS from "exceljs";
import { main, type Io } from "../../src/cli/main";
import { OUTPUT_HEADERS, type Grid } from "../../src/ledger";
import { MAX_LEDGER_ROWS } from "../../src/ledger/limits";
import { planBalance } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import policyJson from "../../src/policy/yubei-2024-12.json";
import { DAYS_OFF_2027 } from "../support/holidays";
import { creditCode, patentNo } from "../support/claims";
import {
  encryptedWorkbook,
  filing,
  P2_HEADER,
  P3_HEADER,
  P4_HEADER,
  PAID_HEADER,
  pledge,
  transfer,
  writeBook,
  type Cell,
  withRows,
  type SheetSpec,
} from "./workbooks";

interface JsonRow {
  sheet: string;
  row: number;
  item: string | null;
  claimant: string | null;
  status: string;
  award: string;
  capped: string;
  payout: string;
  reasons: { code: string; message: string }[];
}
interface Json {
  items: { id: string; prior: string; available: string; demand: string; paid: string }[];
  totals: { paid: string; demand: string; rows: Record<string, number> };
  rows: JsonRow[];
}
interface Run {
  code: number;
  out: string;
  err: string;
  json?: Json;
  book?: ExcelJS.Workbook;
  outFile: string;
  jsonFile: string;
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hostile-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Every refusal the corpus met (exit ≠ 0), checked at the end for a Chinese half and no stack trace. */
const refusals: { argv: string[]; err: string }[] = [];

/** The command in-process, its refusal recorded. */
async function command(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), errIsTTY: false };
  const code = await main(argv, io);
  if (code !== 0) refusals.push({ argv, err });
  return { code, out, err };
}

let serial = 0;
async function balance(sheets: SheetSpec[], ...args: string[]): Promise<Run> {
  const name = `case-${++serial}`;
  const ledger = path.join(dir, `${name}.xlsx`);
  await writeBook(ledger, sheets);
  return runOn(ledger, name, ...args);
}

async function runOn(ledger: string, name: string, ...args: string[]): Promise<Run> {
  const outFile = path.join(dir, `${name}-result.xlsx`);
  const jsonFile = path.join(dir, `${name}-result.json`);
  const { code, out, err } = await command("balance", ledger, "--out", outFile, "--json", jsonFile, ...args);
  const run: Run = { code, out, err, outFile, jsonFile };
  if (code === 0) {
    run.json = JSON.parse(await fs.readFile(jsonFile, "utf8")) as Json;
    run.book = new ExcelJS.Workbook();
    await run.book.xlsx.readFile(outFile);
    expectWhatAUserChecks(run);
  }
  return run;
}

const rowOf = (run: Run, sheet: string, row: number) => run.json!.rows.find((r) => r.sheet === sheet && r.row === row)!;
const codesOf = (r: JsonRow) => r.reasons.map((x) => x.code);
const item = (run: Run, id: string) => run.json!.items.find((i) => i.id === id)!;

/** A product sheet as the run wrote it: under its name, or tagged where the clerk has a sheet of that name. */
function product(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  return (book.getWorksheet(`${name}（专利转化奖补）`) ?? book.getWorksheet(name))!;
}

function values(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => (rows[n - 1] = (row.values as unknown[]).slice(1)));
  return rows;
}

function isWholeFen(v: unknown): boolean {
  return typeof v !== "number" || new Decimal(String(v)).times(100).isInteger();
}

/** The invariants of the issue, read back from what the command wrote and printed. */
function expectWhatAUserChecks(run: Run): void {
  const { book, json } = run;
  const money: string[] = [OUTPUT_HEADERS.zh[0], OUTPUT_HEADERS.zh[1], OUTPUT_HEADERS.zh[3]];
  let cappedColumn = new Decimal(0);
  let payoutColumn = new Decimal(0);
  const ledgerRows = new Set<string>();
  for (const ws of book!.worksheets) {
    const grid = values(ws);
    const headerRow = grid.findIndex((r) => r?.includes(OUTPUT_HEADERS.zh[3]));
    if (headerRow < 0) continue;
    const cols = money.map((h) => grid[headerRow].indexOf(h));
    const status = grid[headerRow].indexOf(OUTPUT_HEADERS.zh[4]);
    for (let r = headerRow + 1; r < grid.length; r++) {
      const line = grid[r] ?? [];
      if (line.slice(cols[0]).every((v) => v === undefined || v === null)) continue;
      // POLICY §2 step 7: every amount written is a whole fen.
      for (const c of cols)
        expect({ cell: `${ws.name}!${r + 1}`, whole: isWholeFen(line[c]) }).toMatchObject({ whole: true });
      // The ledger's own 合计/小计 line carries the sums of the claims above it and no status: it is no claim.
      if (line[status] === undefined || line[status] === null) continue;
      ledgerRows.add(`${ws.name}!${r + 1}`);
      cappedColumn = cappedColumn.plus(new Decimal(String(line[cols[1]] ?? 0)));
      payoutColumn = payoutColumn.plus(new Decimal(String(line[cols[2]] ?? 0)));
    }
  }
  // Money on 汇总 and 公示名单 in whole fen; 汇总's 比例 is a factor, rounded for reading (the JSON keeps it exact).
  for (const name of ["汇总", "公示名单"]) {
    for (const line of values(product(book!, name))) {
      (line ?? []).forEach((v, c) => {
        if (name === "汇总" && c === 11)
          expect(typeof v !== "number" || new Decimal(v).decimalPlaces() <= 4).toBe(true);
        else expect({ sheet: name, v, whole: isWholeFen(v) }).toMatchObject({ whole: true });
      });
    }
  }
  // Every row marked on a ledger is in the JSON; every row not paid is on 异常清单.
  expect(new Set(json!.rows.map((r) => `${r.sheet}!${r.row}`))).toEqual(ledgerRows);
  const exceptions = new Set(
    values(product(book!, "异常清单"))
      .slice(1)
      .map((r) => `${r?.[0]}!${r?.[1]}`),
  );
  for (const r of json!.rows.filter((x) => x.status !== "paid")) expect(exceptions).toContain(`${r.sheet}!${r.row}`);

  // POLICY §2 step 8: one paid total in the console, 汇总, 公示名单, 运行记录, JSON and on the ledgers.
  const paid = new Decimal(json!.totals.paid);
  expect(payoutColumn.equals(paid)).toBe(true);
  expect(cappedColumn.equals(new Decimal(json!.totals.demand))).toBe(true);
  const summary = values(product(book!, "汇总")).find((r) => r?.[0] === "合计")!;
  expect(new Decimal(String(summary[10])).equals(paid)).toBe(true);
  expect(new Decimal(String(summary[6])).equals(cappedColumn)).toBe(true);
  const publicity = values(product(book!, "公示名单")).find((r) => r?.[0] === "合计")!;
  expect(new Decimal(String(publicity[5])).equals(paid)).toBe(true);
  const record = values(product(book!, "运行记录")).find((r) => String(r?.[0]).startsWith("本批兑付合计"))!;
  expect(String(record[1]).replace(/,/g, "")).toBe(paid.toFixed(2));
  const printed = run.out.split("\n").find((l) => l.startsWith("合计 P1–P4"))!;
  // Its last figure: the 比例 column is blank on a total line.
  expect(printed.trim().split(/\s+/).pop()!.replace(/,/g, "")).toBe(paid.toFixed(2));
  // Merges, odd cells and all, the clerk's workbook comes back whole: nothing reported as not kept.
  expect(run.err).not.toMatch(/未能保留|未能检查/);
}

const p4Sheet = (rows: Cell[][], extra: Partial<SheetSpec> = {}): SheetSpec => ({
  name: "专利质押融资",
  rows: [P4_HEADER, ...rows],
  ...extra,
});
const paidSheet = (rows: Cell[][], name = "已兑付"): SheetSpec => ({ name, rows: [PAID_HEADER, ...rows] });

/** Twelve enterprises paid 60,000 each under P4 in batch 1, written with the item's short name. */
const TWELVE_PAID = Array.from({ length: 12 }, (_, i) => [
  "专利质押融资",
  `重庆质押企业${i + 1}有限公司`,
  creditCode(4001 + i),
  60000,
  null,
]);
/** The same twelve claim 5,000 万元 each now: 100,000 each before the cap. */
const TWELVE_CLAIMS = Array.from({ length: 12 }, (_, i) => pledge(i + 1, 5000));

describe("earlier payouts are read completely", () => {
  test("a 已兑付 sheet labelling P4 payouts 专利质押融资: the budget left is 80,000 and no more is paid", async () => {
    const run = await balance([p4Sheet(TWELVE_CLAIMS), paidSheet(TWELVE_PAID)], "--batch", "2", "--no-reallocate");
    expect(run.code).toBe(0);
    const p4 = item(run, "P4");
    expect([p4.prior, p4.available, p4.demand, p4.paid]).toEqual(["720000.00", "80000.00", "1200000.00", "80000.00"]);
    for (let n = 2; n <= 13; n++)
      expect(new Decimal(rowOf(run, "专利质押融资", n).payout).lessThanOrEqualTo(140000)).toBe(true);
  });

  test("the same payouts in a --prior workbook give the same result", async () => {
    const prior = path.join(dir, "twelve-paid.xlsx");
    await writeBook(prior, [paidSheet(TWELVE_PAID, "往期已兑付")]);
    const run = await balance([p4Sheet(TWELVE_CLAIMS)], "--batch", "2", "--no-reallocate", "--prior", prior);
    expect(run.code).toBe(0);
    expect(item(run, "P4").paid).toBe("80000.00");
    expect(item(run, "P4").prior).toBe("720000.00");
  });

  test.each([
    [
      "an item that is none (其他)",
      ["其他", "重庆质押企业1有限公司", creditCode(4001), 60000, null],
      "A",
      "奖补项目“其他”无法识别",
    ],
    ["an amount 待定", ["P4", "重庆质押企业1有限公司", creditCode(4001), "待定", null], "D", "兑付金额应为"],
    ["#REF! for the unit", ["P4", "#REF!", null, 60000, null], "B", "错误值 #REF!"],
  ])(
    "an unreadable earlier payout (%s) stops the run: exit 2, the cell named, nothing written",
    async (_, line, column, message) => {
      const run = await balance([p4Sheet(TWELVE_CLAIMS), paidSheet([...TWELVE_PAID.slice(1), line as Cell[]])]);
      expect(run.code).toBe(2);
      expect(run.err).toContain(`已兑付!${column}13`);
      expect(run.err).toContain(message);
      expect(existsSync(run.outFile) || existsSync(run.jsonFile)).toBe(false);
    },
  );

  test("an unreadable row in a --prior workbook stops the run too", async () => {
    const prior = path.join(dir, "bad-prior.xlsx");
    await writeBook(prior, [paidSheet([["专利质押", "重庆质押企业1有限公司", null, "六万", null]])]);
    const run = await balance([p4Sheet(TWELVE_CLAIMS)], "--prior", prior);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${prior} 已兑付!D2`);
  });
});

describe("duplicates across batches", () => {
  test("a patent paid before without ZL, and a filing paid before, in a 专利号/备案号 column, are duplicates now", async () => {
    const paidBefore = patentNo("invention", 901);
    const run = await balance([
      { name: "中小微企业受让专利", rows: [P2_HEADER, transfer(1, 901), transfer(1, 902)] },
      { name: "专利产品备案", rows: [P3_HEADER, filing(1, "CPBA2024200002"), filing(2, "CPBA2024200002")] },
      paidSheet([
        ["P2", "重庆受让企业1有限公司", creditCode(2001), 4000, paidBefore.slice(2)],
        ["产品备案", "重庆备案企业1有限公司", creditCode(3001), 1000, "CPBA2024200002"],
      ]),
    ]);
    expect(run.code).toBe(0);
    const again = rowOf(run, "中小微企业受让专利", 2);
    expect([again.status, again.payout]).toEqual(["duplicate", "0.00"]);
    expect(again.reasons.find((r) => r.code === "PAID_BEFORE")!.message).toContain("「已兑付」第 2 行");
    expect(rowOf(run, "中小微企业受让专利", 3).payout).toBe("4000.00");
    const filed = rowOf(run, "专利产品备案", 2);
    expect([filed.status, filed.reasons.find((r) => r.code === "PAID_BEFORE")!.message]).toEqual([
      "duplicate",
      expect.stringContaining("「已兑付」第 3 行"),
    ]);
    // Another enterprise's filing of that number was not paid before.
    expect(rowOf(run, "专利产品备案", 3).payout).toBe("1000.00");
  });
});

describe("rows that are not plain claims", () => {
  test("#REF! in the name column is refused with a fixable reason, never paid as a unit called #REF!", async () => {
    const run = await balance([p4Sheet([pledge(1, 100), pledge(2, 100, { name: "#REF!", code: null })])]);
    expect(run.code).toBe(0);
    const bad = rowOf(run, "专利质押融资", 3);
    expect([bad.status, codesOf(bad)]).toEqual(["rejected", ["ERROR_VALUE"]]);
    expect(bad.reasons[0].message).toContain("#REF!");
    const names = values(run.book!.getWorksheet("公示名单")!).map((r) => r?.[2]);
    expect(names).not.toContain("#REF!");
  });

  test("one name with two credit codes: both rows held, both codes named; a row without a code joins neither", async () => {
    const name = "重庆同名科技有限公司";
    const run = await balance([
      p4Sheet([
        pledge(1, 100, { name, code: creditCode(4101) }),
        pledge(2, 100, { name, code: creditCode(4102) }),
        pledge(3, 100, { name, code: null }),
        pledge(4, 100),
      ]),
    ]);
    expect(run.code).toBe(0);
    for (const n of [2, 3, 4]) {
      const held = rowOf(run, "专利质押融资", n);
      expect([held.status, held.payout, codesOf(held)]).toEqual(["held", "0.00", ["NAME_TWO_CODES"]]);
      expect(held.reasons[0].message).toContain(creditCode(4101));
      expect(held.reasons[0].message).toContain(creditCode(4102));
    }
    expect(rowOf(run, "专利质押融资", 5).payout).toBe("2000.00");
  });

  test("a merged name is filled down; a merged amount is refused on every row it covers", async () => {
    const one = "重庆合并单元格有限公司";
    const rows = [
      pledge(1, 100, { name: one, code: creditCode(4201) }),
      pledge(2, 200, { name: null as unknown as string, code: null }),
      pledge(3, 300, { name: null as unknown as string, code: null }),
      pledge(4, 400),
      pledge(5, null),
    ];
    const run = await balance([p4Sheet(rows, { merges: ["B2:B4", "C2:C4", "E5:E6"] })]);
    expect(run.code).toBe(0);
    expect(
      [2, 3, 4].map((n) => [rowOf(run, "专利质押融资", n).claimant, rowOf(run, "专利质押融资", n).payout]),
    ).toEqual([
      [one, "2000.00"],
      [one, "4000.00"],
      [one, "6000.00"],
    ]);
    for (const n of [5, 6]) {
      const r = rowOf(run, "专利质押融资", n);
      expect([r.status, codesOf(r)]).toEqual(["rejected", ["MERGED_CELL"]]);
      expect(r.reasons[0].message).toContain("E5:E6");
    }
  });

  test("a claim whose 序号 reads 合计 is paid; the 合计 line with no claimant is skipped", async () => {
    const run = await balance([
      p4Sheet([pledge(1, 100), pledge(2, 100, { id: "合计" }), ["合计", null, null, null, 200, null, null]]),
    ]);
    expect(run.code).toBe(0);
    expect(rowOf(run, "专利质押融资", 3).payout).toBe("2000.00");
    expect(rowOf(run, "专利质押融资", 4)).toBeUndefined();
  });

  test("a row whose item is not recognised is refused, in the JSON and on 异常清单", async () => {
    const header = ["奖补项目", ...P4_HEADER];
    const run = await balance([
      { name: "申报汇总", rows: [header, ["P4", ...pledge(1, 100)], ["其他", ...pledge(2, 100)]] },
    ]);
    expect(run.code).toBe(0);
    const bad = rowOf(run, "申报汇总", 3);
    expect([bad.status, bad.payout, codesOf(bad)]).toEqual(["rejected", "0.00", ["ROW_NOT_READ"]]);
  });
});

describe("amounts are whole fen and one total holds", () => {
  test("P4 awards with fractions, a capped unit over three rows: every cell a whole fen, demand the sum of 封顶后", async () => {
    const name = "重庆封顶企业有限公司";
    const code = creditCode(4301);
    const rows = [
      pledge(1, "3333.3333", { name, code }),
      pledge(2, "3333.3333", { name, code }),
      pledge(3, "3333.3334", { name, code }),
      pledge(4, "1234.5678"),
      pledge(5, "3.3333"),
    ];
    const run = await balance([p4Sheet(rows)]);
    expect(run.code).toBe(0);
    expect(rowOf(run, "专利质押融资", 5).award).toBe("24691.36");
    expect(rowOf(run, "专利质押融资", 6).award).toBe("66.67");
    const capped = [2, 3, 4].map((n) => new Decimal(rowOf(run, "专利质押融资", n).capped));
    expect(capped.reduce((a, b) => a.plus(b)).toFixed(2)).toBe("200000.00");
  });

  test("with a funding plan, P5–P8 stand beside the total, never in it", async () => {
    const plan: SheetSpec = {
      name: "支持项目资金计划",
      rows: [
        ["支持项目", "承担单位", "支持金额（元）"],
        ["P7", "重庆某知识产权服务机构", 150000],
      ],
    };
    const run = await balance([p4Sheet([pledge(1, 100)]), plan]);
    expect(run.code).toBe(0);
    expect(run.json!.totals.paid).toBe("2000.00");
    expect(run.out).toMatch(/^P5–P8 .* 150,000\.00/m);
  });
});

describe("what-if and refusals", () => {
  test("--budget makes a 测算: 汇总 and 公示名单 titled 「测算（非正式）」, 运行记录 lists the budget changed", async () => {
    const run = await balance(
      [p4Sheet([pledge(1, 5000), pledge(2, 5000)])],
      "--budget",
      "P4=100000",
      "--no-reallocate",
    );
    expect(run.code).toBe(0);
    for (const name of ["汇总", "公示名单"]) {
      expect(String(values(run.book!.getWorksheet(name)!)[0][0])).toMatch(
        /^测算（非正式）：P4 预算按 100,000\.00 元测算（政策文件为 800,000\.00 元）/,
      );
    }
    const record = values(run.book!.getWorksheet("运行记录")!);
    expect(record).toContainEqual(["测算（非正式）", "P4 预算按 100,000.00 元测算（政策文件为 800,000.00 元）"]);
    // The first figures printed are under the what-if line (only the assumptions to check come before it).
    const lines = run.out.split("\n");
    const first = lines.findIndex((l) => l.includes("渝北市监〔2024〕12号"));
    expect(lines[first - 1]).toMatch(/^测算（非正式）/);
    expect(item(run, "P4").paid).toBe("100000.00");
  });

  test("a sheet too wide for six more columns is refused, naming the sheet; nothing crashes", async () => {
    const wide = p4Sheet([pledge(1, 100)]);
    const ledger = path.join(dir, "wide.xlsx");
    await writeBook(ledger, [wide]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(ledger);
    wb.getWorksheet("专利质押融资")!.getCell("XFB1").value = "备注";
    await wb.xlsx.writeFile(ledger);
    const run = await runOn(ledger, "wide");
    expect(run.code).toBe(2);
    expect(run.err).toContain("专利质押融资");
    expect(run.err).toContain("XFD");
    expect(run.err).not.toMatch(/\n\s+at /);
  });
});

describe("the product's sheet names never replace a clerk's sheet (issue 16 item 4)", () => {
  const CLERKS_SUMMARY: SheetSpec = {
    name: "汇总",
    rows: Array.from({ length: 13 }, (_, i) => [`第${i + 1}次走访记录`, i + 1, "见附件"]),
  };

  test("a clerk's 汇总 is kept, its 13 rows; the product's is written as 汇总（专利转化奖补）, and said", async () => {
    const run = await balance([p4Sheet([pledge(1, 100)]), CLERKS_SUMMARY]);
    expect(run.code).toBe(0);
    expect(values(run.book!.getWorksheet("汇总")!)).toEqual(CLERKS_SUMMARY.rows);
    expect(values(run.book!.getWorksheet("汇总（专利转化奖补）")!).some((r) => r?.[0] === "合计")).toBe(true);
    expect(run.err).toContain("工作表「汇总」不是本工具写入的，保留不动；本工具的汇总写在「汇总（专利转化奖补）」");
    expect(run.err).toContain('sheet "汇总" was not written by this tool and is kept as it is');
    const record = values(run.book!.getWorksheet("运行记录")!);
    // The product's mark: the first line under 运行记录's header lists the sheets it wrote.
    expect(record[1]).toEqual([
      "本工具写入的工作表",
      "汇总（专利转化奖补）、公示名单、异常清单、目标进度、累计已兑付、运行记录",
    ]);
    expect(record).toContainEqual(["提示", expect.stringContaining("工作表「汇总」不是本工具写入的")]);
    // Read as any sheet: it shows no sign of a ledger, so it is skipped and listed, not ignored.
    expect(run.err).toContain("汇总: 工作表“汇总”：不是台账");
  });

  test("run again on its result: the tagged sheets are the product's, replaced in place; the clerk's 汇总 still kept", async () => {
    const first = await balance([p4Sheet([pledge(1, 100)]), CLERKS_SUMMARY]);
    const again = await runOn(first.outFile, "summary-again");
    expect(again.code).toBe(0);
    const names = again.book!.worksheets.map((w) => w.name);
    expect(names.filter((n) => n.startsWith("汇总"))).toEqual(["汇总", "汇总（专利转化奖补）"]);
    expect(values(again.book!.getWorksheet("汇总")!)).toEqual(CLERKS_SUMMARY.rows);
    expect(again.out).toContain("变更：无变化");
  });

  test("a result written before the product marked its sheets is still recognised as the product's", async () => {
    const first = await balance([p4Sheet([pledge(1, 100)])]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(first.outFile);
    // As earlier versions wrote 运行记录: no line listing the product's sheets.
    wb.getWorksheet("运行记录")!.spliceRows(2, 1);
    const old = path.join(dir, "unmarked-result.xlsx");
    await wb.xlsx.writeFile(old);
    const again = await runOn(old, "unmarked-again");
    expect(again.code).toBe(0);
    expect(again.book!.worksheets.map((w) => w.name).filter((n) => n.includes("专利转化奖补"))).toEqual([]);
    expect(again.err).not.toContain("不是本工具写入的");
  });

  const PLAN_HEADER: Cell[] = ["支持项目", "承担单位", "支持金额（元）"];

  test("a clerk's funding plan on a sheet named 支持项目 is read: P5 300,000 and P7 150,000 stand apart", async () => {
    const plan: SheetSpec = {
      name: "支持项目",
      rows: [PLAN_HEADER, ["P5", "重庆某产业园", 300000], ["P7", "重庆某知识产权服务机构", 150000]],
    };
    const run = await balance([p4Sheet([pledge(1, 100)]), plan]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^P5–P8 .* 450,000\.00/m);
    expect(run.json!.totals.paid).toBe("2000.00");
    expect(values(run.book!.getWorksheet("支持项目")!)).toEqual(plan.rows);
    expect(run.book!.getWorksheet("支持项目（专利转化奖补）")).toBeDefined();
  });

  test("a 支持项目 plan with a line it cannot read stops the run, the cell named, nothing written", async () => {
    const plan: SheetSpec = { name: "支持项目", rows: [PLAN_HEADER, ["P5", "重庆某产业园", "待定"]] };
    const run = await balance([p4Sheet([pledge(1, 100)]), plan]);
    expect(run.code).toBe(2);
    expect(run.err).toContain("支持项目!C2");
    expect(existsSync(run.outFile) || existsSync(run.jsonFile)).toBe(false);
  });
});

describe("row counts come from the rows (issue 16 item 5)", () => {
  test("a sheet whose <dimension> claims 3 rows over 250,003 is refused, named, with no stack trace", async () => {
    const ledger = path.join(dir, "dimension-lie.xlsx");
    await writeBook(ledger, [p4Sheet([pledge(1, 100)])]);
    await fs.writeFile(
      ledger,
      await withRows(await fs.readFile(ledger), { 专利质押融资: { rows: 250_003, claims: 3 } }),
    );
    const run = await runOn(ledger, "dimension-lie");
    expect(run.code).toBe(2);
    expect(run.err).toContain("台账过大：工作表「专利质押融资」有 250,003 行");
    expect(run.err).not.toMatch(/\n\s+at |Maximum call stack/);
    expect(existsSync(run.outFile) || existsSync(run.jsonFile)).toBe(false);
  }, 60_000);

  test("1,000,000 rows in a sheet named 变更 are counted: refused before the workbook is loaded", async () => {
    const ledger = path.join(dir, "big-changes.xlsx");
    await writeBook(ledger, [p4Sheet([pledge(1, 100)]), { name: "变更", rows: [["备注"]] }]);
    await fs.writeFile(ledger, await withRows(await fs.readFile(ledger), { 变更: { rows: 1_000_000 } }));
    const started = Date.now();
    const run = await runOn(ledger, "big-changes");
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code).toBe(2);
    expect(run.err).toContain("工作簿过大：工作表「变更」有 1,000,000 行");
    expect(run.err).toContain("请删除这些工作表后重新运行");
  }, 120_000);

  test("at the limit a ledger balances, publicity and all; a row more is refused naming the sheet", () => {
    const policy = defaultPolicy();
    const facts = { time: new Date(), input: "limit", lang: "zh" as const };
    const choices = { sheets: {}, options: {} };
    // Every row its own unit: 公示名单 has a line each, as many as the ledger has rows.
    const ledger = (rows: number): Grid => ({
      name: "专利质押融资",
      cells: [P4_HEADER, ...Array.from({ length: rows - 1 }, (_, i) => pledge(i + 1, 1))],
    });
    const plan = planBalance([ledger(MAX_LEDGER_ROWS)], policy, choices, facts);
    if (plan.kind !== "balanced") throw new Error(plan.kind);
    expect(plan.result.rows).toHaveLength(MAX_LEDGER_ROWS - 1);
    const publicity = plan.tables.find((t) => t.sheet === "公示名单")!;
    expect(publicity.rows.length).toBeGreaterThan(MAX_LEDGER_ROWS);
    expect(() => planBalance([ledger(MAX_LEDGER_ROWS + 1)], policy, choices, facts)).toThrow(
      "台账过大：工作表「专利质押融资」有 100,001 行",
    );
    // A sheet named 变更 that is the clerk's (no product layout) is counted with the ledgers.
    const notes: Grid = { name: "变更", cells: Array.from({ length: MAX_LEDGER_ROWS }, () => ["备注"]) };
    expect(() => planBalance([ledger(10), notes], policy, choices, facts)).toThrow(
      "台账过大：工作表「变更」100,000 行、「专利质押融资」10 行，共 100,010 行",
    );
  }, 120_000);
});

describe("status follows money (issue 16 item 7)", () => {
  const CAPPED = "重庆质押企业1有限公司";
  const paidToCap = paidSheet([["P4", CAPPED, creditCode(4001), 200000, null]]);

  test("a row paid 0.00 is 本批未获兑付, with why, on 异常清单, counted apart from 不予兑付", async () => {
    // Row 2: its unit's cap used up by batch 1. Row 3: 1 元 of financing, an award of 0.002 元, rounds to nothing.
    const run = await balance(
      [p4Sheet([pledge(1, 5000), pledge(2, "0.0001"), pledge(3, 100)]), paidToCap],
      "--batch",
      "2",
    );
    expect(run.code).toBe(0);
    const used = rowOf(run, "专利质押融资", 2);
    const tiny = rowOf(run, "专利质押融资", 3);
    expect([used.status, used.payout, codesOf(used)[0]]).toEqual(["zero", "0.00", "CAP_EXHAUSTED"]);
    expect([tiny.status, tiny.payout, codesOf(tiny)[0]]).toEqual(["zero", "0.00", "ROUNDED_TO_NOTHING"]);
    expect(rowOf(run, "专利质押融资", 4)).toMatchObject({ status: "paid", payout: "2000.00" });
    const exceptions = values(product(run.book!, "异常清单"));
    const line = (row: number) => exceptions.find((r) => r?.[0] === "专利质押融资" && r?.[1] === row)!;
    expect(line(2)).toEqual(
      expect.arrayContaining([expect.stringContaining("已达上限"), "不予支持（单位已达奖补上限）"]),
    );
    expect(line(3)[5]).toContain("本批未获兑付");
    expect(line(3)[7]).toBe("ROUNDED_TO_NOTHING");
    const ledgerRows = values(run.book!.getWorksheet("专利质押融资")!);
    expect([ledgerRows[1][11], ledgerRows[2][11], ledgerRows[3][11]]).toEqual([
      "本批未获兑付",
      "本批未获兑付",
      "应兑付",
    ]);
    expect(run.out).toContain("不予兑付 0 行，重复 0 行，本批未获兑付（0.00 元）2 行");
    const record = values(product(run.book!, "运行记录"));
    expect(record).toContainEqual(["行数（应兑付/本批未获兑付/不予兑付/重复/暂缓）", "1/2/0/0/0"]);
    expect(run.json!.totals.rows).toEqual({ paid: 1, zero: 2, rejected: 0, duplicate: 0, held: 0 });
  });

  test("a later run reads 本批未获兑付 back: no payout of the year, no change", async () => {
    const first = await balance([p4Sheet([pledge(1, 5000), pledge(3, 100)]), paidToCap], "--batch", "2");
    const again = await runOn(first.outFile, "zero-again", "--batch", "2");
    expect(again.code).toBe(0);
    expect(again.out).toContain("变更：无变化");
    const cumulative = values(again.book!.getWorksheet("累计已兑付")!);
    expect(cumulative.filter((r) => r?.[2] === CAPPED).map((r) => r?.[5])).toEqual([200000]);
  });
});

describe("every refusal is bilingual and says what to do (issue 16 item 6)", () => {
  const ledger = () => path.join(dir, "case-1.xlsx");

  test("file-system errors: a folder for the ledger, a path through a file, a --prior not there", async () => {
    const folder = await command("balance", dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(
      `${dir}：这是文件夹，不是文件，请给出文件的路径（EISDIR）/ ${dir}: it is a folder, not a file`,
    );
    const through = await command("balance", ledger(), "--prior", path.join(ledger(), "paid.xlsx"));
    expect(through.code).toBe(2);
    expect(through.err).toContain("路径中有一级不是文件夹，请检查路径（ENOTDIR）");
    const missing = await command("balance", ledger(), "--prior", path.join(dir, "none.xlsx"));
    expect(missing.err).toContain("找不到文件，请检查路径和文件名 / ");
  });

  test("policy-file errors: not JSON; a field of the wrong kind, named", async () => {
    const broken = path.join(dir, "broken-policy.json");
    await fs.writeFile(broken, "{ items: [");
    const notJson = await command("balance", ledger(), "--policy", broken);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain("不是有效的 JSON 政策文件，请用文本编辑器检查括号、逗号和引号");
    const policy = JSON.parse(JSON.stringify(policyJson)) as { items: { perUnitCap: { yuan: unknown } }[] };
    policy.items[1].perUnitCap.yuan = 200000;
    const wrong = path.join(dir, "wrong-policy.json");
    await fs.writeFile(wrong, JSON.stringify(policy));
    const field = await command("balance", ledger(), "--policy", wrong);
    expect(field.code).toBe(2);
    expect(field.err).toContain(
      '政策文件字段 "items[1].perUnitCap.yuan"：应为写成文本的不小于 0 的十进制数，如 "4000" / policy field',
    );
  });

  test("a large workbook with a password to open is told so, not taken for an old .xls", async () => {
    const locked = path.join(dir, "locked.xlsx");
    await fs.writeFile(locked, encryptedWorkbook(3 << 20));
    const run = await command("balance", locked);
    expect(run.code).toBe(2);
    expect(run.err).toContain("工作簿有打开密码：请在 Excel 中取消密码");
    expect(run.err).not.toContain("97-2003");
  });

  test("--json /dev/full is refused before anything is written", async () => {
    const out = path.join(dir, "devfull-result.xlsx");
    const run = await command("balance", ledger(), "--out", out, "--json", "/dev/full");
    expect(run.code).toBe(2);
    expect(run.err).toContain("--json /dev/full 是字符设备，不是普通文件");
    expect(existsSync(out)).toBe(false);
  });

  test("a holiday file for 2030 without 国庆 is refused, naming it", async () => {
    const file = path.join(dir, "h2030.csv");
    const off = ["2030-01-01", "2030-02-03", "2030-04-05", "2030-05-01", "2030-06-05", "2030-09-12"];
    await fs.writeFile(file, `日期,类型\n${off.map((d) => `${d},节假日`).join("\n")}\n`);
    const run = await command("publicity", "2030-09-27", "--holidays", file);
    expect(run.code).toBe(2);
    expect(run.err).toContain("2030 年的放假安排不完整，缺少：国庆节");
    expect(run.err).toContain("National Day missing");
  });

  test("a UTF-16 holiday list, as Excel saves Unicode text (tab between fields), is read", async () => {
    const file = path.join(dir, "h2027-unicode.txt");
    const rows = [
      ["日期", "类型"],
      ["2027-01-05", "节假日"],
      ["2027-01-10", "调休"],
      ...DAYS_OFF_2027.map((d) => [d, "节假日"]),
    ];
    const text = rows.map((r) => r.join("\t")).join("\r\n");
    await fs.writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(await command("publicity", "2027-01-04", "--holidays", file)).toMatchObject({
      code: 0,
      out: "2027-01-10\n",
    });
  });

  test("no refusal of the corpus is English only or shows a stack trace", () => {
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    for (const { argv, err } of refusals) {
      const said = { argv: argv.join(" "), err };
      expect(said).toMatchObject({ err: expect.stringMatching(/[\u4e00-\u9fff]/) });
      expect(said).not.toMatchObject({ err: expect.stringMatching(/\n\s+at |unexpected error|Maximum call stack/) });
      // Chinese first: on a line that says a thing in both languages ("… / …"), the Chinese comes before.
      for (const line of err.split("\n").filter((l) => l.includes(" / "))) {
        const before = line.split(" / ")[0];
        expect({ ...said, before }).toMatchObject({ before: expect.stringMatching(/[\u4e00-\u9fff]/) });
      }
    }
  });
});
