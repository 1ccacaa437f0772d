/**
 * The summary sheets of a run (issue item 5): 汇总, 公示名单, 异常清单, 目标进度, 运行记录, and 支持项目
 * when the workbook has a funding plan or indicators for P5–P8.
 * Pure: the command writes them with exceljs, the task pane with Office.js.
 */
import Decimal from "decimal.js";
import type { BalanceResult, CellValue, FieldId, ItemTotals, KpiResult, Lang, RowResult } from "../engine/types";
import { FIELD_LABELS, type LedgerRead, type SheetOverride } from "../ledger";
import type { Policy } from "../policy/policy";
import { cellNumber, factorCell, FACTOR_FORMAT, moneyFormat, moneyText, percentText } from "./format";
import { labels, SHEETS } from "./labels";
import { supportChecks, supportTable } from "./support";
import type { Column, RunInfo, Table } from "./types";

/** `policy` checks the funding plan and indicators the ledger holds (支持项目); without it they are not written. */
export function summaryTables(
  result: BalanceResult,
  ledger: LedgerRead,
  run: RunInfo,
  lang: Lang,
  policy?: Policy,
): Table[] {
  const support = policy && supportChecks(ledger, policy);
  // A what-if run says so above every list a reader could take for a payout list.
  const line = whatIfTitle(run.whatIf, lang);
  const title = line ? { title: [line] } : {};
  return [
    { ...itemsTable(result, lang), ...title },
    { ...publicityTable(result, lang), ...title },
    exceptionsTable(result, ledger, lang),
    targetsTable(result, lang),
    ...(policy && support ? [supportTable(support, policy, lang)] : []),
    runRecordTable(result, ledger, run, lang),
  ];
}

/** The line a what-if run carries above 汇总, 公示名单 and the printed summary; undefined for a real run. */
export function whatIfTitle(whatIf: RunInfo["whatIf"], lang: Lang): string | undefined {
  const changed = Object.entries(whatIf ?? {});
  if (changed.length === 0) return undefined;
  const L = labels(lang).whatIf;
  const budgets = changed.map(([item, b]) =>
    L.budget(item, moneyText(new Decimal(b!.run)), moneyText(new Decimal(b!.policy))),
  );
  return L.title(budgets.join(L.separator));
}

/** 汇总: one row per item with the budget arithmetic of POLICY §2 steps 5–6, then every move. */
function itemsTable(result: BalanceResult, lang: Lang): Table {
  const L = labels(lang);
  const money = moneyFormat(result.options.rounding);
  const columns: Column[] = L.summary.map((header, i) => ({
    header,
    width: i === 1 ? 36 : i === 0 ? 10 : 14,
    numFmt: i >= 2 && i <= 10 ? money : i === 11 ? FACTOR_FORMAT : undefined,
  }));
  const rows: CellValue[][] = result.items.map((it) => [
    it.id,
    it.name,
    ...[
      it.budget,
      it.prior,
      it.priorReceived,
      it.priorReleased,
      it.demand,
      it.received,
      it.released,
      it.available,
      it.paid,
    ].map(cellNumber),
    factorCell(it.factor),
  ]);
  // POLICY §2 step 8: the 合计 is P1–P4; P5–P8 stand on a labelled line of their own below it.
  const totalRow = (label: CellValue, name: string, t: ItemTotals): CellValue[] => [
    label,
    name,
    ...[t.budget, t.prior, t.priorReceived, t.priorReleased, t.demand, t.received, t.released, t.available, t.paid].map(
      cellNumber,
    ),
    null,
  ];
  rows.push(totalRow(L.total, L.awardsTotal, result.totals.awards));
  if (result.totals.support) rows.push(totalRow(null, L.supportTotal, result.totals.support));
  rows.push([], [L.movesTitle], L.moves);
  if (result.moves.length === 0) rows.push([L.noMoves]);
  for (const m of result.moves) rows.push([m.from, m.to, cellNumber(m.amount)]);
  // The batch this run paid, where a later run reads it back to tell a re-run from the next batch (src/plan).
  rows.push([], [L.run.batch, result.options.batch ?? L.batchNotStated]);
  return {
    sheet: SHEETS.summary,
    columns,
    rows,
    freezeRows: 1,
    charts: [
      {
        kind: "clusteredColumn",
        title: L.chartBudget,
        categoryColumn: 0,
        seriesColumns: [2, 6, 10],
        anchorColumn: columns.length + 1,
        rowCount: result.items.length,
      },
    ],
  };
}

function unitKey(item: string, key: string): string {
  return `${item}\u0000${key}`;
}

