/**
 * What changed since an earlier result of this tool (issue 11, "What changed"): after a claimant corrects a row
 * and the batch is balanced again, every ledger row whose status or payout changed, why, and each item's demand,
 * moves and paid before and after. The earlier result is read back from the sheets this tool wrote — the output
 * columns on the ledger sheets, 汇总 and 运行记录 — in the workbook balanced (a second run on it) or in another
 * workbook (the command's `--compare`). Rows are matched by sheet and row, as the clerk refers to them.
 * No Office, no exceljs, no file system.
 */
import type Decimal from "decimal.js";
import { parseRecipientIdentity } from "../engine/classify";
import { Money, ZERO } from "../engine/money";
import {
  type BalanceResult,
  type Bilingual,
  type CellValue,
  type ItemId,
  type ItemResult,
  type Lang,
  type PayoutMark,
  type Rounding,
  type RowStatus,
} from "../engine/types";
import {
  CHANGED_ITEMS,
  CHANGES,
  findColumns,
  headersOf,
  LEDGER_OUTPUT,
  markOf,
  productGrid,
  rowOf,
  type Grid,
  type LedgerRead,
  type SheetMapping,
} from "../ledger";
import { cellText } from "../ledger/grid";
import { outputBlock } from "../ledger/headers";
import { amountOf, earlierItems, settingRows, type EarlierItem, type RunInfo, type Table } from "../report";
import { cellNumber, columnsOf, factorCell, moneyText, percentText } from "../report/format";
import { labels, SHEETS } from "../report/labels";

/** A row's status and payout as one run left it. */
export interface RowState {
  status: RowStatus;
  /** 元, exact as written. */
  payout: Decimal;
}

/** A ledger row whose status or payout changed, or that is new or gone; `causes` say why, in both languages. */
export interface RowChange {
  ref: { sheet: string; row: number };
  claimant: string;
  /** Its item (P1–P4), or "" for a row refused before its item was known. */
  item: string;
  /** Absent for a new row. */
  before?: RowState;
  /** Absent for a row that is gone. */
  after?: RowState;
  causes: Bilingual[];
}

/** An amount before and after; `before` is absent when the earlier 汇总 did not say. */
export interface Flow {
  before?: Decimal;
  after: Decimal;
}

/** An item whose demand, moves (调入/调出) or paid changed. */
export interface ItemChange {
  id: ItemId;
  demand: Flow;
  received: Flow;
  released: Flow;
  paid: Flow;
}

export interface Changes {
  /** In sheet order, then row order. */
  rows: RowChange[];
  items: ItemChange[];
  /** Sheets whose earlier output columns were not read back from `row` (1-based) down: those rows not compared. */
  notCompared?: { sheet: string; row: number }[];
}

/** A ledger row as the earlier result wrote it. */
export interface EarlierRow {
  sheet: string;
  /** 1-based Excel row. */
  row: number;
  item: string;
  claimant: string;
  /** Its unit (item and identity), when the earlier ledger says who claimed it. */
  unit?: string;
  status: RowStatus;
  /** A clerk's mark written over its status after publicity. */
  mark?: PayoutMark;
  payout: Decimal;
  award?: Decimal;
}

/** An earlier result of this tool, read back from its sheets. */
export interface EarlierResult {
  rows: EarlierRow[];
  items: Partial<Record<ItemId, EarlierItem>>;
  /** Its 运行记录's policy and option lines, in the language it was written in; absent when not read. */
  settings?: { lang: Lang; rows: [string, string][] };
  /** Per sheet, the 1-based row from which its output columns were not read back: nothing known there. */
  unread?: Record<string, number>;
}

/** What this run lays out, to compare with the earlier result. */
export interface ThisRun {
  result: BalanceResult;
  ledger: LedgerRead;
  /** The grids the run read (a refused row's claimant is read from its sheet). */
  grids: Grid[];
  run: RunInfo;
}

const LANGS: Lang[] = ["zh", "en"];

