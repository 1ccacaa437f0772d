/**
 * A sheet → its mapping: header row, item, a column per field, the required columns that are
 * missing and the defaults taken for optional ones (LEDGER.md "Missing columns"). The user's
 * choices (SheetOverride, saved in the workbook) win over what was detected.
 */
import { KIND_NAMES } from "../engine/claim";
import { isBlank } from "../engine/values";
import type { AmountUnit, FieldId, PerformanceItemId } from "../engine/types";
import { performanceItem, type Policy } from "../policy/policy";
import { cellText, columnIndex, columnLetter, hasContent, HEADER_SCAN_ROWS, type Grid } from "./grid";
import { detectItem, headerRowBelow, ledgerSign, scanHeaderRows, type HeaderScan, type LedgerSign } from "./detect";
import {
  mapHeaderRow,
  normaliseHeader,
  OUTPUT_HEADERS,
  outputBlock,
  type HeaderMapping,
  type MappedColumn,
} from "./headers";
import { nearestHeader } from "./nearest";
import { FIELD_HEADERS } from "./synonyms";

/** What the user decided for one sheet in the task pane. */
export interface SheetOverride {
  item?: PerformanceItemId;
  /** 1-based Excel row. */
  headerRow?: number;
  /** A column letter per field, or null to unmap a field. */
  columns?: Partial<Record<FieldId, string | null>>;
  /** Not a ledger: read nothing from it. */
  skip?: boolean;
}

export interface SheetMapping {
  sheet: string;
  /** 1-based Excel row. */
  headerRow: number;
  /** Undefined when an item column names several items: each row then carries its own. */
  item?: PerformanceItemId;
  itemSource: "column" | "sheetName" | "override";
  /** With an item column: each readable cell (as `itemKey`) → its item. */
  itemByValue?: Record<string, PerformanceItemId>;
  columns: Partial<Record<FieldId, MappedColumn>>;
  /** Required for the item but absent: the sheet cannot be balanced until they are chosen. */
  missing: FieldId[];
  /**
   * Optional columns absent, with the default taken (written to the run record, 运行记录); `assumption` when the
   * default can change a payout, so the bureau checks it where the money is decided (LEDGER.md "Assumptions").
   */
  defaults: { field: FieldId; value: string; zh: string; en: string; assumption: boolean }[];
  ignoredColumns: { column: string; header: string }[];
  /** 0-based index of the ledger's last used column, output columns of an earlier run not counted. */
  lastColumn: number;
  /** Fields two or more columns hold values for, none chosen: the sheet cannot be balanced until one is. */
  conflicts?: ColumnConflict[];
}

/** A field of money or eligibility that two columns of one sheet give (两列金额, 两列日期): a question for the clerk. */
export interface ColumnConflict {
  field: FieldId;
  columns: { column: string; header: string }[];
}

export interface SheetProblem {
  sheet: string;
  /**
   * `NOT_LEDGER` (no sign of a ledger: a 填表说明 sheet) and `EMPTY` are skipped; any other stops the balance
   * (LEDGER.md "A ledger sheet is read, or the run stops").
   */
  code: "NO_HEADER" | "NOT_LEDGER" | "NO_ITEM" | "MISSING_COLUMNS" | "TWO_COLUMNS" | "EMPTY" | "TOO_WIDE";
  zh: string;
  en: string;
  missing?: FieldId[];
  /** 1-based: the row taken as the header (found, or the user's), when there is one. */
  headerRow?: number;
  /** Per missing field, the column of the header row whose name is nearest to the field's, when one is close. */
  nearest?: Partial<Record<FieldId, { column: string; header: string }>>;
  /** No header among the first rows: the 1-based row further down that looks like it, when one does. */
  headerBelow?: number;
  /** Fields two columns give, for the option that chooses one. */
  conflicts?: ColumnConflict[];
}

export function isSheetProblem(m: SheetMapping | SheetProblem): m is SheetProblem {
  return "code" in m;
}

/** A sheet with no sign of a ledger, or empty: skipped, and listed where the run is read. */
export function isSkippedSheet(p: SheetProblem): boolean {
  return p.code === "NOT_LEDGER" || p.code === "EMPTY";
}

