/** A reason's cell, selected in its sheet, so the clerk lands on what to fix. */
import type { CellRef } from "../engine/types";

export async function selectRef(context: Excel.RequestContext, ref: CellRef): Promise<void> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(ref.sheet);
  await context.sync();
  if (sheet.isNullObject) return;
  sheet.activate();
  sheet.getRange(`${ref.column ?? "A"}${ref.row}`).select();
  await context.sync();
}
