/**
 * The command's result read back as a package: native charts on 汇总 and 目标进度 over the tables' own cells,
 * and a clerk's rich workbook (test/xlsx/richInput.ts) coming back with everything it had, or with what it
 * lost named in 运行记录 and on the console.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { run } from "../cli/run";
import { inflate } from "../../src/xlsx/node";
import { Package, sheetParts } from "../../src/xlsx/package";
import { HIDDEN_SHEET, LEDGER_SHEET, PIVOT_SHEET, richLedger } from "./richInput";

/** 汇总's budget, demand and paid headers, as the clerk reads them above the columns. */
const SERIES_HEADERS = ["预算", "本批需求", "本批兑付"];

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-roundtrip-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function balanceFile(input: string, out: string) {
  const ran = await run("balance", input, "--out", out);
  expect(ran.code).toBe(0);
  const pkg = await Package.load(await fs.readFile(out), inflate);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  return { ran, pkg, workbook, sheets: await sheetParts(pkg) };
}

/** The parts a sheet reaches through relationships of `type`. */
async function related(pkg: Package, part: string, type: string): Promise<string[]> {
  return (await pkg.rels(part)).filter((r) => r.type === type).map((r) => r.target);
}

/** Every `<c:f>` of a chart part, and its title. */
async function chartOf(pkg: Package, part: string) {
  const xml = await pkg.text(part);
  return {
    refs: [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1].replace(/&#39;/g, "'")),
    title: /<a:t>([^<]*)<\/a:t>/.exec(xml)?.[1],
  };
}

/** `'汇总'!$C$2:$C$9` → the cells' values in the workbook. */
function valuesAt(workbook: ExcelJS.Workbook, ref: string): ExcelJS.CellValue[] {
  const m = /^'?(.+?)'?!\$([A-Z]+)\$(\d+)(?::\$[A-Z]+\$(\d+))?$/.exec(ref)!;
  const sheet = workbook.getWorksheet(m[1])!;
  const out: ExcelJS.CellValue[] = [];
  for (let r = Number(m[3]); r <= Number(m[4] ?? m[3]); r++) out.push(sheet.getCell(`${m[2]}${r}`).value);
  return out;
}

describe("native charts in the command's output", () => {
  test("汇总 and 目标进度 each carry a chart over their own rows, where the pane places it", async () => {
    const out = path.join(dir, "sample.xlsx");
    const { pkg, workbook, sheets } = await balanceFile(path.join("examples", "sample-ledger.xlsx"), out);
    const summary = workbook.getWorksheet("汇总")!;
    const [drawing] = await related(pkg, sheets.get("汇总")!, "drawing");
    expect(await pkg.text(sheets.get("汇总")!)).toMatch(/<drawing r:id="rId\d+"\/>/);
    const [chartPart] = await related(pkg, drawing, "chart");
    expect(await pkg.contentType(chartPart)).toBe("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
    const chart = await chartOf(pkg, chartPart);
    expect(chart.title).toBe("预算/需求/兑付");
    // Series names are the header cells; categories the item ids; values the budget, demand and paid columns.
    const series = [0, 3, 6].map((i) => chart.refs.slice(i, i + 3));
    expect(series.map(([name]) => valuesAt(workbook, name)[0])).toEqual(SERIES_HEADERS);
    const items = valuesAt(workbook, series[0][1]);
    expect(items).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]);
    // Each series is its column of 汇总, item by item: what the chart shows is what the table says.
    // The header stands below the 说明 block (the sample's P3 and P4 sheets have no other-funding column).
    let headerRow = 1;
    while (summary.getCell(headerRow, 1).value !== "项目编号") headerRow++;
    expect(summary.getCell(1, 1).value).toBe("渝北区2024年第一批专利转化绩效奖补资金兑付汇总表");
    expect(summary.getCell(3, 1).value).toBe("说明（请核对）");
    const header = summary.getRow(headerRow).values as ExcelJS.CellValue[];
    for (const [name, , values] of series) {
      const column = header.indexOf(valuesAt(workbook, name)[0]);
      expect(valuesAt(workbook, values)).toEqual(items.map((_, i) => summary.getCell(headerRow + 1 + i, column).value));
    }
    // Every product sheet prints (report/print.ts); 汇总 and 目标进度 their own cells only, not the chart beside them:
    // absolute print areas, as Excel writes them.
    const areas = [...(await pkg.text("xl/workbook.xml")).matchAll(/name="_xlnm\.Print_Area"[^>]*>([^<]*)</g)];
    expect(areas.map((m) => m[1].replace(/&apos;/g, "'"))).toEqual([
      `'汇总'!$A$1:$L$${summary.rowCount}`,
      expect.stringMatching(/^'公示名单'!\$A\$1:\$F\$\d+$/),
      expect.stringMatching(/^'异常清单'!\$A\$1:\$H\$\d+$/),
      `'目标进度'!$A$1:$H$${workbook.getWorksheet("目标进度")!.rowCount}`,
      expect.stringMatching(/^'支持项目'!\$A\$1:\$H\$\d+$/),
      expect.stringMatching(/^'累计已兑付'!\$A\$1:\$I\$\d+$/),
      expect.stringMatching(/^'运行记录'!\$A\$1:\$B\$\d+$/),
    ]);
    // Anchored from row 2 beside the table, 8 columns by 18 rows, as src/excel places the pane's chart.
    const anchor = await pkg.text(drawing);
    expect(anchor).toMatch(/<xdr:from><xdr:col>\d+<\/xdr:col><xdr:colOff>0<\/xdr:colOff><xdr:row>1<\/xdr:row>/);
    const cols = [...anchor.matchAll(/<xdr:col>(\d+)<\/xdr:col>/g)].map((m) => Number(m[1]));
    expect(cols[1] - cols[0]).toBe(8);

    const [targetsDrawing] = await related(pkg, sheets.get("目标进度")!, "drawing");
    const targets = await chartOf(pkg, (await related(pkg, targetsDrawing, "chart"))[0]);
    expect(targets.title).toBe("目标完成度");
    expect(valuesAt(workbook, targets.refs[1])).toEqual(["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10"]);
    // 运行记录 no longer apologises for a missing chart.
    const record = workbook.getWorksheet("运行记录")!;
    record.eachRow((row) => expect(String(row.getCell(2).value)).not.toContain("exceljs"));
  });

  test("a re-run on the result replaces the product's charts instead of adding to them", async () => {
    const first = path.join(dir, "first.xlsx");
    const second = path.join(dir, "second.xlsx");
    await balanceFile(path.join("examples", "sample-ledger.xlsx"), first);
    const { pkg, sheets } = await balanceFile(first, second);
    const [drawing] = await related(pkg, sheets.get("汇总")!, "drawing");
    expect(await related(pkg, drawing, "chart")).toHaveLength(1);
    expect(pkg.parts().filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(2);
  });
});

describe("a clerk's rich workbook through the command", () => {
  test("keeps chart, shape, picture, pivot table, validation, notes, names, print settings, hidden sheet, links", async () => {
    const input = path.join(dir, "rich.xlsx");
    const bytes = await richLedger();
    await fs.writeFile(input, bytes);
    const out = path.join(dir, "rich-result.xlsx");
    const { ran, pkg, workbook, sheets } = await balanceFile(input, out);
    // The input is untouched.
    expect(Buffer.compare(await fs.readFile(input), bytes)).toBe(0);

    const ledger = sheets.get(LEDGER_SHEET)!;
    const ledgerXml = await pkg.text(ledger);
    // One drawing holds the clerk's chart, text box and picture, as the clerk left them.
    const drawings = await related(pkg, ledger, "drawing");
    expect(drawings).toHaveLength(1);
    const drawing = await pkg.text(drawings[0]);
    expect(drawing).toContain('name="图表 1"');
    expect(drawing).toContain("第二批待复核");
    expect(drawing).toMatch(/<xdr:pic>/);
    const [clerkChart] = await related(pkg, drawings[0], "chart");
    expect((await chartOf(pkg, clerkChart)).title).toBe("受让件数");
    expect(await related(pkg, drawings[0], "image")).toHaveLength(1);
    // exceljs's own drawing of the picture alone is gone, not left behind unnamed.
    const named = new Set<string>();
    for (const part of pkg.parts()) for (const rel of await pkg.rels(part)) named.add(rel.target);
    expect(pkg.parts().filter((p) => /^xl\/drawings\/drawing\d+\.xml$/.test(p) && !named.has(p))).toEqual([]);
    // The pivot table on its sheet, its cache on the workbook under the same id.
    const [pivot] = await related(pkg, sheets.get(PIVOT_SHEET)!, "pivotTable");
    expect(await pkg.text(pivot)).toContain('name="单位透视"');
    const [cache] = await related(pkg, pivot, "pivotCacheDefinition");
    const workbookXml = await pkg.text("xl/workbook.xml");
    const cacheRel = (await pkg.rels("xl/workbook.xml")).find((r) => r.target === cache)!;
    expect(workbookXml).toContain(`<pivotCache cacheId="7" r:id="${cacheRel.id}"/>`);
    expect(await related(pkg, cache, "pivotCacheRecords")).toHaveLength(1);
    // Data validation, both kinds; sparklines; conditional formatting.
    expect(workbook.getWorksheet(LEDGER_SHEET)!.getCell("E5").dataValidation).toMatchObject({ type: "list" });
    expect(ledgerXml).toContain("<xm:f>内部备注!$A$1:$A$3</xm:f>");
    expect(ledgerXml).toContain("<x14:sparklineGroup ");
    expect(ledgerXml).toMatch(/<conditionalFormatting /);
    // Notes, defined names, print area, page setup with the printer's own settings, header.
    expect(workbook.getWorksheet(LEDGER_SHEET)!.getCell("B5").note).toBe("经办人核对：合同已备案");
    expect(workbookXml).toContain('<definedName name="申报单位名单">');
    // The clerk's print area (A1:P16), absolute as Excel writes it (exceljs alone would leave its rows relative), and
    // widened to the output columns Q–V, so the printed ledger shows 兑付金额.
    expect(workbook.getWorksheet(LEDGER_SHEET)!.getCell("T3").value).toBe("兑付金额(元)");
    expect(workbook.getWorksheet(LEDGER_SHEET)!.getCell("V3").value).toBe("原因");
    expect(workbookXml).toContain(`&apos;${LEDGER_SHEET}&apos;!$A$1:$V$16</definedName>`);
    const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9 });
    const printerId = /<pageSetup\b[^>]*\br:id="([^"]+)"/.exec(ledgerXml)![1];
    const printer = (await pkg.rels(ledger)).find((r) => r.id === printerId)!;
    expect(printer.type).toBe("printerSettings");
    expect(pkg.has(printer.target)).toBe(true);
    expect(sheet.headerFooter.oddHeader).toBe("&C渝北区受让专利台账");
    expect(sheet.properties.tabColor).toEqual({ argb: "FF00B050" });
    // The hidden sheet stays hidden; the link to another workbook stays the first link.
    expect(workbook.getWorksheet(HIDDEN_SHEET)!.state).toBe("hidden");
    const link = (await pkg.rels("xl/workbook.xml")).find((r) => r.type === "externalLink")!;
    expect(workbookXml).toContain(`<externalReferences><externalReference r:id="${link.id}"/></externalReferences>`);
    expect(workbookXml.indexOf("<externalReferences>")).toBeLessThan(workbookXml.indexOf("<definedNames>"));
    expect((await pkg.rels(link.target))[0]).toMatchObject({ external: true, target: "2023年台账.xlsx" });

    // The result is the clerk's package edited (issue 19 item 2): even a Microsoft 365 conversation, which exceljs's
    // writer dropped, is there, and nothing is named as not kept, or as copied back.
    expect(pkg.parts().some((p) => p.startsWith("xl/threadedComments/"))).toBe(true);
    expect(ran.err).not.toContain("未能保留");
    const record = new Map<string, string>();
    workbook.getWorksheet("运行记录")!.eachRow((row) => {
      record.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(record.has("未能保留（原文件未改动，请在原文件中查看）")).toBe(false);
    expect(record.has("已从原工作簿保留")).toBe(false);
  });

  test("a plain ledger loses nothing, and its 运行记录 says nothing of it", async () => {
    const { ran, workbook } = await balanceFile(
      path.join("examples", "sample-ledger.xlsx"),
      path.join(dir, "plain.xlsx"),
    );
    expect(ran.err).not.toContain("未能保留");
    workbook.getWorksheet("运行记录")!.eachRow((row) => {
      expect(String(row.getCell(1).value)).not.toMatch(/未能保留|已从原工作簿保留/);
    });
  });
});

