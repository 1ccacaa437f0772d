/**
 * The result as the bytes of a file (issue 19 item 2): the clerk's package, edited — each ledger sheet with the output
 * columns spliced in (splice.ts), an earlier run's product sheets replaced by this run's (productSheet.ts) with their
 * print setup (workbook.ts) and native charts (charts.ts), the product's styles added to the clerk's (styles.ts), the
 * calculation chain dropped for Excel to rebuild. Nothing else of the clerk's is re-written; what the whitelist refuses
 * is left out, and that and anything the result lacks is listed at the foot of 运行记录 (keep.ts). Writing the bytes to
 * disk is the command's (src/cli/write.ts).
 */
import type { Lang } from "../engine/types";
import { columnLetter, productSheetNamed } from "../ledger";
import type { LedgerOutput, Table } from "../report";
import { commandLabels } from "../report/commandLabels";
import { addCharts } from "./charts";
import type { Refused } from "./copy";
import { featureName, keepChecked, type Carried } from "./keep";
import { escapeXml, Package, sheetParts } from "./package";
import { productSheetXml } from "./productSheet";
import { SharedStrings } from "./sharedStrings";
import { spliceLedger } from "./splice";
import { StyleSheet } from "./styles";
import { editWorkbook, sheetEntries, type AddedSheet } from "./workbook";
import { printable, type Deflate, type Inflate } from "./zip";

const WORKBOOK = "xl/workbook.xml";
const CONTENT = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  styles: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
  sharedStrings: "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
};
/** What an earlier run's product sheet reaches that goes with it: its drawings and charts, its printer's settings. */
const WITH_SHEET = new Set(["drawing", "chart", "chartStyle", "chartColorStyle", "chartUserShapes", "printerSettings"]);

/**
 * The clerk's workbook `input` with the plan's `outputs` and `tables`; returns the bytes and what of the clerk's
 * workbook the result lacks or left out. `platform` lends the inflater and, where it has one, the deflater (node.ts,
 * or the offline page's).
 */
export async function writeResult(
  input: Uint8Array,
  outputs: readonly LedgerOutput[],
  tables: readonly Table[],
  lang: Lang,
  platform: { inflate: Inflate; deflate?: Deflate },
): Promise<{ bytes: Uint8Array; carried: Carried }> {
  const pkg = await Package.load(input, platform.inflate, platform.deflate);
  let record: string | undefined;
  const carried = await keepChecked(
    pkg,
    tables.map((t) => t.sheet),
    async () => {
      record = await writeProduct(pkg, outputs, tables);
    },
  );
  if (record) await appendRows(pkg, record, carriedRows(carried, lang));
  return { bytes: await pkg.generate(), carried };
}

/** The run written into the package; returns the part of 运行记录, under the name the plan gave it. */
async function writeProduct(
  pkg: Package,
  outputs: readonly LedgerOutput[],
  tables: readonly Table[],
): Promise<string | undefined> {
  const rels = await pkg.rels(WORKBOOK);
  const own = async (type: string, name: string) => {
    const rel = rels.find((r) => r.type === type && !r.external);
    const part = rel?.target ?? name;
    return { rel, part, xml: pkg.has(part) ? await pkg.text(part) : undefined };
  };
  const stylesPart = await own("styles", "xl/styles.xml");
  const styles = StyleSheet.parse(stylesPart.xml);
  const stringsPart = await own("sharedStrings", "xl/sharedStrings.xml");
  const strings = SharedStrings.parse(stringsPart.xml);
  const sheets = await sheetParts(pkg);
  for (const output of outputs) {
    const part = sheets.get(output.sheet);
    // Deflated as each piece is made: the clerk's sheet is held inflated while it is spliced, the result compressed.
    if (part) await pkg.putPieces(part, spliceLedger(await pkg.bytes(part), output, styles, strings));
  }
  // An earlier run's sheet of a name this run writes goes, with what it reaches; the new one is added at the end.
  const removed = new Set(tables.map((t) => t.sheet).filter((name) => sheets.has(name)));
  const workbook = await pkg.text(WORKBOOK);
  for (const entry of sheetEntries(workbook)) {
    if (!removed.has(entry.name)) continue;
    await pkg.unrelate(WORKBOOK, entry.id);
    await removeWith(pkg, sheets.get(entry.name)!);
  }
  const added: AddedSheet[] = [];
  const written = new Map<string, string>();
  for (const table of tables) {
    const part = pkg.freeName("xl/worksheets/sheet", ".xml");
    await pkg.putPieces(part, productSheetXml(table, styles, strings));
    await pkg.declare(part, CONTENT.worksheet);
    added.push({ table, id: await pkg.relate(WORKBOOK, "worksheet", part) });
    written.set(table.sheet, part);
  }
  pkg.put(WORKBOOK, editWorkbook(workbook, removed, added, outputs));
  // The clerk's styles and shared strings with ours appended: every index of the clerk's keeps its meaning.
  const write = async (own: { rel?: unknown; part: string }, type: "styles" | "sharedStrings", xml: string) => {
    pkg.put(own.part, xml);
    if (own.rel) return;
    await pkg.relate(WORKBOOK, type, own.part);
    await pkg.declare(own.part, CONTENT[type]);
  };
  await write(stylesPart, "styles", styles.xml());
  if (strings.changed) await write(stringsPart, "sharedStrings", strings.xml());
  // Excel rebuilds the calculation chain; one naming cells that changed would be read as damage.
  for (const chain of rels.filter((r) => r.type === "calcChain" && !r.external)) {
    await pkg.unrelate(WORKBOOK, chain.id);
    if (pkg.has(chain.target)) await pkg.removePart(chain.target);
  }
  await addCharts(pkg, tables, written);
  const recordTable = tables.find((t) => productSheetNamed(t.sheet) === "runRecord");
  return recordTable && written.get(recordTable.sheet);
}

