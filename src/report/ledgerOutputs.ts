/**
 * The six output columns on each ledger sheet: award, capped, factor, payout, status, reason
 * (issue item 5). Appended after the last used column, or over an earlier run's output columns.
 */
import type Decimal from "decimal.js";
import { memo } from "../engine/memo";
import { ZERO } from "../engine/money";
import type { BalanceResult, Lang, RowResult } from "../engine/types";
import { onRow } from "../engine/reasons";
import { OUTPUT_HEADERS, outputColumnStart, type Grid, type LedgerRead } from "../ledger";
import { cellNumber, factorCell, FACTOR_FORMAT, moneyFormat } from "./format";
import { labels } from "./labels";
import type { Column, LedgerOutput } from "./types";

/** Reasons of a row in one language, joined as the bureau writes lists; the row itself says where. */
export function reasonText(row: RowResult, lang: Lang): string {
  return row.reasons.map((r) => onRow(r, lang)).join("；");
}

/** The money columns of the output block a 合计 line adds up: award, after cap, payout. */
type Sums = { award: Decimal; capped: Decimal; payout: Decimal };
const noSums = (): Sums => ({ award: ZERO, capped: ZERO, payout: ZERO });

function isSubtotal(grid: Grid, row: number): boolean {
  return (grid.cells[row - 1] ?? []).some((v) => typeof v === "string" && /^小计[:：]?$/.test(v.replace(/\s+/g, "")));
}

/**
 * The ledger's own 合计 lines (rows the reader skipped as totals) get the sums of the claims above them, so a
 * clerk's total line adds up: a 小计 the rows since the previous total line, a 合计 (or 总计) the rows since the
 * previous 合计, each claim once (never the 小计 between). Status stays blank: the line is no claim.
 */
function totalLines(
  ledger: LedgerRead,
  sheet: string,
  grid: Grid,
  results: RowResult[],
  lang: Lang,
): LedgerOutput["rows"] {
  const totals = ledger.skipped.filter((s) => s.sheet === sheet && s.why === "total").map((s) => s.row);
  if (totals.length === 0) return [];
  const claims = [...results].sort((a, b) => a.ref.row - b.ref.row);
  const out: LedgerOutput["rows"] = [];
  let sinceAny = noSums();
  let sinceTotal = noSums();
  let fromAny: number | undefined;
  let fromTotal: number | undefined;
  let next = 0;
  for (const at of [...totals].sort((a, b) => a - b)) {
    for (; next < claims.length && claims[next].ref.row < at; next++) {
      const c = claims[next];
      for (const sums of [sinceAny, sinceTotal]) {
        sums.award = sums.award.plus(c.award);
        sums.capped = sums.capped.plus(c.capped);
        sums.payout = sums.payout.plus(c.payout);
      }
      fromAny ??= c.ref.row;
      fromTotal ??= c.ref.row;
    }
    const subtotal = isSubtotal(grid, at);
    const sums = subtotal ? sinceAny : sinceTotal;
    const from = subtotal ? fromAny : fromTotal;
    const words = from === undefined ? null : labels(lang).totalLine(subtotal, from, at - 1);
    out.push({
      row: at,
      values: [cellNumber(sums.award), cellNumber(sums.capped), null, cellNumber(sums.payout), null, words],
    });
    sinceAny = noSums();
    fromAny = undefined;
    if (!subtotal) {
      sinceTotal = noSums();
      fromTotal = undefined;
    }
  }
  return out;
}

export function ledgerOutputs(result: BalanceResult, ledger: LedgerRead, grids: Grid[], lang: Lang): LedgerOutput[] {
  const money = moneyFormat(result.options.rounding);
  const headers = OUTPUT_HEADERS[lang];
  const formats = [money, money, FACTOR_FORMAT, money, undefined, undefined];
  const widths = [14, 14, 10, 14, 10, 60];
  const columns: Column[] = headers.map((header, i) => ({ header, numFmt: formats[i], width: widths[i] }));
  const status = labels(lang).status;
  // Converted once per distinct amount: a result's rows share their amounts' objects (balance.ts's fen → Money cache).
  const number = memo(cellNumber);
  const factorNumber = memo(factorCell);

  const rowsBySheet = new Map<string, RowResult[]>();
  for (const row of result.rows) {
    const list = rowsBySheet.get(row.ref.sheet) ?? [];
    list.push(row);
    rowsBySheet.set(row.ref.sheet, list);
  }

  return ledger.sheets.flatMap((mapping) => {
    const grid = grids.find((g) => g.name === mapping.sheet);
    // A sheet missing a required column was not read: nothing of it was balanced.
    if (!grid || mapping.missing.length > 0) return [];
    const results = rowsBySheet.get(mapping.sheet) ?? [];
    const rows: LedgerOutput["rows"] = results.map((r) => ({
      row: r.ref.row,
      values: [
        number(r.award),
        number(r.capped),
        // An item's factor says nothing about a row it did not pay.
        r.status === "paid" || r.status === "zero" ? factorNumber(r.factor) : null,
        number(r.payout),
        status[r.status],
        reasonText(r, lang),
      ],
    }));
    // A row the reader could not take (e.g. an unreadable item cell) is refused in place, never left blank.
    const balanced = new Set(results.map((r) => r.ref.row));
    for (const p of ledger.rowProblems) {
      if (p.sheet !== mapping.sheet || balanced.has(p.row)) continue;
      rows.push({ row: p.row, values: [0, 0, null, 0, status.rejected, p[lang]] });
    }
    // A row an earlier batch decided keeps that batch's output as it was written (LEDGER.md "One workbook for the year").
    const start = outputColumnStart(grid, mapping);
    for (const e of ledger.earlier ?? []) {
      if (e.sheet !== mapping.sheet) continue;
      const line = grid.cells[e.row - 1] ?? [];
      rows.push({ row: e.row, values: columns.map((_, i) => line[start + i] ?? null) });
    }
    // A sheet may hold as many 合计 lines as rows: appended one by one, never spread into push().
    for (const line of totalLines(ledger, mapping.sheet, grid, results, lang)) rows.push(line);
    return [
      {
        sheet: mapping.sheet,
        headerRow: mapping.headerRow,
        startColumn: start,
        columns,
        rows,
      },
    ];
  });
}