describe("a package whose parts declare no type", () => {
  test("still gives the result with its charts; each part the whitelist cannot judge left out, and named", async () => {
    // No [Content_Types].xml: exceljs reads the parts by name all the same; what a part is cannot be told, and
    // only a part of a type the result keeps stays in it (src/xlsx/copy.ts).
    const zip = await JSZip.loadAsync(await richLedger());
    zip.remove("[Content_Types].xml");
    const input = path.join(dir, "odd.xlsx");
    await fs.writeFile(input, await zip.generateAsync({ type: "nodebuffer" }));
    const { ran, pkg, workbook, sheets } = await balanceFile(input, path.join(dir, "odd-result.xlsx"));
    expect(ran.err).toContain(
      "未复制原工作簿中的 xl/pivotTables/pivotTable1.xml：其类型（未声明，经 pivotTable 关系引用）不在结果可保留的内容之列",
    );
    // Its drawing goes whole (pictures, shapes and chart), with the pivot table, its cache and the link.
    expect(ran.err).toMatch(
      /not kept from the input workbook: drawings \(pictures, shapes, charts\) ×1, pictures ×1, charts ×1,/,
    );
    const record: [string, string][] = [];
    workbook.getWorksheet("运行记录")!.eachRow((row) => {
      record.push([String(row.getCell(1).value), String(row.getCell(2).value)]);
    });
    expect(record).toContainEqual([
      "未复制（不在结果可保留的内容之列）",
      "xl/drawings/drawing1.xml：其类型（未声明，经 drawing 关系引用）不在结果可保留的内容之列",
    ]);
    // The product's own charts are there all the same; none of the clerk's parts half-copied.
    expect(await related(pkg, sheets.get("汇总")!, "drawing")).toHaveLength(1);
    expect(pkg.parts().some((p) => p.startsWith("xl/pivotTables/"))).toBe(false);
  });
});

