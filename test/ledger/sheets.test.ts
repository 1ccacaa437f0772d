/**
 * Two differently laid-out ledgers per item, as LEDGER.md describes them: title rows, merged
 * titles, headers with spaces/line breaks/full-width brackets/units, unrelated columns, blank
 * rows, a 合计 row.
 */
import type { CellValue, FieldId, PerformanceItemId } from "../../src/engine/types";
import { defaultPolicy } from "../../src/policy";
import {
  findHeaderRow,
  isSheetProblem,
  mapSheet,
  readClaims,
  type Grid,
  type SheetMapping,
  type SheetProblem,
} from "../../src/ledger";

const policy = defaultPolicy();

function mapped(grid: Grid): SheetMapping {
  const m = mapSheet(grid, policy);
  if (isSheetProblem(m)) throw new Error(`${m.code}: ${m.en}`);
  return m;
}

/** field → column letter, for compact expectations. */
function letters(m: SheetMapping): Partial<Record<FieldId, string>> {
  return Object.fromEntries(Object.entries(m.columns).map(([f, c]) => [f, c!.column]));
}

const P1_TITLED: Grid = {
  name: "高校院所输出",
  cells: [
    ["2024年第一批专利转化绩效奖补申报汇总表"],
    ["填报单位：渝北区市场监督管理局", null, null, null, null, null, null, "单位：元"],
    [],
    [
      "序号",
      "申报单位",
      "统一社会信用代码",
      "单位性质",
      "受让方/被许可方",
      "受让方企业规模",
      "受让方所在区",
      "专利号（多个用、分隔）",
      "专利类型",
      "转化方式",
      "备案/登记日期",
      "件数",
      "开放许可平台",
      "联系人",
      "联系电话",
      "备注",
    ],
    [
      1,
      "重庆某大学",
      "12500000450400001X",
      "高校",
      "重庆甲科技有限公司",
      "小型",
      "渝北区",
      "ZL200710308494.X",
      "发明",
      "转让",
      new Date(Date.UTC(2024, 2, 5)),
      1,
      null,
      "张三",
      "13800000000",
    ],
    [
      2,
      "重庆某大学",
      "12500000450400001X",
      "高校",
      "重庆乙科技有限公司",
      "微型",
      "渝北区",
      "ZL202320123456.1",
      "实用新型",
      "开放许可",
      45400,
      null,
      "重庆知识产权运营中心",
      "张三",
    ],
    [],
    [
      3,
      "重庆某研究院",
      null,
      "科研院所",
      "重庆丙公司",
      "中型",
      "渝北",
      "ZL200710308494.X、ZL202320123456.1",
      null,
      "许可",
      "2024年3月5日",
      2,
    ],
    ["合计", null, null, null, null, null, null, null, null, null, null, 4],
  ],
};

const P1_BY_COLUMN: Grid = {
  name: "Sheet1",
  cells: [
    [
      "奖补\n项目",
      "申报\n单位",
      "信用代码",
      "专利申请号",
      "转让许可\n方式",
      "登记日期",
      "交易对方",
      "对方类型",
      "对方所在区县",
      "所在区县",
      "合同金额（万元）",
      "是否获得其他财政资金支持",
      "联系人",
    ],
    [
      "P1",
      "国有甲公司",
      "91500000MA5U000000",
      "200710308494.X",
      "作价入股",
      "2024-05-01",
      "重庆丁公司",
      "小型企业",
      "渝北区",
      "渝北区",
      "１２.５",
      "否",
      "李四",
    ],
    [
      "P1",
      "国有甲公司",
      "91500000MA5U000000",
      "CN202320123456.1",
      "普通许可",
      "2024/6/1",
      "重庆戊公司",
      "微型企业",
      "渝北区",
      "渝北区",
      3,
      "否",
    ],
  ],
};

