/**
 * The policy as data: every rate, cap, budget, window and target of a notice, each cited to its
 * clause. The engine reads numbers only from here, so next year's notice is a new JSON file.
 */
import Decimal from "decimal.js";
import type { ItemId, Mode, PatentType, PerformanceItemId, SupportItemId, UnitKind, District } from "../engine/types";
import { ALL_ITEMS } from "../engine/types";

export interface Cited {
  clause: string;
  interpretation?: string;
}

export interface Rate extends Cited {
  mode: Mode | "productFiling" | "pledge";
  /** `other` = any type but invention (其他类型专利). Absent = any type. */
  patentType?: PatentType | "other";
  /** Fixed amount per patent / filing, 元. */
  yuan?: Decimal;
  /** Percentage of the financing amount (P4: 0.2 means 0.2%). */
  percentOfAmount?: Decimal;
  per: "patent" | "filing" | "amount";
}

export interface PerformanceItem extends Cited {
  id: PerformanceItemId;
  kind: "performance";
  name: string;
  recipient: { role: string; kinds: UnitKind[]; district: District };
  counterparty?: { kinds: UnitKind[]; district: District };
  rates: Rate[];
  perUnitCap: Decimal;
  perUnitCapClause: string;
  budget: Decimal;
  budgetClause: string;
  plausible: Plausible;
}

/**
 * What a row of an item can plausibly hold (no clause of the notice: an interpretation). A ledger row past a
 * limit is held until a person checks it; an earlier payout past `maxPrior` stops the run.
 */
export interface Plausible extends Cited {
  /** 件数 of one row. */
  maxCount: number;
  /** A financing or contract amount of one row, 元. */
  maxAmount: Decimal;
  /** One earlier payout, 元. */
  maxPrior: Decimal;
}

export interface SupportTask {
  id: string;
  name: string;
  /** Numeric threshold (≥), or a yes/no task when `done` is set. */
  min?: number;
  unit?: string;
  perEventMin?: number;
  done?: boolean;
  clause: string;
}

export interface SupportItem extends Cited {
  id: SupportItemId;
  kind: "support";
  name: string;
  maxUnits: number;
  perUnitCap?: Decimal;
  budget: Decimal;
  budgetClause: string;
  tasks: SupportTask[];
}

export type PolicyItem = PerformanceItem | SupportItem;

export interface Target extends Cited {
  id: string;
  name: string;
  target: Decimal;
  unit: string;
}

/** Text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * 公示名单 as a public notice (§四(二)): the programme year, and templates in which {district}, {year}, {batch},
 * {title} and {notice} are filled in.
 */
export interface PublicityNotice {
  year: number;
  heading: Bilingual;
  review: Bilingual;
  clause: string;
}

export interface Policy {
  id: string;
  version: string;
  title: string;
  notice: string;
  issuer: string;
  district: { name: string; aliases: string[]; clause: string };
  city: { name: string; aliases: string[]; districts: string[]; clause: string };
  fundPeriod: { from: string; to: string } & Cited;
  /**
   * `contact`: who hears objections during publicity (公示名单's line) when the run gives none; absent, 「本局」.
   * `notice`: 公示名单's heading and the paragraph on how the list was reviewed (§四(二)), as the bureau words them.
   */
  publicity: { workingDays: number; clause: string; contact?: string; notice: PublicityNotice };
  roundingDefault: "fen" | "yuan";
  reallocation: { defaultOn: boolean; defaultRule: "shortfall" | "priority"; clause: string };
  openLicencePlatforms: { names: string[]; clause: string };
  unrecognisedPlatform: { paidAs: "licence" | "none" } & Cited;
  items: PolicyItem[];
  programTotal: Decimal;
  targets: Target[];
  inclusivePledge: { maxYuan: Decimal } & Cited;
  batches: { batch: number; claims: string; clause: string }[];
  outOfScope: { clause: string; why: string }[];
}

/** What is wrong with a field, in both languages: a policy file is refused in both, whatever --lang says. */
export interface PolicyProblem {
  zh: string;
  en: string;
}

const problem = (zh: string, en: string): PolicyProblem => ({ zh, en });

