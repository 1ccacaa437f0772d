/** The balancer's rules beyond the worked cases: identity, duplicates, earlier batches, reasons, options. */
import Decimal from "decimal.js";
import { balance, type RawClaim, type BalanceOptions } from "../../src/engine";
import { defaultPolicy, withOverrides, readPolicy, PolicyError } from "../../src/policy";
import policyJson from "../../src/policy/yubei-2024-12.json";
import { creditCode, p1, p2, p3, p4, patentNo } from "../support/claims";

const policy = defaultPolicy();

function run(rows: RawClaim[], options: BalanceOptions = {}, p = policy) {
  const result = balance(rows, p, options);
  const byRow = (r: RawClaim) => result.rows.find((x) => x.ref.sheet === r.sheet && x.ref.row === r.row)!;
  return { result, byRow };
}
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe("reasons name the sheet, the row and the column, in Chinese and English", () => {
  test("a wrong check character says which character it should be", () => {
    const row = p2({ patentNumber: "ZL200710308494.1" }, { sheet: "受让台账", row: 12 });
    const { byRow } = run([row]);
    const r = byRow(row).reasons.find((x) => x.code === "PATENT_CHECK_MISMATCH")!;
    expect(r.ref).toMatchObject({ sheet: "受让台账", row: 12, header: "patentNumber" });
    expect(r.zh).toMatch(/^「受让台账」第 12 行 [A-Z] 列（patentNumber）：.*校验位应为 X/);
    expect(r.en).toMatch(/^sheet "受让台账", row 12, column [A-Z] \(patentNumber\): .*give X/);
    expect(byRow(row).payout.toFixed(2)).toBe("0.00");
  });

  test("each rejection has its own code", () => {
    const cases: [RawClaim, string][] = [
      [p2({ patentNumber: patentNo("invention", 1), recordDate: "" }), "NO_RECORD"],
      [p2({ patentNumber: patentNo("invention", 2), otherFiscalSupport: "是" }), "OTHER_FISCAL_SUPPORT"],
      [p2({ patentNumber: patentNo("invention", 3), barred: "是" }), "BARRED"],
      [p2({ patentNumber: patentNo("invention", 4), claimantDistrict: "江北区" }), "CLAIMANT_NOT_IN_DISTRICT"],
      [p2({ patentNumber: patentNo("invention", 5), claimantKind: "大型企业" }), "CLAIMANT_KIND"],
      [p2({ patentNumber: patentNo("invention", 6), counterpartyDistrict: "四川省成都市" }), "COUNTERPARTY_DISTRICT"],
      [p1({ patentNumber: patentNo("invention", 7), counterpartyDistrict: "江北区" }), "COUNTERPARTY_DISTRICT"],
      [p2({ patentNumber: patentNo("invention", 8), mode: "赠与" }), "UNKNOWN_MODE"],
      [p2({ patentNumber: "12345" }), "BAD_PATENT_NUMBER"],
      [p2({ patentNumber: patentNo("invention", 9), claimantCode: "91350100M000100Y44" }), "BAD_CREDIT_CODE"],
      [p2({ patentNumber: patentNo("invention", 10), recordDate: "2024-02-30" }), "BAD_DATE"],
      [p2({ patentNumber: patentNo("invention", 11), count: 2 }), "PATENT_COUNT_MISMATCH"],
      [p2({ patentNumber: patentNo("invention", 12), patentType: "商标" }), "UNKNOWN_PATENT_TYPE"],
      [p2({ patentNumber: patentNo("invention", 13), claimantName: "" }), "MISSING_VALUE"],
      [p4({ pledgeAmount: "一百万" }), "BAD_AMOUNT"],
      [p4({ pledgeAmount: 0 }), "BAD_AMOUNT"],
      [p3({ count: 1.5 }), "BAD_COUNT"],
      [p2({ patentNumber: patentNo("invention", 14), batch: "第三季度" }), "BAD_BATCH"],
      [p2({ patentNumber: patentNo("invention", 15), otherFiscalSupport: "也许" }), "BAD_YES_NO"],
    ];
    const { byRow } = run(cases.map(([r]) => r));
    for (const [row, code] of cases) {
      const result = byRow(row);
      expect({ row: row.row, codes: codes(result) }).toEqual({ row: row.row, codes: expect.arrayContaining([code]) });
      expect(result.status).toBe("rejected");
      expect(result.payout.isZero()).toBe(true);
    }
  });

  test("P2 pays no open-licence rate: an open licence there is a recorded licence", () => {
    const row = p2({ patentNumber: patentNo("invention", 31), mode: "开放许可", platform: "重庆知识产权运营中心" });
    expect(run([row]).byRow(row).payout.toFixed()).toBe("2000");
  });

  test("a university's IP asset management company counts as the university", () => {
    const row = p1({ patentNumber: patentNo("invention", 32), claimantKind: "知识产权资产管理公司（重庆某某大学）" });
    const { byRow } = run([row]);
    expect(byRow(row).payout.toFixed()).toBe("4000");
    expect(codes(byRow(row))).toContain("IP_ASSET_COMPANY");
  });
});