/** 件数 for patents and product filings (the award's count), 笔数 for pledges (one per row). */
function patentsOrPledges(rows: RowResult[]): number {
  return rows.reduce((n, r) => n + Number(r.explanation.inputs.count ?? 1), 0);
}

/** 公示名单 (§四(二)): every unit paid something, in item order then ledger order. */
function publicityTable(result: BalanceResult, lang: Lang): Table {
  const L = labels(lang);
  const money = moneyFormat(result.options.rounding);
  // A unit's rows, in ledger order; the unit is listed where its first row stands.
  const unitRows = new Map<string, RowResult[]>();
  const firstIndex = new Map<string, number>();
  result.rows.forEach((row, i) => {
    const key = unitKey(row.item, row.claimantKey);
    const list = unitRows.get(key);
    if (list) list.push(row);
    else {
      unitRows.set(key, [row]);
      firstIndex.set(key, i);
    }
  });
  const paid = result.units
    .filter((u) => u.payout.greaterThan(0))
    .map((u) => ({ unit: u, order: firstIndex.get(unitKey(u.item, u.key)) ?? Infinity }))
    .sort((a, b) => a.unit.item.localeCompare(b.unit.item) || a.order - b.order);

  const rows: CellValue[][] = paid.map(({ unit }, i) => {
    const paidRows = (unitRows.get(unitKey(unit.item, unit.key)) ?? []).filter((r) => r.payout.greaterThan(0));
    const notes: string[] = [];
    if (paidRows.some((r) => r.capApplied)) notes.push(L.capApplied);
    const factor = paidRows.find((r) => r.factor.lessThan(1))?.factor;
    if (factor) notes.push(L.scaled(percentText(factor)));
    return [
      i + 1,
      unit.item,
      unit.name,
      unit.code ?? "",
      patentsOrPledges(paidRows),
      cellNumber(unit.payout),
      notes.join("；"),
    ];
  });
  rows.push([L.total, L.awardsTotal, null, null, null, cellNumber(result.totals.awards.paid), null]);
  rows.push([], [L.publicityStart, null, L.publicityEnd, null]);
  const widths = [8, 8, 36, 22, 10, 14, 30];
  return {
    sheet: SHEETS.publicity,
    columns: L.publicity.map((header, i) => ({ header, width: widths[i], numFmt: i === 5 ? money : undefined })),
    rows,
    freezeRows: 1,
    charts: [],
  };
}

/**
 * 异常清单: one line per error of every row not paid, so each bad cell can be found and fixed; then
 * the ledger rows the reader could not take at all.
 */
function exceptionsTable(result: BalanceResult, ledger: LedgerRead, lang: Lang): Table {
  const L = labels(lang);
  const rows: CellValue[][] = [];
  for (const row of result.rows) {
    if (row.status === "paid") continue;
    const errors = row.reasons.filter((r) => r.severity === "error");
    for (const reason of errors.length > 0 ? errors : row.reasons) {
      const column = reason.ref.column ? `${reason.ref.column}${reason.ref.header ? ` ${reason.ref.header}` : ""}` : "";
      rows.push([row.ref.sheet, row.ref.row, column, row.item, row.claimant, reason.code, reason.message[lang]]);
    }
  }
  const ledgerSheets = new Set(ledger.sheets.map((s) => s.sheet));
  for (const p of ledger.rowProblems) {
    if (!ledgerSheets.has(p.sheet)) continue;
    rows.push([
      p.sheet,
      p.row,
      p.column ? `${p.column}${p.header ? ` ${p.header}` : ""}` : "",
      null,
      null,
      "ROW_NOT_READ",
      p[lang],
    ]);
  }
  const widths = [16, 6, 20, 6, 36, 26, 70];
  return {
    sheet: SHEETS.exceptions,
    columns: L.exceptions.map((header, i) => ({ header, width: widths[i] })),
    rows,
    freezeRows: 1,
    charts: [],
  };
}

/** Ratios (K5, K6, K10) are shown in per cent so one column holds every figure. */
function kpiFigure(kpi: KpiResult, d: Decimal | null): number | null {
  if (d === null) return null;
  return cellNumber(kpi.unit === "ratio" ? d.times(100) : d);
}

