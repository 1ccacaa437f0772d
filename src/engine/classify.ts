/**
 * Free-text ledger values → the policy's vocabulary (LEDGER.md "Fields"): unit kind, district,
 * mode of transfer, patent type, open-licence platform, recipient identity.
 * Text is compared after full-width → half-width and with all spaces removed.
 */
import type { Policy } from "../policy/policy";
import { checkCreditCode, normaliseCreditCode, type CreditCodeCheck } from "./creditCode";
import type { District, Mode, PatentType, UnitKind } from "./types";
import { normaliseName, toHalfWidth } from "./values";

function compact(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, "");
}

const containsAny = (s: string, words: readonly string[]): boolean => words.some((w) => s.includes(w));

const ENGLISH_KINDS: Readonly<Record<string, UnitKind>> = {
  university: "university",
  college: "university",
  institute: "institute",
  researchinstitute: "institute",
  soe: "soe",
  "state-owned": "soe",
  "state-ownedenterprise": "soe",
  stateownedenterprise: "soe",
  sme: "sme",
  small: "sme",
  medium: "sme",
  micro: "sme",
  large: "large",
  largeenterprise: "large",
  ipassetcompany: "ipAssetCompany",
};

/** 单位性质. */
export function classifyKind(text: string): UnitKind | undefined {
  const s = compact(text);
  // A university's IP asset management company counts as the university (§二(二)6) but is named
  // after it ("知识产权资产管理公司(重庆大学)"), so it is recognised before 大学.
  if (s.includes("资产管理公司")) return "ipAssetCompany";
  // Before 学院: 中国科学院…研究院 is an institute.
  if (containsAny(s, ["科研院所", "科研机构", "研究院", "研究所", "科学院"])) return "institute";
  if (containsAny(s, ["高校", "高等学校", "大学", "学院"])) return "university";
  if (containsAny(s, ["国有", "国企"]) && !containsAny(s, ["非国有", "非国企"])) return "soe";
  if (containsAny(s, ["中小微", "中小企业", "小微", "中型", "小型", "微型"])) return "sme";
  if (s.includes("大型")) return "large";
  return ENGLISH_KINDS[s.toLowerCase()];
}

/**
 * 所在区县: in-district (渝北区), elsewhere in the city (重庆), or outside. Addresses such as
 * "重庆市渝北区龙溪街道…" are read by their leading place names.
 */
export function classifyDistrict(text: string, policy: Policy): District | undefined {
  const s = compact(text);
  if (s === "") return undefined;
  const cityPrefix = [...policy.city.aliases].sort((a, b) => b.length - a.length).find((a) => s.startsWith(a));
  const rest = cityPrefix ? s.slice(cityPrefix.length) : s;
  const startsWithOneOf = (names: readonly string[]) => names.some((n) => rest.startsWith(compact(n)));
  if (rest !== "" && startsWithOneOf([policy.district.name, ...policy.district.aliases])) return "inDistrict";
  if (cityPrefix || startsWithOneOf(policy.city.districts)) return "inCity";
  return "outside";
}

const ENGLISH_MODES: Readonly<Record<string, Mode>> = {
  transfer: "transfer",
  assignment: "transfer",
  licence: "licence",
  license: "licence",
  openlicence: "openLicence",
  openlicense: "openLicence",
  capitalcontribution: "capitalContribution",
};

/** 转化方式. */
export function classifyMode(text: string): Mode | undefined {
  const s = compact(text);
  // 开放许可 contains 许可, so it is tested first.
  if (s.includes("开放许可")) return "openLicence";
  if (containsAny(s, ["作价入股", "作价投资", "作价出资"])) return "capitalContribution";
  const transfer = s.includes("转让");
  const licence = s.includes("许可");
  // "转让/许可" names both modes: the row has to say which.
  if (transfer !== licence) return transfer ? "transfer" : "licence";
  return ENGLISH_MODES[s.toLowerCase()];
}

const ENGLISH_TYPES: Readonly<Record<string, PatentType>> = {
  invention: "invention",
  utility: "utility",
  utilitymodel: "utility",
  design: "design",
};

/** 专利类型. */
export function classifyPatentType(text: string): PatentType | undefined {
  const s = compact(text);
  if (s.includes("发明")) return "invention";
  if (s.includes("实用新型")) return "utility";
  if (s.includes("外观")) return "design";
  return ENGLISH_TYPES[s.toLowerCase()];
}

/** Whether an open licence went through one of the platforms the notice names (§二(一)1). */
export function isNamedPlatform(text: string, policy: Policy): boolean {
  const s = compact(text);
  return policy.openLicencePlatforms.names.some((name) => s.includes(compact(name)));
}

/** A unit known by name only is keyed "name:" + its normalised name. */
export const NAME_KEY = "name:";

/** The key a unit is capped under (§2 step 4): its credit code when it gives one, else its name. */
export function parseRecipientIdentity(name: string, code?: string): string {
  return (code === undefined ? undefined : codeKey(code)) ?? `${NAME_KEY}${normaliseName(name)}`;
}

/** The key a code gives its unit, or undefined when it is no code (the unit is then known by name). */
export function codeKey(code: string, checked: CreditCodeCheck = checkCreditCode(code)): string | undefined {
  // A code with a mistyped check character still names the unit; claim parsing flags the row.
  if (!checked.ok && checked.problem !== "check") return undefined;
  return `code:${checked.ok ? checked.normalised : normaliseCreditCode(code)}`;
}
