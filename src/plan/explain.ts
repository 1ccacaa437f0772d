/**
 * "Why did this unit get 3,129.65 and not 3,920?" (issue 11, "Explain a cell"): one ledger row of a balanced run,
 * told step by step in the order of POLICY §2 — the cells read, the base award, 从高不重复, the unit cap (with the
 * earlier payouts that used it), the item's money and its pro-rata factor, the rounding — each amount the next step
 * starts from, each place a reader may want to go to given as a cell. Both hosts use it: the task pane on a selected
 * cell, the command's `explain`. Money is exact (the engine's decimal.js clone); nothing is recomputed that the
 * result already holds, only the exact share the rounding started from.
 */
import type Decimal from "decimal.js";
import type {
  CellRef,
  CellValue,
  FieldId,
  Lang,
  PerformanceItemId,
  PriorPayout,
  Reason,
  ReasonCode,
  RowResult,
  RowStatus,
} from "../engine/types";
import { toMoney } from "../engine/money";
import { locate, onRow, whyNotPaid } from "../engine/reasons";
import { UnitResolver } from "../engine/units";
import { parseAmount, parseBatch } from "../engine/values";
import { outputBlock } from "../ledger/headers";
import { ALL_ITEMS, type ItemId, type Rounding } from "../engine/types";
import { columnIndex, FIELD_LABELS, LEDGER_OUTPUT, productGrid, type Grid, type SheetOverride } from "../ledger";
import { performanceItem } from "../policy";
import { labels } from "../report/labels";
import { moneyText } from "../report/format";
import type { BalancedPlan, RunOptions } from "./plan";

export interface ExplainLine {
  text: { zh: string; en: string };
  /** The amount after this step, 元 as a decimal string, when the step computes one: the next step starts from it. */
  value?: string;
  /** A cell to go to: an input cell, the row a duplicate kept, an earlier payout's row. */
  ref?: CellRef;
}

export interface RowExplanation {
  /** The ledger row (sheet, 1-based row). */
  ref: CellRef;
  item: PerformanceItemId;
  claimant: string;
  status: RowStatus;
  /** 元, a decimal string. */
  payout: string;
  /** e.g. "P2 中小微企业接受…". */
  rule: string;
  /** e.g. "§二(一)2". */
  clause: string;
  /** Each input cell read for this row, with its place and what it holds. */
  inputs: ExplainLine[];
  /** Base award → 从高不重复 → unit cap → item money and pro-rata factor → the rounded payout. */
  steps: ExplainLine[];
  /** For a row not paid: each error reason; a duplicate's refs the row it duplicates or the earlier payout. */
  reasons: ExplainLine[];
}

/** Reasons told as steps of their own (cap, pro rata, a partial duplicate), not as notes on the base award. */
const STEP_REASONS: ReadonlySet<ReasonCode> = new Set([
  "CAP_APPLIED",
  "CAP_EXHAUSTED",
  "PRO_RATA",
  "BUDGET_USED_UP",
  "ROUNDED_TO_NOTHING",
  "DUPLICATE_PARTIAL",
  "PAID_BEFORE_PARTIAL",
]);

/** Where §四(三)'s pro-rata sentence stands ("超出预算时，则按照比例进行兑付"), as the engine cites it. */
const PRO_RATA_CLAUSE = "§四(三)";

const fen = (d: Decimal) => d.toFixed(2);
/** A row the cap and the item's money were applied to: paid, or paid nothing by them (`zero`). */
const counted = (r: RowResult) => r.status === "paid" || r.status === "zero";
const shown = (d: Decimal) => moneyText(d);

/** The explanation of one ledger row of the run; undefined when the run has no row there. */
export function explainRow(plan: BalancedPlan, sheet: string, row: number): RowExplanation | undefined {
  const result = plan.result.rows.find((r) => r.ref.sheet === sheet && r.ref.row === row);
  if (!result) return undefined;
  // Joined, not spread into push(): a unit's earlier payouts, a line each, may be many.
  const steps = [
    ...awardSteps(result),
    ...dedupeSteps(result),
    ...(counted(result) ? [...capSteps(plan, result), ...itemSteps(plan, result)] : []),
    payoutStep(plan, result),
  ];
  return {
    ref: { sheet: result.ref.sheet, row: result.ref.row },
    item: result.item,
    claimant: result.claimant,
    status: result.status,
    payout: fen(result.payout),
    rule: result.explanation.rule,
    clause: result.explanation.clause,
    inputs: inputLines(plan, sheet, row),
    steps,
    reasons: result.status === "paid" ? [] : reasonLines(result),
  };
}

