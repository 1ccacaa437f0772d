/**
 * The summary sheets of a run (issue item 5): 汇总, 公示名单, 异常清单, 目标进度, 运行记录, and 支持项目
 * when the workbook has a funding plan or indicators for P5–P8.
 * Pure: the command writes them with exceljs, the task pane with Office.js.
 */
import Decimal from "decimal.js";
import { headerText, remedyText, ROW_NOT_READ, whyNotPaid } from "../engine/reasons";
import type {
  BalanceResult,
  CellValue,
  FieldId,
  ItemTotals,
  KpiResult,
  Lang,
  PerformanceItemId,
  Reason,
  ReasonCode,
  RowResult,
} from "../engine/types";
import {
  EXCEPTIONS,
  FIELD_LABELS,
  headersOf,
  indexOf,
  MOVES,
  rowOf,
  RUN_RECORD,
  SUMMARY,
  TARGETS,
  skippedSheets,
  type LedgerRead,
  type SheetOverride,
} from "../ledger";
import { HEADER_SCAN_ROWS } from "../ledger/grid";
import { assumptionBlock } from "./assumptions";
import type { Policy } from "../policy/policy";
import { PERFORMANCE_ITEMS } from "../engine/types";
import { beijingTime, cellNumber, columnsOf, factorCell, moneyText } from "./format";
import { labels, SHEETS } from "./labels";
import { supportChecks, supportTable } from "./support";
import type { RunInfo, Table } from "./types";
import { yearRows } from "./year";
import { beijingDate, dateText, issuerOf, publicityTable, spanOf } from "./notice";

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
  const warning = line ? [line] : [];
  // The defaults the bureau signs for, under the title; the header still among the rows a later run searches.
  const notes = assumptionBlock(ledger, lang, HEADER_SCAN_ROWS - 1 - warning.length - SUMMARY_HEADING_LINES);
  return [
    withWarning(itemsTable(result, run, lang, policy, notes), warning),
    withWarning(publicityTable(result, run, lang, policy), warning),
    exceptionsTable(result, ledger, lang),
    targetsTable(result, lang),
    ...(policy && support ? [supportTable(support, policy, lang)] : []),
    runRecordTable(result, ledger, run, lang),
  ];
}

