/**
 * What earlier batches did: payouts from a 已兑付 sheet (LEDGER.md "Earlier payouts"), and money
 * moved between items from an earlier run's 汇总 sheet (POLICY.md §2 step 6).
 */
import {
  groupThousands,
  isBlank,
  isErrorValue,
  normaliseName,
  notOk,
  ok,
  parseAmount,
  parseBatch,
  type Parsed,
} from "../engine/values";
import { checkPatentNumber, splitPatentNumbers } from "../engine/patentNumber";
import { checkCreditCode } from "../engine/creditCode";
import { referenceKey } from "../engine/dedupe";
import { sumMoney, ZERO } from "../engine/money";
import {
  ALL_ITEMS,
  type AmountUnit,
  type CellValue,
  type ItemId,
  type PayoutMark,
  type PerformanceItemId,
  type PriorMoves,
  type PriorPayout,
} from "../engine/types";
import { performanceItem, type Policy } from "../policy/policy";
import {
  cellAt,
  cellText,
  columnLetter,
  HEADER_SCAN_ROWS,
  isBlankRow,
  isTotalLine,
  isTotalRow,
  scanHeader,
  type Grid,
} from "./grid";
import { indexOf, SUMMARY, type Layout } from "./layouts";
import { MOVE_HEADERS_OF_CLERKS, PRIOR_HEADERS } from "./synonyms";
import { itemKey, performanceItemOf, sheetNameItem } from "./item";
import { matchField, normaliseHeader } from "./headers";
import type { RowProblem } from "./read";

/** A sheet of earlier payouts: `已兑付`, or any name holding 已兑付 or 往期兑付. */
export function isPriorPayoutSheet(name: string): boolean {
  return /已兑付|往期兑付/.test(name);
}

interface Column {
  index: number;
  column: string;
  header: string;
  unit?: AmountUnit;
}

type PriorField =
  "item" | "claimantName" | "claimantCode" | "amount" | "reference" | "batch" | "status" | "note" | "origin";

function isReferenceHeader(key: string): boolean {
  const parts = key.split(/[/、或]/);
  return parts.length > 0 && parts.every((p) => PRIOR_HEADERS.reference.has(p));
}

function priorField(key: string): { field: PriorField; rank: number } | undefined {
  const amountRank = PRIOR_HEADERS.amount.indexOf(key);
  if (amountRank >= 0) return { field: "amount", rank: amountRank };
  if (PRIOR_HEADERS.item.includes(key)) return { field: "item", rank: 0 };
  if (isReferenceHeader(key)) return { field: "reference", rank: 0 };
  if (PRIOR_HEADERS.status.includes(key)) return { field: "status", rank: 0 };
  if (PRIOR_HEADERS.note.includes(key)) return { field: "note", rank: 0 };
  if (PRIOR_HEADERS.origin.includes(key)) return { field: "origin", rank: 0 };
  const field = matchField(key);
  if (field === "item" || field === "claimantName" || field === "claimantCode" || field === "batch") {
    return { field, rank: 0 };
  }
  return undefined;
}

/** Fields found in one row: the first column per field, the best-ranked one for the amount. */
function priorColumns(headers: CellValue[]): Partial<Record<PriorField, Column>> {
  const found: Partial<Record<PriorField, Column & { rank: number }>> = {};
  headers.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const { key, unit } = normaliseHeader(cell);
    const hit = priorField(key);
    if (!hit) return;
    const seen = found[hit.field];
    if (seen && seen.rank <= hit.rank) return;
    found[hit.field] = { index, column: columnLetter(index), header: cellText(cell), unit, rank: hit.rank };
  });
  return found;
}

function priorHeaderRow(grid: Grid): number | undefined {
  return scanHeader(grid, (cells) => {
    const found = priorColumns(cells);
    return found.claimantName && found.amount ? { score: 1, found } : undefined;
  })?.row;
}

/**
 * What one payout was for, keyed as claims are for 从高不重复: patent numbers normalised exactly as a
 * ledger's (P1/P2), else the filing (P3) or pledge registration (P4). A patent number that is not one is
 * a problem: skipping it would let the same patent be paid twice.
 */