/** Column names for messages, as a clerk would call them. */
export const FIELD_LABELS: Record<FieldId, { zh: string; en: string }> = {
  rowId: { zh: "序号", en: "row id" },
  item: { zh: "奖补项目", en: "award item" },
  claimantName: { zh: "申报单位", en: "claimant name" },
  claimantCode: { zh: "统一社会信用代码", en: "credit code" },
  claimantKind: { zh: "单位性质", en: "claimant kind" },
  claimantDistrict: { zh: "所在区县", en: "claimant district" },
  counterpartyName: { zh: "交易对方", en: "counterparty name" },
  counterpartyKind: { zh: "对方单位性质", en: "counterparty kind" },
  counterpartyDistrict: { zh: "对方所在区县", en: "counterparty district" },
  patentNumber: { zh: "专利号", en: "patent number" },
  patentType: { zh: "专利类型", en: "patent type" },
  mode: { zh: "转化方式", en: "mode" },
  recordDate: { zh: "备案/登记日期", en: "record date" },
  count: { zh: "件数", en: "count" },
  platform: { zh: "开放许可平台", en: "open-licence platform" },
  contractAmount: { zh: "合同金额", en: "contract amount" },
  pledgeAmount: { zh: "质押融资金额", en: "pledge amount" },
  pledgeRegistration: { zh: "质押登记号", en: "pledge registration" },
  productFilingNo: { zh: "产品备案号", en: "product filing no." },
  productName: { zh: "产品名称", en: "product name" },
  otherFiscalSupport: { zh: "是否获得其他财政资金支持", en: "other fiscal support" },
  batch: { zh: "批次", en: "batch" },
  barred: { zh: "是否失信", en: "barred" },
};

/** LEDGER.md "Missing columns": without these a sheet is not balanced. */
export const REQUIRED_FIELDS: Record<PerformanceItemId, FieldId[]> = {
  P1: ["claimantName", "counterpartyKind", "patentNumber", "mode", "recordDate"],
  P2: ["claimantName", "counterpartyKind", "patentNumber", "mode", "recordDate"],
  P3: ["claimantName", "recordDate"],
  P4: ["claimantName", "pledgeAmount", "recordDate"],
};

/**
 * Fields whose value decides money or eligibility, where two columns could disagree (融资金额（万元） 1,000 and
 * 贷款金额（元） 5): taking the first would pay one of them unseen. Text such as 备注 or 产品名称 may repeat.
 */
const ONE_COLUMN_FIELDS: readonly FieldId[] = [
  "claimantName",
  "claimantCode",
  "patentNumber",
  "recordDate",
  "count",
  "contractAmount",
  "pledgeAmount",
];

/** Optional columns whose absence each item's award notices, in the order of the run record. */
const DEFAULTED_FIELDS: Record<PerformanceItemId, FieldId[]> = {
  P1: ["claimantDistrict", "claimantKind", "counterpartyDistrict", "count", "otherFiscalSupport", "patentType"],
  P2: ["claimantDistrict", "claimantKind", "counterpartyDistrict", "count", "otherFiscalSupport", "patentType"],
  P3: ["claimantDistrict", "claimantKind", "count", "otherFiscalSupport"],
  P4: ["claimantDistrict", "claimantKind", "otherFiscalSupport"],
};

