import { defaultPolicy } from "../../src/policy";
import {
  OUTPUT_HEADERS,
  fieldNamed,
  isSheetProblem,
  mapSheet,
  missingColumnsProblem,
  nearestHeader,
  outputColumnStart,
  readClaims,
  readLedger,
  twoColumnsProblem,
  unreadableSheets,
  type Grid,
  type SheetMapping,
  type SheetProblem,
} from "../../src/ledger";

const policy = defaultPolicy();

const NO_AMOUNT: Grid = {
  name: "质押融资",
  cells: [
    ["序号", "企业名称", "信用代码", "登记日期", "金额（万元）", "联系人"],
    [1, "甲公司", "91500112MA60000003", "2024-02-01", 100, "张"],
  ],
};

describe("a sheet missing a required column", () => {
  it("is still a mapping, with the missing fields named, so the user can pick a column", () => {
    const m = mapSheet(NO_AMOUNT, policy) as SheetMapping;
    expect(isSheetProblem(m)).toBe(false);
    expect(m.item).toBe("P4");
    expect(m.missing).toEqual(["pledgeAmount"]);
    expect(m.ignoredColumns).toEqual([
      { column: "E", header: "金额（万元）" },
      { column: "F", header: "联系人" },
    ]);
  });

  it("is complete once the user picks the column, which keeps its header's unit", () => {
    const m = mapSheet(NO_AMOUNT, policy, { columns: { pledgeAmount: "e" } }) as SheetMapping;
    expect(m.missing).toEqual([]);
    expect(m.columns.pledgeAmount).toEqual({ column: "E", index: 4, header: "金额（万元）", unit: "wan" });
    expect(m.ignoredColumns).toEqual([{ column: "F", header: "联系人" }]);
    expect(readClaims(NO_AMOUNT, m).claims[0].units).toEqual({ pledgeAmount: "wan" });
  });

  it("names P1/P2's required columns when a transfer ledger lacks them", () => {
    const grid: Grid = { name: "输出", cells: [["申报单位", "受让方", "专利号", "备注"]] };
    expect((mapSheet(grid, policy) as SheetMapping).missing).toEqual(["counterpartyKind", "mode", "recordDate"]);
    const p3: Grid = { name: "产品备案", cells: [["申报单位", "产品名称", "产品备案号"]] };
    expect((mapSheet(p3, policy) as SheetMapping).missing).toEqual(["recordDate"]);
  });
});

describe("overrides", () => {
  const grid: Grid = {
    name: "Sheet1",
    cells: [
      ["情况说明"],
      ["序号", "申报单位", "专利号", "日期", "受让方", "对方情况", "方式"],
      [1, "某大学", "ZL200710308494.X", "2024-03-05", "甲公司", "小型", "转让"],
    ],
  };

  it("forces the item the user chose", () => {
    expect((mapSheet(grid, policy) as SheetProblem).code).toBe("NO_ITEM");
    const m = mapSheet(grid, policy, { item: "P1" }) as SheetMapping;
    expect([m.item, m.itemSource]).toEqual(["P1", "override"]);
    expect(m.missing).toEqual(["counterpartyKind", "recordDate"]);
  });

  it("moves a field to the chosen column, takes the column from another field, and unmaps with null", () => {
    const m = mapSheet(grid, policy, {
      item: "P1",
      columns: { recordDate: "D", counterpartyKind: "F", rowId: null, counterpartyName: "C" },
    }) as SheetMapping;
    expect(m.columns.recordDate?.column).toBe("D");
    expect(m.columns.counterpartyKind).toEqual({ column: "F", index: 5, header: "对方情况" });
    expect(m.columns.rowId).toBeUndefined();
    // C was the patent number; the user gave it to the counterparty name.
    expect(m.columns.counterpartyName?.column).toBe("C");
    expect(m.columns.patentNumber).toBeUndefined();
    expect(m.missing).toEqual(["patentNumber"]);
    expect(m.ignoredColumns).toEqual([
      { column: "A", header: "序号" },
      { column: "E", header: "受让方" },
    ]);
  });

  it("takes the header row the user chose (1-based)", () => {
    const m = mapSheet(grid, policy, { item: "P1", headerRow: 2 }) as SheetMapping;
    expect(m.headerRow).toBe(2);
    const wrong = mapSheet(grid, policy, { item: "P1", headerRow: 1 }) as SheetMapping;
    expect(wrong.headerRow).toBe(1);
    expect(wrong.columns).toEqual({});
    expect((mapSheet(grid, policy, { headerRow: 9 }) as SheetProblem).code).toBe("NO_HEADER");
  });
});

