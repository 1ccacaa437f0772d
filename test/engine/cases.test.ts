/** Every worked case of ../shared/CASES.md, through the engine as the balancer runs it. */
import Decimal from "decimal.js";
import { balance, checkPatentNumber, checkCreditCode, publicityEnd, parseAmount } from "../../src/engine";
import type { BalanceOptions, RawClaim } from "../../src/engine";
import { defaultPolicy, withOverrides, type Policy } from "../../src/policy";
import { p1, p2, p4, patentNo } from "../support/claims";

const policy = defaultPolicy();

function run(rows: RawClaim[], options: BalanceOptions = {}, p: Policy = policy) {
  const result = balance(rows, p, options);
  const byRow = (r: RawClaim) => result.rows.find((x) => x.ref.sheet === r.sheet && x.ref.row === r.row)!;
  return { result, byRow, payout: (r: RawClaim) => byRow(r).payout.toFixed(2) };
}

const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

test("#1 P1 invention transfer ZL200710308494.X: valid number, award 4,000", () => {
  const check = checkPatentNumber("ZL200710308494.X");
  expect(check).toMatchObject({ ok: true, type: "invention" });
  const row = p1({ patentNumber: "ZL200710308494.X", patentType: "发明" });
  const { byRow, payout } = run([row]);
  expect(byRow(row).award.toFixed()).toBe("4000");
  expect(payout(row)).toBe("4000.00");
  expect(byRow(row).status).toBe("paid");
});

test("#2 the same university with 14 more invention transfers: demand 60,000 capped at 50,000", () => {
  const first = p1({ patentNumber: "ZL200710308494.X" });
  const more = p1({
    patentNumber: Array.from({ length: 14 }, (_, i) => patentNo("invention", 100 + i)).join("、"),
    count: 14,
  });
  const { result, byRow } = run([first, more]);
  const unit = result.units.find((u) => u.item === "P1")!;
  expect(unit.demand.toFixed()).toBe("60000");
  expect(unit.capped.toFixed()).toBe("50000");
  expect(unit.payout.toFixed(2)).toBe("50000.00");
  expect(byRow(first).payout.plus(byRow(more).payout).toFixed(2)).toBe("50000.00");
  // Spread over the unit's rows in proportion: 4,000/60,000 and 56,000/60,000 of 50,000.
  expect(byRow(first).payout.toFixed(2)).toBe("3333.33");
  expect(byRow(more).payout.toFixed(2)).toBe("46666.67");
  expect(codes(byRow(more))).toContain("CAP_APPLIED");
});

test("#3 P1 open licence via 重庆知识产权运营中心: 10,000", () => {
  const row = p1({ patentNumber: patentNo("utility", 7), mode: "开放许可", platform: "重庆知识产权运营中心" });
  expect(run([row]).payout(row)).toBe("10000.00");
});

test("#4 P1 open licence via another website: 2,000 with a note", () => {
  const row = p1({ patentNumber: patentNo("utility", 8), mode: "开放许可", platform: "某某专利网" });
  const { byRow, payout } = run([row]);
  expect(payout(row)).toBe("2000.00");
  const note = byRow(row).reasons.find((r) => r.code === "OPEN_LICENCE_PLATFORM")!;
  expect(note.severity).toBe("note");
  expect(note.zh).toContain("重庆知识产权运营中心");
  expect(note.zh).toContain("江北知识产权运营公共服务平台");
});

test("#5 the same patent as 许可 and as 开放许可 via 江北…: open licence paid 10,000, licence row 0 naming the kept row", () => {
  const n = patentNo("invention", 55);
  const licence = p1({ patentNumber: n, mode: "许可" });
  const open = p1({ patentNumber: n, mode: "开放许可", platform: "江北知识产权运营公共服务平台" });
  const { byRow, payout } = run([licence, open]);
  expect(payout(open)).toBe("10000.00");
  expect(payout(licence)).toBe("0.00");
  expect(byRow(licence).status).toBe("duplicate");
  const dup = byRow(licence).reasons.find((r) => r.code === "DUPLICATE")!;
  expect(dup.zh).toContain(`第 ${open.row} 行`);
  expect(dup.en).toContain(`row ${open.row}`);
});

