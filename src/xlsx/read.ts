/**
 * .xlsx → Grid: what each cell shows, as the ledger reader wants it. Rich text becomes its plain
 * text, a formula its cached result, a hyperlink its text, a date a `Date`.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
import type { CellValue } from "../engine/types";
import type { Grid } from "../ledger";

/** An input the command cannot use at all (exit 2): the file is missing or is not a workbook. */
export class WorkbookError extends Error {
  constructor(
    readonly kind: "missing" | "notWorkbook",
    readonly file: string,
    detail: string,
  ) {
    super(
      kind === "missing"
        ? `${file}: file not found (找不到文件)`
        : `${file}: not an .xlsx workbook (不是 Excel 工作簿): ${detail}`,
    );
    this.name = "WorkbookError";
  }
}

export interface ReadWorkbook {
  grids: Grid[];
  workbook: ExcelJS.Workbook;
}

export async function readWorkbook(
  input: string | Buffer,
  name = typeof input === "string" ? input : "workbook",
): Promise<ReadWorkbook> {
  let data: Buffer;
  if (typeof input === "string") {
    try {
      data = await fs.readFile(input);
    } catch (e) {
      throw new WorkbookError("missing", name, (e as Error).message);
    }
  } else {
    data = input;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type is a narrowed ArrayBuffer; a Node Buffer is what it reads.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new WorkbookError("notWorkbook", name, (e as Error).message);
  }
  return { grids: workbook.worksheets.map(toGrid), workbook };
}

/**
 * A merged range's value stands in its first column on every row the range spans: a unit name
 * merged down over its three claims belongs to each, a title merged across a row is one cell.
 */
export function toGrid(sheet: ExcelJS.Worksheet): Grid {
  const cells: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.isMerged && cell.master !== cell && cell.master.col !== cell.col) return;
      values[colNumber - 1] = plain(cell.value);
    });
    cells[rowNumber - 1] = values;
  });
  return { name: sheet.name, cells };
}

function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("hyperlink" in v) return plain(v.text as ExcelJS.CellValue);
  if ("formula" in v || "sharedFormula" in v) return plain((v.result ?? null) as ExcelJS.CellValue);
  if ("error" in v) return v.error;
  return null;
}
