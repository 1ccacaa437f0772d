/**
 * This tool's own earlier run in a workbook, read back from the sheets it wrote. Its 汇总 holds that
 * run's moves (本批调入/调出): re-running the same batch must not take them for an earlier batch's
 * (§四(三) "money moved in an earlier batch stays moved"), so the earlier moves that run used — its
 * 往期 columns — are used again instead.
 */
import type Decimal from "decimal.js";
import type { ItemId, PriorMoves } from "../engine/types";
import { ALL_ITEMS } from "../engine/types";
import { parseAmount, parseBatch } from "../engine/values";
import { findColumns, SUMMARY, type Grid } from "../ledger";
import { scanHeader } from "../ledger/grid";
import { labels, SHEETS } from "./labels";

export interface EarlierRun {
  /** The batch it paid; null when none was stated. */
  batch: number | null;
  /** The moves of earlier batches it used. */
  priorMoves: PriorMoves;
}

const BATCH_LABELS = new Set([labels("zh").run.batch, labels("en").run.batch]);

export function earlierRun(grids: Grid[]): EarlierRun | undefined {
  const summary = grids.find((g) => g.name === SHEETS.summary);
  if (!summary) return undefined;
  // 汇总 says which batch it paid; a result written before it did says so in 运行记录.
  const record = grids.find((g) => g.name === SHEETS.runRecord);
  const batchRow = [...summary.cells, ...(record?.cells ?? [])].find((row) => BATCH_LABELS.has(String(row?.[0] ?? "")));
  const batch = batchRow ? parseBatch(batchRow[1]) : undefined;
  // The header stands in row 1, or below a what-if run's title lines.
  const header = scanHeader(summary, (cells) => {
    const found = findColumns(SUMMARY, cells, ["id", "priorReceived", "priorReleased"]);
    return found && { score: 1, found };
  });
  if (!header) return undefined;
  const { id: item, priorReceived: received, priorReleased: released } = header.found;
  const priorMoves: PriorMoves = { received: {}, released: {} };
  for (const row of summary.cells.slice(header.row + 1)) {
    const id = String(row?.[item] ?? "");
    if (!(ALL_ITEMS as readonly string[]).includes(id)) continue;
    add(priorMoves.received, id as ItemId, row[received]);
    add(priorMoves.released, id as ItemId, row[released]);
  }
  return { batch: batch?.ok ? batch.value : null, priorMoves };
}

function add(sums: Partial<Record<ItemId, Decimal>>, id: ItemId, cell: unknown): void {
  const amount = parseAmount(cell as Parameters<typeof parseAmount>[0], "yuan");
  if (amount.ok && !amount.value.isZero()) sums[id] = amount.value;
}
