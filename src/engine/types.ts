/**
 * The engine's vocabulary: what a ledger row says, what the policy decides about it, and what a
 * balance run returns. No Office, no file system: every adapter speaks these types.
 */
import type Decimal from "decimal.js";

/** A cell as the adapters hand it over: Excel values, dates as serial numbers or `Date`. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** Performance-award items paid from the ledger (专利转化绩效奖补, §二(一)). */
export type PerformanceItemId = "P1" | "P2" | "P3" | "P4";
/** Support projects (专利转化支持项目, §二(二)): funded by plan, not from the ledger. */
export type SupportItemId = "P5" | "P6" | "P7" | "P8";
export type ItemId = PerformanceItemId | SupportItemId;
export const PERFORMANCE_ITEMS: readonly PerformanceItemId[] = ["P1", "P2", "P3", "P4"];
export const SUPPORT_ITEMS: readonly SupportItemId[] = ["P5", "P6", "P7", "P8"];
export const ALL_ITEMS: readonly ItemId[] = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"];

export type PatentType = "invention" | "utility" | "design";
/** 转化方式. 作价入股 is recorded as a transfer (§二(一)2) but kept apart for the explanation. */
export type Mode = "transfer" | "licence" | "openLicence" | "capitalContribution";
/** 单位性质. `ipAssetCompany` is a university's IP asset management company, counted as it (§二(二)6). */
export type UnitKind = "university" | "institute" | "soe" | "sme" | "large" | "ipAssetCompany" | "other";
export type District = "inDistrict" | "inCity" | "outside";
export type Rounding = "fen" | "yuan";
export type Lang = "zh" | "en";

/** Ledger fields of LEDGER.md, by the names the engine uses. */
export type FieldId =
  | "rowId"
  | "item"
  | "claimantName"
  | "claimantCode"
  | "claimantKind"
  | "claimantDistrict"
  | "counterpartyName"
  | "counterpartyKind"
  | "counterpartyDistrict"
  | "patentNumber"
  | "patentType"
  | "mode"
  | "recordDate"
  | "count"
  | "platform"
  | "contractAmount"
  | "pledgeAmount"
  | "pledgeRegistration"
  | "productFilingNo"
  | "productName"
  | "otherFiscalSupport"
  | "batch"
  | "barred";

/** Where a value came from, so every reason can name sheet, row and column. */
export interface CellRef {
  sheet: string;
  /** 1-based Excel row. */
  row: number;
  /** Column letter (`A`, `AB`), when the reason is about one cell. */
  column?: string;
  /** The column's header as the user wrote it. */
  header?: string;
}

/** Money unit of an amount column, from its header: `融资金额（万元）` → `wan`. */
export type AmountUnit = "yuan" | "wan";

/**
 * One ledger row as read from a sheet, before any parsing: raw cells by field.
 * Produced by `src/ledger` (and by the Excel adapter through it); parsed by `parseClaim`.
 */
export interface RawClaim {
  sheet: string;
  row: number;
  item: PerformanceItemId;
  values: Partial<Record<FieldId, CellValue>>;
  /** Column letter and header of each mapped field. */
  columns: Partial<Record<FieldId, { column: string; header: string }>>;
  /** Unit of amount fields, from the header (default 元). */
  units: Partial<Record<"contractAmount" | "pledgeAmount", AmountUnit>>;
  /** Fields whose cell is merged over several rows, with the merged range (`E5:E7`). */
  merged?: Partial<Record<FieldId, { range: string; rows: number }>>;
}

/** A text in both languages. */
export type Bilingual = Readonly<{ zh: string; en: string }>;

/**
 * A reason: stable code, messages in both languages, where it applies. Read-only: one reason's message (a
 * unit's cap, an item's pro rata) is shared by every row it stands on.
 */
export interface Reason {
  readonly code: ReasonCode;
  /** `error` stops payment; `note` explains (cap applied, paid as licence, scaled). */
  readonly severity: "error" | "note";
  /** The whole reason, naming sheet, row and column: for lists away from the ledger (pane, JSON, messages). */
  readonly zh: string;
  readonly en: string;
  /** The reason alone, for places that show sheet, row and column on their own. */
  readonly message: Bilingual;
  readonly ref: Readonly<CellRef>;
  /**
   * The other row the reason is about, to go to: the row a duplicate's patent was kept on (DUPLICATE,
   * DUPLICATE_PARTIAL), the earlier payout that paid it (PAID_BEFORE, PAID_BEFORE_PARTIAL).
   */
  readonly related?: Readonly<CellRef>;
}

