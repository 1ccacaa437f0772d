/**
 * Issue 10 item 8: the user's holidays — the CSV and sheet readers (src/ledger/holidays.ts), the workbook's 节假日
 * sheet (never a ledger; its days reach 公示名单 through src/plan), and `publicity START --holidays FILE`.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { csvGrid, holidayGrid, readHolidays, readLedger, sheetRole, type Grid } from "../../src/ledger";
import { planBalance, publicityEndOf } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import { readWorkbook } from "../../src/xlsx";
import { DAYS_OFF_2027 } from "../support/holidays";
import { run } from "./run";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");
const policy = defaultPolicy();

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-holidays-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * 2027: Tue 01-05 a day off, Sun 01-10 a working day, and a day off for every official holiday (a year the package
 * does not cover is given whole). From Mon 01-04, 5 working days end on Sun 01-10.
 */
const ROWS_2027: [unknown, string][] = [
  ["2027-01-05", "节假日"],
  ["2027-01-10", "调休"],
  ...DAYS_OFF_2027.map((d): [string, string] => [d, "节假日"]),
];

async function xlsxFile(name: string, sheet: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe("the holiday readers", () => {
  it("CSV: quoted fields, a BOM, CRLF, the forms of dates and types the ledger reader takes", () => {
    const text = '\uFEFF日期,类型\r\n2027/1/5,节假日\r\n"2027年1月10日",上班\r\n20270101,休息\r\n\r\n';
    const read = readHolidays(csvGrid(text, "h.csv"));
    expect(read.problems).toEqual([]);
    expect([...read.days]).toEqual([
      ["2027-01-05", "holiday"],
      ["2027-01-10", "workday"],
      ["2027-01-01", "holiday"],
    ]);
  });

  it("a sheet with a title row, Excel dates and serials", () => {
    const grid: Grid = {
      name: "节假日",
      cells: [
        ["2027 年节假日安排"],
        [null, "日期", "类型", "备注"],
        [null, new Date(Date.UTC(2027, 0, 5)), "节假日", "元旦"],
        [null, 46397, "调休", null], // 46397 = 2027-01-10
      ],
    };
    const read = readHolidays(grid);
    expect(read.problems).toEqual([]);
    expect(read.days.get("2027-01-05")).toBe("holiday");
    expect(read.days.get("2027-01-10")).toBe("workday");
  });

  it("names each row it cannot read: a bad date, an unknown type, one date given both types", () => {
    const grid = csvGrid("日期,类型\n2027-02-30,节假日\n2027-01-05,放风筝\n2027-01-06,节假日\n2027-01-06,调休\n", "h");
    const read = readHolidays(grid);
    expect(read.problems.map((p) => `${p.column}${p.row}`)).toEqual(["A2", "B3", "B5"]);
    expect(read.days.get("2027-01-06")).toBe("holiday");
  });

  it("a sheet without 日期 and 类型 is a problem, not an empty list", () => {
    expect(readHolidays({ name: "节假日", cells: [["date?", "x"]] }).problems).toHaveLength(1);
  });

  it("an .xlsx holiday file: its 节假日 sheet, else the first sheet with 日期 and 类型", () => {
    const other: Grid = { name: "说明", cells: [["see next sheet"]] };
    const list: Grid = {
      name: "Sheet2",
      cells: [
        ["日期", "类型"],
        ["2027-01-05", "节假日"],
      ],
    };
    expect(holidayGrid([other, list])?.name).toBe("Sheet2");
    expect(holidayGrid([list, { ...list, name: "节假日" }])?.name).toBe("节假日");
    expect(holidayGrid([other])).toBeUndefined();
  });
});

describe("a 节假日 sheet in the workbook", () => {
  async function sampleWith(holidays: Grid): Promise<Grid[]> {
    return [...(await readWorkbook(await fs.readFile(SAMPLE), SAMPLE)).grids, holidays];
  }
  const sheet: Grid = {
    name: "节假日",
    cells: [["日期", "类型"], ...ROWS_2027] as Grid["cells"],
  };

  it("is not taken for a ledger: its role, no ledger mapping, no problem, its days read", async () => {
    expect(sheetRole("节假日", new Map())).toBe("holidays");
    expect(sheetRole(" 节假日 ", new Map())).toBe("holidays");
    const grids = await sampleWith(sheet);
    const read = readLedger(grids, policy);
    const without = readLedger(grids.slice(0, -1), policy);
    expect(read.sheets.map((s) => s.sheet)).not.toContain("节假日");
    expect(read.problems.filter((p) => p.sheet === "节假日")).toEqual([]);
    expect(read.claims).toHaveLength(without.claims.length);
    expect([...read.holidays!.days].slice(0, 2)).toEqual([
      ["2027-01-05", "holiday"],
      ["2027-01-10", "workday"],
    ]);
    expect(read.holidays!.days.size).toBe(ROWS_2027.length);
    expect(without.holidays).toBeUndefined();
  });

  it("is not a ledger even when the user gives it an item", async () => {
    const read = readLedger(await sampleWith(sheet), policy, {
      节假日: { item: "P2" },
    });
    expect(read.sheets.map((s) => s.sheet)).not.toContain("节假日");
  });

  it("gives 公示名单 its period in 2027 (through the plan)", async () => {
    const facts = {
      time: new Date("2027-01-01T00:00:00Z"),
      input: "sample",
      lang: "zh" as const,
    };
    const choices = { sheets: {}, options: { publicityStart: "2027-01-04" } };
    const publicityOf = (grids: Grid[]) => {
      const plan = planBalance(grids, policy, choices, facts);
      if (plan.kind !== "balanced") throw new Error(plan.kind);
      const t = plan.tables.find((x) => x.sheet === "公示名单")!;
      const period = t.rows.find((r) => String(r[0]).startsWith("公示期："))![0];
      return { heading: t.title![0], period, notices: plan.prepared.notices };
    };
    const withSheet = publicityOf(await sampleWith(sheet));
    expect(withSheet.period).toBe("公示期：2027年1月4日至2027年1月10日。");
    expect(withSheet.heading).not.toContain("草稿");
    expect(withSheet.notices).toEqual([]);
    // Without it the period is not set, the list a draft, and the user is told why (the year, what to do).
    const without = publicityOf((await readWorkbook(await fs.readFile(SAMPLE), SAMPLE)).grids);
    expect(without.period).toBe("公示期：未定（本名单为草稿，给出公示开始日期后再公示）。");
    expect(without.heading).toMatch(/（草稿）$/);
    expect(without.notices.map((n) => n.zh).join()).toContain("2027 年的节假日安排未收录");
  });

  it("with a row it cannot read, gives no date and says which row", () => {
    const bad: Grid = {
      name: "节假日",
      cells: [
        ["日期", "类型"],
        ["2027-01-05", "节假日"],
        ["2027-01-10", "?"],
      ],
    };
    const r = publicityEndOf("2027-01-04", policy, readHolidays(bad));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.expected.zh).toContain("节假日!B3");
  });
});

