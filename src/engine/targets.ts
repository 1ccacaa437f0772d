/**
 * District targets for 2025 (工作目标, §一): what the ledger says about K1–K10.
 * A target counts transactions, not rows: the same transfer may be claimed by the university in P1
 * and by the SME in P2, or again in a later batch, and counts once.
 */
import type Decimal from "decimal.js";
import { Money, ZERO, sumMoney, toMoney } from "./money";
import type { Policy } from "../policy/policy";
import { checkPatentNumber } from "./patentNumber";
import type { Bilingual, Claim, KpiResult, UnitKind } from "./types";
import { UnitResolver } from "./units";
import { normaliseName, toHalfWidth } from "./values";

/** What the ledger does not hold. */
export interface TargetInputs {
  /** 高校院所有效专利数, for K5. */
  universityValidPatents?: number;
  /** 满意度调查, for K10. */
  survey?: { satisfied: number; answered: number };
}

/** 高校院所 of §一1: a university's IP asset company counts as the university (§二(二)6); an SOE does not. */
const ACADEMIC: readonly UnitKind[] = ["university", "institute", "ipAssetCompany"];
const WAN = new Money(10_000);

interface Figure {
  actual: Decimal | null;
  basis: Bilingual;
}

/** The ledger reduced to transactions, each once. */
interface Ledger {
  /** K1 and K5: each (SME, patent) of a transfer or licence from a university or institute to an SME. */
  deals: PairSet;
  dealSmes: Set<string>;
  /** K4: licensee → patents of each open licence. */
  openLicences: PairSet;
  /** K8: contract → amount. */
  licenceContracts: Map<string, Decimal>;
  /** K3, K6, K7: pledge → enterprise and amount. */
  pledges: Map<string, { enterprise: string; amount: Decimal }>;
  /** K9: product filing → count, by filing number, and by row where none is given. */
  productFilings: { byNumber: Map<string, number>; byRow: Map<string, number> };
  /** K3, K6: each enterprise's pledges added up, once worked out. */
  pledgeTotals?: Map<string, Decimal>;
  /** K3: enterprises whose pledges total at most the inclusive line, once worked out. */
  inclusive?: number;
}

/**
 * Distinct (SME, patent) pairs, held per patent (docs/PERFORMANCE.md, targets.ts). The patents are the map's
 * keys (K5).
 */
class PairSet {
  private readonly byPatent = new Map<string, string | Set<string>>();
  size = 0;

  add(sme: string, patent: string): void {
    const seen = this.byPatent.get(patent);
    if (seen === undefined) this.byPatent.set(patent, sme);
    else if (seen === sme) return;
    else if (typeof seen === "string") this.byPatent.set(patent, new Set([seen, sme]));
    else if (seen.has(sme)) return;
    else seen.add(sme);
    this.size++;
  }

  get patents(): number {
    return this.byPatent.size;
  }
}

/** K1–K10 in the policy's order; a target the policy lists but no rule here computes reports null. */
export function computeTargets(
  claims: Claim[],
  policy: Policy,
  inputs: TargetInputs,
  units = unitsOf(claims),
): KpiResult[] {
  const ledger = summarise(claims, units);
  return policy.targets.map((t) => {
    const rule = RULES[t.id];
    const { actual, basis } = rule
      ? rule(ledger, policy, inputs)
      : { actual: null, basis: both("无此目标的计算规则", "no rule computes this target") };
    return {
      id: t.id,
      name: t.name,
      actual,
      target: t.target,
      unit: t.unit,
      met: actual === null ? null : actual.gte(t.target),
      clause: t.clause,
      basis,
    };
  });
}

