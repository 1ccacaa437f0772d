/**
 * Issue 11 "Explain a cell": a ledger row explained step by step reproduces its payout — award → after the unit cap
 * → exact share after pro rata → the rounded payout — and sends the reader to the cells and rows it is about.
 */
import Decimal from "decimal.js";
import { toMoney } from "../../src/engine/money";
import type { Grid } from "../../src/ledger";
import { explainRow, explanationText, planBalance, type BalancedPlan, type ExplainLine } from "../../src/plan";
import { defaultPolicy } from "../../src/policy";
import { P2_HEADER, PAID_HEADER, type Cell } from "../hostile/workbooks";
import { creditCode, patentNo } from "../support/claims";

const SHEET = "中小微企业受让专利";
const [A, B, D, E] = [creditCode(9101), creditCode(9102), creditCode(9104), creditCode(9105)];
const EARLIER = patentNo("invention", 990);

/** A P2 claim: an in-district SME taking patents from an in-city institute. */
function claim(n: number, name: string, code: string, patents: string[], type: string, date = "2024-05-10"): Cell[] {
  return [
    n,
    name,
    code,
    "小型",
    "重庆某研究院",
    "科研院所",
    "沙坪坝区",
    patents.join("、"),
    type,
    "转让",
    date,
    patents.length,
  ];
}

/*
 * P2's budget taken as 52,000 (what-if), 47,000 paid before: 5,000 left. 甲 was paid 45,000 before: its cap left is
 * 5,000 against a demand of 10,000 over two rows (4,000 and 1,000 after the cap). 乙 asks 2,000. Demand 7,000 > 5,000:
 * factor 5/7, and the fen matters (2,857.142857… and 714.285714…).
 */
const ledger: Grid = {
  name: SHEET,
  cells: [
    [...P2_HEADER, "件数"],
    claim(1, "甲公司", A, [patentNo("invention", 901), patentNo("invention", 902)], "发明"),
    claim(2, "甲公司", A, [patentNo("utility", 903)], "实用新型"),
    claim(3, "乙公司", B, [patentNo("utility", 904)], "实用新型"),
    claim(4, "乙公司", B, [patentNo("utility", 904)], "实用新型"),
    claim(5, "丁公司", D, [EARLIER], "发明"),
    claim(6, "戊公司", E, [patentNo("utility", 906)], "实用新型", "2024-13-45"),
  ],
};
const paid: Grid = {
  name: "已兑付",
  cells: [PAID_HEADER, ["P2", "甲公司", A, 45000, patentNo("invention", 980)], ["P2", "丁公司", D, 2000, EARLIER]],
};

function balanced(): BalancedPlan {
  const options = { budgets: { P2: new Decimal(52000) }, reallocate: false };
  const plan = planBalance(
    [ledger, paid],
    defaultPolicy(),
    { sheets: {}, options },
    { time: new Date(0), input: "t", lang: "zh" },
  );
  if (plan.kind !== "balanced") throw new Error(`not balanced: ${plan.kind}`);
  return plan;
}

const valued = (lines: ExplainLine[]) => lines.filter((l) => l.value !== undefined).map((l) => l.value!);
const ONE_FEN = new Decimal("0.01");