export function readClaimed(
  item: PerformanceItemId,
  cell: CellValue,
): { claimed: string[] } | { bad: string; zh: string; en: string } {
  if (isBlank(cell)) return { claimed: [] };
  if (item === "P3" || item === "P4") return { claimed: [referenceKey(item, cellText(cell))] };
  const claimed: string[] = [];
  for (const n of splitPatentNumbers(cell)) {
    const checked = checkPatentNumber(n);
    if (!checked.ok) {
      const why =
        checked.problem === "check"
          ? { zh: `校验位应为 ${checked.expectedCheck}`, en: `the check character should be ${checked.expectedCheck}` }
          : checked.expected;
      return { bad: n, zh: `专利号「${n}」无法识别：${why.zh}`, en: `patent number "${n}" not understood: ${why.en}` };
    }
    claimed.push(checked.normalised);
  }
  return { claimed };
}

/** 累计已兑付's 来源, `Sheet!12`: the ledger row a payout paid. */
function originOf(text: string): { sheet: string; row: number } | undefined {
  const m = /^(.+)!(\d+)$/.exec(text);
  return m ? { sheet: m[1], row: Number(m[2]) } : undefined;
}

/** A payout's 批次: a batch, or blank for one from before any batch of this policy (0). */
function batchOf(cell: CellValue): Parsed<number> {
  return isBlank(cell) ? ok(0) : parseBatch(cell);
}

/**
 * A payout's 状态 after publicity (LEDGER.md "A result as earlier payouts"): blank or paid, else removed on
 * objection, payment failed, clawed back (§四(四)). Anything else is a question, not a guess.
 */
export function markOf(cell: CellValue): Parsed<PayoutMark | undefined> {
  const text = cellText(cell).replace(/\s+/g, "");
  if (text === "" || PAID_WORDS.has(text)) return ok(undefined);
  const mark = MARK_WORDS.get(text.toLowerCase());
  if (mark) return ok(mark);
  return notOk({
    zh: `状态「${text}」无法识别：应为空（已兑付）、撤销、未兑付或追缴`,
    en: `status "${text}" not understood: expected blank (paid), 撤销 (revoked), 未兑付 (unpaid) or 追缴 (clawed back)`,
  });
}

const PAID_WORDS = new Set(["已兑付", "应兑付", "兑付", "paid"]);
const MARK_WORDS = new Map<string, PayoutMark>([
  ["撤销", "revoked"],
  ["已撤销", "revoked"],
  ["revoked", "revoked"],
  ["未兑付", "unpaid"],
  ["兑付失败", "unpaid"],
  ["unpaid", "unpaid"],
  ["追缴", "clawedBack"],
  ["已追缴", "clawedBack"],
  ["clawedback", "clawedBack"],
]);

/** The word written for a mark in 累计已兑付 (read back by markOf). */
export const MARK_TEXT: Record<PayoutMark, { zh: string; en: string }> = {
  revoked: { zh: "撤销", en: "revoked" },
  unpaid: { zh: "未兑付", en: "unpaid" },
  clawedBack: { zh: "追缴", en: "clawedback" },
};

/**
 * Each row of a 已兑付 sheet: item (by an item column, else the sheet's name), claimant, amount in 元
 * (万元 when the header says so), what was paid for. Read completely or not at all (LEDGER.md "Earlier
 * payouts"): every row that cannot be read is a problem that stops the balance, never a guess.
 */