/** A policy file that cannot be used; the message names the field, in Chinese, then in English. */
export class PolicyError extends Error {
  constructor(
    readonly field: string,
    readonly problem: PolicyProblem,
  ) {
    super(`政策文件字段 "${field}"：${problem.zh} / policy field "${field}": ${problem.en}`);
    this.name = "PolicyError";
  }
}

type Json = Record<string, unknown>;
type Fields = readonly string[];

/** Keys both kinds of item (performance, support) have. */
const ITEM = ["id", "kind", "name", "clause", "interpretation", "budget", "perUnitCap"] as const;

/**
 * Every key each object of a policy file may have. Any other key is refused: a misspelt key must
 * not be ignored (issue 8), or "budgett" would leave the budget it meant unread.
 * `note` — free text for people, never read — is allowed on every object.
 */
const FIELDS = {
  // prettier-ignore
  policy: [
    "id", "version", "title", "notice", "issuer", "currency", "district", "city", "fundPeriod", "publicity",
    "roundingDefault", "reallocation", "openLicencePlatforms", "unrecognisedPlatform", "items", "programTotal",
    "targets", "inclusivePledge", "batches", "outOfScope",
  ],
  district: ["name", "aliases", "clause"],
  city: ["name", "aliases", "districts", "clause"],
  fundPeriod: ["from", "to", "clause", "interpretation"],
  publicity: ["workingDays", "clause", "contact", "notice"],
  notice: ["year", "heading", "review", "clause"],
  bilingual: ["zh", "en"],
  reallocation: ["defaultOn", "defaultRule", "clause"],
  openLicencePlatforms: ["names", "clause"],
  unrecognisedPlatform: ["paidAs", "clause", "interpretation"],
  performanceItem: [...ITEM, "recipient", "counterparty", "rates", "plausible"],
  supportItem: [...ITEM, "maxUnits", "tasks"],
  recipient: ["role", "kinds", "district"],
  counterparty: ["kinds", "district"],
  rate: ["mode", "patentType", "yuan", "percentOfAmount", "per", "clause", "interpretation"],
  plausible: ["maxCount", "maxAmountYuan", "maxPriorYuan", "clause", "interpretation"],
  /** budget, perUnitCap, programTotal */
  amount: ["yuan", "clause"],
  maxUnits: ["count", "clause"],
  task: ["id", "name", "min", "unit", "perEventMin", "done", "clause"],
  target: ["id", "name", "target", "unit", "clause", "interpretation"],
  inclusivePledge: ["maxYuan", "clause", "interpretation"],
  batch: ["batch", "claims", "clause"],
  outOfScope: ["clause", "why"],
} as const satisfies Record<string, Fields>;

/** Money is paid to the 分: a third decimal would be silently lost, so it is refused. */
function amountProblem(d: Decimal): PolicyProblem | undefined {
  if (!d.isFinite() || d.isNegative()) return problem("应为以元计、不小于 0 的金额", "expected an amount in 元, ≥ 0");
  if (d.decimalPlaces() > 2) {
    return problem(
      `应为以元计、最多两位小数（分）的金额，实为 ${d.toFixed()}`,
      `expected an amount in 元 with at most two decimals (分), got ${d.toFixed()}`,
    );
  }
  return undefined;
}

/** Reads and checks one field at a time, so an error names the path. */
class Reader {
  constructor(
    private readonly obj: Json,
    private readonly path: string,
  ) {}

