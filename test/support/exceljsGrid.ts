/**
 * The grid exceljs 4.4's model of a sheet gives, as the command read workbooks before issue 19 item 2: what
 * src/xlsx/cells.ts must give alike (test/xlsx/cells.test.ts), and what the task pane's reader is held to
 * (test/excel/adapter.test.ts). A merged range's value stands in its first column on every row the range spans.
 */
import type ExcelJS from "exceljs";
import type { CellValue } from "../../src/engine/types";
import type { Grid, MergedRange } from "../../src/ledger";

export function toGrid(sheet: ExcelJS.Worksheet): Grid {
  const cells: CellValue[][] = [];
  const merges = new Map<string, MergedRange>();
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.isMerged) {
        const { master } = cell;
        const range = merges.get(master.address);
        const [r, c] = [rowNumber - 1, colNumber - 1];
        if (!range) merges.set(master.address, { top: r, left: c, bottom: r, right: c });
        else {
          range.bottom = Math.max(range.bottom, r);
          range.right = Math.max(range.right, c);
        }
        if (master !== cell && master.col !== cell.col) return;
      }
      values[colNumber - 1] = plain(cell.value);
    });
    cells[rowNumber - 1] = values;
  });
  const spans = [...merges.values()].filter((m) => m.bottom > m.top || m.right > m.left);
  return spans.length > 0 ? { name: sheet.name, cells, merges: spans } : { name: sheet.name, cells };
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
