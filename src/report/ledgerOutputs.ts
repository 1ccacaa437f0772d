/**
 * The six output columns on each ledger sheet: award, capped, factor, payout, status, reason
 * (issue item 5). Appended after the last used column, or over an earlier run's output columns.
 */
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

export function ledgerOutputs(result: BalanceResult, ledger: LedgerRead, grids: Grid[], lang: Lang): LedgerOutput[] {
  const money = moneyFormat(result.options.rounding);
  const headers = OUTPUT_HEADERS[lang];
  const formats = [money, money, FACTOR_FORMAT, money, undefined, undefined];
  const widths = [14, 14, 10, 14, 10, 60];
  const columns: Column[] = headers.map((header, i) => ({ header, numFmt: formats[i], width: widths[i] }));
  const status = labels(lang).status;

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
        cellNumber(r.award),
        cellNumber(r.capped),
        // An item's factor says nothing about a row it did not pay.
        r.status === "paid" ? factorCell(r.factor) : null,
        cellNumber(r.payout),
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
    return [
      {
        sheet: mapping.sheet,
        headerRow: mapping.headerRow,
        startColumn: outputColumnStart(grid, mapping),
        columns,
        rows,
      },
    ];
  });
}
