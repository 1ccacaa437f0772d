import { defaultPolicy } from "../../src/policy";
import {
  headersOf,
  OUTPUT_HEADERS,
  PRODUCT_SHEETS,
  PUBLICITY as PUBLICITY_LAYOUT,
  readLedger,
  rowOf,
  SUMMARY as SUMMARY_LAYOUT,
  type Grid,
} from "../../src/ledger";

const policy = defaultPolicy();

const P1: Grid = {
  name: "高校院所输出",
  cells: [
    ["2024年第一批专利转化绩效奖补申报汇总表"],
    ["序号", "申报单位", "单位性质", "受让方", "受让方性质", "专利号", "转化方式", "备案日期", ...OUTPUT_HEADERS.zh],
    [1, "某大学", "高校", "甲公司", "小型", "ZL200710308494.X", "转让", "2024-03-05", 4000, 4000, 1, 4000, "兑付", ""],
    ["合计"],
  ],
};
const P4: Grid = {
  name: "质押融资",
  cells: [
    ["企业名称", "融资金额（万元）", "登记日期", "联系电话"],
    ["乙公司", 5000, "2024-02-01", "023"],
    [],
    ["丙公司", 100, "2024-03-01"],
  ],
};
const UNMAPPABLE: Grid = {
  name: "Sheet9",
  cells: [
    ["申报单位", "专利号", "备案日期"],
    ["丁公司", "ZL200710308494.X", "2024-03-05"],
  ],
};
const NO_AMOUNT: Grid = {
  name: "质押（补报）",
  cells: [
    ["序号", "企业名称", "登记日期", "金额"],
    [1, "戊公司", "2024-02-01", 100],
  ],
};
const PAID: Grid = {
  name: "已兑付",
  cells: [
    ["奖补项目", "企业名称", "兑付金额（万元）"],
    ["P4", "乙公司", 15],
    ["P4", "", 1],
  ],
};
/** An earlier run's sheets: the product's layouts (src/ledger/own.ts tells them from a clerk's sheet of that name). */
const SUMMARY: Grid = {
  name: "汇总",
  cells: [
    headersOf(SUMMARY_LAYOUT, "zh"),
    rowOf(SUMMARY_LAYOUT, { id: "P1", name: "…", priorReceived: 0, priorReleased: 0, received: 0, released: 100 }),
    rowOf(SUMMARY_LAYOUT, { id: "P4", name: "…", priorReceived: 0, priorReleased: 0, received: 100, released: 0 }),
  ],
};
const PUBLICITY: Grid = {
  name: "公示名单",
  cells: [
    headersOf(PUBLICITY_LAYOUT, "zh"),
    rowOf(PUBLICITY_LAYOUT, { no: 1, name: "某大学", code: "", count: 1, payout: 4000 }),
  ],
};
const NOTES: Grid = { name: "说明", cells: [["本表由区市场监管局汇总"]] };
const EMPTY: Grid = { name: "Sheet3", cells: [] };

describe("readLedger", () => {
  const read = readLedger([P1, P4, UNMAPPABLE, NO_AMOUNT, PAID, SUMMARY, PUBLICITY, NOTES, EMPTY], policy);

  it("reads claims from every mapped ledger sheet, and only from those", () => {
    expect(read.claims.map((c) => [c.sheet, c.row, c.item])).toEqual([
      ["高校院所输出", 3, "P1"],
      ["质押融资", 2, "P4"],
      ["质押融资", 4, "P4"],
    ]);
    expect(read.sheets.map((s) => s.sheet)).toEqual(["高校院所输出", "质押融资", "质押（补报）"]);
    expect(read.skipped).toEqual([
      { sheet: "高校院所输出", row: 4, why: "total" },
      { sheet: "质押融资", row: 3, why: "blank" },
    ]);
  });

  it("reports unmappable sheets, sheets with content but no header, and missing required columns", () => {
    expect(read.problems.map((p) => [p.sheet, p.code, p.missing])).toEqual([
      ["Sheet9", "NO_ITEM", undefined],
      ["质押（补报）", "MISSING_COLUMNS", ["pledgeAmount"]],
      ["说明", "NOT_LEDGER", undefined],
      ["Sheet3", "EMPTY", undefined],
    ]);
    const missing = read.problems[1];
    expect(missing.zh).toContain("质押融资金额");
    expect(missing.en).toContain("pledge amount");
  });

  it("reads earlier payouts and an earlier run's moves, never the product's own sheets as ledgers", () => {
    expect(read.prior.map((p) => [p.item, p.claimantName, p.amount.toString()])).toEqual([["P4", "乙公司", "150000"]]);
    // An unreadable earlier payout stops the balance: it is blocking, not a row problem to list and pass over.
    expect(read.blocking).toEqual([expect.objectContaining({ sheet: "已兑付", row: 3, column: "B" })]);
    expect(read.rowProblems).toEqual([]);
    expect(read.priorMoves?.released.P1?.toString()).toBe("100");
    expect(read.priorMoves?.received.P4?.toString()).toBe("100");
    expect(PRODUCT_SHEETS).toContain("公示名单");
    expect(read.claims.some((c) => c.sheet === "公示名单")).toBe(false);
  });

  it("applies the user's overrides per sheet: an item, a column, a skip", () => {
    const again = readLedger([P1, UNMAPPABLE, NO_AMOUNT, NOTES], policy, {
      Sheet9: { item: "P3" },
      "质押（补报）": { columns: { pledgeAmount: "D" } },
      说明: { skip: true },
      高校院所输出: { skip: true },
    });
    expect(again.problems).toEqual([]);
    expect(again.claims.map((c) => [c.sheet, c.item, c.units])).toEqual([
      ["Sheet9", "P3", {}],
      ["质押（补报）", "P4", {}],
    ]);
    expect(again.sheets.find((s) => s.sheet === "Sheet9")?.itemSource).toBe("override");
  });

  it("has no earlier moves without an earlier run's summary", () => {
    expect(readLedger([P4], policy).priorMoves).toBeUndefined();
    expect(readLedger([P4, { name: "汇总", cells: [["项目", "预算"]] }], policy).priorMoves).toBeUndefined();
  });
});
