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
  PUBLICITY,
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
import { sumMoney } from "../engine/money";
import { beijingTime, cellNumber, columnsOf, factorCell, moneyText, percentText } from "./format";
import { labels, SHEETS } from "./labels";
import { supportChecks, supportTable } from "./support";
import type { RunInfo, Table } from "./types";
import { yearRows } from "./year";

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
  const notes = assumptionBlock(ledger, lang, HEADER_SCAN_ROWS - 1 - warning.length);
  const title =
    warning.length + notes.length > 0 ? { title: [...warning, ...notes], warningLines: warning.length } : {};
  const publicity = publicityTable(result, lang, policy);
  return [
    { ...itemsTable(result, run, lang), ...title },
    // The what-if line first, above the list's own title lines.
    { ...publicity, title: [...(line ? [line] : []), ...(publicity.title ?? [])], warningLines: line ? 1 : 0 },
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
function itemsTable(result: BalanceResult, run: RunInfo, lang: Lang): Table {
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
  // The batch this run paid, where a later run reads it back to tell a re-run from the next batch (src/plan).
  rows.push([], [L.run.batch, result.options.batch ?? L.batchNotStated]);
  rows.push([], [L.signatures]);
  const columns = columnsOf(SUMMARY, lang, result.options.rounding);
  return {
    sheet: SHEETS.summary,
    columns,
    rows,
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

function unitKey(item: string, key: string): string {
  return `${item}\u0000${key}`;
}

/** 件数 for patents and product filings (the award's count), 笔数 for pledges (one per row). */
function patentsOrPledges(rows: RowResult[]): number {
  return rows.reduce((n, r) => n + Number(r.explanation.inputs.count ?? 1), 0);
}

/**
 * 公示名单 (§四(二)), as the bureau publishes it: the issuer, the notice and batch, 单位：元; every unit paid
 * something, in item order then ledger order, a 小计 after each item's units and the 合计 (P1–P4) last; then the
 * publicity period (filled in by src/plan withPublicity), where objections go, and the signatures (§五(二)).
 * `policy` gives the issuer's line and the contact; without it the issuer's line is left out.
 */
function publicityTable(result: BalanceResult, lang: Lang, policy?: Policy): Table {
  const L = labels(lang);
  const P = L.publicity;
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
  const paidRowsOf = (unit: (typeof paid)[number]["unit"]) =>
    (unitRows.get(unitKey(unit.item, unit.key)) ?? []).filter((r) => r.payout.greaterThan(0));
  // The item by its id and the policy's name for it (Chinese), or the report's short form in English.
  const itemName = (id: string) => {
    const name = result.items.find((it) => it.id === id)?.name;
    return lang === "zh" && name ? `${id} ${name}` : (L.items[id] ?? id);
  };

  const rows: CellValue[][] = [];
  paid.forEach(({ unit }, i) => {
    const paidRows = paidRowsOf(unit);
    const notes: string[] = [];
    // Capped over the year (§2 step 4): what earlier batches paid the unit, and its total over the year.
    if (paidRows.some((r) => r.capApplied)) {
      notes.push(
        unit.prior.isZero()
          ? L.capApplied
          : L.yearCapped(moneyText(unit.prior.plus(unit.payout)), moneyText(unit.prior)),
      );
    }
    const factor = paidRows.find((r) => r.factor.lessThan(1))?.factor;
    if (factor) notes.push(L.scaled(percentText(factor)));
    rows.push(
      rowOf(PUBLICITY, {
        no: i + 1,
        item: itemName(unit.item),
        name: unit.name,
        code: unit.code ?? "",
        count: patentsOrPledges(paidRows),
        payout: cellNumber(unit.payout),
        note: notes.join("；"),
      }),
    );
    // After the item's last unit, its 小计: added up in Decimal, so the 小计 lines make the 合计 to the fen.
    if (paid[i + 1]?.unit.item === unit.item) return;
    const units = paid.filter((p) => p.unit.item === unit.item).map((p) => p.unit);
    rows.push(
      rowOf(PUBLICITY, {
        no: P.subtotal,
        item: itemName(unit.item),
        count: units.reduce((n, u) => n + patentsOrPledges(paidRowsOf(u)), 0),
        payout: cellNumber(sumMoney(units.map((u) => u.payout))),
      }),
    );
  });
  rows.push(rowOf(PUBLICITY, { no: L.total, item: L.awardsTotal, payout: cellNumber(result.totals.awards.paid) }));
  rows.push(
    [],
    [L.publicityStart, null, L.publicityEnd, null],
    [P.objections(policy?.publicity.contact)],
    [],
    [L.signatures],
  );
  // The issuer that publishes the list: the first of the notice's issuers (the bureau, not 财政局).
  const issuer = policy?.issuer.split("、")[0];
  return {
    sheet: SHEETS.publicity,
    title: [...(issuer ? [issuer] : []), P.title(result.policy.notice, result.options.batch), P.unit],
    columns: columnsOf(PUBLICITY, lang, result.options.rounding),
    rows,
    freezeRows: 1,
    charts: [],
  };
}

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