export type ReasonCode =
  | "MISSING_VALUE"
  | "BAD_AMOUNT"
  | "BAD_DATE"
  | "BAD_COUNT"
  | "BAD_YES_NO"
  | "BAD_BATCH"
  | "BAD_PATENT_NUMBER"
  | "PATENT_CHECK_MISMATCH"
  | "PATENT_TYPE_MISMATCH"
  | "PATENT_TYPES_MIXED"
  | "PATENT_COUNT_MISMATCH"
  | "UNKNOWN_PATENT_TYPE"
  | "UNKNOWN_MODE"
  | "MODE_NOT_PAID"
  | "BAD_CREDIT_CODE"
  | "CLAIMANT_NOT_IN_DISTRICT"
  | "CLAIMANT_KIND"
  | "COUNTERPARTY_KIND"
  | "COUNTERPARTY_DISTRICT"
  | "NO_RECORD"
  | "OUTSIDE_FUND_PERIOD"
  | "OTHER_FISCAL_SUPPORT"
  | "BARRED"
  | "DUPLICATE"
  | "DUPLICATE_PARTIAL"
  | "PAID_BEFORE"
  | "PAID_BEFORE_PARTIAL"
  | "OPEN_LICENCE_PLATFORM"
  | "CAPITAL_CONTRIBUTION"
  | "IP_ASSET_COMPANY"
  | "CAP_APPLIED"
  | "CAP_EXHAUSTED"
  | "BUDGET_USED_UP"
  | "ROUNDED_TO_NOTHING"
  | "PRO_RATA"
  | "ERROR_VALUE"
  | "MERGED_CELL"
  | "NAME_TWO_CODES"
  | "NAME_NORMALISED"
  | "IMPLAUSIBLE_VALUE";

/** A row parsed and checked: what the policy sees. */
export interface Claim {
  ref: CellRef;
  /** The cell that says who the claimant is: its code, else its name. */
  identityRef: CellRef;
  item: PerformanceItemId;
  rowId?: string;
  claimant: { name: string; code?: string; kind: UnitKind; district: District; key: string };
  counterparty?: { name?: string; kind?: UnitKind; district: District };
  patentNumbers: readonly string[];
  patentType?: PatentType;
  mode?: Mode;
  /** ISO date `YYYY-MM-DD`. */
  recordDate?: string;
  count: number;
  platform?: string;
  contractAmount?: Decimal;
  pledgeAmount?: Decimal;
  pledgeRegistration?: string;
  productFilingNo?: string;
  otherFiscalSupport: boolean;
  barred: boolean;
  batch?: number;
  /** Errors found while parsing and checking eligibility; any error means payout 0. Added to by `addReasons`. */
  reasons: readonly Reason[];
}

/** What an earlier batch paid (已兑付): lowers the cap left, the budget left, and marks patents paid. */
export interface PriorPayout {
  item: PerformanceItemId;
  claimantName: string;
  claimantCode?: string;
  /** 元, exact. */
  amount: Decimal;
  /** What it paid for, keyed as claims are for 从高不重复 (dedupe.ts `claimedKeys`). */
  claimed: string[];
  ref?: CellRef;
  /** The ledger row it paid, when it was read from a list that says so (累计已兑付's 来源). */
  origin?: CellRef;
  /** The batch that paid it, when its source says (累计已兑付's 批次, a result's own rows); 0 = before any batch. */
  batch?: number;
  /**
   * What happened after publicity (LEDGER.md "A result as earlier payouts"): a payout removed on objection,
   * whose payment failed or that was clawed back is not counted as paid; a clawed-back unit is barred (§四(四)).
   */
  mark?: PayoutMark;
  /** The clerk's reason and date for the mark, as written. */
  markNote?: string;
}

export type PayoutMark = "revoked" | "unpaid" | "clawedBack";

/** Money moved between items in earlier batches (from an earlier run's 汇总 sheet). */
export interface PriorMoves {
  received: Partial<Record<ItemId, Decimal>>;
  released: Partial<Record<ItemId, Decimal>>;
}

export interface BalanceOptions {
  /** Move unspent money to over-subscribed items (§四(三)); default from the policy (on). */
  reallocate?: boolean;
  /** `shortfall`: in proportion to unmet demand; `priority`: in the order given. */
  reallocationRule?: "shortfall" | "priority";
  priority?: ItemId[];
  rounding?: Rounding;
  /** Which batch this run pays (1 or 2), for notes and the run record. */
  batch?: number;
  priorPayouts?: PriorPayout[];
  priorMoves?: PriorMoves;
  /** Units whose award was clawed back in an earlier batch: barred from later claims (§四(四)). */
  barredUnits?: { name: string; code?: string }[];
  /** What the P5–P8 funding plan commits, per item (元); unspent support money can be moved. */
  supportCommitted?: Partial<Record<SupportItemId, Decimal>>;
  /** Inputs for K5 and K10 that a ledger does not hold. */
  universityValidPatents?: number;
  survey?: { satisfied: number; answered: number };
}

