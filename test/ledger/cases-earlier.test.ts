/**
 * CASES.md 21–26: rounding in two stages and earlier payouts (POLICY §2.2/§2.7, LEDGER.md "Earlier payouts"),
 * from the workbook's sheets through the ledger reader and the balancer, as the command and the pane run them.
 */
import { balance, type BalanceOptions, type RawClaim } from "../../src/engine";
import { readLedger, type Grid } from "../../src/ledger";
import { defaultPolicy, withOverrides, type Policy } from "../../src/policy";
import { creditCode, p1, p2, p3, p4, patentNo } from "../support/claims";

const policy = defaultPolicy();

function run(rows: RawClaim[], options: BalanceOptions = {}, p: Policy = policy) {
  const result = balance(rows, p, options);
  const byRow = (r: RawClaim) => result.rows.find((x) => x.ref.sheet === r.sheet && x.ref.row === r.row)!;
  return { result, byRow, payout: (r: RawClaim) => byRow(r).payout.toFixed(2) };
}

/** A 已兑付 sheet as a clerk keeps it: title, header, payouts, 合计. */
function paidSheet(rows: (string | number | null)[][]): Grid {
  return {
    name: "已兑付",
    cells: [
      ["2024年第一批已兑付明细"],
      ["序号", "奖补项目", "单位名称", "统一社会信用代码", "兑付金额（元）", "专利号/备案号/登记号"],
      ...rows.map((r, i) => [i + 1, ...r]),
      ["合计", null, null, null, rows.reduce((a, r) => a + Number(r[3] ?? 0), 0), null],
    ],
  };
}

test("#21 P4 awards rounded half up at once: 24,691.36 and 66.67; demand 24,758.03 is the sum of the awards shown", () => {
  const a = p4({ pledgeAmount: "1,234.5678" }, { units: { pledgeAmount: "wan" } });
  const b = p4({ pledgeAmount: "3.3333" }, { units: { pledgeAmount: "wan" } });
  const { result, byRow } = run([a, b]);
  expect([byRow(a).award.toFixed(2), byRow(b).award.toFixed(2)]).toEqual(["24691.36", "66.67"]);
  const p4Item = result.items.find((i) => i.id === "P4")!;
  expect(p4Item.demand.toFixed(2)).toBe("24758.03");
  expect(byRow(a).capped.plus(byRow(b).capped).toFixed(2)).toBe("24758.03");
  expect(byRow(a).explanation.steps[0].zh).toContain("24691.356 → 24691.36");
});

test("#22 two-stage rounding: units A 8,333.33 and B 1,666.67; A's rows 6,666.67 and 1,666.66", () => {
  const p = withOverrides(policy, { budgets: { P2: 10000 } });
  const a1 = p2({
    claimantName: "甲公司",
    patentNumber: `${patentNo("invention", 221)}、${patentNo("invention", 222)}`,
    count: 2,
  });
  const a2 = p2({ claimantName: "甲公司", patentNumber: patentNo("utility", 223) });
  const b = p2({ claimantName: "乙公司", patentNumber: patentNo("utility", 224) });
  const { result, byRow, payout } = run([a1, a2, b], { reallocate: false }, p);
  expect([byRow(a1).award, byRow(a2).award, byRow(b).award].map((d) => d.toFixed())).toEqual(["8000", "2000", "2000"]);
  const p2Item = result.items.find((i) => i.id === "P2")!;
  expect(p2Item.factor.times(12000).toDecimalPlaces(10).toFixed()).toBe("10000");
  const units = result.units.filter((u) => u.item === "P2").map((u) => [u.name, u.payout.toFixed(2)]);
  expect(units).toEqual([
    ["甲公司", "8333.33"],
    ["乙公司", "1666.67"],
  ]);
  expect([payout(a1), payout(a2), payout(b)]).toEqual(["6666.67", "1666.66", "1666.67"]);
  expect(p2Item.paid.toFixed(2)).toBe("10000.00");
});

test("#23 an earlier payout labelled 专利质押融资 is P4: X's cap left 50,000, paid 50,000", () => {
  const x = { name: "重庆质押融资有限公司", code: creditCode(2301) };
  const read = readLedger([paidSheet([["专利质押融资", x.name, x.code, 150000, null]])], policy);
  expect(read.blocking).toEqual([]);
  expect(read.prior.map((p) => [p.item, p.amount.toFixed()])).toEqual([["P4", "150000"]]);
  const row = p4(
    { claimantName: x.name, claimantCode: x.code, pledgeAmount: 5000 },
    { units: { pledgeAmount: "wan" } },
  );
  const { payout, result } = run([row], { priorPayouts: read.prior });
  expect(payout(row)).toBe("50000.00");
  expect(result.units[0].capLeft.toFixed()).toBe("50000");
  expect(result.items.find((i) => i.id === "P4")!.prior.toFixed()).toBe("150000");
});