describe("a workbook another application wrote", () => {
  // test/xlsx/fixtures/libreoffice-rich.xlsx: richLedger() saved again by LibreOffice Calc 7.4 (soffice --headless
  // --convert-to xlsx), which writes its packages its own way: an empty header and footer on every sheet, empty
  // custom properties, an unlocked workbook protection — none of them anything to keep or to report.
  test("comes back with its chart, text box, picture, pivot table and sparklines, and nothing reported lost", async () => {
    const input = path.join(__dirname, "fixtures", "libreoffice-rich.xlsx");
    const { ran, pkg, workbook, sheets } = await balanceFile(input, path.join(dir, "libreoffice-result.xlsx"));
    expect(ran.err).not.toContain("未能保留");
    expect(ran.err).not.toContain("未能检查");
    const record = new Map<string, string>();
    workbook.getWorksheet("运行记录")!.eachRow((row) => {
      record.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(record.has("已从原工作簿保留")).toBe(false);
    const [drawing] = await related(pkg, sheets.get(LEDGER_SHEET)!, "drawing");
    const anchors = await pkg.text(drawing);
    for (const name of ["Picture 1", "图表 1", "文本框 1"]) expect(anchors).toContain(`name="${name}"`);
    expect(await related(pkg, sheets.get(PIVOT_SHEET)!, "pivotTable")).toHaveLength(1);
  });
});
