/**
 * The header nearest to a field a sheet lacks: a typo such as `企业名陈` (for 企业名称) or `融资全额` (for 融资金额)
 * leaves a required column unmapped, and the user is told which column was probably meant (`企业名陈` → 申报单位?).
 */
import type { FieldId } from "../engine/types";
import { normaliseHeader } from "./headers";
import { FIELD_HEADERS } from "./synonyms";

/** Levenshtein distance over code points (a Chinese character is one edit). */
function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/**
 * Close enough to suggest: at most one edit in three characters (one in a name of three to five, two in six to
 * eight). A two-character name is never close to another: `方法` is not a mistyped `方式`.
 */
function isClose(distance: number, a: string, b: string): boolean {
  return distance <= Math.floor(Math.max(Array.from(a).length, Array.from(b).length) / 3);
}

/**
 * Among the columns no field took, the one whose header is nearest to one of the field's names (LEDGER.md
 * "Fields"), when it is close; the left one on a tie.
 */
export function nearestHeader<C extends { header: string }>(field: FieldId, columns: readonly C[]): C | undefined {
  const names = FIELD_HEADERS[field].map((n) => n.toLowerCase());
  let best: { column: C; distance: number } | undefined;
  for (const column of columns) {
    const key = normaliseHeader(column.header).key.toLowerCase();
    if (key === "") continue;
    for (const name of names) {
      const distance = editDistance(key, name);
      if (isClose(distance, key, name) && (!best || distance < best.distance)) best = { column, distance };
    }
  }
  return best?.column;
}
