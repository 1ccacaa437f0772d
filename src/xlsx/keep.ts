/**
 * Nothing lost from the clerk's workbook without saying so. exceljs rewrites the whole package and drops what
 * it does not model; after it has written the result, the parts it drops that can be kept are copied from the
 * input as they were (a sheet's drawing with its charts and shapes; pivot tables with their caches) — only what
 * copy.ts's whitelist lets through — then both packages are counted feature by feature, and whatever the result
 * still has fewer of is listed (运行记录 and the console), with the parts refused and why, and the external
 * targets the copies hold. The product's own sheets are left out of the count: a run replaces them by design.
 */
import type { Lang } from "../engine/types";
import { attachDrawing } from "./charts";
import { Copier, type Refused } from "./copy";
import { attributes, insertBefore, sheetParts, withRelNamespace, type Package, type Relationship } from "./package";

/** What a workbook holds that a clerk would miss, by relationship type or element, in words. */
const FEATURES: Record<string, { zh: string; en: string }> = {
  chart: { zh: "图表", en: "charts" },
  drawing: { zh: "绘图层（图片、形状、图表）", en: "drawings (pictures, shapes, charts)" },
  image: { zh: "图片", en: "pictures" },
  pivotTable: { zh: "数据透视表", en: "pivot tables" },
  pivotCacheDefinition: { zh: "数据透视表缓存", en: "pivot caches" },
  slicer: { zh: "切片器", en: "slicers" },
  slicerCache: { zh: "切片器缓存", en: "slicer caches" },
  timeline: { zh: "日程表", en: "timelines" },
  timelineCache: { zh: "日程表缓存", en: "timeline caches" },
  externalLink: {
    zh: "外部链接（引用其他工作簿的公式）",
    en: "external links (formulas into other workbooks)",
  },
  connections: { zh: "数据连接", en: "data connections" },
  queryTable: { zh: "查询表", en: "query tables" },
  customXml: { zh: "自定义 XML 数据", en: "custom XML data" },
  "custom-properties": { zh: "文档自定义属性", en: "custom document properties" },
  thumbnail: { zh: "缩略图", en: "thumbnail" },
  ctrlProp: { zh: "表单控件", en: "form controls" },
  control: { zh: "ActiveX 控件", en: "ActiveX controls" },
  oleObject: { zh: "嵌入对象", en: "embedded objects" },
  package: { zh: "嵌入文档", en: "embedded documents" },
  threadedComment: { zh: "新式批注（对话）", en: "threaded comments" },
  person: { zh: "批注人员列表", en: "comment authors list" },
  comments: { zh: "批注", en: "notes" },
  vmlDrawing: { zh: "批注框与控件外观", en: "note and control shapes" },
  printerSettings: { zh: "打印机驱动设置", en: "printer driver settings" },
  table: { zh: "表格（套用表格格式）", en: "tables (Format as Table)" },
  hyperlink: { zh: "超链接", en: "hyperlinks" },
  webextension: { zh: "加载项设置", en: "add-in settings" },
  taskpanes: { zh: "加载项任务窗格设置", en: "add-in task pane settings" },
  diagramData: { zh: "SmartArt 图形", en: "SmartArt graphics" },
  chartUserShapes: { zh: "图表内的形状", en: "shapes inside charts" },
  // Elements inside a sheet or the workbook.
  "<dataValidation": { zh: "数据验证", en: "data validation" },
  "<x14:dataValidation": {
    zh: "数据验证（引用其他工作表的下拉列表）",
    en: "data validation (lists from other sheets)",
  },
  "<conditionalFormatting": { zh: "条件格式", en: "conditional formatting" },
  "<x14:conditionalFormatting": {
    zh: "条件格式（数据条、图标集等）",
    en: "conditional formatting (data bars, icon sets)",
  },
  "<x14:sparklineGroup": { zh: "迷你图", en: "sparklines" },
  "<mergeCell": { zh: "合并单元格", en: "merged cells" },
  "<autoFilter": { zh: "筛选", en: "filters" },
  "<sheetProtection": { zh: "工作表保护", en: "sheet protection" },
  "<pageSetup": { zh: "页面设置", en: "page setup" },
  "<headerFooter": { zh: "页眉页脚", en: "headers and footers" },
  "<brk": { zh: "分页符", en: "page breaks" },
  "<definedName": { zh: "名称（名称管理器）", en: "defined names" },
  "<workbookProtection": { zh: "工作簿保护", en: "workbook protection" },
};
/** Rewritten on every save, or rebuilt by Excel: their counts say nothing of what a clerk keeps. */
const REWRITTEN = new Set([
  "officeDocument",
  "worksheet",
  "sharedStrings",
  "styles",
  "theme",
  "calcChain",
  "core-properties",
  "extended-properties",
]);
/** Parts that go with their parent (copied with it, lost with it): named once, by the parent. */
const IMPLIED = new Set(["externalLinkPath", "pivotCacheRecords", "chartStyle", "chartColorStyle", "themeOverride"]);
/** A sheet's extLst entries exceljs drops and that stay true as the cells they name do not move. */
const KEPT_EXTENSIONS = {
  "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "<x14:dataValidation",
  "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "<x14:sparklineGroup",
} as const;
const WORKBOOK_ELEMENTS = ["<definedName", "<workbookProtection"];
const SHEET_ELEMENTS = Object.keys(FEATURES).filter((k) => k.startsWith("<") && !WORKBOOK_ELEMENTS.includes(k));
/**
 * Elements that can be there and say nothing — LibreOffice writes an empty header and footer on every sheet and an
 * unlocked protection on every workbook; a merge of one cell merges nothing: only what they hold is counted.
 */
