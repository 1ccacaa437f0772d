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
import { detectItem, scanHeaderRows } from "./detect";
import { mapHeaderRow, normaliseHeader, OUTPUT_HEADERS, outputBlock, type MappedColumn } from "./headers";

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
  /** Optional columns absent, with the default taken (written to the run record, 运行记录). */
  defaults: { field: FieldId; value: string; zh: string; en: string }[];
  ignoredColumns: { column: string; header: string }[];
  /** 0-based index of the ledger's last used column, output columns of an earlier run not counted. */
  lastColumn: number;
}

export interface SheetProblem {
  sheet: string;
  /**
   * `NOT_LEDGER`: text but no ledger column name (a 填表说明 sheet), or a single generic one and no claimant column
   * anywhere (a table of dates by 批次), skipped without asking.
   */
  code: "NO_HEADER" | "NOT_LEDGER" | "NO_ITEM" | "MISSING_COLUMNS" | "EMPTY" | "TOO_WIDE";
  zh: string;
  en: string;
  missing?: FieldId[];
}

export function isSheetProblem(m: SheetMapping | SheetProblem): m is SheetProblem {
  return "code" in m;
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

/** Optional columns whose absence each item's award notices, in the order of the run record. */
const DEFAULTED_FIELDS: Record<PerformanceItemId, FieldId[]> = {
  P1: ["claimantDistrict", "claimantKind", "counterpartyDistrict", "count", "otherFiscalSupport", "patentType"],
  P2: ["claimantDistrict", "claimantKind", "counterpartyDistrict", "count", "otherFiscalSupport", "patentType"],
  P3: ["claimantDistrict", "claimantKind", "count", "otherFiscalSupport"],
  P4: ["claimantDistrict", "claimantKind", "otherFiscalSupport"],
};

function defaultFor(field: FieldId, items: PerformanceItemId[], policy: Policy): SheetMapping["defaults"][number] {
  const absent = FIELD_LABELS[field];
  const say = (value: string, zh: string, en: string) => ({
    field,
    value,
    zh: `无“${absent.zh}”列：${zh}`,
    en: `No ${absent.en} column: ${en}`,
  });
  switch (field) {
    case "claimantDistrict":
      return say(
        "inDistrict",
        "按区内单位处理（只受理区内申报）",
        "taken as in-district (only in-district claims are taken)",
      );
    case "counterpartyDistrict":
      return say("inDistrict", "交易对方按区内单位处理", "counterparty taken as in-district");
    case "claimantKind": {
      const kinds = [...new Set(items.flatMap((i) => performanceItem(policy, i).recipient.kinds))];
      return say(
        "asItemRequires",
        `按项目要求的单位性质处理（${kinds.map((k) => KIND_NAMES[k].zh).join("/")}）`,
        `taken as the kind the item requires (${kinds.map((k) => KIND_NAMES[k].en).join(" / ")})`,
      );
    }
    case "count":
      return say("1", "每行按 1 件", "one per row");
    case "otherFiscalSupport":
      return say("no", "按未获得其他财政资金支持（否）", "taken as no other fiscal support");
    default:
      return say("fromNumber", "专利类型按专利号判断", "patent type read from the patent number");
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

function problem(sheet: string, code: SheetProblem["code"], zh: string, en: string): SheetProblem {
  return { sheet, code, zh: `工作表“${sheet}”：${zh}`, en: `Sheet "${sheet}": ${en}` };
}

/**
 * Finds the header row, the item and a column per field. A sheet lacking a required column is
 * still a mapping (with `missing`), so the task pane can show it and let the user pick one.
 */
export function mapSheet(grid: Grid, policy: Policy, override: SheetOverride = {}): SheetMapping | SheetProblem {
  const sheet = grid.name;
  if (!hasContent(grid)) return problem(sheet, "EMPTY", "没有内容", "it is empty");
  const scan = override.headerRow === undefined ? scanHeaderRows(grid) : undefined;
  const headerRow = override.headerRow !== undefined ? override.headerRow - 1 : scan?.headerRow;
  // Not a ledger: no column name at all, or one generic name (编号, 批次 …) and nowhere a claimant column.
  if (scan && (scan.mostKnown === 0 || (scan.mostKnown === 1 && !scan.claimantSeen))) {
    return problem(
      sheet,
      "NOT_LEDGER",
      `前 ${HEADER_SCAN_ROWS} 行中没有台账的列名（如“申报单位”），不是台账，已跳过（如是台账，请指定表头行）`,
      `no ledger column names (such as the claimant, 申报单位) in the first ${HEADER_SCAN_ROWS} rows: not a ledger, skipped (if it is one, choose its header row)`,
    );
  }
  if (headerRow === undefined || headerRow < 0 || headerRow >= grid.cells.length) {
    return problem(
      sheet,
      "NO_HEADER",
      `前 ${HEADER_SCAN_ROWS} 行中找不到表头（至少 3 个可识别的列名，其中须有“申报单位”）；请指定表头行`,
      `no header row in the first ${HEADER_SCAN_ROWS} rows (at least 3 known column names, one of them the claimant, 申报单位); choose the header row`,
    );
  }
  const headers = grid.cells[headerRow] ?? [];
  const mapped = mapHeaderRow(headers);
  const columns = { ...mapped.columns };
  let ignoredColumns = override.columns
    ? applyColumnOverrides(columns, mapped.ignored, headers, override.columns)
    : mapped.ignored;

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
  };
}

/** 0-based column where this add-in's output goes: over an earlier run's output, else after the ledger. */
export function outputColumnStart(grid: Grid, mapping: SheetMapping): number {
  const block = outputBlock(grid.cells[mapping.headerRow - 1] ?? []);
  return block ? block.start : mapping.lastColumn + 1;
}