/** 目标进度 (§一): K1–K10 against the district's targets. */
function targetsTable(result: BalanceResult, lang: Lang): Table {
  const L = labels(lang);
  const rows: CellValue[][] = result.kpis.map((k) => [
    k.id,
    k.name,
    kpiFigure(k, k.actual),
    kpiFigure(k, k.target),
    k.unit === "ratio" ? "%" : k.unit,
    k.actual === null || k.target.isZero() ? null : cellNumber(k.actual.dividedBy(k.target)),
    k.met === null ? L.met.unknown : k.met ? L.met.yes : L.met.no,
    k.basis,
  ]);
  const widths = [6, 50, 16, 16, 6, 10, 10, 60];
  const formats = [undefined, undefined, "#,##0.##", "#,##0.##", undefined, FACTOR_FORMAT, undefined, undefined];
  return {
    sheet: SHEETS.targets,
    columns: L.targets.map((header, i) => ({ header, width: widths[i], numFmt: formats[i] })),
    rows,
    freezeRows: 1,
    charts: [
      {
        kind: "bar",
        title: L.chartTargets,
        categoryColumn: 0,
        seriesColumns: [5],
        anchorColumn: L.targets.length + 1,
        rowCount: rows.length,
      },
    ],
  };
}

/** A sheet's choices in words: item, header row, columns, skip. */
function choiceText(choice: SheetOverride, lang: Lang): string {
  const C = labels(lang).run.chosen;
  const parts: string[] = [];
  if (choice.skip) parts.push(C.skip);
  if (choice.item) parts.push(C.item(choice.item));
  if (choice.headerRow !== undefined) parts.push(C.headerRow(choice.headerRow));
  for (const [field, column] of Object.entries(choice.columns ?? {}) as [FieldId, string | null][]) {
    parts.push(C.column(FIELD_LABELS[field][lang], column));
  }
  return parts.join(C.separator);
}

/** 运行记录: enough to reproduce the run and to check it was run on the file published. */
function runRecordTable(result: BalanceResult, ledger: LedgerRead, run: RunInfo, lang: Lang): Table {
  const L = labels(lang);
  const R = L.run;
  const o = result.options;
  const rows: CellValue[][] = [
    [R.policy, result.policy.id],
    [R.version, result.policy.version],
    [R.notice, result.policy.notice],
    [R.reallocate, o.reallocate ? L.on : L.off],
    [R.rule, L.rules[o.reallocationRule]],
  ];
  if (o.priority.length > 0) rows.push([R.priority, o.priority.join(", ")]);
  rows.push([R.rounding, L.roundings[o.rounding]]);
  if (o.batch !== undefined) rows.push([R.batch, o.batch]);
  for (const [item, b] of Object.entries(run.whatIf ?? {})) {
    rows.push([R.whatIf, L.whatIf.budget(item, moneyText(new Decimal(b!.run)), moneyText(new Decimal(b!.policy)))]);
  }
  for (const sheet of ledger.sheets) {
    if (sheet.defaults.length > 0) rows.push([R.defaults(sheet.sheet), sheet.defaults.map((d) => d[lang]).join("；")]);
  }
  for (const [sheet, choice] of Object.entries(run.sheetChoices ?? {})) {
    const text = choiceText(choice, lang);
    if (text) rows.push([R.choices(sheet), text]);
  }
  for (const problem of ledger.problems) rows.push([R.problem(problem.sheet), problem[lang]]);
  for (const p of ledger.rowProblems) rows.push([R.rowProblem(`${p.sheet}!${p.column ?? ""}${p.row}`), p[lang]]);
  rows.push([R.time, run.time], [R.input, run.input]);
  if (run.inputSha256) rows.push([R.sha256, run.inputSha256]);
  if (run.priorSource) rows.push([R.prior, run.priorSource]);
  if (run.engineVersion) rows.push([R.engine, run.engineVersion]);
  const count = (s: RowResult["status"]) => result.rows.filter((r) => r.status === s).length;
  // Ledger rows the reader could not take are refused too: counted with the rejected.
  const notRead = ledger.rowProblems.filter((p) => ledger.sheets.some((s) => s.sheet === p.sheet)).length;
  rows.push(
    [R.rows, `${count("paid")}/${count("rejected") + notRead}/${count("duplicate")}/${count("held")}`],
    [R.demand, moneyText(result.totals.awards.demand)],
    [R.paid, moneyText(result.totals.awards.paid)],
  );
  if (result.totals.support) rows.push([R.support, moneyText(result.totals.support.paid)]);
  for (const note of result.notes) rows.push([R.note, note[lang]]);
  return {
    sheet: SHEETS.runRecord,
    columns: L.runRecord.map((header, i) => ({ header, width: i === 0 ? 28 : 90 })),
    rows,
    freezeRows: 1,
    charts: [],
  };
}
