/**
 * Nothing lost from the clerk's workbook without saying so. The result is the clerk's package edited (issue 19 item 2),
 * so nothing needs copying back; but what it may carry is a whitelist (copy.ts, issue 16 item 3): a part reached by a
 * relationship the whitelist judges that it refuses is left out, with the relationship and the element naming it, and
 * said. Both the input and the result are counted feature by feature, and whatever the result has fewer of is listed
 * (运行记录 and the console) with the parts refused and why, and the external targets the parts kept hold. The
 * product's own sheets are left out of the count: a run replaces them by design.
 */
import type { Lang } from "../engine/types";
import { Whitelist, type Refused } from "./copy";
import { prefixOf, REL, relsPath, sheetParts, UnreadablePart, type Package, type Relationship } from "./package";

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
/** A sheet's elements that follow its rows are after this: `</sheetData>`, in any prefix (`</x:sheetData>`). */
const SHEET_DATA_END = "sheetData>";
const WORKBOOK_ELEMENTS = ["<definedName", "<workbookProtection"];
const SHEET_ELEMENTS = Object.keys(FEATURES).filter((k) => k.startsWith("<") && !WORKBOOK_ELEMENTS.includes(k));
/**
 * Elements that can be there and say nothing — LibreOffice writes an empty header and footer on every sheet and an
 * unlocked protection on every workbook; a merge of one cell merges nothing: only what they hold is counted. `P` stands
 * for the part's prefix of SpreadsheetML (`x:`, or none).
 */
const MEANINGFUL: Record<string, string> = {
  "<headerFooter": `<P(?:odd|even|first)(?:Header|Footer)\\s*>[^<]`,
  "<workbookProtection": `<PworkbookProtection\\b[^>]*\\b(?:lockStructure|lockWindows|lockRevision)\\s*=\\s*["'](?:1|true)["']`,
  "<sheetProtection": `<PsheetProtection\\b[^>]*\\bsheet\\s*=\\s*["'](?:1|true)["']`,
  // Excel itself can leave a merge of one cell (`ref="A6"`), which merges nothing.
  "<mergeCell": `<PmergeCell\\b[^>]*\\bref\\s*=\\s*["'][^"']*:[^"']*["']`,
};
/** The relationships whose parts the whitelist judges: what a clerk's workbook holds beyond its cells. */
const JUDGED = new Set([
  "drawing",
  "pivotTable",
  "pivotCacheDefinition",
  "printerSettings",
  "custom-properties",
  "externalLink",
]);

export interface Carried {
  /** Features the result has fewer of than the input, with how many are missing. */
  lost: { feature: string; count: number }[];
  /** Parts of the input the whitelist kept out of the result, and why. */
  refused: Refused[];
  /** Targets outside the package that the parts kept point at (hyperlinks apart): opening the result may reach them. */
  external: string[];
}

export function featureName(feature: string, lang: Lang): string {
  return FEATURES[feature]?.[lang] ?? feature;
}

/**
 * `edit` made to the clerk's package, with what the whitelist refuses left out first, and what the result then lacks
 * counted (the product's sheets, `productSheets`, apart).
 */