const P2_TITLED: Grid = {
  name: "企业接受转让许可",
  cells: [
    ["中小微企业接受高校院所、国有企业专利转让许可奖补申报表"],
    [],
    [
      "序号",
      "企业名称",
      "社会信用代码",
      "企业规模",
      "所在区",
      "转让方",
      "转让方性质",
      "转让方所在地",
      "申请号",
      "类型",
      "交易方式",
      "变更日期",
      "数量",
      "许可金额(元)",
      "备注",
    ],
    [
      1,
      "重庆己科技有限公司",
      "91500112MA60000000",
      "小型",
      "渝北区",
      "重庆某研究院",
      "科研院所",
      "沙坪坝区",
      "ZL202320123456.1",
      "实用新型",
      "作价入股",
      45300,
      1,
      "50,000",
      "",
    ],
    [
      2,
      "重庆庚科技有限公司",
      null,
      "微型",
      "渝北区",
      "某民营集团",
      "大型企业",
      "江北区",
      "ZL200710308494.X",
      "发明",
      "转让",
      45350,
    ],
    ["总 计", null, null, null, null, null, null, null, null, null, null, null, 2, "50,000"],
  ],
};

const P2_SPACED: Grid = {
  name: "受让许可明细",
  cells: [
    [
      "单 位 名 称",
      "统一社会信用代码（18位）",
      "许可方",
      "许可方性质",
      "许可方所在区县",
      "专利号／申请号",
      "转化方式",
      "生效日期",
      "其他财政支持",
      "联系电话",
    ],
    [
      "重庆辛公司",
      "91500112MA60000001",
      "重庆大学",
      "高等学校",
      "沙坪坝区",
      "ZL200710308494.X",
      "独占许可",
      "2024-04-01",
      "否",
      "023-1234",
    ],
  ],
};

const P3_TITLED: Grid = {
  name: "产品备案",
  cells: [
    ["专利产品备案奖补汇总表", null, null, null, null, null, null, null, null],
    ["序号", "申报单位", "统一社会信用代码", "产品名称", "产品备案号", "专利号", "备案日期", "件数", "联系人"],
    [1, "重庆壬公司", "91500112MA60000002", "智能门锁", "BA2024001", "ZL202320123456.1", "2024-07-01", 1, "王五"],
    [null, null, null, null, null, null, null, null, "王五"],
    [2, "重庆壬公司", "91500112MA60000002", "智能水表", "BA2024002", "", "2024-07-02", 1],
    ["小计"],
  ],
};

const P3_BY_NAME_COLUMN: Grid = {
  name: "Sheet2",
  cells: [
    ["申报项目", "申请单位", "备案编号", "备案时间", "企业规模", "注册地", "批次", "联系电话"],
    ["中小微企业开展专利产品备案", "重庆癸公司", "BA2024003", "20240801", "小型", "渝北", "第一批", "023"],
  ],
};

const P4_TITLED: Grid = {
  name: "质押融资",
  cells: [
    ["2024年专利质押融资奖补", null, null],
    ["（金额单位见表头）"],
    ["序号", "企业名称", "信用代码", "质押融资金额（万元）", "质押登记号", "登记日期", "专利号", "所在区县", "备注"],
    [
      1,
      "重庆子公司",
      "91500112MA60000003",
      "1,234.5678",
      "Y2024000001",
      "2024-02-01",
      "ZL200710308494.X",
      "渝北区",
      "",
    ],
    [2, "重庆丑公司", "91500112MA60000004", "１２３.５", "Y2024000002", "2024-03-01"],
    ["合　计", null, null, "1358.0678"],
  ],
};

const P4_BY_NUMBER_COLUMN: Grid = {
  name: "Sheet3",
  cells: [
    ["项目类别", "申报主体", "贷款金额（元）", "质押登记编号", "质押登记日期", "银行", "是否失信"],
    [4, "重庆寅公司", 12000000, "Y2024000003", 45400, "某银行", "否"],
    ["4", "重庆卯公司", "5000万", "Y2024000004", 45410, "某银行", "是"],
  ],
};

