/**
 * This tool's own earlier run in a workbook, read back from the sheets it wrote. Its 汇总 holds that
 * run's moves (本批调入/调出): re-running the same batch must not take them for an earlier batch's
 * (§四(三) "money moved in an earlier batch stays moved"), so the earlier moves that run used — its
 * 往期 columns — are used again instead.
 */
import type Decimal from "decimal.js";
import { ITEM_AMOUNTS } from "../engine/balance";
import type { ItemId, PriorMoves } from "../engine/types";
import { ALL_ITEMS } from "../engine/types";
import { parseAmount, parseBatch } from "../engine/values";
import { findColumns, productGrid, SUMMARY, type Grid } from "../ledger";
import { cellText, scanHeader } from "../ledger/grid";
import { labels } from "./labels";

/** An item's amounts but its budget, which the policy file gives. */
const ITEM_FIELDS = ITEM_AMOUNTS.filter((f): f is Exclude<(typeof ITEM_AMOUNTS)[number], "budget"> => f !== "budget");

/** An item's line of an earlier 汇总; a cell that is not an amount is left out. */
export type EarlierItem = Partial<Record<(typeof ITEM_FIELDS)[number], Decimal> & { factor: number }>;

export interface EarlierRun {
  /** The batch it paid; null when none was stated. */
  batch: number | null;
  /** The moves of earlier batches it used. */
  priorMoves: PriorMoves;
}

const BATCH_LABELS = new Set([labels("zh").run.batch, labels("en").run.batch]);

export function earlierRun(grids: Grid[]): EarlierRun | undefined {
  const summary = productGrid(grids, "summary");
  if (!summary) return undefined;
  // 汇总 says which batch it paid; a result written before it did says so in 运行记录.
  const record = productGrid(grids, "runRecord");
  const batchRow = [...summary.cells, ...(record?.cells ?? [])].find((row) => BATCH_LABELS.has(String(row?.[0] ?? "")));
  const batch = batchRow ? parseBatch(batchRow[1]) : undefined;
  const items = earlierItems(grids);
  if (!items) return undefined;
  const priorMoves: PriorMoves = { received: {}, released: {} };
  for (const [id, item] of Object.entries(items) as [ItemId, EarlierItem][]) {
    if (item.priorReceived && !item.priorReceived.isZero()) priorMoves.received[id] = item.priorReceived;
    if (item.priorReleased && !item.priorReleased.isZero()) priorMoves.released[id] = item.priorReleased;
  }
  return { batch: batch?.ok ? batch.value : null, priorMoves };
}

/**
 * 汇总's item lines, as an earlier run of this tool wrote them: the first line of each item (the moves listed
 * below start with an item too). The header stands in row 1, or below a what-if run's title lines. Undefined
 * when the workbook holds no 汇总 with that header.
 */
export function earlierItems(grids: Grid[]): Partial<Record<ItemId, EarlierItem>> | undefined {
  const summary = productGrid(grids, "summary");
  if (!summary) return undefined;
  const header = scanHeader(summary, (cells) => {
    const found = findColumns(SUMMARY, cells, ["id", ...ITEM_FIELDS, "factor"]);
    return found && { score: 1, found };
  });
  if (!header) return undefined;
  const at = header.found;
  const items: Partial<Record<ItemId, EarlierItem>> = {};
  for (const line of summary.cells.slice(header.row + 1)) {
    const id = cellText(line?.[at.id] ?? null) as ItemId;
    if (!(ALL_ITEMS as readonly string[]).includes(id) || items[id]) continue;
    const item: EarlierItem = {};
    for (const field of ITEM_FIELDS) {
      const amount = amountOf(line[at[field]]);
      if (amount) item[field] = amount;
    }
    const factor = line[at.factor];
    if (typeof factor === "number") item.factor = factor;
    items[id] = item;
  }
  return items;
}

/** An amount as a cell holds it (a number, or text such as `12,000.00`); undefined when it is none. */
export function amountOf(cell: unknown): Decimal | undefined {
  const parsed = parseAmount((cell ?? null) as Parameters<typeof parseAmount>[0], "yuan");
  return parsed.ok ? parsed.value : undefined;
}