describe("who a unit is (POLICY §2 step 4)", () => {
  test("a name given once with its credit code and once without is one unit under one cap", () => {
    const code = creditCode(1);
    const withCode = p4(
      { claimantName: "重庆甲科技有限公司", claimantCode: code, pledgeAmount: 6000 },
      { units: { pledgeAmount: "wan" } },
    );
    const withoutCode = p4(
      { claimantName: "重庆甲科技有限公司 ", pledgeAmount: 6000 },
      { units: { pledgeAmount: "wan" } },
    );
    const { result } = run([withCode, withoutCode]);
    expect(result.units).toHaveLength(1);
    expect(result.units[0].payout.toFixed()).toBe("200000");
  });

  test("有限责任公司 and 有限公司 stay different units", () => {
    const a = p4({ claimantName: "重庆乙有限责任公司", pledgeAmount: 100 }, { units: { pledgeAmount: "wan" } });
    const b = p4({ claimantName: "重庆乙有限公司", pledgeAmount: 100 }, { units: { pledgeAmount: "wan" } });
    expect(run([a, b]).result.units).toHaveLength(2);
  });

  test("names that differ only by a zero-width, no-break or bidi character are one unit under one cap, each noted", () => {
    const wan = { units: { pledgeAmount: "wan" as const } };
    const plain = p4({ claimantName: "重庆丙科技有限公司", pledgeAmount: 10000 }, wan);
    const zeroWidth = p4({ claimantName: "重庆丙\u200b科技有限公司", pledgeAmount: 10000 }, wan);
    const noBreak = p4({ claimantName: "重庆丙\u00a0科技有限公司", pledgeAmount: 10000 }, wan);
    const bidi = p4({ claimantName: "\u202e重庆丙科技有限公司\u202c", pledgeAmount: 10000 }, wan);
    const { result, byRow } = run([plain, zeroWidth, noBreak, bidi]);
    expect(result.units).toHaveLength(1);
    expect(result.units[0].name).toBe("重庆丙科技有限公司");
    expect(result.units[0].payout.toFixed()).toBe("200000");
    expect(codes(byRow(plain))).not.toContain("NAME_NORMALISED");
    for (const [row, chars] of [
      [zeroWidth, "U+200B"],
      [noBreak, "U+00A0"],
      [bidi, "U+202E、U+202C"],
    ] as const) {
      expect(byRow(row).claimant).toBe("重庆丙科技有限公司");
      const note = byRow(row).reasons.find((r) => r.code === "NAME_NORMALISED")!;
      expect(note.severity).toBe("note");
      expect(note.ref.column).toBeDefined();
      expect(note.message.zh).toBe(`单位名称含不可见字符（${chars}），已按去除后的名称「重庆丙科技有限公司」识别`);
      expect(note.message.en).toContain(chars);
    }
  });

  test("a name of invisible characters only is a missing name, not a unit called nothing", () => {
    const row = p4({ claimantName: "\u200b\u00a0", pledgeAmount: 100 }, { units: { pledgeAmount: "wan" } });
    const { byRow } = run([row]);
    expect([byRow(row).status, codes(byRow(row))]).toEqual(["rejected", ["MISSING_VALUE"]]);
  });
});

describe("values past the policy's plausible limits are held, never paid (policy `plausible`)", () => {
  test("a count of 1e15, a financing of 1e20 万元, a contract of 1e20 元: held with a fixable reason naming the limit", () => {
    const count = p3({ count: 1e15 });
    const financing = p4({ pledgeAmount: 1e20 }, { units: { pledgeAmount: "wan" } });
    const contract = p2({ patentNumber: patentNo("invention", 60), contractAmount: "100000000000000000000" });
    const fine = p4({ claimantName: "重庆丁科技有限公司", pledgeAmount: 100000 }, { units: { pledgeAmount: "wan" } });
    const { result, byRow } = run([count, financing, contract, fine]);
    for (const [row, field, limit] of [
      [count, "count", "1,000"],
      [financing, "pledgeAmount", "1,000,000,000 元"],
      [contract, "contractAmount", "1,000,000,000 元"],
    ] as const) {
      const r = byRow(row);
      expect([r.status, r.award.toFixed(), r.payout.toFixed(), codes(r)]).toEqual([
        "held",
        "0",
        "0",
        ["IMPLAUSIBLE_VALUE"],
      ]);
      expect(r.reasons[0].ref.header).toBe(field);
      expect(r.reasons[0].message.zh).toContain(`合理上限 ${limit}`);
      expect(r.reasons[0].message.zh).toContain("可补正");
    }
    expect(byRow(financing).reasons[0].message.zh).toContain("1,000,000,000,000,000,000,000,000 元");
    // 10 亿 of financing is within the limit: 0.2 % of it is capped at 200,000.
    expect(byRow(fine).payout.toFixed()).toBe("200000");
    // Nor does a held value count towards the targets (K7: pledge financing).
    expect(result.kpis.find((k) => k.id === "K7")!.actual!.toFixed()).toBe("1000000000");
  });

  test("a held value and a refusal on one row: refused", () => {
    const row = p3({ count: 5000, recordDate: "2022-01-01" });
    expect(run([row]).byRow(row).status).toBe("rejected");
  });

  test("the limits are the policy file's: a lower one holds what the default takes", () => {
    const json = structuredClone(policyJson) as { items: { id: string; plausible?: { maxCount: number } }[] };
    json.items.find((i) => i.id === "P3")!.plausible!.maxCount = 10;
    const row = p3({ count: 11 });
    expect(run([row]).byRow(row).status).toBe("paid");
    expect(run([row], {}, readPolicy(json)).byRow(row).status).toBe("held");
  });
});

