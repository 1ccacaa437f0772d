/**
 * Where the user's selection lands, for the task pane's explanation of a row: one listener on the workbook's
 * sheets (WorksheetCollection.onSelectionChanged, ExcelApi 1.9). Its event names the sheet (by id) and the
 * address, so a selection costs no sync; registering it costs one, with the sheets' names read in the same.
 */

/** The 1-based row an address starts at: `B12`, `B12:D15`, `'My sheet'!$B$12`. */
export function firstRow(address: string): number | undefined {
  const m = /(?:^|!)\$?[A-Z]{1,3}\$?(\d+)/.exec(address);
  return m ? Number(m[1]) : undefined;
}

/**
 * Calls `onRow(sheet, row)` each time the selection moves. Registered once, when the pane starts; sheets
 * added or renamed later are not known to it (a renamed ledger is explained again after the pane reloads).
 */
export async function watchSelection(onRow: (sheet: string, row: number) => void): Promise<void> {
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name, items/id");
    const names = new Map<string, string>();
    context.workbook.worksheets.onSelectionChanged.add(async (event) => {
      const sheet = names.get(event.worksheetId);
      const row = firstRow(event.address);
      if (sheet !== undefined && row !== undefined) onRow(sheet, row);
    });
    await context.sync();
    for (const s of sheets.items) names.set(s.id, s.name);
  });
}
