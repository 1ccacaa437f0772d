import { defaultPolicy } from "../../src/policy";
import {
  headersOf,
  isFundingPlanSheet,
  isIndicatorSheet,
  PRODUCT_SHEETS,
  readFundingPlan,
  readIndicators,
  readLedger,
  supportItemOf,
  supportOptions,
  SUPPORT,
  type Grid,
} from "../../src/ledger";

const policy = defaultPolicy();

const PLAN: Grid = {
  name: "2024年支持项目资金计划",
  cells: [
    ["2024年度专利转化支持项目资金计划"],
    ["序号", "项目编号", "承担 单位", "资助金额（万元）"],
    [1, "P5", "渝北某产业园", 80],
    [2, 6, "重庆某大学", "15"],
    [3, "高校院所专利转化促进", "重庆某研究院", 15],
    [4, "P7 服务机构专利转化促进", "甲服务机构", "12.5万"],
    [],
    [5, "P9", "乙服务机构", 10],
    [6, "P8", "某行业协会", "五万"],
    [7, "", "丙服务机构", 1],
    ["合计", null, null, 137.5],
  ],
};

const INDICATORS: Grid = {
  name: "结题验收绩效指标",
  cells: [
    ["项目", "承担单位", "指标", "完成值"],
    ["P5", "渝北某产业园", "smeDeals", 56],
    ["P5", "渝北某产业园", "宣传培训活动", "60、45、80"],
    ["P5", "渝北某产业园", "专利质押融资累计金额", "4800万"],
    ["P5", "渝北某产业园", "建立线上数据系统", "是"],
    ["P5", "渝北某产业园", "定期报送数据统计材料", "否"],
    ["P5", "渝北某产业园", "产业专利池入池专利", "20件"],
    ["P5", "渝北某产业园", "协助中小微企业完成专利产品备案", ""],
    ["P6", "重庆某大学", "向市内中小微企业转移转化专利占有效专利比例", "1.5%"],
    ["P6", " 重庆某大学", "发明专利申请量", "12"],
    ["P6", "重庆某大学", "发明专利申请量", 13],
    ["P6", "重庆某大学", "对接服务市内科技型中小微企业", "许多"],
    ["P6", "重庆某大学", "开展宣传", 1],
    ["P6", "", "发明专利申请量", 5],
    ["P8", "某行业协会", "宣传培训活动（单场不低于50人）", 52],
    ["P8", "另一协会", "trainings", "五十人"],
  ],
};

