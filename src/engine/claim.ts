/**
 * One ledger row → a `Claim`: each cell parsed, each eligibility condition of the notice checked
 * (POLICY §2 step 1), every problem a reason naming sheet, row and column.
 */
import Decimal from "decimal.js";
import { performanceItem, type PerformanceItem, type Policy } from "../policy/policy";
import type {
  AmountUnit,
  CellRef,
  CellValue,
  Claim,
  District,
  FieldId,
  PatentType,
  RawClaim,
  Reason,
  UnitKind,
} from "./types";
import {
  isBlank,
  isErrorValue,
  isNormalName,
  normaliseName,
  parseAmount,
  parseBatch,
  parseCount,
  parseDate,
  parseYesNo,
  type Parsed,
} from "./values";
import { checkPatentNumber, splitPatentNumbers } from "./patentNumber";
import { checkCreditCode } from "./creditCode";
import {
  classifyDistrict,
  classifyKind,
  classifyMode,
  classifyPatentType,
  codeKey,
  parseRecipientIdentity,
} from "./classify";
import { reason } from "./reasons";

const KIND_NAMES: Record<UnitKind, { zh: string; en: string }> = {
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

/** Ledgers repeat the same few words in a column: classify each distinct text once. */
function memo<K, T>(classify: (text: K) => T, limit = 10_000): (text: K) => T {
  const cache = new Map<K, T>();
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined || cache.has(text)) return known as T;
    const value = classify(text);
    if (cache.size < limit) cache.set(text, value);
    return value;
  };
}

const kindOf = memo(classifyKind);
// A unit's code recurs on all its rows: one look-up per row finds both its check and its key.
const codeFactsOf = memo((code: string) => ({ checked: checkCreditCode(code), key: codeKey(code) }), 100_000);
// Names recur as often as units, and a large ledger has more units than words: bounded like the credit codes.
const normalisedNameOf = memo(normaliseName, 100_000);

/** Most names are already in normal form: they are kept as they are, without a look-up in a large map. */
function nameOf(name: string): string {
  return isNormalName(name) ? name : normalisedNameOf(name);
}
const dateOf = memo((cell: string | number) => parseDate(cell));
const modeOf = memo(classifyMode);
const patentTypeOf = memo(classifyPatentType);
const districtsOf = new WeakMap<Policy, (text: string) => District | undefined>();

function districtOf(text: string, policy: Policy): District | undefined {
  let classify = districtsOf.get(policy);
  if (!classify) {
    classify = memo((t: string) => classifyDistrict(t, policy));
    districtsOf.set(policy, classify);
  }
  return classify(text);
}

const DISTRICT_RANK: Record<District, number> = { inDistrict: 2, inCity: 1, outside: 0 };

function text(v: CellValue): string {
  return v === null || v === undefined || isBlank(v) ? "" : givenText(v);
}

/** The text of a cell known not to be blank. */
function givenText(v: string | number | boolean | Date): string {
  return typeof v === "string" ? v.trim() : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

/** Reads one row, collecting reasons as it goes. */
class RowReader {
  readonly reasons: Reason[] = [];
  /** Fields already refused as a whole (an error value, a merged cell): read as blank, not refused again. */
  private readonly refused = new Set<FieldId>();

  constructor(
    private readonly raw: RawClaim,
    readonly item: PerformanceItem,
  ) {
    for (const field in raw.values) {
      const v = raw.values[field as FieldId];
      if (!isErrorValue(v)) continue;
      const header = raw.columns[field as FieldId]?.header ?? field;
      this.error("ERROR_VALUE", field as FieldId, { value: v.trim(), field: header, fieldEn: header });
      this.refused.add(field as FieldId);
    }
    for (const field in raw.merged ?? {}) {
      const merged = raw.merged![field as FieldId]!;
      if (this.refused.has(field as FieldId)) continue;
      const header = raw.columns[field as FieldId]?.header ?? field;
      this.error("MERGED_CELL", field as FieldId, {
        field: header,
        fieldEn: header,
        rows: merged.rows,
        range: merged.range,
      });
      this.refused.add(field as FieldId);
    }
  }

  ref(field?: FieldId): CellRef {
    const col = field ? this.raw.columns[field] : undefined;
    return { sheet: this.raw.sheet, row: this.raw.row, column: col?.column, header: col?.header };
  }

  value(field: FieldId): CellValue {
    return this.refused.size > 0 && this.refused.has(field) ? undefined : this.raw.values[field];
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
    this.reasons.push(reason(code, this.ref(field), { value: field ? this.text(field) : "", ...params }));
  }

  missing(field: FieldId, zh: string, en: string): void {
    if (this.refused.has(field)) return;
    const header = this.raw.columns[field]?.header ?? zh;
    this.error("MISSING_VALUE", field, { field: header, expectedZh: "此项必填", expectedEn: `${en} is required` });
  }
}

/** Parses and checks one row against its item's conditions (§二(一)1–4, §四(三)–(五)). */
export function parseClaim(raw: RawClaim, policy: Policy): Claim {
  const item = performanceItem(policy, raw.item);
  const r = new RowReader(raw, item);

  const name = r.text("claimantName");
  if (!name) r.missing("claimantName", "申报单位", "the claimant's name");
  const code = r.given("claimantCode");
  const facts = code === undefined ? undefined : codeFactsOf(code);
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

  const claimant = {
    name: nameOf(name),
    code,
    kind: readKind(r, "claimantKind") ?? item.recipient.kinds[0],
    district: readDistrict(r, "claimantDistrict", policy) ?? "inDistrict",
    key: facts?.key ?? parseRecipientIdentity(name),
  };
  checkClaimant(r, claimant.kind, claimant.district, policy);

  const claim: Claim = {
    ref: r.ref(),
    identityRef: r.ref(raw.columns.claimantCode ? "claimantCode" : "claimantName"),
    item: raw.item,
    rowId: r.given("rowId"),
    claimant,
    patentNumbers: [],
    count: 1,
    otherFiscalSupport: readYesNo(r, "otherFiscalSupport"),
    barred: readYesNo(r, "barred"),
    reasons: r.reasons,
  };
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
  }

  readRecordDate(r, claim, policy);
  if (raw.item === "P1" || raw.item === "P2") readDeal(r, claim, policy);
  if (raw.item === "P3") claim.count = r.parsed("count", parseCount(r.value("count")), "BAD_COUNT") ?? 1;
  if (raw.item === "P4") readPledge(r, claim, raw);
  return claim;
}