const MEANINGFUL: Record<string, RegExp> = {
  "<headerFooter": /<(?:odd|even|first)(?:Header|Footer)>[^<]/g,
  "<workbookProtection": /<workbookProtection\b[^>]*\b(?:lockStructure|lockWindows|lockRevision)="(?:1|true)"/g,
  "<sheetProtection": /<sheetProtection\b[^>]*\bsheet="(?:1|true)"/g,
  // Excel itself can leave a merge of one cell (`ref="A6"`), which merges nothing.
  "<mergeCell": /<mergeCell\b[^>]*\bref="[^"]*:[^"]*"/g,
};
/** Anchors in a drawing that exceljs does not write back (it keeps pictures only). */
const NOT_PICTURE = /<(\w+:)?(graphicFrame|sp|grpSp|cxnSp)[\s>]/;

export interface Carried {
  /** Features copied from the input that exceljs had dropped, with how many. */
  kept: { feature: string; count: number }[];
  /** Features the result has fewer of than the input, with how many are missing. */
  lost: { feature: string; count: number }[];
  /** Parts of the input the whitelist kept out of the result, and why. */
  refused: Refused[];
  /** Targets outside the package that the copied parts point at (hyperlinks apart): opening the result may reach them. */
  external: string[];
  /** Why the input's package could not be followed: then nothing beyond what exceljs kept was checked. */
  failed?: string;
}

export function featureName(feature: string, lang: Lang): string {
  return FEATURES[feature]?.[lang] ?? feature;
}

/**
 * Copies what exceljs dropped and can be kept from `input` into `output` (sheets matched by name, the
 * product's own sheets excepted), then counts what is still missing.
 */
export async function carryOver(input: Package, output: Package, productSheets: readonly string[]): Promise<Carried> {
  const before = await inventory(input, productSheets);
  const inSheets = await sheetParts(input);
  const outSheets = await sheetParts(output);
  const copier = new Copier(input, output);
  const kept = new Map<string, number>();
  const keep = (feature: string, n = 1) => kept.set(feature, (kept.get(feature) ?? 0) + n);
  for (const [name, inSheet] of inSheets) {
    const outSheet = outSheets.get(name);
    if (!outSheet || productSheets.includes(name)) continue;
    for (const rel of await input.rels(inSheet)) {
      if (rel.external || !input.has(rel.target)) continue;
      if (rel.type === "drawing") {
        const drawing = await input.text(rel.target);
        if (!NOT_PICTURE.test(drawing)) continue;
        // The drawing as the clerk left it, pictures with the rest: exceljs's copy held its pictures only.
        const copy = await copier.copy(rel);
        if (!copy) continue;
        const own = (await output.rels(outSheet)).find((r) => r.type === "drawing");
        if (own) {
          await output.retarget(outSheet, own.id, copy);
          await output.removePart(own.target);
        } else {
          await attachDrawing(output, outSheet, copy);
        }
        keep("chart", (drawing.match(/<(\w+:)?graphicFrame[\s>]/g) ?? []).length);
      } else if (rel.type === "pivotTable") {
        const copy = await copier.copy(rel);
        if (!copy) continue;
        await output.relate(outSheet, "pivotTable", copy);
        keep("pivotTable");
      } else if (rel.type === "printerSettings" && (await keepPrinterSettings(output, rel, outSheet, copier))) {
        keep("printerSettings");
      }
    }
    for (const [feature, n] of await keepExtensions(input, inSheet, output, outSheet)) keep(feature, n);
  }
  await registerPivotCaches(input, output, copier);
  keep("custom-properties", await keepCustomProperties(input, output, copier));
  keep("externalLink", await keepExternalLinks(input, output, copier));
  const after = await inventory(output, productSheets);
  const lost = [...before]
    .filter(([feature, n]) => n > (after.get(feature) ?? 0))
    .map(([feature, n]) => ({ feature, count: n - (after.get(feature) ?? 0) }));
  return {
    kept: [...kept].filter(([, n]) => n > 0).map(([feature, count]) => ({ feature, count })),
    lost,
    refused: copier.refused,
    external: [...copier.external],
  };
}

