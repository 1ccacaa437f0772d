/**
 * .xlsx → Grid: what each cell shows, as the ledger reader wants it. Rich text becomes its plain
 * text, a formula its cached result, a hyperlink its text, a date a `Date`.
 */
import ExcelJS from "exceljs";
// exceljs's own zip reader (a dependency of exceljs): the sheets' sizes are read with it before exceljs loads them.
import JSZip from "jszip";
import type { CellValue } from "../engine/types";
import type { Grid, MergedRange } from "../ledger";
import { tooLarge, type SheetSize } from "../ledger/limits";
import { attributes, Package, sheetParts } from "./package";
import { PackageError, printable, verifyZip, WORKBOOK_LIMITS, type Inflate } from "./zip";
import { cfbEntryNames } from "./cfb";

/** What to do with a file that is a spreadsheet, but not an .xlsx one. */
const SAVE_AS = {
  zh: "请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）后再运行",
  en: "save it as .xlsx (Excel workbook) in Excel or WPS, then run again",
};

/** What to do with a package that inflates past what a run holds. */
const TOO_LARGE = {
  zh: "请删除不需要的图片、工作表和行后另存，或按奖补项目拆分台账后分别运行",
  en: "delete the pictures, sheets and rows not needed and save it again, or split the ledger by item and run each part",
};

/** What to do with a damaged package (src/xlsx/zip.ts says what is wrong with it). */
const DAMAGED = {
  zh: "请在 Excel 中打开该文件并另存一份后再运行，或重新获取一份完整的文件",
  en: "open it in Excel and save it again, or get a fresh copy of the file, then run again",
};

export type WorkbookErrorKind = "notWorkbook" | "tooLarge" | "oldFormat" | "encrypted" | "damaged";

/**
 * An input the command cannot use at all (exit 2): the file is not a workbook, its package is damaged (`detail`
 * says how), or it holds more rows or inflates to more than a run takes (src/ledger/limits.ts, src/xlsx/zip.ts;
 * `detail` is then the whole message). A file that is not an .xlsx is told by its content, not its name:
 * `oldFormat` an Office 97–2003 file (.xls, or WPS's .et), `encrypted` an .xlsx with a password to open (both OLE2
 * compound files); `notWorkbook` anything else, `detail` saying what it looks like (text, CSV, a web page…) and
 * what to do, when that is known.
 */
export class WorkbookError extends Error {
  constructor(
    readonly kind: WorkbookErrorKind,
    readonly file: string,
    detail: string,
  ) {
    super(
      kind === "encrypted"
        ? `${file}: 工作簿有打开密码：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空）后另存为 .xlsx / ` +
            `the workbook has a password to open: remove it in Excel (File → Info → Protect Workbook → ` +
            `Encrypt with Password, clear the password), save it as .xlsx, then run again`
        : kind === "notWorkbook"
          ? `${file}: 不是 Excel 工作簿 / not an .xlsx workbook: ${detail}`
          : `${file}: ${detail}`,
    );
    this.name = "WorkbookError";
  }
}

/** The OLE2 compound file ("CFB") signature: .xls, .et, .doc, and a password-protected .xlsx. */
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Why a file that is no zip is not an .xlsx, from its first bytes: a password-protected .xlsx, an old binary
 * workbook, an empty file, a web page or XML spreadsheet (what many systems export as .xls), other text such
 * as CSV, or content not recognised at all.
 */
export function notXlsx(data: Uint8Array, name: string): WorkbookError {
  if (CFB_SIGNATURE.every((b, i) => data[i] === b)) {
    const streams = new Set(cfbEntryNames(data));
    // Office keeps a password-protected .xlsx as these two streams ([MS-OFFCRYPTO]).
    if (streams.has("EncryptionInfo") || streams.has("EncryptedPackage"))
      return new WorkbookError("encrypted", name, "");
    const what = /\.et$/i.test(name)
      ? { zh: "WPS 表格文件（.et）", en: "a WPS spreadsheet (.et)" }
      : streams.has("WordDocument")
        ? { zh: "Word 97-2003 文档（.doc）", en: "a Word 97-2003 document (.doc)" }
        : /\.xls$/i.test(name) || streams.has("Workbook") || streams.has("Book")
          ? { zh: "旧版 Excel 97-2003 工作簿（.xls）", en: "an Excel 97-2003 workbook (.xls)" }
          : { zh: "旧版 Office 97-2003 文件（如 .xls、.et）", en: "an Office 97-2003 file (such as .xls or .et)" };
    return new WorkbookError(
      "oldFormat",
      name,
      `${what.zh}，不是 .xlsx 工作簿：${SAVE_AS.zh} / ${what.en}, not an .xlsx workbook: ${SAVE_AS.en}`,
    );
  }
  const what = textKind(data) ?? {
    zh: "文件内容无法识别（不是 .xlsx 的 zip 格式）；如是电子表格",
    en: "the content is not recognised (not the zip package an .xlsx is); if it is a spreadsheet",
  };
  return new WorkbookError("notWorkbook", name, `${what.zh}：${SAVE_AS.zh} / ${what.en}: ${SAVE_AS.en}`);
}

