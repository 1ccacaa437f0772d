/**
 * Header text → field (LEDGER.md "Fields"). Headers are written by people: spaces and line breaks
 * inside, full-width brackets, a unit in brackets, the same word in several fields' names. A column
 * maps to the most specific name it carries, or to nothing when two fields claim it equally.
 */
import { isBlank, toHalfWidth } from "../engine/values";
import type { AmountUnit, CellValue, FieldId } from "../engine/types";
import { cellText, columnLetter } from "./grid";
import { headersOf, LEDGER_OUTPUT, type Layout } from "./layouts";
import { FIELD_HEADERS } from "./synonyms";

export { FIELD_HEADERS };

/** Names too generic to be found inside a longer header (`机构类型` is not a patent type). */
const EXACT_ONLY = new Set(["类型", "no", "no."]);

/** A longer header holding these words is about another record: `许可备案号` is not a product filing. */
const NOT_INSIDE: Partial<Record<FieldId, string[]>> = {
  productFilingNo: ["许可", "合同", "转让", "登记"],
};

/**
 * A header starting with the other party (`受让方…`, `对方…`) is about the counterparty; what
 * follows says which of its fields. Longest first so `受让方/被许可方` is stripped whole.
 */
const COUNTERPARTY_PREFIXES = [
  "被许可单位",
  "被许可企业",
  "交易对方",
  "对方单位",
  "受让单位",
  "受让企业",
  "转让单位",
  "转让企业",
  "许可单位",
  "被许可方",
  "被许可人",
  "受让方",
  "受让人",
  "转让方",
  "转让人",
  "出让方",
  "许可方",
  "许可人",
  "对方",
];
const COUNTERPARTY_REST: [FieldId, string[]][] = [
  ["counterpartyName", ["", "名称", "单位名称", "单位", "企业名称", "全称"]],
  [
    "counterpartyKind",
    ["性质", "类型", "规模", "单位性质", "单位类型", "企业规模", "企业性质", "企业类型", "主体类型", "单位属性"],
  ],
  [
    "counterpartyDistrict",
    ["所在区", "所在区县", "所在地", "所属区域", "所属区县", "注册地", "区县", "地区", "区域", "所在地区"],
  ],
];
const PARTY_FIELDS = new Set<FieldId>([
  "claimantName",
  "claimantCode",
  "claimantKind",
  "claimantDistrict",
  "counterpartyName",
  "counterpartyKind",
  "counterpartyDistrict",
]);

/**
 * The add-in's own output columns, appended at the right of a ledger sheet by an earlier run.
 * The report writer uses exactly these, so a second run finds and overwrites them.
 */
export const OUTPUT_HEADERS = { zh: headersOf(LEDGER_OUTPUT, "zh"), en: headersOf(LEDGER_OUTPUT, "en") } as const;

const BRACKETED = /[([【〔]([^)\]】〕]*)[)\]】〕]/g;

function unitOf(text: string): AmountUnit | undefined {
  const s = text.replace(/^单位[:：]?/, "");
  if (s === "万元" || s === "万") return "wan";
  if (s === "元" || s === "人民币元") return "yuan";
  return undefined;
}

/**
 * A header as a matching key: no spaces or line breaks, half-width, bracketed text removed;
 * a bracketed unit (`（万元）`, `(元)`) is returned as the column's unit.
 */
export function normaliseHeader(text: CellValue): { key: string; unit?: AmountUnit } {
  if (typeof text !== "string" && typeof text !== "number") return { key: "" };
  let unit: AmountUnit | undefined;
  let key = toHalfWidth(String(text))
    .replace(/\s+/g, "")
    .replace(BRACKETED, (_, inner: string) => {
      unit = unitOf(inner) ?? unit;
      return "";
    });
  // `融资金额/万元`, `贷款金额万元`: a unit written after the amount's name without brackets.
  const trailing = /^(.*金额)[/:]?(万元|元)$/.exec(key);
  if (trailing) {
    key = trailing[1];
    unit = unitOf(trailing[2]);
  }
  return unit ? { key, unit } : { key };
}

const EXACT = new Map<string, FieldId>();
for (const [field, names] of Object.entries(FIELD_HEADERS) as [FieldId, string[]][]) {
  for (const name of names) EXACT.set(name.toLowerCase(), field);
}

/** `受让方/被许可方名称` → `名称`; undefined when the header does not start with the other party. */
function afterCounterparty(key: string): string | undefined {
  let rest = key;
  let stripped = false;
  for (;;) {
    const prefix = COUNTERPARTY_PREFIXES.find((p) => rest.startsWith(p));
    if (!prefix) break;
    rest = rest.slice(prefix.length);
    stripped = true;
    if (!/^[/、或]/.test(rest)) break;
    rest = rest.slice(1);
  }
  return stripped ? rest : undefined;
}