describe("patent-awards publicity --holidays", () => {
  it("2027 without holidays is refused naming 2027 and --holidays (exit 2)", async () => {
    const r = await run("publicity", "2027-01-04");
    expect(r.code).toBe(2);
    expect(r.err).toContain("2027 年的节假日安排未收录");
    expect(r.err).toContain("--holidays");
  });

  it("a CSV file", async () => {
    const file = path.join(dir, "h2027.csv");
    await fs.writeFile(file, `日期,类型\n${ROWS_2027.map((r) => r.join(",")).join("\n")}\n`);
    expect(await run("publicity", "2027-01-04", "--holidays", file)).toMatchObject({ code: 0, out: "2027-01-10\n" });
  });

  it("a CSV file saved by Excel in GB18030", async () => {
    const file = path.join(dir, "h2027-gbk.csv");
    // 日期,类型 / 2027-01-05,节假日 / 2027-01-10,调休 in GB18030.
    const gbk = (s: string) => Buffer.from(new TextEncoder().encode(s)); // ASCII part
    const zh: Record<string, number[]> = {
      日期: [0xc8, 0xd5, 0xc6, 0xda],
      类型: [0xc0, 0xe0, 0xd0, 0xcd],
      节假日: [0xbd, 0xda, 0xbc, 0xd9, 0xc8, 0xd5],
      调休: [0xb5, 0xf7, 0xd0, 0xdd],
    };
    const data = Buffer.concat([
      Buffer.from(zh.日期),
      gbk(","),
      Buffer.from(zh.类型),
      gbk("\r\n2027-01-05,"),
      Buffer.from(zh.节假日),
      gbk("\r\n2027-01-10,"),
      Buffer.from(zh.调休),
      ...DAYS_OFF_2027.flatMap((d) => [gbk(`\r\n${d},`), Buffer.from(zh.节假日)]),
      gbk("\r\n"),
    ]);
    await fs.writeFile(file, data);
    expect(await run("publicity", "2027-01-04", "--holidays", file)).toMatchObject({ code: 0, out: "2027-01-10\n" });
  });

  it("an .xlsx file with a 节假日 sheet, dates as Excel dates", async () => {
    const file = await xlsxFile("h2027.xlsx", "节假日", [
      ["日期", "类型"],
      [new Date(Date.UTC(2027, 0, 5)), "节假日"],
      [new Date(Date.UTC(2027, 0, 10)), "调休"],
      ...DAYS_OFF_2027.map((d) => [new Date(`${d}T00:00:00Z`), "节假日"]),
    ]);
    expect(await run("publicity", "2027-01-04", "--holidays", file)).toMatchObject({ code: 0, out: "2027-01-10\n" });
  });

  it("overrides the package in 2025: Wed 2025-03-05 listed 节假日 → Mon 03-10", async () => {
    const file = path.join(dir, "h2025.csv");
    await fs.writeFile(file, "日期,类型\n2025-03-05,节假日\n");
    expect(await run("publicity", "2025-03-03", "--holidays", file)).toMatchObject({ code: 0, out: "2025-03-10\n" });
  });

  it("a file with a row it cannot read is refused, the row named (exit 2)", async () => {
    const file = path.join(dir, "bad.csv");
    await fs.writeFile(file, "日期,类型\n2027-01-05,节假日\n2027-13-01,调休\n");
    const r = await run("publicity", "2027-01-04", "--holidays", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad.csv!A3");
  });

  it("a missing file is exit 2; --holidays on balance is a usage error", async () => {
    expect((await run("publicity", "2027-01-04", "--holidays", path.join(dir, "none.xlsx"))).code).toBe(2);
    expect((await run("balance", SAMPLE, "--holidays", "x.csv")).code).toBe(1);
  });

  it("the help names --holidays", async () => {
    expect((await run("help", "publicity", "--lang", "en")).out).toContain("--holidays FILE");
    expect((await run("help", "publicity", "--lang", "zh")).out).toContain("--holidays FILE");
  });
});
