/**
 * Which award item a cell or a sheet name means (LEDGER.md "Which item a sheet holds", "Earlier payouts"):
 * one parser for ledger item columns, sheet names, 已兑付 rows and the support-project sheets.
 */
import { toHalfWidth } from "../engine/values";
import {
  PERFORMANCE_ITEMS,
  SUPPORT_ITEMS,
  type CellValue,
  type ItemId,
  type PerformanceItemId,
  type SupportItemId,
} from "../engine/types";
import type { Policy } from "../policy/policy";
import { cellText } from "./grid";

/** An item cell as a lookup key: half-width, no spaces or list punctuation, upper case. */
export function itemKey(v: CellValue): string {
  return toHalfWidth(cellText(v))
    .replace(/[\s、，,；;·]/g, "")
    .toUpperCase();
}

/**
 * The performance items a short name or a sheet name points to by its words. `接受高校院所…` is P2 though
 * it names 高校院所, so the receiving words are read first.
 */
function itemsByWords(key: string): Set<ItemId> {
  const hits = new Set<ItemId>();
  const receiving = /接受|受让|被许可/.test(key);
  if (receiving) hits.add("P2");
  if (/输出/.test(key) || (!receiving && /高校院所|国有企业输出/.test(key))) hits.add("P1");
  if (/产品备案/.test(key)) hits.add("P3");
  if (/质押/.test(key)) hits.add("P4");
  return hits;
}

function only(hits: Set<ItemId>, among: readonly ItemId[]): ItemId | undefined {
  const [first] = hits;
  return hits.size === 1 && among.includes(first) ? first : undefined;
}

/**
 * `P4`, `4`, the item's name in the policy, `P4` followed by that name, or (for P1–P4) a short name holding
 * the item's words (`专利质押融资`); undefined when it names none of `among`, or names two.
 */
export function parseItem(
  v: CellValue,
  policy: Policy,
  among: readonly ItemId[] = PERFORMANCE_ITEMS,
): ItemId | undefined {
  const key = itemKey(v);
  if (key === "") return undefined;
  const byId = /^P?(\d)$/.exec(key);
  if (byId) return only(new Set([`P${byId[1]}` as ItemId]), among);
  const named = policy.items.find((i) => among.includes(i.id) && itemKey(i.name) === key);
  if (named) return named.id;
  const prefixed = /^(P\d)(?!\d)[-:]?(.*)$/.exec(key);
  const words = prefixed ? prefixed[2] : key;
  const hits = new Set<ItemId>();
  if (prefixed) hits.add(prefixed[1] as ItemId);
  const spec = prefixed && policy.items.find((i) => i.id === prefixed[1]);
  // `P4 中小微企业开展专利质押融资`: the id and the item's own name agree.
  if (spec && words === itemKey(spec.name)) return only(hits, among);
  // Words are read only in a plain label: `质押?` is a question, not an answer.
  if (/^[\p{Script=Han}A-Z0-9()-]+$/u.test(words)) itemsByWords(words).forEach((id) => hits.add(id));
  return only(hits, among);
}

export function performanceItemOf(v: CellValue, policy: Policy): PerformanceItemId | undefined {
  return parseItem(v, policy, PERFORMANCE_ITEMS) as PerformanceItemId | undefined;
}

export function supportItemOf(v: CellValue, policy: Policy): SupportItemId | undefined {
  return parseItem(v, policy, SUPPORT_ITEMS) as SupportItemId | undefined;
}

/** Item by sheet name: `P2…`, or the item's words; a name that points two ways decides nothing. */
export function sheetNameItem(name: string): PerformanceItemId | undefined {
  const key = toHalfWidth(name).replace(/\s+/g, "").toUpperCase();
  const hits = itemsByWords(key);
  const byId = /^P([1-4])(?!\d)/.exec(key);
  if (byId) hits.add(`P${byId[1]}` as ItemId);
  return only(hits, PERFORMANCE_ITEMS) as PerformanceItemId | undefined;
}