export function readPriorPayouts(grid: Grid, policy: Policy): { payouts: PriorPayout[]; problems: RowProblem[] } {
  const sheet = grid.name;
  const headerRow = priorHeaderRow(grid);
  if (headerRow === undefined) {
    return {
      payouts: [],
      problems: [
        {
          sheet,
          row: 1,
          zh: `已兑付表“${sheet}”：前 ${HEADER_SCAN_ROWS} 行中找不到含“申报单位”和“兑付金额”的表头`,
          en: `Earlier payouts "${sheet}": no header with the claimant (申报单位) and the amount (兑付金额) in the first ${HEADER_SCAN_ROWS} rows`,
        },
      ],
    };
  }
  const cols = priorColumns(grid.cells[headerRow]);
  const name = cols.claimantName!;
  const amount = cols.amount!;
  const sheetItem = sheetNameItem(sheet);
  if (!cols.item && !sheetItem) {
    return {
      payouts: [],
      problems: [
        {
          sheet,
          row: headerRow + 1,
          zh: `已兑付表“${sheet}”：没有“奖补项目”列，表名也不指明项目`,
          en: `Earlier payouts "${sheet}": no item column (奖补项目), and the sheet name names no item`,
        },
      ],
    };
  }
  const indexes = Object.values(cols).map((c) => c.index);
  const claimant = [name.index, ...(cols.claimantCode ? [cols.claimantCode.index] : [])];
  const payouts: PriorPayout[] = [];
  const problems: RowProblem[] = [];
  const flag = (row: number, c: Column, zh: string, en: string) =>
    problems.push({ sheet, row, column: c.column, header: c.header, zh, en });
  for (let r = headerRow + 1; r < grid.cells.length; r++) {
    if (isBlankRow(grid, r, indexes) || isTotalLine(grid, r, [name.index], claimant)) continue;
    const row = r + 1;
    const errorColumn = Object.values(cols).find((c) => isErrorValue(cellAt(grid, r, c.index)));
    if (errorColumn) {
      const v = cellText(cellAt(grid, r, errorColumn.index));
      flag(
        row,
        errorColumn,
        `单元格是错误值 ${v}，应为实际内容`,
        `the cell holds the error value ${v}; expected its real content`,
      );
      continue;
    }
    const itemCell = cols.item ? cellAt(grid, r, cols.item.index) : undefined;
    const item = cols.item && !isBlank(itemCell) ? performanceItemOf(itemCell, policy) : sheetItem;
    const plausible = item && performanceItem(policy, item).plausible;
    const claimantName = normaliseName(cellText(cellAt(grid, r, name.index)));
    const parsed = parseAmount(cellAt(grid, r, amount.index), amount.unit ?? "yuan");
    const code = cols.claimantCode ? cellText(cellAt(grid, r, cols.claimantCode.index)) : "";
    const checkedCode = code ? checkCreditCode(code) : undefined;
    if (!item) {
      const what = cellText(itemCell);
      flag(
        row,
        cols.item!,
        what ? `奖补项目“${what}”无法识别：应为 P1–P4、1–4 或项目名称` : "奖补项目为空：应为 P1–P4、1–4 或项目名称",
        what
          ? `award item "${what}" not recognised: expected P1–P4, 1–4 or the item's name`
          : "award item is blank: expected P1–P4, 1–4 or the item's name",
      );
    } else if (claimantName === "") {
      flag(
        row,
        name,
        "申报单位为空：应为获兑付单位的名称",
        "claimant name is blank: expected the name of the unit paid",
      );
    } else if (checkedCode && !checkedCode.ok) {
      const why =
        checkedCode.problem === "check"
          ? {
              zh: `校验位应为 ${checkedCode.expectedCheck}`,
              en: `the check character should be ${checkedCode.expectedCheck}`,
            }
          : checkedCode.expected;
      flag(
        row,
        cols.claimantCode!,
        `统一社会信用代码「${code}」无效：${why.zh}`,
        `unified social credit code "${code}" is not valid: ${why.en}`,
      );
    } else if (!parsed.ok) {
      flag(row, amount, `兑付金额应为${parsed.expected.zh}`, `payout amount: expected ${parsed.expected.en}`);
    } else if (parsed.value.greaterThan(plausible!.maxPrior)) {
      // Counted, 1e20 would leave the item no budget and pay nobody; skipped, the unit's cap would be paid again.
      const { maxPrior, clause } = plausible!;
      const [was, limit] = [groupThousands(parsed.value), groupThousands(maxPrior)];
      flag(
        row,
        amount,
        `兑付金额 ${was} 元超过政策文件设定的单笔上限 ${limit} 元（解释：${clause}），疑为录入错误：请核实改正`,
        `payout amount ${was} 元 is above the limit of ${limit} 元 for one payout the policy file sets (interpretation of ${clause}): probably a typing slip; check and correct it`,
      );
    } else {
      const claimed = cols.reference ? readClaimed(item, cellAt(grid, r, cols.reference.index)) : { claimed: [] };
      if ("bad" in claimed) {
        flag(row, cols.reference!, claimed.zh, claimed.en);
        continue;
      }
      const batch = cols.batch ? batchOf(cellAt(grid, r, cols.batch.index)) : undefined;
      if (batch && !batch.ok) {
        flag(
          row,
          cols.batch!,
          `批次应为${batch.expected.zh}，或留空（往期）`,
          `batch: expected ${batch.expected.en}, or blank (earlier)`,
        );
        continue;
      }
      const mark = cols.status ? markOf(cellAt(grid, r, cols.status.index)) : undefined;
      if (mark && !mark.ok) {
        flag(row, cols.status!, mark.expected.zh, mark.expected.en);
        continue;
      }
      const note = cols.note ? cellText(cellAt(grid, r, cols.note.index)) : "";
      const origin = cols.origin ? originOf(cellText(cellAt(grid, r, cols.origin.index))) : undefined;
      payouts.push({
        item,
        claimantName,
        ...(checkedCode?.ok ? { claimantCode: checkedCode.normalised } : {}),
        amount: parsed.value,
        claimed: claimed.claimed,
        ref: { sheet, row },
        ...(batch ? { batch: batch.value } : {}),
        ...(mark?.value ? { mark: mark.value } : {}),
        ...(mark?.value && note ? { markNote: note } : {}),
        ...(origin ? { origin } : {}),
      });
    }
  }
  return { payouts, problems };
}

