import Decimal from "decimal.js";
import { defaultPolicy } from "../../src/policy";
import {
  headersOf,
  MOVES,
  readPriorMoves,
  readPriorPayouts,
  SUMMARY as SUMMARY_LAYOUT,
  type Grid,
} from "../../src/ledger";

const policy = defaultPolicy();
const yuan = (d: Decimal | undefined) => d?.toString();

describe("readPriorPayouts", () => {
  const PAID_WAN: Grid = {
    name: "已兑付",
    cells: [
      ["2024年第一批已兑付明细"],
      ["序号", "奖补项目", "申报单位", "统一社会信用代码", "兑付金额（万元）", "专利号", "备注"],
      [1, "P4", "重庆子公司", "91500112MA6000000Y", 15, null, ""],
      [2, "P1", "重庆某大学 ", "12500000450400001F", "0.6", "ZL200710308494.X、ZL202320123456.1"],
      [],
      [3, "中小微企业开展专利产品备案", "重庆壬公司", null, "0.1", "ZL202320123456.1"],
      [4, "P9", "重庆丑公司", null, 1],
      [5, "P2", "", null, 1],
      [6, "P2", "重庆寅公司", null, "一万"],
      ["合计", null, null, null, 16.7],
    ],
  };

  it("reads item, claimant, code, amount in 元 from a 万元 header, and patent numbers", () => {
    const { payouts } = readPriorPayouts(PAID_WAN, policy);
    expect(payouts.map((p) => [p.item, p.claimantName, p.claimantCode, yuan(p.amount), p.claimed, p.ref?.row])).toEqual(
      [
        ["P4", "重庆子公司", "91500112MA6000000Y", "150000", [], 3],
        ["P1", "重庆某大学", "12500000450400001F", "6000", ["ZL200710308494.X", "ZL202320123456.1"], 4],
        ["P3", "重庆壬公司", undefined, "1000", ["filing:ZL202320123456.1"], 6],
      ],
    );
  });

  it("makes every unreadable row a problem naming row and column", () => {
    const { problems } = readPriorPayouts(PAID_WAN, policy);
    expect(problems.map((p) => [p.sheet, p.row, p.column, p.header])).toEqual([
      ["已兑付", 7, "B", "奖补项目"],
      ["已兑付", 8, "C", "申报单位"],
      ["已兑付", 9, "E", "兑付金额（万元）"],
    ]);
    expect(problems[0].zh).toContain("P9");
    expect(problems[2].en).toContain("amount");
  });

  it("an earlier payout above its item's plausible limit (the per-unit cap) is a problem naming the cell and the limit", () => {
    const grid: Grid = {
      name: "已兑付",
      cells: [
        ["奖补项目", "申报单位", "兑付金额（元）"],
        ["P4", "重庆甲公司", 200000],
        ["P4", "重庆乙公司", 1e20],
        ["P3", "重庆丙公司", "30000.01"],
      ],
    };
    const { payouts, problems } = readPriorPayouts(grid, policy);
    expect(payouts.map((p) => p.claimantName)).toEqual(["重庆甲公司"]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, "C"],
      [4, "C"],
    ]);
    expect(problems[0].zh).toContain("100,000,000,000,000,000,000 元超过政策文件设定的单笔上限 200,000 元");
    expect(problems[1].en).toContain("above the limit of 30,000 元 for one payout");
  });

  it('LEDGER.md "Value shapes": 本页合计 and 2023年第四季度小计 lines are no payouts and stop nothing; codes and numbers in any shape', () => {
    const grid: Grid = {
      name: "已兑付",
      cells: [
        ["序号", "奖补项目", "申报单位", "统一社会信用代码", "兑付金额", "专利号"],
        [1, "P1", "重庆某大学", "1250 0000 4504 0000 1f", "6,000元", "ZL 2007 1 0308494.X 2023 2 0123456.1"],
        ["本页合计", null, null, null, "6,000元", null],
        [2, "P4", "重庆合计科技有限公司", null, "1.5万元", null],
        [null, null, "2023年第四季度小计", null, 15000, null],
        ["总计：", null, null, null, "￥21,000", null],
      ],
    };
    const { payouts, problems } = readPriorPayouts(grid, policy);
    expect(problems).toEqual([]);
    expect(payouts.map((p) => [p.item, p.claimantName, p.claimantCode, yuan(p.amount), p.claimed])).toEqual([
      ["P1", "重庆某大学", "12500000450400001F", "6000", ["ZL200710308494.X", "ZL202320123456.1"]],
      ["P4", "重庆合计科技有限公司", undefined, "15000", []],
    ]);
  });

  it("takes the payout over the award when a sheet has both, in 元 by default", () => {
    const grid: Grid = {
      name: "往期兑付（质押）",
      cells: [
        ["企业名称", "奖补金额", "兑付金额（元）"],
        ["甲公司", "200,000", "150,000.50"],
      ],
    };
    const { payouts, problems } = readPriorPayouts(grid, policy);
    expect(problems).toEqual([]);
    // No item column: the sheet name says 质押 → P4.
    expect(payouts.map((p) => [p.item, yuan(p.amount)])).toEqual([["P4", "150000.5"]]);
  });

  it("says so when the sheet has no usable header or no item", () => {
    expect(readPriorPayouts({ name: "已兑付", cells: [["说明"]] }, policy).problems[0].en).toContain("no header");
    const noItem = readPriorPayouts(
      {
        name: "已兑付",
        cells: [
          ["单位名称", "金额"],
          ["甲", 1],
        ],
      },
      policy,
    );
    expect(noItem.payouts).toEqual([]);
    expect(noItem.problems[0]).toEqual(expect.objectContaining({ row: 1 }));
    expect(noItem.problems[0].zh).toContain("奖补项目");
  });
});

