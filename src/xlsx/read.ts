/**
 * .xlsx → Grid: what each cell shows, as the ledger reader wants it. Rich text becomes its plain
 * text, a formula its cached result, a hyperlink its text, a date a `Date`.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
// exceljs's own zip reader (a dependency of exceljs): the sheets' sizes are read with it before exceljs loads them.
import JSZip from "jszip";
import type { CellValue } from "../engine/types";
import type { Grid, MergedRange } from "../ledger";
import { tooLarge, type SheetSize } from "../ledger/limits";

/**
 * An input the command cannot use at all (exit 2): the file is missing, is not a workbook, or holds
 * more rows than a run takes (src/ledger/limits.ts; `detail` is then the whole message).
 */
export class WorkbookError extends Error {
  constructor(
    readonly kind: "missing" | "notWorkbook" | "tooLarge",
    readonly file: string,
    detail: string,
  ) {
    super(
      kind === "missing"
        ? `${file}: file not found (找不到文件)`
        : kind === "tooLarge"
          ? `${file}: ${detail}`
          : `${file}: not an .xlsx workbook (不是 Excel 工作簿): ${detail}`,
    );
    this.name = "WorkbookError";
  }
}

export interface ReadWorkbook {
  grids: Grid[];
  workbook: ExcelJS.Workbook;
}

export async function readWorkbook(
  input: string | Buffer,
  name = typeof input === "string" ? input : "workbook",
): Promise<ReadWorkbook> {
  let data: Buffer;
  if (typeof input === "string") {
    try {
      data = await fs.readFile(input);
    } catch (e) {
      throw new WorkbookError("missing", name, (e as Error).message);
    }
  } else {
    data = input;
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch (e) {
    throw new WorkbookError("notWorkbook", name, (e as Error).message);
  }
  // Before exceljs holds every cell: a workbook over the limit would end out of memory minutes later.
  const over = tooLarge(await sheetSizes(zip));
  if (over) throw new WorkbookError("tooLarge", name, over.message);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type is a narrowed ArrayBuffer; a Node Buffer is what it reads.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new WorkbookError("notWorkbook", name, (e as Error).message);
  }
  return { grids: workbook.worksheets.map(toGrid), workbook };
}

/**
 * Each worksheet's last row, from the zip without loading it: the `<dimension ref="A1:L1000002"/>` that
 * Excel writes at the head of a sheet's XML, or, where a writer left it out (exceljs's streaming writer
 * does), the last `<row>` of the sheet, found by inflating the XML as a stream and keeping none of it.
 * Anything unexpected gives no size, and exceljs then says what is wrong with the file.
 */
export async function sheetSizes(zip: JSZip): Promise<SheetSize[]> {
  const workbook = await zip.file("xl/workbook.xml")?.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")?.async("string");
  if (workbook === undefined || rels === undefined) return [];
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, "Id");
    const target = attribute(tag, "Target");
    if (id !== undefined && target !== undefined) targets.set(id, target);
  }
  const sizes: SheetSize[] = [];
  for (const [tag] of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const sheet = attribute(tag, "name");
    const target = targets.get(attribute(tag, "r:id") ?? "");
    if (sheet === undefined || target === undefined) continue;
    // A target is relative to xl/, or absolute from the package root.
    const file = zip.file(target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`);
    if (file && !file.dir) sizes.push({ sheet, rows: await lastRow(file) });
  }
  return sizes;
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return (m[1] ?? m[2])
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}

const DIMENSION = /<(?:\w+:)?dimension\b[^>]*>/;
/** Where a sheet's rows begin: a dimension, if any, comes before. */
const SHEET_DATA = /<(?:\w+:)?sheetData\b/;
const ROW = /<(?:\w+:)?row\b([^>]*)>/g;

/** A worksheet's last row (1-based): its dimension's, or its last `<row>`'s (`r`, or one past the row before). */
function lastRow(file: JSZip.JSZipObject): Promise<number> {
  const scan = new RowScan();
  return new Promise((resolve, reject) => {
    // JSZip's stream (readable-stream 2) is not async-iterable: chunks come as events, and a found
    // dimension ends the read with the rest of the sheet never inflated.
    const stream = file.nodeStream("nodebuffer") as NodeJS.ReadableStream & { destroy?: () => void };
    stream.on("data", (chunk: Buffer | string) => {
      const found = scan.add(typeof chunk === "string" ? chunk : chunk.toString("latin1"));
      if (found === undefined) return;
      stream.removeAllListeners("data");
      stream.pause();
      stream.destroy?.();
      resolve(found);
    });
    stream.on("end", () => resolve(scan.last));
    stream.on("error", reject);
  });
}

/**
 * Reads a worksheet's XML a chunk at a time, as latin1: the markup searched for is ASCII, and no byte
 * of a UTF-8 character is "<". Keeps only what may be the start of a tag cut off at a chunk's end.
 */
class RowScan {
  last = 0;
  private text = "";
  private inRows = false;
  private row = 0;

  /** The sheet's last row when its dimension says so; undefined to go on reading. */
  add(chunk: string): number | undefined {
    this.text += chunk;
    if (!this.inRows) {
      const data = SHEET_DATA.exec(this.text);
      const dimension = DIMENSION.exec(this.text);
      if (dimension && (!data || dimension.index < data.index)) {
        const bottom = /(\d+)$/.exec(attribute(dimension[0], "ref") ?? "");
        if (bottom) return Number(bottom[1]);
      }
      if (!data) {
        this.keepTail();
        return undefined;
      }
      this.inRows = true;
      this.text = this.text.slice(data.index);
    }
    const open = this.text.lastIndexOf("<");
    for (const m of (open < 0 ? this.text : this.text.slice(0, open)).matchAll(ROW)) {
      const r = /\sr\s*=\s*["'](\d+)["']/.exec(m[1]);
      this.row = r ? Number(r[1]) : this.row + 1;
      if (this.row > this.last) this.last = this.row;
    }
    this.keepTail();
    return undefined;
  }

  /** What follows the last "<" may be a tag cut off: it waits for the next chunk. */
  private keepTail(): void {
    const open = this.text.lastIndexOf("<");
    this.text = open < 0 ? "" : this.text.slice(open);
  }
}

/**
 * A merged range's value stands in its first column on every row the range spans: a unit name
 * merged down over its three claims belongs to each, a title merged across a row is one cell.
 */
export function toGrid(sheet: ExcelJS.Worksheet): Grid {
  const cells: CellValue[][] = [];
  const merges = new Map<string, MergedRange>();
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.isMerged) {
        const { master } = cell;
        const range = merges.get(master.address);
        const [r, c] = [rowNumber - 1, colNumber - 1];
        if (!range) merges.set(master.address, { top: r, left: c, bottom: r, right: c });
        else {
          range.bottom = Math.max(range.bottom, r);
          range.right = Math.max(range.right, c);
        }
        if (master !== cell && master.col !== cell.col) return;
      }
      values[colNumber - 1] = plain(cell.value);
    });
    cells[rowNumber - 1] = values;
  });
  const spans = [...merges.values()].filter((m) => m.bottom > m.top || m.right > m.left);
  return spans.length > 0 ? { name: sheet.name, cells, merges: spans } : { name: sheet.name, cells };
}

function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("hyperlink" in v) return plain(v.text as ExcelJS.CellValue);
  if ("formula" in v || "sharedFormula" in v) return plain((v.result ?? null) as ExcelJS.CellValue);
  if ("error" in v) return v.error;
  return null;
}