/** A what-if run's line first, above the table's own title lines (their spans moved down with them). */
function withWarning(table: Table, warning: string[]): Table {
  if (warning.length === 0) return table;
  const spans = Object.entries(table.spans?.title ?? {}).map(([i, span]) => [Number(i) + warning.length, span]);
  return {
    ...table,
    title: [...warning, ...(table.title ?? [])],
    warningLines: warning.length,
    spans: { ...table.spans, title: Object.fromEntries(spans) },
  };
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

/** 汇总's heading lines above its assumptions: what it is, then compiler, batch, unit and day. */
const SUMMARY_HEADING_LINES = 2;

/**
 * 汇总's heading, as the sheet leaders sign: what it is, then who compiled it, the batch, 单位：元 and the day, each
 * a line across the table; the assumptions the bureau signs for below them.
 */
function summaryTitle(result: BalanceResult, run: RunInfo, lang: Lang, width: number, policy?: Policy) {
  const H = labels(lang).summaryHeading;
  const batch = result.options.batch ?? 1;
  const heading = policy
    ? H.title(policy.district.name, policy.publicity.notice.year, batch)
    : H.plain(result.policy.notice, batch);
  const line = H.line(policy && issuerOf(policy), batch, dateText(beijingDate(run.time), lang));
  return {
    title: [heading, line],
    spans: { 0: spanOf(heading, width, "center", "heading"), 1: spanOf(line, width, "left", "text") },
  };
}

/** 汇总: one row per item with the budget arithmetic of POLICY §2 steps 5–6, then every move; signed at the foot. */
function itemsTable(
  result: BalanceResult,
  run: RunInfo,
  lang: Lang,
  policy: Policy | undefined,
  notes: string[],
): Table {
  const L = labels(lang);
  const money = (t: ItemTotals) => ({
    budget: cellNumber(t.budget),
    prior: cellNumber(t.prior),
    priorReceived: cellNumber(t.priorReceived),
    priorReleased: cellNumber(t.priorReleased),
    demand: cellNumber(t.demand),
    received: cellNumber(t.received),
    released: cellNumber(t.released),
    available: cellNumber(t.available),
    paid: cellNumber(t.paid),
  });
  const rows: CellValue[][] = result.items.map((it) =>
    rowOf(SUMMARY, { id: it.id, name: it.name, ...money(it), factor: factorCell(it.factor) }),
  );
  // POLICY §2 step 8: the 合计 is P1–P4; P5–P8 stand on a labelled line of their own below it.
  rows.push(rowOf(SUMMARY, { id: L.total, name: L.awardsTotal, ...money(result.totals.awards) }));
  if (result.totals.support) rows.push(rowOf(SUMMARY, { name: L.supportTotal, ...money(result.totals.support) }));
  rows.push([], [L.movesTitle], headersOf(MOVES, lang));
  if (result.moves.length === 0) rows.push([L.noMoves]);
  for (const m of result.moves) rows.push(rowOf(MOVES, { from: m.from, to: m.to, amount: cellNumber(m.amount) }));
  if (run.year) rows.push([], ...yearRows(run.year, lang));
  // The batch stands in the heading, in words; a later run reads which batch this was from 运行记录 (src/plan).
  rows.push([], [L.signatures]);
  // Item names wrap rather than being cut in print.
  const name = indexOf(SUMMARY, "name");
  const columns = columnsOf(SUMMARY, lang, result.options.rounding).map((c, i) =>
    i === name ? { ...c, wrap: true } : c,
  );
  const width = columns.reduce((n, c) => n + c.width, 0);
  const heading = summaryTitle(result, run, lang, width, policy);
  const noteSpans = notes.map((n, i) => [heading.title.length + i, spanOf(n, width, "left", "text")]);
  return {
    sheet: SHEETS.summary,
    title: [...heading.title, ...notes],
    columns,
    rows,
    spans: {
      title: { ...heading.spans, ...Object.fromEntries(noteSpans) },
      rows: { [rows.length - 1]: spanOf(L.signatures, width, "left", "text") },
    },
    freezeRows: 1,
    charts: [
      {
        kind: "clusteredColumn",
        title: L.chartBudget,
        categoryColumn: indexOf(SUMMARY, "id"),
        seriesColumns: [indexOf(SUMMARY, "budget"), indexOf(SUMMARY, "demand"), indexOf(SUMMARY, "paid")],
        anchorColumn: columns.length + 1,
        rowCount: result.items.length,
      },
    ],
  };
}

/**
/** The ledger column a duplicate is about: the patent numbers (P1, P2), the product filing (P3), the pledge (P4). */
const DUPLICATE_FIELD: Record<PerformanceItemId, FieldId> = {
  P1: "patentNumber",
  P2: "patentNumber",
  P3: "productFilingNo",
  P4: "pledgeRegistration",
};
const ABOUT_CLAIMED: ReadonlySet<ReasonCode> = new Set([
  "DUPLICATE",
  "DUPLICATE_PARTIAL",
  "PAID_BEFORE",
  "PAID_BEFORE_PARTIAL",
]);

/**
 * 异常清单: one line per error of every row not paid, so each bad cell can be found and fixed, with what a
 * clerk does about it (处理建议, from the reasons catalogue); then the ledger rows the reader could not take.
 * Every word in the run's language; a ledger's header on one line.
 */
function exceptionsTable(result: BalanceResult, ledger: LedgerRead, lang: Lang): Table {
  const L = labels(lang);
  const rows: CellValue[][] = [];
  const where = (column?: string, header?: string) =>
    column ? `${column}${header ? ` ${headerText(header)}` : ""}` : "";
  const mappings = new Map(ledger.sheets.map((s) => [s.sheet, s]));
  /** The column a reason names, or for a duplicate the column of what was claimed twice. */
  const columnOf = (row: RowResult, reason: Reason) => {
    if (reason.ref.column || !ABOUT_CLAIMED.has(reason.code)) return where(reason.ref.column, reason.ref.header);
    const mapped = mappings.get(row.ref.sheet)?.columns[DUPLICATE_FIELD[row.item]];
    return mapped ? where(mapped.column, mapped.header) : "";
  };
  for (const row of result.rows) {
    if (row.status === "paid") continue;
    for (const reason of whyNotPaid(row)) {
      rows.push(
        rowOf(EXCEPTIONS, {
          sheet: row.ref.sheet,
          row: row.ref.row,
          column: columnOf(row, reason),
          claimant: row.claimant,
          item: L.items[row.item] ?? row.item,
          reason: reason.message[lang],
          remedy: remedyText(reason.code, lang),
          code: reason.code,
        }),
      );
    }
  }
  for (const p of ledger.rowProblems) {
    if (!mappings.has(p.sheet)) continue;
    rows.push(
      rowOf(EXCEPTIONS, {
        sheet: p.sheet,
        row: p.row,
        column: where(p.column, p.header),
        reason: p[lang],
        remedy: remedyText(ROW_NOT_READ, lang),
        code: ROW_NOT_READ,
      }),
    );
  }
  return {
    sheet: SHEETS.exceptions,
    columns: columnsOf(EXCEPTIONS, lang, result.options.rounding),
    rows,
    freezeRows: 1,
    charts: [],
  };
}

/** A target's basis in the run's language: the engine gives both, `中文 / English`. */
/** Ratios (K5, K6, K10) are shown in per cent so one column holds every figure. */
function kpiFigure(kpi: KpiResult, d: Decimal | null): number | null {
  if (d === null) return null;
  return cellNumber(kpi.unit === "ratio" ? d.times(100) : d);
}

/** 目标进度 (§一): K1–K10 against the district's targets. */
function targetsTable(result: BalanceResult, lang: Lang): Table {
  const L = labels(lang);
  const rows: CellValue[][] = result.kpis.map((k) =>
    rowOf(TARGETS, {
      id: k.id,
      name: k.name,
      actual: kpiFigure(k, k.actual),
      target: kpiFigure(k, k.target),
      unit: k.unit === "ratio" ? "%" : (L.targetUnits[k.unit] ?? k.unit),
      progress: k.actual === null || k.target.isZero() ? null : cellNumber(k.actual.dividedBy(k.target)),
      met: k.met === null ? L.met.unknown : k.met ? L.met.yes : L.met.no,
      basis: k.basis[lang],
    }),
  );
  return {
    sheet: SHEETS.targets,
    columns: columnsOf(TARGETS, lang, result.options.rounding),
    rows,
    freezeRows: 1,
    charts: [
      {
        kind: "bar",
        title: L.chartTargets,
        categoryColumn: indexOf(TARGETS, "id"),
        seriesColumns: [indexOf(TARGETS, "progress")],
        anchorColumn: TARGETS.length + 1,
        rowCount: rows.length,
      },
    ],
  };
}

/** Rows as ranges, `4-15,18`: short enough for one cell however many rows (read back by src/plan/explain.ts). */
export function rowRanges(list: number[]): string {
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(",");
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

/**
 * The lines of 运行记录 that say what the run applied: the policy and its version, the options, the what-if
 * budgets. A later run compares them with its own to tell whether the policy or the options changed (变更).
 */
export function settingRows(result: BalanceResult, run: RunInfo, lang: Lang): CellValue[][] {
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
  // Always stated, so a later batch reads which batch this was from what was written for it (src/plan/year.ts).
  rows.push([R.batch, o.batch ?? L.batchNotStated]);
  // Where objections go, so the next run of the workbook says the same without being told again.
  if (run.contact) rows.push([R.contact, run.contact]);
  for (const [item, b] of Object.entries(run.whatIf ?? {})) {
    rows.push([R.whatIf, L.whatIf.budget(item, moneyText(new Decimal(b!.run)), moneyText(new Decimal(b!.policy)))]);
  }
  return rows;
}

/** 运行记录: enough to reproduce the run and to check it was run on the file published. */
function runRecordTable(result: BalanceResult, ledger: LedgerRead, run: RunInfo, lang: Lang): Table {
  const L = labels(lang);
  const R = L.run;
  const rows = settingRows(result, run, lang);
  for (const sheet of ledger.sheets) {
    if (sheet.defaults.length > 0) rows.push([R.defaults(sheet.sheet), sheet.defaults.map((d) => d[lang]).join("；")]);
  }
  for (const [sheet, list] of Object.entries(run.earlierRows ?? {})) rows.push([R.earlierRows(sheet), rowRanges(list)]);
  for (const [sheet, choice] of Object.entries(run.sheetChoices ?? {})) {
    const text = choiceText(choice, lang);
    if (text) rows.push([R.choices(sheet), text]);
  }
  for (const skipped of skippedSheets(ledger)) rows.push([R.skipped(skipped.sheet), skipped[lang]]);
  for (const p of ledger.rowProblems) rows.push([R.rowProblem(`${p.sheet}!${p.column ?? ""}${p.row}`), p[lang]]);
  rows.push([R.time, beijingTime(run.time)], [R.input, run.input]);
  if (run.inputSha256) rows.push([R.sha256, run.inputSha256]);
  if (run.priorSource) rows.push([R.prior, run.priorSource]);
  if (run.engineVersion) rows.push([R.engine, run.engineVersion]);
  const count = (s: RowResult["status"]) => result.rows.filter((r) => r.status === s).length;
  // Ledger rows the reader could not take are refused too: counted with the rejected.
  const notRead = ledger.rowProblems.filter((p) => ledger.sheets.some((s) => s.sheet === p.sheet)).length;
  rows.push(
    [R.rows, `${count("paid")}/${count("zero")}/${count("rejected") + notRead}/${count("duplicate")}/${count("held")}`],
    [R.demand, moneyText(result.totals.awards.demand)],
    [R.paid, moneyText(result.totals.awards.paid)],
  );
  if (result.totals.support) rows.push([R.support, moneyText(result.totals.support.paid)]);
  for (const item of result.items.filter((i) => PERFORMANCE_ITEMS.includes(i.id as PerformanceItemId))) {
    rows.push([R.itemPaid(item.id), cellNumber(item.paid)]);
  }
  for (const note of [...result.notes, ...(run.notices ?? [])]) rows.push([R.note, note[lang]]);
  return {
    sheet: SHEETS.runRecord,
    columns: columnsOf(RUN_RECORD, lang, result.options.rounding),
    rows,
    freezeRows: 1,
    charts: [],
  };
}