describe("explainRow", () => {
  const plan = balanced();
  const row = (r: number) => plan.result.rows.find((x) => x.ref.sheet === SHEET && x.ref.row === r)!;

  test("a capped row of a scaled item: award → after cap → exact share → payout, each step from the last", () => {
    const r = row(2);
    expect([r.award, r.capped, r.payout].map((d) => d.toFixed(2))).toEqual(["8000.00", "4000.00", "2857.14"]);
    const e = explainRow(plan, SHEET, 2)!;
    expect(e).toMatchObject({ item: "P2", claimant: "甲公司", status: "paid", payout: "2857.14", clause: "§二(一)2" });
    expect(e.rule).toMatch(/^P2 /);
    // award, 从高不重复 (unchanged), after the cap, exact share, payout.
    const [award, deduped, capped, exact, payout] = valued(e.steps).map((v) => toMoney(v));
    expect(valued(e.steps)).toHaveLength(5);
    expect(award.equals(r.award) && deduped.equals(award)).toBe(true);
    expect(capped.equals(r.capped)).toBe(true);
    expect(exact.equals(toMoney(r.capped).times(r.factor))).toBe(true);
    expect(exact.toDecimalPlaces(6).toFixed()).toBe("2857.142857");
    expect(payout.equals(r.payout)).toBe(true);
    expect(payout.minus(exact).abs().lessThan(ONE_FEN)).toBe(true);
    expect(e.payout).toBe(r.payout.toFixed(2));
  });

  test("the rounding matters: the unit's second row takes the fen the first does not", () => {
    const e = explainRow(plan, SHEET, 3)!;
    const [, , capped, exact, payout] = valued(e.steps);
    expect([capped, toMoney(exact).toDecimalPlaces(6).toFixed(), payout]).toEqual(["1000.00", "714.285714", "714.29"]);
    const unit = plan.result.units.find((u) => u.name === "甲公司")!;
    expect(unit.payout.toFixed(2)).toBe("3571.43");
  });

  test("the cap step names the unit's demand, cap, cap left and the earlier payout, with its row", () => {
    const e = explainRow(plan, SHEET, 2)!;
    const text = e.steps.map((l) => l.text.zh).join("\n");
    expect(text).toContain("50,000.00"); // the cap
    expect(text).toContain("45,000.00"); // paid before
    expect(text).toContain("10,000.00"); // the unit's demand
    expect(text).toContain("5,000.00"); // cap left, capped
    const earlier = e.steps.find((l) => l.ref?.sheet === "已兑付");
    expect(earlier?.ref).toEqual({ sheet: "已兑付", row: 2 });
    expect(earlier?.text.en).toContain("45,000.00");
  });

  test("the item step says budget, paid before, moved, available, demand and factor", () => {
    const e = explainRow(plan, SHEET, 4)!;
    const text = e.steps.map((l) => l.text.en).join("\n");
    for (const figure of ["52,000.00", "47,000.00", "available 5,000.00", "7,000.00", "5,000.00 ÷ 7,000.00"])
      expect(text).toContain(figure);
    const [award, , capped, exact, payout] = valued(e.steps);
    expect([award, capped, payout]).toEqual(["2000.00", "2000.00", "1428.57"]);
    expect(toMoney(exact).minus(payout).abs().lessThan(ONE_FEN)).toBe(true);
  });

  test("a duplicate's reason refs the row it duplicates", () => {
    const e = explainRow(plan, SHEET, 5)!;
    expect(e.status).toBe("duplicate");
    expect(e.payout).toBe("0.00");
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0].ref).toEqual({ sheet: SHEET, row: 4 });
    expect(row(5).reasons.find((x) => x.code === "DUPLICATE")?.related).toEqual({ sheet: SHEET, row: 4 });
  });

  test("a row paid in an earlier batch refs that payout's sheet and row", () => {
    const e = explainRow(plan, SHEET, 6)!;
    expect(e.status).toBe("duplicate");
    expect(e.reasons.map((l) => l.ref)).toEqual([{ sheet: "已兑付", row: 3 }]);
    expect(e.reasons[0].text.zh).toContain("已在往期批次");
  });

  test("a rejected row (bad date) gives its reason with the cell", () => {
    const e = explainRow(plan, SHEET, 7)!;
    expect(e.status).toBe("rejected");
    expect(e.reasons).toHaveLength(1);
    expect(e.reasons[0].ref).toMatchObject({ sheet: SHEET, row: 7, column: "K", header: "登记日期" });
    expect(e.reasons[0].text.en).toContain("2024-13-45");
  });

  test("inputs: each cell read, with its place", () => {
    const e = explainRow(plan, SHEET, 2)!;
    const patents = e.inputs.find((l) => l.ref?.column === "H")!;
    expect(patents.ref).toEqual({ sheet: SHEET, row: 2, column: "H", header: "专利号" });
    expect(patents.text.zh).toContain(patentNo("invention", 901));
  });

  test("no row there: undefined", () => {
    expect(explainRow(plan, SHEET, 1)).toBeUndefined();
    expect(explainRow(plan, "已兑付", 2)).toBeUndefined();
  });

  test("the text says the payout, the steps and where to look, in both languages", () => {
    const zh = explanationText(explainRow(plan, SHEET, 5)!, "zh");
    expect(zh).toContain("兑付金额：0.00 元");
    expect(zh).toContain(`（见「${SHEET}」第 4 行）`);
    const en = explanationText(explainRow(plan, SHEET, 2)!, "en");
    expect(en).toContain("payout: 2857.14 元");
    expect(en).toContain('(see sheet "已兑付", row 2)');
  });
});