const STATUS_WORDS = new Map<string, RowStatus>(
  LANGS.flatMap((lang) => Object.entries(labels(lang).status).map(([status, word]) => [word, status as RowStatus])),
);

/** The keys of 运行记录's setting lines (src/report/summary.ts `settingRows`). */
const SETTING_KEYS = [
  "policy",
  "version",
  "notice",
  "reallocate",
  "rule",
  "priority",
  "rounding",
  "batch",
  "whatIf",
] as const;
type SettingKey = (typeof SETTING_KEYS)[number];

const rowKey = (sheet: string, row: number) => `${sheet}\u0000${row}`;
const unitKey = (item: string, key: string) => `${item}\u0000${key}`;

/** An amount as a cell holds it: what a later run reads back, so before and after are compared alike. */
const written = (d: Decimal): Decimal => new Money(String(cellNumber(d)));

/**
 * The earlier result in `grids` as `ledger` reads them: each ledger row with a status in the output columns,
 * 汇总's items, 运行记录's settings. Undefined when no ledger sheet holds output columns with a status: the
 * workbook holds no result of this tool. `unread`: per sheet, the 0-based row from which the output columns
 * were not read (their cells are blank in the grid, and say nothing of the earlier run).
 */
export function readEarlierResult(
  grids: Grid[],
  ledger: LedgerRead,
  unread: Record<string, { row: number }> = {},
): EarlierResult | undefined {
  const claims = new Map(ledger.claims.map((c) => [rowKey(c.sheet, c.row), c]));
  const rows = ledger.sheets.flatMap((mapping) => {
    const grid = grids.find((g) => g.name === mapping.sheet);
    return grid ? earlierRows(grid, mapping, claims, unread[mapping.sheet]?.row) : [];
  });
  if (rows.length === 0) return undefined;
  const settings = earlierSettings(grids);
  const notRead = Object.entries(unread).map(([sheet, { row }]) => [sheet, row + 1] as const);
  return {
    rows,
    items: earlierItems(grids) ?? {},
    ...(settings ? { settings } : {}),
    ...(notRead.length > 0 ? { unread: Object.fromEntries(notRead) } : {}),
  };
}

function earlierRows(
  grid: Grid,
  mapping: SheetMapping,
  claims: Map<string, LedgerRead["claims"][number]>,
  unreadFrom = Infinity,
): EarlierRow[] {
  const headers = Array.from(grid.cells[mapping.headerRow - 1] ?? [], (v) => v ?? null);
  const block = outputBlock(headers);
  if (!block) return [];
  // Within the output block only: the ledger may have a column of its own called 状态.
  const ours = headers.slice(block.start, block.end);
  const found = findColumns(LEDGER_OUTPUT, ours, ["payout", "status"]);
  if (!found) return [];
  const award = findColumns(LEDGER_OUTPUT, ours, ["award"])?.award;
  const name = mapping.columns.claimantName?.index;
  const rows: EarlierRow[] = [];
  for (let r = mapping.headerRow; r < Math.min(grid.cells.length, unreadFrom); r++) {
    const line = grid.cells[r];
    const word = cellText(line?.[block.start + found.status] ?? null);
    // A clerk's mark after publicity (撤销 / 未兑付 / 追缴) stands where the status was: a paid row, marked.
    const mark = STATUS_WORDS.has(word) ? undefined : markOf(word);
    const said = STATUS_WORDS.get(word) ?? (mark?.ok && mark.value ? "paid" : undefined);
    if (!said) continue;
    const payout = amountOf(line[block.start + found.payout]) ?? ZERO;
    // A result written before rows paid nothing had a status of their own said 应兑付 over 0.00.
    const status = said === "paid" && !mark && payout.isZero() ? "zero" : said;
    const claim = claims.get(rowKey(mapping.sheet, r + 1));
    const claimant = cellText((claim ? claim.values.claimantName : name === undefined ? null : line[name]) ?? null);
    const code = cellText(claim?.values.claimantCode ?? null);
    rows.push({
      sheet: mapping.sheet,
      row: r + 1,
      item: claim?.item ?? mapping.item ?? "",
      claimant,
      ...(claim ? { unit: unitKey(claim.item, parseRecipientIdentity(claimant, code || undefined)) } : {}),
      status,
      ...(mark?.ok && mark.value ? { mark: mark.value } : {}),
      payout,
      ...(award === undefined ? {} : { award: amountOf(line[block.start + award]) }),
    });
  }
  return rows;
}

