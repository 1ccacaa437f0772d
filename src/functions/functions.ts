/**
 * Excel custom functions (namespace PATENT): thin wrappers over the engine and the policy file, so a
 * formula in a cell and the balancer never disagree. Each function only translates Excel values to
 * engine values and back (./excel-values); the webpack CustomFunctionsMetadataPlugin reads the JSDoc
 * below, writes functions.json and adds the `CustomFunctions.associate` calls.
 * Chinese names and descriptions: ./functions.zh-cn.json.
 */
import { capToUnit, fixedAward, pledgeAward, rateFor, roundMoney, type RateMode } from "../engine/award";
import { proRata } from "../engine/apportion";
import { checkCreditCode } from "../engine/creditCode";
import { checkPatentNumber } from "../engine/patentNumber";
import { publicityEnd } from "../engine/publicity";
import { ALL_ITEMS, PERFORMANCE_ITEMS, type PatentType, type PerformanceItemId } from "../engine/types";
import { defaultPolicy, performanceItem } from "../policy";
import {
  LABELS,
  excelCall,
  isOmitted,
  isoToSerial,
  refused,
  toAmountUnit,
  toClaims,
  toCellNumber,
  toCount,
  toIsoDate,
  toItem,
  toPatentType,
  toRateMode,
  toRounding,
  toTarget,
  toWorkingDays,
  toYuan,
  toYuanOrZero,
} from "./excel-values";

const policy = defaultPolicy();

/** The items the policy pays a mode in (transfers and licences: P1, P2, §二(一)1–2). */
function itemsPaying(mode: RateMode): PerformanceItemId[] {
  return PERFORMANCE_ITEMS.filter((id) => performanceItem(policy, id).rates.some((r) => r.mode === mode));
}

function fixedRateAward(item: PerformanceItemId, mode: RateMode, count: number, type?: PatentType, platform?: string) {
  return toCellNumber(fixedAward(rateFor(policy, item, mode, type, platform).rate, count));
}

/**
 * Transfer award (转让奖补) in 元: the item's rate for the patent type × the number of patents, before the per-unit cap
 * (§二(一)1–2). 作价入股 is paid the same. Example: =PATENT.AWARD_TRANSFER("发明", 3, "P2")
 * @customfunction AWARD_TRANSFER
 * @param type Patent type: 发明, 实用新型 or 外观设计 (or invention, utility, design). Example: "发明"
 * @param count Number of patents transferred (件), a whole number ≥ 1; a blank cell is an error. Example: 3
 * @param [item] P1 (university, institute or SOE transferring out) or P2 (SME receiving); default P1. Example: "P2"
 * @returns Award in 元 (yuan), before the per-unit cap.
 */
export function awardTransfer(type: string, count: number | string | null, item?: string): number {
  return excelCall(() =>
    fixedRateAward(toItem(item, itemsPaying("transfer"), "P1"), "transfer", toCount(count), toPatentType(type)),
  );
}

/**
 * Recorded licence award (许可备案奖补) in 元: the item's licence rate × the number of patents, before the per-unit cap
 * (§二(一)1–2). Example: =PATENT.AWARD_LICENSE(2)
 * @customfunction AWARD_LICENSE
 * @param count Number of patents licensed (件), a whole number ≥ 1; a blank cell is an error. Example: 2
 * @param [item] P1 (licensor) or P2 (licensee SME); default P1. Example: "P1"
 * @returns Award in 元 (yuan), before the per-unit cap.
 */
export function awardLicense(count: number | string | null, item?: string): number {
  return excelCall(() => fixedRateAward(toItem(item, itemsPaying("licence"), "P1"), "licence", toCount(count)));
}

