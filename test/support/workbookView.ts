/**
 * A result workbook as a clerk and another application see it, for comparing two writers (issue 19: the result
 * identical, cell by cell and in every product sheet, to the one written before the change): each sheet in order
 * with its visibility, every cell that holds a value (value, number format, font, alignment), row heights, column
 * widths, merges, panes, page setup, header and footer, the workbook's defined names, and each sheet's charts
 * (their type, titles and the ranges they plot). Read by exceljs, as another application would; package part
 * names are not compared (a writer may name its parts as it likes).
 */

import ExcelJS from "exceljs";
import JSZip from "jszip";

export interface WorkbookView {
  sheets: string[];
  /** `sheet!A1` → what the cell holds and how it shows. */
  cells: Map<string, string>;
  /** `sheet` → rows' heights, columns' widths, merges, panes, page setup, header and footer. */
  layout: Map<string, string>;
  names: string[];
  /** `sheet` → its charts, each as its kind, titles and plotted ranges. */
  charts: Map<string, string[]>;
}

export async function viewWorkbook(bytes: Uint8Array): Promise<WorkbookView> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const cells = new Map<string, string>();
  const layout = new Map<string, string>();
  for (const ws of wb.worksheets) {
    const heights: [number, number][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      if (row.height !== undefined) heights.push([n, row.height]);
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value === null || cell.value === undefined) return;
        const { font, alignment } = cell;
        cells.set(
          `${ws.name}!${cell.address}`,
          JSON.stringify({
            value: cell.value,
            numFmt: cell.numFmt ?? null,
            bold: font?.bold ?? false,
            size: font?.size ?? null,
            color: font?.color?.argb ?? null,
            alignment: alignment ?? null,
          }),
        );
      });
    });
    const widths = (ws.columns ?? []).map((c) => c.width ?? null);
    layout.set(
      ws.name,
      JSON.stringify({
        heights,
        widths,
        merges: [...ws.model.merges].sort(),
        views: ws.views,
        page: ws.pageSetup,
        footer: ws.headerFooter,
      }),
    );
  }
  const names = wb.definedNames.model.map((n) => JSON.stringify(n)).sort();
  return {
    sheets: wb.worksheets.map((w) => `${w.name}${w.state && w.state !== "visible" ? ` (${w.state})` : ""}`),
    cells,
    layout,
    names,
    charts: await chartsBySheet(bytes),
  };
}

/** Each sheet's charts, through its drawing: the chart's kind, its titles, and the ranges its series plot. */
async function chartsBySheet(bytes: Uint8Array): Promise<Map<string, string[]>> {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (p: string) => (await zip.file(p)?.async("string")) ?? "";
  const rels = async (part: string) => {
    const at = part.lastIndexOf("/");
    const xml = await text(`${part.slice(0, at)}/_rels/${part.slice(at + 1)}.rels`);
    return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map((m) => ({
      id: /\bId="([^"]*)"/.exec(m[0])?.[1] ?? "",
      type: /\bType="[^"]*\/([^"/]*)"/.exec(m[0])?.[1] ?? "",
      target: resolve(part, /\bTarget="([^"]*)"/.exec(m[0])?.[1] ?? ""),
    }));
  };
  const workbookRels = await rels("xl/workbook.xml");
  const out = new Map<string, string[]>();
  for (const m of (await text("xl/workbook.xml")).matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1] ?? "";
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    const sheet = workbookRels.find((r) => r.id === id)?.target;
    if (!sheet) continue;
    const charts: string[] = [];
    for (const drawing of (await rels(sheet)).filter((r) => r.type === "drawing"))
      for (const chart of (await rels(drawing.target)).filter((r) => r.type === "chart")) {
        const xml = await text(chart.target);
        const kind = /<c:(\w+Chart)>/.exec(xml)?.[1] ?? "";
        const texts = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]);
        const refs = [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((f) => f[1]);
        charts.push(JSON.stringify({ kind, texts, refs }));
      }
    out.set(name, charts);
  }
  return out;
}

function resolve(from: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const segments = from.split("/").slice(0, -1);
  for (const s of target.split("/")) {
    if (s === "..") segments.pop();
    else if (s !== ".") segments.push(s);
  }
  return segments.join("/");
}

/** The keys whose values differ between two views' maps, with both values (at most `limit` of them). */
export function differences(a: Map<string, unknown>, b: Map<string, unknown>, limit = 20): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const out: string[] = [];
  for (const k of keys) {
    const [x, y] = [JSON.stringify(a.get(k)), JSON.stringify(b.get(k))];
    if (x !== y && out.length < limit) out.push(`${k}: ${x} ≠ ${y}`);
  }
  return out;
}
