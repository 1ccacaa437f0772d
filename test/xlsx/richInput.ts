/**
 * A clerk's workbook with what Excel users add to a ledger: the shipped sample plus a chart, a pivot table, a
 * picture, data validation, notes, defined names, conditional formatting, print settings, a hidden sheet and
 * a sheet tab colour. exceljs writes the parts it models; the chart and the pivot table are added to the
 * package as Excel writes them (a drawing anchor with a chart part; a pivot cache on the workbook and a pivot
 * table on a sheet), by hand here, so nothing of the product's own package code builds the test's input.
 */
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";

export const LEDGER_SHEET = "中小微企业受让专利";
export const PIVOT_SHEET = "透视";
export const HIDDEN_SHEET = "内部备注";

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const NS = {
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  rel: "http://schemas.openxmlformats.org/package/2006/relationships",
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
};
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT = "application/vnd.openxmlformats-officedocument";
const THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment";

export async function richLedger(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx"));
  const ledger = workbook.getWorksheet(LEDGER_SHEET)!;
  ledger.properties.tabColor = { argb: "FF00B050" };
  ledger.getCell("B5").note = "经办人核对：合同已备案";
  for (let r = 5; r <= 16; r++) {
    ledger.getCell(`E${r}`).dataValidation = { type: "list", allowBlank: true, formulae: ['"发明,实用新型,外观设计"'] };
  }
  ledger.addConditionalFormatting({
    ref: "A5:A200",
    rules: [
      { type: "containsText", operator: "containsText", text: "重庆", priority: 1, style: { font: { bold: true } } },
    ],
  });
  ledger.pageSetup = { ...ledger.pageSetup, orientation: "landscape", paperSize: 9, printArea: "A1:P16" };
  ledger.headerFooter = { ...ledger.headerFooter, oddHeader: "&C渝北区受让专利台账" };
  const image = workbook.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: "png" });
  ledger.addImage(image, { tl: { col: 18, row: 1 }, ext: { width: 40, height: 40 } });
  workbook.definedNames.add(`'${LEDGER_SHEET}'!$A$5:$A$16`, "申报单位名单");
  const hidden = workbook.addWorksheet(HIDDEN_SHEET, { state: "hidden" });
  hidden.getCell("A1").value = "内部备注：第二批复核意见";
  const pivot = workbook.addWorksheet(PIVOT_SHEET);
  pivot.getCell("A1").value = "按单位汇总（数据透视表）";
  const data = (await workbook.xlsx.writeBuffer()) as unknown as Buffer;
  return addChartAndPivot(data);
}