test("#6 P2 SME ← research institute in 沙坪坝区, 作价入股 of a utility model: 2,000", () => {
  const row = p2({ mode: "作价入股", patentNumber: patentNo("utility", 66), counterpartyDistrict: "沙坪坝区" });
  const { byRow, payout } = run([row]);
  expect(payout(row)).toBe("2000.00");
  expect(codes(byRow(row))).toContain("CAPITAL_CONTRIBUTION");
});

test("#7 P2 SME ← a large private company: 0, counterparty must be a university, institute or SOE", () => {
  const row = p2({
    patentNumber: patentNo("invention", 77),
    counterpartyKind: "大型企业",
    counterpartyName: "某大型民营集团",
  });
  const { byRow, payout } = run([row]);
  expect(payout(row)).toBe("0.00");
  expect(byRow(row).status).toBe("rejected");
  const r = byRow(row).reasons.find((x) => x.code === "COUNTERPARTY_KIND")!;
  expect(r.zh).toMatch(/高等学校.*科研机构.*国有企业/);
  expect(r.ref.column).toBeDefined();
});

test("#8 P2 record date 2023-08-31: 0, outside the fund period", () => {
  const row = p2({ patentNumber: patentNo("invention", 88), recordDate: "2023-08-31" });
  const { byRow, payout } = run([row]);
  expect(payout(row)).toBe("0.00");
  const r = byRow(row).reasons.find((x) => x.code === "OUTSIDE_FUND_PERIOD")!;
  expect(r.zh).toContain("2023-09-01");
  expect(r.zh).toContain("2024-12-31");
});

test("#9 P2 stated 发明 but ZL202320123456.1 is a utility model: 0, type disagrees", () => {
  expect(checkPatentNumber("ZL202320123456.1")).toMatchObject({ ok: true, type: "utility" });
  const row = p2({ patentNumber: "ZL202320123456.1", patentType: "发明" });
  const { byRow, payout } = run([row]);
  expect(payout(row)).toBe("0.00");
  const r = byRow(row).reasons.find((x) => x.code === "PATENT_TYPE_MISMATCH")!;
  expect(r.zh).toContain("实用新型");
});

test("#10 P4 financing 1,234.5678 万元: 24,691.356 → 24,691.36", () => {
  const row = p4({ pledgeAmount: "1,234.5678" }, { units: { pledgeAmount: "wan" } });
  const { byRow, payout } = run([row]);
  expect(byRow(row).award.toFixed()).toBe("24691.36");
  expect(payout(row)).toBe("24691.36");
});

test("#11 P4 financing 1.2 亿 (12,000 万元): 240,000 capped at 200,000", () => {
  const row = p4({ pledgeAmount: 12000 }, { units: { pledgeAmount: "wan" } });
  const { byRow, payout } = run([row]);
  expect(byRow(row).award.toFixed()).toBe("240000");
  expect(payout(row)).toBe("200000.00");
  const asYi = p4({ pledgeAmount: "1.2亿" });
  expect(run([asYi]).payout(asYi)).toBe("200000.00");
});

test("#12 P4 earlier batch paid 150,000; now 5,000 万元: 100,000 capped at what is left, 50,000", () => {
  const row = p4({ pledgeAmount: 5000 }, { units: { pledgeAmount: "wan" } });
  const prior = [
    { item: "P4" as const, claimantName: "重庆质押融资有限公司", amount: new Decimal(150000), claimed: [] },
  ];
  const { byRow, payout, result } = run([row], { priorPayouts: prior });
  expect(byRow(row).award.toFixed()).toBe("100000");
  expect(payout(row)).toBe("50000.00");
  expect(result.units[0].capLeft.toFixed()).toBe("50000");
  expect(result.items.find((i) => i.id === "P4")!.prior.toFixed()).toBe("150000");
});

/** Three P2 units whose capped demand is 6,000 / 4,000 / 2,000, with P2's budget overridden to 10,000. */
function case13(rounding: "fen" | "yuan") {
  const p = withOverrides(policy, { budgets: { P2: 10000 } });
  const a = p2({
    claimantName: "甲公司",
    patentNumber: `${patentNo("invention", 1)}、${patentNo("utility", 2)}`,
    count: 2,
  });
  const b = p2({ claimantName: "乙公司", patentNumber: patentNo("invention", 3) });
  const c = p2({ claimantName: "丙公司", patentNumber: patentNo("design", 4) });
  // 甲: invention 4,000 + utility 2,000 would mix types in one row — split it instead.
  const a1 = p2({ claimantName: "甲公司", patentNumber: patentNo("invention", 1) });
  const a2 = p2({ claimantName: "甲公司", patentNumber: patentNo("utility", 2) });
  const mixed = run([a], { reallocate: false }, p).byRow(a);
  expect(codes(mixed)).toContain("PATENT_TYPES_MIXED");
  return { ...run([a1, a2, b, c], { reallocate: false, rounding }, p), a1, a2, b, c };
}