function defaultFor(field: FieldId, items: PerformanceItemId[], policy: Policy): SheetMapping["defaults"][number] {
  const absent = FIELD_LABELS[field];
  const say = (value: string, zh: string, en: string, assumption = true) => ({
    field,
    value,
    zh: `无“${absent.zh}”列，${zh}`,
    en: `no ${absent.en} column; ${en}`,
    assumption,
  });
  switch (field) {
    case "claimantDistrict":
      return say(
        "inDistrict",
        "全部按区内单位处理（只受理区内申报）",
        "every claimant taken as in-district (only in-district claims are taken)",
      );
    case "counterpartyDistrict":
      return say("inDistrict", "交易对方全部按区内单位处理", "every counterparty taken as in-district");
    case "claimantKind": {
      const kinds = [...new Set(items.flatMap((i) => performanceItem(policy, i).recipient.kinds))];
      return say(
        "asItemRequires",
        `全部按项目要求的单位性质处理（${kinds.map((k) => KIND_NAMES[k].zh).join("/")}）`,
        `every claimant taken as the kind the item requires (${kinds.map((k) => KIND_NAMES[k].en).join(" / ")})`,
      );
    }
    case "count":
      // P1/P2 count the patent numbers listed in the row, which cannot be taken wrong; P3 pays each row as one.
      return items.includes("P3")
        ? say("1", "每行按 1 件计", "each row counted as one")
        : say("listed", "件数按所列专利号的个数计", "counted by the patent numbers listed", false);
    case "otherFiscalSupport":
      return say("no", "全部按“否”（未获其他财政资金支持）处理", 'every row taken as "no" (no other fiscal support)');
    default:
      // The number says the type (its fifth digit): nothing is assumed.
      return say("fromNumber", "专利类型按专利号判断", "patent type read from the patent number", false);
  }
}

function union(lists: FieldId[][]): FieldId[] {
  return [...new Set(lists.flat())];
}

/** The user's column choices: a field moves to the chosen column (taking it from any other field) or is unmapped. */
function applyColumnOverrides(
  columns: Partial<Record<FieldId, MappedColumn>>,
  ignored: { column: string; header: string }[],
  headers: Grid["cells"][number],
  chosen: Partial<Record<FieldId, string | null>>,
): { column: string; header: string }[] {
  const freed = [...ignored];
  for (const field of Object.keys(chosen) as FieldId[]) {
    const old = columns[field];
    if (old) freed.push({ column: old.column, header: old.header });
    delete columns[field];
  }
  const taken = new Set<string>();
  for (const [field, letter] of Object.entries(chosen) as [FieldId, string | null][]) {
    const index = letter === null ? undefined : columnIndex(letter);
    if (index === undefined) continue;
    for (const other of Object.keys(columns) as FieldId[]) {
      if (columns[other]!.index === index) delete columns[other];
    }
    const column = columnLetter(index);
    const unit: AmountUnit | undefined = normaliseHeader(headers[index]).unit;
    const header = cellText(headers[index]);
    columns[field] = unit ? { column, index, header, unit } : { column, index, header };
    taken.add(column);
  }
  const mappedLetters = new Set(Object.values(columns).map((c) => c!.column));
  return freed
    .filter((c) => !taken.has(c.column) && !mappedLetters.has(c.column))
    .sort((a, b) => columnIndex(a.column)! - columnIndex(b.column)!);
}

function lastUsedColumn(grid: Grid, headerRow: number, before: number): number {
  let last = -1;
  for (let r = headerRow; r < grid.cells.length; r++) {
    const row = grid.cells[r] ?? [];
    for (let c = Math.min(row.length, before) - 1; c > last; c--) {
      if (!isBlank(row[c])) {
        last = c;
        break;
      }
    }
  }
  return last;
}

/** Excel's last column is XFD, the 16,384th. */
const EXCEL_COLUMNS = 16_384;

function problem(
  sheet: string,
  code: SheetProblem["code"],
  zh: string,
  en: string,
  more: Partial<SheetProblem> = {},
): SheetProblem {
  return { sheet, code, zh: `工作表“${sheet}”：${zh}`, en: `Sheet "${sheet}": ${en}`, ...more };
}

/** Why the sheet is taken for a ledger, in words a clerk can check; `chosen` when the user gave it an item or columns. */
function signText(sign: LedgerSign | "chosen"): { zh: string; en: string } {
  if (sign === "chosen") return { zh: "已为本表指定项目或列", en: "an item or columns were chosen for it" };
  switch (sign.by) {
    case "sheetName":
      return { zh: `表名指向 ${sign.item}`, en: `its name points to ${sign.item}` };
    case "headers":
      return {
        zh: `第 ${sign.row + 1} 行有 ${sign.count} 个台账列名`,
        en: `row ${sign.row + 1} holds ${sign.count} ledger column names`,
      };
    case "referenceHeader":
      return {
        zh: `第 ${sign.row + 1} 行有“${FIELD_LABELS[sign.field].zh}”列`,
        en: `row ${sign.row + 1} has a ${FIELD_LABELS[sign.field].en} column`,
      };
    case "value": {
      const cell = `${columnLetter(sign.column)}${sign.row + 1}`;
      const what = FIELD_LABELS[sign.field];
      return { zh: `${cell} 是${what.zh}`, en: `${cell} holds a ${what.en}` };
    }
  }
}