/** A part removed with the parts it reaches that go with it (WITH_SHEET). */
async function removeWith(pkg: Package, part: string): Promise<void> {
  for (const rel of await pkg.rels(part)) {
    if (WITH_SHEET.has(rel.type) && rel.within && pkg.has(rel.target)) await removeWith(pkg, rel.target);
  }
  await pkg.removePart(part);
}

function carriedRows(carried: Carried, lang: Lang): string[][] {
  const R = commandLabels(lang).carried;
  const line = (list: Carried["lost"]) =>
    list.map((f) => R.count(featureName(f.feature, lang), f.count)).join(lang === "zh" ? "；" : "; ");
  return [
    ...(carried.lost.length > 0 ? [[R.notKept, line(carried.lost)]] : []),
    ...carried.refused.map((r) => [R.refused, refusedText(r, lang)]),
    ...(carried.external.length > 0 ? [[R.external, carried.external.map(printable).join("\n")]] : []),
  ];
}

/** A part left out of the result, through which part it reaches, and why. */
function refusedText(r: Refused, lang: Lang): string {
  return printable(
    lang === "zh"
      ? `${r.part}${r.through ? `（其引用的 ${r.through}）` : ""}：${r.zh}`
      : `${r.part}${r.through ? ` (through ${r.through})` : ""}: ${r.en}`,
  );
}

/**
 * What the console says of the clerk's workbook once `out` is written, in both languages, as 运行记录 does: what
 * the result lacks, what was refused and why, and the targets outside the file the result points at.
 */
export function carriedLines(carried: Carried, out: string): string[] {
  const list = (lang: Lang) => carried.lost.map((f) => `${featureName(f.feature, lang)} ×${f.count}`).join(", ");
  return [
    ...(carried.lost.length > 0
      ? [
          `${out}：未能保留原工作簿中的 ${list("zh")}（见运行记录）/ not kept from the input workbook: ${list("en")} (see 运行记录)`,
        ]
      : []),
    ...carried.refused.map(
      (r) =>
        `${out}：未复制原工作簿中的 ${refusedText(r, "zh")} / not copied from the input workbook: ${refusedText(r, "en")}`,
    ),
    ...(carried.external.length > 0
      ? [
          `${out}：结果中的链接指向文件之外，打开结果时 Excel 可能访问 / the result links outside the file, and Excel may reach these when it is opened:`,
          ...carried.external.map((target) => `  ${printable(target)}`),
        ]
      : []),
  ];
}

/** Rows of text below a sheet's last row, as inline strings (the package's shared strings stay as written). */
async function appendRows(pkg: Package, sheet: string, rows: string[][]): Promise<void> {
  if (rows.length === 0) return;
  const xml = await pkg.text(sheet);
  let last = 0;
  for (const m of xml.matchAll(/<row\b[^>]*\br="(\d+)"/g)) last = Math.max(last, Number(m[1]));
  const cells = (values: string[], r: number) =>
    values
      .map(
        (v, c) =>
          `<c r="${columnLetter(c)}${r}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`,
      )
      .join("");
  const added = rows.map((values, i) => `<row r="${last + 1 + i}">${cells(values, last + 1 + i)}</row>`).join("");
  const end = last + rows.length;
  pkg.put(
    sheet,
    xml
      .replace(/<sheetData\/>/, "<sheetData></sheetData>")
      .replace("</sheetData>", `${added}</sheetData>`)
      .replace(/<dimension ref="([A-Z]+\d+):([A-Z]+)\d+"\/>/, `<dimension ref="$1:$2${end}"/>`),
  );
}