describe("a ledger per item, two layouts each", () => {
  it.each<[string, Grid, number, PerformanceItemId, SheetMapping["itemSource"], Partial<Record<FieldId, string>>]>([
    [
      "P1 under a merged title, by sheet name",
      P1_TITLED,
      4,
      "P1",
      "sheetName",
      {
        rowId: "A",
        claimantName: "B",
        claimantCode: "C",
        claimantKind: "D",
        counterpartyName: "E",
        counterpartyKind: "F",
        counterpartyDistrict: "G",
        patentNumber: "H",
        patentType: "I",
        mode: "J",
        recordDate: "K",
        count: "L",
        platform: "M",
      },
    ],
    [
      "P1 by item column, headers with line breaks",
      P1_BY_COLUMN,
      1,
      "P1",
      "column",
      {
        item: "A",
        claimantName: "B",
        claimantCode: "C",
        patentNumber: "D",
        mode: "E",
        recordDate: "F",
        counterpartyName: "G",
        counterpartyKind: "H",
        counterpartyDistrict: "I",
        claimantDistrict: "J",
        contractAmount: "K",
        otherFiscalSupport: "L",
      },
    ],
    [
      "P2 by sheet name 接受…",
      P2_TITLED,
      3,
      "P2",
      "sheetName",
      {
        rowId: "A",
        claimantName: "B",
        claimantCode: "C",
        claimantKind: "D",
        claimantDistrict: "E",
        counterpartyName: "F",
        counterpartyKind: "G",
        counterpartyDistrict: "H",
        patentNumber: "I",
        patentType: "J",
        mode: "K",
        recordDate: "L",
        count: "M",
        contractAmount: "N",
      },
    ],
    [
      "P2 by sheet name 受让…, spaced headers",
      P2_SPACED,
      1,
      "P2",
      "sheetName",
      {
        claimantName: "A",
        claimantCode: "B",
        counterpartyName: "C",
        counterpartyKind: "D",
        counterpartyDistrict: "E",
        patentNumber: "F",
        mode: "G",
        recordDate: "H",
        otherFiscalSupport: "I",
      },
    ],
    [
      "P3 by sheet name",
      P3_TITLED,
      2,
      "P3",
      "sheetName",
      {
        rowId: "A",
        claimantName: "B",
        claimantCode: "C",
        productName: "D",
        productFilingNo: "E",
        patentNumber: "F",
        recordDate: "G",
        count: "H",
      },
    ],
    [
      "P3 by the item's name in a column",
      P3_BY_NAME_COLUMN,
      1,
      "P3",
      "column",
      {
        item: "A",
        claimantName: "B",
        productFilingNo: "C",
        recordDate: "D",
        claimantKind: "E",
        claimantDistrict: "F",
        batch: "G",
      },
    ],
    [
      "P4 by sheet name, 万元",
      P4_TITLED,
      3,
      "P4",
      "sheetName",
      {
        rowId: "A",
        claimantName: "B",
        claimantCode: "C",
        pledgeAmount: "D",
        pledgeRegistration: "E",
        recordDate: "F",
        patentNumber: "G",
        claimantDistrict: "H",
      },
    ],
    [
      "P4 by number in a column",
      P4_BY_NUMBER_COLUMN,
      1,
      "P4",
      "column",
      {
        item: "A",
        claimantName: "B",
        pledgeAmount: "C",
        pledgeRegistration: "D",
        recordDate: "E",
        barred: "G",
      },
    ],
  ])("%s", (_, grid, headerRow, item, itemSource, columns) => {
    const m = mapped(grid);
    expect(m.headerRow).toBe(headerRow);
    expect(m.item).toBe(item);
    expect(m.itemSource).toBe(itemSource);
    expect(letters(m)).toEqual(columns);
    expect(m.missing).toEqual([]);
  });

  it("reports unrelated columns as ignored, by letter and header", () => {
    expect(mapped(P1_TITLED).ignoredColumns).toEqual([
      { column: "N", header: "联系人" },
      { column: "O", header: "联系电话" },
      { column: "P", header: "备注" },
    ]);
    expect(mapped(P4_BY_NUMBER_COLUMN).ignoredColumns).toEqual([{ column: "F", header: "银行" }]);
  });

  it("records the units of amount columns from their headers", () => {
    expect(mapped(P4_TITLED).columns.pledgeAmount?.unit).toBe("wan");
    expect(mapped(P4_BY_NUMBER_COLUMN).columns.pledgeAmount?.unit).toBe("yuan");
    expect(mapped(P1_BY_COLUMN).columns.contractAmount?.unit).toBe("wan");
    expect(mapped(P2_TITLED).columns.contractAmount?.unit).toBe("yuan");
  });

  it("lists the stated default of every optional column that is absent", () => {
    const p1 = mapped(P1_TITLED);
    expect(p1.defaults.map((d) => [d.field, d.value])).toEqual([
      ["claimantDistrict", "inDistrict"],
      ["otherFiscalSupport", "no"],
    ]);
    expect(p1.defaults[0].zh).toContain("所在区县");
    const p2 = mapped(P2_SPACED);
    expect(p2.defaults.map((d) => [d.field, d.value])).toEqual([
      ["claimantDistrict", "inDistrict"],
      ["claimantKind", "asItemRequires"],
      // P2 counts the patent numbers a row lists: nothing is assumed.
      ["count", "listed"],
      ["patentType", "fromNumber"],
    ]);
    expect(p2.defaults[1].zh).toContain("中小微企业");
    expect(mapped(P4_BY_NUMBER_COLUMN).defaults.map((d) => d.field)).toEqual([
      "claimantDistrict",
      "claimantKind",
      "otherFiscalSupport",
    ]);
  });

  it("finds the header row under title rows, blank rows and a note", () => {
    expect(findHeaderRow(P1_TITLED)).toBe(3);
    expect(findHeaderRow(P4_TITLED)).toBe(2);
    expect(
      findHeaderRow({
        name: "x",
        cells: [
          ["申报单位", "备注"],
          ["甲", "乙"],
        ],
      }),
    ).toBeUndefined();
    // Three known headers but no claimant: the header, its claimant column missing (a typo is asked about).
    expect(findHeaderRow({ name: "x", cells: [["专利号", "备案日期", "件数"]] })).toBe(0);
  });

  it("looks for the header only among the first 15 rows", () => {
    const late: Grid = {
      name: "质押",
      cells: [...Array<CellValue[]>(15).fill(["说明"]), ["企业名称", "融资金额", "登记日期"]],
    };
    expect(findHeaderRow(late)).toBeUndefined();
    // Its name says P4: a ledger whose header is too far down, not a sheet to skip; the row is suggested.
    const problem = mapSheet(late, policy) as SheetProblem;
    expect([problem.code, problem.headerBelow]).toEqual(["NO_HEADER", 16]);
    expect(problem.en).toContain("choose its header row");
    expect(problem.zh).toContain("第 16 行像是表头");
  });
});

