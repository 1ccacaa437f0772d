/**
 * The year a run belongs to (LEDGER.md "A result as earlier payouts"; POLICY.md §2 steps 4–6): 累计已兑付 — every
 * payout the year has made up to this run and every batch's moves, the one sheet a later batch needs — and the
 * year's view of each item (each batch's paid, moves, what is left) for 汇总 and the JSON.
 * Pure: both writers write these tables.
 */
import type Decimal from "decimal.js";
import { memo } from "../engine/memo";
import { sumMoney, ZERO } from "../engine/money";
import { isBlank, parseAmount, parseBatch } from "../engine/values";
import {
  ALL_ITEMS,
  type BalanceResult,
  type CellValue,
  type ItemId,
  type Lang,
  type PriorPayout,
  type RawClaim,
} from "../engine/types";
import {
  CUMULATIVE,
  CUMULATIVE_MOVES,
  findColumns,
  headersOf,
  MARK_TEXT,
  readPriorPayouts,
  rowOf,
  type Grid,
  type LedgerRead,
  type RowProblem,
} from "../ledger";
import { cellText, columnLetter } from "../ledger/grid";
import type { Policy } from "../policy/policy";
import { cellNumber, columnsOf, moneyText } from "./format";
import { labels, SHEETS } from "./labels";
import type { Table } from "./types";

/** What one batch moved into and out of one item (§四(三)). */
export interface BatchMove {
  /** 0 = before any batch of this policy. */
  batch: number;
  item: ItemId;
  received: Decimal;
  released: Decimal;
}

/** What the year held before this run, as the run read it: every payout (marked ones too) and every move. */
export interface YearBefore {
  payouts: PriorPayout[];
  moves: BatchMove[];
}

/** A payout's reference as a ledger writes it: patent numbers, or the filing or registration number alone. */
function referenceText(claimed: readonly string[]): string {
  return claimed.map((k) => k.replace(/^(filing|pledge):/, "")).join("、");
}

/** The cell of a ledger row that says what it paid for, by item. */
function referenceCell(raw: RawClaim): CellValue {
  const v = raw.values;
  if (raw.item === "P3") return v.productFilingNo ?? null;
  if (raw.item === "P4") return v.pledgeRegistration ?? null;
  return v.patentNumber ?? null;
}

/** Where a payout stands: the ledger row it paid, else the list row it was read from. */
function sourceText(p: PriorPayout): string | null {
  const at = p.origin ?? p.ref;
  return at ? `${at.sheet}!${at.row}` : null;
}

/** This run's own payouts, as 累计已兑付 lists them: every row paid more than nothing. */
function ownRows(result: BalanceResult, ledger: LedgerRead, batch: number): CellValue[][] {
  // By sheet, then row: no key string made per row.
  const raws = new Map<string, Map<number, RawClaim>>();
  for (const c of ledger.claims) {
    const sheet = raws.get(c.sheet) ?? new Map<number, RawClaim>();
    raws.set(c.sheet, sheet.set(c.row, c));
  }
  // Once per distinct amount (a result's rows share their amounts' objects: balance.ts's fen → Money cache), and
  // once per unit's name and code (a reference is the row's own).
  const amount = memo(cellNumber);
  const text = memo(cellText);
  return result.rows
    .filter((r) => r.status === "paid" && r.payout.greaterThan(ZERO))
    .map((r) => {
      const raw = raws.get(r.ref.sheet)?.get(r.ref.row);
      return rowOf(CUMULATIVE, {
        batch,
        item: r.item,
        name: text(raw?.values.claimantName ?? r.claimant),
        code: text(raw?.values.claimantCode ?? null) || null,
        reference: raw ? cellText(referenceCell(raw)) || null : null,
        amount: amount(r.payout),
        source: `${r.ref.sheet}!${r.ref.row}`,
      });
    });
}

/**
 * 累计已兑付: the payouts this run rested on (their batch; blank for a list without batches), then its own under
 * `batch`; below, after its title, every batch's moves, this one's included. The sheet a later batch reads.
 */
