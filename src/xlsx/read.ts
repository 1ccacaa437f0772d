/**
 * .xlsx → Grid: what each cell shows, as the ledger reader wants it (cells.ts reads them). Rich text becomes its
 * plain text, a formula its cached result, a hyperlink its text, a date a `Date`. Whatever is not a workbook, or is
 * a damaged or too large one, is refused here, saying what it is and what to do.
 */
import JSZip from "jszip";
import type { Grid } from "../ledger";
import { PANE_LIMIT, tooLarge, type RowLimit } from "../ledger/limits";
import { cfbEntryNames } from "./cfb";
import { readCells, UnreadablePart, workbookParts } from "./cells";
import { Package } from "./package";
import { PackageError, printable, verifyZip, WORKBOOK_LIMITS, type Inflate } from "./zip";

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
 * Why a zip with no workbook part is not an .xlsx, when its parts tell: an OpenDocument spreadsheet (.ods, as
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
  /** Each grid's sheet, by its name, → its worksheet part. */
  parts: Map<string, string>;
}

/**
 * A workbook's bytes (the command reads them with src/cli/input.ts, the offline page from the file chosen) → its
 * worksheets as grids, read from the package (cells.ts). `inflate` is the platform's (node.ts, or the page's);
 * `limit` the rows its host holds (src/ledger/limits.ts: the command's, or a browser page's).
 */
export async function readWorkbook(
  data: Uint8Array,
  name: string,
  inflate: Inflate,
  limit: RowLimit = PANE_LIMIT,
): Promise<ReadWorkbook> {
  // Not a zip: say what the file is, and what to do, from its bytes.
  if (data[0] !== 0x50 || data[1] !== 0x4b) throw notXlsx(data, name);
  // Before jszip reads a byte of it: it would read a damaged package as best it can.
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
  if (!zip.file("xl/workbook.xml")) {
    const what = (await zipKind(zip).catch(() => undefined)) ?? {
      zh: "zip 压缩文件，其中没有 Excel 工作簿",
      en: "a zip file holding no Excel workbook",
    };
    throw new WorkbookError("notWorkbook", name, `${what.zh}：${SAVE_AS.zh} / ${what.en}: ${SAVE_AS.en}`);
  }
  const pkg = Package.of(zip, inflate);
  const unreadable = (e: unknown) => {
    throw unreadableError(name, e);
  };
  const book = await workbookParts(pkg).catch(unreadable);
  // Rows are counted as they are read: past the limit no more cells are held, and the workbook is refused.
  const read = await readCells(pkg, book, (sizes) => !tooLarge(sizes, undefined, limit)).catch(unreadable);
  const over = tooLarge(read.sizes, undefined, limit);
  if (over) throw new WorkbookError("tooLarge", name, over.message);
  // A sheet whose part is not where workbook.xml says would vanish from the run unsaid, its claims unpaid.
  if (book.missing.length > 0) {
    const list = book.missing.map((s) => `「${s}」`).join("、");
    throw damaged(name, {
      zh: `工作表${list}不在工作簿所记的位置，无法读取`,
      en: `its sheet${book.missing.length > 1 ? "s" : ""} ${book.missing.map((s) => `"${s}"`).join(", ")} cannot be read where the workbook says`,
    });
  }
  return { grids: read.grids, parts: new Map(book.sheets.map((s) => [s.name, s.part])) };
}

/** A part of the file `name` that cannot be read or edited (UnreadablePart) as the file refused; anything else as it is. */
export function unreadableError(name: string, e: unknown): unknown {
  if (!(e instanceof UnreadablePart)) return e;
  const where =
    e.sheet === undefined ? { zh: e.part, en: e.part } : { zh: `工作表「${e.sheet}」`, en: `its sheet "${e.sheet}"` };
  return damaged(name, { zh: `${where.zh}无法读取（${e.message}）`, en: `${where.en} cannot be read (${e.message})` });
}

function damaged(name: string, why: { zh: string; en: string }): WorkbookError {
  return new WorkbookError(
    "damaged",
    name,
    `文件已损坏：${printable(why.zh)}。${DAMAGED.zh} / the file is damaged: ${printable(why.en)}; ${DAMAGED.en}`,
  );
}