/** A cell's value as the clerk typed it: a date as its day, blank as blank. */
function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  return String(v);
}

/** Each cell the ledger reader mapped on this row, in column order. */
function inputLines(plan: BalancedPlan, sheet: string, row: number): ExplainLine[] {
  const raw = plan.prepared.ledger.claims.find((c) => c.sheet === sheet && c.row === row);
  if (!raw) return [];
  const fields = (Object.keys(raw.columns) as FieldId[]).sort(
    (a, b) => (columnIndex(raw.columns[a]!.column) ?? 0) - (columnIndex(raw.columns[b]!.column) ?? 0),
  );
  return fields.map((field) => {
    const { column, header } = raw.columns[field]!;
    const value = cellText(raw.values[field]);
    const merged = raw.merged?.[field];
    const label = FIELD_LABELS[field];
    return {
      text: {
        zh: `${label.zh} ← ${column}${row}「${header}」：${value === "" ? "（空）" : value}${merged ? `（合并单元格 ${merged.range}）` : ""}`,
        en: `${label.en} ← ${column}${row} "${header}": ${value === "" ? "(blank)" : value}${merged ? ` (merged cell ${merged.range})` : ""}`,
      },
      ref: { sheet, row, column, header },
    };
  });
}

/** The engine's own steps of the base award (rate × count, 0.2% × financing), its notes, then the award. */
function awardSteps(r: RowResult): ExplainLine[] {
  const all = r.explanation.steps;
  // The engine appends the unit cap's step and the item's pro-rata step after the award's own.
  const own = all.length - (r.capApplied ? 1 : 0) - (counted(r) && r.factor.lessThan(1) ? 1 : 0);
  const lines: ExplainLine[] = all.slice(0, Math.max(0, own)).map((s) => ({ text: { zh: s.zh, en: s.en } }));
  for (const note of r.reasons.filter((x) => x.severity === "note" && !STEP_REASONS.has(x.code))) {
    lines.push({ text: { zh: `说明：${note.message.zh}`, en: `note: ${note.message.en}` }, ...refOf(note.ref) });
  }
  if (r.status === "rejected") {
    lines.push({
      text: {
        zh: "未计算奖补：本行有不予兑付的原因（见下）",
        en: "no award computed: the row is not payable (see why below)",
      },
      value: fen(r.award),
    });
    return lines;
  }
  lines.push({
    text: {
      zh: `奖补金额 ${shown(r.award)} 元（${r.explanation.clause}）`,
      en: `award ${shown(r.award)} 元 (${r.explanation.clause})`,
    },
    value: fen(r.award),
  });
  return lines;
}

/** 从高不重复 (§四(三)): kept whole, kept in part (the row kept, the earlier payout), or lost. */
function dedupeSteps(r: RowResult): ExplainLine[] {
  if (r.status === "rejected") return [];
  const partial = r.reasons.filter((x) => x.code === "DUPLICATE_PARTIAL" || x.code === "PAID_BEFORE_PARTIAL");
  const lines: ExplainLine[] = partial.map((x) => ({
    text: { zh: `从高不重复：${x.message.zh}`, en: `paid once at the highest rate: ${x.message.en}` },
    ...refOf(x.related ?? x.ref),
  }));
  if (r.status === "duplicate") {
    const lost = r.reasons.filter((x) => x.code === "DUPLICATE" || x.code === "PAID_BEFORE");
    lines.push(
      ...lost.map((x) => ({
        text: { zh: `从高不重复：${x.message.zh}`, en: `paid once at the highest rate: ${x.message.en}` },
        ...refOf(x.related ?? x.ref),
      })),
      {
        text: { zh: "本行不予兑付：0.00 元", en: "this row is not paid: 0.00 元" },
        value: fen(r.capped),
      },
    );
    return lines;
  }
  if (r.status === "held") {
    lines.push({
      text: {
        zh: "暂缓兑付：单位身份或数值待核实（见下），本批按 0.00 元计",
        en: "held: who the unit is, or a value, must be checked (see below); 0.00 元 in this batch",
      },
      value: fen(r.capped),
    });
    return lines;
  }
  if (partial.length === 0) {
    lines.push({
      text: {
        zh: `从高不重复（§四(三)）：本行所报未与本批其他行或往期兑付重复，仍为 ${shown(r.award)} 元`,
        en: `paid once at the highest rate (§四(三)): nothing on this row repeats another row or an earlier payout; still ${shown(r.award)} 元`,
      },
      value: fen(r.award),
    });
  } else {
    lines.push({
      text: { zh: `去重后奖补金额 ${shown(r.award)} 元`, en: `award after removing duplicates ${shown(r.award)} 元` },
      value: fen(r.award),
    });
  }
  return lines;
}