/** 运行记录's setting lines, and the language they are in (told by the label of the policy line). */
function earlierSettings(grids: Grid[]): EarlierResult["settings"] {
  const record = productGrid(grids, "runRecord");
  if (!record) return undefined;
  const labelOf = (cell: CellValue | undefined) => cellText(cell ?? null);
  const lang = LANGS.find((l) => record.cells.some((line) => labelOf(line?.[0]) === labels(l).run.policy));
  if (!lang) return undefined;
  const names = new Set<string>(SETTING_KEYS.map((k) => labels(lang).run[k]));
  const rows = record.cells
    .filter((line) => names.has(labelOf(line?.[0])))
    .map((line): [string, string] => [labelOf(line[0]), cellText(line[1] ?? null)]);
  return { lang, rows };
}

/** A row of this run, as its output columns will say. */
interface NowRow {
  sheet: string;
  row: number;
  item: string;
  claimant: string;
  unit: string;
  status: RowStatus;
  payout: Decimal;
  award: Decimal;
}

function nowRows({ result, ledger, grids }: ThisRun): NowRow[] {
  const rows: NowRow[] = result.rows.map((r) => ({
    sheet: r.ref.sheet,
    row: r.ref.row,
    item: r.item,
    claimant: r.claimant,
    unit: unitKey(r.item, r.claimantKey),
    status: r.status,
    payout: r.payout,
    award: r.award,
  }));
  // A row the reader could not take is refused in place (src/report ledgerOutputs): it has a status too.
  const balanced = new Set(rows.map((r) => rowKey(r.sheet, r.row)));
  for (const p of ledger.rowProblems) {
    const mapping = ledger.sheets.find((m) => m.sheet === p.sheet && m.missing.length === 0);
    if (!mapping || balanced.has(rowKey(p.sheet, p.row))) continue;
    balanced.add(rowKey(p.sheet, p.row));
    const name = mapping.columns.claimantName?.index;
    const line = grids.find((g) => g.name === p.sheet)?.cells[p.row - 1];
    const claimant = name === undefined ? "" : cellText(line?.[name] ?? null);
    const item = mapping.item ?? "";
    rows.push({ ...p, item, claimant, unit: unitKey(item, claimant), status: "rejected", payout: ZERO, award: ZERO });
  }
  return rows;
}

type ChangeLabels = ReturnType<typeof labels>["changes"];

/** Both languages of a text, from the 变更 labels. */
function both(text: (C: ChangeLabels, L: ReturnType<typeof labels>, lang: Lang) => string): Bilingual {
  return Object.fromEntries(LANGS.map((l) => [l, text(labels(l).changes, labels(l), l)])) as Bilingual;
}

/** Parts of a detail in one text, each language with its own separator. */
const joined = (parts: Bilingual[]): Bilingual => both((C, _, lang) => parts.map((p) => p[lang]).join(C.separator));

/** What happened to a row, as a clerk would say it (the 变更 labels' `kinds`), and what explains it. */
interface Cause {
  kind: keyof ChangeLabels["kinds"];
  detail?: Bilingual;
}

/** Statuses a claimant's correction moves a row into or out of: refused on its cells, or held until checked. */
const AWAITING_CORRECTION: readonly RowStatus[] = ["rejected", "held"];

const differs = (before: Decimal | undefined, after: Decimal) => before !== undefined && !before.equals(written(after));

/** Each changed amount of an item, `P4 本批调入 0.00 → 100,000.00 元`; none when nothing changed. */
function amountsChanged<F extends string>(
  id: string,
  before: Partial<Record<NoInfer<F>, Decimal>>,
  now: Record<NoInfer<F>, Decimal>,
  text: Record<F, (C: ChangeLabels) => (item: string, before: string, after: string) => string>,
): Bilingual[] {
  return (Object.keys(text) as F[])
    .filter((f) => differs(before[f], now[f]))
    .map((f) => both((C) => text[f](C)(id, moneyText(before[f]!), moneyText(now[f]))));
}