describe("sheets that are not ledgers", () => {
  it("calls a sheet with no cells empty", () => {
    expect(mapSheet({ name: "Sheet2", cells: [] }, policy)).toEqual(
      expect.objectContaining({ sheet: "Sheet2", code: "EMPTY" }),
    );
    expect((mapSheet({ name: "Sheet3", cells: [[null, "  "], []] }, policy) as SheetProblem).code).toBe("EMPTY");
  });

  it("calls a sheet with text but no ledger column name at all NOT_LEDGER, and says it was skipped", () => {
    const p = mapSheet({ name: "说明", cells: [["填表说明：金额单位为元"], ["1. 每行一件"]] }, policy) as SheetProblem;
    expect(p.code).toBe("NOT_LEDGER");
    expect(p.zh).toContain("“说明”");
    expect(p.zh).toContain("已跳过");
    expect(p.en).toContain("skipped");
  });

  it("reads no field from a sentence: prose that mentions 项目 or 批次 is a note, not a header", () => {
    const notes = [
      ["本工作簿是 P1–P4 四个绩效奖补项目的台账模板，每个项目一张表。"],
      ["以前批次已兑付的金额只填在「已兑付」表；第一批时该表留空。"],
    ];
    expect((mapSheet({ name: "使用说明", cells: notes }, policy) as SheetProblem).code).toBe("NOT_LEDGER");
  });

  it("calls a table with one generic column name and no claimant column anywhere NOT_LEDGER", () => {
    const dates = [
      ["批次", "公示开始", "公示截止"],
      [1, "2024-09-27", "2024-10-09"],
    ];
    expect((mapSheet({ name: "公示", cells: dates }, policy) as SheetProblem).code).toBe("NOT_LEDGER");
    // One column name is no sign of a ledger; two in a row are, and the user is asked for the header row.
    const claimant = [["申报单位"], ["批次", "公示开始"]];
    expect((mapSheet({ name: "公示", cells: claimant }, policy) as SheetProblem).code).toBe("NOT_LEDGER");
    const two = [
      ["申报单位", "批次"],
      ["甲公司", 1],
    ];
    expect((mapSheet({ name: "公示", cells: two }, policy) as SheetProblem).code).toBe("NO_HEADER");
  });

  it("calls a sheet with some column names but no header row NO_HEADER, and asks for the header row", () => {
    const cells = [
      ["专利号", "备案日期"],
      ["ZL200710308494.X", "2024-03-05"],
    ];
    const p = mapSheet({ name: "受让台账", cells }, policy) as SheetProblem;
    expect(p.code).toBe("NO_HEADER");
    expect(p.zh).toContain("请指定表头行");
  });
});

describe("an earlier run's output columns", () => {
  const withOutput = (headers: readonly string[]): Grid => ({
    name: "产品备案",
    cells: [
      ["专利产品备案奖补"],
      ["序号", "申报单位", "备案日期", "产品备案号", "备注", ...headers],
      [1, "甲公司", "2024-07-01", "BA1", "", 1000, 1000, 1, 1000, "兑付", ""],
      [2, "乙公司", "2024-07-02", "BA2", "补充材料", 1000, 1000, 1, 1000, "兑付", ""],
    ],
  });

  it.each([
    ["zh", OUTPUT_HEADERS.zh],
    ["en", OUTPUT_HEADERS.en],
  ])("are ignored when mapping (%s), and the next run writes over them", (_, headers) => {
    const grid = withOutput(headers);
    const m = mapSheet(grid, policy) as SheetMapping;
    expect(Object.keys(m.columns).sort()).toEqual(["claimantName", "productFilingNo", "recordDate", "rowId"]);
    expect(m.ignoredColumns).toEqual([{ column: "E", header: "备注" }]);
    expect(m.lastColumn).toBe(4);
    expect(outputColumnStart(grid, m)).toBe(5);
    expect(readClaims(grid, m).claims[0].values).toEqual({
      rowId: 1,
      claimantName: "甲公司",
      recordDate: "2024-07-01",
      productFilingNo: "BA1",
    });
  });

  it("start after the last used column when there are none yet", () => {
    const grid: Grid = {
      name: "产品备案",
      cells: [
        ["序号", "申报单位", "备案日期"],
        [1, "甲公司", "2024-07-01", null, "备注写在表头外"],
      ],
    };
    const m = mapSheet(grid, policy) as SheetMapping;
    expect(m.lastColumn).toBe(4);
    expect(outputColumnStart(grid, m)).toBe(5);
  });
});