/** Earlier payouts counted against this row's unit, found as the engine finds them (one unit, one key). */
function earlierPayoutsOf(plan: BalancedPlan, r: RowResult): PriorPayout[] {
  const units = new UnitResolver();
  const { prior } = plan.prepared;
  prior.forEach((p) => units.learn(p.claimantName, p.claimantCode));
  for (const row of plan.result.rows) {
    // As the balancer learns codes: a code refused for its check character names no unit.
    if (row.claimantKey.startsWith("code:") && !row.reasons.some((x) => x.code === "BAD_CREDIT_CODE"))
      units.learn(row.claimant, undefined, row.claimantKey);
  }
  return prior.filter((p) => p.item === r.item && units.keyOf(p.claimantName, p.claimantCode) === r.claimantKey);
}

/** §2 step 4: the unit's demand against its cap left over every batch, then this row's whole-step share. */
function capSteps(plan: BalancedPlan, r: RowResult): ExplainLine[] {
  const unit = plan.result.units.find((u) => u.item === r.item && u.key === r.claimantKey);
  if (!unit) return [];
  const spec = performanceItem(plan.policy, r.item);
  const cap = shown(spec.perUnitCap);
  const lines: ExplainLine[] = [
    {
      text: {
        zh: `单位封顶（${spec.perUnitCapClause}）：${r.item} 每个单位各批合计不超过 ${cap} 元；「${unit.name}」往期已兑付 ${shown(unit.prior)} 元`,
        en: `unit cap (${spec.perUnitCapClause}): in ${r.item} a unit is paid at most ${cap} 元 over all batches; "${unit.name}" was paid ${shown(unit.prior)} 元 before`,
      },
    },
  ];
  for (const p of earlierPayoutsOf(plan, r)) {
    const where = p.ref ? locate(p.ref) : { zh: "往期兑付", en: "an earlier payout" };
    lines.push({
      text: {
        zh: `往期兑付：${where.zh} ${p.item} ${p.claimantName} ${shown(p.amount)} 元`,
        en: `earlier payout: ${where.en}, ${p.item} ${p.claimantName} ${shown(p.amount)} 元`,
      },
      ...(p.ref ? { ref: { sheet: p.ref.sheet, row: p.ref.row } } : {}),
    });
  }
  const rows = unit.rows > 1 ? `（本单位 ${unit.rows} 行合计）` : " ";
  const rowsEn = unit.rows > 1 ? ` (the unit's ${unit.rows} rows)` : "";
  if (!r.capApplied) {
    lines.push({
      text: {
        zh: `单位本批需求 ${shown(unit.demand)} 元${rows}不超过剩余额度 ${shown(unit.capLeft)} 元，未封顶：本行仍为 ${shown(r.capped)} 元`,
        en: `the unit's demand ${shown(unit.demand)} 元${rowsEn} is within its cap left ${shown(unit.capLeft)} 元, not capped: this row stays ${shown(r.capped)} 元`,
      },
      value: fen(r.capped),
    });
    return lines;
  }
  lines.push({
    text: {
      zh: `单位本批需求 ${shown(unit.demand)} 元${rows}超过剩余额度 ${shown(unit.capLeft)} 元（上限 ${cap} − 往期 ${shown(unit.prior)}，向下取整）：封顶为 ${shown(unit.capped)} 元`,
      en: `the unit's demand ${shown(unit.demand)} 元${rowsEn} is above its cap left ${shown(unit.capLeft)} 元 (cap ${cap} − paid before ${shown(unit.prior)}, rounded down): capped at ${shown(unit.capped)} 元`,
    },
  });
  if (unit.rows === 1) {
    lines.push({
      text: { zh: `本行封顶后 ${shown(r.capped)} 元`, en: `this row after the cap: ${shown(r.capped)} 元` },
      value: fen(r.capped),
    });
    return lines;
  }
  const exact = r.award.times(unit.capped).dividedBy(unit.demand);
  const step = roundingWords(plan);
  lines.push({
    text: {
      zh: `本行分得 ${shown(r.award)} × ${shown(unit.capped)} ÷ ${shown(unit.demand)} = ${exactText(exact)} 元，按最大余额法${step.zh}为 ${shown(r.capped)} 元（各行合计等于单位封顶额）`,
      en: `this row's share ${shown(r.award)} × ${shown(unit.capped)} ÷ ${shown(unit.demand)} = ${exactText(exact)} 元, rounded ${step.en} by largest remainder to ${shown(r.capped)} 元 (the unit's rows add up to its capped amount)`,
    },
    value: fen(r.capped),
  });
  return lines;
}