/** An earlier run's 汇总 columns (src/ledger/layouts), and the short names a clerk's own summary may use. */
const MOVE_HEADERS = new Map<string, "received" | "released">([
  ...(["priorReceived", "received"] as const).map((f) => [header(SUMMARY, f), "received"] as const),
  ...(["priorReleased", "released"] as const).map((f) => [header(SUMMARY, f), "released"] as const),
  ...MOVE_HEADERS_OF_CLERKS.received.map((h) => [h, "received"] as const),
  ...MOVE_HEADERS_OF_CLERKS.released.map((h) => [h, "released"] as const),
]);
const MOVE_ITEM_HEADERS = [header(SUMMARY, "id"), ...MOVE_HEADERS_OF_CLERKS.item];

function header<F extends string>(layout: Layout<F>, field: F): string {
  return normaliseHeader(layout[indexOf(layout, field)].zh).key;
}

/**
 * An earlier run's 汇总 sheet, as the report writer lays it out (SUMMARY in src/ledger/layouts.ts).
 * That run's 往期 figures plus its own 本批 moves are what had been moved before the next run:
 * received = 往期调入 + 本批调入, released = 往期调出 + 本批调出. Only 项目编号 (or 项目/编号) and the
 * four move columns are read; amounts are 元 unless the header says 万元.
 */
export function priorMovesOf(grid: Grid): { moves: PriorMoves; problems: RowProblem[] } | undefined {
  const header = scanHeader(grid, (cells) => {
    const keys = cells.map((h) => normaliseHeader(h));
    const idColumn = keys.findIndex((k) => MOVE_ITEM_HEADERS.includes(k.key));
    const moveColumns = keys.flatMap((k, index) => {
      const to = MOVE_HEADERS.get(k.key);
      return to ? [{ index, unit: k.unit, to }] : [];
    });
    return idColumn >= 0 && moveColumns.length > 0 ? { score: 1, found: { idColumn, moveColumns } } : undefined;
  });
  return header && readMoves(grid, header.row, header.found.idColumn, header.found.moveColumns);
}

function readMoves(
  grid: Grid,
  headerRow: number,
  idColumn: number,
  moveColumns: { index: number; unit?: AmountUnit; to: "received" | "released" }[],
): { moves: PriorMoves; problems: RowProblem[] } {
  const moves: PriorMoves = { received: {}, released: {} };
  const problems: RowProblem[] = [];
  for (let r = headerRow + 1; r < grid.cells.length; r++) {
    // The items table ends at its 合计 row; the list of moves written below it is not read.
    if (isTotalRow(grid, r, [idColumn])) break;
    const id = itemKey(cellAt(grid, r, idColumn));
    if (!(ALL_ITEMS as readonly string[]).includes(id)) continue;
    for (const c of moveColumns) {
      const v = cellAt(grid, r, c.index);
      if (isBlank(v)) continue;
      const parsed = parseAmount(v, c.unit ?? "yuan");
      if (!parsed.ok) {
        problems.push({
          sheet: grid.name,
          row: r + 1,
          column: columnLetter(c.index),
          header: cellText(cellAt(grid, headerRow, c.index)),
          zh: `调剂金额应为${parsed.expected.zh}`,
          en: `moved amount: expected ${parsed.expected.en}`,
        });
        continue;
      }
      if (parsed.value.isZero()) continue;
      const sums = moves[c.to];
      sums[id as ItemId] = sumMoney([sums[id as ItemId] ?? ZERO, parsed.value]);
    }
  }
  return { moves, problems };
}

/** Money moved between items before this run, from an earlier run's 汇总; undefined when the sheet has no move columns. */
export function readPriorMoves(grid: Grid): PriorMoves | undefined {
  return priorMovesOf(grid)?.moves;
}
