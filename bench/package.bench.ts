/**
 * Judging a clerk's charts by the whitelist is linear in the parts (issue 16 item 3): a workbook whose sheet holds
 * 1,000 and then 4,000 charts, each its own part in one drawing, checked as the command checks it (src/xlsx/keep.ts
 * keepChecked, then the package written). Four times the charts should take about four times as long.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { keepChecked } from "../src/xlsx/keep";
import { inflate } from "../src/xlsx/node";
import { Package } from "../src/xlsx/package";

const COUNTS = [1_000, 4_000];
const NS = {
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
};
const CT = "application/vnd.openxmlformats-officedocument";

/** A one-sheet workbook (exceljs) whose sheet has a drawing of `n` charts, each a part, as Excel writes them. */
async function workbookWithCharts(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("台账");
  for (let r = 1; r <= 20; r++) sheet.addRow([`单位${r}`, r * 100]);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const anchors: string[] = [];
  const rels: string[] = [];
  const types: string[] = [`<Override PartName="/xl/drawings/drawing1.xml" ContentType="${CT}.drawing+xml"/>`];
  for (let i = 1; i <= n; i++) {
    anchors.push(
      `<xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${i}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${i + 10}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 1}" name="图表 ${i}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS.c}">` +
        `<c:chart xmlns:c="${NS.c}" r:id="rId${i}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
    );
    rels.push(`<Relationship Id="rId${i}" Type="${NS.r}/chart" Target="../charts/chart${i}.xml"/>`);
    types.push(`<Override PartName="/xl/charts/chart${i}.xml" ContentType="${CT}.drawingml.chart+xml"/>`);
    zip.file(
      `xl/charts/chart${i}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="${NS.c}"><c:chart><c:plotArea>` +
        `<c:barChart><c:ser><c:val><c:numRef><c:f>'台账'!$B$1:$B$20</c:f></c:numRef></c:val></c:ser></c:barChart>` +
        `</c:plotArea></c:chart></c:chartSpace>`,
    );
  }
  zip.file(
    "xl/drawings/drawing1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors.join("")}</xdr:wsDr>`,
  );
  zip.file("xl/drawings/_rels/drawing1.xml.rels", `<Relationships xmlns="${NS.rels}">${rels.join("")}</Relationships>`);
  zip.file(
    "xl/worksheets/_rels/sheet1.xml.rels",
    `<Relationships xmlns="${NS.rels}"><Relationship Id="rIdD" Type="${NS.r}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`,
  );
  const sheetXml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  zip.file(
    "xl/worksheets/sheet1.xml",
    sheetXml.replace("</worksheet>", `<drawing xmlns:r="${NS.r}" r:id="rIdD"/></worksheet>`),
  );
  const contentTypes = await zip.file("[Content_Types].xml")!.async("string");
  zip.file("[Content_Types].xml", contentTypes.replace("</Types>", `${types.join("")}</Types>`));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Seconds to judge the charts, count what the result keeps, and write the package; how many charts it keeps. */
async function carry(input: Buffer, n: number): Promise<{ seconds: number; charts: number }> {
  const pkg = await Package.load(input, inflate);
  const started = process.hrtime.bigint();
  const carried = await keepChecked(pkg, [], async () => undefined);
  await pkg.generate();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, charts: n - (carried.lost.find((k) => k.feature === "chart")?.count ?? 0) };
}

export async function run(): Promise<void> {
  const rows = ["| charts | kept | seconds | ms per chart |", "|---:|---:|---:|---:|"];
  const times: number[] = [];
  for (const n of COUNTS) {
    const { seconds, charts } = await carry(await workbookWithCharts(n), n);
    times.push(seconds);
    rows.push(
      `| ${n.toLocaleString("en")} | ${charts.toLocaleString("en")} | ${seconds.toFixed(2)} | ${((seconds / n) * 1000).toFixed(2)} |`,
    );
  }
  rows.push(
    `${COUNTS[1] / COUNTS[0]}× the charts took ${(times[1] / times[0]).toFixed(1)}× as long (linear: about ${COUNTS[1] / COUNTS[0]}×)`,
    "",
  );
  process.stdout.write(rows.join("\n"));
}
