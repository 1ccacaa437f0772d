/**
 * The clerk's workbook.xml with the product's sheets (issue 19 item 2): an earlier run's sheet of a name the run writes
 * removed, the run's sheets added at the end (as the exceljs writer left them: the golden results), their print areas
 * and titles, the clerk's print areas over a ledger widened to its output columns, every print area absolute, and every
 * sheet's index (`localSheetId`, `activeTab`, `firstSheet`) moved with the sheets removed before it.
 */
import { printArea, widenedPrintArea, type LedgerOutput, type Table } from "../report";
import { attributes, escapeXml, insertBefore, prefixOf, REL, relId } from "./package";

export interface SheetEntry {
  name: string;
  /** The `<sheet>` element as written. */
  tag: string;
  /** Its relationship from the workbook. */
  id: string;
}

/** A product sheet to add: its table and the relationship the workbook reaches its part by. */
export interface AddedSheet {
  table: Table;
  id: string;
}

/** CT_Workbook: the elements after `<definedNames>`. */
const AFTER_NAMES = [
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
];

export function sheetEntries(xml: string): SheetEntry[] {
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => {
    const a = attributes(m[0]);
    return { name: a.name, tag: m[0], id: relId(a) ?? "" };
  });
}

/** A sheet's name as a reference starts: quoted, a quote in it doubled. */
export function quoted(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

export function editWorkbook(
  xml: string,
  removed: ReadonlySet<string>,
  added: readonly AddedSheet[],
  outputs: readonly LedgerOutput[],
): string {
  // SpreadsheetML may be written with a prefix (`<x:workbook>`): what is added is written with it.
  const p = prefixOf(xml, "workbook");
  const r = relPrefix(xml);
  const entries = sheetEntries(xml);
  const gone = entries.flatMap((e, i) => (removed.has(e.name) ? [i] : []));
  /** The index a sheet has once the removed ones are gone; undefined for a removed one. */
  const moved = (i: number) => (gone.includes(i) ? undefined : i - gone.filter((g) => g < i).length);
  const kept = entries.length - gone.length;
  let sheetId = Math.max(0, ...entries.map((e) => Number(attributes(e.tag).sheetId) || 0));
  const tags = added.map(
    (s) => `<${p}sheet name="${escapeXml(s.table.sheet)}" sheetId="${++sheetId}" ${r.prefix}:id="${escapeXml(s.id)}"/>`,
  );
  let out = r.declared ? xml : xml.replace(`<${p}workbook`, `<${p}workbook xmlns:${r.prefix}="${REL}"`);
  for (const i of gone) out = out.replace(entries[i].tag, "");
  out = out.replace(/<\/((?:\w+:)?)sheets>/, (close) => `${tags.join("")}${close}`);
  out = out.replace(/<(?:\w+:)?workbookView\b[^>]*>/g, (tag) =>
    tag.replace(/\b(activeTab|firstSheet)\s*=\s*["'](\d+)["']/g, (_, key: string, n: string) => {
      return `${key}="${moved(Number(n)) ?? 0}"`;
    }),
  );
  const byIndex = new Map(outputs.map((o) => [entries.findIndex((e) => e.name === o.sheet), o]));
  const names: string[] = [];
  const q = p.replace(".", "\\.");
  const block = new RegExp(
    `<${q}definedNames\\s*>([\\s\\S]*?)<\\/${q}definedNames\\s*>|<${q}definedNames\\s*\\/>`,
  ).exec(out);
  const each = new RegExp(`<${q}definedName\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/${q}definedName\\s*>)`, "g");
  for (const m of (block?.[1] ?? "").matchAll(each)) {
    const a = attributes(`<definedName${m[1]}>`);
    let attrs = m[1];
    let text = m[2] ?? "";
    if (a.localSheetId !== undefined) {
      const index = moved(Number(a.localSheetId));
      if (index === undefined) continue;
      attrs = attrs.replace(/\blocalSheetId\s*=\s*("[^"]*"|'[^']*')/, `localSheetId="${index}"`);
      const output = byIndex.get(Number(a.localSheetId));
      if (a.name === "_xlnm.Print_Area" && output) text = widened(text, output);
    }
    if (a.name === "_xlnm.Print_Area") text = absolute(text);
    names.push(`<${p}definedName${attrs}>${text}</${p}definedName>`);
  }
  added.forEach(({ table }, i) => {
    if (!table.page) return;
    const sheet = quoted(table.sheet).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    const title = (table.title?.length ?? 0) + 1;
    names.push(
      `<${p}definedName name="_xlnm.Print_Area" localSheetId="${kept + i}">${sheet}!${absolute(printArea(table))}</${p}definedName>`,
      `<${p}definedName name="_xlnm.Print_Titles" localSheetId="${kept + i}">${sheet}!$1:$${title}</${p}definedName>`,
    );
  });
  const element = names.length > 0 ? `<${p}definedNames>${names.join("")}</${p}definedNames>` : "";
  return block ? out.replace(block[0], element) : insertBefore(out, element, AFTER_NAMES, "workbook");
}

/** The prefix the workbook binds the relationships namespace to (`r`, as Excel writes it), and whether it does. */
function relPrefix(xml: string): { prefix: string; declared: boolean } {
  const root = /<(?:[\w.-]+:)?workbook\b[^>]*>/.exec(xml)?.[0] ?? "";
  for (const [key, value] of Object.entries(attributes(root))) {
    if (value === REL && key.startsWith("xmlns:")) return { prefix: key.slice(6), declared: true };
  }
  // An `xmlns:r` bound elsewhere (a name of the clerk's) is left alone: ours is declared under a name of its own.
  return { prefix: /\sxmlns:r\s*=/.test(root) ? "rel" : "r", declared: false };
}

/** A print area's blocks (`'台账'!$A$1:$P$16,'台账'!$R$1:$S$16`), each over the ledger widened to its output columns. */
function widened(text: string, output: LedgerOutput): string {
  return blocks(text)
    .map((b) => {
      const at = b.lastIndexOf("!");
      const [area] = widenedPrintArea([b.slice(at + 1).replace(/\$/g, "")], output);
      return `${b.slice(0, at + 1)}${area}`;
    })
    .join(",");
}

/**
 * Cell addresses made absolute, as Excel writes a print area: LibreOffice ignores one whose rows are relative and
 * Excel reads it against the active cell. Only the address after each `!`: a sheet's name may look like a cell.
 */
function absolute(text: string): string {
  return blocks(text)
    .map((b) => {
      const at = b.lastIndexOf("!");
      const address = b.slice(at + 1);
      if (!/^\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?$/.test(address)) return b;
      return b.slice(0, at + 1) + address.replace(/\$?([A-Z]{1,3})\$?(\d+)/g, "$$$1$$$2");
    })
    .join(",");
}

/** A reference's comma-separated blocks, a comma inside a quoted sheet name kept. */
function blocks(text: string): string[] {
  return text.match(/(?:&apos;(?:[^&]|&(?!apos;)|&apos;&apos;)*&apos;|'(?:[^']|'')*'|[^,'])+/g) ?? [];
}
