import Decimal from "decimal.js";
import {
  checkFundingPlan,
  checkIndicators,
  supportCommitted,
  type FundingPlanLine,
  type IndicatorCheck,
} from "../../src/engine/support";
import type { SupportItemId } from "../../src/engine/types";
import { defaultPolicy, withOverrides } from "../../src/policy";

const policy = defaultPolicy();

function line(item: SupportItemId, unit: string, yuan: string, row?: number): FundingPlanLine {
  return { item, unit, amount: new Decimal(yuan), ref: row === undefined ? undefined : { sheet: "资助计划", row } };
}

const withinPlan = [
  line("P5", "渝北某产业园", "800000"),
  line("P6", "重庆某大学", "150000"),
  line("P6", "重庆某研究院", "150000"),
  line("P7", "甲服务机构", "150000"),
  line("P7", "乙服务机构", "150000"),
  line("P7", "丙服务机构", "150000"),
  line("P7", "丁服务机构", "150000"),
  line("P8", "某行业协会", "50000"),
];

describe("checkFundingPlan (§二(二)5–8)", () => {
  it("accepts a plan at every cap and unit count", () => {
    const check = checkFundingPlan(withinPlan, policy);
    expect(check.ok).toBe(true);
    expect(check.items.map((i) => [i.item, i.units, i.total.toFixed(), i.cap.toFixed(), i.ok])).toEqual([
      ["P5", 1, "800000", "800000", true],
      ["P6", 2, "300000", "300000", true],
      ["P7", 4, "600000", "600000", true],
      ["P8", 1, "50000", "50000", true],
    ]);
    expect(check.lines.every((l) => l.ok && l.reasons.length === 0)).toBe(true);
  });

  it("lists every support item, planned or not", () => {
    const check = checkFundingPlan([line("P8", "某行业协会", "30000")], policy);
    expect(check.ok).toBe(true);
    expect(check.items.find((i) => i.item === "P6")).toMatchObject({ units: 0, ok: true });
    expect(check.items.find((i) => i.item === "P6")!.total.toFixed()).toBe("0");
  });

  it("flags a unit over the per-unit cap, its lines added up", () => {
    const check = checkFundingPlan(
      [
        line("P6", "重庆某大学", "100000", 3),
        line("P6", "重庆某大学 ", "50000.01", 4),
        line("P6", "重庆某研究院", "100000", 5),
      ],
      policy,
    );
    expect(check.ok).toBe(false);
    expect(check.lines.map((l) => l.ok)).toEqual([false, false, true]);
    expect(check.lines[0].reasons[0].zh).toBe(
      "重庆某大学 在 P6（高校院所专利转化促进） 计划资助合计 150,000.01 元，超过每家单位不超过 150,000 元的上限（§二(二)6）",
    );
    expect(check.lines[1].reasons[0].en).toContain("above the cap of 150,000 元 per unit");
    expect(check.lines[1].ref).toEqual({ sheet: "资助计划", row: 4 });
    const p6 = check.items.find((i) => i.item === "P6")!;
    expect(p6).toMatchObject({ units: 2, ok: false, reasons: [] });
  });

  it("flags more units than the item may select", () => {
    const plan = [
      ...withinPlan.filter((l) => l.item !== "P7"),
      ...["甲", "乙", "丙", "丁", "戊"].map((u) => line("P7", u, "100000")),
    ];
    const p7 = checkFundingPlan(plan, policy).items.find((i) => i.item === "P7")!;
    expect(p7.ok).toBe(false);
    expect(p7.units).toBe(5);
    expect(p7.reasons).toHaveLength(1);
    expect(p7.reasons[0].zh).toContain("计划资助 5 家单位，政策规定择优遴选不超过 4 家（§二(二)7）");
    expect(p7.reasons[0].en).toContain("at most 4");
  });

  it("flags an item total over its support money, also for an item without a per-unit cap", () => {
    const check = checkFundingPlan([line("P5", "渝北某产业园", "800000.01")], policy);
    const p5 = check.items.find((i) => i.item === "P5")!;
    expect(check.ok).toBe(false);
    expect(check.lines[0].ok).toBe(true);
    expect(p5.reasons.map((r) => r.zh)).toEqual([
      "P5（产业园区专利转化促进） 计划资助合计 800,000.01 元，超过本项目支持资金不超过 800,000 元的上限（§二(二)5）",
    ]);
  });

  it("reads the caps from the policy: a what-if budget changes the verdict", () => {
    const lower = withOverrides(policy, { budgets: { P8: "40000" } });
    expect(checkFundingPlan([line("P8", "某行业协会", "50000")], lower).ok).toBe(false);
  });

  it("flags amounts that are not more than 0, and a blank unit name", () => {
    const check = checkFundingPlan([line("P8", "某行业协会", "0"), line("P6", "  ", "1000")], policy);
    expect(check.ok).toBe(false);
    expect(check.lines[0].reasons.map((r) => r.en)).toEqual(["The planned amount must be more than 0 元 (it is 0)."]);
    expect(check.lines[1].reasons.map((r) => r.zh)).toEqual(["承担单位名称为空"]);
    expect(check.items.find((i) => i.item === "P6")).toMatchObject({ units: 0, ok: false });
  });
});