test("#13 P2 budget 10,000 against 12,000: 5,000.00 / 3,333.33 / 1,666.67, total exactly 10,000.00", () => {
  const { result } = case13("fen");
  const p2Item = result.items.find((i) => i.id === "P2")!;
  expect(p2Item.factor.times(12000).toDecimalPlaces(10).toFixed()).toBe("10000");
  const units = result.units.filter((u) => u.item === "P2").map((u) => [u.name, u.payout.toFixed(2)]);
  expect(units).toEqual([
    ["甲公司", "5000.00"],
    ["乙公司", "3333.33"],
    ["丙公司", "1666.67"],
  ]);
  expect(p2Item.paid.toFixed(2)).toBe("10000.00");
});

test("#14 the same, rounding to whole 元: 5,000 / 3,333 / 1,667", () => {
  const { result } = case13("yuan");
  expect(result.units.filter((u) => u.item === "P2").map((u) => u.payout.toFixed())).toEqual(["5000", "3333", "1667"]);
});

/** P1 budget 100 with no demand; P2 short by 300; P4 short by 100 (P3 given no budget so it has none to give). */
function case15(reallocate: boolean) {
  const p = withOverrides(policy, { budgets: { P1: 100, P2: 1700, P3: 0, P4: 0 } });
  const licence = p2({ mode: "许可", patentNumber: patentNo("invention", 150) });
  const pledge = p4({ pledgeAmount: 50000 });
  return { ...run([licence, pledge], { reallocate }, p), licence, pledge };
}

test("#15 reallocation on: P2 receives 75, P4 receives 25, P1 releases 100", () => {
  const { result, payout, licence, pledge } = case15(true);
  const item = (id: string) => result.items.find((i) => i.id === id)!;
  expect(item("P2").received.toFixed()).toBe("75");
  expect(item("P4").received.toFixed()).toBe("25");
  expect(item("P1").released.toFixed()).toBe("100");
  expect(result.moves.map((m) => [m.from, m.to, m.amount.toFixed()])).toEqual([
    ["P1", "P2", "75"],
    ["P1", "P4", "25"],
  ]);
  expect(payout(licence)).toBe("1775.00");
  expect(payout(pledge)).toBe("25.00");
});

test("#16 reallocation off: P2 and P4 scaled within their own budgets, P1's 100 unspent", () => {
  const { result, payout, licence, pledge } = case15(false);
  const item = (id: string) => result.items.find((i) => i.id === id)!;
  expect(result.moves).toEqual([]);
  expect(payout(licence)).toBe("1700.00");
  expect(payout(pledge)).toBe("0.00");
  expect(item("P1").paid.toFixed()).toBe("0");
  expect(item("P1").available.toFixed()).toBe("100");
  expect(result.notes.map((n) => n.en).join(" ")).toMatch(/Reallocation is off/);
});

test("#17 publicity from Fri 2024-09-27 ends Wed 2024-10-09", () => {
  expect(publicityEnd("2024-09-27", policy.publicity.workingDays)).toEqual({ ok: true, value: "2024-10-09" });
});

test("#18 publicity from Fri 2025-01-24 ends Thu 2025-02-06", () => {
  expect(publicityEnd("2025-01-24", policy.publicity.workingDays)).toEqual({ ok: true, value: "2025-02-06" });
});

test("#19 credit code 91350100M000100Y43 valid, …Y44 invalid", () => {
  expect(checkCreditCode("91350100M000100Y43").ok).toBe(true);
  expect(checkCreditCode("91350100M000100Y44")).toMatchObject({ ok: false, problem: "check", expectedCheck: "3" });
});

test("#20 amount １２３.５ under 融资金额（万元）: 1,235,000 元", () => {
  const parsed = parseAmount("１２３.５", "wan");
  expect(parsed.ok && parsed.value.toFixed()).toBe("1235000");
  const row = p4({ pledgeAmount: "１２３.５" }, { units: { pledgeAmount: "wan" } });
  expect(run([row]).payout(row)).toBe("2470.00");
});
