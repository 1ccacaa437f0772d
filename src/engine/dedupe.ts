/**
 * 从高不重复 (§四(三)): the same patent claimed by the same unit under the same item is paid once, at the
 * highest rate; the others lose it and say which row kept it. A patent paid in an earlier batch is not paid
 * again. P3 rows are keyed by product filing number and P4 rows by pledge registration, where given.
 */
import type { Claim, PerformanceItemId, PriorPayout, RowStatus } from "./types";
import { toHalfWidth } from "./values";
import type { BaseAward } from "./baseAward";
import { reason } from "./reasons";
import { addReasons } from "./claim";
import { toFen } from "./money";

export interface Deduplicable {
  claim: Claim;
  award: BaseAward;
  status: RowStatus;
}

/** A product filing (P3) or pledge registration (P4) number as compared: half-width, no spaces, upper case. */
export function referenceKey(item: Extract<PerformanceItemId, "P3" | "P4">, text: string): string {
  const compared = AS_COMPARED.test(text) ? text : toHalfWidth(text).replace(/\s+/g, "").toUpperCase();
  return `${item === "P3" ? "filing" : "pledge"}:${compared}`;
}

/** Printable ASCII but lower-case letters: a number most rows give already as compared (one scan, no copies). */
const AS_COMPARED = /^[!-`{-~]*$/;

/** What one row claims once: a patent for P1/P2 (normalised by checkPatentNumber), the filing or the pledge for P3/P4. */
export function claimedKeys(c: Claim): readonly string[] {
  if (c.item === "P1" || c.item === "P2") return c.patentNumbers;
  if (c.item === "P3" && c.productFilingNo) return [referenceKey("P3", c.productFilingNo)];
  if (c.item === "P4" && c.pledgeRegistration) return [referenceKey("P4", c.pledgeRegistration)];
  return [];
}

/** A claimed key as people write it: the patent number, or the filing or registration number alone. */
function shown(key: string): string {
  return key.replace(/^(filing|pledge):/, "");
}

export function removeDuplicates(
  rows: Deduplicable[],
  prior: PriorPayout[],
  unitOfPrior: (p: PriorPayout) => string,
): void {
  const paidBefore = new Map<string, PriorPayout>();
  for (const p of prior) {
    for (const n of p.claimed) {
      const key = `${p.item}|${unitOfPrior(p)}|${n}`;
      if (!paidBefore.has(key)) paidBefore.set(key, p);
    }
  }
  const lost = new Map<Deduplicable, Loss[]>();
  const lose = (row: Deduplicable, claimed: string, keptBy?: Deduplicable, paid?: PriorPayout) =>
    lost.set(row, [...(lost.get(row) ?? []), { claimed, keptBy, paid }]);
  // Most patents are claimed once, by one unit: per item, a claimed key maps to the row that claimed it first, and
  // to a list only when a second row claims it (docs/PERFORMANCE.md, dedupe.ts).
  const first = new Map<PerformanceItemId, Map<string, Deduplicable | Deduplicable[]>>();
  const shared = new Map<string, { claimed: string; rows: Deduplicable[] }>();
  // Indexed loops over the rows (docs/PERFORMANCE.md, "Issue 19: the engine's allocations").
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const { item, claimant } = row.claim;
    const keys = claimedKeys(row.claim);
    for (let k = 0; k < keys.length; k++) {
      const claimed = keys[k];
      const paid = paidBefore.size > 0 ? paidBefore.get(`${item}|${claimant.key}|${claimed}`) : undefined;
      if (paid) {
        lose(row, claimed, undefined, paid);
        continue;
      }
      let ofItem = first.get(item);
      if (ofItem === undefined) first.set(item, (ofItem = new Map()));
      const seen = ofItem.get(claimed);
      if (seen === undefined) {
        ofItem.set(claimed, row);
        continue;
      }
      // Other units claiming the same key are paid each (§四(三) dedupes within a unit).
      const earlier = Array.isArray(seen) ? seen.find((r) => r.claim.claimant.key === claimant.key) : seen;
      if (earlier === undefined || earlier.claim.claimant.key !== claimant.key) {
        if (Array.isArray(seen)) seen.push(row);
        else ofItem.set(claimed, [seen, row]);
        continue;
      }
      const key = `${item}|${claimant.key}|${claimed}`;
      const entry = shared.get(key) ?? { claimed, rows: [earlier] };
      entry.rows.push(row);
      shared.set(key, entry);
    }
  }
  for (const { claimed, rows: list } of shared.values()) {
    const kept = list.reduce((best, row) => (row.award.perPatent.greaterThan(best.award.perPatent) ? row : best));
    list.filter((row) => row !== kept).forEach((row) => lose(row, claimed, kept));
  }
  for (const [row, losses] of lost) applyLosses(row, losses);
}

interface Loss {
  claimed: string;
  /** The row that kept it; none when an earlier batch paid it. */
  keptBy?: Deduplicable;
  /** The earlier payout that paid it. */
  paid?: PriorPayout;
}

/** Where earlier batches paid these: 「已兑付」第 5 行. */
function paidWhere(losses: Loss[]): { whereZh: string; whereEn: string } {
  const refs = [...new Set(losses.flatMap((l) => (l.paid?.ref ? [l.paid.ref] : [])))];
  return {
    whereZh: refs.map((r) => `「${r.sheet}」第 ${r.row} 行`).join("、"),
    whereEn: refs.map((r) => `sheet "${r.sheet}", row ${r.row}`).join("; "),
  };
}

function applyLosses(row: Deduplicable, losses: Loss[]): void {
  const c = row.claim;
  const lostKeys = new Set(losses.map((l) => l.claimed));
  const left = claimedKeys(c).filter((k) => !lostKeys.has(k));
  const paidBefore = losses.filter((l) => !l.keptBy);
  const before = paidBefore.map((l) => shown(l.claimed));
  const kept = losses.find((l) => l.keptBy)?.keptBy;
  const keptParams = kept ? { keptRow: kept.claim.ref.row, keptSheet: kept.claim.ref.sheet } : undefined;
  // Where a reader is sent: the row kept, the first earlier payout that has a place.
  const keptRef = kept?.claim.ref;
  const paidRef = paidBefore.find((l) => l.paid?.ref)?.paid?.ref;
  if (left.length === 0 || c.item === "P3" || c.item === "P4") {
    row.status = "duplicate";
    if (before.length)
      addReasons(c, reason("PAID_BEFORE", c.ref, { patents: before.join("、"), ...paidWhere(paidBefore) }, paidRef));
    if (keptParams) addReasons(c, reason("DUPLICATE", c.ref, keptParams, keptRef));
    return;
  }
  // Some of the row's patents were paid elsewhere: it counts only the rest.
  c.count = left.length;
  const step = { zh: `去重后按 ${left.length} 件计`, en: `${left.length} left after removing duplicates` };
  const amount = row.award.perPatent.times(left.length);
  row.award = { ...row.award, amount, fen: toFen(amount), steps: [...row.award.steps, step] };
  if (before.length)
    addReasons(
      c,
      reason(
        "PAID_BEFORE_PARTIAL",
        c.ref,
        {
          patents: before.join("、"),
          count: left.length,
          ...paidWhere(paidBefore),
        },
        paidRef,
      ),
    );
  if (keptParams) {
    const patents = losses.filter((l) => l.keptBy).map((l) => l.claimed);
    addReasons(
      c,
      reason("DUPLICATE_PARTIAL", c.ref, { ...keptParams, patents: patents.join("、"), count: left.length }, keptRef),
    );
  }
}
