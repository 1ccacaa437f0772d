import { createHash } from "crypto";
import { existsSync, promises as fs, readFileSync } from "fs";
import os from "os";
import path from "path";
import Decimal from "decimal.js";
import ExcelJS from "exceljs";
import { creditCodeCheckChar } from "../../src/engine/creditCode";
import { PERFORMANCE_ITEMS, type PerformanceItemId } from "../../src/engine/types";
import { OUTPUT_HEADERS } from "../../src/ledger";
import { defaultPolicy, performanceItem } from "../../src/policy";
import { run, runOn } from "./run";

const EXAMPLES = path.join(__dirname, "..", "..", "examples");
const SAMPLE = path.join(EXAMPLES, "sample-ledger.xlsx");
const OTHER = path.join(EXAMPLES, "other-layout.xlsx");

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-cli-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

interface JsonRow {
  sheet: string;
  row: number;
  item: string;
  claimant: string;
  status: string;
  award: string;
  payout: string;
  reasons: { code: string; message: string }[];
  explanation: {
    rule: string;
    clause: string;
    inputs: Record<string, string>;
    steps: string[];
  };
}
interface Json {
  policy: { id: string; version: string };
  items: {
    id: string;
    budget: string;
    prior: string;
    priorReceived: string;
    demand: string;
    received: string;
    released: string;
    paid: string;
    factor: string;
  }[];
  rows: JsonRow[];
  kpis: { id: string; actual: string | null; target: string }[];
}
const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8"));

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Header row and first output column of each ledger sheet in the result, found by the output headers. */
function outputColumns(sheet: ExcelJS.Worksheet): {
  headerRow: number;
  columns: number[];
} {
  for (let r = 1; r <= 10; r++) {
    const values = sheet.getRow(r).values as unknown[];
    const columns = values.flatMap((v, c) => ((OUTPUT_HEADERS.zh as readonly unknown[]).includes(v) ? [c] : []));
    if (columns.length > 0) return { headerRow: r, columns };
  }
  return { headerRow: 0, columns: [] };
}

