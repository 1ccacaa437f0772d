import Decimal from "decimal.js";
import { computeTargets, type TargetInputs } from "../../src/engine/targets";
import { parseRecipientIdentity } from "../../src/engine/classify";
import { creditCodeCheckChar } from "../../src/engine/creditCode";
import { patentCheckChar } from "../../src/engine/patentNumber";
import type { Claim, KpiResult, Mode, UnitKind } from "../../src/engine/types";
import { defaultPolicy, type Policy } from "../../src/policy";

const policy = defaultPolicy();

/** A valid invention application number `ZL2023101000NN.c`. */
function patent(n: number): string {
  const digits = `2023101000${String(n).padStart(2, "0")}`;
  return `ZL${digits}.${patentCheckChar(digits)}`;
}

let nextRow = 2;
function claim(c: Partial<Claim> & Pick<Claim, "item" | "claimant">): Claim {
  const ref = { sheet: c.item, row: nextRow++ };
  return {
    ref,
    identityRef: ref,
    patentNumbers: [],
    count: 1,
    otherFiscalSupport: false,
    barred: false,
    reasons: [],
    ...c,
  };
}

/** A unit keyed as the claim parser keys it; `codeBody` is the first 17 characters of a credit code. */
function unit(name: string, kind: UnitKind, codeBody?: string): Claim["claimant"] {
  const code = codeBody === undefined ? undefined : codeBody + creditCodeCheckChar(codeBody);
  return { name, kind, district: "inDistrict", code, key: parseRecipientIdentity(name, code) };
}

/** P1: the university (or institute, SOE, IP asset company) claims for what it gave an SME. */
function p1(from: Claim["claimant"], smeName: string, patents: string[], more: Partial<Claim> = {}): Claim {
  return claim({
    item: "P1",
    claimant: from,
    counterparty: { name: smeName, kind: "sme", district: "inDistrict" },
    patentNumbers: patents,
    count: patents.length || 1,
    mode: "transfer",
    recordDate: "2024-03-05",
    ...more,
  });
}

/** P2: the SME claims for what it received. */
function p2(sme: Claim["claimant"], fromKind: UnitKind, patents: string[], more: Partial<Claim> = {}): Claim {
  return claim({
    item: "P2",
    claimant: sme,
    counterparty: { name: "某大学", kind: fromKind, district: "inCity" },
    patentNumbers: patents,
    count: patents.length || 1,
    mode: "transfer",
    recordDate: "2024-03-05",
    ...more,
  });
}

function p4(enterprise: Claim["claimant"], yuan: string, registration?: string): Claim {
  return claim({
    item: "P4",
    claimant: enterprise,
    pledgeAmount: new Decimal(yuan),
    pledgeRegistration: registration,
    recordDate: "2024-05-10",
  });
}

function licence(mode: Mode, amount?: string): Partial<Claim> {
  return { mode, contractAmount: amount === undefined ? undefined : new Decimal(amount) };
}

function kpis(claims: Claim[], inputs: TargetInputs = {}, p: Policy = policy): Record<string, KpiResult> {
  return Object.fromEntries(computeTargets(claims, p, inputs).map((k) => [k.id, k]));
}

function actual(k: KpiResult): string | null {
  return k.actual === null ? null : k.actual.toFixed();
}

const university = unit("重庆某大学", "university", "12500000450401234");
const institute = unit("重庆某研究院", "institute");
const soe = unit("重庆某国有集团有限公司", "soe");
const assetCompany = unit("重庆某大学知识产权资产管理有限公司", "ipAssetCompany");
const smeA = unit("重庆甲科技有限公司", "sme", "91500112MA5U000A1");
const smeB = unit("重庆乙科技有限公司", "sme");