export function cumulativeTable(
  result: BalanceResult,
  ledger: LedgerRead,
  before: YearBefore,
  batch: number,
  lang: Lang,
): Table {
  const L = labels(lang).year;
  const rows: CellValue[][] = before.payouts.map((p) =>
    rowOf(CUMULATIVE, {
      batch: p.batch ? p.batch : null,
      item: p.item,
      name: p.claimantName,
      code: p.claimantCode ?? null,
      reference: referenceText(p.claimed) || null,
      amount: cellNumber(p.amount),
      status: p.mark ? MARK_TEXT[p.mark].zh : null,
      note: p.markNote ?? null,
      source: sourceText(p),
    }),
  );
  // Appended one by one: a spread of 1,000,000 rows into push() overflows the call stack.
  for (const row of ownRows(result, ledger, batch)) rows.push(row);
  const moves = [...before.moves, ...runMoves(result, batch)];
  rows.push([], [L.movesTitle], headersOf(CUMULATIVE_MOVES, lang));
  for (const m of moves) {
    rows.push(
      rowOf(CUMULATIVE_MOVES, {
        batch: m.batch || null,
        item: m.item,
        received: cellNumber(m.received),
        released: cellNumber(m.released),
      }),
    );
  }
  return {
    sheet: SHEETS.cumulative,
    columns: columnsOf(CUMULATIVE, lang, result.options.rounding),
    rows,
    freezeRows: 1,
    charts: [],
  };
}

/** What this run moved, per item, as moves of its batch. */
export function runMoves(result: BalanceResult, batch: number): BatchMove[] {
  return result.items
    .filter((i) => !i.received.isZero() || !i.released.isZero())
    .map((i) => ({ batch, item: i.id, received: i.received, released: i.released }));
}

const MOVES_TITLES = new Set([labels("zh").year.movesTitle, labels("en").year.movesTitle]);

/**
 * An earlier result's 累计已兑付 read back: its payouts (read as a 已兑付 sheet, with 批次 and 状态) and, below its
 * title, every batch's moves. Every line that cannot be read is a problem: it would move money if skipped.
 */
export function readCumulative(grid: Grid, policy: Policy): YearBefore & { problems: RowProblem[] } {
  const at = grid.cells.findIndex((r) => MOVES_TITLES.has(cellText(r?.[0] ?? null)));
  const payoutPart = { ...grid, cells: at < 0 ? grid.cells : grid.cells.slice(0, at) };
  const read = readPriorPayouts(payoutPart, policy);
  const problems = [...read.problems];
  const moves: BatchMove[] = [];
  if (at < 0) {
    problems.push({
      sheet: grid.name,
      row: grid.cells.length + 1,
      zh: `找不到“${labels("zh").year.movesTitle}”表：无法得知往期资金调剂`,
      en: `no "${labels("zh").year.movesTitle}" table: the earlier batches' moves cannot be read`,
    });
    return { payouts: read.payouts, moves, problems };
  }
  const header = at + 1;
  const found = findColumns(CUMULATIVE_MOVES, grid.cells[header] ?? [], ["batch", "item", "received", "released"]);
  if (!found) {
    problems.push({
      sheet: grid.name,
      row: header + 1,
      zh: `“${labels("zh").year.movesTitle}”下一行应为表头：批次、项目编号、调入、调出`,
      en: `the row under "${labels("zh").year.movesTitle}" should be its header: 批次, 项目编号, 调入, 调出`,
    });
    return { payouts: read.payouts, moves, problems };
  }
  for (let r = header + 1; r < grid.cells.length; r++) {
    const line = grid.cells[r] ?? [];
    if (line.every(isBlank)) continue;
    const flag = (field: keyof typeof found, zh: string, en: string) =>
      problems.push({ sheet: grid.name, row: r + 1, column: columnLetter(found[field]), zh, en });
    const batchCell = line[found.batch] ?? null;
    const batch = isBlank(batchCell) ? { ok: true as const, value: 0 } : parseBatch(batchCell);
    const item = cellText(line[found.item] ?? null) as ItemId;
    const received = parseAmount(line[found.received] ?? 0, "yuan");
    const released = parseAmount(line[found.released] ?? 0, "yuan");
    if (!batch.ok) flag("batch", `批次应为${batch.expected.zh}`, `batch: expected ${batch.expected.en}`);
    else if (!(ALL_ITEMS as readonly string[]).includes(item)) {
      flag("item", `项目编号应为 P1–P8，而不是「${item}」`, `item: expected P1–P8, not "${item}"`);
    } else if (!received.ok)
      flag("received", `调入应为${received.expected.zh}`, `moved in: expected ${received.expected.en}`);
    else if (!released.ok)
      flag("released", `调出应为${released.expected.zh}`, `moved out: expected ${released.expected.en}`);
    else moves.push({ batch: batch.value, item, received: received.value, released: released.value });
  }
  return { payouts: read.payouts, moves, problems };
}