describe("patent-awards balance on the sample ledger", () => {
  let out: string;
  let json: string;
  let before: string;
  let printed: string;

  beforeAll(async () => {
    out = path.join(dir, "result.xlsx");
    json = path.join(dir, "result.json");
    before = sha256(SAMPLE);
    const r = await run("balance", SAMPLE, "--out", out, "--json", json);
    expect(r.code).toBe(0);
    printed = r.out;
  });

  test("never changes the input file", () => {
    expect(sha256(SAMPLE)).toBe(before);
  });

  test("prints the summary: every item, the moves, the refused rows", () => {
    expect(printed).toContain("渝北市监〔2024〕12号");
    for (const id of ["P1", "P2", "P3", "P4"]) expect(printed).toMatch(new RegExp(`^${id} `, "m"));
    const data = readJson(json);
    const refused = data.rows.filter((r) => r.status === "rejected").length;
    expect(printed).toContain(`不予兑付 ${refused} 行`);
  });

  test("the JSON has the documented shape", () => {
    const data = readJson(json);
    expect(data.policy).toMatchObject({
      id: "yubei-2024-12",
      version: "1.0.0",
    });
    for (const item of data.items) {
      for (const key of ["budget", "prior", "demand", "received", "released", "paid"] as const) {
        expect(item[key]).toMatch(/^\d+\.\d{2}$/);
      }
    }
    for (const row of data.rows) {
      expect(row.row).toBeGreaterThan(1);
      expect(["paid", "rejected", "duplicate"]).toContain(row.status);
      expect(row.award).toMatch(/^\d+\.\d{2}$/);
      expect(row.payout).toMatch(/^\d+\.\d{2}$/);
      if (row.status !== "paid") expect(row.reasons.length).toBeGreaterThan(0);
      // Every paid row says how its award came about: the rule, its clause, the computation.
      if (row.status === "paid") {
        expect(row.explanation.clause).toMatch(/^§二\(一\)[1-4]$/);
        expect(row.explanation.steps[0]).toContain(row.explanation.clause);
        // P4: the exact product, then the award rounded to the fen at once (POLICY §2 step 2).
        expect(row.explanation.steps[0]).toMatch(/=\s*[\d.]+( → \d+\.\d\d)? 元/);
      }
    }
    expect(data.kpis.map((k) => k.id)).toEqual(["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10"]);
  });

  test("the sample holds every kind of row the issue asks for", () => {
    const data = readJson(json);
    const codes = new Set(data.rows.flatMap((r) => r.reasons.map((x) => x.code)));
    for (const code of [
      "PATENT_CHECK_MISMATCH",
      "PATENT_TYPE_MISMATCH",
      "OUTSIDE_FUND_PERIOD",
      "NO_RECORD",
      "COUNTERPARTY_KIND",
      "OTHER_FISCAL_SUPPORT",
      "DUPLICATE",
      "OPEN_LICENCE_PLATFORM",
      "BAD_CREDIT_CODE",
      "BARRED",
      "CLAIMANT_NOT_IN_DISTRICT",
      "CAP_APPLIED",
      "PAID_BEFORE",
    ]) {
      expect(codes).toContain(code);
    }
    const p4 = data.items.find((i) => i.id === "P4")!;
    expect(new Decimal(p4.demand).greaterThan(p4.budget)).toBe(true);
    expect(new Decimal(p4.received).greaterThan(0)).toBe(true);
    expect(new Decimal(data.items.find((i) => i.id === "P3")!.released).greaterThan(0)).toBe(true);
  });

  test("output columns sit beside each ledger sheet, and hold the JSON's payouts", async () => {
    const wb = await workbook(out);
    const data = readJson(json);
    const sheets = [...new Set(data.rows.map((r) => r.sheet))];
    expect(sheets).toHaveLength(4);
    for (const name of sheets) {
      const sheet = wb.getWorksheet(name)!;
      const { headerRow, columns } = outputColumns(sheet);
      expect(headerRow).toBeGreaterThan(1);
      expect(columns).toHaveLength(6);
      expect(columns[5] - columns[0]).toBe(5);
      for (const row of data.rows.filter((r) => r.sheet === name)) {
        const payout = sheet.getRow(row.row).getCell(columns[3]).value;
        expect(new Decimal(String(payout)).toFixed(2)).toBe(row.payout);
      }
    }
  });

  test("汇总's total equals the sum of the payouts on the ledger sheets, to the fen", async () => {
    const wb = await workbook(out);
    const data = readJson(json);
    let cells = new Decimal(0);
    for (const name of new Set(data.rows.map((r) => r.sheet))) {
      const sheet = wb.getWorksheet(name)!;
      const { headerRow, columns } = outputColumns(sheet);
      // A claim's line has a status; the ledger's own 合计/小计 lines (sums of those above) have none.
      sheet.getColumn(columns[3]).eachCell((cell, row) => {
        const claim = sheet.getRow(row).getCell(columns[4]).value !== null;
        if (row > headerRow && claim && typeof cell.value === "number") cells = cells.plus(String(cell.value));
      });
    }
    const summary = wb.getWorksheet("汇总")!;
    let total: unknown;
    let supportLine: unknown;
    summary.eachRow((row) => {
      if (row.getCell(1).value === "合计") total = row.getCell(11).value;
      if (String(row.getCell(2).value).startsWith("P5–P8 支持项目")) supportLine = row.getCell(11).value;
    });
    // POLICY §2 step 8: the 合计 is what the ledgers pay (P1–P4); P5–P8's plan stands on a line of its own.
    const planned = data.items
      .filter((i) => !PERFORMANCE_ITEMS.includes(i.id as PerformanceItemId))
      .reduce((a, i) => a.plus(i.paid), new Decimal(0));
    expect(planned.toFixed(2)).toBe("1520000.00");
    expect(new Decimal(String(total)).toFixed(2)).toBe(cells.toFixed(2));
    expect(new Decimal(String(supportLine)).toFixed(2)).toBe(planned.toFixed(2));
    const fromJson = data.rows.reduce((a, r) => a.plus(r.payout), new Decimal(0));
    expect(fromJson.toFixed(2)).toBe(cells.toFixed(2));
  });

  test("公示名单 counts patents: the university with 15 invention transfers, capped", async () => {
    const list = (await workbook(out)).getWorksheet("公示名单")!;
    let found: unknown[] = [];
    list.eachRow((row) => {
      if (row.getCell(2).value === "重庆渝北理工大学") found = (row.values as unknown[]).slice(1);
    });
    expect(found.slice(1, 6)).toEqual([
      "重庆渝北理工大学",
      expect.stringMatching(/^12500112/),
      15,
      50000,
      "已按单位上限封顶",
    ]);
  });

  test("公示名单 as published: heading, paragraph, the list by item with 小计 and 合计, period, objections, issuer, date", async () => {
    const published = path.join(dir, "published.xlsx");
    const contact = "联系人=张三;电话=023-67800000;地址=重庆市渝北区双龙大道1号";
    const r = await run("balance", SAMPLE, "--out", published, "--publicity-start", "2024-09-27", "--contact", contact);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("草稿");
    const list = (await workbook(published)).getWorksheet("公示名单")!;
    const rows: unknown[][] = [];
    list.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    const first = rows.map((row) => String(row[0] ?? ""));
    // Each part found after the one before it, as a reader goes down the page.
    let at = -1;
    const next = (match: (line: string, i: number) => boolean) => {
      const found = first.findIndex((line, i) => i > at && match(line, i));
      expect(found).toBeGreaterThan(at);
      at = found;
      return found;
    };
    next((l) => l === "关于渝北区2024年第一批专利转化绩效奖补拟兑付名单的公示");
    next((l) => /^根据《.+》（渝北市监〔2024〕12号）.*经审查、分管负责人和主要负责人审核、党组会研究/.test(l));
    next((l) => l === "单位：元");
    const header = next((l) => l === "序号");
    expect(rows[header].slice(0, 6)).toEqual(["序号", "单位名称", "统一社会信用代码", "件数/笔数", "兑付金额", "备注"]);
    // Four items, each under its name with its units and a 小计 that adds them up to the fen.
    const groups = [
      "一、高校院所、国有企业输出专利技术",
      "二、中小微企业接受高校院所、国有企业专利转让许可",
      "三、中小微企业开展专利产品备案",
      "四、中小微企业开展专利质押融资",
    ];
    const subtotals: Decimal[] = [];
    for (const group of groups) {
      next((l) => l === group);
      const from = at;
      const sub = next((l) => l === "小计");
      const units = rows.slice(from + 1, sub).filter((row) => typeof row[0] === "number");
      expect(units.length).toBeGreaterThan(0);
      const sum = Decimal.sum(...units.map((row) => new Decimal(String(row[4]))));
      expect(new Decimal(String(rows[sub][4])).toFixed(2)).toBe(sum.toFixed(2));
      subtotals.push(sum);
    }
    const total = next((l) => l === "合计");
    const paid = Decimal.sum(
      ...readJson(json)
        .items.filter((i) => /^P[1-4]$/.test(i.id))
        .map((i) => new Decimal(i.paid)),
    );
    expect(new Decimal(String(rows[total][4])).toFixed(2)).toBe(paid.toFixed(2));
    expect(Decimal.sum(...subtotals).toFixed(2)).toBe(paid.toFixed(2));
    next((l) => l === "公示期：2024年9月27日至2024年10月9日。");
    const objections = next((l) => l.startsWith("公示期内，任何单位和个人如有异议"));
    expect(first[objections]).toContain("联系人：张三；联系电话：023-67800000；地址：重庆市渝北区双龙大道1号。");
    next((l) => l === "重庆市渝北区市场监督管理局");
    next((l) => l === "2024年9月27日");
    expect(at).toBe(rows.length - 1);
    // The foot right-aligned where the seal goes, the heading centred across the list.
    expect(list.getCell(`A${at + 1}`).alignment?.horizontal).toBe("right");
    expect(list.getCell("A1").alignment?.horizontal).toBe("center");
    expect(list.getCell("A1").isMerged).toBe(true);
    // Nothing internal or coded on the public list: no sign-off line, no item codes.
    const text = rows.flat().map((v) => String(v ?? ""));
    expect(text.filter((t) => t.includes("经办人"))).toEqual([]);
    expect(text.filter((t) => /\bP[1-8]\b/.test(t))).toEqual([]);
    // The contact is kept in 运行记录, and a run on the result without --contact says the same.
    const record: unknown[][] = [];
    (await workbook(published))
      .getWorksheet("运行记录")!
      .eachRow((row) => record.push((row.values as unknown[]).slice(1)));
    expect(record).toContainEqual(["联系方式", contact]);
    const again = path.join(dir, "published-again.xlsx");
    expect((await run("balance", published, "--out", again, "--publicity-start", "2024-09-27")).code).toBe(0);
    const cells: string[] = [];
    (await workbook(again)).getWorksheet("公示名单")!.eachRow((row) => cells.push(String(row.getCell(1).value)));
    expect(cells.find((c) => c.startsWith("公示期内"))).toContain("联系人：张三；联系电话：023-67800000");
    // Printed A4 landscape, one page wide, the title lines and header on every page, each page numbered.
    expect(list.pageSetup).toMatchObject({
      orientation: "landscape",
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${header + 1}`,
    });
    expect(list.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
    // Two runs of the command: more than jest's default five seconds on a busy machine.
  }, 60_000);

  test("without --publicity-start 公示名单 is a draft: its heading says 草稿, and so does the console", async () => {
    const list = (await workbook(out)).getWorksheet("公示名单")!;
    expect(list.getCell("A1").value).toBe("关于渝北区2024年第一批专利转化绩效奖补拟兑付名单的公示（草稿）");
    expect(printed).toContain("公示名单为草稿");
    expect(
      (await run("balance", SAMPLE, "--out", path.join(dir, "bad.xlsx"), "--publicity-start", "2024-02-30")).code,
    ).toBe(1);
  });

  test("汇总 as leaders sign it: heading with issuer, 第一批, 单位：元 and date; headers over numbers aligned; sign-off last", async () => {
    const summary = (await workbook(out)).getWorksheet("汇总")!;
    expect(summary.getCell("A1").value).toBe("渝北区2024年第一批专利转化绩效奖补资金兑付汇总表");
    expect(String(summary.getCell("A2").value)).toMatch(
      /^编制单位：重庆市渝北区市场监督管理局\u3000\u3000批次：第一批\u3000\u3000单位：元\u3000\u3000日期：\d{4}年\d{1,2}月\d{1,2}日$/,
    );
    let header = 0;
    summary.eachRow((row, n) => {
      if (!header && row.getCell(1).value === "项目编号") header = n;
    });
    // 预算 … 比例: the header right-aligned over its right-aligned numbers; 项目名称 wraps rather than being cut.
    for (const c of [3, 11, 12]) {
      expect(summary.getRow(header).getCell(c).alignment?.horizontal).toBe("right");
      expect(summary.getRow(header + 1).getCell(c).alignment?.horizontal).toBe("right");
    }
    expect(summary.getRow(header + 1).getCell(2).alignment?.wrapText).toBe(true);
    const values: string[] = [];
    summary.eachRow((row) => values.push(...Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? ""))));
    expect(values.filter((v) => v === "未指定" || v.includes("批次 未指定"))).toEqual([]);
    expect(values[values.length - 1]).toMatch(/^经办人：.*分管负责人：.*主要负责人：.*日期：$/);
  });

  test("--publicity-start 2024/9/27 (as publicity takes it) gives the 公示名单 of 2024-09-27; a non-date refused in Chinese", async () => {
    const listOf = async (start: string) => {
      const file = path.join(dir, `publicity-${start.replace(/\W/g, "_")}.xlsx`);
      expect((await run("balance", SAMPLE, "--out", file, "--publicity-start", start)).code).toBe(0);
      const values: unknown[][] = [];
      (await workbook(file))
        .getWorksheet("公示名单")!
        .eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return values;
    };
    const iso = await listOf("2024-09-27");
    expect(JSON.stringify(iso)).toContain("公示期：2024年9月27日至2024年10月9日。");
    for (const form of ["2024/9/27", "2024年9月27日"]) expect(await listOf(form)).toEqual(iso);
    const bad = await run("balance", SAMPLE, "--publicity-start", "9/27");
    expect(bad.code).toBe(1);
    expect(bad.err.split("\n")[0]).toBe(
      "patent-awards: --publicity-start 应为日期，如 2024-09-27、2024/9/27 或 2024年9月27日，而不是「9/27」",
    );
  });

  test("a second run on the result gives the same numbers, with no duplicate columns or sheets", async () => {
    const again = path.join(dir, "again.xlsx");
    const againJson = path.join(dir, "again.json");
    expect((await run("balance", out, "--out", again, "--json", againJson)).code).toBe(0);
    const first = readJson(json);
    const second = readJson(againJson);
    expect(second.rows).toEqual(first.rows);
    // The first run's own moves stay this batch's moves, not earlier ones (往期).
    expect(second.items).toEqual(first.items);
    const a = await workbook(out);
    const b = await workbook(again);
    // The second run says what changed since the first (nothing) on a sheet of its own, 变更.
    expect(b.worksheets.map((w) => w.name)).toEqual([...a.worksheets.map((w) => w.name), "变更"]);
    for (const sheet of a.worksheets) {
      expect(b.getWorksheet(sheet.name)!.columnCount).toBe(sheet.columnCount);
    }
    expect(b.getWorksheet("变更")!.getCell("A2").value).toBe("无变化");
    // A third run replaces that 变更 sheet rather than adding another.
    const third = path.join(dir, "third.xlsx");
    expect((await run("balance", again, "--out", third)).code).toBe(0);
    expect((await workbook(third)).worksheets.map((w) => w.name)).toEqual(b.worksheets.map((w) => w.name));
  });

  test("batch 2 run on a batch-1 result takes that run's moves as earlier ones", async () => {
    const batch1 = path.join(dir, "batch1.xlsx");
    const json1 = path.join(dir, "batch1.json");
    const json2 = path.join(dir, "batch2.json");
    expect((await run("balance", SAMPLE, "--batch", "1", "--out", batch1, "--json", json1)).code).toBe(0);
    expect((await run("balance", batch1, "--batch", "2", "--json", json2)).code).toBe(0);
    const first = readJson(json1).items.find((i) => i.id === "P4")!;
    const second = readJson(json2).items.find((i) => i.id === "P4")!;
    expect(new Decimal(first.received).greaterThan(0)).toBe(true);
    expect(second.priorReceived).toBe(first.received);
  });

  test("the funding plan commits P5–P8: P7's 230,000 left is moved, and the run says so", () => {
    const data = readJson(json);
    const p7 = data.items.find((i) => i.id === "P7")!;
    expect([p7.budget, p7.demand, p7.released, p7.paid]).toEqual(["600000.00", "370000.00", "230000.00", "370000.00"]);
    const moves = (
      readJson(json) as Json & {
        moves: { from: string; to: string; amount: string }[];
      }
    ).moves;
    expect(moves).toContainEqual({ from: "P7", to: "P4", amount: "230000.00" });
    expect(printed).toContain("P7 → P4  230,000.00");
    expect(printed).toMatch(/^绩效指标：达标 \d+ 项，未达标 [1-9]\d* 项，未报送 \d+ 项$/m);
    // The sample's plan is within every cap: no plan line is printed.
    expect(printed).not.toContain("资金计划：");
  });

  test("支持项目 sits between 目标进度 and 运行记录; the plan and indicator sheets are not ledgers", async () => {
    const wb = await workbook(out);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(names.indexOf("目标进度"))).toEqual(["目标进度", "支持项目", "累计已兑付", "运行记录"]);
    const sheet = wb.getWorksheet("支持项目")!;
    expect(sheet.getRow(4).values).toEqual([undefined, "P7", "服务机构专利转化促进", 3, 4, 370000, 600000, "合规", ""]);
    expect(new Set(readJson(json).rows.map((r) => r.sheet))).not.toContain("支持项目资金计划");
  });

  test("a unit name that looks like a formula stays a text cell", async () => {
    const wb = await workbook(SAMPLE);
    const name = '=HYPERLINK("http://example.invalid","点击")';
    wb.getWorksheet("专利产品备案")!.getCell("B4").value = name;
    const input = path.join(dir, "formula-name.xlsx");
    await wb.xlsx.writeFile(input);
    const result = path.join(dir, "formula-name-result.xlsx");
    expect((await run("balance", input, "--out", result)).code).toBe(0);
    const written = await workbook(result);
    expect(written.getWorksheet("专利产品备案")!.getCell("B4").type).toBe(ExcelJS.ValueType.String);
    const listed: ExcelJS.Cell[] = [];
    written
      .getWorksheet("公示名单")!
      .getColumn(2)
      .eachCell((c) => {
        if (c.value === name) listed.push(c);
      });
    expect(listed).toHaveLength(1);
    expect(listed[0].type).toBe(ExcelJS.ValueType.String);
  });
});

describe("options", () => {
  test("--no-reallocate: P4 is paid pro rata within what is left of its own budget", async () => {
    const json = path.join(dir, "no-realloc.json");
    expect((await run("balance", SAMPLE, "--no-reallocate", "--json", json)).code).toBe(0);
    const p4 = readJson(json).items.find((i) => i.id === "P4")!;
    expect(p4.received).toBe("0.00");
    expect(new Decimal(p4.factor).lessThan(1)).toBe(true);
    expect(new Decimal(p4.paid).equals(new Decimal(p4.budget).minus(p4.prior))).toBe(true);
  });

  test("--round yuan, --lang en, --budget, --priority", async () => {
    const json = path.join(dir, "options.json");
    const r = await run(
      "balance",
      SAMPLE,
      "--round",
      "yuan",
      "--lang",
      "en",
      "--budget",
      "P4=100000",
      "--priority",
      "P3,P4",
      "--json",
      json,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain("rows rejected");
    const data = readJson(json);
    expect(data.rows.every((row) => row.payout.endsWith(".00"))).toBe(true);
    expect(data.items.find((i) => i.id === "P4")!.budget).toBe("100000.00");
    expect(data.rows.find((row) => row.status === "rejected")!.reasons[0].message).toMatch(/[A-Za-z]/);
  });

  test("progress goes to stderr on a terminal, not into the summary", async () => {
    const quiet = await run("balance", OTHER);
    expect(quiet.err).toBe("");
    const shown = await runOn(true, "balance", OTHER);
    expect(shown.err).toMatch(/^\[\d+\.\ds\] 已读取 .*other-layout\.xlsx：1 张工作表，\d+ 行$/m);
    expect(shown.err).toMatch(/已平衡 10 条申报/);
    expect(shown.out).toBe(quiet.out);
    // In English when asked.
    expect((await runOn(true, "balance", OTHER, "--lang", "en")).err).toMatch(
      /^\[\d+\.\ds\] read .*other-layout\.xlsx: 1 sheets, \d+ rows$/m,
    );
  });

  test("--prior: what an earlier batch paid, from another workbook, lowers the cap left", async () => {
    const first17 = "91500112MA0000101";
    const wb = new ExcelJS.Workbook();
    const paid = wb.addWorksheet("已兑付");
    paid.addRow(["奖补项目", "单位名称", "统一社会信用代码", "兑付金额（元）"]);
    paid.addRow(["P3", "重庆渝北精密机械有限公司", first17 + creditCodeCheckChar(first17), 30000]);
    const prior = path.join(dir, "paid-batch-1.xlsx");
    await wb.xlsx.writeFile(prior);
    const json = path.join(dir, "prior.json");
    expect((await run("balance", SAMPLE, "--prior", prior, "--batch", "2", "--json", json)).code).toBe(0);
    const row = readJson(json).rows.find((r) => r.item === "P3" && r.claimant === "重庆渝北精密机械有限公司")!;
    expect(row.payout).toBe("0.00");
    expect(row.reasons.map((r) => r.code)).toContain("CAP_EXHAUSTED");
    const p3 = readJson(json).items.find((i) => i.id === "P3")!;
    expect(p3.prior).toBe("30000.00");
  });

  test("--version, --help, publicity", async () => {
    expect(await run("--version")).toMatchObject({ code: 0, out: "0.1.0\n" });
    expect((await run("--help")).out).toContain("patent-awards balance LEDGER.xlsx");
    // CASES #17: Fri 2024-09-27, Sun 09-29 a working day, 10-01…10-07 holiday.
    expect(await run("publicity", "2024-09-27")).toMatchObject({
      code: 0,
      out: "2024-10-09\n",
    });
    expect(await run("publicity", "2025-01-24", "--days", "5")).toMatchObject({
      code: 0,
      out: "2025-02-06\n",
    });
    expect((await run("publicity", "2099-01-02")).code).toBe(2);
  });
});

describe("a funding plan with problems", () => {
  test("an over-cap line and the item over its money are printed one line each; an unreadable line on stderr", async () => {
    const wb = await workbook(SAMPLE);
    const plan = wb.getWorksheet("支持项目资金计划")!;
    // Row 5 is 重庆渝北理工大学's P6 line: 200,000 is over the 150,000 per unit, and P6 over 300,000.
    plan.getCell("E5").value = 200000;
    const file = path.join(dir, "plan-problems.xlsx");
    await wb.xlsx.writeFile(file);
    const json = path.join(dir, "plan-problems.json");
    const r = await run("balance", file, "--json", json);
    expect(r.code).toBe(0);
    const planLines = r.out.split("\n").filter((l) => l.startsWith("资金计划："));
    expect(planLines).toEqual([
      expect.stringMatching(
        /^资金计划：P6（高校院所专利转化促进） 计划资助合计 350,000 元，超过本项目支持资金不超过 300,000 元的上限/,
      ),
      expect.stringMatching(
        /^资金计划：支持项目资金计划!5 重庆渝北理工大学 在 P6（高校院所专利转化促进） 计划资助合计 200,000 元/,
      ),
    ]);
    const en = await run("balance", file, "--lang", "en");
    expect(en.out).toMatch(/^Funding plan: P6 plans 350,000 元 in total/m);
  });

  test("an unreadable plan line stops the balance (exit 2), named by sheet, cell and what is expected; nothing written", async () => {
    const wb = await workbook(SAMPLE);
    wb.getWorksheet("支持项目资金计划")!.getCell("E9").value = "十万";
    const file = path.join(dir, "plan-unreadable.xlsx");
    await wb.xlsx.writeFile(file);
    const [out, json] = [path.join(dir, "plan-unreadable-out.xlsx"), path.join(dir, "plan-unreadable.json")];
    const r = await run("balance", file, "--out", out, "--json", json);
    // Read as uncommitted, the line would free P7's money for other items: LEDGER.md "Read completely or not at all".
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/支持项目资金计划!E9（.*）: 支持金额应为金额/);
    expect(r.err).toContain("未做平衡、未写任何文件");
    expect(existsSync(out) || existsSync(json)).toBe(false);
  });
});

describe("a ledger laid out differently (other-layout.xlsx)", () => {
  test("one combined sheet with an item column, other synonyms, 元 with commas, text and serial dates", async () => {
    const json = path.join(dir, "other.json");
    expect((await run("balance", OTHER, "--json", json)).code).toBe(0);
    const rows = readJson(json).rows;
    const policy = defaultPolicy();
    const rate = (item: "P1" | "P2" | "P3", mode: string, type?: string) =>
      performanceItem(policy, item).rates.find((r) => r.mode === mode && (type === undefined || r.patentType === type))!
        .yuan!;
    const pledgeRate = performanceItem(policy, "P4").rates[0].percentOfAmount!.dividedBy(100);
    // By the rules of POLICY §1 applied to what each row says (see examples/make-sample.js, OTHER).
    const expected: [string, string, Decimal.Value][] = [
      ["P1", "paid", rate("P1", "transfer", "invention")],
      ["P1", "paid", rate("P1", "openLicence")],
      ["P1", "paid", rate("P1", "licence")],
      ["P2", "paid", rate("P2", "transfer", "invention")],
      ["P2", "paid", rate("P2", "transfer", "other")],
      ["P2", "rejected", 0],
      ["P3", "paid", rate("P3", "productFiling").times(4)],
      ["P3", "rejected", 0],
      ["P4", "paid", pledgeRate.times(12_000_000)],
      ["P4", "rejected", 0],
    ];
    expect(rows.map((r) => [r.item, r.status, r.payout])).toEqual(
      expected.map(([item, status, payout]) => [item, status, new Decimal(payout).toFixed(2)]),
    );
    expect(rows.map((r) => r.row)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(rows.filter((r) => r.status === "rejected").map((r) => r.reasons[0].code)).toEqual([
      "COUNTERPARTY_KIND",
      "OUTSIDE_FUND_PERIOD",
      "OTHER_FISCAL_SUPPORT",
    ]);
  });
});

describe("choosing for a sheet on the command line (--sheet, --header-row, --skip)", () => {
  const code = (body: string) => body + creditCodeCheckChar(body);
  const header = ["序号", "申报单位", "统一社会信用代码", "转让方性质", "专利号", "转化方式", "登记日期"];
  const claim = (n: number) => [
    n,
    `重庆受让${n}号科技有限公司`,
    code(`91500112MA5U0000${n}`),
    "高校",
    "ZL200710308494.X",
    "转让",
    "2024-03-05",
  ];

  async function book(name: string, rows: unknown[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet(name).addRows(rows);
    wb.addWorksheet("填表说明").addRow(["每行一件"]);
    const file = path.join(dir, `choose-${name}.xlsx`);
    await wb.xlsx.writeFile(file);
    return file;
  }

  test("--sheet: a sheet whose name and columns do not tell the item is balanced as the item named", async () => {
    const file = await book("Sheet1", [header, claim(1), claim(2)]);
    const asked = await run("balance", file);
    expect(asked.code).toBe(2);
    expect(asked.err).toContain("无法确定奖补项目");
    expect(asked.err).toContain('--sheet "Sheet1=<P1|P2|P3|P4>"');

    const json = path.join(dir, "chosen.json");
    const out = path.join(dir, "chosen.xlsx");
    const r = await run("balance", file, "--sheet", "Sheet1=P2", "--json", json, "--out", out);
    expect(r.code).toBe(0);
    expect(readJson(json).rows.map((row) => [row.item, row.row, row.status])).toEqual([
      ["P2", 2, "paid"],
      ["P2", 3, "paid"],
    ]);
    const record = (await workbook(out)).getWorksheet("运行记录")!;
    const lines = record.getSheetValues().map((v) => (Array.isArray(v) ? v.slice(1, 3) : []));
    expect(lines).toContainEqual(["用户设定（Sheet1）", "项目 P2"]);
  });

  test("--header-row: a header below the first 15 rows is used where it stands", async () => {
    const notes = Array.from({ length: 16 }, (_, i) => [`说明 ${i + 1}`]);
    const file = await book("专利受让台账", [...notes, header, claim(3)]);
    const asked = await run("balance", file);
    expect(asked.code).toBe(2);
    // Its name says P2: the run stops, and the advice names the row that is the header.
    expect(asked.err).toMatch(/专利受让台账.*第 17 行像是表头/);
    expect(asked.err).toContain('--header-row "专利受让台账=17"');

    const json = path.join(dir, "header-row.json");
    const r = await run("balance", file, "--header-row", "专利受让台账=17", "--json", json, "--lang", "en");
    expect(r.code).toBe(0);
    expect(readJson(json).rows.map((row) => [row.item, row.row, row.status])).toEqual([["P2", 18, "paid"]]);
    // The notes sheet is reported as skipped, with no hint to choose anything for it.
    expect(r.err).toMatch(/填表说明: .*not a ledger, skipped/);
    expect(r.err).not.toContain("to choose");
  });

  test("--skip: a sheet named is not read; an unknown sheet name is refused with the sheets listed", async () => {
    const whole = path.join(dir, "not-skipped.json");
    expect((await run("balance", SAMPLE, "--json", whole)).code).toBe(0);
    const all = readJson(whole).rows;
    const json = path.join(dir, "skipped.json");
    const skipped = all[0].sheet;
    expect((await run("balance", SAMPLE, "--skip", skipped, "--json", json)).code).toBe(0);
    const rows = readJson(json).rows;
    expect(rows.some((row) => row.sheet === skipped)).toBe(false);
    expect(rows.length).toBe(all.filter((row) => row.sheet !== skipped).length);

    const unknown = await run("balance", SAMPLE, "--skip", "没有这张表");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('没有名为 "没有这张表" 的工作表');
    expect(unknown.err).toContain(skipped);
  });

  test("exit 1: an item that is no ledger item, a header row that is no row, a choice without a value", async () => {
    for (const argv of [
      ["--sheet", "Sheet1=P5"],
      ["--sheet", "Sheet1"],
      ["--header-row", "Sheet1=0"],
      ["--header-row", "Sheet1=三"],
    ]) {
      const r = await run("balance", SAMPLE, ...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 1 });
      expect(r.err).toContain(argv[0]);
    }
  });
});

describe("unusable input", () => {
  test("exit 2: a missing file, a text file named .xlsx, a workbook with no ledger", async () => {
    const missing = await run("balance", path.join(dir, "nope.xlsx"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("file not found");

    const fake = path.join(dir, "fake.xlsx");
    await fs.writeFile(fake, "序号,申报单位\n1,重庆甲科技有限公司\n");
    const notWorkbook = await run("balance", fake);
    expect(notWorkbook.code).toBe(2);
    expect(notWorkbook.err).toContain("not an .xlsx workbook");

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["这是一份会议纪要，不是台账"]);
    wb.addWorksheet("人员").addRow(["姓名", "电话"]);
    const noLedger = path.join(dir, "no-ledger.xlsx");
    await wb.xlsx.writeFile(noLedger);
    const r = await run("balance", noLedger);
    expect(r.code).toBe(2);
    expect(r.err).toContain("没有可识别的台账工作表");
    expect(r.err).toMatch(/^ {2}说明: /m);
    expect(r.err).toMatch(/^ {2}人员: /m);
    // In English only when asked: no Chinese sentence left but the sheets' own names.
    const en = await run("balance", noLedger, "--lang", "en");
    expect(en.err).toContain("no recognisable ledger sheet");
    expect(en.err).not.toContain("没有可识别的台账工作表");
  });

  test("exit 2: an output that cannot be written is named, with no stack dump", async () => {
    const file = path.join(dir, "a-file");
    await fs.writeFile(file, "x");
    const r = await run("balance", SAMPLE, "--json", path.join(file, "result.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain(path.join(file, "result.json"));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test("exit 2: a ledger sheet missing a required column is named with the column", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("专利质押融资").addRow(["序号", "申请单位", "统一社会信用代码", "生效日期"]);
    const file = path.join(dir, "no-amount.xlsx");
    await wb.xlsx.writeFile(file);
    const r = await run("balance", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/专利质押融资.*表头在第 1 行.*质押融资金额/);
    expect(r.err).toContain('--column "专利质押融资!<列>=质押融资金额"');
  });

  test("exit 2: a policy file missing a field names the field", async () => {
    const file = path.join(dir, "policy.json");
    const policy = JSON.parse(
      readFileSync(path.join(__dirname, "..", "..", "src", "policy", "yubei-2024-12.json"), "utf8"),
    );
    delete policy.fundPeriod.from;
    await fs.writeFile(file, JSON.stringify(policy));
    const r = await run("balance", SAMPLE, "--policy", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain("fundPeriod.from");
  });

  test("exit 2 still: a funding plan and indicators are no ledger, and are not called unreadable ones", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("资金计划").addRows([
      ["项目", "承担单位", "支持金额"],
      ["P8", "某行业协会", 50000],
    ]);
    wb.addWorksheet("绩效指标").addRow(["项目", "承担单位", "指标", "完成值"]);
    const file = path.join(dir, "plan-only.xlsx");
    await wb.xlsx.writeFile(file);
    const r = await run("balance", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain("没有可识别的台账工作表");
    expect(r.err).toMatch(/^ {2}资金计划: —$/m);
    expect(r.err).toMatch(/^ {2}绩效指标: —$/m);
  });

  test("exit 1 with usage: bad arguments, --out equal to the input", async () => {
    for (const argv of [
      ["balance"],
      ["balance", SAMPLE, "--round", "jiao"],
      ["balance", SAMPLE, "--lang", "fr"],
      ["balance", SAMPLE, "--budget", "P9=1"],
      ["balance", SAMPLE, "--bogus"],
      ["balance", SAMPLE, "--batch", "3"],
      // A flag given a value is unclear: refused, not read as the flag.
      ["balance", SAMPLE, "--no-reallocate=no"],
      ["frobnicate"],
    ]) {
      const r = await run(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 1 });
      expect(r.err).toContain("Usage:");
    }
    const before = sha256(SAMPLE);
    const same = await run("balance", SAMPLE, "--out", SAMPLE);
    expect(same.code).toBe(2);
    expect(same.err).toContain("--out");
    expect(same.err).toContain("输出绝不覆盖输入");
    expect(sha256(SAMPLE)).toBe(before);
  });
});