export async function keepChecked(
  pkg: Package,
  productSheets: readonly string[],
  edit: () => Promise<void>,
): Promise<Carried> {
  const before = await inventory(pkg, productSheets);
  const whitelist = new Whitelist(pkg);
  const judge = async (part: string, remove: (rel: Relationship) => Promise<void>) => {
    for (const rel of await pkg.rels(part)) {
      if (!JUDGED.has(rel.type) || (await whitelist.allows(rel))) continue;
      await pkg.unrelate(part, rel.id);
      await remove(rel);
      if (rel.within && pkg.has(rel.target)) await pkg.removePart(rel.target);
    }
  };
  for (const [name, sheet] of await sheetParts(pkg)) {
    if (productSheets.includes(name)) continue;
    await expectRelated(pkg, name, sheet);
    // A sheet names a drawing by `<drawing r:id>` and its printer's settings by `<pageSetup r:id>`, after its rows.
    await judge(sheet, (rel) =>
      pkg.editTail(sheet, SHEET_DATA_END, (xml) =>
        xml.replace(
          new RegExp(`<(\\w+:)?(\\w+)\\b[^>]*\\s[\\w.-]+:id\\s*=\\s*["']${escapeRegExp(rel.id)}["'][^>]*>`, "g"),
          (tag, _p, name: string) =>
            name === "pageSetup" ? tag.replace(/\s+[\w.-]+:id\s*=\s*("[^"]*"|'[^']*')/, "") : "",
        ),
      ),
    );
  }
  let links = false;
  await judge("xl/workbook.xml", async (rel) => {
    const xml = await pkg.text("xl/workbook.xml");
    if (rel.type === "externalLink") links = true;
    pkg.put(
      "xl/workbook.xml",
      xml.replace(
        new RegExp(`<(?:[\\w.-]+:)?pivotCache\\b[^>]*\\s[\\w.-]+:id\\s*=\\s*["']${escapeRegExp(rel.id)}["'][^>]*/>`),
        "",
      ),
    );
  });
  // A formula names a link by its place (`[1]Sheet!A1`): one left out would move every link after it. All, or none.
  if (links) await leaveOutLinks(pkg);
  await judge("", async () => undefined);
  await edit();
  await leaveOutUnreached(pkg);
  const after = await inventory(pkg, productSheets);
  return {
    lost: [...before]
      .filter(([feature, n]) => n > (after.get(feature) ?? 0))
      .map(([feature, n]) => ({ feature, count: n - (after.get(feature) ?? 0) })),
    refused: whitelist.refused,
    external: [...whitelist.external],
  };
}

/**
 * Every part no relationship reaches any more out of the result — what a part left out reached (a macro project
 * behind a drawing), and anything the clerk's package held that nothing names: a result holds what it shows.
 */
async function leaveOutUnreached(pkg: Package): Promise<void> {
  const reached = new Set<string>();
  const walk = async (part: string): Promise<void> => {
    for (const rel of await pkg.rels(part)) {
      if (rel.external || reached.has(rel.target) || !pkg.has(rel.target)) continue;
      reached.add(rel.target);
      await walk(rel.target);
    }
  };
  await walk("");
  for (const part of pkg.parts()) {
    const source = /^(.*?)_rels\/([^/]*)\.rels$/.exec(part);
    if (part === "[Content_Types].xml" || (source && (source[2] === "" || reached.has(source[1] + source[2]))))
      continue;
    if (!reached.has(part)) await pkg.removePart(part);
  }
}

/** Every link to another workbook out of the result: its `<externalReferences>`, relationships and parts. */
async function leaveOutLinks(pkg: Package): Promise<void> {
  for (const rel of await pkg.rels("xl/workbook.xml")) {
    if (rel.type !== "externalLink") continue;
    await pkg.unrelate("xl/workbook.xml", rel.id);
    if (rel.within && pkg.has(rel.target)) await pkg.removePart(rel.target);
  }
  const xml = await pkg.text("xl/workbook.xml");
  const p = escapeRegExp(prefixOf(xml, "workbook"));
  const block = new RegExp(`<${p}externalReferences\\s*>[\\s\\S]*?<\\/${p}externalReferences\\s*>`);
  pkg.put("xl/workbook.xml", xml.replace(block, ""));
}

/**
 * A clerk's sheet that names a relationship its part lacks (its .rels gone or not holding it) is refused: the result
 * would keep the name, and Excel refuses a file so written.
 */
async function expectRelated(pkg: Package, name: string, sheet: string): Promise<void> {
  const root = new TextDecoder().decode(await pkg.head(sheet, 4096));
  const tail = await pkg.tail(sheet, SHEET_DATA_END);
  const prefixes = [...`${root}${tail}`.matchAll(/\sxmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)]
    .filter((m) => m[2] === REL)
    .map((m) => escapeRegExp(m[1]));
  if (prefixes.length === 0) return;
  const named = new RegExp(`\\s(?:${prefixes.join("|")}):(?:id|embed|link|pict)\\s*=\\s*["']([^"']*)["']`, "g");
  const ids = new Set((await pkg.rels(sheet)).map((r) => r.id));
  const lacking = [...new Set([...tail.matchAll(named)].map((m) => m[1]))].filter((id) => !ids.has(id));
  if (lacking.length > 0)
    throw new UnreadablePart(sheet, name, `it names relationships ${lacking.join(", ")} that ${relsPath(sheet)} lacks`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
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
        const xml = await pkg.tail(rel.target, SHEET_DATA_END);
        const p = /<\/([\w.-]+:)?worksheet\s*>\s*$/.exec(xml)?.[1] ?? "";
        for (const element of SHEET_ELEMENTS) add(element, countFeature(xml, element, p));
      }
      await walk(rel.target);
    }
  };
  await walk("");
  const workbook = await pkg.text("xl/workbook.xml");
  const p = prefixOf(workbook, "workbook");
  for (const element of WORKBOOK_ELEMENTS) add(element, countFeature(workbook, element, p));
  return counts;
}

/** Custom document properties count when they hold a property (LibreOffice writes an empty part). */
async function holdsSomething(pkg: Package, rel: Relationship): Promise<boolean> {
  if (rel.type !== "custom-properties" || rel.external || !pkg.has(rel.target)) return true;
  return (await pkg.text(rel.target)).includes("<property");
}

/** How many of `feature` a part holds; an element of SpreadsheetML's own counted in the part's prefix `p`. */
function countFeature(xml: string, feature: string, p: string): number {
  const meaningful = MEANINGFUL[feature];
  if (meaningful) return (xml.match(new RegExp(meaningful.replace("<P", `<${escapeRegExp(p)}`), "g")) ?? []).length;
  return count(xml, feature.includes(":") ? feature : `<${p}${feature.slice(1)}`);
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