/** §2 steps 5–6: what the item may pay in this batch, its factor, and this row's exact share. */
function itemSteps(plan: BalancedPlan, r: RowResult): ExplainLine[] {
  const item = plan.result.items.find((i) => i.id === r.item);
  if (!item) return [];
  const spec = performanceItem(plan.policy, r.item);
  const lines: ExplainLine[] = [
    {
      text: {
        zh: `${item.id} 资金（${spec.budgetClause}）：预算 ${shown(item.budget)} − 往期已兑付 ${shown(item.prior)} + 往期调入 ${shown(item.priorReceived)} − 往期调出 ${shown(item.priorReleased)} + 本批调入 ${shown(item.received)} − 本批调出 ${shown(item.released)} = 本批可用 ${shown(item.available)} 元`,
        en: `${item.id} money (${spec.budgetClause}): budget ${shown(item.budget)} − paid before ${shown(item.prior)} + moved in before ${shown(item.priorReceived)} − moved out before ${shown(item.priorReleased)} + moved in now ${shown(item.received)} − moved out now ${shown(item.released)} = available ${shown(item.available)} 元`,
      },
    },
  ];
  for (const m of plan.result.moves.filter((x) => x.from === item.id || x.to === item.id)) {
    lines.push({
      text: {
        zh: `本批调剂：${m.from} → ${m.to} ${shown(m.amount)} 元`,
        en: `moved this batch: ${m.from} → ${m.to} ${shown(m.amount)} 元`,
      },
    });
  }
  const scaled = r.factor.lessThan(1);
  lines.push({
    text: scaled
      ? {
          zh: `${item.id} 本批需求 ${shown(item.demand)} 元超过可用 ${shown(item.available)} 元：按比例兑付（${PRO_RATA_CLAUSE}），比例 = ${shown(item.available)} ÷ ${shown(item.demand)} = ${factorText(r.factor)}`,
          en: `${item.id} demand ${shown(item.demand)} 元 is above the ${shown(item.available)} 元 available: paid pro rata (${PRO_RATA_CLAUSE}), factor = ${shown(item.available)} ÷ ${shown(item.demand)} = ${factorText(r.factor)}`,
        }
      : {
          zh: `${item.id} 本批需求 ${shown(item.demand)} 元不超过可用 ${shown(item.available)} 元：不按比例（比例 1）`,
          en: `${item.id} demand ${shown(item.demand)} 元 is within the ${shown(item.available)} 元 available: not scaled (factor 1)`,
        },
  });
  const exact = exactShare(r);
  lines.push({
    text: {
      zh: `本行精确份额 = ${shown(r.capped)} × ${factorText(r.factor)} = ${exactText(exact)} 元`,
      en: `this row's exact share = ${shown(r.capped)} × ${factorText(r.factor)} = ${exactText(exact)} 元`,
    },
    value: exact.toFixed(),
  });
  return lines;
}

/** After the cap, times the item's factor: exact to the engine's 40 digits. */
function exactShare(r: RowResult): Decimal {
  return toMoney(r.capped).times(r.factor);
}