/** What a file that is not binary holds, by its first 8 KB; undefined when it is binary. */
function textKind(data: Uint8Array): { zh: string; en: string } | undefined {
  if (data.length === 0) return { zh: "空文件", en: "an empty file" };
  const head = data.subarray(0, 8192);
  // Text has no NUL byte (UTF-16 text, rare here, starts with its byte-order mark) and few control characters.
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (!utf16) {
    let control = 0;
    for (const b of head) {
      if (b === 0) return undefined;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
    }
    if (control > head.length / 100) return undefined;
  }
  const even = head.subarray(0, head.length - (head.length % 2));
  const decoded = !utf16
    ? String.fromCharCode(...head)
    : new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(even);
  const text = decoded
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "")
    .trimStart()
    .toLowerCase();
  if (/^<\?xml/.test(text) && text.includes("urn:schemas-microsoft-com:office:spreadsheet"))
    return { zh: "XML 电子表格 2003 文件", en: "an XML Spreadsheet 2003 file" };
  if (/^<(!doctype html|html|table|head|meta|\?xml)/.test(text) || text.includes("<table"))
    return {
      zh: "网页（HTML）或 XML 文件，常见于业务系统导出的 .xls",
      en: "a web page (HTML) or XML file, as systems often export under .xls",
    };
  return { zh: "文本文件（如 CSV）", en: "a text file (such as CSV)" };
}

/**
 * Why a zip that exceljs cannot read is not an .xlsx, when its parts tell: an OpenDocument spreadsheet (.ods, as
 * WPS and LibreOffice save), a binary Excel workbook (.xlsb), a Word document; undefined otherwise.
 */
async function zipKind(zip: JSZip): Promise<{ zh: string; en: string } | undefined> {
  const mimetype = (await zip.file("mimetype")?.async("string"))?.trim();
  if (mimetype === "application/vnd.oasis.opendocument.spreadsheet")
    return { zh: "OpenDocument 电子表格（.ods）", en: "an OpenDocument spreadsheet (.ods)" };
  if (zip.file("xl/workbook.bin")) return { zh: "Excel 二进制工作簿（.xlsb）", en: "an Excel binary workbook (.xlsb)" };
  if (zip.file("word/document.xml")) return { zh: "Word 文档（.docx）", en: "a Word document (.docx)" };
  return undefined;
}

export interface ReadWorkbook {
  grids: Grid[];
  workbook: ExcelJS.Workbook;
}

/**
 * A workbook's bytes (the command reads them with src/cli/input.ts, the offline page from the file chosen) → its
 * sheets as grids, and exceljs's model. `inflate` is the platform's (node.ts, or the page's).
 */
export async function readWorkbook(data: Uint8Array, name: string, inflate: Inflate): Promise<ReadWorkbook> {
  // Not a zip: say what the file is, and what to do, from its bytes.
  if (data[0] !== 0x50 || data[1] !== 0x4b) throw notXlsx(data, name);
  // Before jszip or exceljs reads a byte of it: they would read a damaged package as best they can.
  await verifyZip(data, inflate, WORKBOOK_LIMITS).catch((e: unknown) => {
    if (!(e instanceof PackageError)) throw e;
    throw e.kind === "tooLarge"
      ? new WorkbookError(
          "tooLarge",
          name,
          `工作簿过大：${e.zh}。${TOO_LARGE.zh} / The workbook is too large: ${e.en}. ${TOO_LARGE.en}`,
        )
      : damaged(name, e);
  });
  // Checked as it is, the zip is read by jszip alike; should jszip still fail, the file is damaged all the same.
  const zip = await JSZip.loadAsync(data).catch((e: Error) => {
    throw damaged(name, { zh: e.message, en: e.message });
  });
  // exceljs reads a zip with no workbook part as a workbook without sheets: say what the file is instead.
  if (!zip.file("xl/workbook.xml")) {
    const what = (await zipKind(zip).catch(() => undefined)) ?? {
      zh: "zip 压缩文件，其中没有 Excel 工作簿",
      en: "a zip file holding no Excel workbook",
    };
    throw new WorkbookError("notWorkbook", name, `${what.zh}：${SAVE_AS.zh} / ${what.en}: ${SAVE_AS.en}`);
  }
  // Before exceljs holds every cell: a workbook over the limit would end out of memory minutes later.
  const over = tooLarge(await sheetSizes(zip, inflate));
  if (over) throw new WorkbookError("tooLarge", name, over.message);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type is a narrowed ArrayBuffer; it reads any bytes jszip reads.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch (e) {
    const what = await zipKind(zip).catch(() => undefined);
    throw new WorkbookError(
      "notWorkbook",
      name,
      what ? `${what.zh}：${SAVE_AS.zh} / ${what.en}: ${SAVE_AS.en}` : (e as Error).message,
    );
  }
  const unloaded = await unloadedSheets(zip, workbook, inflate);
  if (unloaded.length > 0) {
    const list = unloaded.map((s) => `「${s}」`).join("、");
    throw damaged(name, {
      zh: `工作表${list}不在工作簿所记的位置，无法读取`,
      en: `its sheet${unloaded.length > 1 ? "s" : ""} ${unloaded.map((s) => `"${s}"`).join(", ")} cannot be read where the workbook says`,
    });
  }
  return { grids: workbook.worksheets.map(toGrid), workbook };
}

