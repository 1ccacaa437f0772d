/**
 * The `--json` result (issue item 5): money as strings with two decimals, rows 1-based, status one of
 * paid / zero (paid nothing) / rejected / duplicate / held, or earlier; reason messages in the chosen language.
 */
import type Decimal from "decimal.js";
import type { BalanceResult, Lang, RowStatus } from "../engine/types";
import { yearJson, type YearView } from "./year";
import { skippedSheets, type LedgerRead } from "../ledger";
import { assumptionsOf } from "./assumptions";
import { memo } from "../engine/memo";

function money(d: Decimal): string {
  return d.toFixed(2);
}

/** Factors can be repeating decimals (10,000 ÷ 12,000); ten places say more than any payout needs. */
function factor(d: Decimal): string {
  return d.toDecimalPlaces(10).toString();
}

/** Ledger rows the reader could not take (an unreadable item cell): refused, and listed like every other row. */
function unreadRows(ledger: LedgerRead | undefined, lang: Lang): object[] {
  if (!ledger) return [];
  const ledgerSheets = new Set(ledger.sheets.map((s) => s.sheet));
  return ledger.rowProblems
    .filter((p) => ledgerSheets.has(p.sheet))
    .map((p) => ({
      sheet: p.sheet,
      row: p.row,
      item: null,
      claimant: null,
      status: "rejected",
      award: "0.00",
      capped: "0.00",
      factor: "1",
      payout: "0.00",
      reasons: [
        { code: "ROW_NOT_READ", severity: "error", message: p[lang], ...(p.column ? { column: p.column } : {}) },
      ],
    }));
}

/**
 * A long list of the result made as it is written: `JSON.stringify` takes it whole (`toJSON`), src/cli/jsonPieces.ts
 * a slice at a time, so each row's object is made when its slice is written and is garbage soon after — 50,000 rows'
 * objects made at once outlived several young-generation collections, each copying them (~0.3 s).
 */
export class MadeAsWritten {
  private constructor(
    private readonly parts: readonly { items: readonly unknown[]; make: (item: never) => unknown }[],
  ) {}

  static of<T>(items: readonly T[], make: (item: T) => unknown): MadeAsWritten {
    return new MadeAsWritten([{ items, make }]);
  }

  /** The list with `made` after it, as they are. */
  then(made: readonly unknown[]): MadeAsWritten {
    return new MadeAsWritten([...this.parts, { items: made, make: (item: unknown) => item }]);
  }

  get length(): number {
    return this.parts.reduce((n, p) => n + p.items.length, 0);
  }

  slice(from: number, to: number): unknown[] {
    const out: unknown[] = [];
    let start = 0;
    for (const { items, make } of this.parts) {
      for (let i = Math.max(from - start, 0); i < Math.min(to - start, items.length); i++)
        out.push((make as (item: unknown) => unknown)(items[i]));
      start += items.length;
    }
    return out;
  }

  toJSON(): unknown[] {
    return this.slice(0, this.length);
  }
}

/** Rows an earlier batch decided: status `earlier`, with what that batch paid them; never on 异常清单. */
function earlierRows(ledger: LedgerRead | undefined): object[] {
  return (ledger?.earlier ?? []).map((e) => ({
    sheet: e.sheet,
    row: e.row,
    item: e.item || null,
    claimant: e.claimant,
    status: "earlier",
    payout: money(e.payout),
    reasons: [],
  }));
}

/** This batch's rows by status, as 运行记录 counts them: a row the reader could not take among the rejected. */
function rowCounts(result: BalanceResult, ledger: LedgerRead | undefined): Record<RowStatus, number> {
  const counts: Record<RowStatus, number> = {
    paid: 0,
    zero: 0,
    rejected: unreadRows(ledger, "en").length,
    duplicate: 0,
    held: 0,
  };
  for (const r of result.rows) counts[r.status]++;
  return counts;
}

/**
 * `year` (LEDGER.md "A result as earlier payouts"): the year up to this batch, beside this batch's `items`. Strings
 * as the workbook gave them: bidi controls are taken out where the JSON is written (src/cli/jsonPieces.ts), from its
 * bytes, which costs less than a look at each of 50,000 rows' strings here.
 */
export function resultJson(result: BalanceResult, lang: Lang, ledger?: LedgerRead, year?: YearView): object {
  // Written once per distinct amount: a result's rows share their amounts' objects (balance.ts's fen → Money cache).
  const rowMoney = memo(money);
  const rowFactor = memo(factor);
  return {
    policy: { id: result.policy.id, version: result.policy.version, notice: result.policy.notice },
    options: result.options,
    items: result.items.map((i) => ({
      id: i.id,
      budget: money(i.budget),
      prior: money(i.prior),
      priorReceived: money(i.priorReceived),
      priorReleased: money(i.priorReleased),
      demand: money(i.demand),
      received: money(i.received),
      released: money(i.released),
      available: money(i.available),
      paid: money(i.paid),
      factor: factor(i.factor),
    })),
    moves: result.moves.map((m) => ({ from: m.from, to: m.to, amount: money(m.amount) })),
    totals: {
      paid: money(result.totals.awards.paid),
      demand: money(result.totals.awards.demand),
      ...(result.totals.support ? { supportPlanned: money(result.totals.support.paid) } : {}),
      // A row paid nothing (`zero`) is counted apart from the rejected (issue 16 "Status follows money").
      rows: rowCounts(result, ledger),
    },
    rows: MadeAsWritten.of(result.rows, (r) => ({
      sheet: r.ref.sheet,
      row: r.ref.row,
      item: r.item,
      claimant: r.claimant,
      status: r.status,
      award: rowMoney(r.award),
      capped: rowMoney(r.capped),
      factor: rowFactor(r.factor),
      payout: rowMoney(r.payout),
      reasons: r.reasons.map((reason) => ({
        code: reason.code,
        severity: reason.severity,
        message: reason[lang],
        ...(reason.ref.column ? { column: reason.ref.column } : {}),
      })),
      explanation: {
        rule: r.explanation.rule,
        clause: r.explanation.clause,
        inputs: r.explanation.inputs,
        steps: r.explanation.steps.map((s) => s[lang]),
      },
    }))
      .then(unreadRows(ledger, lang))
      .then(earlierRows(ledger)),
    kpis: result.kpis.map((k) => ({
      id: k.id,
      actual: k.actual === null ? null : k.actual.toString(),
      target: k.target.toString(),
      unit: k.unit,
      met: k.met,
    })),
    notes: result.notes.map((n) => n[lang]),
    ...(year ? { year: yearJson(year) } : {}),
    // The defaults the bureau signs for (LEDGER.md "Assumptions"), and the sheets not read as no ledger.
    ...(ledger
      ? {
          assumptions: assumptionsOf(ledger).map((a) => ({
            sheet: a.sheet,
            field: a.field,
            value: a.value,
            message: a[lang],
          })),
          skippedSheets: skippedSheets(ledger).map((p) => ({ sheet: p.sheet, reason: p[lang] })),
        }
      : {}),
  };
}