/** §2 step 7: units rounded to add up to the item, then rows to add up to the unit. */
function payoutStep(plan: BalancedPlan, r: RowResult): ExplainLine {
  const payout = shown(r.payout);
  if (!counted(r)) {
    return {
      text: { zh: `兑付金额 ${payout} 元`, en: `payout ${payout} 元` },
      value: fen(r.payout),
    };
  }
  const step = roundingWords(plan);
  const unit = plan.result.units.find((u) => u.item === r.item && u.key === r.claimantKey);
  const exact = exactShare(r);
  const off = exactText(r.payout.minus(exact).abs());
  let zh = `按最大余额法${step.zh}：${r.item} 可用金额先分到各单位`;
  let en = `rounded ${step.en} by largest remainder: ${r.item}'s money first over its units`;
  if (unit && unit.rows > 1) {
    const unitExact = toMoney(unit.capped).times(r.factor);
    zh += `（本单位精确 ${exactText(unitExact)} → ${shown(unit.payout)} 元），再分到本单位 ${unit.rows} 行`;
    en += ` (this unit's exact ${exactText(unitExact)} → ${shown(unit.payout)} 元), then over the unit's ${unit.rows} rows`;
    if (r.capApplied) {
      // The rows of a cut unit are rounded from their exact part of it, not from their rounded cap shares.
      const rowExact = r.award.times(unit.capped).dividedBy(unit.demand).times(r.factor);
      zh += `（本行精确 ${shown(r.award)} × ${shown(unit.capped)} ÷ ${shown(unit.demand)} × ${factorText(r.factor)} = ${exactText(rowExact)} 元）`;
      en += ` (this row's exact ${shown(r.award)} × ${shown(unit.capped)} ÷ ${shown(unit.demand)} × ${factorText(r.factor)} = ${exactText(rowExact)} 元)`;
    }
  }
  zh += `：本行兑付 ${payout} 元，与精确份额相差 ${off} 元，不足一${step.unitZh}`;
  en += `: this row is paid ${payout} 元, ${off} 元 from its exact share, less than one ${step.unitEn}`;
  return { text: { zh, en }, value: fen(r.payout) };
}

function roundingWords(plan: BalancedPlan): { zh: string; en: string; unitZh: string; unitEn: string } {
  const rounding = plan.result.options.rounding;
  return {
    zh: labels("zh").roundings[rounding],
    en: labels("en").roundings[rounding],
    unitZh: rounding === "yuan" ? "元" : "分",
    unitEn: rounding === "yuan" ? "元" : "fen",
  };
}

/** An exact amount for reading: as it is when short, else to 6 places with ≈. */
function exactText(d: Decimal): string {
  const short = d.toDecimalPlaces(6);
  return short.equals(d) ? d.toFixed() : `≈${short.toFixed(6)}`;
}

function factorText(d: Decimal): string {
  const short = d.toDecimalPlaces(10);
  return short.equals(d) ? d.toFixed() : `≈${short.toFixed(10)}`;
}

/** The errors that stop payment (all reasons when none is an error), each sending the reader where it points. */
function reasonLines(r: RowResult): ExplainLine[] {
  return whyNotPaid(r).map((x) => ({
    text: { zh: onRow(x, "zh"), en: onRow(x, "en") },
    ...refOf(x.related ?? x.ref),
  }));
}

function refOf(ref: Reason["ref"]): { ref?: CellRef } {
  return { ref: { ...ref } };
}

/** The explanation as the command prints it: header, rule, inputs, steps, reasons; a place after each line. */
export function explanationText(e: RowExplanation, lang: Lang): string {
  const L = labels(lang);
  const zh = lang === "zh";
  const where = locate(e.ref)[lang];
  // A place after the line, unless the line is about this row as a whole.
  const go = (line: ExplainLine) =>
    !line.ref || (sameRow(line, e) && !line.ref.column)
      ? ""
      : zh
        ? `（见${locate(line.ref).zh}）`
        : ` (see ${locate(line.ref).en})`;
  const out = [
    `${where} · ${e.item} · ${e.claimant}`,
    zh
      ? `状态：${L.status[e.status]}，兑付金额：${e.payout} 元`
      : `Status: ${L.status[e.status]}   payout: ${e.payout} 元`,
    zh ? `规则：${e.rule}（${e.clause}）` : `Rule: ${e.rule} (${e.clause})`,
  ];
  if (e.inputs.length > 0) {
    out.push(zh ? "输入：" : "Inputs:");
    for (const line of e.inputs) out.push(`  ${line.text[lang]}`);
  }
  out.push(zh ? "计算：" : "Steps:");
  e.steps.forEach((line, i) => out.push(`  ${i + 1}. ${line.text[lang]}${go(line)}`));
  if (e.reasons.length > 0) {
    out.push(zh ? "原因：" : "Why not paid:");
    // A reason about a cell of this row names its column already.
    for (const line of e.reasons) out.push(`  · ${line.text[lang]}${sameRow(line, e) ? "" : go(line)}`);
  }
  return `${out.join("\n")}\n`;
}