/** A sheet with content but no header row: skipped when nothing says it is a ledger, else the run stops on it. */
function noHeader(grid: Grid, scan: HeaderScan, override: SheetOverride): SheetProblem {
  const sheet = grid.name;
  const chosen = override.item !== undefined || override.columns !== undefined;
  const sign = ledgerSign(grid, scan) ?? (chosen ? "chosen" : undefined);
  if (!sign) {
    return problem(
      sheet,
      "NOT_LEDGER",
      `不是台账，已跳过：表名不指向任何项目，前 ${HEADER_SCAN_ROWS} 行中没有两个以上台账的列名（如“申报单位”），也没有统一社会信用代码或专利号（如是台账，请指定表头行）`,
      `not a ledger, skipped: its name points to no item, its first ${HEADER_SCAN_ROWS} rows hold fewer than two ledger column names (such as the claimant, 申报单位), and no cell holds a credit code or a patent number (if it is one, choose its header row)`,
    );
  }
  const below = headerRowBelow(grid);
  const why = signText(sign);
  return problem(
    sheet,
    "NO_HEADER",
    `前 ${HEADER_SCAN_ROWS} 行中找不到表头（至少 3 个可识别的列名）${below === undefined ? "" : `，第 ${below + 1} 行像是表头`}；${why.zh}，是台账，不能跳过：请指定表头行`,
    `no header row in the first ${HEADER_SCAN_ROWS} rows (at least 3 known column names)${below === undefined ? "" : `; row ${below + 1} looks like it`}; ${why.en}, so it is a ledger and is not skipped: choose its header row`,
    below === undefined ? {} : { headerBelow: below + 1 },
  );
}

/**
 * Finds the header row, the item and a column per field. A sheet lacking a required column is
 * still a mapping (with `missing`), so the task pane can show it and let the user pick one.
 */
export function mapSheet(grid: Grid, policy: Policy, override: SheetOverride = {}): SheetMapping | SheetProblem {
  const sheet = grid.name;
  if (!hasContent(grid)) return problem(sheet, "EMPTY", "没有内容，已跳过", "it is empty: skipped");
  if (override.headerRow === undefined) {
    const scan = scanHeaderRows(grid);
    return scan.headerRow === undefined
      ? noHeader(grid, scan, override)
      : mapFrom(grid, scan.headerRow, policy, override);
  }
  if (override.headerRow > grid.cells.length) {
    return problem(
      sheet,
      "NO_HEADER",
      `指定的表头行第 ${override.headerRow} 行不在表中（共 ${grid.cells.length} 行）；请重新指定表头行`,
      `the header row chosen, ${override.headerRow}, is past the sheet's ${grid.cells.length} rows; choose its header row again`,
    );
  }
  return mapFrom(grid, override.headerRow - 1, policy, override);
}

