/** A plan's result laid into the grids it read, as both writers lay it (for tests of later runs on a result). */
import type { CellValue } from "../../src/engine/types";
import type { Grid } from "../../src/ledger";
import type { BalancedPlan } from "../../src/plan";

/** The result laid into the grids as the writers lay it: output columns on each ledger sheet, product sheets replaced. */
export function withResult(grids: Grid[], plan: BalancedPlan): Grid[] {
  const out = grids.map((g) => ({ ...g, cells: g.cells.map((r) => [...r]) }));
  const put = (line: CellValue[], at: number, v: CellValue) => {
    while (line.length < at) line.push(null);
    line[at] = v;
  };
  for (const o of plan.outputs) {
    const grid = out.find((g) => g.name === o.sheet)!;
    const header = (grid.cells[o.headerRow - 1] ??= []);
    o.columns.forEach((c, i) => put(header, o.startColumn + i, c.header));
    // An earlier run's values on rows that are no longer claims do not survive (src/xlsx writeOutputColumns).
    for (let r = o.headerRow; r < grid.cells.length; r++) {
      o.columns.forEach((_, i) => {
        if (grid.cells[r].length > o.startColumn + i) grid.cells[r][o.startColumn + i] = null;
      });
    }
    for (const { row, values } of o.rows) {
      const line = (grid.cells[row - 1] ??= []);
      values.forEach((v, i) => put(line, o.startColumn + i, v ?? null));
    }
  }
  for (const t of plan.tables) {
    const cells = [...(t.title ?? []).map((l) => [l]), t.columns.map((c) => c.header), ...t.rows];
    const at = out.findIndex((g) => g.name === t.sheet);
    if (at >= 0) out[at] = { name: t.sheet, cells };
    else out.push({ name: t.sheet, cells });
  }
  return out;
}