/**
 * Why every paid row of an item may have moved: the moves between items changed (因资金调剂变化), or its pro-rata
 * factor or the money available to it did (因项目按比例变化) — moves and available only matter to a pro-rata item.
 */
function itemCauses(id: string, before: EarlierItem | undefined, now: ItemResult): Cause[] {
  if (!before) return [];
  const factorNow = factorCell(now.factor);
  const factorChanged = before.factor !== undefined && before.factor !== factorNow;
  if (!(factorNow < 1 || (before.factor ?? 1) < 1)) return [];
  const causes: Cause[] = [];
  const moves = amountsChanged(id, before, now, { received: (C) => C.received, released: (C) => C.released });
  if (moves.length > 0) causes.push({ kind: "moves", detail: joined(moves) });
  // Money available moves with the moves: said once, by them.
  const available = moves.length > 0 ? [] : amountsChanged(id, before, now, { available: (C) => C.available });
  const factor = factorChanged
    ? [both((C) => C.factor(id, percentText(new Money(before.factor!)), percentText(now.factor)))]
    : [];
  if (factor.length + available.length > 0) causes.push({ kind: "proRata", detail: joined([...factor, ...available]) });
  return causes;
}

/** Why an item's cap and budget left may have moved: what earlier batches paid or moved differs. */
function priorCause(id: string, before: EarlierItem | undefined, now: ItemResult): Cause | undefined {
  if (!before) return undefined;
  const detail = amountsChanged(id, before, now, {
    prior: (C) => C.priorPaid,
    priorReceived: (C) => C.priorReceived,
    priorReleased: (C) => C.priorReleased,
  });
  return detail.length > 0 ? { kind: "prior", detail: joined(detail) } : undefined;
}

/** The policy and option lines of 运行记录 that differ from this run's, by key; undefined when not known. */
function changedSettings(earlier: EarlierResult, now: ThisRun): SettingKey[] | undefined {
  if (!earlier.settings) return undefined;
  const { lang, rows } = earlier.settings;
  const R = labels(lang).run;
  const mine = settingRows(now.result, now.run, lang).map(([label, value]) => [cellText(label), cellText(value)]);
  const valuesOf = (list: string[][], key: SettingKey) =>
    list
      .filter(([label]) => label === R[key])
      .map(([, v]) => v)
      .sort()
      .join("\u0000");
  return SETTING_KEYS.filter((k) => valuesOf(rows, k) !== valuesOf(mine, k));
}

/**
 * Why a row changed on its own account: it is new or gone; the claimant's correction moved it into or out of
 * 不予兑付 or 暂缓兑付; or its award — what its own cells claim, before the unit's cap and the item's factor — is
 * another (金额更正).
 */
function ownCause(b: EarlierRow | undefined, a: NowRow | undefined): Cause | undefined {
  if (!b) return { kind: "added" };
  if (!a) return { kind: "gone", detail: both((C) => C.goneDetail) };
  if (b.status !== a.status && [b.status, a.status].some((s) => AWAITING_CORRECTION.includes(s))) {
    return { kind: "corrected" };
  }
  if (differs(b.award, a.award)) {
    return { kind: "amount", detail: both((C) => C.award(moneyText(b.award!), moneyText(a.award))) };
  }
  return undefined;
}

/** A row's status and payout as a clerk reads them: the amount when paid, else the status. */
function stateText(state: RowState, lang: Lang): string {
  return state.status === "paid" ? moneyText(state.payout) : labels(lang).status[state.status];
}

/**
 * A row's causes in words: the first says what happened with its before → after (`更正后应兑付：不予兑付 →
 * 6,000.00`), each one after it what else moved the row (`因项目按比例变化（P4 比例 93.36% → 80.00%）`).
 */
