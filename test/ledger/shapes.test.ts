/**
 * LEDGER.md "Value shapes seen in real ledgers", end to end: one batch written twice — once in plain shapes, once
 * as clerks type it (dates 2024年3月5号 / 2024.3.5 / 20240305, patent numbers and credit codes with spaces or in lower
 * case, amounts with their unit in the cell, 合计/小计 labels with words around them) — is read and balanced to the
 * same rows, units, duplicates and payouts.
 */
import { balance, type BalanceResult } from "../../src/engine";
import type { CellValue } from "../../src/engine/types";
import { readLedger, type Grid } from "../../src/ledger";
import { defaultPolicy, withOverrides } from "../../src/policy";
import { creditCode, patentNo } from "../support/claims";

/** Small budgets, so both items are paid pro rata and rounded: any difference in what was read shows in the fen. */
const policy = withOverrides(defaultPolicy(), { budgets: { P2: 10000, P4: 100000 } });

type Shape = "plain" | "typed";
/** One cell in both shapes. */
type Cell = CellValue | { plain: CellValue; typed: CellValue };

function cellIn(shape: Shape, c: Cell): CellValue {
  return c !== null && typeof c === "object" && !(c instanceof Date) ? c[shape] : c;
}

/** `ZL202310000001.5` → `ZL 2023 1 0000001.5`, `2023 1 0000001.5` or `CN 2023 1 0000001.5`. */
function spaced(number: string, prefix: "ZL" | "" | "CN" = "ZL"): string {
  const m = /^ZL(\d{4})(\d)(\d{7}\.[\dX])$/.exec(number)!;
  return `${prefix} ${m[1]} ${m[2]} ${m[3]}`.trim();
}

/** `91500112MA00000018` → `9150 0112 ma00 0000 18`. */
function spacedLower(code: string): string {
  return code.replace(/(.{4})/g, "$1 ").toLowerCase();
}

const JIA = creditCode(1501);
const YI = creditCode(1502);
const HEJI = creditCode(1503);
const [N1, N2, N3, N4, N5] = [1, 2, 3, 4, 5].map((serial) => patentNo("invention", 1500 + serial));

/** A P2 claim: an in-district small firm taking a patent from 重庆大学 (§二(一)2). */
function p2Row(n: number, name: string, code: Cell, numbers: Cell, mode: string, date: Cell): Cell[] {
  return [n, name, code, "小型", "重庆大学", "高校", "沙坪坝区", numbers, mode, date];
}

const P2_ROWS: Cell[][] = [
  [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "企业规模",
    "转让方",
    "转让方性质",
    "转让方所在地",
    "专利号",
    "转化方式",
    "登记日期",
  ],
  p2Row(1, "重庆甲科技有限公司", { plain: JIA, typed: spacedLower(JIA) }, { plain: N1, typed: spaced(N1) }, "转让", {
    plain: "2024-03-05",
    typed: "2024年3月5号",
  }),
  p2Row(
    2,
    "重庆甲科技有限公司",
    { plain: JIA, typed: `\u3000${JIA.slice(0, 9)}\u00a0${JIA.slice(9).toLowerCase()}` },
    { plain: `${N2}、${N3}`, typed: `${spaced(N2, "")} ${N3}` },
    "许可",
    { plain: 45357, typed: 20240306 },
  ),
  // The same patent by the same unit again: a duplicate (从高不重复), however the number is written.
  p2Row(3, "重庆甲科技有限公司", JIA, { plain: N1, typed: spaced(N1, "CN") }, "转让", {
    plain: "2024-03-07",
    typed: "2024.3.7",
  }),
  // Paid to this unit in an earlier batch (已兑付 below): a duplicate too.
  p2Row(4, "重庆乙科技有限公司", YI, { plain: N4, typed: spaced(N4, "") }, "转让", "2024-03-08"),
  p2Row(5, "重庆乙科技有限公司", YI, N5, "转让", { plain: 45360, typed: "20240309" }),
  [null, { plain: "小计", typed: "2024年第一季度小计" }, null, null, null, null, null, null, 3],
  // A unit whose name holds 合计 is a claimant, not a total line.
  p2Row(6, "重庆合计科技有限公司", HEJI, patentNo("utility", 1506), "许可", "2024-04-01"),
  [{ plain: "合计", typed: "本页合计" }, null, null, null, null, null, null, null, 6],
];

