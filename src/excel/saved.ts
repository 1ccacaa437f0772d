/**
 * What the pane remembers in the workbook (Excel workbook settings): the user's column mapping per
 * sheet and the balance options, so the next open — and the ribbon's 一键平衡 — needs no clicks.
 */
import Decimal from "decimal.js";
import {
  ALL_ITEMS,
  PERFORMANCE_ITEMS,
  type FieldId,
  type ItemId,
  type PerformanceItemId,
  type PriorMoves,
  type Rounding,
} from "../engine/types";
import type { SheetOverride } from "../ledger";
import type { Policy } from "../policy";

export const SETTINGS_KEY = "patentAwards.saved";

export interface PaneOptions {
  /** §四(三) 资金调剂. */
  reallocate: boolean;
  reallocationRule: "shortfall" | "priority";
  priority: ItemId[];
  rounding: Rounding;
  batch?: number;
  /** Where earlier payouts are: "auto" = a sheet named 已兑付, "none" = first batch, else a sheet name. */
  priorSheet: string;
  /** ISO date publicity starts (§四(二)); its end is filled in on 公示名单. */
  publicityStart?: string;
}

/**
 * The add-in's own last run in this workbook. Its 汇总 holds that run's moves, so re-running the
 * same batch must not read them back as earlier moves; the earlier moves it used are kept instead.
 */
export interface LastRun {
  /** The batch it paid; null when none was stated. */
  batch: number | null;
  /** Moves of earlier batches it used (元, as decimal strings, so they stay exact). */
  priorMoves?: { received: Partial<Record<ItemId, string>>; released: Partial<Record<ItemId, string>> };
}

export interface SavedState {
  overrides: Record<string, SheetOverride>;
  options: PaneOptions;
  lastRun?: LastRun;
}

export function encodeMoves(moves: PriorMoves | undefined): LastRun["priorMoves"] {
  if (!moves) return undefined;
  const text = (m: Partial<Record<ItemId, Decimal>>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, (v as Decimal).toString()]));
  return { received: text(moves.received), released: text(moves.released) };
}

export function decodeMoves(moves: LastRun["priorMoves"]): PriorMoves | undefined {
  if (!moves) return undefined;
  const amounts = (m: Partial<Record<ItemId, string>>) =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, new Decimal(v as string)]));
  return { received: amounts(moves.received), released: amounts(moves.released) };
}

function movesOf(v: unknown): LastRun["priorMoves"] {
  if (!isRecord(v)) return undefined;
  const side = (x: unknown) =>
    Object.fromEntries(
      Object.entries(isRecord(x) ? x : {}).filter(
        ([k, a]) => (ALL_ITEMS as readonly string[]).includes(k) && typeof a === "string" && /^-?\d+(\.\d+)?$/.test(a),
      ),
    ) as Partial<Record<ItemId, string>>;
  return { received: side(v.received), released: side(v.released) };
}

export function defaultOptions(policy: Policy): PaneOptions {
  return {
    reallocate: policy.reallocation.defaultOn,
    reallocationRule: policy.reallocation.defaultRule,
    priority: [],
    rounding: policy.roundingDefault,
    priorSheet: "auto",
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function override(v: unknown): SheetOverride | undefined {
  if (!isRecord(v)) return undefined;
  const out: SheetOverride = {};
  if (typeof v.item === "string" && (PERFORMANCE_ITEMS as readonly string[]).includes(v.item)) {
    out.item = v.item as PerformanceItemId;
  }
  if (typeof v.headerRow === "number" && Number.isInteger(v.headerRow) && v.headerRow >= 1) out.headerRow = v.headerRow;
  if (v.skip === true) out.skip = true;
  if (isRecord(v.columns)) {
    const columns: Partial<Record<FieldId, string | null>> = {};
    for (const [field, letter] of Object.entries(v.columns)) {
      if (letter === null || (typeof letter === "string" && /^[A-Z]{1,3}$/.test(letter))) {
        columns[field as FieldId] = letter;
      }
    }
    out.columns = columns;
  }
  return out;
}

/** A saved value (JSON text) → state; anything malformed falls back to the defaults, field by field. */
export function parseSaved(text: unknown, policy: Policy): SavedState {
  const base: SavedState = { overrides: {}, options: defaultOptions(policy) };
  if (typeof text !== "string") return base;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return base;
  }
  if (!isRecord(json)) return base;
  if (isRecord(json.overrides)) {
    for (const [sheet, v] of Object.entries(json.overrides)) {
      const o = override(v);
      if (o) base.overrides[sheet] = o;
    }
  }
  const o = isRecord(json.options) ? json.options : {};
  const opts = base.options;
  if (typeof o.reallocate === "boolean") opts.reallocate = o.reallocate;
  if (o.reallocationRule === "shortfall" || o.reallocationRule === "priority")
    opts.reallocationRule = o.reallocationRule;
  if (Array.isArray(o.priority)) {
    opts.priority = o.priority.filter((p): p is ItemId => (ALL_ITEMS as readonly unknown[]).includes(p));
  }
  if (o.rounding === "fen" || o.rounding === "yuan") opts.rounding = o.rounding;
  if (typeof o.batch === "number" && policy.batches.some((b) => b.batch === o.batch)) opts.batch = o.batch;
  if (typeof o.priorSheet === "string" && o.priorSheet !== "") opts.priorSheet = o.priorSheet;
  if (typeof o.publicityStart === "string" && /^\d{4}-\d{2}-\d{2}$/.test(o.publicityStart)) {
    opts.publicityStart = o.publicityStart;
  }
  if (isRecord(json.lastRun) && (json.lastRun.batch === null || typeof json.lastRun.batch === "number")) {
    base.lastRun = { batch: json.lastRun.batch, priorMoves: movesOf(json.lastRun.priorMoves) };
  }
  return base;
}

export function serialiseSaved(state: SavedState): string {
  return JSON.stringify(state);
}