/**
 * Open licence award (开放许可奖补, P1) in 元 × the number of patents, before the per-unit cap (§二(一)1). Only the two
 * platforms the notice names earn the open-licence rate; another platform, or none given, is paid as a recorded
 * licence, as the balancer pays it. Example: =PATENT.AWARD_OPEN_LICENSE(1, "重庆知识产权运营中心")
 * @customfunction AWARD_OPEN_LICENSE
 * @param count Number of patents (件), a whole number ≥ 1; a blank cell is an error. Example: 1
 * @param [platform] Platform the open licence went through (开放许可平台). Example: "重庆知识产权运营中心"
 * @returns Award in 元 (yuan), before the per-unit cap.
 */
export function awardOpenLicense(count: number | string | null, platform?: string): number {
  return excelCall(() =>
    fixedRateAward("P1", "openLicence", toCount(count), undefined, isOmitted(platform) ? undefined : platform),
  );
}

/**
 * Patent product filing award (专利产品备案奖补, P3) in 元: rate × number of filings, before the per-unit cap
 * (§二(一)3). Example: =PATENT.PRODUCT_FILING_AWARD(4)
 * @customfunction PRODUCT_FILING_AWARD
 * @param count Number of product filings (件), a whole number ≥ 1; a blank cell is an error. Example: 4
 * @returns Award in 元 (yuan), before the per-unit cap.
 */
export function productFilingAward(count: number | string | null): number {
  return excelCall(() => fixedRateAward("P3", "productFiling", toCount(count)));
}

/**
 * Pledge financing award (专利质押融资奖补, P4) in 元: the policy's share of the amount rounded to the fen, capped at
 * what is left of the enterprise's per-unit cap in whole steps of the rounding, as the balancer caps it (§二(一)4).
 * Example: =PATENT.PLEDGE_AWARD(1234.5678, "万元")
 * @customfunction PLEDGE_AWARD
 * @param amount Pledge financing amount, a number or text such as 1,234.5 or 12.3万; a blank cell is an error.
 * Example: 5000
 * @param [unit] Unit of a plain number: 元 (default) or 万元. Example: "万元"
 * @param [paid_before] What earlier batches already paid this enterprise under P4, in 元; default 0. Example: 150000
 * @param [round] Rounding of payouts: 分 (0.01, default) or 元 (1). Example: "元"
 * @returns Award in 元 (yuan), after the per-unit cap.
 */
export function pledgeAwardCapped(
  amount: number | string | null,
  unit?: string,
  paid_before?: number | string | null,
  round?: string,
): number {
  return excelCall(() => {
    const rounding = toRounding(round, policy);
    const award = pledgeAward(policy, toYuan(amount, LABELS.amount, toAmountUnit(unit)));
    const capped = capToUnit(policy, "P4", award, toYuanOrZero(paid_before, LABELS.paidBefore), rounding);
    return toCellNumber(roundMoney(capped, rounding));
  });
}

/**
 * An award after the item's per-unit cap (同一单位奖补金额不超过…, §二(一)1–4): the smaller of the award and what is
 * left of the cap after earlier batches, in whole steps of the rounding — the balancer's cap to the fen.
 * Example: =PATENT.UNIT_CAP("P1", 60000)
 * @customfunction UNIT_CAP
 * @param item Award item P1, P2, P3 or P4. Example: "P1"
 * @param award The unit's total award in this item before the cap, in 元. Example: 60000
 * @param [paid_before] What earlier batches already paid this unit under the item, in 元; default 0. Example: 10000
 * @param [round] Rounding of payouts: 分 (0.01, default) or 元 (1). Example: "元"
 * @returns Award in 元 (yuan), at most the cap left.
 */
export function unitCap(
  item: string,
  award: number | string | null,
  paid_before?: number | string | null,
  round?: string,
): number {
  return excelCall(() =>
    toCellNumber(
      capToUnit(
        policy,
        toItem(item, PERFORMANCE_ITEMS),
        toYuan(award, LABELS.award),
        toYuanOrZero(paid_before, LABELS.paidBefore),
        toRounding(round, policy),
      ),
    ),
  );
}