/** The printer's own settings, beside the page setup exceljs kept: the part, and `r:id` on `<pageSetup>`. */
async function keepPrinterSettings(
  output: Package,
  rel: Relationship,
  outSheet: string,
  copier: Copier,
): Promise<boolean> {
  const xml = await output.text(outSheet);
  const setup = /<pageSetup\b[^>]*?(\/?)>/.exec(xml);
  if (!setup || /\br:id=/.test(setup[0])) return false;
  const copy = await copier.copy(rel);
  if (!copy) return false;
  const id = await output.relate(outSheet, "printerSettings", copy);
  output.put(
    outSheet,
    withRelNamespace(xml, "worksheet").replace(setup[0], setup[0].replace(/\s*(\/?)>$/, ` r:id="${id}"$1>`)),
  );
  return true;
}

/**
 * A sheet's Excel 2010 extensions that exceljs drops (dropdowns listing another sheet, sparklines), copied
 * into the result's `<extLst>`, each with the namespaces it uses from the input's root element.
 */
async function keepExtensions(
  input: Package,
  inSheet: string,
  output: Package,
  outSheet: string,
): Promise<[string, number][]> {
  const source = await input.tail(inSheet, "</sheetData>");
  if (!Object.keys(KEPT_EXTENSIONS).some((uri) => source.includes(uri))) return [];
  let xml = await output.text(outSheet);
  const head = await input.text(inSheet);
  const root = /<worksheet\b[^>]*>/.exec(head)?.[0] ?? "";
  const declared = new Map([...root.matchAll(/xmlns:(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const kept: [string, number][] = [];
  for (const m of source.matchAll(/<ext\b[^>]*>[\s\S]*?<\/ext>/g)) {
    const uri = attributes(m[0].slice(0, m[0].indexOf(">") + 1)).uri as keyof typeof KEPT_EXTENSIONS;
    const feature = KEPT_EXTENSIONS[uri];
    if (!feature || xml.includes(uri)) continue;
    let ext = m[0];
    for (const prefix of new Set([...ext.matchAll(/<\/?(\w+):/g)].map((p) => p[1]))) {
      if (!ext.includes(`xmlns:${prefix}=`) && declared.has(prefix)) {
        ext = ext.replace(/^<ext\b/, `<ext xmlns:${prefix}="${declared.get(prefix)}"`);
      }
    }
    xml = /<extLst>/.test(xml)
      ? xml.replace("</extLst>", `${ext}</extLst>`)
      : xml.replace(/<\/worksheet>\s*$/, `<extLst>${ext}</extLst></worksheet>`);
    kept.push([feature, count(ext, feature)]);
  }
  if (kept.length > 0) output.put(outSheet, xml);
  return kept;
}

/**
 * Links to other workbooks, in their order: a formula names a link by its place (`[1]Sheet!A1`), and exceljs
 * keeps the formulas but drops the links, which would turn them into #REF! at the next recalculation.
 */
async function keepExternalLinks(input: Package, output: Package, copier: Copier): Promise<number> {
  const inRels = new Map((await input.rels("xl/workbook.xml")).map((r) => [r.id, r]));
  let xml = await output.text("xl/workbook.xml");
  if (/<externalReferences[\s>]/.test(xml)) return 0;
  const copies: string[] = [];
  for (const m of (await input.text("xl/workbook.xml")).matchAll(/<externalReference\b[^>]*>/g)) {
    const rel = inRels.get(attributes(m[0])["r:id"]);
    const copy = rel && (await copier.copy(rel));
    // One left out would move every link after it to another place: all, or none.
    if (!copy) return 0;
    copies.push(copy);
  }
  const entries: string[] = [];
  for (const copy of copies) {
    entries.push(`<externalReference r:id="${await output.relate("xl/workbook.xml", "externalLink", copy)}"/>`);
  }
  if (entries.length === 0) return 0;
  xml = withRelNamespace(xml, "workbook");
  // CT_Workbook: externalReferences come before definedNames and calcPr.
  const after = ["definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "extLst"];
  output.put(
    "xl/workbook.xml",
    insertBefore(xml, `<externalReferences>${entries.join("")}</externalReferences>`, after, "workbook"),
  );
  return entries.length;
}

/** The document's custom properties (文件 → 信息 → 属性 → 高级属性 → 自定义), from the package root. */
async function keepCustomProperties(input: Package, output: Package, copier: Copier): Promise<number> {
  const custom = (await input.rels("")).find((r) => r.type === "custom-properties");
  if (!custom || !(await holdsSomething(input, custom)) || custom.external || !input.has(custom.target)) return 0;
  if ((await output.rels("")).some((r) => r.type === "custom-properties")) return 0;
  const copy = await copier.copy(custom);
  if (!copy) return 0;
  await output.relate("", "custom-properties", copy);
  return 1;
}

/** A pivot cache lives on the workbook: each copied cache gets its relationship and its `<pivotCache>` entry. */
async function registerPivotCaches(input: Package, output: Package, copier: Copier): Promise<void> {
  const inRels = new Map((await input.rels("xl/workbook.xml")).map((r) => [r.id, r.target]));
  const entries: string[] = [];
  for (const m of (await input.text("xl/workbook.xml")).matchAll(/<pivotCache\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const copy = copier.copyOf(inRels.get(a["r:id"]) ?? "");
    if (!copy) continue;
    const id = await output.relate("xl/workbook.xml", "pivotCacheDefinition", copy);
    entries.push(`<pivotCache cacheId="${a.cacheId}" r:id="${id}"/>`);
  }
  if (entries.length === 0) return;
  const xml = withRelNamespace(await output.text("xl/workbook.xml"), "workbook");
  // CT_Workbook: pivotCaches come after calcPr, oleSize and customWorkbookViews.
  const after = ["smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"];
  output.put("xl/workbook.xml", insertBefore(xml, `<pivotCaches>${entries.join("")}</pivotCaches>`, after, "workbook"));
}

/**
 * How many of each feature a package holds outside the product's sheets: parts by relationship type, reached
 * from the package root, and elements counted in the sheets and the workbook.
 */
async function inventory(pkg: Package, productSheets: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const add = (feature: string, n: number) => n > 0 && counts.set(feature, (counts.get(feature) ?? 0) + n);
  const skipped = new Set<string>();
  for (const [name, part] of await sheetParts(pkg)) if (productSheets.includes(name)) skipped.add(part);
  const seen = new Set<string>();
  const walk = async (part: string): Promise<void> => {
    for (const rel of await pkg.rels(part)) {
      if (skipped.has(rel.target) || (!rel.external && seen.has(rel.target))) continue;
      if (!REWRITTEN.has(rel.type) && !IMPLIED.has(rel.type) && (await holdsSomething(pkg, rel))) add(rel.type, 1);
      if (rel.external || !pkg.has(rel.target)) continue;
      seen.add(rel.target);
      if (rel.type === "worksheet") {
        // CT_Worksheet: every element counted here comes after the rows.
        const xml = await pkg.tail(rel.target, "</sheetData>");
        for (const element of SHEET_ELEMENTS) add(element, countFeature(xml, element));
      }
      await walk(rel.target);
    }
  };
  await walk("");
  const workbook = await pkg.text("xl/workbook.xml");
  for (const element of WORKBOOK_ELEMENTS) add(element, countFeature(workbook, element));
  return counts;
}

/** Custom document properties count when they hold a property (LibreOffice writes an empty part). */
async function holdsSomething(pkg: Package, rel: Relationship): Promise<boolean> {
  if (rel.type !== "custom-properties" || rel.external || !pkg.has(rel.target)) return true;
  return (await pkg.text(rel.target)).includes("<property");
}

function countFeature(xml: string, feature: string): number {
  const meaningful = MEANINGFUL[feature];
  return meaningful ? (xml.match(meaningful) ?? []).length : count(xml, feature);
}

function count(xml: string, element: string): number {
  let n = 0;
  for (let at = xml.indexOf(element); at >= 0; at = xml.indexOf(element, at + element.length)) {
    const next = xml.charCodeAt(at + element.length);
    // `<dataValidation ` or `<dataValidation>`, not `<dataValidations`.
    if (next === 32 || next === 62 || next === 47) n++;
  }
  return n;
}
