/** Issue 8, item 7: the policy reader refuses money finer than 分, impossible rates, an overspent plan and unknown keys. */
import Decimal from "decimal.js";
import { defaultPolicy, readPolicy, withOverrides, PolicyError } from "../../src/policy";
import policyJson from "../../src/policy/yubei-2024-12.json";

// The shipped file, edited freely by each test.

type PolicyJson = any;

function edited(edit: (p: PolicyJson) => void): PolicyJson {
  const p = JSON.parse(JSON.stringify(policyJson));
  edit(p);
  return p;
}

/** The message `readPolicy` refuses the edited file with, its English half; fails the test if it accepts it. */
function refusal(edit: (p: PolicyJson) => void): string {
  try {
    readPolicy(edited(edit));
  } catch (e) {
    if (e instanceof PolicyError) {
      // Chinese first, whatever --lang says (issue 16 item 6), then the English the cases below read.
      expect(e.message).toMatch(/^政策文件字段 "[^"]+"：[^/]*[\u4e00-\u9fff][^/]* \/ policy field /);
      return e.message.slice(e.message.indexOf(" / policy field ") + 3);
    }
    throw e;
  }
  throw new Error("readPolicy accepted the edited file");
}

const accepts = (edit: (p: PolicyJson) => void) => expect(() => readPolicy(edited(edit))).not.toThrow();

describe("the shipped file", () => {
  test("loads unchanged, its budgets adding up to exactly programTotal", () => {
    const p = readPolicy(policyJson);
    expect(p).toEqual(defaultPolicy());
    expect(Decimal.sum(...p.items.map((i) => i.budget)).equals(p.programTotal)).toBe(true);
    expect(p.programTotal.toFixed()).toBe("5000000");
  });
});

describe("money in 元 has at most two decimals", () => {
  test("a budget of 800000.123 is refused, not cut to 800000.12", () => {
    expect(refusal((p) => (p.items[3].budget.yuan = "800000.123"))).toBe(
      'policy field "items[3].budget.yuan": expected an amount in 元 with at most two decimals (分), got 800000.123',
    );
  });

  test.each([
    ["items[0].perUnitCap.yuan", (p: PolicyJson) => (p.items[0].perUnitCap.yuan = "50000.001")],
    ["items[5].perUnitCap.yuan", (p: PolicyJson) => (p.items[5].perUnitCap.yuan = "150000.999")],
    ["items[0].rates[0].yuan", (p: PolicyJson) => (p.items[0].rates[0].yuan = "4000.005")],
    ["programTotal.yuan", (p: PolicyJson) => (p.programTotal.yuan = "5000000.001")],
    ["inclusivePledge.maxYuan", (p: PolicyJson) => (p.inclusivePledge.maxYuan = "10000000.5001")],
    ["targets[6].target", (p: PolicyJson) => (p.targets[6].target = "400000000.123")],
    ["items[4].tasks[3].min", (p: PolicyJson) => (p.items[4].tasks[3].min = 50000000.125)],
  ])("%s is refused with three decimals or more", (field, edit) => {
    expect(refusal(edit)).toMatch(new RegExp(`^policy field "${field.replace(/[[\].]/g, "\\$&")}": .*two decimals`));
  });

  test("two decimals, or a trailing zero that loses nothing, are accepted", () => {
    accepts((p) => (p.items[3].budget.yuan = "799999.99"));
    accepts((p) => (p.items[3].budget.yuan = "799999.900"));
    accepts((p) => (p.items[0].rates[0].yuan = "4000.5"));
  });

  test("a target that is not money (a ratio) may have more decimals", () => {
    accepts((p) => (p.targets[4].target = "0.025"));
    accepts((p) => (p.items[5].tasks[3].min = 0.025));
  });

  test("an amount is never negative", () => {
    expect(refusal((p) => (p.items[1].budget.yuan = "-1"))).toBe(
      'policy field "items[1].budget.yuan": expected a decimal number ≥ 0 written as a string, e.g. "4000"',
    );
    expect(refusal((p) => (p.items[4].tasks[3].min = -1))).toBe(
      'policy field "items[4].tasks[3].min": expected a number ≥ 0',
    );
  });
});