/** The mapping of a sheet whose header stands in the 0-based row `headerRow`. */
function mapFrom(grid: Grid, headerRow: number, policy: Policy, override: SheetOverride): SheetMapping | SheetProblem {
  const sheet = grid.name;
  const headers = grid.cells[headerRow] ?? [];
  const mapped = mapHeaderRow(headers);
  const columns = { ...mapped.columns };
  let ignoredColumns = override.columns
    ? applyColumnOverrides(columns, mapped.ignored, headers, override.columns)
    : mapped.ignored;
  const conflicts = columnConflicts(grid, headerRow, mapped, columns, override.columns ?? {});

  let item: PerformanceItemId | undefined;
  let itemSource: SheetMapping["itemSource"];
  let itemByValue: Record<string, PerformanceItemId> | undefined;
  if (override.item) {
    item = override.item;
    itemSource = "override";
  } else {
    const found = detectItem(grid, headerRow, columns, policy);
    if (!found) {
      return problem(
        sheet,
        "NO_ITEM",
        "无法确定奖补项目：没有可读的“奖补项目”列（P1–P4、1–4 或项目名称），表名也不含“输出/高校院所/接受/受让/被许可/产品备案/质押”之一；请指定项目",
        "cannot tell the award item: no readable item column (P1–P4, 1–4 or the item's name), and the sheet name holds none of 输出/高校院所/接受/受让/被许可/产品备案/质押; choose the item",
        { headerRow: headerRow + 1 },
      );
    }
    item = found.item;
    itemSource = found.source;
    if (found.source === "column") itemByValue = found.byValue;
    else if (columns.item) {
      // The column names no item in any row, so it is not what decided the item.
      ignoredColumns = [...ignoredColumns, { column: columns.item.column, header: columns.item.header }].sort(
        (a, b) => columnIndex(a.column)! - columnIndex(b.column)!,
      );
      delete columns.item;
    }
  }

  const items = item ? [item] : [...new Set(Object.values(itemByValue ?? {}))];
  const missing = union(items.map((i) => REQUIRED_FIELDS[i])).filter((f) => !columns[f]);
  const defaults = union(items.map((i) => DEFAULTED_FIELDS[i]))
    .filter((f) => !columns[f])
    .map((f) => defaultFor(f, items, policy));
  const output = mapped.output;
  const lastColumn = lastUsedColumn(grid, headerRow, output ? output.start : Infinity);
  if (!output && lastColumn + OUTPUT_HEADERS.zh.length >= EXCEL_COLUMNS) {
    return problem(
      sheet,
      "TOO_WIDE",
      `已用到 ${columnLetter(lastColumn)} 列，右侧放不下 ${OUTPUT_HEADERS.zh.length} 个输出列（Excel 最多到 XFD 列）；本表未平衡，请删去右侧不用的列，或把台账复制到新工作表`,
      `it uses columns up to ${columnLetter(lastColumn)}, leaving no room for the ${OUTPUT_HEADERS.zh.length} output columns (Excel ends at XFD); not balanced: delete unused columns on the right, or copy the ledger to a new sheet`,
      { headerRow: headerRow + 1 },
    );
  }
  return {
    sheet,
    headerRow: headerRow + 1,
    ...(item ? { item } : {}),
    itemSource,
    ...(itemByValue ? { itemByValue } : {}),
    columns,
    missing,
    defaults,
    ignoredColumns,
    lastColumn,
    ...(conflicts.length > 0 ? { conflicts } : {}),
  };
}

/**
 * The fields of ONE_COLUMN_FIELDS that two or more columns hold values for, the user having chosen none of them. A
 * column the user gave to another field is out of the question, and so is one without a value below the header.
 */
function columnConflicts(
  grid: Grid,
  headerRow: number,
  mapped: HeaderMapping,
  columns: SheetMapping["columns"],
  chosen: NonNullable<SheetOverride["columns"]>,
): ColumnConflict[] {
  const conflicts: ColumnConflict[] = [];
  for (const field of ONE_COLUMN_FIELDS) {
    const first = mapped.columns[field];
    const others = mapped.repeated[field];
    if (!first || !others || field in chosen) continue;
    const elsewhere = (c: MappedColumn) => Object.entries(columns).some(([f, m]) => f !== field && m.index === c.index);
    const holding = [first, ...others].filter((c) => !elsewhere(c) && holdsValue(grid, headerRow, c.index));
    if (holding.length > 1)
      conflicts.push({ field, columns: holding.map((c) => ({ column: c.column, header: c.header })) });
  }
  return conflicts;
}

function holdsValue(grid: Grid, headerRow: number, index: number): boolean {
  for (let r = headerRow + 1; r < grid.cells.length; r++) if (!isBlank(grid.cells[r]?.[index])) return true;
  return false;
}

/**
 * A sheet whose field two columns give: asked once for the sheet, naming each field and its columns, so the clerk
 * chooses one (or deletes the other) before anything is paid from either.
 */