function causeTexts(causes: Cause[], before: RowState | undefined, after: RowState | undefined): Bilingual[] {
  return causes.map((cause, i) =>
    both((C, L, lang) => {
      const kind = cause.kind === "corrected" ? C.kinds.corrected(L.status[after!.status]) : C.kinds[cause.kind];
      const transition =
        before && after
          ? C.transition(stateText(before, lang), stateText(after, lang))
          : after
            ? stateText(after, lang)
            : C.goneAs(stateText(before!, lang));
      const text = i === 0 ? C.headline(kind, transition) : kind;
      return cause.detail ? C.detailed(text, cause.detail[lang]) : text;
    }),
  );
}

/**
 * This run against the earlier result: each row whose status or payout changed (or that is new, or gone) with
 * its causes, then each item whose demand, moves or paid changed. Amounts are compared as the cells hold them.
 */
export function compareRuns(earlier: EarlierResult, now: ThisRun): Changes {
  const before = new Map(earlier.rows.map((r) => [rowKey(r.sheet, r.row), r]));
  // Rows whose earlier outputs were not read back are not compared: they are neither new nor changed.
  const known = (r: NowRow) => r.row < (earlier.unread?.[r.sheet] ?? Infinity);
  const after = new Map(
    nowRows(now)
      .filter(known)
      .map((r) => [rowKey(r.sheet, r.row), r]),
  );
  // Another unit's claim in the same place (another ledger's result, rows re-sorted) is no change of that row: the
  // earlier one is gone and this one is new, so no unit is credited with another's earlier status or payout.
  const replaced: EarlierRow[] = [];
  for (const [key, b] of before) {
    const a = after.get(key);
    if (a && b.unit !== undefined && a.unit !== b.unit) {
      replaced.push(b);
      before.delete(key);
    }
  }

  // A row that changed on its own account: its award, its errors, or it is new or gone.
  const own = new Map<string, Cause>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const cause = ownCause(before.get(key), after.get(key));
    if (cause) own.set(key, cause);
  }
  // Units whose rows changed on their own account: the other rows share the unit's cap.
  const touched = new Map<string, Set<string>>();
  for (const key of own.keys()) {
    const unit = after.get(key)?.unit ?? before.get(key)?.unit;
    if (unit !== undefined) touched.set(unit, (touched.get(unit) ?? new Set()).add(key));
  }
  const settings = changedSettings(earlier, now);
  const settingsCause: Cause | undefined =
    settings && settings.length > 0
      ? {
          kind: "settings",
          detail: both((C, L) => settings.map((k) => L.run[k]).join(C.list)),
        }
      : undefined;
  const byItem = new Map(
    now.result.items.map((item) => {
      const was = earlier.items[item.id];
      return [
        item.id as string,
        {
          paid: itemCauses(item.id, was, item),
          prior: priorCause(item.id, was, item),
        },
      ];
    }),
  );

  const rows: RowChange[] = replaced.map((b) => ({
    ref: { sheet: b.sheet, row: b.row },
    claimant: b.claimant,
    item: b.item,
    before: { status: b.status, payout: b.payout },
    causes: causeTexts(
      [{ kind: "gone", detail: both((C) => C.replaced) }],
      { status: b.status, payout: b.payout },
      undefined,
    ),
  }));
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [b, a] = [before.get(key), after.get(key)];
    const changed = !b || !a || b.status !== a.status || differs(b.payout, a.payout);
    if (!changed) continue;
    const causes: Cause[] = [];
    const mine = own.get(key);
    if (mine) causes.push(mine);
    if (a && b) {
      const mates = touched.get(a.unit);
      if (mates && [...mates].some((k) => k !== key)) causes.push({ kind: "unit", detail: both((C) => C.unitDetail) });
      // 从高不重复: which row of a patent is paid depends on the others (POLICY §2).
      if (a.status !== b.status && [a.status, b.status].includes("duplicate")) causes.push({ kind: "duplicate" });
      if (settingsCause) causes.push(settingsCause);
      const item = byItem.get(a.item);
      if (item?.prior) causes.push(item.prior);
      if ([a.status, b.status].some((s) => s === "paid" || s === "zero")) causes.push(...(item?.paid ?? []));
      if (causes.length === 0) causes.push({ kind: "other" });
    }
    const row = (a ?? b)!;
    const [was, is] = [b && { status: b.status, payout: b.payout }, a && { status: a.status, payout: a.payout }];
    rows.push({
      ref: { sheet: row.sheet, row: row.row },
      // A name cleared since is still the earlier row's.
      claimant: a?.claimant || b?.claimant || "",
      item: row.item,
      ...(was ? { before: was } : {}),
      ...(is ? { after: is } : {}),
      causes: causeTexts(causes, was, is),
    });
  }
  const order = new Map(now.grids.map((g, i) => [g.name, i]));
  rows.sort(
    (x, y) =>
      (order.get(x.ref.sheet) ?? Infinity) - (order.get(y.ref.sheet) ?? Infinity) ||
      x.ref.sheet.localeCompare(y.ref.sheet) ||
      x.ref.row - y.ref.row,
  );

  const itemChanges: ItemChange[] = [];
  for (const item of now.result.items) {
    const b = earlier.items[item.id];
    const flow = (field: "demand" | "received" | "released" | "paid"): Flow => ({
      ...(b?.[field] ? { before: b[field] } : {}),
      after: item[field],
    });
    const change = { id: item.id, demand: flow("demand"), received: flow("received"), released: flow("released") };
    const paid = flow("paid");
    if ([change.demand, change.received, change.released, paid].some((f) => differs(f.before, f.after))) {
      itemChanges.push({ ...change, paid });
    }
  }
  const notCompared = Object.entries(earlier.unread ?? {}).map(([sheet, row]) => ({ sheet, row }));
  return { rows, items: itemChanges, ...(notCompared.length > 0 ? { notCompared } : {}) };
}