  /** Refuses any key not in `fields` (or `note`), naming it. */
  allow(fields: Fields): this {
    for (const key of Object.keys(this.obj)) {
      if (key !== "note" && !fields.includes(key))
        throw new PolicyError(
          this.at(key),
          problem(
            `未知字段（此处可用：${fields.join("、")}、note），请检查拼写`,
            `unknown field (allowed here: ${fields.join(", ")}, note)`,
          ),
        );
    }
    if (this.has("note")) this.string("note");
    return this;
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** An error about this object, or about one of its fields. */
  fail(what: PolicyProblem, key?: string): PolicyError {
    return new PolicyError(key ? this.at(key) : this.path || "(root)", what);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  string(key: string): string {
    const v = this.obj[key];
    if (typeof v !== "string" || v.trim() === "")
      throw this.fail(problem("应为非空文本", "expected a non-empty string"), key);
    return v;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  number(key: string): number {
    const v = this.obj[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw this.fail(problem("应为不小于 0 的数", "expected a number ≥ 0"), key);
    return v;
  }

  boolean(key: string): boolean {
    const v = this.obj[key];
    if (typeof v !== "boolean") throw this.fail(problem("应为 true 或 false", "expected true or false"), key);
    return v;
  }

  /** Money and rates are decimal strings ("4000", "0.2") so no binary float ever holds them. */
  decimal(key: string): Decimal {
    const v = this.obj[key];
    if (typeof v !== "string" || !/^\d+(\.\d+)?$/.test(v)) {
      throw this.fail(
        problem(
          '应为写成文本的不小于 0 的十进制数，如 "4000"',
          'expected a decimal number ≥ 0 written as a string, e.g. "4000"',
        ),
        key,
      );
    }
    return new Decimal(v);
  }

  /** An amount of money in 元: a decimal string with at most two decimals. */
  amount(key: string): Decimal {
    const d = this.decimal(key);
    const wrong = amountProblem(d);
    if (wrong) throw this.fail(wrong, key);
    return d;
  }

  /**
   * A percentage, 0 < p ≤ 100; more decimals than money are fine ("0.25"). Exactly 0 is refused:
   * a rate that pays nothing is a slip (a figure left out or mistyped), as a notice that pays
   * nothing for a mode has no rate for it.
   */
  percent(key: string): Decimal {
    const d = this.decimal(key);
    if (d.isZero() || d.greaterThan(100))
      throw this.fail(
        problem(
          `应为大于 0、不超过 100 的百分数，实为 ${d.toFixed()}`,
          `expected a percentage above 0 and at most 100, got ${d.toFixed()}`,
        ),
        key,
      );
    return d;
  }

  date(key: string): string {
    const v = this.string(key);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      throw this.fail(problem("应为 YYYY-MM-DD 格式的日期", "expected a date YYYY-MM-DD"), key);
    }
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.string(key);
    if (!(allowed as readonly string[]).includes(v)) {
      throw this.fail(problem(`应为 ${allowed.join("、")} 之一`, `expected one of ${allowed.join(", ")}`), key);
    }
    return v as T;
  }

  strings(key: string): string[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== "string" || s === "")) {
      throw this.fail(problem("应为非空的文本列表", "expected a non-empty list of strings"), key);
    }
    return v as string[];
  }

  /** An object field with the keys `fields` allows. */
  object(key: string, fields: Fields): Reader {
    const v = this.obj[key];
    if (typeof v !== "object" || v === null || Array.isArray(v))
      throw this.fail(problem("应为对象（{…}）", "expected an object"), key);
    return new Reader(v as Json, this.at(key)).allow(fields);
  }

  /** A list of objects with the keys `fields` allows (or, for items, that their kind allows). */
  list(key: string, fields: Fields | ((element: Reader) => Fields)): Reader[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || v.length === 0) throw this.fail(problem("应为非空列表", "expected a non-empty list"), key);
    return v.map((e, i) => {
      if (typeof e !== "object" || e === null || Array.isArray(e))
        throw this.fail(problem("应为对象（{…}）", "expected an object"), `${key}[${i}]`);
      const element = new Reader(e as Json, `${this.at(key)}[${i}]`);
      return element.allow(typeof fields === "function" ? fields(element) : fields);
    });
  }

  cited(): Cited {
    return { clause: this.string("clause"), interpretation: this.optionalString("interpretation") };
  }
}

function readNotice(r: Reader): PublicityNotice {
  const text = (key: string) => {
    const t = r.object(key, FIELDS.bilingual);
    return { zh: t.string("zh"), en: t.string("en") };
  };
  const year = r.number("year");
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw r.fail(problem("应为年份，如 2024", "expected a year such as 2024"), "year");
  return { year, heading: text("heading"), review: text("review"), clause: r.string("clause") };
}