function readKind(r: RowReader, field: FieldId): UnitKind | undefined {
  const given = r.given(field);
  return given === undefined ? undefined : (kindOf(given) ?? "other");
}

function readDistrict(r: RowReader, field: FieldId, policy: Policy): District | undefined {
  const given = r.given(field);
  return given === undefined ? undefined : districtOf(given, policy);
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
  if (kind === "ipAssetCompany") r.reasons.push(reason("IP_ASSET_COMPANY", r.ref("claimantKind")));
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
    typeof cell === "string" || typeof cell === "number" ? dateOf(cell) : parseDate(cell),
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
  const district = readDistrict(r, "counterpartyDistrict", policy) ?? "inDistrict";
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
  claim.counterparty = {
    name: counterpartyName === undefined ? undefined : nameOf(counterpartyName),
    kind,
    district,
  };

  const mode = r.given("mode");
  if (mode === undefined) r.missing("mode", "转化方式", "the mode (transfer, licence, …)");
  else {
    claim.mode = modeOf(mode);
    if (!claim.mode) r.error("UNKNOWN_MODE", "mode");
  }

  const numbers = splitPatentNumbers(r.value("patentNumber"));
  if (numbers.length === 0) r.missing("patentNumber", "专利号", "the patent number");
  // The type the numbers give, and whether they disagree: no set per row for the one or two numbers a cell holds.
  let fromNumber: PatentType | undefined;
  let mixed: PatentType[] | undefined;
  const valid: string[] = [];
  for (const n of numbers) {
    const checked = checkPatentNumber(n);
    if (checked.ok) {
      valid.push(checked.normalised);
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
  // Copied to its length: an array pushed to keeps room for 16 more, and a claim lives as long as the run.
  if (valid.length > 0) claim.patentNumbers = valid.slice();
  if (mixed) {
    r.error("PATENT_TYPES_MIXED", "patentNumber", { types: mixed.map((t) => TYPE_NAMES[t].zh).join("、") });
    fromNumber = undefined;
  }
  claim.patentType = fromNumber;
  const statedType = r.given("patentType");
  if (statedType !== undefined) {
    const stated = patentTypeOf(statedType);
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
  // What parseAmount reads from the unit (only 万元 differs), as a key of the amounts below.
  const unit: AmountUnit = raw.units.pledgeAmount === "wan" ? "wan" : "yuan";
  if (typeof cell === "number") {
    // Financing amounts recur: each number in a column's unit is parsed once, and rows share its Decimal.
    const known = pledgeAmounts[unit].get(cell);
    if (known !== undefined) {
      claim.pledgeAmount = known;
      return;
    }
  }
  const amount = r.parsed("pledgeAmount", parseAmount(cell, unit), "BAD_AMOUNT");
  if (amount === undefined) return;
  if (amount.isZero()) {
    r.error("BAD_AMOUNT", "pledgeAmount", {
      expectedZh: "大于 0 的融资金额",
      expectedEn: "a financing amount above 0",
    });
    return;
  }
  claim.pledgeAmount = new Decimal(amount);
  if (typeof cell === "number" && pledgeAmounts[unit].size < 10_000) pledgeAmounts[unit].set(cell, claim.pledgeAmount);
}

/** Valid, non-zero financing amounts by the number in the cell, per column unit (a Decimal is never mutated). */
const pledgeAmounts: Record<AmountUnit, Map<number, Decimal>> = { yuan: new Map(), wan: new Map() };