describe("从高不重复 and earlier batches", () => {
  test("a row sharing one of its patents with a higher-rate row counts only the rest", () => {
    const shared = patentNo("utility", 40);
    const own = patentNo("utility", 41);
    const licence = p1({ patentNumber: `${shared}；${own}`, mode: "许可", count: 2 });
    const open = p1({ patentNumber: shared, mode: "开放许可", platform: "重庆知识产权运营中心" });
    const { byRow } = run([licence, open]);
    expect(byRow(open).payout.toFixed()).toBe("10000");
    expect(byRow(licence).payout.toFixed()).toBe("2000");
    expect(byRow(licence).status).toBe("paid");
    expect(codes(byRow(licence))).toContain("DUPLICATE_PARTIAL");
  });

  test("equal rates: the first row keeps the patent", () => {
    const n = patentNo("invention", 42);
    const first = p2({ patentNumber: n });
    const second = p2({ patentNumber: n }, { sheet: "第二张表" });
    const { byRow } = run([first, second]);
    expect(byRow(first).payout.toFixed()).toBe("4000");
    expect(byRow(second).status).toBe("duplicate");
  });

  test("the same patent claimed by two different units is paid to both", () => {
    const n = patentNo("invention", 43);
    const a = p2({ patentNumber: n, claimantName: "甲" });
    const b = p2({ patentNumber: n, claimantName: "乙" });
    const { byRow } = run([a, b]);
    expect([byRow(a).status, byRow(b).status]).toEqual(["paid", "paid"]);
  });

  test("units taking turns on one patent: each unit's second claim is its duplicate, other units are paid", () => {
    const n = patentNo("invention", 46);
    const a1 = p2({ patentNumber: n, claimantName: "甲" });
    const b1 = p2({ patentNumber: n, claimantName: "乙" });
    const a2 = p2({ patentNumber: n, claimantName: "甲" }, { sheet: "第二张表" });
    const c1 = p2({ patentNumber: n, claimantName: "丙" });
    const b2 = p2({ patentNumber: n, claimantName: "乙" }, { sheet: "第二张表" });
    const { byRow } = run([a1, b1, a2, c1, b2]);
    expect([a1, b1, a2, c1, b2].map((r) => byRow(r).status)).toEqual([
      "paid",
      "paid",
      "duplicate",
      "paid",
      "duplicate",
    ]);
    expect(byRow(a2).reasons.find((r) => r.code === "DUPLICATE")?.message.zh).toContain(`与第 ${a1.row} 行`);
    expect(byRow(b2).reasons.find((r) => r.code === "DUPLICATE")?.message.zh).toContain(`与第 ${b1.row} 行`);
  });

  test("a patent paid to the unit in an earlier batch is a duplicate now; earlier payouts lower the budget", () => {
    const n = patentNo("invention", 44);
    const row = p2({ patentNumber: n });
    const other = p2({ patentNumber: patentNo("invention", 45) });
    const prior = [
      { item: "P2" as const, claimantName: "重庆小微科技有限公司", amount: new Decimal(4000), claimed: [n] },
    ];
    const { byRow, result } = run([row, other], { priorPayouts: prior });
    expect(byRow(row).status).toBe("duplicate");
    expect(codes(byRow(row))).toContain("PAID_BEFORE");
    expect(byRow(other).payout.toFixed()).toBe("4000");
    const p2Item = result.items.find((i) => i.id === "P2")!;
    expect(p2Item.available.toFixed()).toBe("1496000");
  });

  test("P4: the same pledge registration twice is paid once", () => {
    const a = p4({ pledgeAmount: 1000, pledgeRegistration: "Y2024500001" }, { units: { pledgeAmount: "wan" } });
    const b = p4({ pledgeAmount: 1000, pledgeRegistration: "Y2024500001" }, { units: { pledgeAmount: "wan" } });
    const { byRow } = run([a, b]);
    expect(byRow(a).payout.toFixed()).toBe("20000");
    expect(byRow(b).status).toBe("duplicate");
  });

  test("money moved in an earlier batch stays moved", () => {
    const row = p3({ count: 30 });
    const p = withOverrides(policy, { budgets: { P3: 10000 } });
    const priorMoves = { received: { P3: new Decimal(5000) }, released: {} };
    const { result } = run([row], { priorMoves, reallocate: false }, p);
    const p3Item = result.items.find((i) => i.id === "P3")!;
    expect(p3Item.available.toFixed()).toBe("15000");
    expect(p3Item.paid.toFixed()).toBe("15000");
  });
});