function sameRow(line: ExplainLine, e: RowExplanation): boolean {
  return line.ref?.sheet === e.ref.sheet && line.ref.row === e.ref.row;
}

/** What an earlier result's 运行记录 says its run was: enough to balance it again as it was balanced. */
export interface RecordedRun {
  /** The options that change payouts: reallocation, its rule and order, rounding, batch, what-if budgets. */
  options: RunOptions;
  /** The sheets the user chose an item, a header row or columns for, or skipped. */
  sheets: Record<string, SheetOverride>;
  policyId?: string;
  policyVersion?: string;
  /** Where its earlier payouts came from: a sheet's name, or `--prior FILE`. */
  priorSource?: string;
  /** The SHA-256 of the ledger it balanced. */
  inputSha256?: string;
  /** What it paid per item (P1–P4), as its 运行记录 lists them; empty for a result written before it did. */
  itemPaid: Partial<Record<ItemId, Decimal>>;
  /** Its batch line as written, when it names no batch (edited since): a later batch cannot tell which it was. */
  batchUnread?: string;
  /** Per ledger sheet, the rows an earlier batch had decided when it ran. */
  earlierRows: Record<string, number[]>;
  /** Where objections to its 公示名单 went, as given (`--contact`, the pane's field). */
  contact?: string;
}

/** `4-15,18` → [4, 5, …, 15, 18] (src/report/summary.ts rowRanges). */
function rowsOf(text: string): number[] {
  return text.split(",").flatMap((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return [];
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  });
}

const LANGS: readonly Lang[] = ["zh", "en"];

/** Which key of a table of words a text is, in either language. */
function wordOf<K extends string>(text: string, words: (lang: Lang) => Record<K, string>): K | undefined {
  for (const lang of LANGS) {
    const found = (Object.entries(words(lang)) as [K, string][]).find(([, w]) => w === text);
    if (found) return found[0];
  }
  return undefined;
}

/** The name inside a label made by a template such as 用户设定（{sheet}）, in either language. */
function labelled(text: string, template: (name: string) => string): string | undefined {
  const [head, tail] = template("\u0000").split("\u0000");
  const fits = text.length > head.length + tail.length && text.startsWith(head) && text.endsWith(tail);
  return fits ? text.slice(head.length, text.length - tail.length) : undefined;
}

/**
 * 运行记录 read back (src/report/summary.ts writes it, in zh or en): undefined when the workbook has none, so it
 * is no result of this tool.
 */