test.each([
  ["an item the notice does not have", ["其他", "重庆某公司", null, 1000, null], "B", /奖补项目“其他”无法识别/],
  ["an amount that is no number", ["P2", "重庆某公司", null, "待定", null], "E", /兑付金额应为金额/],
  ["a blank name", ["P2", null, null, 1000, null], "C", /申报单位为空/],
  ["an error value", ["P2", "#REF!", null, 1000, null], "C", /错误值 #REF!/],
  ["a patent number that is none", ["P2", "重庆某公司", null, 1000, "ZL2023"], "F", /专利号「ZL2023」无法识别/],
  ["a credit code that fails its check", ["P2", "重庆某公司", "91350100M000100Y44", 1000, null], "D", /校验位应为 3/],
])("#24 earlier payouts: %s stops the balance, naming sheet, row and column", (_, line, column, message) => {
  const read = readLedger([paidSheet([line as (string | number | null)[]])], policy);
  expect(read.prior).toEqual([]);
  expect(read.blocking).toEqual([expect.objectContaining({ sheet: "已兑付", row: 3, column })]);
  expect(read.blocking[0].zh).toMatch(message);
  expect(read.blocking[0].en.length).toBeGreaterThan(0);
});

test("#24 the 合计 line and blank lines of 已兑付 are no payouts and stop nothing", () => {
  const grid = paidSheet([["P2", "重庆某公司", null, 1000, null]]);
  grid.cells.splice(3, 0, [], [null, null, null, null, null, null]);
  const read = readLedger([grid], policy);
  expect(read.blocking).toEqual([]);
  expect(read.prior).toHaveLength(1);
});

test("#25 a patent paid before without ZL is a duplicate of the earlier payout (sheet and row named); other rows paid", () => {
  const uni = { name: "重庆某某大学", code: creditCode(2501) };
  const read = readLedger([paidSheet([["P1", uni.name, uni.code, 4000, "200710308494.X"]])], policy);
  expect(read.blocking).toEqual([]);
  const again = p1({ claimantName: uni.name, claimantCode: uni.code, patentNumber: "ZL200710308494.X" });
  const other = p1({ claimantName: uni.name, claimantCode: uni.code, patentNumber: patentNo("invention", 251) });
  const { byRow, payout } = run([again, other], { priorPayouts: read.prior });
  expect(byRow(again).status).toBe("duplicate");
  expect(payout(again)).toBe("0.00");
  const reason = byRow(again).reasons.find((r) => r.code === "PAID_BEFORE")!;
  expect(reason.message.zh).toContain("「已兑付」第 3 行");
  expect(reason.message.en).toContain('sheet "已兑付", row 3');
  expect(payout(other)).toBe("4000.00");
});

test("#25 full-width and spaced patent numbers in 已兑付 are compared as the ledger's are", () => {
  const read = readLedger(
    [paidSheet([["P1", "重庆某某大学", null, 4000, "ＺＬ２００７１０３０８４９４．Ｘ"]])],
    policy,
  );
  expect(read.blocking).toEqual([]);
  const again = p1({ patentNumber: "ZL 200710308494.X" });
  expect(run([again], { priorPayouts: read.prior }).byRow(again).status).toBe("duplicate");
});

test("#26 a P3 filing paid before to the same enterprise is a duplicate now", () => {
  const y = { name: "重庆产品备案有限公司", code: creditCode(2601) };
  const read = readLedger([paidSheet([["产品备案", y.name, y.code, 1000, "CPBA2024200002"]])], policy);
  expect(read.prior.map((p) => [p.item, p.claimed])).toEqual([["P3", ["filing:CPBA2024200002"]]]);
  const again = p3({ claimantName: y.name, claimantCode: y.code, productFilingNo: "cpba 2024200002" });
  const fresh = p3({ claimantName: y.name, claimantCode: y.code, productFilingNo: "CPBA2024200003" });
  const { byRow, payout } = run([again, fresh], { priorPayouts: read.prior });
  expect(byRow(again).status).toBe("duplicate");
  expect(byRow(again).reasons.map((r) => r.code)).toContain("PAID_BEFORE");
  expect(payout(fresh)).toBe("1000.00");
});

test("a P4 pledge registration paid before is a duplicate; another enterprise's same number is not", () => {
  const x = { name: "重庆质押融资有限公司", code: creditCode(2602) };
  const read = readLedger([paidSheet([["P4", x.name, x.code, 20000, "Y2024500001"]])], policy);
  const again = p4({
    claimantName: x.name,
    claimantCode: x.code,
    pledgeAmount: 1000,
    pledgeRegistration: "Y2024500001",
  });
  const other = p4({ claimantName: "另一企业", pledgeAmount: 1000, pledgeRegistration: "Y2024500001" });
  const { byRow } = run([again, other], { priorPayouts: read.prior });
  expect(byRow(again).status).toBe("duplicate");
  expect(byRow(other).status).toBe("paid");
});
