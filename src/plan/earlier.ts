/**
 * An earlier batch's workbook read beside this one (the command's `--prior`): is it this batch's own result,
 * and which of its payouts does this workbook already hold (LEDGER.md "Earlier payouts").
 */
import Decimal from "decimal.js";
import type { PriorPayout } from "../engine/types";
import { productGrid, type Grid } from "../ledger";
import { labels } from "../report/labels";

const SHA256_LABELS = new Set([labels("zh").run.sha256, labels("en").run.sha256]);

/** The input checksum an earlier run of this tool recorded in its 运行记录, lower-case hex. */
export function recordedInputSha256(grids: Grid[]): string | undefined {
  const record = productGrid(grids, "runRecord");
  const row = record?.cells.find((r) => SHA256_LABELS.has(String(r?.[0] ?? "").trim()));
  const value = String(row?.[1] ?? "")
    .trim()
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(value) ? value : undefined;
}

/** Where a payout is written and what became of it after publicity: not what it paid. */
const NOT_CONTENT = new Set(["ref", "origin", "batch", "mark", "markNote"]);

/**
 * What a payout says, whichever sheet or row it stands on: item, claimant, amount, what it paid for — amounts
 * by value, lists in any order.
 */
export function payoutKey(p: PriorPayout): string {
  const content = Object.entries(p)
    .filter(([field, value]) => !NOT_CONTENT.has(field) && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([field, value]) => [
      field,
      Decimal.isDecimal(value) ? (value as Decimal).toFixed() : Array.isArray(value) ? value.map(String).sort() : value,
    ]);
  return JSON.stringify(content);
}

/**
 * The payouts of `extra` that are not already in `own`, each of `own` matching at most one of `extra`
 * (two equal rows in one source stay two payouts); `repeated` are the ones left out.
 */
export function withoutRepeats(
  own: PriorPayout[],
  extra: PriorPayout[],
): { added: PriorPayout[]; repeated: PriorPayout[] } {
  const left = new Map<string, number>();
  for (const p of own) left.set(payoutKey(p), (left.get(payoutKey(p)) ?? 0) + 1);
  const added: PriorPayout[] = [];
  const repeated: PriorPayout[] = [];
  for (const p of extra) {
    const key = payoutKey(p);
    const n = left.get(key) ?? 0;
    if (n > 0) {
      left.set(key, n - 1);
      repeated.push(p);
    } else added.push(p);
  }
  return { added, repeated };
}