describe("support sheets by name", () => {
  test("a funding plan: 资金计划, 支持项目, 立项; indicators: 绩效指标, 验收, 结题", () => {
    expect(["资金计划", "2024年支持项目", "立项清单"].every(isFundingPlanSheet)).toBe(true);
    expect(["绩效指标", "验收情况", "结题"].every(isIndicatorSheet)).toBe(true);
    expect(["专利质押融资", "已兑付", "汇总"].some((n) => isFundingPlanSheet(n) || isIndicatorSheet(n))).toBe(false);
  });

  test("the item: P5–P8, 5–8, the name, or the id with the name", () => {
    expect(
      ["P5", "6", "ｐ７", "专利转移转化宣传培训", "P6-高校院所专利转化促进"].map((v) => supportItemOf(v, policy)),
    ).toEqual(["P5", "P6", "P7", "P8", "P6"]);
    expect(["P4", "4", "P9", "", "P5 高校院所专利转化促进"].map((v) => supportItemOf(v, policy))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("readFundingPlan", () => {
  const { plan, problems } = readFundingPlan(PLAN, policy);

  test("one line per readable row, 万元 by the header, each with its sheet and row", () => {
    expect(plan.map((l) => [l.item, l.unit, l.amount.toFixed(), l.ref])).toEqual([
      ["P5", "渝北某产业园", "800000", { sheet: PLAN.name, row: 3 }],
      ["P6", "重庆某大学", "150000", { sheet: PLAN.name, row: 4 }],
      ["P6", "重庆某研究院", "150000", { sheet: PLAN.name, row: 5 }],
      // A unit written in the cell wins over the column's.
      ["P7", "甲服务机构", "125000", { sheet: PLAN.name, row: 6 }],
    ]);
  });

  test("a cell it cannot read is a problem naming sheet, row and column; blank and 合计 rows are skipped", () => {
    expect(problems.map((p) => [p.sheet, p.row, p.column, p.header])).toEqual([
      [PLAN.name, 8, "B", "项目编号"],
      [PLAN.name, 9, "D", "资助金额（万元）"],
      [PLAN.name, 10, "B", "项目编号"],
    ]);
    expect(problems[0].zh).toContain("支持项目“P9”无法识别");
    expect(problems[0].en).toContain('support item "P9" not recognised');
    expect(problems[1].zh).toContain("支持金额应为金额");
    expect(problems[1].en).toContain("support amount: expected an amount");
    expect(problems[2].zh).toContain("支持项目为空");
  });

  test("a sheet without the plan's header is one problem, not a guess", () => {
    const read = readFundingPlan(
      {
        name: "资金计划",
        cells: [
          ["单位", "电话"],
          ["甲", "023"],
        ],
      },
      policy,
    );
    expect(read.plan).toEqual([]);
    expect(read.problems).toEqual([
      expect.objectContaining({ sheet: "资金计划", row: 1, zh: expect.stringContaining("“项目”“承担单位”“支持金额”") }),
    ]);
  });
});

describe("readIndicators", () => {
  const { reports, problems } = readIndicators(INDICATORS, policy);

  test("one report per item and unit, each task by its id or its name, values as the check takes them", () => {
    expect(reports).toEqual([
      {
        item: "P5",
        unit: "渝北某产业园",
        values: {
          smeDeals: 56,
          trainings: [60, 45, 80],
          pledgeAmount: 48_000_000,
          dataSystem: true,
          statistics: false,
          patentPool: 20,
        },
      },
      { item: "P6", unit: "重庆某大学", values: { shareToSmes: 0.015, inventionApplications: 12 } },
      { item: "P8", unit: "某行业协会", values: { trainings: [52] } },
      { item: "P8", unit: "另一协会", values: {} },
    ]);
  });

  test("a blank value is left for the check to call missing", () => {
    expect(reports[0].values).not.toHaveProperty("productFilings");
  });

  test("bad values, unknown tasks, blank units and a task reported twice are problems", () => {
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [11, "C"],
      [12, "D"],
      [13, "C"],
      [14, "B"],
      [16, "D"],
    ]);
    expect(problems[0].zh).toBe("重庆某大学 的“发明专利申请量”已在第 10 行填报，本行未读入");
    expect(problems[1].zh).toBe("“对接服务市内科技型中小微企业”的完成值应为一个数值");
    expect(problems[2].zh).toContain("指标“开展宣传”不是 P6 的任务");
    expect(problems[2].en).toContain("inventionApplications");
    expect(problems[3].en).toBe("undertaking unit is blank, row not read");
    expect(problems[4].en).toBe("trainings: expected the attendance of each event, e.g. 60, 45, 80");
    expect(problems.every((p) => p.sheet === INDICATORS.name && p.header)).toBe(true);
  });
});

describe("readLedger with support sheets", () => {
  const LEDGER: Grid = {
    name: "质押融资",
    cells: [
      ["企业名称", "融资金额（万元）", "登记日期"],
      ["乙公司", 5000, "2024-02-01"],
    ],
  };
  /** An earlier run's 支持项目, in the product's layout. */
  const REPORT: Grid = {
    name: "支持项目",
    cells: [headersOf(SUPPORT, "zh"), ["P5", "…", 1]],
  };

  test("reads the plan and the indicators, not as ledgers and not as problems", () => {
    const read = readLedger([LEDGER, PLAN, INDICATORS, REPORT], policy);
    expect(read.sheets.map((s) => s.sheet)).toEqual(["质押融资"]);
    expect(read.problems).toEqual([]);
    expect(read.claims).toHaveLength(1);
    expect(read.fundingPlan).toHaveLength(4);
    expect(read.indicators?.map((r) => r.unit)).toEqual(["渝北某产业园", "重庆某大学", "某行业协会", "另一协会"]);
    // A plan line not read moves money (it is taken as uncommitted): blocking. An indicator line is only listed.
    expect(new Set(read.blocking.map((p) => p.sheet))).toEqual(new Set([PLAN.name]));
    expect(new Set(read.rowProblems.map((p) => p.sheet))).toEqual(new Set([INDICATORS.name]));
    expect(PRODUCT_SHEETS).toContain("支持项目");
  });

  test("neither when the workbook has no such sheet; a sheet the user gave an item is a ledger", () => {
    const plain = readLedger([LEDGER], policy);
    expect(plain.fundingPlan).toBeUndefined();
    expect(plain.indicators).toBeUndefined();
    const asLedger: Grid = { ...LEDGER, name: "立项企业质押" };
    const read = readLedger([asLedger], policy, { 立项企业质押: { item: "P4" } });
    expect(read.fundingPlan).toBeUndefined();
    expect(read.claims.map((c) => c.sheet)).toEqual(["立项企业质押"]);
  });
});

describe("supportOptions", () => {
  test("what the plan commits per item, for balance(); nothing without a plan", () => {
    const read = readLedger([PLAN], policy);
    const committed = supportOptions(read).supportCommitted!;
    expect(Object.fromEntries(Object.entries(committed).map(([k, v]) => [k, v.toFixed()]))).toEqual({
      P5: "800000",
      P6: "300000",
      P7: "125000",
    });
    expect(supportOptions(readLedger([], policy))).toEqual({});
  });
});