describe("computeTargets: the list", () => {
  it("returns K1–K10 in the policy's order with the policy's targets, units and clauses", () => {
    const result = computeTargets([], policy, {});
    expect(result.map((k) => k.id)).toEqual(["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10"]);
    expect(result[0]).toMatchObject({ name: "中小微企业接受高校院所专利转让许可次数", unit: "次", clause: "§一1" });
    expect(result[0].target.toFixed()).toBe("330");
    expect(result[4].target.toFixed()).toBe("0.02");
    // Each basis in both languages, the English one free of Chinese units and words.
    for (const k of result) {
      expect(k.basis.zh).toMatch(/[\u4e00-\u9fff]/);
      // (a clause is cited as the notice numbers it: §一3)
      expect(k.basis.en.replace(/§[^\s,)]*/g, "")).toMatch(/^[^\u4e00-\u9fff]*$/);
    }
  });

  it("an empty ledger: counts are 0 and not met; ratios without a base are null", () => {
    const k = kpis([]);
    expect(actual(k.K1)).toBe("0");
    expect(k.K1.met).toBe(false);
    expect(actual(k.K7)).toBe("0");
    expect(k.K6.actual).toBeNull();
    expect(k.K6.met).toBeNull();
  });

  it("a target the policy lists but no rule computes reports null rather than a made-up figure", () => {
    const extra: Policy = {
      ...policy,
      targets: [...policy.targets, { id: "K11", name: "新目标", target: new Decimal(1), unit: "件", clause: "§一11" }],
    };
    const k = kpis([], {}, extra);
    expect(k.K11).toMatchObject({ actual: null, met: null, clause: "§一11" });
    expect(k.K11.basis.en).toContain("no rule");
  });
});

describe("K1/K2: transfers and licences from universities and institutes to SMEs", () => {
  it("counts a transaction seen in both P1 and P2 once, whatever form the number and name take", () => {
    const a = patent(1);
    const claims = [
      // The university's row names the SME with stray (full-width) spaces; the SME's row is keyed by its code.
      p1(university, " 重庆甲科技有限公司\u3000", [a]),
      p2(smeA, "university", [a.replace(/^ZL/, "")]),
    ];
    expect(smeA.key).toMatch(/^code:/);
    const k = kpis(claims);
    expect(actual(k.K1)).toBe("1");
    expect(actual(k.K2)).toBe("1");
  });

  it("counts the same patent to two SMEs twice, and two patents to one SME twice", () => {
    const k = kpis([p1(university, smeB.name, [patent(1)]), p2(smeA, "university", [patent(1), patent(2)])]);
    expect(actual(k.K1)).toBe("3");
    expect(actual(k.K2)).toBe("2");
  });

  it("counts a row claimed again (从高不重复 duplicate, later batch) once", () => {
    const row = p2(smeA, "institute", [patent(3)], licence("licence"));
    const again = { ...row, ref: { sheet: "P2", row: 99 }, mode: "openLicence" as const, batch: 2 };
    expect(actual(kpis([row, again]).K1)).toBe("1");
  });

  it("excludes an SOE counterparty but includes a university's IP asset company", () => {
    const claims = [
      p2(smeA, "soe", [patent(1)]),
      p1(soe, smeB.name, [patent(2)]),
      p2(smeA, "ipAssetCompany", [patent(3)]),
      p1(assetCompany, smeB.name, [patent(4)]),
      p1(institute, smeB.name, [patent(5)], { mode: "capitalContribution" }),
    ];
    const k = kpis(claims);
    expect(actual(k.K1)).toBe("3");
    expect(actual(k.K2)).toBe("2");
  });

  it("excludes a P1 row whose counterparty is not an SME", () => {
    const large = p1(university, "重庆大型集团", [patent(1)]);
    large.counterparty = { name: "重庆大型集团", kind: "large", district: "inDistrict" };
    expect(actual(kpis([large]).K1)).toBe("0");
  });

  it("counts `count` when a row declares more patents than it lists", () => {
    const k = kpis([p2(smeA, "university", [patent(1)], { count: 3 }), p1(university, smeB.name, [], { count: 2 })]);
    expect(actual(k.K1)).toBe("5");
  });
});

