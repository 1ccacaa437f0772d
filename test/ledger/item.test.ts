import type { PerformanceItemId } from "../../src/engine/types";
import { defaultPolicy } from "../../src/policy";
import {
  detectItem,
  isSheetProblem,
  performanceItemOf,
  mapHeaderRow,
  mapSheet,
  readClaims,
  sheetNameItem,
  type Grid,
  type SheetMapping,
  type SheetProblem,
} from "../../src/ledger";

const policy = defaultPolicy();

describe("sheetNameItem", () => {
  it.each<[string, PerformanceItemId | undefined]>([
    ["高校院所输出", "P1"],
    ["国有企业输出专利", "P1"],
    ["高校院所", "P1"],
    ["P1", "P1"],
    ["p3 明细", "P3"],
    // P2's name holds 高校院所 too: the receiving words decide first.
    ["中小微企业接受高校院所、国有企业专利转让许可", "P2"],
    ["接受高校院所转让", "P2"],
    ["受让明细", "P2"],
    ["被许可", "P2"],
    ["产品备案", "P3"],
    ["专利产品备案2024", "P3"],
    ["质押融资", "P4"],
    ["中小微企业开展专利质押融资", "P4"],
    ["Sheet1", undefined],
    ["专利转让", undefined],
    // Pointing two ways decides nothing.
    ["输出与受让", undefined],
    ["P1质押", undefined],
  ])("%s → %s", (name, item) => {
    expect(sheetNameItem(name)).toBe(item);
  });
});

describe("performanceItemOf", () => {
  it.each<[unknown, PerformanceItemId | undefined]>([
    ["P1", "P1"],
    ["p2", "P2"],
    ["Ｐ３", "P3"],
    [" P4 ", "P4"],
    [1, "P1"],
    ["4", "P4"],
    ["高校院所、国有企业输出专利技术", "P1"],
    ["中小微企业接受高校院所、国有企业专利转让许可", "P2"],
    ["中小微企业接受高校院所，国有企业专利转让许可", "P2"],
    ["P4 中小微企业开展专利质押融资", "P4"],
    ["P3-中小微企业开展专利产品备案", "P3"],
    ["P3-中小微企业开展专利质押融资", undefined],
    [5, undefined],
    ["P5", undefined],
    ["产业园区专利转化促进", undefined],
    [1.5, undefined],
    // A short name holding the item's words (LEDGER.md "Earlier payouts").
    ["质押", "P4"],
    ["专利质押融资", "P4"],
    ["质押融资", "P4"],
    ["产品备案", "P3"],
    ["其他", undefined],
    ["质押?", undefined],
    ["P3 专利质押融资", undefined],
    ["", undefined],
  ])("%j → %s", (v, item) => {
    expect(performanceItemOf(v as never, policy)).toBe(item);
  });
});

const MIXED: Grid = {
  name: "申报汇总",
  cells: [
    ["2024年第一批专利转化绩效奖补申报汇总表"],
    ["序号", "奖补项目", "申报单位", "融资金额（万元）", "备案/登记日期", "产品名称"],
    [1, "P3", "甲公司", null, "2024-07-01", "门锁"],
    [2, 4, "乙公司", 100, "2024-07-02"],
    [3, "中小微企业开展专利产品备案", "丙公司", null, "2024-07-03", "水表"],
    [4, "质押?", "丁公司", 50, "2024-07-04"],
    [5, null, "戊公司", 10, "2024-07-05"],
    ["合计", null, null, 160],
  ],
};