describe("a sheet that cannot be read, and what would fix it", () => {
  it("names the header nearest to each missing column, only when it is close", () => {
    const grid: Grid = {
      name: "质押融资",
      cells: [["序号", "企业名陈", "统一社会信用代码", "融资全额（万元）", "方法", "登记日期"]],
    };
    const m = mapSheet(grid, policy) as SheetMapping;
    expect([m.headerRow, m.missing]).toEqual([1, ["claimantName", "pledgeAmount"]]);
    const p = missingColumnsProblem(m);
    expect(p).toMatchObject({
      code: "MISSING_COLUMNS",
      headerRow: 1,
      nearest: {
        claimantName: { column: "B", header: "企业名陈" },
        pledgeAmount: { column: "D", header: "融资全额（万元）" },
      },
    });
    expect(p.zh).toContain("申报单位（最接近的是 B 列“企业名陈”？）");
    // A two-character name is never a typo of another: 方法 is not suggested for 方式.
    expect(nearestHeader("mode", [{ column: "E", header: "方法" }])).toBeUndefined();
    expect(nearestHeader("mode", [{ column: "E", header: "转化方试" }])).toEqual({ column: "E", header: "转化方试" });
  });

  it("reads a field named by its label, a header name or its id", () => {
    expect(["申报单位", "企业名称", "claimantName", "claimant name", " 申报 单位 "].map(fieldNamed)).toEqual(
      Array(5).fill("claimantName"),
    );
    expect(fieldNamed("融资金额（万元）")).toBe("pledgeAmount");
    expect(fieldNamed("电话")).toBeUndefined();
  });

  it("stops on a sheet the user gave an item though nothing else says it is a ledger", () => {
    const notes: Grid = { name: "Sheet2", cells: [["见附件"]] };
    expect((mapSheet(notes, policy) as SheetProblem).code).toBe("NOT_LEDGER");
    const chosen = mapSheet(notes, policy, { item: "P3" }) as SheetProblem;
    expect(chosen.code).toBe("NO_HEADER");
    expect(chosen.zh).toContain("已为本表指定项目或列");
  });
});

describe("two columns for one field of money or eligibility (LEDGER.md: a question for the clerk)", () => {
  const TWO_AMOUNTS: Grid = {
    name: "专利质押融资",
    cells: [
      ["序号", "企业名称", "融资金额（万元）", "登记日期", "贷款金额（元）", "备注", "备注"],
      [1, "甲公司", 1000, "2024-02-01", 5, "a", "b"],
    ],
  };

  it("names both columns, once for the sheet; repeated 备注 asks nothing", () => {
    const m = mapSheet(TWO_AMOUNTS, policy) as SheetMapping;
    expect(m.conflicts).toEqual([
      {
        field: "pledgeAmount",
        columns: [
          { column: "C", header: "融资金额（万元）" },
          { column: "E", header: "贷款金额（元）" },
        ],
      },
    ]);
    const problem = twoColumnsProblem(m);
    expect(problem.code).toBe("TWO_COLUMNS");
    expect(problem.zh).toContain("质押融资金额（C 列“融资金额（万元）”、E 列“贷款金额（元）”）");
    expect(problem.en).toContain('pledge amount (column C "融资金额（万元）", column E "贷款金额（元）")');
  });

  it("stops the run: the sheet is unreadable, its rows not read", () => {
    const read = readLedger([TWO_AMOUNTS], policy);
    expect(unreadableSheets(read).map((p) => [p.sheet, p.code])).toEqual([["专利质押融资", "TWO_COLUMNS"]]);
    expect(read.claims).toEqual([]);
  });

  it("is answered by choosing one column (the unit follows its header), or by giving the other to another field", () => {
    const chosen = readLedger([TWO_AMOUNTS], policy, { 专利质押融资: { columns: { pledgeAmount: "E" } } });
    expect(unreadableSheets(chosen)).toEqual([]);
    expect(chosen.claims.map((c) => [c.values.pledgeAmount, c.units.pledgeAmount])).toEqual([[5, "yuan"]]);
    const moved = mapSheet(TWO_AMOUNTS, policy, { columns: { contractAmount: "E" } }) as SheetMapping;
    expect(moved.conflicts).toBeUndefined();
    expect(moved.columns.pledgeAmount?.column).toBe("C");
  });

  it("a second column with no value below its header asks nothing; two date columns do", () => {
    const emptySecond: Grid = {
      name: "专利质押融资",
      cells: [TWO_AMOUNTS.cells[0], [1, "甲公司", 1000, "2024-02-01"]],
    };
    expect((mapSheet(emptySecond, policy) as SheetMapping).conflicts).toBeUndefined();
    const twoDates: Grid = {
      name: "专利质押融资",
      cells: [
        ["企业名称", "融资金额（万元）", "备案日期", "登记日期"],
        ["甲公司", 1000, "2024-02-01", "2024-03-01"],
      ],
    };
    expect((mapSheet(twoDates, policy) as SheetMapping).conflicts?.map((c) => c.field)).toEqual(["recordDate"]);
  });
});