const UNIT_KINDS: readonly UnitKind[] = ["university", "institute", "soe", "sme", "large", "ipAssetCompany", "other"];
const DISTRICTS: readonly District[] = ["inDistrict", "inCity", "outside"];
const RATE_MODES = ["transfer", "licence", "openLicence", "capitalContribution", "productFiling", "pledge"] as const;

function readRate(r: Reader): Rate {
  const rate: Rate = {
    mode: r.oneOf("mode", RATE_MODES),
    per: r.oneOf("per", ["patent", "filing", "amount"] as const),
    ...r.cited(),
  };
  if (r.has("patentType"))
    rate.patentType = r.oneOf("patentType", ["invention", "utility", "design", "other"] as const);
  if (r.has("yuan")) rate.yuan = r.amount("yuan");
  if (r.has("percentOfAmount")) rate.percentOfAmount = r.percent("percentOfAmount");
  if ((rate.yuan === undefined) === (rate.percentOfAmount === undefined)) {
    throw r.fail(
      problem(
        '费率须有且只有 "yuan" 或 "percentOfAmount" 之一',
        'a rate needs exactly one of "yuan" or "percentOfAmount"',
      ),
    );
  }
  return rate;
}

function readParty(r: Reader): { kinds: UnitKind[]; district: District } {
  const kinds = r.strings("kinds");
  kinds.forEach((k, i) => {
    if (!(UNIT_KINDS as readonly string[]).includes(k))
      throw r.fail(
        problem(`应为 ${UNIT_KINDS.join("、")} 之一`, `expected one of ${UNIT_KINDS.join(", ")}`),
        `kinds[${i}]`,
      );
  });
  return { kinds: kinds as UnitKind[], district: r.oneOf("district", DISTRICTS) };
}

function readItem(r: Reader): PolicyItem {
  const id = r.oneOf("id", ALL_ITEMS);
  const kind = r.oneOf("kind", ["performance", "support"] as const);
  const budget = r.object("budget", FIELDS.amount);
  const common = {
    name: r.string("name"),
    ...r.cited(),
    budget: budget.amount("yuan"),
    budgetClause: budget.string("clause"),
  };
  if (kind === "performance") {
    if (!["P1", "P2", "P3", "P4"].includes(id))
      throw r.fail(
        problem(`${id} 是支持项目，不是绩效奖补`, `${id} is a support project, not a performance award`),
        "kind",
      );
    const cap = r.object("perUnitCap", FIELDS.amount);
    const recipient = r.object("recipient", FIELDS.recipient);
    return {
      id: id as PerformanceItemId,
      kind,
      ...common,
      recipient: { role: recipient.string("role"), ...readParty(recipient) },
      counterparty: r.has("counterparty") ? readParty(r.object("counterparty", FIELDS.counterparty)) : undefined,
      rates: r.list("rates", FIELDS.rate).map(readRate),
      perUnitCap: cap.amount("yuan"),
      perUnitCapClause: cap.string("clause"),
      plausible: r.has("plausible")
        ? readPlausible(r.object("plausible", FIELDS.plausible))
        : defaultPlausible(cap.amount("yuan"), cap.string("clause")),
    };
  }
  if (!["P5", "P6", "P7", "P8"].includes(id))
    throw r.fail(
      problem(`${id} 是绩效奖补，不是支持项目`, `${id} is a performance award, not a support project`),
      "kind",
    );
  return {
    id: id as SupportItemId,
    kind,
    ...common,
    maxUnits: r.object("maxUnits", FIELDS.maxUnits).number("count"),
    perUnitCap: r.has("perUnitCap") ? r.object("perUnitCap", FIELDS.amount).amount("yuan") : undefined,
    tasks: r.list("tasks", FIELDS.task).map(readTask),
  };
}