const RULES: Record<string, (ledger: Ledger, policy: Policy, inputs: TargetInputs) => Figure> = {
  K1: (l) => ({
    actual: new Money(l.deals.size),
    basis: both(
      "P1/P2 中高校院所（含高校知识产权资产管理公司，不含国有企业）→中小微企业的转让/许可/开放许可/作价入股件数（按专利号+企业去重）",
      "transfers, licences, open licences and capital contributions from universities and institutes" +
        " (their IP asset companies included, SOEs not) to SMEs in P1 and P2, each (patent, SME) once",
    ),
  }),
  K2: (l) => ({
    actual: new Money(l.dealSmes.size),
    basis: both(
      "K1 中的中小微企业家数（P2 按申报单位，P1 按受让方/被许可方名称）",
      "distinct SMEs of K1 (in P2 the claimant, in P1 the counterparty by name)",
    ),
  }),
  K3: (l, p) => {
    const { maxYuan, clause } = p.inclusivePledge;
    const line = `${toMoney(maxYuan).div(WAN).toFixed()} 万元`;
    return {
      actual: new Money(inclusiveEnterprises(l, p)),
      basis: both(
        `P4 中质押融资合计 ≤ ${line} 的中小微企业家数（普惠性为解释口径，${clause}）`,
        `SMEs whose pledge financing in P4 totals at most ${toMoney(maxYuan).toFixed()} yuan (inclusive: an interpretation, ${clause})`,
      ),
    };
  },
  K4: (l) => ({
    actual: new Money(l.openLicences.size),
    basis: both(
      "P1/P2 中开放许可的专利件数（按专利号+被许可方去重）",
      "open-licensed patents in P1 and P2, each (patent, licensee) once",
    ),
  }),
  K5: (l, _p, inputs) => {
    const patents = l.deals.patents;
    const valid = inputs.universityValidPatents;
    return valid !== undefined && valid > 0
      ? {
          actual: new Money(patents).div(valid),
          basis: both(
            `K1 涉及的专利 ${patents} 件（去重）÷ 高校院所有效专利 ${valid} 件`,
            `distinct patents of K1 (${patents}) ÷ the universities' and institutes' valid patents (${valid})`,
          ),
        }
      : {
          actual: null,
          basis: both(
            `K1 涉及的专利 ${patents} 件（去重）÷ 高校院所有效专利数：未提供`,
            `distinct patents of K1 (${patents}) ÷ the universities' and institutes' valid patents: not given`,
          ),
        };
  },
  K6: (l, p) => {
    const enterprises = pledgeTotals(l).size;
    const basis = both(
      `K3 ÷ P4 中有专利质押融资的中小微企业家数（${enterprises} 家）`,
      `K3 ÷ all SMEs with pledge financing in P4 (${enterprises})`,
    );
    return enterprises > 0
      ? { actual: new Money(inclusiveEnterprises(l, p)).div(enterprises), basis }
      : { actual: null, basis };
  },
  K7: (l) => ({
    actual: sumByAmount(l.pledges.values()),
    basis: both(
      "P4 专利质押融资金额合计，元（每笔质押一次：按质押登记号，无登记号时按企业+日期+金额+专利号）",
      "total pledge financing in P4, in yuan, each pledge once (by registration number, else enterprise, date, amount and patents)",
    ),
  }),
  K8: (l) => ({
    actual: sumMoney(l.licenceContracts.values()),
    basis: both(
      "P1/P2 中许可、开放许可的合同金额合计，元（每份合同一次：按被许可方+专利号）",
      "licence and open-licence contract amounts in P1 and P2, in yuan, each contract once (by licensee and patents)",
    ),
  }),
  K9: (l) => ({
    actual: new Money(
      [...l.productFilings.byNumber.values(), ...l.productFilings.byRow.values()].reduce((a, b) => a + b, 0),
    ),
    basis: both("P3 专利产品备案件数（同一备案号只计一次）", "product filings in P3, each filing number once"),
  }),
  K10: (_l, _p, inputs) => {
    const s = inputs.survey;
    return s !== undefined && s.answered > 0
      ? {
          actual: new Money(s.satisfied).div(s.answered),
          basis: both(
            `满意度调查：满意 ${s.satisfied} ÷ 作答 ${s.answered}`,
            `survey: ${s.satisfied} satisfied of ${s.answered} answered`,
          ),
        }
      : { actual: null, basis: both("满意度调查：未提供", "survey: not given") };
  },
};

function both(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** 普惠性 (an interpretation, §一3): the enterprise's pledge financing in the ledger totals at most the line. */
function inclusiveEnterprises(l: Ledger, policy: Policy): number {
  // K3 and K6 both ask: the ledger counts them once.
  if (l.inclusive !== undefined) return l.inclusive;
  let inclusive = 0;
  for (const total of pledgeTotals(l).values()) if (total.lte(policy.inclusivePledge.maxYuan)) inclusive++;
  return (l.inclusive = inclusive);
}

/** Each enterprise's pledge financing in the ledger (K3, K6), added up once. */
function pledgeTotals(l: Ledger): Map<string, Decimal> {
  if (l.pledgeTotals !== undefined) return l.pledgeTotals;
  const totals = new Map<string, Decimal>();
  for (const { enterprise, amount } of l.pledges.values()) {
    const seen = totals.get(enterprise);
    totals.set(enterprise, seen === undefined ? amount : seen.plus(amount));
  }
  return (l.pledgeTotals = totals);
}

/**
 * The pledges' amounts added up: each distinct amount once, times the pledges that state it — rows pledging the
 * same number share one Decimal (claim.ts), so most of the sum is a count (docs/PERFORMANCE.md, targets.ts).
 */
function sumByAmount(pledges: Iterable<{ amount: Decimal }>): Decimal {
  const times = new Map<Decimal, number>();
  for (const { amount } of pledges) times.set(amount, (times.get(amount) ?? 0) + 1);
  let sum = ZERO;
  for (const [amount, n] of times) sum = sum.plus(n === 1 ? amount : amount.times(n));
  return sum;
}

function summarise(claims: Claim[], units: UnitResolver): Ledger {
  const ledger: Ledger = {
    deals: new PairSet(),
    dealSmes: new Set(),
    openLicences: new PairSet(),
    licenceContracts: new Map(),
    pledges: new Map(),
    productFilings: { byNumber: new Map(), byRow: new Map() },
  };
  const who = identities(units);
  // Rows often share one financing Decimal (claim.ts): each is written out once for this ledger.
  const statedOf = new Map<Decimal, string>();
  const stated = (amount: Decimal): string => {
    let text = statedOf.get(amount);
    if (text === undefined) statedOf.set(amount, (text = amount.toFixed()));
    return text;
  };
  // Indexed loops over the rows (docs/PERFORMANCE.md, "Issue 19: the engine's allocations").
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    if (c.item === "P1" || c.item === "P2") {
      const sme = who.sme(c);
      const listed = listedPatents(c);
      const patents = patentsOf(c, listed);
      const academic = isAcademicDeal(c);
      const open = c.mode === "openLicence";
      if (academic) ledger.dealSmes.add(sme);
      if (academic || open) {
        for (let k = 0; k < patents.length; k++) {
          if (academic) ledger.deals.add(sme, patents[k]);
          if (open) ledger.openLicences.add(sme, patents[k]);
        }
      }
      if ((c.mode === "licence" || c.mode === "openLicence") && c.contractAmount !== undefined) {
        const contract = listed.length > 0 ? `${sme}|${sorted(listed).join(",")}` : rowKey(c);
        // The licensor's and the licensee's rows state one contract: keep one amount, the larger if they differ.
        const seen = ledger.licenceContracts.get(contract);
        ledger.licenceContracts.set(contract, seen?.greaterThan(c.contractAmount) ? seen : c.contractAmount);
      }
    } else if (c.item === "P4" && c.pledgeAmount !== undefined) {
      const enterprise = who.claimant(c);
      const pledge = c.pledgeRegistration
        ? `reg|${normaliseName(c.pledgeRegistration)}`
        : `${enterprise}|${c.recordDate}|${stated(c.pledgeAmount)}|${sorted(listedPatents(c)).join(",")}`;
      ledger.pledges.set(pledge, { enterprise, amount: c.pledgeAmount });
    } else if (c.item === "P3") {
      const [filings, filing] = c.productFilingNo
        ? [ledger.productFilings.byNumber, normaliseName(c.productFilingNo)]
        : [ledger.productFilings.byRow, rowKey(c)];
      filings.set(filing, Math.max(filings.get(filing) ?? 0, c.count));
    }
  }
  return ledger;
}