export function recordedRun(grids: Grid[]): RecordedRun | undefined {
  const record = productGrid(grids, "runRecord");
  if (!record) return undefined;
  const recorded: RecordedRun = { options: {}, sheets: {}, itemPaid: {}, earlierRows: {} };
  const { options } = recorded;
  const budgets: Partial<Record<ItemId, Decimal>> = {};
  for (const row of record.cells) {
    const label = cellText(row?.[0]).trim();
    const value = cellText(row?.[1]).trim();
    const is = (pick: (R: ReturnType<typeof labels>["run"]) => string) =>
      LANGS.some((l) => pick(labels(l).run) === label);
    if (is((R) => R.policy)) recorded.policyId = value;
    else if (is((R) => R.version)) recorded.policyVersion = value;
    else if (is((R) => R.reallocate)) {
      const on = LANGS.some((l) => labels(l).on === value);
      const off = LANGS.some((l) => labels(l).off === value);
      if (on || off) options.reallocate = on;
    } else if (is((R) => R.rule)) {
      const rule = wordOf(value, (l) => labels(l).rules);
      if (rule) options.reallocationRule = rule;
    } else if (is((R) => R.priority)) {
      const ids = value.split(/[,，\s]+/).filter((id) => (ALL_ITEMS as readonly string[]).includes(id));
      if (ids.length > 0) options.priority = ids as ItemId[];
    } else if (is((R) => R.rounding)) {
      const rounding = wordOf<Rounding>(value, (l) => labels(l).roundings);
      if (rounding) options.rounding = rounding;
    } else if (is((R) => R.batch)) {
      const batch = parseBatch(row?.[1] ?? null);
      if (batch.ok) options.batch = batch.value;
      else if (!LANGS.some((l) => labels(l).batchNotStated === value)) recorded.batchUnread = value;
    } else if (is((R) => R.whatIf)) {
      // 「P2 预算按 10,000.00 元测算（政策文件为 …）」, "P2 budget taken as 10,000.00 元 (…)".
      const m = /^(P\d)\s*(?:预算按|budget taken as)\s*([\d,]+(?:\.\d+)?)\s*元/.exec(value);
      if (m && (ALL_ITEMS as readonly string[]).includes(m[1]))
        budgets[m[1] as ItemId] = toMoney(m[2].replace(/,/g, ""));
    } else if (is((R) => R.prior)) recorded.priorSource = value;
    else if (is((R) => R.contact) && value) recorded.contact = value;
    else if (is((R) => R.sha256)) recorded.inputSha256 = value;
    else if (LANGS.some((l) => labelled(label, labels(l).run.earlierRows))) {
      const sheet = LANGS.map((l) => labelled(label, labels(l).run.earlierRows)).find((s) => s !== undefined)!;
      recorded.earlierRows[sheet] = rowsOf(value);
    } else if (LANGS.some((l) => labelled(label, labels(l).run.itemPaid))) {
      const id = LANGS.map((l) => labelled(label, labels(l).run.itemPaid)).find((s) => s !== undefined)!;
      const amount = parseAmount(row?.[1] ?? null, "yuan");
      if (amount.ok && (ALL_ITEMS as readonly string[]).includes(id)) recorded.itemPaid[id as ItemId] = amount.value;
    } else {
      const sheet = LANGS.map((l) => labelled(label, labels(l).run.choices)).find((s) => s !== undefined);
      if (sheet !== undefined) recorded.sheets[sheet] = sheetChoice(value);
    }
  }
  if (Object.keys(budgets).length > 0) options.budgets = budgets;
  return recorded;
}

/** A sheet's choices from their words (src/report/summary.ts `choiceText`), in either language. */
function sheetChoice(text: string): SheetOverride {
  const choice: SheetOverride = {};
  const fields = Object.entries(FIELD_LABELS) as [FieldId, { zh: string; en: string }][];
  for (const part of text.split(/；|; /)) {
    const words = part.trim();
    if (LANGS.some((l) => labels(l).run.chosen.skip === words)) choice.skip = true;
    const item = /^(?:项目|item) (P[1-4])$/.exec(words);
    if (item) choice.item = item[1] as PerformanceItemId;
    const header = /^(?:表头第 (\d+) 行|header row (\d+))$/.exec(words);
    if (header) choice.headerRow = Number(header[1] ?? header[2]);
    const column = /^(.+?)(?: → (?:([A-Z]+) 列|column ([A-Z]+))| (?:不取|not used))$/.exec(words);
    const field = column && fields.find(([, l]) => l.zh === column[1] || l.en === column[1])?.[0];
    if (column && field) choice.columns = { ...choice.columns, [field]: column[2] ?? column[3] ?? null };
  }
  return choice;
}

/**
 * The payout the result shows on a ledger row (its 兑付金额 output column, zh or en), to check a run balanced
 * again reproduces it; undefined when the sheet has no such column or the cell holds no amount.
 */
export function writtenPayout(plan: BalancedPlan, sheet: string, row: number): Decimal | undefined {
  const mapping = plan.prepared.ledger.sheets.find((m) => m.sheet === sheet);
  const grid = plan.prepared.grids.find((g) => g.name === sheet);
  if (!mapping || !grid) return undefined;
  const headers = grid.cells[mapping.headerRow - 1] ?? [];
  const block = outputBlock(headers);
  const spec = LEDGER_OUTPUT.find((c) => c.field === "payout")!;
  if (!block) return undefined;
  for (let i = block.start; i < block.end; i++) {
    const header = cellText(headers[i]).trim();
    if (header !== spec.zh && header !== spec.en) continue;
    const amount = parseAmount(grid.cells[row - 1]?.[i] ?? null, "yuan");
    return amount.ok ? amount.value : undefined;
  }
  return undefined;
}