describe("readPriorMoves", () => {
  const SUMMARY: Grid = {
    name: "汇总",
    cells: [
      headersOf(SUMMARY_LAYOUT, "zh"),
      ["P1", "高校院所…", 400000, 0, 0, 100, 0, 0, 50, 0, 0, 1],
      ["P2", "中小微企业接受…", 1500000, 0, 75, 0, 0, "25.5", 0, 0, 0, 1],
      ["P4", "质押", 800000, 0, null, 0, 0, 25, 0, 0, 0, 1],
      ["P6", "高校院所专利转化促进", 300000, 0, 0, 30, 0, 0, 0, 0, 0, 1],
      ["合计", null, 5000000, 0, 75, 130, 0, 50.5, 50],
      [],
      ["资金调剂"],
      headersOf(MOVES, "zh"),
      ["P1", "P4", 25, null, 999, 999, null, 999, 999],
    ],
  };

  it("adds that run's moves to the moves before it, per item", () => {
    const moves = readPriorMoves(SUMMARY)!;
    const show = (r: Record<string, Decimal | undefined>) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, yuan(v)]));
    // An item that moved nothing has no entry: nothing moved is nothing to carry.
    expect(show(moves.received)).toEqual({ P2: "100.5", P4: "25" });
    expect(show(moves.released)).toEqual({ P1: "150", P6: "30" });
  });

  it("reads sparse rows as an adapter may hand them over", () => {
    const header: (string | undefined)[] = [];
    header[0] = "项目编号";
    header[3] = "本批调出";
    const row: (string | number | undefined)[] = [];
    row[0] = "P3";
    row[3] = 20;
    expect(readPriorMoves({ name: "汇总", cells: [header, row] })?.released.P3?.toString()).toBe("20");
  });

  it("reads nothing from a summary without move columns", () => {
    expect(
      readPriorMoves({
        name: "汇总",
        cells: [
          ["项目", "预算"],
          ["P1", 1],
        ],
      }),
    ).toBeUndefined();
    expect(readPriorMoves({ name: "汇总", cells: [] })).toBeUndefined();
  });
});