describe("a percentage rate is above 0 and at most 100", () => {
  test("a pledge rate of 250% is refused", () => {
    expect(refusal((p) => (p.items[3].rates[0].percentOfAmount = "250"))).toBe(
      'policy field "items[3].rates[0].percentOfAmount": expected a percentage above 0 and at most 100, got 250',
    );
  });

  test("0% (pays nothing: a slip) and a negative rate are refused", () => {
    expect(refusal((p) => (p.items[3].rates[0].percentOfAmount = "0"))).toMatch(/percentOfAmount": .*above 0/);
    expect(refusal((p) => (p.items[3].rates[0].percentOfAmount = "0.00"))).toMatch(/percentOfAmount": .*above 0/);
    expect(refusal((p) => (p.items[3].rates[0].percentOfAmount = "-0.2"))).toMatch(/percentOfAmount": .*≥ 0/);
  });

  test("100% and rates finer than 分 (0.125%) are accepted", () => {
    accepts((p) => (p.items[3].rates[0].percentOfAmount = "100"));
    accepts((p) => (p.items[3].rates[0].percentOfAmount = "0.125"));
    expect(readPolicy(edited((p) => (p.items[3].rates[0].percentOfAmount = "0.125"))).items[3]).toMatchObject({
      rates: [{ percentOfAmount: new Decimal("0.125") }],
    });
  });
});

describe("the item budgets fit within programTotal", () => {
  test("one 分 over is refused, naming programTotal and the sum", () => {
    expect(refusal((p) => (p.items[1].budget.yuan = "1500000.01"))).toBe(
      'policy field "programTotal": the budgets of P1–P8 add up to 5000000.01 元, more than programTotal 5000000 元',
    );
    expect(refusal((p) => (p.programTotal.yuan = "4999999.99"))).toBe(
      'policy field "programTotal": the budgets of P1–P8 add up to 5000000 元, more than programTotal 4999999.99 元',
    );
  });

  test("a plan under the total is accepted", () => {
    accepts((p) => (p.items[1].budget.yuan = "1000000"));
  });
});

describe("a misspelt key is not ignored", () => {
  test("on an item, the unknown key is named", () => {
    expect(refusal((p) => (p.items[3].budgett = { yuan: "800000", clause: "§二(一)4" }))).toMatch(
      /^policy field "items\[3\]\.budgett": unknown field \(allowed here: .*budget/,
    );
  });

  test("a renamed key is reported as unknown, not as the missing one", () => {
    const message = refusal((p) => {
      p.items[3].budgett = p.items[3].budget;
      delete p.items[3].budget;
    });
    expect(message).toMatch(/^policy field "items\[3\]\.budgett": unknown field/);
  });

  test.each([
    ["programTotall", (p: PolicyJson) => (p.programTotall = { yuan: "1", clause: "§二" })],
    ["fundPeriod.form", (p: PolicyJson) => (p.fundPeriod.form = "2023-09-01")],
    ["items[0].rates[2].patentTyp", (p: PolicyJson) => (p.items[0].rates[2].patentTyp = "invention")],
    ["items[3].rates[0].percent", (p: PolicyJson) => (p.items[3].rates[0].percent = "0.3")],
    ["items[0].perUnitCap.clasue", (p: PolicyJson) => (p.items[0].perUnitCap.clasue = "§二(一)1")],
    ["items[1].recipient.kind", (p: PolicyJson) => (p.items[1].recipient.kind = ["sme"])],
    ["items[0].counterparty.role", (p: PolicyJson) => (p.items[0].counterparty.role = "transferee")],
    ["items[4].maxUnits.max", (p: PolicyJson) => (p.items[4].maxUnits.max = 2)],
    ["items[4].tasks[0].minimum", (p: PolicyJson) => (p.items[4].tasks[0].minimum = 60)],
    // A performance item's key is unknown on a support item: it would be ignored there.
    ["items[5].rates", (p: PolicyJson) => (p.items[5].rates = p.items[0].rates)],
    ["items[0].maxUnits", (p: PolicyJson) => (p.items[0].maxUnits = { count: 1, clause: "§二(一)1" })],
    ["targets[0].targt", (p: PolicyJson) => (p.targets[0].targt = "300")],
    ["inclusivePledge.maxyuan", (p: PolicyJson) => (p.inclusivePledge.maxyuan = "1")],
    ["batches[1].claim", (p: PolicyJson) => (p.batches[1].claim = "2025-02")],
    ["outOfScope[0].reason", (p: PolicyJson) => (p.outOfScope[0].reason = "…")],
    ["reallocation.defaultOff", (p: PolicyJson) => (p.reallocation.defaultOff = false)],
  ])("%s is refused", (field, edit) => {
    expect(refusal(edit)).toMatch(new RegExp(`^policy field "${field.replace(/[[\].]/g, "\\$&")}": unknown field`));
  });

  test("a note for people may sit on any object, and must be text", () => {
    accepts((p) => {
      p.note = "drafted 2024-11";
      p.items[3].note = "rate confirmed by phone";
      p.items[3].rates[0].note = "0.2% of the loan";
      p.targets[0].note = "cumulative";
    });
    expect(refusal((p) => (p.items[3].note = 3))).toBe('policy field "items[3].note": expected a non-empty string');
  });

  test("publicity.contact, when given, is text: who hears objections on 公示名单", () => {
    const p = readPolicy(edited((x) => (x.publicity.contact = "区市场监管局知识产权科")));
    expect(p.publicity.contact).toBe("区市场监管局知识产权科");
    expect(defaultPolicy().publicity).not.toHaveProperty("contact");
    expect(refusal((x) => (x.publicity.contact = 12))).toBe(
      'policy field "publicity.contact": expected a non-empty string',
    );
  });

  test("publicity.notice words 公示名单's heading and review paragraph (§四(二)), in both languages, with its year", () => {
    const notice = defaultPolicy().publicity.notice;
    expect(notice.year).toBe(2024);
    expect(notice.clause).toBe("§四(二)");
    expect(notice.review.zh).toContain("经审查、分管负责人和主要负责人审核、党组会研究");
    const p = readPolicy(edited((x) => (x.publicity.notice.heading.zh = "关于{district}第{batch}批奖补名单的公示")));
    expect(p.publicity.notice.heading.zh).toBe("关于{district}第{batch}批奖补名单的公示");
    expect(refusal((x) => delete x.publicity.notice.review.en)).toBe(
      'policy field "publicity.notice.review.en": expected a non-empty string',
    );
    expect(refusal((x) => (x.publicity.notice.year = 24.5))).toBe(
      'policy field "publicity.notice.year": expected a year such as 2024',
    );
  });

  test("currency, when given, is CNY: the tool computes in 元", () => {
    expect(refusal((p) => (p.currency = "USD"))).toBe('policy field "currency": expected one of CNY');
    accepts((p) => delete p.currency);
  });
});

describe("what-if budgets (withOverrides)", () => {
  const policy = defaultPolicy();

  test("a budget with three decimals is refused as in the file (the CLI's --budget P2=10000.123)", () => {
    expect(() => withOverrides(policy, { budgets: { P2: new Decimal("10000.123") } })).toThrow(PolicyError);
    expect(() => withOverrides(policy, { budgets: { P2: "10000.123" } })).toThrow(
      '政策文件字段 "budgets.P2"：应为以元计、最多两位小数（分）的金额，实为 10000.123 / ' +
        'policy field "budgets.P2": expected an amount in 元 with at most two decimals (分), got 10000.123',
    );
    expect(() => withOverrides(policy, { perUnitCaps: { P1: "50000.001" } })).toThrow(/perUnitCaps\.P1.*two decimals/);
    expect(withOverrides(policy, { budgets: { P2: "10000.12" } }).items[1].budget.toFixed()).toBe("10000.12");
  });

  test("a budget pushing the sum past programTotal is a legitimate what-if, allowed", () => {
    const p = withOverrides(policy, { budgets: { P2: "3000000" } });
    expect(Decimal.sum(...p.items.map((i) => i.budget)).greaterThan(p.programTotal)).toBe(true);
    expect(p.version).toBe(`${policy.version}+what-if`);
  });
});

describe("plausible limits (a row past them is held; an earlier payout past maxPriorYuan stops the run)", () => {
  test("the shipped file states them per item, with the clause and the interpretation", () => {
    const p4 = defaultPolicy().items[3];
    expect(p4.kind === "performance" && p4.plausible).toEqual({
      maxCount: 1000,
      maxAmount: new Decimal("1000000000"),
      maxPrior: new Decimal("200000"),
      clause: "§二(一)4",
      interpretation: expect.stringContaining("typing slip"),
    });
  });

  test("a file written before them loads: 1,000 a row, 10 亿元 an amount, an earlier payout up to the per-unit cap", () => {
    const p = readPolicy(edited((x) => [0, 1, 2, 3].forEach((i) => delete x.items[i].plausible)));
    const p3 = p.items[2];
    expect(p3.kind === "performance" && [p3.plausible.maxCount, p3.plausible.maxAmount, p3.plausible.maxPrior]).toEqual(
      [1000, new Decimal("1000000000"), new Decimal("30000")],
    );
  });

  test.each([
    [
      (x: PolicyJson) => delete x.items[3].plausible.maxPriorYuan,
      "items[3].plausible.maxPriorYuan",
      "expected a decimal",
    ],
    [(x: PolicyJson) => delete x.items[3].plausible.interpretation, "items[3].plausible.interpretation", "non-empty"],
    [(x: PolicyJson) => (x.items[0].plausible.maxCount = 0.5), "items[0].plausible.maxCount", "whole number ≥ 1"],
    [(x: PolicyJson) => (x.items[1].plausible.maxAmountYuan = "0"), "items[1].plausible.maxAmountYuan", "above 0"],
    [(x: PolicyJson) => (x.items[2].plausible.maxCountt = 5), "items[2].plausible.maxCountt", "unknown field"],
  ])("stated, each is checked and named by its path (%#)", (edit, field, problem) => {
    const message = refusal(edit);
    expect(message).toContain(`policy field "${field}"`);
    expect(message).toContain(problem);
  });
});