describe("supportCommitted", () => {
  it("adds up what the plan commits per item, exactly", () => {
    const committed = supportCommitted([...withinPlan, line("P8", "另一协会", "0.1")]);
    expect(Object.fromEntries(Object.entries(committed).map(([k, v]) => [k, v!.toFixed()]))).toEqual({
      P5: "800000",
      P6: "300000",
      P7: "600000",
      P8: "50000.1",
    });
    expect(supportCommitted([])).toEqual({});
  });
});

function byTask(checks: IndicatorCheck[]): Record<string, IndicatorCheck> {
  return Object.fromEntries(checks.map((c) => [c.task.id, c]));
}

describe("checkIndicators (结题验收)", () => {
  it("checks every task of the item, in the policy's order", () => {
    const checks = checkIndicators({ item: "P6", unit: "重庆某大学", values: {} }, policy);
    expect(checks.map((c) => c.task.id)).toEqual([
      "policyMeasures",
      "smesServed",
      "patentsOut",
      "shareToSmes",
      "inventionApplications",
      "statistics",
    ]);
    expect(checks.every((c) => c.status === "missing")).toBe(true);
  });

  it("met, not met with how far short, and missing", () => {
    const c = byTask(
      checkIndicators(
        {
          item: "P6",
          unit: "重庆某大学",
          values: { smesServed: 60, patentsOut: 27, shareToSmes: 0.015, policyMeasures: true, statistics: false },
        },
        policy,
      ),
    );
    expect(c.smesServed).toMatchObject({ status: "met", actual: 60 });
    expect(c.smesServed.shortBy).toBeUndefined();
    expect(c.smesServed.zh).toBe("对接服务市内科技型中小微企业：完成 60 家，达到不少于 60 家 的要求（§二(二)6(2)）");
    expect(c.patentsOut).toMatchObject({ status: "notMet", actual: 27, shortBy: 3 });
    expect(c.patentsOut.en).toBe("patentsOut: 27 件 done, at least 30 件 required — short by 3 件 (§二(二)6(3))");
    expect(c.shareToSmes).toMatchObject({ status: "notMet", shortBy: 0.005 });
    expect(c.shareToSmes.zh).toContain("完成 1.5%，未达到不少于 2% 的要求，还差 0.5%");
    expect(c.policyMeasures).toMatchObject({ status: "met", actual: true });
    expect(c.statistics).toMatchObject({ status: "notMet", actual: false });
    expect(c.statistics.zh).toBe("定期报送数据统计材料：未完成（§二(二)6(6)）");
    expect(c.inventionApplications.status).toBe("missing");
    expect(c.inventionApplications.zh).toBe("发明专利申请量：未报送（应填一个数值）（§二(二)6(5)）");
  });

  it("money tasks read in 元 with separators", () => {
    const c = byTask(checkIndicators({ item: "P7", unit: "甲服务机构", values: { pledgeAmount: 49_999_000 } }, policy));
    expect(c.pledgeAmount).toMatchObject({ status: "notMet", shortBy: 1000 });
    expect(c.pledgeAmount.zh).toContain("完成 49,999,000 元，未达到不少于 50,000,000 元 的要求，还差 1,000 元");
  });

  it("trainings count only events with enough people", () => {
    const p5 = (trainings: number[]) =>
      byTask(checkIndicators({ item: "P5", unit: "渝北某产业园", values: { trainings } }, policy)).trainings;
    expect(p5([60, 45, 80])).toMatchObject({ status: "met", actual: 2 });
    expect(p5([60, 45, 80]).en).toBe(
      "trainings: 2 of 3 events had at least 50 people, at least 2 次 required — met (§二(二)5(5))",
    );
    expect(p5([50, 49, 49])).toMatchObject({ status: "notMet", actual: 1, shortBy: 1 });
    expect(p5([])).toMatchObject({ status: "notMet", actual: 0, shortBy: 2 });
    const p8 = checkIndicators({ item: "P8", unit: "某行业协会", values: { trainings: [51] } }, policy);
    expect(p8).toHaveLength(1);
    expect(p8[0]).toMatchObject({ status: "met", actual: 1 });
  });

  it("a value of the wrong shape is missing, saying what is expected", () => {
    const c = byTask(
      checkIndicators(
        { item: "P5", unit: "渝北某产业园", values: { trainings: 3, dataSystem: 1, smeDeals: [50], patentPool: NaN } },
        policy,
      ),
    );
    expect(c.trainings.status).toBe("missing");
    expect(c.trainings.en).toContain("expected the attendance of each event");
    expect(c.dataSystem.status).toBe("missing");
    expect(c.dataSystem.en).toBe("dataSystem: not reported (expected yes or no) (§二(二)5(7))");
    expect(c.smeDeals.status).toBe("missing");
    expect(c.patentPool.status).toBe("missing");
  });
});