describe("an item column holding several items", () => {
  it("gives each row its own item, and makes unreadable or blank item cells row problems", () => {
    const m = mapSheet(MIXED, policy) as SheetMapping;
    expect(m.item).toBeUndefined();
    expect(m.itemSource).toBe("column");
    expect(m.itemByValue).toEqual({ P3: "P3", "4": "P4", 中小微企业开展专利产品备案: "P3" });
    // Required of P3 and P4 together: claimant, record date, pledge amount — all present.
    expect(m.missing).toEqual([]);
    const { claims, problems, skipped } = readClaims(MIXED, m);
    expect(claims.map((c) => [c.row, c.item])).toEqual([
      [3, "P3"],
      [4, "P4"],
      [5, "P3"],
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ sheet: "申报汇总", row: 6, column: "B", header: "奖补项目" }),
      expect.objectContaining({ sheet: "申报汇总", row: 7, column: "B", header: "奖补项目" }),
    ]);
    expect(problems[0].zh).toContain("无法识别");
    expect(problems[1].en).toContain("blank");
    expect(skipped).toEqual([{ row: 8, why: "total" }]);
  });

  it("lists the columns every item present requires", () => {
    const grid: Grid = {
      name: "混合",
      cells: [
        ["奖补项目", "申报单位", "备案日期"],
        ["P3", "甲", "2024-07-01"],
        ["P4", "乙", "2024-07-01"],
      ],
    };
    expect((mapSheet(grid, policy) as SheetMapping).missing).toEqual(["pledgeAmount"]);
  });
});

describe("an item column with one item", () => {
  it("uses the column's item for blank cells, but never guesses for an unreadable one", () => {
    const grid: Grid = {
      name: "质押融资",
      cells: [
        ["项目类别", "企业名称", "融资金额", "登记日期"],
        ["P4", "甲", 1, 45400],
        [null, "乙", 2, 45400],
        ["P9", "丙", 3, 45400],
      ],
    };
    const m = mapSheet(grid, policy) as SheetMapping;
    expect([m.item, m.itemSource]).toEqual(["P4", "column"]);
    const { claims, problems } = readClaims(grid, m);
    expect(claims.map((c) => [c.row, c.item])).toEqual([
      [2, "P4"],
      [3, "P4"],
    ]);
    expect(problems.map((p) => p.row)).toEqual([4]);
  });
});

describe("detectItem", () => {
  it("falls back to the sheet name when the item column names no item at all", () => {
    const grid: Grid = {
      name: "受让",
      cells: [
        ["申报项目", "企业名称", "转让方性质", "专利号", "方式", "登记日期"],
        ["专利转让", "甲", "高校", "ZL200710308494.X", "转让", 45400],
      ],
    };
    const { columns } = mapHeaderRow(grid.cells[0]);
    expect(detectItem(grid, 0, columns, policy)).toEqual({ source: "sheetName", item: "P2" });
    const m = mapSheet(grid, policy) as SheetMapping;
    expect(m.columns.item).toBeUndefined();
    expect(m.ignoredColumns).toEqual([{ column: "A", header: "申报项目" }]);
    expect(readClaims(grid, m).claims[0].item).toBe("P2");
  });

  it("prefers a readable item column to the sheet name", () => {
    const grid: Grid = {
      name: "质押融资",
      cells: [
        ["奖补项目", "申报单位", "产品备案号", "备案日期"],
        ["P3", "甲", "BA1", 45400],
      ],
    };
    const { columns } = mapHeaderRow(grid.cells[0]);
    expect(detectItem(grid, 0, columns, policy)).toEqual({ source: "column", item: "P3", byValue: { P3: "P3" } });
  });

  it("says nothing when neither the column nor the name tells: the sheet is unmappable", () => {
    const grid: Grid = {
      name: "Sheet9",
      cells: [
        ["申报单位", "专利号", "备案日期"],
        ["甲", "ZL200710308494.X", 45400],
      ],
    };
    expect(detectItem(grid, 0, mapHeaderRow(grid.cells[0]).columns, policy)).toBeUndefined();
    const p = mapSheet(grid, policy);
    expect(isSheetProblem(p)).toBe(true);
    expect(p).toEqual(expect.objectContaining({ sheet: "Sheet9", code: "NO_ITEM" }));
    expect((p as SheetProblem).zh).toContain("Sheet9");
    expect((p as SheetProblem).en).toContain("choose the item");
  });
});