function damaged(name: string, why: { zh: string; en: string }): WorkbookError {
  return new WorkbookError(
    "damaged",
    name,
    `文件已损坏：${printable(why.zh)}。${DAMAGED.zh} / the file is damaged: ${printable(why.en)}; ${DAMAGED.en}`,
  );
}

/**
 * The worksheets workbook.xml lists that exceljs did not load. It finds a sheet by a path of its own making (`xl/`
 * and the target as written), where OPC resolves the target: a sheet it misses would vanish from the run unsaid,
 * its claims unpaid. Chart sheets, which exceljs does not model, are not worksheets.
 */
async function unloadedSheets(zip: JSZip, workbook: ExcelJS.Workbook, inflate: Inflate): Promise<string[]> {
  const pkg = Package.of(zip, inflate);
  const worksheets = new Set(
    (await pkg.rels("xl/workbook.xml")).filter((r) => r.type === "worksheet").map((r) => r.id),
  );
  const loaded = new Set(workbook.worksheets.map((w) => w.id));
  const unloaded: string[] = [];
  for (const m of (await pkg.text("xl/workbook.xml")).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (worksheets.has(a["r:id"]) && !loaded.has(Number(a.sheetId))) unloaded.push(a.name);
  }
  return unloaded;
}

/**
 * Each worksheet's rows, from the zip without loading it: the sheet's XML inflated as a stream, keeping none of it,
 * its `<row>` elements counted (issue 16 "Row counts from the data, not from what a file claims"). The
 * `<dimension ref="A1:L3"/>` at a sheet's head is not read: a file may make it say 3 rows over 250,000.
 * Anything unexpected gives no size, and exceljs then says what is wrong with the file.
 */
export async function sheetSizes(zip: JSZip, inflate: Inflate): Promise<SheetSize[]> {
  if (!zip.file("xl/workbook.xml")) return [];
  const sizes: SheetSize[] = [];
  for (const [sheet, part] of await sheetParts(Package.of(zip, inflate))) {
    const file = zip.file(part);
    if (file && !file.dir) sizes.push({ sheet, rows: await rowsOf(file) });
  }
  return sizes;
}

const ROW = /<(?:\w+:)?row\b([^>]*)>/g;

/**
 * A worksheet's last row (1-based), as the rows it holds place it: the last `<row>`'s `r` (one past the row
 * before where it has none), and never fewer than the `<row>` elements there are, whatever their `r` says.
 */
function rowsOf(file: JSZip.JSZipObject): Promise<number> {
  const scan = new RowScan();
  // One character per byte (what the scan looks for is ASCII); as fast as Node's latin1, and in a browser too.
  const bytes = new TextDecoder("latin1");
  return new Promise((resolve, reject) => {
    // jszip's own stream, on every platform (its Node stream is Node's only).
    const stream = (file as unknown as { internalStream(type: "uint8array"): JSZip.JSZipStreamHelper<Uint8Array> })
      .internalStream("uint8array")
      .on("data", (chunk) => scan.add(bytes.decode(chunk)))
      .on("end", () => resolve(scan.rows))
      .on("error", reject);
    stream.resume();
  });
}

/**
 * Reads a worksheet's XML a chunk at a time, as latin1: the markup searched for is ASCII, and no byte
 * of a UTF-8 character is "<". Keeps only what may be the start of a tag cut off at a chunk's end.
 */
class RowScan {
  private last = 0;
  private count = 0;
  private row = 0;
  private text = "";

  get rows(): number {
    return Math.max(this.last, this.count);
  }

  add(chunk: string): void {
    this.text += chunk;
    const open = this.text.lastIndexOf("<");
    for (const m of (open < 0 ? this.text : this.text.slice(0, open)).matchAll(ROW)) {
      const r = /\sr\s*=\s*["'](\d+)["']/.exec(m[1]);
      this.row = r ? Number(r[1]) : this.row + 1;
      if (this.row > this.last) this.last = this.row;
      this.count++;
    }
    // What follows the last "<" may be a tag cut off: it waits for the next chunk.
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