describe("reallocation options", () => {
  const p = withOverrides(policy, { budgets: { P1: 100, P2: 1700, P3: 0, P4: 0 } });
  const licence = p2({ mode: "许可", patentNumber: patentNo("invention", 150) });
  const pledge = p4({ pledgeAmount: 50000 });

  test("priority order: the first item named is met first", () => {
    const { result } = run([licence, pledge], { priority: ["P4", "P2"] }, p);
    expect(result.options.reallocationRule).toBe("priority");
    expect(result.items.find((i) => i.id === "P4")!.received.toFixed()).toBe("100");
    expect(result.items.find((i) => i.id === "P2")!.received.toFixed()).toBe("0");
  });

  test("in batch 1 the run points out that moving money takes it from batch 2", () => {
    const { result } = run([licence, pledge], { batch: 1 }, p);
    expect(result.notes.map((n) => n.zh).join()).toContain("第二批");
  });

  test("unspent support money (P5–P8) can be moved when the funding plan commits less", () => {
    const p0 = withOverrides(policy, { budgets: { P1: 0, P2: 1700, P3: 0, P4: 0 } });
    const { result } = run([licence], { supportCommitted: { P8: new Decimal(49000), P5: new Decimal(800000) } }, p0);
    expect(result.moves.map((m) => [m.from, m.to, m.amount.toFixed()])).toEqual([["P8", "P2", "300"]]);
  });
});

describe("every result is explained", () => {
  test("rule, clause, inputs and the steps to the payout", () => {
    const row = p4({ pledgeAmount: 12000 }, { units: { pledgeAmount: "wan" } });
    const e = run([row]).byRow(row).explanation;
    expect(e.clause).toBe("§二(一)4");
    expect(e.inputs.financing).toBe("120000000 元");
    expect(e.steps.map((s) => s.zh).join(" / ")).toMatch(/0\.2%.*240000.*封顶.*200000\.00/);
  });
});

describe("the policy is data", () => {
  test("a malformed policy is refused with the field named", () => {
    const broken = JSON.parse(JSON.stringify(policyJson));
    broken.items[1].perUnitCap.yuan = 50000;
    expect(() => readPolicy(broken)).toThrow(PolicyError);
    expect(() => readPolicy(broken)).toThrow(/items\[1\]\.perUnitCap\.yuan/);
    const missing = JSON.parse(JSON.stringify(policyJson));
    delete missing.fundPeriod.to;
    expect(() => readPolicy(missing)).toThrow(/fundPeriod\.to/);
    const noItem = JSON.parse(JSON.stringify(policyJson));
    noItem.items = noItem.items.filter((i: { id: string }) => i.id !== "P3");
    expect(() => readPolicy(noItem)).toThrow(/exactly one item P3/);
  });

  test("next year's notice is a new file: changed numbers change results with no code change", () => {
    const next = JSON.parse(JSON.stringify(policyJson));
    next.id = "yubei-2025-x";
    next.fundPeriod = { from: "2025-01-01", to: "2025-12-31", clause: "§四(五)" };
    next.items[0].rates[0].yuan = "5000";
    const p = readPolicy(next);
    const row = p1({ patentNumber: patentNo("invention", 60), recordDate: "2025-03-01" });
    const { byRow, result } = run([row], {}, p);
    expect(byRow(row).payout.toFixed()).toBe("5000");
    expect(result.policy.id).toBe("yubei-2025-x");
    const old = p1({ patentNumber: patentNo("invention", 61), recordDate: "2024-03-01" });
    expect(codes(run([old], {}, p).byRow(old))).toContain("OUTSIDE_FUND_PERIOD");
  });

  test("what-if overrides mark the version", () => {
    expect(withOverrides(policy, { budgets: { P2: 1 } }).version).toBe(`${policy.version}+what-if`);
    expect(() => withOverrides(policy, { budgets: { P2: -1 } })).toThrow(/budgets\.P2/);
  });
});
