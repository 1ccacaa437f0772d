/**
 * One ledger row → a `Claim`: each cell parsed, each eligibility condition of the notice checked
 * (POLICY §2 step 1), every problem a reason naming sheet, row and column.
 */
import type Decimal from "decimal.js";
import { performanceItem, type PerformanceItem, type Policy } from "../policy/policy";
import type {
  AmountUnit,
  CellRef,
  CellValue,
  Claim,
  District,
  FieldId,
  Mode,
  PatentType,
  RawClaim,
  Reason,
  UnitKind,
} from "./types";
import {
  groupThousands,
  isBlank,
  isErrorValue,
  isPlainName,
  normaliseName,
  parseAmount,
  parseBatch,
  parseCount,
  parseDate,
  parseYesNo,
  unseenIn,
  type Parsed,
} from "./values";
import { checkPatentNumber, splitPatentNumbers } from "./patentNumber";
import { checkCreditCode, type CreditCodeCheck } from "./creditCode";
import {
  classifyDistrict,
  classifyKind,
  classifyMode,
  classifyPatentType,
  codeKey,
  parseRecipientIdentity,
} from "./classify";
import { PERFORMANCE_ITEMS } from "./types";
import { reason } from "./reasons";
import { memo } from "./memo";
import { Money } from "./money";

/** 单位性质 as messages, the run record and the pane name them: one set of labels (the notice's words). */
export const KIND_NAMES: Readonly<Record<UnitKind, { zh: string; en: string }>> = {
  university: { zh: "高等学校", en: "university" },
  institute: { zh: "科研机构", en: "research institute" },
  soe: { zh: "国有企业", en: "state-owned enterprise" },
  sme: { zh: "中小微企业", en: "SME" },
  large: { zh: "大型企业", en: "large enterprise" },
  ipAssetCompany: { zh: "高校知识产权资产管理公司", en: "university IP asset company" },
  other: { zh: "其他", en: "other" },
};

export const TYPE_NAMES: Record<PatentType, { zh: string; en: string }> = {
  invention: { zh: "发明", en: "invention" },
  utility: { zh: "实用新型", en: "utility model" },
  design: { zh: "外观设计", en: "design" },
};

/**
 * What a run reads again and again down a column — the same few words, a unit's code and name on each of its
 * rows, the same dates and amounts — each distinct value read once per run (memo.ts).
 */
interface Lookups {
  kind: (text: string) => UnitKind | undefined;
  /** A unit's code: its check and the key it gives the unit, found together. */
  codeFacts: (code: string) => { checked: CreditCodeCheck; key: string | undefined };
  name: (name: string) => string;
  /** The characters of a name a person cannot see (values.ts `unseenIn`). */
  unseen: (name: string) => string[];
  date: (cell: string | number) => Parsed<string>;
  mode: (text: string) => Mode | undefined;
  patentType: (text: string) => PatentType | undefined;
  district: (text: string) => District | undefined;
  /** A number in a pledge amount column, by the column's unit: rows pledging the same financing share its Decimal. */
  pledgeAmount: Record<AmountUnit, (cell: number) => Parsed<Decimal>>;
  /** The claimant and counterparty a row names, the previous row's objects when they say the same. */
  claimant: (...fields: ClaimantFields) => Claim["claimant"];
  counterparty: (...fields: CounterpartyFields) => NonNullable<Claim["counterparty"]>;
}

type Claimant = Claim["claimant"];
type ClaimantFields = [Claimant["name"], Claimant["code"], Claimant["kind"], Claimant["district"], Claimant["key"]];
type Counterparty = NonNullable<Claim["counterparty"]>;
type CounterpartyFields = [Counterparty["name"], Counterparty["kind"], Counterparty["district"]];

/**
 * The claimant (or counterparty) of the fields, the object the previous call returned when every field is the same:
 * a unit's rows mostly come together, and claims live for the whole run (docs/PERFORMANCE.md, claim.ts). No key is
 * built to compare them, and no object made for a row that names the party of the row before.
 */
function sameClaimant(): Lookups["claimant"] {
  let before: Claimant | undefined;
  return (name, code, kind, district, key) =>
    before !== undefined &&
    before.name === name &&
    before.code === code &&
    before.kind === kind &&
    before.district === district &&
    before.key === key
      ? before
      : (before = { name, code, kind, district, key });
}

