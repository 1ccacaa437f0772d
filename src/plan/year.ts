/**
 * Which batch a run is, and what the year paid and moved before it (LEDGER.md "A result as earlier payouts",
 * "One workbook for the year"; POLICY.md §2 steps 3–6). An earlier result of this tool is read from what it wrote
 * for machines — 累计已兑付, 运行记录, its ledger rows' output columns — never by guessing: one that cannot be read,
 * that names another policy, that is a what-if, or whose rows do not add up to what it says it paid stops the run.
 * No Office, no exceljs, no file system.
 */
import type Decimal from "decimal.js";
import { sumMoney, ZERO } from "../engine/money";
import { normaliseName, parseBatch } from "../engine/values";
import type { ItemId, PerformanceItemId, PriorMoves, PriorPayout, RawClaim } from "../engine/types";
import { productGrid, readClaimed, type Grid, type LedgerRead } from "../ledger";
import type { Policy } from "../policy";
import { earlierItems, earlierRun, readCumulative, SHEETS, type BatchMove, type YearBefore } from "../report";
import { readEarlierResult, type EarlierRow } from "./changes";
import { payoutKey } from "./earlier";
import { recordedRun } from "./explain";
import type { Blocking, Message } from "./plan";

/** A result of this tool, read back for what it paid. */
export interface ResultRead {
  /** The batch it paid: as recorded, else 1 (a result that recorded none is the year's first). */
  batch: number;
  recordedBatch: number | null;
  /** A 累计已兑付 copied in from an earlier result, without that result's other sheets: the next batch by default. */
  imported?: boolean;
  /** Its ledger rows it decided (a status or a clerk's mark in its output columns). */
  rows: EarlierRow[];
  /** Per ledger sheet, the rows it had itself left to an earlier batch (its 运行记录). */
  earlierRows: Record<string, number[]>;
  /** Its own payouts from those rows, as earlier payouts of its batch. */
  own: PriorPayout[];
  /** The year before and with it, from its 累计已兑付; absent for a result written before there was one. */
  cumulative?: YearBefore;
  problems: Blocking[];
  /** Its paid rows that cannot be read back as payouts: they stop a later batch, not a re-run of its own. */
  unreadPaid: Blocking[];
  refusal?: Message;
  notices: Message[];
}

const rowKey = (sheet: string, row: number) => `${sheet}\u0000${row}`;

/** The reference cell of a ledger row, by item (what 从高不重复 keys it by). */
export function referenceOf(raw: RawClaim) {
  if (raw.item === "P3") return raw.values.productFilingNo ?? null;
  if (raw.item === "P4") return raw.values.pledgeRegistration ?? null;
  return raw.values.patentNumber ?? null;
}

/** A ledger row's claim as an earlier payout of `amount`; undefined when its reference cannot be read. */
function payoutOf(raw: RawClaim, amount: Decimal, batch: number, mark?: PriorPayout["mark"]): PriorPayout | undefined {
  const claimed = readClaimed(raw.item, referenceOf(raw));
  if ("bad" in claimed) return undefined;
  const code = String(raw.values.claimantCode ?? "").trim();
  return {
    item: raw.item,
    claimantName: normaliseName(String(raw.values.claimantName ?? "")),
    ...(code ? { claimantCode: code } : {}),
    amount,
    claimed: claimed.claimed,
    ref: { sheet: raw.sheet, row: raw.row },
    batch,
    ...(mark ? { mark } : {}),
  };
}

/**
 * A workbook that holds a result of this tool (its 运行记录 or 汇总), read back: undefined when it holds none.
 * `source` names it in messages ("" for the workbook balanced).
 */
