/**
 * The result as the bytes of a file: exceljs writes the workbook, then the package it wrote is finished here — the
 * tables' native charts (charts.ts), print areas made absolute, and what exceljs dropped from the clerk's workbook
 * copied back or named (keep.ts), at the foot of 运行记录. Writing the bytes to disk is the command's (src/cli/write.ts).
 */
import type ExcelJS from "exceljs";
import type { Lang } from "../engine/types";
import { columnLetter, productSheetNamed } from "../ledger";
import type { Table } from "../report";
import { labels } from "../report/labels";
import { addCharts } from "./charts";
import type { Refused } from "./copy";
import { carryOver, featureName, type Carried } from "./keep";
import { escapeXml, Package, sheetParts } from "./package";
import { printable, type Inflate } from "./zip";

/**
 * The workbook as an .xlsx package, finished: the tables' native charts, and what exceljs dropped from `input` (the
 * clerk's workbook) copied back where it can be; what cannot is listed at the foot of 运行记录. Returns the bytes and
 * what was kept and lost. `inflate` is the platform's (node.ts, or the offline page's). The fastest deflate level: a 50k-row result is written about a third sooner, in a somewhat
 * larger file.
 */
export async function packResult(
  workbook: ExcelJS.Workbook,
  tables: readonly Table[],
  lang: Lang,
  inflate: Inflate,
  input?: Uint8Array,
): Promise<{ bytes: Uint8Array; carried?: Carried }> {
  const written = await workbook.xlsx.writeBuffer({
    zip: { compression: "DEFLATE", compressionOptions: { level: 1 } },
  });
  const withCharts = async () => {
    const pkg = await Package.load(written as unknown as Uint8Array, inflate);
    const sheets = await sheetParts(pkg);
    await addCharts(pkg, tables, sheets);
    await absolutePrintAreas(pkg);
    // 运行记录 under the name the plan gave it (tagged where the clerk has a sheet of that name).
    const recordTable = tables.find((t) => productSheetNamed(t.sheet) === "runRecord");
    return { pkg, record: recordTable && sheets.get(recordTable.sheet) };
  };
  let { pkg, record } = await withCharts();
  let carried: Carried | undefined;
  if (input) {
    try {
      // The sheets this run replaced; a clerk's sheet that bears a product sheet's name is the clerk's, kept.
      carried = await carryOver(
        await Package.load(input, inflate),
        pkg,
        tables.map((t) => t.sheet),
      );
    } catch (e) {
      // A package this code cannot follow: the result as exceljs wrote it (and its charts), and the record says
      // that what else the input held was not checked, rather than no result at all.
      ({ pkg, record } = await withCharts());
      carried = { kept: [], lost: [], refused: [], external: [], failed: (e as Error).message };
    }
  }
  if (carried && record) await appendRows(pkg, record, carriedRows(carried, lang));
  return { bytes: await pkg.generate(), carried };
}

/**
 * exceljs writes every print area, the clerk's as well as ours, as `'汇总'!$A1:$L22`: rows relative, which
 * LibreOffice ignores and Excel reads against the active cell. Print areas are absolute, as Excel writes them.
 */
async function absolutePrintAreas(pkg: Package): Promise<void> {
  const xml = await pkg.text("xl/workbook.xml");
  pkg.put(
    "xl/workbook.xml",
    xml.replace(
      /(<definedName\b[^>]*\bname="_xlnm\.Print_Area"[^>]*>)([^<]*)/g,
      (_, tag: string, ranges: string) =>
        tag +
        // Only the address after each `!`: a sheet's name may itself look like a cell (`'P2台账'`).
        ranges.replace(
          /!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?=,|$)/g,
          (_m, address: string) =>
            `!${address.replace(/\$?([A-Z]{1,3})\$?(\d+)/g, (_c, column: string, row: string) => `$${column}$${row}`)}`,
        ),
    ),
  );
}

function carriedRows(carried: Carried, lang: Lang): string[][] {
  const R = labels(lang).run;
  const line = (list: Carried["kept"]) =>
    list.map((f) => R.count(featureName(f.feature, lang), f.count)).join(lang === "zh" ? "；" : "; ");
  return [
    ...(carried.kept.length > 0 ? [[R.kept, line(carried.kept)]] : []),
    ...(carried.lost.length > 0 ? [[R.notKept, line(carried.lost)]] : []),
    ...carried.refused.map((r) => [R.refused, refusedText(r, lang)]),
    ...(carried.external.length > 0 ? [[R.external, carried.external.map(printable).join("\n")]] : []),
    ...(carried.failed !== undefined ? [[R.notChecked, carried.failed]] : []),
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
    ...(carried.failed !== undefined
      ? [
          `${out}：未能检查原工作簿的图表、数据透视表等是否保留 / not checked whether the input's charts, pivot tables and the like were kept: ${carried.failed}`,
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