async function addChartAndPivot(data: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  const sheets = await sheetParts(zip);
  const ledgerPart = sheets.get(LEDGER_SHEET)!;
  const pivotPart = sheets.get(PIVOT_SHEET)!;
  const types = await zip.file("[Content_Types].xml")!.async("string");
  const overrides: string[] = [];

  // The chart: one more anchor in the ledger sheet's drawing (exceljs made it for the picture).
  const sheetRels = await zip.file(relsOf(ledgerPart))!.async("string");
  const drawingTarget = /Target="\.\.\/drawings\/(drawing\d+\.xml)"/.exec(sheetRels)![1];
  const drawingPath = `xl/drawings/${drawingTarget}`;
  const drawing = await zip.file(drawingPath)!.async("string");
  const anchor =
    `<xdr:twoCellAnchor><xdr:from><xdr:col>18</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>25</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>18</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="90" name="图表 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS.c}">` +
    `<c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="rIdClerkChart"/></a:graphicData></a:graphic></xdr:graphicFrame>` +
    `<xdr:clientData/></xdr:twoCellAnchor>`;
  const textBox =
    `<xdr:twoCellAnchor><xdr:from><xdr:col>18</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>19</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>22</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>22</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="91" name="文本框 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>` +
    `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
    `<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>第二批待复核</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>`;
  zip.file(drawingPath, drawing.replace("</xdr:wsDr>", `${anchor}${textBox}</xdr:wsDr>`));
  const drawingRels = `xl/drawings/_rels/${drawingTarget}.rels`;
  const rels = await zip.file(drawingRels)!.async("string");
  zip.file(
    drawingRels,
    rels.replace(
      "</Relationships>",
      `<Relationship Id="rIdClerkChart" Type="${REL}/chart" Target="../charts/chart1.xml"/></Relationships>`,
    ),
  );
  const range = (col: string) => `'${LEDGER_SHEET}'!$${col}$5:$${col}$16`;
  zip.file(
    "xl/charts/chart1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
      `<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>受让件数</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
      `<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
      `<c:ser><c:idx val="0"/><c:order val="0"/><c:cat><c:strRef><c:f>${range("B")}</c:f></c:strRef></c:cat>` +
      `<c:val><c:numRef><c:f>${range("H")}</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>` +
      `<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>` +
      `<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx>` +
      `</c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>`,
  );
  overrides.push(`<Override PartName="/xl/charts/chart1.xml" ContentType="${CT}.drawingml.chart+xml"/>`);

  // What Excel 2010+ keeps in a sheet's extLst: a dropdown listing another sheet's cells, and sparklines.
  const ledgerXml = await zip.file(ledgerPart)!.async("string");
  const x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";
  const extLst =
    `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="${x14}"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">` +
    `<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>${HIDDEN_SHEET}!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>F5:F200</xm:sqref></x14:dataValidation></x14:dataValidations></ext>` +
    `<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="${x14}"><x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">` +
    `<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>${LEDGER_SHEET}!H5:H16</xm:f><xm:sqref>H17</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>` +
    `</x14:sparklineGroups></ext></extLst>`;
  // The printer's own settings, as Windows Excel stores them beside the page setup.
  zip.file("xl/printerSettings/printerSettings1.bin", Buffer.alloc(64, 1));
  overrides.push(
    `<Override PartName="/xl/printerSettings/printerSettings1.bin" ContentType="${CT}.spreadsheetml.printerSettings"/>`,
  );
  const ledgerRels = await zip.file(relsOf(ledgerPart))!.async("string");
  zip.file(
    relsOf(ledgerPart),
    ledgerRels.replace(
      "</Relationships>",
      `<Relationship Id="rIdPrinter" Type="${REL}/printerSettings" Target="../printerSettings/printerSettings1.bin"/>` +
        `<Relationship Id="rIdThread" Type="${THREADED}" Target="../threadedComments/threadedComment1.xml"/></Relationships>`,
    ),
  );
  zip.file(
    ledgerPart,
    ledgerXml
      .replace(/(<pageSetup\b[^>]*?)\/>/, `$1 r:id="rIdPrinter"/>`)
      .replace("</worksheet>", `${extLst}</worksheet>`)
      // Excel can leave a merge of one cell, which merges nothing (and exceljs drops): nothing lost.
      .replace(
        /<mergeCells count="(\d+)">/,
        (_, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="Z1"/>`,
      ),
  );
  // A conversation on B5 as Microsoft 365 stores it: this product does not carry it over, and must say so.
  zip.file(
    "xl/threadedComments/threadedComment1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">` +
      `<threadedComment ref="B5" dT="2024-06-01T09:00:00.00" personId="{00000000-0000-0000-0000-000000000001}" id="{00000000-0000-0000-0000-000000000002}"><text>合同已备案？</text></threadedComment></ThreadedComments>`,
  );
  overrides.push(
    `<Override PartName="/xl/threadedComments/threadedComment1.xml" ContentType="application/vnd.ms-excel.threadedcomments+xml"/>`,
  );
  // A link to another workbook (a formula reading last year's ledger).
  zip.file(
    "xl/externalLinks/externalLink1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="${NS.main}" xmlns:r="${NS.r}"><externalBook r:id="rId1"><sheetNames><sheetName val="2023"/></sheetNames></externalBook></externalLink>`,
  );
  zip.file(
    "xl/externalLinks/_rels/externalLink1.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS.rel}"><Relationship Id="rId1" Type="${REL}/externalLinkPath" Target="2023年台账.xlsx" TargetMode="External"/></Relationships>`,
  );
  overrides.push(
    `<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="${CT}.spreadsheetml.externalLink+xml"/>`,
  );

  // The pivot table: a cache over the ledger's unit names, and a table listing them on 透视.
  zip.file(
    "xl/pivotCache/pivotCacheDefinition1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><pivotCacheDefinition xmlns="${NS.main}" xmlns:r="${NS.r}" r:id="rId1" refreshOnLoad="1" recordCount="0">` +
      `<cacheSource type="worksheet"><worksheetSource ref="A4:B16" sheet="${LEDGER_SHEET}"/></cacheSource>` +
      `<cacheFields count="2"><cacheField name="序号" numFmtId="0"><sharedItems/></cacheField><cacheField name="受让单位" numFmtId="0"><sharedItems/></cacheField></cacheFields>` +
      `</pivotCacheDefinition>`,
  );
  zip.file(
    "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS.rel}"><Relationship Id="rId1" Type="${REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>`,
  );
  zip.file(
    "xl/pivotCache/pivotCacheRecords1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><pivotCacheRecords xmlns="${NS.main}" xmlns:r="${NS.r}" count="0"/>`,
  );
  zip.file(
    "xl/pivotTables/pivotTable1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><pivotTableDefinition xmlns="${NS.main}" name="单位透视" cacheId="7" dataCaption="值" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" useAutoFormatting="1" itemPrintTitles="1" indent="0" outline="1" outlineData="1">` +
      `<location ref="A3:A4" firstHeaderRow="1" firstDataRow="1" firstDataCol="0"/>` +
      `<pivotFields count="2"><pivotField showAll="0"/><pivotField axis="axisRow" showAll="0"><items count="1"><item t="default"/></items></pivotField></pivotFields>` +
      `<rowFields count="1"><field x="1"/></rowFields><rowItems count="1"><i t="grand"><x/></i></rowItems><colItems count="1"><i/></colItems>` +
      `</pivotTableDefinition>`,
  );
  zip.file(
    "xl/pivotTables/_rels/pivotTable1.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${NS.rel}"><Relationship Id="rId1" Type="${REL}/pivotCacheDefinition" Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>`,
  );
  const pivotRelsPath = relsOf(pivotPart);
  const pivotRels =
    (await zip.file(pivotRelsPath)?.async("string")) ?? `<Relationships xmlns="${NS.rel}"></Relationships>`;
  zip.file(
    pivotRelsPath,
    pivotRels.replace(
      "</Relationships>",
      `<Relationship Id="rIdPivot" Type="${REL}/pivotTable" Target="../pivotTables/pivotTable1.xml"/></Relationships>`,
    ),
  );
  const workbookRels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  zip.file(
    "xl/_rels/workbook.xml.rels",
    workbookRels.replace(
      "</Relationships>",
      `<Relationship Id="rIdCache" Type="${REL}/pivotCacheDefinition" Target="pivotCache/pivotCacheDefinition1.xml"/>` +
        `<Relationship Id="rIdLink" Type="${REL}/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`,
    ),
  );
  const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
  zip.file(
    "xl/workbook.xml",
    workbookXml
      .replace(/(<definedNames>)/, `<externalReferences><externalReference r:id="rIdLink"/></externalReferences>$1`)
      .replace(/(<calcPr[^>]*\/>)/, `$1<pivotCaches><pivotCache cacheId="7" r:id="rIdCache"/></pivotCaches>`),
  );
  overrides.push(
    `<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="${CT}.spreadsheetml.pivotCacheDefinition+xml"/>`,
    `<Override PartName="/xl/pivotCache/pivotCacheRecords1.xml" ContentType="${CT}.spreadsheetml.pivotCacheRecords+xml"/>`,
    `<Override PartName="/xl/pivotTables/pivotTable1.xml" ContentType="${CT}.spreadsheetml.pivotTable+xml"/>`,
  );
  zip.file("[Content_Types].xml", types.replace("</Types>", `${overrides.join("")}</Types>`));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Sheet name → its part's path, from workbook.xml and its relationships. */
export async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const targets = new Map(
    [...rels.matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]),
  );
  const parts = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
    const target = targets.get(m[2])!;
    parts.set(m[1], target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  return parts;
}

export function relsOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
}