function sameCounterparty(): Lookups["counterparty"] {
  let before: Counterparty | undefined;
  return (name, kind, district) =>
    before !== undefined && before.name === name && before.kind === kind && before.district === district
      ? before
      : (before = { name, kind, district });
}

function lookups(policy: Policy): Lookups {
  // Codes and names recur as often as units, and a large ledger has more units than words: 100,000 of each.
  const normalised = memo(normaliseName, 100_000);
  const amountIn = (unit: AmountUnit) => memo((cell: number) => compactAmount(parseAmount(cell, unit)));
  return {
    kind: memo(classifyKind),
    codeFacts: memo((code: string) => {
      const checked = checkCreditCode(code);
      return { checked, key: codeKey(code, checked) };
    }, 100_000),
    // Most names are already in normal form (docs/PERFORMANCE.md, claim.ts).
    name: (name) => (isPlainName(name) ? name : normalised(name)),
    unseen: memo(unseenIn, 100_000),
    date: memo((cell: string | number) => parseDate(cell)),
    mode: memo(classifyMode),
    patentType: memo(classifyPatentType),
    district: memo((text: string) => classifyDistrict(text, policy)),
    pledgeAmount: { yuan: amountIn("yuan"), wan: amountIn("wan") },
    claimant: sameClaimant(),
    counterparty: sameCounterparty(),
  };
}

/** A parsed amount copied to its own digits (docs/PERFORMANCE.md, claim.ts): claims keep it for the whole run. */
function compactAmount(parsed: Parsed<Decimal>): Parsed<Decimal> {
  return parsed.ok ? { ok: true, value: new Money(parsed.value) } : parsed;
}

const DISTRICT_RANK: Record<District, number> = { inDistrict: 2, inCity: 1, outside: 0 };

function text(v: CellValue): string {
  return v === null || v === undefined || isBlank(v) ? "" : givenText(v);
}