export function readResult(grids: Grid[], ledger: LedgerRead, policy: Policy, source: string): ResultRead | undefined {
  const recorded = recordedRun(grids);
  const summary = earlierRun(grids);
  if (!recorded && !summary) return importedYear(grids, policy, source);
  const name = source || "本工作簿";
  const nameEn = source || "this workbook";
  const notices: Message[] = [];
  const problems: Blocking[] = [];
  let refusal: Message | undefined;
  if (recorded?.policyId && recorded.policyId !== policy.id) {
    refusal = {
      zh: `${name} 按政策 ${recorded.policyId} 计算，本次为 ${policy.id}：不能作为本政策的往期兑付（请用 --policy 指定同一政策文件）`,
      en: `${nameEn} was balanced under policy ${recorded.policyId}, this run under ${policy.id}: not earlier payouts of this policy (pass the same policy file with --policy)`,
    };
  } else if (recorded?.policyVersion && recorded.policyVersion !== policy.version) {
    notices.push({
      zh: `${name} 按政策版本 ${recorded.policyVersion} 计算，本次为 ${policy.version}`,
      en: `${nameEn} was balanced under policy version ${recorded.policyVersion}; this run uses ${policy.version}`,
    });
  }
  if (recorded?.batchUnread !== undefined) {
    refusal ??= {
      zh: `${name} 的运行记录中批次为「${recorded.batchUnread}」，无法识别：不知道它是第几批的结果（请改回原值，如 1）`,
      en: `${nameEn}'s 运行记录 gives the batch as "${recorded.batchUnread}", which names none: which batch it paid is unknown (restore it, e.g. 1)`,
    };
  }
  if (recorded?.options.budgets) {
    refusal ??= {
      zh: `${name} 是测算（非正式）结果，不是兑付名单，不能作为往期兑付`,
      en: `${nameEn} is a what-if result, not a payout list: it cannot be taken as earlier payouts`,
    };
  }
  const recordedBatch = recorded?.options.batch ?? summary?.batch ?? null;
  const batch = recordedBatch ?? 1;
  const earlier = readEarlierResult(grids, ledger);
  const rows = earlier?.rows ?? [];
  const raws = new Map(ledger.claims.map((c) => [rowKey(c.sheet, c.row), c]));
  const own: PriorPayout[] = [];
  const unreadPaid: Blocking[] = [];
  for (const r of rows) {
    if (r.status !== "paid" || !r.payout.greaterThan(0)) continue;
    const raw = raws.get(rowKey(r.sheet, r.row));
    const payout = raw && payoutOf(raw, r.payout, batch, r.mark);
    if (payout) own.push(payout);
    else
      unreadPaid.push({
        source,
        sheet: r.sheet,
        row: r.row,
        zh: `第${batch}批已兑付 ${r.payout.toFixed(2)} 元的行无法读回（申报单位或专利号/备案号/登记号无法识别）`,
        en: `a row batch ${batch} paid ${r.payout.toFixed(2)} yuan cannot be read back (claimant or reference not understood)`,
      });
  }
  const grid = productGrid(grids, "cumulative");
  let cumulative: YearBefore | undefined;
  // A sheet not read (the pane replaces some product sheets unread) says nothing.
  if (grid && grid.cells.length > 0) {
    const read = readCumulative(grid, policy);
    // One by one: a damaged 累计已兑付 may give a problem per row, too many to spread into push().
    for (const p of read.problems) problems.push({ source, ...p });
    cumulative = { payouts: read.payouts, moves: read.moves };
    // A ledger row an earlier batch paid keeps that batch's output: 累计已兑付's 来源 says which batch it was.
    const batchOf = new Map(read.payouts.filter((p) => p.origin).map((p) => [originKey(p.origin!), p.batch ?? 0]));
    for (const p of own) p.batch = batchOf.get(originKey(p.ref!)) ?? batch;
  }
  // What its rows paid against what it says it paid: 运行记录's lines, else 汇总's 本批兑付 (an older result).
  const said: Partial<Record<ItemId, Decimal>> = { ...recorded?.itemPaid };
  if (Object.keys(said).length === 0) {
    for (const [id, item] of Object.entries(earlierItems(grids) ?? {})) if (item?.paid) said[id as ItemId] = item.paid;
  }
  const mismatched = (["P1", "P2", "P3", "P4"] as PerformanceItemId[]).flatMap((id) => {
    const rowsPaid = sumMoney(own.filter((p) => p.item === id).map((p) => p.amount));
    const stated = said[id];
    return stated !== undefined && !stated.equals(rowsPaid)
      ? [`${id} ${rowsPaid.toFixed(2)} ≠ ${stated.toFixed(2)}`]
      : [];
  });
  if (mismatched.length > 0) {
    refusal ??= {
      zh: `${name} 台账各行的兑付金额与其运行记录/汇总中的本批兑付不符（行合计 ≠ 记录）：${mismatched.join("；")}。结果在写出后被改动过，不能作为往期兑付`,
      en: `${nameEn}: its ledger rows' payouts do not add up to the paid figures of its 运行记录/汇总 (rows ≠ record): ${mismatched.join("; ")}. It was edited after it was written and cannot be taken as earlier payouts`,
    };
  }
  return {
    batch,
    recordedBatch,
    earlierRows: recorded?.earlierRows ?? {},
    rows,
    own,
    ...(cumulative ? { cumulative } : {}),
    problems,
    unreadPaid,
    refusal,
    notices,
  };
}

/**
 * A 累计已兑付 sheet copied into a workbook that holds no result of its own (LEDGER.md "A result as earlier payouts":
 * the sheet alone carries the year): the batches it lists are earlier ones. Undefined when there is none.
 */
function importedYear(grids: Grid[], policy: Policy, source: string): ResultRead | undefined {
  const grid = productGrid(grids, "cumulative");
  if (!grid || grid.cells.length === 0) return undefined;
  const read = readCumulative(grid, policy);
  const batches = [...read.payouts.map((p) => p.batch ?? 0), ...read.moves.map((m) => m.batch)];
  const batch = Math.max(1, ...batches);
  return {
    batch,
    recordedBatch: batch,
    imported: true,
    earlierRows: {},
    rows: [],
    own: [],
    cumulative: { payouts: read.payouts, moves: read.moves },
    problems: read.problems.map((p) => ({ source, ...p })),
    unreadPaid: [],
    notices: [
      {
        zh: `${source || "本工作簿"}的${SHEETS.cumulative}（无运行记录）作为往期兑付读入：截至第${batch}批`,
        en: `${source || "this workbook"}'s ${SHEETS.cumulative} (no 运行记录 beside it) read as earlier payouts: up to batch ${batch}`,
      },
    ],
  };
}