/**
 * The policy's rate for an item and a mode: 元 per patent or filing, or for P4 the share of the financing amount
 * as a fraction (format the cell as %). An open licence is given at the named platforms' rate.
 * Named AWARD_RATE: RATE is a built-in Excel function, and Microsoft advises against reusing built-in names.
 * Example: =PATENT.AWARD_RATE("P2", "作价入股", "实用新型")
 * @customfunction AWARD_RATE
 * @param item Award item P1, P2, P3 or P4. Example: "P1"
 * @param mode 转让, 许可, 开放许可, 作价入股, 产品备案 or 质押 (or transfer, licence, open licence, pledge). Example: "转让"
 * @param [type] Patent type, needed for transfers: 发明, 实用新型 or 外观设计. Example: "发明"
 * @returns 元 (yuan) per patent or filing; for P4 a fraction of the amount.
 */
export function awardRate(item: string, mode: string, type?: string): number {
  return excelCall(() => {
    const id = toItem(item, PERFORMANCE_ITEMS);
    const rateMode = toRateMode(mode);
    const patentType = isOmitted(type) ? undefined : toPatentType(type);
    // The open-licence rate is the one earned through a named platform (§二(一)1).
    const platform = rateMode === "openLicence" ? policy.openLicencePlatforms.names[0] : undefined;
    const chosen = rateFor(policy, id, rateMode, patentType, platform).rate;
    return toCellNumber(chosen.yuan ?? chosen.percentOfAmount!.dividedBy(100));
  });
}

/**
 * The first name of =PATENT.AWARD_RATE, kept under its first id so that workbooks and templates written with
 * =PATENT.RATE still compute; the same function, new workbooks should use AWARD_RATE.
 * Example: =PATENT.RATE("P2", "作价入股", "实用新型")
 * @customfunction RATE
 * @param item Award item P1, P2, P3 or P4. Example: "P1"
 * @param mode 转让, 许可, 开放许可, 作价入股, 产品备案 or 质押 (or transfer, licence, open licence, pledge). Example: "转让"
 * @param [type] Patent type, needed for transfers: 发明, 实用新型 or 外观设计. Example: "发明"
 * @returns 元 (yuan) per patent or filing; for P4 a fraction of the amount.
 */
export function awardRateFormerName(item: string, mode: string, type?: string): number {
  return awardRate(item, mode, type);
}

/**
 * The item's budget (预算) in 元, P1–P8, as the policy file sets it (§二). Example: =PATENT.BUDGET("P2")
 * @customfunction BUDGET
 * @param item Item P1 … P8. Example: "P2"
 * @returns Budget in 元 (yuan).
 */
export function itemBudget(item: string): number {
  return excelCall(() => {
    const id = toItem(item, ALL_ITEMS);
    return toCellNumber(policy.items.find((i) => i.id === id)!.budget);
  });
}

/**
 * The per-unit cap (单位奖补上限) in 元 of an item: P1–P4, and P6, P7 for the support projects (§二).
 * Example: =PATENT.CAP("P4")
 * @customfunction CAP
 * @param item Item P1, P2, P3, P4, P6 or P7. Example: "P4"
 * @returns Cap in 元 (yuan) per unit.
 */
export function itemCap(item: string): number {
  return excelCall(() => {
    const withCap = policy.items.filter((i) => i.perUnitCap !== undefined).map((i) => i.id);
    const id = toItem(item, withCap);
    return toCellNumber(policy.items.find((i) => i.id === id)!.perUnitCap!);
  });
}

/**
 * Pro rata payouts (按照比例进行兑付, §四(三)): each claim scaled by budget ÷ total when the claims exceed the budget,
 * rounded by the largest remainder so they add up exactly to the budget, as the balancer does. Returns one value per
 * claim cell as a column that spills down. Example: =PATENT.PRORATA(J3:J20, 10000)
 * @customfunction PRORATA
 * @param claims Claims in 元, a column of cells; blank cells count as 0. Example: J3:J20
 * @param budget Money available in 元. Example: 10000
 * @param [round] Rounding of payouts: 分 (0.01, default) or 元 (1). Example: "元"
 * @returns Payouts in 元 (yuan), one per claim, as a column.
 */
