/** Issue 10 item 3: output polish — Beijing time, one language in 目标进度, the ledger's own 合计 lines add up. */
import Decimal from "decimal.js";
import { balance } from "../../src/engine";
import type { CellValue, Lang } from "../../src/engine/types";
import { readLedger, TARGETS, indexOf, type Grid } from "../../src/ledger";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { ledgerOutputs, summaryTables, type RunInfo, type Table } from "../../src/report";
import { beijingTime } from "../../src/report/format";
import { creditCode, HEADERS, p2Grid, patent } from "./ledgerFixture";

const run: RunInfo = { time: "2026-12-01T13:05:03.000Z", input: "ledger.xlsx", lang: "zh" };

function table(tables: Table[], sheet: string): Table {
  return tables.find((x) => x.sheet === sheet)!;
}

describe("运行时间 in Beijing time with its offset", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  test.each(["UTC", "America/Los_Angeles", "Asia/Kolkata", "Asia/Shanghai"])(
    "whatever the machine's zone (%s)",
    (tz) => {
      process.env.TZ = tz;
      expect(beijingTime(new Date("2026-12-01T13:05:03Z"))).toBe("2026-12-01 21:05:03 +08:00");
      expect(beijingTime("2026-12-31T20:00:00.000Z")).toBe("2027-01-01 04:00:00 +08:00");
      const policy = defaultPolicy();
      const grids = [p2Grid()];
      const ledger = readLedger(grids, policy);
      const result = balance(ledger.claims, policy, { reallocate: false, rounding: "fen", priorPayouts: ledger.prior });
      for (const [lang, label] of [
        ["zh", "运行时间"],
        ["en", "Run at"],
      ] as [Lang, string][]) {
        const record = table(summaryTables(result, ledger, { ...run, lang }, lang), "运行记录");
        expect(record.rows.find((r) => r[0] === label)?.[1]).toBe("2026-12-01 21:05:03 +08:00");
      }
    },
  );
});

describe("目标进度 in one language", () => {
  const policy = defaultPolicy();
  const grids = [p2Grid()];
  const ledger = readLedger(grids, policy);
  const result = balance(ledger.claims, policy, { reallocate: false, rounding: "fen", priorPayouts: ledger.prior });
  const han = /[\u4e00-\u9fff]/;

  test("a Chinese run writes the Chinese basis alone", () => {
    const rows = table(summaryTables(result, ledger, run, "zh"), "目标进度").rows;
    for (const r of rows) expect(String(r[indexOf(TARGETS, "basis")])).not.toMatch(/ \/ |[a-z]{4,}/);
    expect(rows[0][indexOf(TARGETS, "unit")]).toBe("次");
  });

  test("an English run writes English headers, units, verdicts and basis (the policy's target names are data)", () => {
    const targets = table(summaryTables(result, ledger, { ...run, lang: "en" }, "en"), "目标进度");
    expect(targets.columns.map((c) => c.header).filter((h) => han.test(h))).toEqual([]);
    for (const r of targets.rows) {
      for (const field of ["unit", "met"] as const) expect(String(r[indexOf(TARGETS, field)])).not.toMatch(han);
      expect(String(r[indexOf(TARGETS, "basis")])).not.toContain(" / ");
    }
    const k1 = targets.rows[0];
    expect(k1[indexOf(TARGETS, "basis")]).toMatch(/^transfers, licences/);
    expect(k1[indexOf(TARGETS, "unit")]).toBe("times");
  });
});

describe("the ledger's own 合计 lines add up", () => {
  function claimRow(n: number): CellValue[] {
    const name = `重庆${"甲乙丙丁戊己庚辛"[n - 1]}科技有限公司`;
    return [
      n,
      name,
      creditCode(n),
      "小型",
      "渝北区",
      "重庆大学",
      "高校",
      "沙坪坝区",
      patent(1, n),
      "发明",
      "转让",
      1,
      "2024-05-06",
    ];
  }
  const blank = (label: string): CellValue[] => [label, ...Array<CellValue>(HEADERS.length - 1).fill(null)];

  test("two 小计 lines and a 合计: each adds up exactly to the fen, the 合计 counts each claim once", () => {
    // Budget cut so P2 is paid pro rata: payouts with fen, each row rounded on its own.
    const policy = withOverrides(defaultPolicy(), { budgets: { P2: "9999.99" } });
    const cells: CellValue[][] = [
      ["申报表"],
      HEADERS,
      claimRow(1), // row 3
      claimRow(2), // 4
      blank("小计"), // 5
      claimRow(3), // 6
      claimRow(4), // 7
      claimRow(5), // 8
      blank("小 计"), // 9
      blank("合计"), // 10
    ];
    const grids: Grid[] = [{ name: "受让", cells }];
    const ledger = readLedger(grids, policy);
    expect(ledger.skipped.filter((s) => s.why === "total").map((s) => s.row)).toEqual([5, 9, 10]);
    const result = balance(ledger.claims, policy, { reallocate: false, rounding: "fen", priorPayouts: ledger.prior });
    expect(result.rows.some((r) => r.payout.decimalPlaces() > 0)).toBe(true);
    const [out] = ledgerOutputs(result, ledger, grids, "zh");
    const at = (row: number) => out.rows.find((r) => r.row === row)!.values;
    const sum = (rows: number[], column: number) =>
      rows.reduce((a, row) => a.plus(new Decimal(String(at(row)[column]))), new Decimal(0));
    for (const column of [0, 1, 3]) {
      expect(new Decimal(String(at(5)[column])).equals(sum([3, 4], column))).toBe(true);
      expect(new Decimal(String(at(9)[column])).equals(sum([6, 7, 8], column))).toBe(true);
      expect(new Decimal(String(at(10)[column])).equals(sum([3, 4, 6, 7, 8], column))).toBe(true);
    }
    // The 合计 is what the batch paid on this sheet, to the fen.
    expect(new Decimal(String(at(10)[3])).equals(result.totals.awards.paid)).toBe(true);
    expect(at(10)[3]).toBe(9999.99);
    // No status: a total line is no claim; the words say which rows it adds up.
    expect([at(5)[4], at(9)[4], at(10)[4]]).toEqual([null, null, null]);
    expect([at(5)[5], at(9)[5], at(10)[5]]).toEqual(["第 3–4 行小计", "第 6–8 行小计", "第 3–9 行合计"]);
  });
});
