/**
 * What Excel refuses to open ("We found a problem with some content"), checked on a result: every XML part well
 * formed with its namespaces declared; a worksheet's elements in the order CT_Worksheet gives, its rows and each
 * row's cells in ascending order, every cell inside its row; styles.xml's lists in CT_Stylesheet's order with counts
 * that match; workbook.xml's defined names unique in their scope, each sheet index a sheet. Elements are taken by
 * their local name, whatever prefix a part writes them with.
 */
import { promises as fs } from "fs";
import JSZip from "jszip";
import sax from "sax";

/** CT_Worksheet's sequence (ECMA-376 Part 1, 18.3.1.99). */
const WORKSHEET = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];
/** CT_Stylesheet's sequence (18.8.39). */
const STYLESHEET = [
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "cellStyles",
  "dxfs",
  "tableStyles",
  "colors",
  "extLst",
];

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/**
 * A part parsed strictly, namespaces checked; throws naming the part at the first fault. `relIds` hears each
 * relationship the part names (`r:id`, `r:embed`…): Excel refuses a part naming one its relationships lack.
 */
function parse(part: string, xml: string, relIds: string[] = []): Element {
  const parser = sax.parser(true, { xmlns: true });
  const root: Element = { name: "", attributes: {}, children: [] };
  const stack = [root];
  let rootUri = "";
  parser.onerror = (e) => {
    throw new Error(`${part}: ${e.message}`);
  };
  parser.onopentag = (t) => {
    if (t.prefix && !t.uri) throw new Error(`${part}: prefix ${t.prefix} of <${t.name}> is not declared`);
    const attributes: Record<string, string> = {};
    for (const [k, a] of Object.entries(t.attributes)) {
      if (a.prefix && a.prefix !== "xmlns" && !a.uri) throw new Error(`${part}: prefix of ${k} is not declared`);
      if (a.uri === REL) relIds.push(a.value);
      attributes[k] = a.value;
    }
    // An element in no namespace inside a part that has one (`<c>` written bare into a sheet of `<x:row>`s) is
    // nothing to Excel: the cells it holds are not there.
    if (stack.length === 1) rootUri = t.uri;
    else if (!t.uri && rootUri) throw new Error(`${part}: <${t.name}> is in no namespace`);
    const element = { name: t.local, attributes, children: [] };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  };
  parser.onclosetag = () => void stack.pop();
  parser.write(xml).close();
  return root.children[0];
}

/** Where each child stands in `order`; they must not go back. Children outside it (mc:AlternateContent) are skipped. */
function expectOrder(part: string, parent: Element, order: string[]): void {
  const at = parent.children.map((c) => order.indexOf(c.name)).filter((i) => i >= 0);
  const names = parent.children.map((c) => c.name);
  for (let i = 1; i < at.length; i++)
    if (at[i] < at[i - 1]) throw new Error(`${part}: out of order: ${names.join(", ")}`);
  // Each appears once, conditionalFormatting apart.
  const once = names.filter((n) => n !== "conditionalFormatting" && order.includes(n));
  expect([part, new Set(once).size]).toEqual([part, once.length]);
}

function columnNumber(letters: string): number {
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}

function checkWorksheet(part: string, sheet: Element): void {
  expectOrder(part, sheet, WORKSHEET);
  const data = sheet.children.find((c) => c.name === "sheetData");
  expect(data).toBeDefined();
  let lastRow = 0;
  for (const row of data!.children) {
    const r = row.attributes.r === undefined ? lastRow + 1 : Number(row.attributes.r);
    if (!(r > lastRow)) throw new Error(`${part}: row ${r} after row ${lastRow}`);
    lastRow = r;
    let lastColumn = 0;
    for (const cell of row.children) {
      const ref = cell.attributes.r;
      const m = ref === undefined ? undefined : /^([A-Z]{1,3})(\d+)$/.exec(ref);
      if (ref !== undefined && (!m || Number(m[2]) !== r)) throw new Error(`${part}: cell ${ref} in row ${r}`);
      const column = m ? columnNumber(m[1]) : lastColumn + 1;
      if (!(column > lastColumn)) throw new Error(`${part}: cell ${ref} after column ${lastColumn} in row ${r}`);
      lastColumn = column;
      if (cell.attributes.t === "inlineStr" && !cell.children.some((c) => c.name === "is"))
        throw new Error(`${part}: inline string ${ref} without <is>`);
    }
  }
  const merges = sheet.children.find((c) => c.name === "mergeCells");
  if (merges) expect(Number(merges.attributes.count ?? merges.children.length)).toBe(merges.children.length);
}

