import { balance } from "../../src/engine";
import type { CellValue } from "../../src/engine/types";
import { readLedger, supportOptions, type Grid } from "../../src/ledger";
import { defaultPolicy, supportItem } from "../../src/policy";
import { summaryTables, supportChecks, supportText, type RunInfo, type Table } from "../../src/report";
import { p2Grid } from "./ledgerFixture";

const policy = defaultPolicy();
const run: RunInfo = { time: "2025-01-20T08:00:00.000Z", input: "ledger.xlsx", lang: "zh" };

const PLAN: Grid = {
  name: "资金计划",
  cells: [
    ["项目", "承担单位", "支持金额"],
    ["P6", "重庆某大学", 150000],
    ["P6", "重庆某研究院", 160000],
    ["P7", "甲服务机构", 150000],
  ],
};
const INDICATORS: Grid = {
  name: "绩效指标",
  cells: [
    ["项目", "承担单位", "指标", "完成值"],
    ["P6", "重庆某大学", "发明专利申请量", 12],
    ["P6", "重庆某大学", "向市内中小微企业转移转化专利占有效专利比例", "1.5%"],
    ["P6", "重庆某大学", "定期报送数据统计材料", "是"],
  ],
};

function tablesFor(grids: Grid[], lang: "zh" | "en" = "zh", withPolicy = true): Table[] {
  const ledger = readLedger(grids, policy);
  const result = balance(ledger.claims, policy, { priorPayouts: ledger.prior, ...supportOptions(ledger) });
  return summaryTables(result, ledger, { ...run, lang }, lang, withPolicy ? policy : undefined);
}

/** The rows of a section: after its title and header, up to the next blank row. */
function section(table: Table, title: string): CellValue[][] {
  const start = table.rows.findIndex((r) => r[0] === title);
  const rest = table.rows.slice(start + 2);
  const end = rest.findIndex((r) => r.length === 0);
  return end < 0 ? rest : rest.slice(0, end);
}

describe("支持项目", () => {
  test("written only when the workbook has a plan or indicators, after 目标进度 and before 运行记录", () => {
    expect(tablesFor([p2Grid()]).map((t) => t.sheet)).toEqual(["汇总", "公示名单", "异常清单", "目标进度", "运行记录"]);
    expect(tablesFor([p2Grid(), PLAN]).map((t) => t.sheet)).toEqual([
      "汇总",
      "公示名单",
      "异常清单",
      "目标进度",
      "支持项目",
      "运行记录",
    ]);
    expect(tablesFor([p2Grid(), INDICATORS]).map((t) => t.sheet)).toContain("支持项目");
  });

  test("the plan per item and per line, each with its verdict and reasons", () => {
    const sheet = tablesFor([p2Grid(), PLAN]).find((t) => t.sheet === "支持项目")!;
    expect(sheet.columns.map((c) => c.header)).toEqual([
      "项目编号",
      "项目名称",
      "承担单位数",
      "单位数上限",
      "计划合计",
      "资金上限",
      "是否合规",
      "说明",
    ]);
    const items = sheet.rows.slice(0, 4);
    expect(items.map((r) => r.slice(0, 7))).toEqual([
      ["P5", "产业园区专利转化促进", 0, 1, 0, 800000, "合规"],
      ["P6", "高校院所专利转化促进", 2, 2, 310000, 300000, "有问题"],
      ["P7", "服务机构专利转化促进", 1, 4, 150000, 600000, "合规"],
      ["P8", "专利转移转化宣传培训", 0, 1, 0, 50000, "合规"],
    ]);
    expect(items[1][7]).toContain("超过本项目支持资金不超过 300,000 元的上限");
    const lines = section(sheet, "资金计划明细");
    expect(lines.map((r) => [r[0], r[1], r[2], r[4], r[6]])).toEqual([
      ["P6", "重庆某大学", "资金计划!2", 150000, "合规"],
      ["P6", "重庆某研究院", "资金计划!3", 160000, "有问题"],
      ["P7", "甲服务机构", "资金计划!4", 150000, "合规"],
    ]);
    expect(lines[1][7]).toContain("每家单位不超过 150,000 元的上限");
    expect(section(sheet, "绩效指标（结题验收）")).toEqual([["未提供绩效指标：工作簿中没有绩效指标表"]]);
  });

  test("each task of each reporting unit: met, not met with how far, or missing", () => {
    const sheet = tablesFor([p2Grid(), INDICATORS], "en").find((t) => t.sheet === "支持项目")!;
    expect(sheet.rows[0]).toEqual(["No funding plan: the workbook has no 资金计划 sheet"]);
    const tasks = section(sheet, "Indicators at acceptance (结题验收)");
    const byTask = new Map(tasks.map((r) => [String(r[2]).split(" ")[0], r]));
    expect(tasks).toHaveLength(supportItem(policy, "P6").tasks.length);
    expect(byTask.get("inventionApplications")!.slice(0, 7)).toEqual([
      "P6",
      "重庆某大学",
      "inventionApplications 发明专利申请量",
      "§二(二)6(5)",
      12,
      null,
      "met",
    ]);
    expect(byTask.get("shareToSmes")!.slice(4, 7)).toEqual(["1.5%", "0.5%", "not met"]);
    expect(byTask.get("statistics")!.slice(4, 7)).toEqual(["yes", null, "met"]);
    expect(byTask.get("smesServed")!.slice(4, 7)).toEqual([null, null, "missing"]);
    expect(byTask.get("smesServed")![7]).toContain("not reported");
  });

  test("not written without the policy to check against", () => {
    expect(tablesFor([p2Grid(), PLAN], "zh", false).map((t) => t.sheet)).not.toContain("支持项目");
  });
});

describe("supportText", () => {
  test("each problem of the plan on one line, then how the indicators stand", () => {
    const checks = supportChecks(readLedger([PLAN, INDICATORS], policy), policy)!;
    const lines = supportText(checks, "zh");
    expect(lines).toEqual([
      expect.stringMatching(/^资金计划：P6（高校院所专利转化促进） 计划资助合计 310,000 元，超过/),
      expect.stringMatching(/^资金计划：资金计划!3 重庆某研究院 在 P6/),
      "绩效指标：达标 2 项，未达标 1 项，未报送 3 项",
    ]);
    expect(supportText(checks, "en")[2]).toBe("Indicators: 2 met, 1 not met, 3 missing");
  });

  test("nothing to say without a plan or indicators", () => {
    expect(supportChecks(readLedger([p2Grid()], policy), policy)).toBeUndefined();
  });
});