/**
 * The year before a batch from a result: its 累计已兑付's rows and moves of batches before `batch`, with the marks
 * the clerk wrote on its ledger rows; or, for a result without one, its own payouts, its 已兑付 and its 汇总's moves.
 * Each paid ledger row must still be what 累计已兑付 says was paid: an edited one stops the run.
 */
export function yearBefore(result: ResultRead, ledger: LedgerRead, batch: number, source: string): YearBefore {
  if (!result.cumulative) {
    const summaryMoves = ledger.priorMoves;
    const moves: BatchMove[] = [];
    if (summaryMoves) {
      for (const id of new Set([...Object.keys(summaryMoves.received), ...Object.keys(summaryMoves.released)])) {
        const item = id as ItemId;
        moves.push({
          batch: result.batch,
          item,
          received: summaryMoves.received[item] ?? ZERO,
          released: summaryMoves.released[item] ?? ZERO,
        });
      }
    }
    return { payouts: [...ledger.prior, ...result.own], moves };
  }
  const payouts = result.cumulative.payouts.filter((p) => (p.batch ?? 0) < batch);
  // Each of its paid ledger rows is one of those payouts, unchanged; the clerk's marks on the rows apply to them.
  const left = new Map<string, PriorPayout[]>();
  for (const p of payouts) left.set(payoutKey(p), [...(left.get(payoutKey(p)) ?? []), p]);
  const marked = new Map<PriorPayout, PriorPayout>();
  for (const own of result.own.filter((p) => (p.batch ?? 0) < batch)) {
    const match = left.get(payoutKey(own))?.shift();
    if (match) {
      if (own.mark && !match.mark) marked.set(match, { ...match, mark: own.mark });
      continue;
    }
    result.problems.push({
      source,
      sheet: own.ref!.sheet,
      row: own.ref!.row,
      zh: `本行在第${own.batch}批兑付 ${own.amount.toFixed(2)} 元，但其单位、金额或专利号/备案号/登记号已与${SHEETS.cumulative}中记录的不同：兑付后改动过。请恢复原值；更正请另起一行申报`,
      en: `batch ${own.batch} paid this row ${own.amount.toFixed(2)} yuan, but its unit, amount or reference no longer matches ${SHEETS.cumulative}: edited since it was paid. Restore it; a correction is a new row`,
    });
  }
  return {
    payouts: payouts.map((p) => marked.get(p) ?? p),
    moves: result.cumulative.moves.filter((m) => m.batch < batch),
  };
}

/**
 * Rows of the workbook balanced that an earlier batch decided: with `next`, every row with an earlier run's output;
 * on a re-run, the rows that run left to earlier batches (its 运行记录) and those 累计已兑付 lists under an earlier
 * batch (by 来源). Not claims of this run.
 */
export function earlierLedgerRows(result: ResultRead, batch: number, next: boolean): EarlierRow[] {
  if (next) return result.rows;
  const recorded = Object.entries(result.earlierRows).flatMap(([sheet, rows]) => rows.map((row) => rowKey(sheet, row)));
  const earlier = new Set(
    (result.cumulative?.payouts ?? [])
      .filter((p) => (p.batch ?? 0) < batch && p.origin)
      .map((p) => originKey(p.origin!)),
  );
  for (const key of recorded) earlier.add(key);
  return result.rows.filter((r) => earlier.has(originKey(r)));
}

const originKey = (at: { sheet: string; row: number }) => rowKey(at.sheet, at.row);

/** The batch of a ledger row's 批次 column, when it names one. */
export function claimBatch(raw: RawClaim): number | undefined {
  const v = raw.values.batch;
  if (v === undefined || v === null || v === "") return undefined;
  const parsed = parseBatch(v);
  return parsed.ok ? parsed.value : undefined;
}

/** What a run takes from before it, per item (P1–P4): paid before (marked payouts not), moved in, moved out. */
export interface BeforeItem {
  id: PerformanceItemId;
  paid: Decimal;
  received: Decimal;
  released: Decimal;
}

/** The year before this run as the pane shows it above 一键平衡: per item, and where it was read from. */
export function beforeItems(prior: readonly PriorPayout[], moves: PriorMoves | undefined): BeforeItem[] {
  return (["P1", "P2", "P3", "P4"] as PerformanceItemId[]).map((id) => ({
    id,
    paid: sumMoney(prior.filter((p) => p.item === id && !p.mark).map((p) => p.amount)),
    received: moves?.received[id] ?? ZERO,
    released: moves?.released[id] ?? ZERO,
  }));
}