/** §一1 counts transfers and licences to SMEs from universities and institutes, seen from either side. */
function isAcademicDeal(c: Claim): boolean {
  const counterparty = c.counterparty?.kind;
  if (c.item === "P1") return ACADEMIC.includes(c.claimant.kind) && counterparty === "sme";
  return c.claimant.kind === "sme" && counterparty !== undefined && ACADEMIC.includes(counterparty);
}

/** What a name without a code stands for, learnt from the rows themselves (balance passes what it learnt). */
function unitsOf(claims: Claim[]): UnitResolver {
  const units = new UnitResolver();
  for (const c of claims) units.learn(c.claimant.name, c.claimant.code, c.claimant.key);
  return units;
}

/**
 * Who a row is about, as one key across sheets and batches (§2 step 4): a name given without a code
 * is the unit seen elsewhere with that name and a code. In P1 the SME is the counterparty, known by name.
 */
function identities(units: UnitResolver): { claimant: (c: Claim) => string; sme: (c: Claim) => string } {
  const claimant = (c: Claim): string => units.keyOf(c.claimant.name, c.claimant.code, c.claimant.key);
  // A P1 counterparty recurs on many rows: its key is worked out once per name as written.
  const smeByName = new Map<string, string | undefined>();
  const smeKey = (name: string): string | undefined => {
    if (!smeByName.has(name)) smeByName.set(name, normaliseName(name) !== "" ? units.keyOf(name) : undefined);
    return smeByName.get(name);
  };
  const sme = (c: Claim): string => {
    if (c.item === "P2") return claimant(c);
    const name = c.counterparty?.name;
    return (name && smeKey(name)) || `unnamed|${rowKey(c)}`;
  };
  return { claimant, sme };
}

/**
 * Patent numbers in one form, whether written `ZL…`, `CN…` or bare (claim parsing already gives `ZL…`), each once.
 * Most rows list one number already in that form: their own list serves.
 */
function listedPatents(c: Claim): readonly string[] {
  const numbers = c.patentNumbers;
  if (numbers.length === 0 || (numbers.length === 1 && numbers[0].startsWith("ZL"))) return numbers;
  return [...new Set(numbers.map((n) => (n.startsWith("ZL") ? n : samePatent(n))))];
}

function sorted(list: readonly string[]): readonly string[] {
  return list.length > 1 ? [...list].sort() : list;
}

function samePatent(n: string): string {
  const checked = checkPatentNumber(n);
  return checked.ok ? checked.normalised : toHalfWidth(n).replace(/\s+/g, "").toUpperCase();
}

/** The patents a row is about: each number listed, and one per patent its 件数 declares beyond them. */
function patentsOf(c: Claim, listed: readonly string[]): readonly string[] {
  if (c.count <= listed.length) return listed;
  const unlisted = Array.from({ length: Math.max(0, c.count - listed.length) }, (_, i) => `${rowKey(c)}#${i + 1}`);
  return [...listed, ...unlisted];
}

function rowKey(c: Claim): string {
  return `row|${c.ref.sheet}!${c.ref.row}`;
}