function checkStyles(part: string, styles: Element): void {
  expectOrder(part, styles, STYLESHEET);
  for (const list of styles.children) {
    if (list.attributes.count !== undefined && list.name !== "extLst")
      expect([part, list.name, Number(list.attributes.count)]).toEqual([part, list.name, list.children.length]);
  }
  const count = (name: string) => styles.children.find((c) => c.name === name)?.children.length ?? 0;
  const numFmts = new Set(
    styles.children.find((c) => c.name === "numFmts")?.children.map((f) => Number(f.attributes.numFmtId)) ?? [],
  );
  for (const xf of styles.children.find((c) => c.name === "cellXfs")?.children ?? []) {
    const { fontId, fillId, borderId, numFmtId } = xf.attributes;
    expect(Number(fontId ?? 0)).toBeLessThan(count("fonts"));
    expect(Number(fillId ?? 0)).toBeLessThan(Math.max(count("fills"), 1));
    expect(Number(borderId ?? 0)).toBeLessThan(Math.max(count("borders"), 1));
    // Ids below 164 are Excel's built-in formats; any other must be declared.
    const id = Number(numFmtId ?? 0);
    if (id >= 164) expect([part, id, numFmts.has(id)]).toEqual([part, id, true]);
  }
}

function checkWorkbook(part: string, workbook: Element): void {
  const sheets = workbook.children.find((c) => c.name === "sheets")!.children;
  const names = sheets.map((s) => s.attributes.name.toLowerCase());
  expect(new Set(names).size).toBe(names.length);
  const ids = sheets.map((s) => s.attributes.sheetId);
  expect(new Set(ids).size).toBe(ids.length);
  const scoped = new Set<string>();
  for (const name of workbook.children.find((c) => c.name === "definedNames")?.children ?? []) {
    const scope = name.attributes.localSheetId;
    if (scope !== undefined) expect(Number(scope)).toBeLessThan(sheets.length);
    const key = `${scope ?? "workbook"}:${name.attributes.name.toLowerCase()}`;
    if (scoped.has(key)) throw new Error(`${part}: the name ${key} twice`);
    scoped.add(key);
  }
  const view = workbook.children.find((c) => c.name === "bookViews")?.children[0];
  if (view?.attributes.activeTab !== undefined) expect(Number(view.attributes.activeTab)).toBeLessThan(sheets.length);
}

/** `target` from the folder `from`, `..` and `.` taken. */
function resolve(from: string, target: string): string {
  const segments = from.split("/").filter(Boolean);
  for (const s of target.split("/")) {
    if (s === "..") segments.pop();
    else if (s !== ".") segments.push(s);
  }
  return segments.join("/");
}

/** Every XML part of a result parsed; the worksheets, styles and workbook held to their schema's rules. */
export async function expectExcelReads(file: string): Promise<void> {
  const zip = await JSZip.loadAsync(await fs.readFile(file));
  const types = await zip.file("[Content_Types].xml")!.async("string");
  for (const part of Object.keys(zip.files).filter((p) => !zip.files[p].dir)) {
    if (!/\.(xml|rels|vml)$/i.test(part)) continue;
    const xml = await zip.file(part)!.async("string");
    // VML is not XML as a parser takes it (Excel writes <br> unclosed): only the parts Excel parses as XML.
    if (/\.vml$/i.test(part)) continue;
    const relIds: string[] = [];
    const root = parse(part, xml, relIds);
    const rels = zip.file(part.replace(/[^/]*$/, (name) => `_rels/${name}.rels`));
    const ids = new Set(
      [...((await rels?.async("string")) ?? "").matchAll(/<(?:\w+:)?Relationship\b[^>]*\sId\s*=\s*["']([^"']*)/g)].map(
        (m) => m[1],
      ),
    );
    const dangling = relIds.filter((id) => !ids.has(id));
    if (dangling.length > 0) throw new Error(`${part}: names relationships its .rels lacks: ${dangling.join(", ")}`);
    // A relationship within the package leads to a part it holds (Excel repairs a file whose does not).
    for (const m of ((await rels?.async("string")) ?? "").matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      if (/TargetMode\s*=\s*["']External/.test(m[0])) continue;
      const target = decodeURIComponent(/\sTarget\s*=\s*["']([^"']*)/.exec(m[0])?.[1] ?? "");
      const resolved = target.startsWith("/") ? target.slice(1) : resolve(part.replace(/[^/]*$/, ""), target);
      if (!zip.file(resolved)) throw new Error(`${part}: a relationship to ${target}, a part the package lacks`);
    }
    const declared = new RegExp(
      `PartName="/${part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" ContentType="([^"]*)"`,
    ).exec(types)?.[1];
    if (root.name === "worksheet") checkWorksheet(part, root);
    if (root.name === "styleSheet") checkStyles(part, root);
    if (root.name === "workbook") checkWorkbook(part, root);
    if (declared?.endsWith("worksheet+xml")) expect([part, root.name]).toEqual([part, "worksheet"]);
  }
}