/** The text of a cell known not to be blank. */
function givenText(v: string | number | boolean | Date): string {
  return typeof v === "string" ? v.trim() : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/** The patent numbers of a row that lists none (P3, P4): one list for all of them. */
const NO_NUMBERS: readonly string[] = Object.freeze([]);

/**
 * The reasons of a row that has none (most rows): one list for all of them. A claim's reasons are read-only, and
 * a reason found later makes the row a list of its own (`addReasons`).
 */
const NO_REASONS: readonly Reason[] = Object.freeze([]);

/** `reasons` after a claim's own (a new list: the claim's may be the shared empty one). */
export function addReasons(claim: Claim, ...reasons: Reason[]): void {
  claim.reasons = claim.reasons.length === 0 ? reasons : claim.reasons.concat(reasons);
}

/** Where a row's field is: sheet, row, and the field's column and header when it has one. */
function cellRef(raw: RawClaim, field?: FieldId): CellRef {
  const col = field ? raw.columns[field] : undefined;
  return { sheet: raw.sheet, row: raw.row, column: col?.column, header: col?.header };
}

/**
 * A parsed row, made with every field it may ever have (`undefined` where the row has none: one hidden class for
 * all claims). The cell that says who the claimant is, `identityRef`, is located from the row when a reason names
 * it (a barred unit, one name with two codes) rather than kept on every claim (docs/PERFORMANCE.md, claim.ts).
 * An object literal, not a class: V8 allocates the objects of a literal that mostly live long straight in the old
 * generation, and claims live for the whole run (docs/PERFORMANCE.md, "Issue 19: the engine's allocations").
 */
interface ParsedClaim extends Claim {
  readonly raw: RawClaim;
}

const PARSED_CLAIM = {
  get identityRef(): CellRef {
    const raw = (this as unknown as ParsedClaim).raw;
    return cellRef(raw, raw.columns.claimantCode ? "claimantCode" : "claimantName");
  },
};

function parsedClaim(
  raw: RawClaim,
  ref: CellRef,
  rowId: string | undefined,
  claimant: Claim["claimant"],
  otherFiscalSupport: boolean,
  barred: boolean,
): ParsedClaim {
  const claim = {
    __proto__: PARSED_CLAIM,
    raw,
    ref,
    rowId,
    claimant,
    otherFiscalSupport,
    barred,
    item: raw.item,
    counterparty: undefined,
    patentNumbers: NO_NUMBERS,
    patentType: undefined,
    mode: undefined,
    recordDate: undefined,
    count: 1,
    platform: undefined,
    contractAmount: undefined,
    pledgeAmount: undefined,
    pledgeRegistration: undefined,
    productFilingNo: undefined,
    batch: undefined,
    reasons: NO_REASONS,
  };
  return claim as unknown as ParsedClaim;
}

/**
 * Reads one row at a time, collecting reasons as it goes: one reader for the rows of a run, started again on each
 * (`read`), rather than an object made per row (docs/PERFORMANCE.md, "Issue 19: the engine's allocations").
 */
class RowReader {
  /** Made for a row that has a reason (docs/PERFORMANCE.md, claim.ts); the claim keeps it. */
  reasons: Reason[] | undefined = undefined;
  /**
   * Fields already refused as a whole (an error value, a merged cell): read as blank, not refused again. Made
   * for the few rows that have one (docs/PERFORMANCE.md, claim.ts).
   */
  private refused: Set<FieldId> | undefined = undefined;
  private raw!: RawClaim;
  item!: PerformanceItem;

  constructor(readonly look: Lookups) {}

  /** Starts on a row: its error values and merged cells refused first. */
  read(raw: RawClaim, item: PerformanceItem): this {
    this.raw = raw;
    this.item = item;
    this.reasons = undefined;
    this.refused = undefined;
    for (const field in raw.values) {
      const v = raw.values[field as FieldId];
      if (!isErrorValue(v)) continue;
      const header = raw.columns[field as FieldId]?.header ?? field;
      this.error("ERROR_VALUE", field as FieldId, { value: v.trim(), field: header, fieldEn: header });
      this.refuse(field as FieldId);
    }
    if (raw.merged === undefined) return this;
    for (const field in raw.merged) {
      const merged = raw.merged[field as FieldId]!;
      if (this.isRefused(field as FieldId)) continue;
      const header = raw.columns[field as FieldId]?.header ?? field;
      this.error("MERGED_CELL", field as FieldId, {
        field: header,
        fieldEn: header,
        rows: merged.rows,
        range: merged.range,
      });
      this.refuse(field as FieldId);
    }
    return this;
  }

  private refuse(field: FieldId): void {
    (this.refused ??= new Set()).add(field);
  }

  private isRefused(field: FieldId): boolean {
    return this.refused !== undefined && this.refused.has(field);
  }

  ref(field?: FieldId): CellRef {
    return cellRef(this.raw, field);
  }

  value(field: FieldId): CellValue {
    return this.isRefused(field) ? undefined : this.raw.values[field];
  }

  text(field: FieldId): string {
    return text(this.value(field));
  }

  blank(field: FieldId): boolean {
    return isBlank(this.value(field));
  }

  /** The cell's text, or undefined when it is blank: one read of the cell for both questions. */
  given(field: FieldId): string | undefined {
    const v = this.value(field);
    return v === null || v === undefined || isBlank(v) ? undefined : givenText(v);
  }

  /** A parse result, or a reason of `code` saying what was expected. */
  parsed<T>(
    field: FieldId,
    result: Parsed<T>,
    code: "BAD_AMOUNT" | "BAD_DATE" | "BAD_COUNT" | "BAD_YES_NO" | "BAD_BATCH",
  ): T | undefined {
    if (result.ok) return result.value;
    this.error(code, field, { expectedZh: result.expected.zh, expectedEn: result.expected.en });
    return undefined;
  }

  error(code: Reason["code"], field: FieldId | undefined, params: Record<string, string | number> = {}): void {
    this.add(reason(code, this.ref(field), { value: field ? this.text(field) : "", ...params }));
  }

  add(found: Reason): void {
    (this.reasons ??= []).push(found);
  }

  missing(field: FieldId, zh: string, en: string): void {
    if (this.isRefused(field)) return;
    const header = this.raw.columns[field]?.header ?? zh;
    this.error("MISSING_VALUE", field, { field: header, expectedZh: "此项必填", expectedEn: `${en} is required` });
  }
}

/** Parses and checks one row against its item's conditions (§二(一)1–4, §四(三)–(五)). */
export function parseClaim(raw: RawClaim, policy: Policy): Claim {
  return claimParser(policy)(raw);
}

/** `parseClaim` for the rows of one run, which share what they read (`Lookups`). */
export function claimParser(policy: Policy): (raw: RawClaim) => Claim {
  const look = lookups(policy);
  const items = new Map(PERFORMANCE_ITEMS.map((id) => [id, performanceItem(policy, id)]));
  const reader = new RowReader(look);
  return (raw) => readClaim(reader.read(raw, items.get(raw.item)!), raw, policy);
}

function readClaim(r: RowReader, raw: RawClaim, policy: Policy): Claim {
  const item = r.item;

  const given = r.text("claimantName");
  const name = r.look.name(given);
  if (!name) r.missing("claimantName", "申报单位", "the claimant's name");
  else if (name !== given) noteUnseen(r, given, name);
  const code = r.given("claimantCode");
  const facts = code === undefined ? undefined : r.look.codeFacts(code);
  if (facts !== undefined) {
    const checked = facts.checked;
    if (!checked.ok) {
      const why =
        checked.problem === "check"
          ? { zh: `校验位应为 ${checked.expectedCheck}`, en: `the check character should be ${checked.expectedCheck}` }
          : checked.expected;
      r.error("BAD_CREDIT_CODE", "claimantCode", { expectedZh: why.zh, expectedEn: why.en });
    }
  }

  const claimant = r.look.claimant(
    name,
    // As printed, however typed (LEDGER.md "Value shapes"): 公示名单 shows it. A refused code stays as typed.
    facts?.checked.ok ? facts.checked.normalised : code,
    readKind(r, "claimantKind") ?? item.recipient.kinds[0],
    readDistrict(r, "claimantDistrict") ?? "inDistrict",
    facts?.key ?? parseRecipientIdentity(name),
  );
  checkClaimant(r, claimant.kind, claimant.district, policy);

  const claim = parsedClaim(
    raw,
    r.ref(),
    r.given("rowId"),
    claimant,
    readYesNo(r, "otherFiscalSupport"),
    readYesNo(r, "barred"),
  );
  if (claim.otherFiscalSupport) r.error("OTHER_FISCAL_SUPPORT", "otherFiscalSupport");
  if (claim.barred) r.error("BARRED", "barred");
  if (!r.blank("batch")) claim.batch = r.parsed("batch", parseBatch(r.value("batch")), "BAD_BATCH");
  const platform = r.given("platform");
  if (platform !== undefined) claim.platform = platform;
  const pledgeRegistration = r.given("pledgeRegistration");
  if (pledgeRegistration !== undefined) claim.pledgeRegistration = pledgeRegistration;
  const productFilingNo = r.given("productFilingNo");
  if (productFilingNo !== undefined) claim.productFilingNo = productFilingNo;
  if (!r.blank("contractAmount")) {
    claim.contractAmount = r.parsed(
      "contractAmount",
      parseAmount(r.value("contractAmount"), raw.units.contractAmount ?? "yuan"),
      "BAD_AMOUNT",
    );
    if (claim.contractAmount) checkAmount(r, "contractAmount", claim.contractAmount);
  }

  readRecordDate(r, claim, policy);
  if (raw.item === "P1" || raw.item === "P2") readDeal(r, claim, policy);
  if (raw.item === "P3") {
    claim.count = r.parsed("count", parseCount(r.value("count")), "BAD_COUNT") ?? 1;
    checkCount(r, claim.count);
  }
  if (raw.item === "P4") readPledge(r, claim, raw);
  if (r.reasons !== undefined) claim.reasons = r.reasons;
  return claim;
}

/**
 * A name that held characters a person cannot see (zero-width, no-break space, bidi controls) is read without them
 * (POLICY §2 step 4), and the row says so: the clerk sees why two names that look alike are one unit.
 */
function noteUnseen(r: RowReader, given: string, name: string): void {
  const unseen = r.look.unseen(given);
  if (unseen.length > 0) r.add(reason("NAME_NORMALISED", r.ref("claimantName"), { chars: unseen.join("、"), name }));
}

function readKind(r: RowReader, field: FieldId): UnitKind | undefined {
  const given = r.given(field);
  return given === undefined ? undefined : (r.look.kind(given) ?? "other");
}

function readDistrict(r: RowReader, field: FieldId): District | undefined {
  const given = r.given(field);
  return given === undefined ? undefined : r.look.district(given);
}

function readYesNo(r: RowReader, field: FieldId): boolean {
  // Blank means 否 (what parseYesNo says too), and these columns are mostly blank.
  if (r.blank(field)) return false;
  return r.parsed(field, parseYesNo(r.value(field)), "BAD_YES_NO") ?? false;
}

function kindList(kinds: UnitKind[]): { zh: string; en: string } {
  return { zh: kinds.map((k) => KIND_NAMES[k].zh).join("、"), en: kinds.map((k) => KIND_NAMES[k].en).join(", ") };
}

/** A university's IP asset management company counts as that university (§二(二)6 last paragraph). */
function asRecipientKind(kind: UnitKind): UnitKind {
  return kind === "ipAssetCompany" ? "university" : kind;
}

function checkClaimant(r: RowReader, kind: UnitKind, district: District, policy: Policy): void {
  const item = r.item;
  if (DISTRICT_RANK[district] < DISTRICT_RANK[item.recipient.district]) {
    r.error("CLAIMANT_NOT_IN_DISTRICT", "claimantDistrict", { district: policy.district.name, clause: item.clause });
  }
  if (kind === "ipAssetCompany") r.add(reason("IP_ASSET_COMPANY", r.ref("claimantKind")));
  if (!item.recipient.kinds.includes(asRecipientKind(kind))) {
    const want = kindList(item.recipient.kinds);
    r.error("CLAIMANT_KIND", "claimantKind", {
      item: item.id,
      expectedZh: want.zh,
      expectedEn: want.en,
      clause: item.clause,
    });
  }
}

function readRecordDate(r: RowReader, claim: Claim, policy: Policy): void {
  if (r.blank("recordDate")) {
    if (claim.item === "P1" || claim.item === "P2") r.error("NO_RECORD", "recordDate", { clause: r.item.clause });
    else r.missing("recordDate", "备案日期", "the record date");
    return;
  }
  const cell = r.value("recordDate");
  const date = r.parsed(
    "recordDate",
    typeof cell === "string" || typeof cell === "number" ? r.look.date(cell) : parseDate(cell),
    "BAD_DATE",
  );
  if (date === undefined) return;
  claim.recordDate = date;
  const { from, to, clause } = policy.fundPeriod;
  if (date < from || date > to) r.error("OUTSIDE_FUND_PERIOD", "recordDate", { value: date, from, to, clause });
}

/** P1/P2: counterparty, mode, patent numbers and type (§二(一)1–2). */
function readDeal(r: RowReader, claim: Claim, policy: Policy): void {
  const spec = r.item.counterparty!;
  const kind = readKind(r, "counterpartyKind");
  if (kind === undefined) r.missing("counterpartyKind", "交易对方性质", "the counterparty's kind");
  else if (!spec.kinds.includes(asRecipientKind(kind))) {
    const want = kindList(spec.kinds);
    r.error("COUNTERPARTY_KIND", "counterpartyKind", {
      expectedZh: want.zh,
      expectedEn: want.en,
      clause: r.item.clause,
    });
  }
  const district = readDistrict(r, "counterpartyDistrict") ?? "inDistrict";
  if (DISTRICT_RANK[district] < DISTRICT_RANK[spec.district]) {
    const want =
      spec.district === "inDistrict"
        ? { zh: policy.district.name, en: `in ${policy.district.name}` }
        : { zh: `${policy.city.name.replace(/市$/, "")}市内`, en: `in ${policy.city.name}` };
    r.error("COUNTERPARTY_DISTRICT", "counterpartyDistrict", {
      expectedZh: want.zh,
      expectedEn: want.en,
      clause: r.item.clause,
    });
  }
  const counterpartyName = r.given("counterpartyName");
  claim.counterparty = r.look.counterparty(
    counterpartyName === undefined ? undefined : r.look.name(counterpartyName),
    kind,
    district,
  );

  const mode = r.given("mode");
  if (mode === undefined) r.missing("mode", "转化方式", "the mode (transfer, licence, …)");
  else {
    claim.mode = r.look.mode(mode);
    if (!claim.mode) r.error("UNKNOWN_MODE", "mode");
  }

  const numbers = splitPatentNumbers(r.value("patentNumber"));
  if (numbers.length === 0) r.missing("patentNumber", "专利号", "the patent number");
  // The type the numbers give (POLICY §1 "Patent type comes from the patent number"), and whether they disagree.
  let fromNumber: PatentType | undefined;
  let mixed: PatentType[] | undefined;
  // Made for a row that has a valid number, of its length (docs/PERFORMANCE.md, claim.ts).
  let valid: string[] | undefined;
  for (const n of numbers) {
    const checked = checkPatentNumber(n);
    if (checked.ok) {
      if (valid === undefined) valid = numbers.length === 1 ? [checked.normalised] : [];
      if (numbers.length > 1) valid.push(checked.normalised);
      if (fromNumber === undefined) fromNumber = checked.type;
      else if (checked.type !== fromNumber) {
        mixed ??= [fromNumber];
        if (!mixed.includes(checked.type)) mixed.push(checked.type);
      }
    } else if (checked.problem === "check") {
      r.error("PATENT_CHECK_MISMATCH", "patentNumber", { value: n, check: checked.expectedCheck ?? "" });
    } else {
      r.error("BAD_PATENT_NUMBER", "patentNumber", {
        value: n,
        expectedZh: checked.expected.zh,
        expectedEn: checked.expected.en,
      });
    }
  }
  if (valid !== undefined) claim.patentNumbers = numbers.length === 1 ? valid : valid.slice();
  if (mixed) {
    r.error("PATENT_TYPES_MIXED", "patentNumber", { types: mixed.map((t) => TYPE_NAMES[t].zh).join("、") });
    fromNumber = undefined;
  }
  claim.patentType = fromNumber;
  const statedType = r.given("patentType");
  if (statedType !== undefined) {
    const stated = r.look.patentType(statedType);
    if (!stated) r.error("UNKNOWN_PATENT_TYPE", "patentType");
    else if (fromNumber && stated !== fromNumber) {
      r.error("PATENT_TYPE_MISMATCH", "patentType", {
        stated: r.text("patentType"),
        value: claim.patentNumbers[0],
        actualZh: TYPE_NAMES[fromNumber].zh,
        actualEn: TYPE_NAMES[fromNumber].en,
      });
    } else claim.patentType = stated;
  }

  const listed = numbers.length;
  if (r.blank("count")) claim.count = Math.max(1, listed);
  else {
    const count = r.parsed("count", parseCount(r.value("count")), "BAD_COUNT");
    if (count !== undefined) {
      claim.count = count;
      if (listed > 0 && count !== listed) r.error("PATENT_COUNT_MISMATCH", "count", { count, listed });
      else checkCount(r, count);
    }
  }
}

/** P4: the pledge financing amount, in 元 or 万元 by its header (§二(一)4). */
function readPledge(r: RowReader, claim: Claim, raw: RawClaim): void {
  if (r.blank("pledgeAmount")) {
    r.missing("pledgeAmount", "质押融资金额", "the pledge financing amount");
    return;
  }
  const cell = r.value("pledgeAmount");
  // What parseAmount reads from the unit (only 万元 differs).
  const unit: AmountUnit = raw.units.pledgeAmount === "wan" ? "wan" : "yuan";
  const parsed = typeof cell === "number" ? r.look.pledgeAmount[unit](cell) : compactAmount(parseAmount(cell, unit));
  const amount = r.parsed("pledgeAmount", parsed, "BAD_AMOUNT");
  if (amount === undefined) return;
  if (amount.isZero()) {
    r.error("BAD_AMOUNT", "pledgeAmount", {
      expectedZh: "大于 0 的融资金额",
      expectedEn: "a financing amount above 0",
    });
    return;
  }
  claim.pledgeAmount = amount;
  checkAmount(r, "pledgeAmount", amount);
}

/**
 * A count or an amount past the item's plausible limit (policy `plausible`) is held until a person checks it: paid
 * up to the cap, 1e15 patents or 1e20 万元 of financing would take the unit's whole cap, or the item's budget.
 */
function checkCount(r: RowReader, count: number): void {
  const { maxCount, clause } = r.item.plausible;
  if (count > maxCount) implausible(r, "count", new Money(count), new Money(maxCount), "", clause);
}

function checkAmount(r: RowReader, field: "contractAmount" | "pledgeAmount", amount: Decimal): void {
  const { maxAmount, clause } = r.item.plausible;
  if (amount.greaterThan(maxAmount)) implausible(r, field, amount, maxAmount, " 元", clause);
}

function implausible(r: RowReader, field: FieldId, value: Decimal, limit: Decimal, unit: string, clause: string): void {
  // Only a mapped column has a value to check: its header names it.
  const header = r.ref(field).header!;
  r.error("IMPLAUSIBLE_VALUE", field, {
    field: header,
    shown: `${groupThousands(value)}${unit}`,
    limit: `${groupThousands(limit)}${unit}`,
    clause,
  });
}