/**
 * `held`: not paid until a person decides (an ambiguous identity, an implausible value); never silently dropped.
 * `zero`: eligible and counted, but this batch pays it 0.00 — its unit's cap used up before, its item's money used
 * up, or its share rounded to nothing — so it is no payout (issue 16 "Status follows money").
 */
export type RowStatus = "paid" | "zero" | "rejected" | "duplicate" | "held";

/*
 * What `balance` returns is read-only, all the way down: rows share their explanation, their reasons and the
 * Decimals of their amounts with other rows, and units and items share theirs with the totals, so a change
 * made through one would show in others. An adapter that wants another shape builds its own.
 */

export interface RowResult {
  readonly ref: Readonly<CellRef>;
  readonly item: PerformanceItemId;
  readonly claimant: string;
  readonly claimantKey: string;
  readonly status: RowStatus;
  /** Base award: rate × count, or 0.2% × amount (exact). */
  readonly award: Decimal;
  /** After the per-unit cap, before pro rata (exact). */
  readonly capped: Decimal;
  /** True when the per-unit cap cut this row's unit. */
  readonly capApplied: boolean;
  /** Item factor applied (1 when the item is within budget). */
  readonly factor: Decimal;
  /** Rounded payout, 元 to the fen (or whole 元). */
  readonly payout: Decimal;
  readonly reasons: readonly Reason[];
  /** The rule, clause, inputs and value, for the explanation column. */
  readonly explanation: Explanation;
}

export interface Explanation {
  readonly rule: string;
  readonly clause: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly steps: readonly Bilingual[];
}

export interface UnitResult {
  readonly item: PerformanceItemId;
  readonly key: string;
  readonly name: string;
  readonly code?: string;
  readonly rows: number;
  readonly prior: Decimal;
  readonly capLeft: Decimal;
  readonly demand: Decimal;
  readonly capped: Decimal;
  readonly payout: Decimal;
}

export interface ItemResult {
  readonly id: ItemId;
  readonly name: string;
  readonly budget: Decimal;
  /** Paid in earlier batches. */
  readonly prior: Decimal;
  /** Moved in / out in earlier batches. */
  readonly priorReceived: Decimal;
  readonly priorReleased: Decimal;
  /** Capped demand of this run. */
  readonly demand: Decimal;
  /** Moved in / out by this run. */
  readonly received: Decimal;
  readonly released: Decimal;
  /** What this run may pay: budget − prior + priorReceived − priorReleased + received − released. */
  readonly available: Decimal;
  readonly paid: Decimal;
  /** available ÷ demand when demand exceeds it, else 1. */
  readonly factor: Decimal;
}

export interface Move {
  readonly from: ItemId;
  readonly to: ItemId;
  readonly amount: Decimal;
}

export interface KpiResult {
  readonly id: string;
  readonly name: string;
  /** null when an input it needs was not given. */
  readonly actual: Decimal | null;
  readonly target: Decimal;
  readonly unit: string;
  readonly met: boolean | null;
  readonly clause: string;
  /** What the figure counts, for the 目标进度 sheet. */
  readonly basis: Bilingual;
}

export interface BalanceResult {
  readonly policy: Readonly<{ id: string; version: string; notice: string }>;
  readonly options: Readonly<
    Required<Pick<BalanceOptions, "reallocate" | "reallocationRule" | "rounding">> & {
      batch?: number;
      priority: readonly ItemId[];
    }
  >;
  readonly rows: readonly RowResult[];
  readonly units: readonly UnitResult[];
  readonly items: readonly ItemResult[];
  readonly moves: readonly Move[];
  readonly kpis: readonly KpiResult[];
  /**
   * The batch's totals, defined once (POLICY §2 step 8): `awards` adds up P1–P4 (what this batch pays from the
   * ledger, the figure of 公示名单); `support` adds up the P5–P8 funding plan, always shown beside it, never in it.
   */
  readonly totals: Readonly<{ awards: ItemTotals; support?: ItemTotals }>;
  /** Run-level notes (e.g. batch-1 reallocation warning). */
  readonly notes: readonly Bilingual[];
}

export type ItemTotals = Pick<
  ItemResult,
  "budget" | "prior" | "priorReceived" | "priorReleased" | "demand" | "received" | "released" | "available" | "paid"
>;