/** The field a normalised header key names, or undefined when none (or two equally) do. */
/** Sentence punctuation (after normalising to half width): no column name holds it. */
const SENTENCE = /[。；;！!？?]/;
/** Longer than any ledger column name seen, brackets removed (`是否获得其他财政资金支持` is 12). */
const LONGEST_HEADER = 40;

export function matchField(key: string): FieldId | undefined {
  const k = key.toLowerCase();
  if (k === "") return undefined;
  const exact = EXACT.get(k);
  if (exact) return exact;
  // A column name is a label, not a sentence: a note such as 填表说明's prose names no field by a word inside it.
  if (SENTENCE.test(k) || k.length > LONGEST_HEADER) return undefined;
  const rest = afterCounterparty(k);
  if (rest !== undefined) {
    const hit = COUNTERPARTY_REST.find(([, rests]) => rests.includes(rest));
    if (hit) return hit[0];
  }
  const found: { field: FieldId; name: string; suffix: boolean }[] = [];
  for (const [name, field] of EXACT) {
    if (EXACT_ONLY.has(name) || !k.includes(name)) continue;
    if (NOT_INSIDE[field]?.some((w) => k.includes(w))) continue;
    // Once the header is known to be about the counterparty, claimant fields cannot match it.
    if (rest !== undefined && PARTY_FIELDS.has(field)) continue;
    found.push({ field, name, suffix: k.endsWith(name) });
  }
  // Chinese headers are head-final: `许可方式` is a 方式, `申报单位性质` a 单位性质.
  const pool = found.some((f) => f.suffix) ? found.filter((f) => f.suffix) : found;
  const longest = Math.max(0, ...pool.map((f) => f.name.length));
  const best = new Set(pool.filter((f) => f.name.length === longest).map((f) => f.field));
  return best.size === 1 ? [...best][0] : undefined;
}

const OUTPUT_KEYS = new Set(
  [...OUTPUT_HEADERS.zh, ...OUTPUT_HEADERS.en].map((h) => normaliseHeader(h).key.toLowerCase()),
);

export function isOutputHeader(text: CellValue): boolean {
  const { key } = normaliseHeader(text);
  return key !== "" && OUTPUT_KEYS.has(key.toLowerCase());
}

/**
 * Where an earlier run's output columns start: two output headers side by side, so that a
 * ledger's own column called `状态` is not mistaken for ours.
 */
export function outputBlock(headers: CellValue[]): { start: number; end: number } | undefined {
  for (let i = 0; i + 1 < headers.length; i++) {
    if (isOutputHeader(headers[i]) && isOutputHeader(headers[i + 1])) {
      let end = i + 2;
      while (end < headers.length && isOutputHeader(headers[end])) end++;
      return { start: i, end };
    }
  }
  return undefined;
}

export interface MappedColumn {
  /** Column letter. */
  column: string;
  /** 0-based column index. */
  index: number;
  /** The header as written (line breaks as spaces). */
  header: string;
  unit?: AmountUnit;
}

export interface HeaderMapping {
  columns: Partial<Record<FieldId, MappedColumn>>;
  ignored: { column: string; header: string }[];
  output?: { start: number; end: number };
  /** Columns named for a field the first column already took (among `ignored` too): the first is in `columns`. */
  repeated: Partial<Record<FieldId, MappedColumn[]>>;
}

/** Maps a header row: one field per column, the first column wins a field, output columns skipped. */
export function mapHeaderRow(headers: CellValue[]): HeaderMapping {
  const output = outputBlock(headers);
  const columns: Partial<Record<FieldId, MappedColumn>> = {};
  const ignored: { column: string; header: string }[] = [];
  const repeated: HeaderMapping["repeated"] = {};
  headers.forEach((cell, index) => {
    if (isBlank(cell) || (output && index >= output.start && index < output.end)) return;
    const { key, unit } = normaliseHeader(cell);
    const field = matchField(key);
    const column = columnLetter(index);
    const header = cellText(cell);
    const mapped: MappedColumn = unit ? { column, index, header, unit } : { column, index, header };
    if (field && !columns[field]) columns[field] = mapped;
    else ignored.push({ column, header });
    if (field && columns[field] !== mapped) (repeated[field] ??= []).push(mapped);
  });
  return output ? { columns, ignored, output, repeated } : { columns, ignored, repeated };
}

/**
 * Where each field of a layout stands in a header row written by this product (in either language), found
 * by its header; undefined when the row is not that header.
 */
export function findColumns<F extends string>(
  columns: Layout<F>,
  headers: readonly CellValue[],
  fields: readonly F[],
): Record<F, number> | undefined {
  const keys = Array.from(headers, (h) => normaliseHeader(h).key);
  const found = {} as Record<F, number>;
  for (const field of fields) {
    const spec = columns.find((c) => c.field === field)!;
    const at = keys.findIndex(
      (k) => k !== "" && (k === normaliseHeader(spec.zh).key || k === normaliseHeader(spec.en).key),
    );
    if (at < 0) return undefined;
    found[field] = at;
  }
  return found;
}