/** 变更: the rows that changed, then the items; one line 无变化 when nothing did. */
export function changesTable(changes: Changes, lang: Lang, rounding: Rounding): Table {
  const L = labels(lang);
  const C = L.changes;
  const money = (d: Decimal | undefined) => (d === undefined ? null : cellNumber(d));
  const rows: CellValue[][] = changes.rows.map((c) =>
    rowOf(CHANGES, {
      sheet: c.ref.sheet,
      row: c.ref.row,
      claimant: c.claimant,
      item: c.item,
      statusBefore: c.before ? L.status[c.before.status] : null,
      payoutBefore: money(c.before?.payout),
      statusAfter: c.after ? L.status[c.after.status] : null,
      payoutAfter: money(c.after?.payout),
      cause: c.causes.map((x) => x[lang]).join(C.separator),
    }),
  );
  if (changes.rows.length === 0 && changes.items.length === 0) rows.push([C.none]);
  for (const { sheet, row } of changes.notCompared ?? []) rows.push([C.notCompared(sheet, row)]);
  if (changes.items.length > 0) {
    rows.push([], [C.itemsTitle], headersOf(CHANGED_ITEMS, lang));
    for (const it of changes.items) {
      rows.push(
        rowOf(CHANGED_ITEMS, {
          id: it.id,
          demandBefore: money(it.demand.before),
          demandAfter: money(it.demand.after),
          receivedBefore: money(it.received.before),
          receivedAfter: money(it.received.after),
          releasedBefore: money(it.released.before),
          releasedAfter: money(it.released.after),
          paidBefore: money(it.paid.before),
          paidAfter: money(it.paid.after),
        }),
      );
    }
  }
  return { sheet: SHEETS.changes, columns: columnsOf(CHANGES, lang, rounding), rows, freezeRows: 1, charts: [] };
}

/** One line for the console: how many rows and items changed, or 无变化. */
export function changesLine(changes: Changes, lang: Lang): string {
  const C = labels(lang).changes;
  if (changes.rows.length === 0 && changes.items.length === 0) return C.noneLine;
  return C.line(changes.rows.length, changes.items.length);
}