/** Stated, every limit is given with its clause and the interpretation it rests on. */
function readPlausible(p: Reader): Plausible {
  const positive = (key: string, d: Decimal) => {
    if (d.isZero()) throw p.fail(problem("应为大于 0 的上限", "expected a limit above 0"), key);
    return d;
  };
  const maxCount = p.number("maxCount");
  if (!Number.isSafeInteger(maxCount) || maxCount < 1)
    throw p.fail(problem("应为不小于 1 的整数", "expected a whole number ≥ 1"), "maxCount");
  return {
    maxCount,
    maxAmount: positive("maxAmountYuan", p.amount("maxAmountYuan")),
    maxPrior: positive("maxPriorYuan", p.amount("maxPriorYuan")),
    clause: p.string("clause"),
    interpretation: p.string("interpretation"),
  };
}

/**
 * The limits of a policy file written before they were stated (README "The policy is data"): 1,000 patents or
 * filings a row, 10 亿元 a financing or contract, and no earlier payout above the per-unit cap, which a unit's
 * payouts over every batch stay within.
 */
function defaultPlausible(perUnitCap: Decimal, capClause: string): Plausible {
  return {
    maxCount: 1000,
    maxAmount: new Decimal("1000000000"),
    maxPrior: perUnitCap,
    clause: capClause,
    interpretation: "default: the policy file states no plausible limits",
  };
}

function readTask(t: Reader): SupportTask {
  const unit = t.optionalString("unit");
  const min = t.has("min") ? t.number("min") : undefined;
  // A threshold in 元 (pledge financing) is money like any other.
  const wrong = unit === "元" && min !== undefined ? amountProblem(new Decimal(min)) : undefined;
  if (wrong) throw t.fail(wrong, "min");
  return {
    id: t.string("id"),
    name: t.string("name"),
    min,
    unit,
    perEventMin: t.has("perEventMin") ? t.number("perEventMin") : undefined,
    done: t.has("done") ? t.boolean("done") : undefined,
    clause: t.string("clause"),
  };
}

function readTarget(t: Reader): Target {
  const unit = t.string("unit");
  return {
    id: t.string("id"),
    name: t.string("name"),
    // A target in 元 (financing, licence amounts) is money like any other.
    target: unit === "元" ? t.amount("target") : t.decimal("target"),
    unit,
    ...t.cited(),
  };
}