export function proRataColumn(
  claims: Array<Array<number | string | boolean | null>>,
  budget: number | string | null,
  round?: string,
): number[][] {
  return excelCall(() =>
    proRata(toClaims(claims), toYuan(budget, LABELS.budget), toRounding(round, policy)).map((p) => [toCellNumber(p)]),
  );
}

const PATENT_TYPE_NAMES: Record<PatentType, string> = { invention: "发明", utility: "实用新型", design: "外观设计" };

/**
 * The patent type from a CNIPA application number (申请号), read from its type digit after checking the check
 * character. Example: =PATENT.PATENT_TYPE("ZL200710308494.X")
 * @customfunction PATENT_TYPE
 * @param number Application number, 12 digits, a dot and a check character; ZL or CN prefix optional.
 * Example: "ZL200710308494.X"
 * @returns 发明, 实用新型 or 外观设计.
 */
export function patentType(number: string): string {
  return excelCall(() => {
    if (isOmitted(number)) throw refused({ zh: "专利号", en: "patent number" }, { zh: "必填", en: "required" });
    const checked = checkPatentNumber(String(number));
    if (!checked.ok) throw refused({ zh: "专利号", en: "patent number" }, checked.expected);
    return PATENT_TYPE_NAMES[checked.type];
  });
}

/**
 * Whether a CNIPA application number is well formed and its check character right (TRUE / FALSE).
 * Example: =PATENT.PATENT_VALID("ZL200710308494.X")
 * @customfunction PATENT_VALID
 * @param number Application number; ZL or CN prefix optional. Example: "ZL200710308494.X"
 * @returns TRUE when valid.
 */
export function patentValid(number: string): boolean {
  return !isOmitted(number) && checkPatentNumber(String(number)).ok;
}

/**
 * Whether a unified social credit code (统一社会信用代码, GB 32100-2015) is well formed and its check character right.
 * Example: =PATENT.CREDIT_CODE_VALID("91350100M000100Y43")
 * @customfunction CREDIT_CODE_VALID
 * @param code The 18-character code. Example: "91350100M000100Y43"
 * @returns TRUE when valid.
 */
export function creditCodeValid(code: string): boolean {
  return !isOmitted(code) && checkCreditCode(String(code)).ok;
}

/**
 * Last day of the publicity period (公示, §四(二)): the Nth PRC working day counting the first day, with official
 * holidays and adjusted working weekends (调休). Returns an Excel date serial number: format the cell as a date.
 * Example: =PATENT.PUBLICITY_END(DATE(2024,9,27))
 * @customfunction PUBLICITY_END
 * @param start First day of publicity: a date cell, or text such as 2024-09-27 or 2024年9月27日. Example: DATE(2024,9,27)
 * @param [days] Working days of publicity; default the policy's (5个工作日). Example: 5
 * @returns Excel date serial number of the last day.
 */
export function publicityEndDate(start: number | string | null, days?: number | string | null): number {
  return excelCall(() => {
    const iso = toIsoDate(start, LABELS.start);
    const end = publicityEnd(iso, toWorkingDays(days, policy.publicity.workingDays));
    if (!end.ok) throw refused(LABELS.start, end.expected);
    return isoToSerial(end.value);
  });
}

/**
 * A district target for 2025 (工作目标, §一): a count, an amount in 元, or a ratio as a fraction.
 * Example: =PATENT.TARGET("K1")
 * @customfunction TARGET
 * @param kpi Target id K1 … K10, or its number. Example: "K7"
 * @returns The target value.
 */
export function kpiTarget(kpi: string): number {
  return excelCall(() => toCellNumber(toTarget(kpi, policy).target));
}

/**
 * The policy the functions apply: notice number, policy id and version of the policy file.
 * Example: =PATENT.POLICY_VERSION()
 * @customfunction POLICY_VERSION
 * @returns Text such as 渝北市监〔2024〕12号 yubei-2024-12 v1.0.0.
 */
export function policyVersion(): string {
  return `${policy.notice} ${policy.id} v${policy.version}`;
}