describe("K3/K6/K7: pledge financing and the inclusive line (an interpretation)", () => {
  const line = policy.inclusivePledge.maxYuan; // 10,000,000 元
  const at = unit("重庆恰好企业", "sme", "91500000000000001");
  const above = unit("重庆超出企业", "sme");
  const twoPledges = unit("重庆两笔企业", "sme", "91500000000000002");
  const small = unit("重庆小额企业", "sme");
  const claims = [
    p4(at, line.toFixed(), "Y2024001"),
    p4(above, line.plus("0.01").toFixed(), "Y2024002"),
    p4(twoPledges, "6000000", "Y2024003"),
    // The second pledge's row gives no credit code: the name matches the first's.
    p4(unit(twoPledges.name, "sme"), "5000000", "Y2024004"),
    p4(small, "1000000"),
    // The same pledge claimed again in batch 2 is the same money.
    { ...p4(at, line.toFixed(), "Y2024001"), batch: 2 },
    { ...p4(small, "1000000"), batch: 2 },
  ];

  it("K3 counts enterprises at or below the line; one above it, or two pledges adding above it, do not count", () => {
    const k = kpis(claims);
    expect(actual(k.K3)).toBe("2");
    expect(k.K3.met).toBe(false);
    expect(k.K3.basis.zh).toContain("1000 万元");
    expect(k.K3.basis.en).toContain("10000000 yuan");
    expect(k.K3.basis.zh).toContain(policy.inclusivePledge.clause);
    expect(k.K3.basis.zh).toContain("解释口径");
    expect(k.K3.basis.en).toContain("interpretation");
  });

  it("K6 is K3 over every enterprise with pledge financing", () => {
    const k = kpis(claims);
    expect(actual(k.K6)).toBe("0.5");
    expect(k.K6.met).toBe(false);
    const twoOfThree = kpis(claims.filter((c) => c.claimant !== above));
    expect(twoOfThree.K6.actual!.toSignificantDigits(6).toFixed()).toBe("0.666667");
    expect(twoOfThree.K6.met).toBe(true);
  });

  it("K7 sums each pledge once, exactly", () => {
    expect(actual(kpis(claims).K7)).toBe("32000000.01");
  });

  it("the line is the policy's: a what-if line changes K3", () => {
    const lower: Policy = {
      ...policy,
      inclusivePledge: { ...policy.inclusivePledge, maxYuan: new Decimal(5_000_000) },
    };
    expect(actual(kpis(claims, {}, lower).K3)).toBe("1");
  });
});

describe("K4: open licences", () => {
  it("counts per patent, once per (patent, licensee), from any item", () => {
    const claims = [
      p1(university, smeA.name, [patent(1), patent(2)], { mode: "openLicence", platform: "重庆知识产权运营中心" }),
      p2(smeA, "university", [patent(1)], { mode: "openLicence" }),
      p1(soe, smeB.name, [patent(1)], { mode: "openLicence" }),
      p1(university, smeB.name, [patent(3)], { mode: "licence" }),
    ];
    expect(actual(kpis(claims).K4)).toBe("3");
  });
});

describe("K5/K10: ratios that need an input", () => {
  const claims = [p1(university, smeA.name, [patent(1)]), p2(smeB, "university", [patent(1), patent(2)])];

  it("are null, and not judged, without the input", () => {
    const k = kpis(claims);
    expect(k.K5).toMatchObject({ actual: null, met: null });
    expect(k.K10).toMatchObject({ actual: null, met: null });
    expect(kpis(claims, { universityValidPatents: 0, survey: { satisfied: 0, answered: 0 } }).K5.actual).toBeNull();
  });

  it("K5 is K1's distinct patents over the universities' valid patents", () => {
    const k = kpis(claims, { universityValidPatents: 100 });
    expect(actual(k.K1)).toBe("3");
    expect(actual(k.K5)).toBe("0.02");
    expect(k.K5.met).toBe(true);
    expect(kpis(claims, { universityValidPatents: 101 }).K5.met).toBe(false);
  });

  it("K10 is satisfied over answered; exactly 90% meets the target", () => {
    expect(kpis([], { survey: { satisfied: 90, answered: 100 } }).K10).toMatchObject({ met: true });
    const k = kpis([], { survey: { satisfied: 89, answered: 100 } });
    expect(actual(k.K10)).toBe("0.89");
    expect(k.K10.met).toBe(false);
  });
});

describe("K8: recorded licence contract amounts", () => {
  it("sums each contract once, licences and open licences, not transfers", () => {
    const claims = [
      p1(university, smeA.name, [patent(1), patent(2)], licence("licence", "1000000")),
      // The licensee's row of the same contract lists the patents the other way round.
      p2(smeA, "university", [patent(2), patent(1)], licence("licence", "1000000")),
      p1(soe, smeB.name, [patent(3)], licence("openLicence", "500000.5")),
      p2(smeB, "university", [patent(4)], licence("transfer", "9000000")),
      p2(smeB, "university", [patent(5)], licence("licence")),
    ];
    expect(actual(kpis(claims).K8)).toBe("1500000.5");
  });
});

describe("K9: product filings", () => {
  it("sums P3 counts, each filing number once", () => {
    const filing = (no: string | undefined, count = 1): Claim =>
      claim({ item: "P3", claimant: smeA, productFilingNo: no, count, recordDate: "2024-04-01" });
    const k = kpis([filing("BA2024001"), filing("BA2024001"), filing("BA2024002", 2), filing(undefined)]);
    expect(actual(k.K9)).toBe("4");
  });
});