/** Checks a parsed policy file and returns it typed; throws `PolicyError` naming the first bad field. */
export function readPolicy(json: unknown): Policy {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new PolicyError("(root)", problem("应为 JSON 对象（{…}）", "expected a JSON object"));
  const r = new Reader(json as Json, "").allow(FIELDS.policy);
  // The tool computes in 元 only.
  if (r.has("currency")) r.oneOf("currency", ["CNY"] as const);
  const district = r.object("district", FIELDS.district);
  const city = r.object("city", FIELDS.city);
  const fund = r.object("fundPeriod", FIELDS.fundPeriod);
  const publicity = r.object("publicity", FIELDS.publicity);
  const realloc = r.object("reallocation", FIELDS.reallocation);
  const platforms = r.object("openLicencePlatforms", FIELDS.openLicencePlatforms);
  const unrecognised = r.object("unrecognisedPlatform", FIELDS.unrecognisedPlatform);
  const inclusive = r.object("inclusivePledge", FIELDS.inclusivePledge);
  const items = r
    .list("items", (item) =>
      item.oneOf("kind", ["performance", "support"] as const) === "performance"
        ? FIELDS.performanceItem
        : FIELDS.supportItem,
    )
    .map(readItem);
  for (const id of ALL_ITEMS) {
    if (items.filter((i) => i.id === id).length !== 1)
      throw new PolicyError("items", problem(`应有且只有一个项目 ${id}`, `expected exactly one item ${id}`));
  }
  const programTotal = r.object("programTotal", FIELDS.amount).amount("yuan");
  // The file's plan must fit the programme; a what-if (withOverrides) may go past it.
  const planned = items.reduce((sum, i) => sum.plus(i.budget), new Decimal(0));
  if (planned.greaterThan(programTotal)) {
    throw new PolicyError(
      "programTotal",
      problem(
        `P1–P8 预算合计 ${planned.toFixed()} 元，超过 programTotal ${programTotal.toFixed()} 元`,
        `the budgets of P1–P8 add up to ${planned.toFixed()} 元, more than programTotal ${programTotal.toFixed()} 元`,
      ),
    );
  }
  const policy: Policy = {
    id: r.string("id"),
    version: r.string("version"),
    title: r.string("title"),
    notice: r.string("notice"),
    issuer: r.string("issuer"),
    district: {
      name: district.string("name"),
      aliases: district.strings("aliases"),
      clause: district.string("clause"),
    },
    city: {
      name: city.string("name"),
      aliases: city.strings("aliases"),
      districts: city.strings("districts"),
      clause: city.string("clause"),
    },
    fundPeriod: { from: fund.date("from"), to: fund.date("to"), ...fund.cited() },
    publicity: {
      workingDays: publicity.number("workingDays"),
      clause: publicity.string("clause"),
      ...(publicity.has("contact") ? { contact: publicity.string("contact") } : {}),
      notice: readNotice(publicity.object("notice", FIELDS.notice)),
    },
    roundingDefault: r.oneOf("roundingDefault", ["fen", "yuan"] as const),
    reallocation: {
      defaultOn: realloc.boolean("defaultOn"),
      defaultRule: realloc.oneOf("defaultRule", ["shortfall", "priority"] as const),
      clause: realloc.string("clause"),
    },
    openLicencePlatforms: { names: platforms.strings("names"), clause: platforms.string("clause") },
    unrecognisedPlatform: {
      paidAs: unrecognised.oneOf("paidAs", ["licence", "none"] as const),
      ...unrecognised.cited(),
    },
    items,
    programTotal,
    targets: r.list("targets", FIELDS.target).map(readTarget),
    inclusivePledge: { maxYuan: inclusive.amount("maxYuan"), ...inclusive.cited() },
    batches: r
      .list("batches", FIELDS.batch)
      .map((b) => ({ batch: b.number("batch"), claims: b.string("claims"), clause: b.string("clause") })),
    outOfScope: r.has("outOfScope")
      ? r.list("outOfScope", FIELDS.outOfScope).map((o) => ({ clause: o.string("clause"), why: o.string("why") }))
      : [],
  };
  if (policy.fundPeriod.from > policy.fundPeriod.to)
    throw new PolicyError("fundPeriod", problem("from（开始日期）晚于 to（结束日期）", "from is after to"));
  return policy;
}

/**
 * What-if changes to a policy (a budget, a cap) without editing its file. Amounts are checked as
 * in the file (≥ 0, at most two decimals), but budgets may add up past programTotal: asking
 * "what if P2 had more" is the point of a what-if.
 */
export interface PolicyOverrides {
  budgets?: Partial<Record<ItemId, Decimal.Value>>;
  perUnitCaps?: Partial<Record<PerformanceItemId, Decimal.Value>>;
}

export function withOverrides(policy: Policy, overrides: PolicyOverrides): Policy {
  const items = policy.items.map((item): PolicyItem => {
    const budget = overrides.budgets?.[item.id];
    const next = { ...item, budget: budget === undefined ? item.budget : toAmount(budget, `budgets.${item.id}`) };
    if (next.kind === "performance") {
      const cap = overrides.perUnitCaps?.[next.id];
      if (cap !== undefined) next.perUnitCap = toAmount(cap, `perUnitCaps.${next.id}`);
    }
    return next;
  });
  return {
    ...policy,
    items,
    version: overrides.budgets || overrides.perUnitCaps ? `${policy.version}+what-if` : policy.version,
  };
}

function toAmount(value: Decimal.Value, field: string): Decimal {
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    throw new PolicyError(field, problem("应为以元计的金额", "expected an amount in 元"));
  }
  const wrong = amountProblem(d);
  if (wrong) throw new PolicyError(field, wrong);
  return d;
}

export function performanceItem(policy: Policy, id: PerformanceItemId): PerformanceItem {
  return policy.items.find((i): i is PerformanceItem => i.id === id && i.kind === "performance")!;
}

export function supportItem(policy: Policy, id: SupportItemId): SupportItem {
  return policy.items.find((i): i is SupportItem => i.id === id && i.kind === "support")!;
}