export function twoColumnsProblem(mapping: SheetMapping): SheetProblem {
  const conflicts = mapping.conflicts!;
  const each = (lang: "zh" | "en") =>
    conflicts
      .map((c) => {
        const cols = c.columns.map((m) =>
          lang === "zh" ? `${m.column} 列“${m.header}”` : `column ${m.column} "${m.header}"`,
        );
        return lang === "zh"
          ? `${FIELD_LABELS[c.field].zh}（${cols.join("、")}）`
          : `${FIELD_LABELS[c.field].en} (${cols.join(", ")})`;
      })
      .join(lang === "zh" ? "；" : "; ");
  const item = mapping.item ? { zh: `（${mapping.item}）`, en: ` (${mapping.item})` } : { zh: "", en: "" };
  return {
    sheet: mapping.sheet,
    code: "TWO_COLUMNS",
    zh: `工作表“${mapping.sheet}”${item.zh}有两列对应同一项：${each("zh")}，两列的值可能不一致，本表不能平衡：请指定用哪一列，或删去多余的列`,
    en: `Sheet "${mapping.sheet}"${item.en} has two columns for one field: ${each("en")}; their values may disagree, so it is not balanced: choose the column to use, or delete the other`,
    headerRow: mapping.headerRow,
    conflicts,
  };
}

/**
 * A sheet lacking required columns: it names the header row, each column missing and the header of that row nearest
 * to it (`企业名陈` → 申报单位?), so the clerk corrects the header or maps the column.
 */
export function missingColumnsProblem(mapping: SheetMapping): SheetProblem {
  const nearest: NonNullable<SheetProblem["nearest"]> = {};
  for (const field of mapping.missing) {
    const column = nearestHeader(field, mapping.ignoredColumns);
    if (column) nearest[field] = column;
  }
  const each = (lang: "zh" | "en") =>
    mapping.missing
      .map((f) => {
        const near = nearest[f];
        const name = FIELD_LABELS[f][lang];
        if (lang === "zh")
          return near ? `${name}（最接近的是 ${near.column} 列“${near.header}”？）` : `${name}（该行没有相近的列名）`;
        return near
          ? `${name} (nearest: column ${near.column} "${near.header}"?)`
          : `${name} (no column of that row is close)`;
      })
      .join(lang === "zh" ? "、" : ", ");
  const item = mapping.item ? { zh: `（${mapping.item}）`, en: ` (${mapping.item})` } : { zh: "", en: "" };
  return {
    sheet: mapping.sheet,
    code: "MISSING_COLUMNS",
    zh: `工作表“${mapping.sheet}”${item.zh}表头在第 ${mapping.headerRow} 行，缺少必需的列：${each("zh")}；本表读不了，不能平衡（跳过它会使其申报单位都得不到兑付）：请改正表头中的列名，或指定对应的列`,
    en: `Sheet "${mapping.sheet}"${item.en}, header in row ${mapping.headerRow}, lacks required columns: ${each("en")}; it cannot be read, so nothing is balanced (skipping it would pay none of its claimants): correct the column names in its header, or choose the columns`,
    missing: mapping.missing,
    headerRow: mapping.headerRow,
    nearest,
  };
}

/**
 * The field a user names (the command's `--column SHEET!B=申报单位`): its label as messages write it (FIELD_LABELS),
 * any header name it is known by, or its id (`claimantName`); undefined when none.
 */
export function fieldNamed(name: string): FieldId | undefined {
  const key = normaliseHeader(name).key.toLowerCase();
  if (key === "") return undefined;
  const fields = Object.keys(FIELD_LABELS) as FieldId[];
  return (
    fields.find((f) => f.toLowerCase() === key) ??
    fields.find((f) =>
      [FIELD_LABELS[f].zh, FIELD_LABELS[f].en].some((l) => normaliseHeader(l).key.toLowerCase() === key),
    ) ??
    fields.find((f) => FIELD_HEADERS[f].some((h) => h.toLowerCase() === key))
  );
}

/** 0-based column where this add-in's output goes: over an earlier run's output, else after the ledger. */
export function outputColumnStart(grid: Grid, mapping: SheetMapping): number {
  const block = outputBlock(grid.cells[mapping.headerRow - 1] ?? []);
  return block ? block.start : mapping.lastColumn + 1;
}