const P4_ROWS: Cell[][] = [
  ["序号", "企业名称", "信用代码", "质押融资金额（元）", "登记日期"],
  [1, "重庆丙科技有限公司", creditCode(1511), { plain: 125000, typed: "12.5万元" }, { plain: 45356, typed: 20240305 }],
  [2, "重庆丁科技有限公司", creditCode(1512), { plain: 125000, typed: "￥125,000" }, "2024-03-05"],
  [3, "重庆戊科技有限公司", creditCode(1513), { plain: "125000", typed: "¥125,000" }, "2024-03-05"],
  [4, "重庆己科技有限公司", creditCode(1514), { plain: 125000, typed: "125,000元" }, "2024-03-05"],
  [5, "重庆庚科技有限公司", creditCode(1515), { plain: 120000000, typed: "1.2亿" }, "2024-03-05"],
  [{ plain: "合计", typed: "总计：" }, null, null, { plain: 120500000, typed: "1.205亿" }],
];

const PAID_ROWS: Cell[][] = [
  ["序号", "奖补项目", "单位名称", "统一社会信用代码", "兑付金额", "专利号"],
  [
    1,
    "P2",
    "重庆乙科技有限公司",
    { plain: YI, typed: spacedLower(YI) },
    { plain: 4000, typed: "0.4万元" },
    { plain: N4, typed: spaced(N4) },
  ],
  [{ plain: "合计", typed: "本页合计" }, null, null, null, { plain: 4000, typed: "4,000元" }],
];

function ledger(shape: Shape): Grid[] {
  const grid = (name: string, rows: Cell[][]): Grid => ({
    name,
    cells: rows.map((r) => r.map((c) => cellIn(shape, c))),
  });
  return [grid("中小微企业受让专利", P2_ROWS), grid("质押融资", P4_ROWS), grid("已兑付", PAID_ROWS)];
}

function run(shape: Shape): { read: ReturnType<typeof readLedger>; result: BalanceResult } {
  const read = readLedger(ledger(shape), policy);
  return { read, result: balance(read.claims, policy, { priorPayouts: read.prior, reallocate: false }) };
}

/** What a clerk checks: each row's status and payout, each unit's code and payout, each item's paid total. */
function outcome(result: BalanceResult) {
  return {
    rows: result.rows.map((r) => [r.ref.sheet, r.ref.row, r.status, r.payout.toFixed(2), r.reasons.map((x) => x.code)]),
    units: result.units.map((u) => [u.item, u.name, u.code, u.rows, u.prior.toFixed(2), u.payout.toFixed(2)]),
    items: result.items.map((i) => [i.id, i.prior.toFixed(2), i.demand.toFixed(2), i.paid.toFixed(2)]),
  };
}

describe('LEDGER.md "Value shapes": a ledger as clerks type it balances as the same ledger in plain shapes', () => {
  const plain = run("plain");
  const typed = run("typed");

  it("reads the same claims, skips the same total lines and has nothing it cannot read", () => {
    expect(typed.read.claims.map((c) => [c.sheet, c.row])).toEqual(plain.read.claims.map((c) => [c.sheet, c.row]));
    expect(typed.read.skipped).toEqual(plain.read.skipped);
    expect(typed.read.skipped.map((s) => [s.sheet, s.row, s.why])).toEqual([
      ["中小微企业受让专利", 7, "total"],
      ["中小微企业受让专利", 9, "total"],
      ["质押融资", 7, "total"],
    ]);
    expect([typed.read.problems, typed.read.rowProblems, typed.read.blocking]).toEqual([[], [], []]);
    expect(typed.read.prior.map((p) => [p.claimantCode, p.amount.toFixed(2), p.claimed])).toEqual([
      [YI, "4000.00", [N4]],
    ]);
  });

  it("pays the same rows the same amounts, to the same units, with the same duplicates", () => {
    expect(outcome(typed.result)).toEqual(outcome(plain.result));
  });

  it("the plain ledger itself is balanced as the notice says (so the comparison is not of two empty runs)", () => {
    const status = (sheet: string, row: number) =>
      plain.result.rows.find((r) => r.ref.sheet === sheet && r.ref.row === row)?.status;
    expect([2, 3, 4, 5, 6, 8].map((row) => status("中小微企业受让专利", row))).toEqual([
      "paid",
      "paid",
      "duplicate",
      "duplicate",
      "paid",
      "paid",
    ]);
    // 甲's two paid rows under one unit, its code as printed, not as typed; 合计科技 is a unit of its own.
    expect(typed.result.units.filter((u) => u.item === "P2").map((u) => [u.name, u.code, u.rows])).toEqual([
      ["重庆甲科技有限公司", JIA, 2],
      ["重庆乙科技有限公司", YI, 1],
      ["重庆合计科技有限公司", HEJI, 1],
    ]);
    const paid = (id: string) => plain.result.items.find((i) => i.id === id)!.paid.toFixed(2);
    // Both items are over-subscribed: P2 pays its budget less the earlier 4,000; P4 its budget.
    expect([paid("P2"), paid("P4")]).toEqual(["6000.00", "100000.00"]);
  });
});
