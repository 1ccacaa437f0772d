/**
 * What the pane remembers in the workbook (Excel workbook settings): the user's column mapping per
 * sheet and the balance options, so the next open — and the ribbon's 一键平衡 — needs no clicks.
 */
import { ALL_ITEMS, PERFORMANCE_ITEMS, type FieldId, type ItemId, type PerformanceItemId } from "../engine/types";
import type { SheetOverride } from "../ledger";
import type { RunOptions } from "../plan";
import type { Policy } from "../policy";

export const SETTINGS_KEY = "patentAwards.saved";

/** A contact line longer than this is no contact (the objections paragraph of 公示名单 holds one line). */
export const CONTACT_MAX = 500;

/** The options the pane offers, as the plan reads them (src/plan RunOptions; what-if budgets are the command's). */
export type PaneOptions = Required<
  Pick<RunOptions, "reallocate" | "reallocationRule" | "priority" | "rounding" | "priorSheet">
> &
  Pick<RunOptions, "batch" | "publicityStart" | "contact" | "universityValidPatents" | "survey">;

export interface SavedState {
  overrides: Record<string, SheetOverride>;
  options: PaneOptions;
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

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
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
  if (typeof o.contact === "string" && o.contact.trim() !== "" && o.contact.length <= CONTACT_MAX) {
    opts.contact = o.contact;
  }
  if (isCount(o.universityValidPatents)) opts.universityValidPatents = o.universityValidPatents;
  if (isRecord(o.survey) && isCount(o.survey.satisfied) && isCount(o.survey.answered)) {
    opts.survey = { satisfied: o.survey.satisfied, answered: o.survey.answered };
  }
  return base;
}

export function serialiseSaved(state: SavedState): string {
  return JSON.stringify(state);
}