/** Moves of batches before `batch`, as the engine takes them: what each item had received and released. */
export function movesBefore(moves: readonly BatchMove[], batch: number) {
  const received: Partial<Record<ItemId, Decimal>> = {};
  const released: Partial<Record<ItemId, Decimal>> = {};
  for (const m of moves.filter((m) => m.batch < batch)) {
    if (!m.received.isZero()) received[m.item] = sumMoney([received[m.item] ?? ZERO, m.received]);
    if (!m.released.isZero()) released[m.item] = sumMoney([released[m.item] ?? ZERO, m.released]);
  }
  return { received, released };
}

/** An item over the year: what each batch paid and moved, what is left, and whether the year stays in budget. */
export interface YearItem {
  id: ItemId;
  name: string;
  budget: Decimal;
  /** Per batch (0 = before any batch), payouts counted as paid (marked ones not). */
  paid: Record<number, Decimal>;
  received: Decimal;
  released: Decimal;
  total: Decimal;
  /** budget + received − released − total. */
  left: Decimal;
  /** Σ batches ≤ budget + received − released. */
  withinBudget: boolean;
}

export interface YearView {
  batch: number;
  batches: number[];
  items: YearItem[];
}

/** The year up to and with this run, for P1–P4 (the items a ledger pays). */
export function yearView(result: BalanceResult, before: YearBefore, batch: number): YearView {
  const moves = [...before.moves, ...runMoves(result, batch)];
  const counted = before.payouts.filter((p) => !p.mark);
  const batches = [...new Set([...counted.map((p) => p.batch ?? 0), batch])].sort((a, b) => a - b);
  const items = result.items
    .filter((i) => ["P1", "P2", "P3", "P4"].includes(i.id))
    .map((i): YearItem => {
      const paid: Record<number, Decimal> = {};
      for (const b of batches) {
        paid[b] =
          b === batch
            ? i.paid
            : sumMoney(counted.filter((p) => p.item === i.id && (p.batch ?? 0) === b).map((p) => p.amount));
      }
      const received = sumMoney(moves.filter((m) => m.item === i.id).map((m) => m.received));
      const released = sumMoney(moves.filter((m) => m.item === i.id).map((m) => m.released));
      const total = sumMoney(Object.values(paid));
      const left = i.budget.plus(received).minus(released).minus(total);
      return {
        id: i.id,
        name: i.name,
        budget: i.budget,
        paid,
        received,
        released,
        total,
        left,
        withinBudget: !left.isNegative(),
      };
    });
  return { batch, batches, items };
}

/**
 * 汇总's year block: per item, budget, each batch's paid, moves, the year's paid and what is left, and the check —
 * its amounts under 汇总's money columns (from 预算 on), so they read alike.
 */
export function yearRows(view: YearView, lang: Lang): CellValue[][] {
  const L = labels(lang).year;
  const header = [
    L.item,
    "",
    L.budget,
    ...view.batches.map((b) => L.batchPaid(b)),
    L.received,
    L.released,
    L.total,
    L.left,
    L.check,
  ];
  const rows: CellValue[][] = [[L.title], header];
  for (const i of view.items) {
    rows.push([
      i.id,
      i.name,
      cellNumber(i.budget),
      ...view.batches.map((b) => cellNumber(i.paid[b])),
      cellNumber(i.received),
      cellNumber(i.released),
      cellNumber(i.total),
      cellNumber(i.left),
      i.withinBudget ? L.ok : L.over(moneyText(i.left.negated())),
    ]);
  }
  return rows;
}

/** The JSON's `year`: flat money strings, as `items[]` has them. */
export function yearJson(view: YearView): object {
  const money = (d: Decimal) => d.toFixed(2);
  return {
    batch: view.batch,
    batches: view.batches,
    items: view.items.map((i) => ({
      id: i.id,
      budget: money(i.budget),
      paidByBatch: Object.fromEntries(view.batches.map((b) => [String(b), money(i.paid[b])])),
      received: money(i.received),
      released: money(i.released),
      paid: money(i.total),
      left: money(i.left),
      withinBudget: i.withinBudget,
    })),
  };
}
