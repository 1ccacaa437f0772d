/**
 * The clerk's workbook.xml with the product's sheets (issue 19 item 2): an earlier run's sheet of a name the run writes
 * removed, the run's sheets added at the end (as the exceljs writer left them: the golden results), their print areas
 * and titles, the clerk's print areas over a ledger widened to its output columns, every print area absolute, and every
 * sheet's index (`localSheetId`, `activeTab`, `firstSheet`) moved with the sheets removed before it.
 */
import { printArea, widenedPrintArea, type LedgerOutput, type Table } from "../report";
import { attributes, escapeXml, insertBefore } from "./package";

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
    return { name: a.name, tag: m[0], id: a["r:id"] };
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
  const entries = sheetEntries(xml);
  const gone = entries.flatMap((e, i) => (removed.has(e.name) ? [i] : []));
  /** The index a sheet has once the removed ones are gone; undefined for a removed one. */
  const moved = (i: number) => (gone.includes(i) ? undefined : i - gone.filter((g) => g < i).length);
  const kept = entries.length - gone.length;
  let sheetId = Math.max(0, ...entries.map((e) => Number(attributes(e.tag).sheetId) || 0));
  const tags = added.map(
    (s) => `<sheet name="${escapeXml(s.table.sheet)}" sheetId="${++sheetId}" r:id="${escapeXml(s.id)}"/>`,
  );
  let out = xml;
  for (const i of gone) out = out.replace(entries[i].tag, "");
  out = out.replace(/<\/((?:\w+:)?)sheets>/, (close) => `${tags.join("")}${close}`);
  out = out.replace(/<(?:\w+:)?workbookView\b[^>]*>/g, (tag) =>
    tag.replace(/\b(activeTab|firstSheet)="(\d+)"/g, (_, key: string, n: string) => {
      return `${key}="${moved(Number(n)) ?? 0}"`;
    }),
  );
  const byIndex = new Map(outputs.map((o) => [entries.findIndex((e) => e.name === o.sheet), o]));
  const names: string[] = [];
  const block = /<definedNames>([\s\S]*?)<\/definedNames>|<definedNames\/>/.exec(out);
  for (const m of (block?.[1] ?? "").matchAll(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g)) {
    const a = attributes(`<definedName${m[1]}>`);
    let attrs = m[1];
    let text = m[2];
    if (a.localSheetId !== undefined) {
      const index = moved(Number(a.localSheetId));
      if (index === undefined) continue;
      attrs = attrs.replace(/\blocalSheetId="\d+"/, `localSheetId="${index}"`);
      const output = byIndex.get(Number(a.localSheetId));
      if (a.name === "_xlnm.Print_Area" && output) text = widened(text, output);
    }
    if (a.name === "_xlnm.Print_Area") text = absolute(text);
    names.push(`<definedName${attrs}>${text}</definedName>`);
  }
  added.forEach(({ table }, i) => {
    if (!table.page) return;
    const sheet = quoted(table.sheet).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    const title = (table.title?.length ?? 0) + 1;
    names.push(
      `<definedName name="_xlnm.Print_Area" localSheetId="${kept + i}">${sheet}!${absolute(printArea(table))}</definedName>`,
      `<definedName name="_xlnm.Print_Titles" localSheetId="${kept + i}">${sheet}!$1:$${title}</definedName>`,
    );
  });
  const element = names.length > 0 ? `<definedNames>${names.join("")}</definedNames>` : "";
  return block ? out.replace(block[0], element) : insertBefore(out, element, AFTER_NAMES, "workbook");
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