describe("readClaims", () => {
  it("reads one raw claim per data row, skipping blank and 合计 rows, with 1-based rows", () => {
    const m = mapped(P1_TITLED);
    const { claims, skipped, problems } = readClaims(P1_TITLED, m);
    expect(claims.map((c) => c.row)).toEqual([5, 6, 8]);
    expect(skipped).toEqual([
      { row: 7, why: "blank" },
      { row: 9, why: "total" },
    ]);
    expect(problems).toEqual([]);
    const first = claims[0];
    expect(first.sheet).toBe("高校院所输出");
    expect(first.item).toBe("P1");
    expect(first.values.claimantName).toBe("重庆某大学");
    expect(first.values.recordDate).toEqual(new Date(Date.UTC(2024, 2, 5)));
    expect(first.values.platform).toBeNull();
    expect(first.columns.patentNumber).toEqual({ column: "H", header: "专利号（多个用、分隔）" });
    expect(claims[1].values.recordDate).toBe(45400);
    expect(claims[2].values.patentNumber).toBe("ZL200710308494.X、ZL202320123456.1");
    expect(claims[2].values.platform).toBeUndefined();
  });

  it("treats a row holding only unmapped cells (a contact name) as blank", () => {
    const { claims, skipped } = readClaims(P3_TITLED, mapped(P3_TITLED));
    expect(claims.map((c) => c.row)).toEqual([3, 5]);
    expect(skipped).toEqual([
      { row: 4, why: "blank" },
      { row: 6, why: "total" },
    ]);
  });

  it("skips pre-numbered template rows and notes in the row id column as blank", () => {
    const grid: Grid = {
      name: "质押融资",
      cells: [
        ["序号", "企业名称", "融资金额", "登记日期"],
        [1, "甲", 1, 45400],
        [2],
        [3, null, null, null],
        [4, "乙", 2, 45401],
        ["注：金额单位为元"],
        [6],
      ],
    };
    const { claims, skipped } = readClaims(grid, mapped(grid));
    // Blank rows after the last claim end the table quietly.
    expect(claims.map((c) => c.row)).toEqual([2, 5]);
    expect(skipped).toEqual([
      { row: 3, why: "blank" },
      { row: 4, why: "blank" },
    ]);
  });

  it("recognises 合计 with spaces, full-width spaces and 总计", () => {
    expect(readClaims(P4_TITLED, mapped(P4_TITLED)).skipped).toEqual([{ row: 6, why: "total" }]);
    expect(readClaims(P2_TITLED, mapped(P2_TITLED)).skipped).toEqual([{ row: 6, why: "total" }]);
  });

  it('LEDGER.md "Value shapes": a 合计 or 小计 label with words around it, in a row with no claimant, is a total line', () => {
    const grid: Grid = {
      name: "质押融资",
      cells: [
        ["序号", "企业名称", "信用代码", "质押融资金额（万元）", "登记日期"],
        [1, "重庆子公司", "91500112MA60000003", 100, "2024-02-01"],
        [null, "2023年第四季度小计", null, 100],
        ["本页合计", null, null, 100],
        ["总计：", "", "\u3000", 100],
        ["合计（万元）", null, null, 100],
        [2, "重庆丑公司", "91500112MA60000004", 50, "2024-03-01"],
        ["2023 年第四季度 合计:", null, null, 50],
      ],
    };
    const { claims, skipped } = readClaims(grid, mapped(grid));
    expect(claims.map((c) => [c.row, c.values.claimantName])).toEqual([
      [2, "重庆子公司"],
      [7, "重庆丑公司"],
    ]);
    expect(skipped).toEqual([3, 4, 5, 6, 8].map((row) => ({ row, why: "total" })));
  });

  it("a row with a claimant is a claim whatever its label says, and a unit named …合计… is a claimant", () => {
    const grid: Grid = {
      name: "质押融资",
      cells: [
        ["序号", "企业名称", "信用代码", "质押融资金额（万元）", "登记日期"],
        ["小计", "重庆子公司", "91500112MA60000003", 100, "2024-02-01"],
        [2, "重庆合计科技有限公司", "91500112MA60000004", 50, "2024-03-01"],
        [3, "重庆合计科技有限公司", null, 50, "2024-03-01"],
        ["本页合计", null, "91500112MA60000005", 50, "2024-03-01"],
        [null, "合计科技", null, 50, "2024-03-01"],
        ["合计", null, null, 300],
      ],
    };
    const { claims, skipped } = readClaims(grid, mapped(grid));
    expect(claims.map((c) => c.row)).toEqual([2, 3, 4, 5, 6]);
    expect(skipped).toEqual([{ row: 7, why: "total" }]);
  });

  it("carries each amount column's unit and the raw amount cell", () => {
    const { claims } = readClaims(P4_TITLED, mapped(P4_TITLED));
    expect(claims[0].units).toEqual({ pledgeAmount: "wan" });
    expect(claims[1].values.pledgeAmount).toBe("１２３.５");
    const p2 = readClaims(P2_TITLED, mapped(P2_TITLED)).claims;
    expect(p2[0].units).toEqual({ contractAmount: "yuan" });
    expect(readClaims(P2_SPACED, mapped(P2_SPACED)).claims[0].units).toEqual({});
  });

  it("reads rows of item-column sheets with the item their cell names", () => {
    const { claims } = readClaims(P4_BY_NUMBER_COLUMN, mapped(P4_BY_NUMBER_COLUMN));
    expect(claims.map((c) => [c.row, c.item, c.values.barred])).toEqual([
      [2, "P4", "否"],
      [3, "P4", "是"],
    ]);
  });

  it("reads sparse rows as an adapter may hand them over", () => {
    const header: CellValue[] = [];
    header[1] = "企业名称";
    header[3] = "融资金额";
    header[4] = "登记日期";
    const row: CellValue[] = [];
    row[1] = "甲";
    row[4] = 45400;
    const grid: Grid = { name: "质押", cells: [[], header, row] };
    const m = mapped(grid);
    expect([m.headerRow, m.lastColumn]).toEqual([2, 4]);
    expect(readClaims(grid, m).claims[0].values).toEqual({
      claimantName: "甲",
      pledgeAmount: undefined,
      recordDate: 45400,
    });
  });

  it("does not end the table at a run of blank rows", () => {
    const grid: Grid = {
      name: "质押",
      cells: [["企业名称", "融资金额", "登记日期"], ["甲", 1, 45400], [], [], [null, null], ["乙", 2, 45401], [], []],
    };
    const { claims, skipped } = readClaims(grid, mapped(grid));
    expect(claims.map((c) => c.row)).toEqual([2, 6]);
    expect(skipped.map((s) => s.row)).toEqual([3, 4, 5]);
  });
});
