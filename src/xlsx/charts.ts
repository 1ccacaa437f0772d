/**
 * Native charts for the command's output: once the product's sheets are in the package (save.ts), each one's charts
 * are added: a chart part over the table's own cells, and a drawing that places it where the task pane places its
 * chart (src/report CHART_SIZE).
 */
import type { CellValue } from "../engine/types";
import { columnLetter } from "../ledger";
import { CHART_SIZE, type ChartSpec, type Table } from "../report";
import { escapeXml, insertBefore, REL, withRelNamespace, type Package } from "./package";

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
};
const CONTENT = {
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
};
/** CT_Worksheet: the elements that follow `<drawing>`. */
const AFTER_DRAWING = [
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
] as const;

/** Adds each table's charts to its sheet's part (the sheets just written). */
export async function addCharts(pkg: Package, tables: readonly Table[], sheets: Map<string, string>): Promise<number> {
  let added = 0;
  for (const table of tables) {
    const sheet = sheets.get(table.sheet);
    if (!sheet || table.charts.length === 0) continue;
    const anchors: string[] = [];
    const drawing = pkg.freeName("xl/drawings/drawing", ".xml");
    for (const [i, spec] of table.charts.entries()) {
      const chart = pkg.freeName("xl/charts/chart", ".xml");
      pkg.put(chart, chartXml(table, spec));
      await pkg.declare(chart, CONTENT.chart);
      anchors.push(anchorXml(spec, await pkg.relate(drawing, "chart", chart), i));
      added++;
    }
    pkg.put(
      drawing,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors.join("")}</xdr:wsDr>`,
    );
    await pkg.declare(drawing, CONTENT.drawing);
    await attachDrawing(pkg, sheet, drawing);
  }
  return added;
}

/** Points a sheet at a drawing: the relationship and the `<drawing r:id>` element where the schema puts it. */
export async function attachDrawing(pkg: Package, sheet: string, drawing: string): Promise<void> {
  const id = await pkg.relate(sheet, "drawing", drawing);
  const xml = withRelNamespace(await pkg.text(sheet), "worksheet");
  pkg.put(sheet, insertBefore(xml, `<drawing r:id="${id}"/>`, AFTER_DRAWING, "worksheet"));
}

/** Top-left at row 2 of the chart's anchor column, CHART_SIZE columns wide and rows tall, as the pane sets it. */
function anchorXml(spec: ChartSpec, rel: string, i: number): string {
  const at = (col: number, row: number) =>
    `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  const top = 1 + i * (CHART_SIZE.rows + 1);
  return (
    `<xdr:twoCellAnchor><xdr:from>${at(spec.anchorColumn, top)}</xdr:from>` +
    `<xdr:to>${at(spec.anchorColumn + CHART_SIZE.columns, top + CHART_SIZE.rows)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeXml(spec.title)}"/>` +
    `<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${REL}" r:id="${rel}"/>` +
    `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

/** A clustered column or bar chart over the table's rows: categories from one column, a series per column. */
export function chartXml(table: Table, spec: ChartSpec): string {
  const first = (table.title?.length ?? 0) + 2;
  const rows = table.rows.slice(0, spec.rowCount ?? table.rows.length);
  const last = first + rows.length - 1;
  const sheet = `'${table.sheet.replace(/'/g, "''")}'`;
  const ref = (c: number) => `${sheet}!$${columnLetter(c)}$${first}:$${columnLetter(c)}$${last}`;
  const strCache = (values: CellValue[]) =>
    `<c:strCache><c:ptCount val="${values.length}"/>${values
      .map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(String(v ?? ""))}</c:v></c:pt>`)
      .join("")}</c:strCache>`;
  const numCache = (values: CellValue[]) =>
    `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values
      .map((v, i) => (typeof v === "number" ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ""))
      .join("")}</c:numCache>`;
  const categories = rows.map((r) => r[spec.categoryColumn]);
  const series = spec.seriesColumns.map((c, i) => {
    const header = table.columns[c].header;
    const name = `${sheet}!$${columnLetter(c)}$${first - 1}`;
    return (
      `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
      `<c:tx><c:strRef><c:f>${escapeXml(name)}</c:f>${strCache([header])}</c:strRef></c:tx>` +
      `<c:invertIfNegative val="0"/>` +
      `<c:cat><c:strRef><c:f>${escapeXml(ref(spec.categoryColumn))}</c:f>${strCache(categories)}</c:strRef></c:cat>` +
      `<c:val><c:numRef><c:f>${escapeXml(ref(c))}</c:f>${numCache(rows.map((r) => r[c]))}</c:numRef></c:val></c:ser>`
    );
  });
  const axis = (tag: "catAx" | "valAx", id: number, cross: number, position: string) =>
    `<c:${tag}><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${position}"/><c:crossAx val="${cross}"/></c:${tag}>`;
  const bar = spec.kind === "bar";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${REL}"><c:roundedCorners val="0"/>` +
    `<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escapeXml(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="${bar ? "bar" : "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
    `${series.join("")}<c:axId val="1"/><c:axId val="2"/></c:barChart>` +
    axis("catAx", 1, 2, bar ? "l" : "b") +
    axis("valAx", 2, 1, bar ? "b" : "l") +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`
  );
}
