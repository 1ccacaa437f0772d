/**
 * A workbook's zip checked whole before anything reads it (issue 16 item 2, "A damaged package is refused, never
 * read"). exceljs and jszip read a damaged zip as best they can — the later of two entries of one name, bytes that
 * fail their CRC, a directory whose sizes disagree with the data — and a clerk would be paid from what they made
 * of it. Here the zip's own records are checked against each other and every entry is inflated once, counted and
 * CRC-checked, keeping none of it: a damaged package is refused, and one that would inflate past what a run can
 * hold is refused before it is inflated, or as soon as it inflates past what it declared.
 *
 * Bytes in, a verdict out: the platform's inflater is passed in (node.ts: Node's zlib), so a browser page can
 * check a package the same way with its own.
 */
import { crc32 } from "./crc32";

/**
 * The platform's raw-deflate decoder: hands each piece of the output to `take` as it comes, and stops when `take`
 * throws (rejecting with what it threw). Holding no more than a piece at a time is what bounds memory by the
 * checks `take` makes, not by what the data would inflate to.
 */
export type Inflate = (compressed: Uint8Array, take: (piece: Uint8Array) => void) => Promise<void>;

/**
 * The platform's raw-deflate encoder for a part a result writes (node.ts: Node's zlib), taking the part a piece at a
 * time as it is made: a spliced sheet of hundreds of megabytes is never joined, nor held uncompressed until the
 * package is packed. `write` resolves when the encoder can take another piece (its pieces queue on another thread);
 * `end` gives the compressed bytes, with the size and CRC-32 of what was written (the platform's own CRC where it has
 * one: Node 20's zlib.crc32 is native, ~4× crc32.ts). `expected`, the part's size where known, sizes the output's
 * pieces: a package's many small parts are deflated at once.
 */
export type Deflate = (expected?: number) => Deflating;

export interface Deflating {
  write(piece: Uint8Array): Promise<void>;
  end(): Promise<{ compressed: Uint8Array; crc32: number; size: number }>;
}

export interface ZipLimits {
  /** The largest file the command reads as a workbook. */
  file: number;
  /** The largest one entry may inflate to, but a worksheet. */
  part: number;
  /** The largest a worksheet (`SHEET_PART`) may inflate to. */
  sheet: number;
  /** The most all entries together may inflate to. */
  total: number;
  entries: number;
}

const MB = 1024 * 1024;

/**
 * What a run can hold. A worksheet is read a piece at a time (cells.ts), its rows counted as they come, and written
 * a piece at a time, deflated as it is made (save.ts): it is held whole only as bytes, once, while its output columns
 * are spliced in. Its limit is then the row limit's (src/ledger/limits.ts: 1,000,000 rows, which refuses a larger
 * ledger with its own message): 1 GB is a million rows of ~1 KB of XML, wider than a 17-column ledger's ~750 B
 * (scripts/make-big-ledger.js) or a million-row result's widest sheet (445 MB). Any other part may be read whole as
 * one string (V8's longest is 512 MB): 256 MB. In all, 768 MB: a million-row ledger is 455 MB (one sheet of 17
 * columns ~750 MB), while a result of 600,000 rows is 768 MB (1,338 B a ledger row) — the largest result the
 * 256 MB a part refused before, and run again, results of 795,000 and 1,000,000 rows ran out of a 2 GB heap
 * (docs/PERFORMANCE.md, "each written part deflated as it is made"): the row limit counts the product's sheets apart and lets them through. The file
 * itself, read whole: 256 MB. A zip bomb (3 MB inflating to 3 GB) is past the limit of the part it
 * poses as; one spread over parts within their limits is still inflated a piece at a time, holding nothing, and its
 * rows are stopped at the row limit. 65,535 entries is what a zip holds without zip64.
 */
export const WORKBOOK_LIMITS: ZipLimits = {
  file: 256 * MB,
  part: 256 * MB,
  sheet: 1024 * MB,
  total: 768 * MB,
  entries: 65_535,
};

/** A worksheet where every writer puts one: the parts the limit `sheet` is for. */
export const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;

/**
 * Text from a package (an entry's name, a link's target) as it may be shown: control characters, which would work
 * on a terminal or make a cell's XML invalid, and direction controls, which would make it read as something else,
 * written as `\u001b`.
 */
export function printable(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A package refused: `damaged` (its records disagree, or its data fails them) or `tooLarge`; `zh`/`en` say why. */
export class PackageError extends Error {
  readonly zh: string;
  readonly en: string;

  constructor(
    readonly kind: "damaged" | "tooLarge",
    zh: string,
    en: string,
  ) {
    super(`${printable(zh)} / ${printable(en)}`);
    this.name = "PackageError";
    this.zh = printable(zh);
    this.en = printable(en);
  }
}

const damaged = (zh: string, en: string) => new PackageError("damaged", zh, en);

export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, locator: 0x07064b50 };
const SIG_DESCRIPTOR = 0x08074b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** One entry of the central directory, with what its local header says where the two must agree. */
interface Entry {
  name: string;
  rawName: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  /** Whether the directory gives zip64 fields for this entry (its data descriptor may then hold 8-byte sizes). */
  zip64: boolean;
  /** Where the entry's data starts and where the entry (data descriptor included) ends. */
  dataStart: number;
  end: number;
}

/**
 * Checks a zip package whole: its end record, its directory, every entry's local header, and every entry's data
 * (inflated with the sizes and CRC-32 it declares; XML parts for a DTD). Throws a PackageError; returns nothing.
 */
export async function verifyZip(data: Uint8Array, inflate: Inflate, limits: ZipLimits): Promise<void> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const { entries, start } = centralDirectory(data, view, limits);
  let total = 0;
  for (const e of entries) {
    if (SHEET_PART.test(e.name) && e.size > limits.sheet) {
      throw new PackageError(
        "tooLarge",
        `工作表部件 ${e.name} 解压后有 ${megabytes(e.size)}，一张工作表最多 ${megabytes(limits.sheet)}`,
        `its sheet ${e.name} inflates to ${megabytes(e.size)}, over the ${megabytes(limits.sheet)} a sheet may be`,
      );
    }
    if (!SHEET_PART.test(e.name) && e.size > limits.part) {
      throw new PackageError(
        "tooLarge",
        `部件 ${e.name} 解压后有 ${megabytes(e.size)}，一个部件最多 ${megabytes(limits.part)}`,
        `its part ${e.name} inflates to ${megabytes(e.size)}, over the ${megabytes(limits.part)} one part may be`,
      );
    }
    total += e.size;
  }
  if (total > limits.total) {
    throw new PackageError(
      "tooLarge",
      `解压后共 ${megabytes(total)}，一个工作簿最多 ${megabytes(limits.total)}`,
      `it inflates to ${megabytes(total)} in all, over the ${megabytes(limits.total)} a workbook may be`,
    );
  }
  for (const e of entries) localHeader(data, view, e);
  noOverlaps(entries, start);
  for (const e of entries) await checkData(data, e, inflate);
}

/** The end record (zip64's too, when the sizes need it) and the directory it points at, read strictly. */
function centralDirectory(data: Uint8Array, view: DataView, limits: ZipLimits): { entries: Entry[]; start: number } {
  const end = lastSignature(data, view, SIG.end);
  if (end < 0 || end + 22 > data.length) {
    throw damaged(
      "文件末尾的 zip 目录缺失（文件可能未复制或下载完整）",
      "the zip directory at its end is missing (was it copied or downloaded only in part?)",
    );
  }
  const commentLength = view.getUint16(end + 20, true);
  if (end + 22 + commentLength !== data.length) {
    throw damaged("zip 目录后还有多余的数据", "there is data after its zip directory");
  }
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  let disks = view.getUint16(end + 4, true) | view.getUint16(end + 6, true);
  let directoryEnd = end;
  if (count === MAX16 || size === MAX32 || offset === MAX32) {
    // jszip takes the last locator in the file: it must be the one just before the end record.
    const locator = lastSignature(data, view, SIG.locator);
    if (locator < 0 || locator !== end - 20) {
      throw damaged("zip64 目录定位记录缺失", "its zip64 directory locator is missing");
    }
    const at = safeNumber(view.getBigUint64(locator + 8, true));
    if (at + 56 > locator || view.getUint32(at, true) !== SIG.end64) {
      throw damaged("zip64 目录记录不在所记位置", "its zip64 end record is not where its locator says");
    }
    if (at + 12 + safeNumber(view.getBigUint64(at + 4, true)) !== locator) {
      throw damaged("zip64 目录记录的大小与文件不符", "its zip64 end record's size does not fit the file");
    }
    // Some writers give the count of disks as 0, others as 1: one file either way.
    disks = view.getUint32(at + 16, true) | view.getUint32(at + 20, true) | (view.getUint32(locator + 16, true) >>> 1);
    count = safeNumber(view.getBigUint64(at + 32, true));
    size = safeNumber(view.getBigUint64(at + 40, true));
    offset = safeNumber(view.getBigUint64(at + 48, true));
    directoryEnd = at;
  }
  if (disks !== 0) throw damaged("是分卷压缩文件的一部分", "it is one volume of a split archive");
  if (offset + size !== directoryEnd) {
    throw damaged("zip 目录的位置或大小与文件不符", "its zip directory's place or size does not fit the file");
  }
  if (count > limits.entries) {
    throw new PackageError(
      "tooLarge",
      `有 ${count} 个条目，一个工作簿最多 ${limits.entries} 个`,
      `it has ${count} entries, over the ${limits.entries} a workbook may have`,
    );
  }
  const entries: Entry[] = [];
  let p = offset;
  while (p < directoryEnd) {
    if (entries.length === count || p + 46 > directoryEnd || view.getUint32(p, true) !== SIG.central) {
      throw damaged("zip 目录的条目数与其记录不符", "its zip directory does not hold the entries it counts");
    }
    const [entry, next] = centralEntry(data, view, p, directoryEnd);
    entries.push(entry);
    p = next;
  }
  if (entries.length !== count) {
    throw damaged("zip 目录的条目数与其记录不符", "its zip directory does not hold the entries it counts");
  }
  noDuplicates(entries);
  return { entries, start: offset };
}

function centralEntry(data: Uint8Array, view: DataView, p: number, directoryEnd: number): [Entry, number] {
  const nameLength = view.getUint16(p + 28, true);
  const extraLength = view.getUint16(p + 30, true);
  const next = p + 46 + nameLength + extraLength + view.getUint16(p + 32, true);
  if (next > directoryEnd) throw damaged("zip 目录的条目超出目录", "an entry runs past its zip directory");
  const rawName = data.subarray(p + 46, p + 46 + nameLength);
  const extra = extraFields(view, p + 46 + nameLength, extraLength);
  const flags = view.getUint16(p + 8, true);
  const e: Entry = {
    name: entryName(data, view, rawName, flags, extra),
    rawName,
    flags,
    method: view.getUint16(p + 10, true),
    crc: view.getUint32(p + 16, true),
    compressedSize: view.getUint32(p + 20, true),
    size: view.getUint32(p + 24, true),
    offset: view.getUint32(p + 42, true),
    zip64: false,
    dataStart: 0,
    end: 0,
  };
  // APPNOTE 4.5.3: the zip64 field holds, in this order, only the values too large for their own field.
  const zip64 = extra.get(0x0001);
  if (zip64) {
    let at = zip64.start;
    const read64 = () => {
      if (at + 8 > zip64.start + zip64.length)
        throw damaged(`条目 ${e.name} 的 zip64 字段不全`, `${e.name}'s zip64 field is short`);
      const v = safeNumber(view.getBigUint64(at, true));
      at += 8;
      return v;
    };
    if (e.size === MAX32) e.size = read64();
    if (e.compressedSize === MAX32) e.compressedSize = read64();
    if (e.offset === MAX32) e.offset = read64();
    e.zip64 = true;
  } else if (e.size === MAX32 || e.compressedSize === MAX32 || e.offset === MAX32) {
    throw damaged(`条目 ${e.name} 缺少 zip64 字段`, `${e.name} lacks the zip64 field its sizes call for`);
  }
  if (flags & 0x41) throw damaged(`条目 ${e.name} 已加密`, `its entry ${e.name} is encrypted`);
  if (e.method !== 0 && e.method !== 8) {
    throw damaged(
      `条目 ${e.name} 的压缩方式（${e.method}）未知`,
      `its entry ${e.name} uses an unknown compression (${e.method})`,
    );
  }
  if (e.method === 0 && e.compressedSize !== e.size) {
    throw damaged(`未压缩的条目 ${e.name} 大小前后不一`, `its stored entry ${e.name} gives two sizes`);
  }
  // jszip takes an entry with the folder attribute for a folder, whatever its name, and exceljs never reads it.
  if (((view.getUint32(p + 38, true) & 0x10) !== 0 || e.name.endsWith("/")) && e.size > 0) {
    throw damaged(`文件夹条目 ${e.name} 含有数据`, `the folder entry ${e.name} holds data`);
  }
  if (!validName(e.name)) {
    throw damaged(
      `条目名「${e.name}」不是有效的部件名（含“..”、“\\”、“:”、控制字符或以“/”开头）`,
      `the entry name "${e.name}" is no valid part name (it holds "..", "\\", ":" or a control character, or starts with "/")`,
    );
  }
  return [e, next];
}

/** Extra fields by id, the last of an id winning, as jszip reads them. */
function extraFields(view: DataView, start: number, length: number) {
  const fields = new Map<number, { start: number; length: number }>();
  for (let at = start; at < start + length;) {
    if (at + 4 > start + length) throw damaged("条目的扩展字段不全", "an entry's extra field is short");
    const size = view.getUint16(at + 2, true);
    if (at + 4 + size > start + length)
      throw damaged("条目的扩展字段超出范围", "an entry's extra field runs past its end");
    fields.set(view.getUint16(at, true), { start: at + 4, length: size });
    at += 4 + size;
  }
  return fields;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * An entry's name as jszip reads it: UTF-8, or the Info-ZIP Unicode path field when the name is flagged as
 * neither and the field is current. A name that is not UTF-8 cannot be told apart from another: refused.
 */
function entryName(
  data: Uint8Array,
  view: DataView,
  raw: Uint8Array,
  flags: number,
  extra: Map<number, { start: number; length: number }>,
): string {
  const unicode = extra.get(0x7075);
  let bytes = raw;
  if (!(flags & 0x800) && unicode && unicode.length >= 5) {
    if (data[unicode.start] === 1 && view.getUint32(unicode.start + 1, true) === crc32(raw)) {
      bytes = data.subarray(unicode.start + 5, unicode.start + unicode.length);
    }
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw damaged("有条目名不是 UTF-8 编码", "an entry's name is not UTF-8");
  }
}

/**
 * A part name as OPC allows and any reader takes as meant: no `\`, no `:` (a drive letter), no control
 * character, no empty, `.` or `..` segment, no leading `/` (a folder's entry ends with one `/`).
 */
function validName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is looked for
  if (/[\u0000-\u001f\u007f\\:]/.test(name) || name.startsWith("/")) return false;
  const segments = name.split("/");
  return segments.every((s, i) => (s !== "" || (i > 0 && i === segments.length - 1)) && s !== "." && s !== "..");
}

/**
 * How exceljs 4.4 picks the parts it reads (xlsx.js `load`): by a pattern found anywhere in an entry's name, and
 * many by the pattern's number or file name alone, so that `old/xl/media/image1.png` is the same picture to it as
 * `xl/media/image1.png`, and `xl/comments1.xml.bak` the same notes as `xl/comments1.xml`.
 */
const EXCELJS_PARTS = [
  /xl\/worksheets\/sheet\d+[.]xml/,
  /xl\/worksheets\/_rels\/sheet\d+[.]xml.rels/,
  /xl\/theme\/[a-zA-Z0-9]+[.]xml/,
  /xl\/media\/[a-zA-Z0-9]+[.][a-zA-Z0-9]{3,4}$/,
  /xl\/drawings\/[a-zA-Z0-9]+[.]xml/,
  /xl\/comments\d+[.]xml/,
  /xl\/tables\/table\d+[.]xml/,
  /xl\/drawings\/_rels\/[a-zA-Z0-9]+[.]xml[.]rels/,
  /xl\/drawings\/vmlDrawing\d+[.]vml/,
];

/**
 * Two entries a reader could take for one part: the same name, names that differ only in case (OPC part names
 * are case-insensitive, and Excel reads them so), or two names exceljs reads as one part. Whichever a reader
 * took, the other would be unseen.
 */
function noDuplicates(entries: readonly Entry[]): void {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const key = (EXCELJS_PARTS.map((p) => p.exec(e.name)?.[0]).find(Boolean) ?? e.name).toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) {
      throw damaged(
        other === e.name ? `有两个条目同名：${e.name}` : `两个条目会被读作同一部件：${other}、${e.name}`,
        other === e.name
          ? `two entries are named ${e.name}`
          : `two entries would be read as one part: ${other}, ${e.name}`,
      );
    }
    seen.set(key, e.name);
  }
}

/** An entry's local header agrees with the directory: name, flags, method and, where it gives them, CRC and sizes. */
function localHeader(data: Uint8Array, view: DataView, e: Entry): void {
  const p = e.offset;
  const differs = (zh: string, en: string) =>
    damaged(
      `条目 ${e.name} 的本地文件头与目录不符（${zh}）`,
      `the local header of ${e.name} disagrees with the directory (${en})`,
    );
  if (p + 30 > data.length || view.getUint32(p, true) !== SIG.local) throw differs("找不到文件头", "no header there");
  const nameLength = view.getUint16(p + 26, true);
  const name = data.subarray(p + 30, p + 30 + nameLength);
  if (name.length !== e.rawName.length || name.some((b, i) => b !== e.rawName[i])) throw differs("文件名", "name");
  if (((view.getUint16(p + 6, true) ^ e.flags) & 0x0849) !== 0) throw differs("标志", "flags");
  if (view.getUint16(p + 8, true) !== e.method) throw differs("压缩方式", "compression");
  const extraLength = view.getUint16(p + 28, true);
  e.dataStart = p + 30 + nameLength + extraLength;
  if (e.dataStart > data.length) throw differs("文件头超出文件末尾", "header runs past the end of the file");
  // A header too may give its sizes in a zip64 field, each as 0xFFFFFFFF in its own place.
  const zip64 = extraFields(view, p + 30 + nameLength, extraLength).get(0x0001);
  let at = zip64?.start ?? 0;
  const sizeAt = (offset: number) => {
    const v = view.getUint32(p + offset, true);
    if (v !== MAX32 || !zip64 || at + 8 > zip64.start + zip64.length) return v;
    at += 8;
    return safeNumber(view.getBigUint64(at - 8, true));
  };
  // With a data descriptor (flag 3) the header may leave CRC and sizes 0, giving them after the data.
  const deferred = (e.flags & 0x08) !== 0;
  const agrees = (v: number, value: number) => v === value || (deferred && v === 0);
  if (!agrees(view.getUint32(p + 14, true), e.crc)) throw differs("CRC-32", "CRC-32");
  // The zip64 field gives the size first, then the compressed size.
  const [size, compressed] = [sizeAt(22), sizeAt(18)];
  if (!agrees(compressed, e.compressedSize)) throw differs("压缩后大小", "compressed size");
  if (!agrees(size, e.size)) throw differs("原始大小", "size");
  e.end = e.dataStart + e.compressedSize;
  if (deferred) e.end = descriptorEnd(data, view, e, e.zip64 || zip64 !== undefined, differs);
  if (e.end > data.length) throw differs("数据超出文件末尾", "data runs past the end of the file");
}

/** Where a data descriptor ends, once it is found to give the directory's CRC and sizes (with or without its signature). */
function descriptorEnd(
  data: Uint8Array,
  view: DataView,
  e: Entry,
  wide: boolean,
  differs: (zh: string, en: string) => Error,
): number {
  const at = e.dataStart + e.compressedSize;
  const start = at + 4 <= data.length && view.getUint32(at, true) === SIG_DESCRIPTOR ? at + 4 : at;
  for (const width of wide ? [8, 4] : [4]) {
    if (start + 4 + 2 * width > data.length) continue;
    const size = (o: number) => (width === 8 ? safeNumber(view.getBigUint64(o, true)) : view.getUint32(o, true));
    if (
      view.getUint32(start, true) === e.crc &&
      size(start + 4) === e.compressedSize &&
      size(start + 4 + width) === e.size
    ) {
      return start + 4 + 2 * width;
    }
  }
  throw differs("数据描述符", "data descriptor");
}

/**
 * Entries whose bytes overlap would be one data read as two (the overlapping zip bomb); an entry running into the
 * directory would be the directory read as data.
 */
function noOverlaps(entries: readonly Entry[], directory: number): void {
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].offset < sorted[i - 1].end) {
      throw damaged(
        `条目 ${sorted[i - 1].name} 与 ${sorted[i].name} 的数据重叠`,
        `the data of ${sorted[i - 1].name} and ${sorted[i].name} overlap`,
      );
    }
  }
  const last = sorted[sorted.length - 1];
  if (last && last.end > directory) {
    throw damaged(`条目 ${last.name} 的数据伸入 zip 目录`, `the data of ${last.name} runs into the zip directory`);
  }
}

/** XML parts, which a DTD could ride in: those a reader parses as XML, by name (pictures included: SVG). */
const XML_PART = /\.(xml|rels|vml|svg)$/i;

/** An entry inflated as a stream, never held: counted against its declared size, its CRC-32 checked, its prolog read. */
async function checkData(data: Uint8Array, e: Entry, inflate: Inflate): Promise<void> {
  const compressed = data.subarray(e.dataStart, e.dataStart + e.compressedSize);
  const prolog = XML_PART.test(e.name) ? new PrologScan() : undefined;
  let size = 0;
  let crc = 0;
  const take = (piece: Uint8Array) => {
    size += piece.length;
    if (size > e.size) {
      throw damaged(
        `条目 ${e.name} 解压后超过其记录的大小（${e.size} 字节）`,
        `its entry ${e.name} inflates to more than the ${e.size} bytes it declares`,
      );
    }
    crc = crc32(piece, crc);
    prolog?.add(piece);
  };
  if (e.method === 0) take(compressed);
  else if (e.compressedSize > 0 || e.size > 0) {
    await inflate(compressed, take).catch((err: unknown) => {
      if (err instanceof PackageError) throw err;
      throw damaged(
        `条目 ${e.name} 的压缩数据无法解开（${(err as Error).message}）`,
        `its entry ${e.name} cannot be inflated (${(err as Error).message})`,
      );
    });
  }
  if (size !== e.size) {
    throw damaged(
      `条目 ${e.name} 解压后为 ${size} 字节，与记录的 ${e.size} 字节不符`,
      `its entry ${e.name} inflates to ${size} bytes, not the ${e.size} it declares`,
    );
  }
  if (crc !== e.crc) {
    throw damaged(
      `条目 ${e.name} 的校验值（CRC-32）不符：内容已被改动或损坏`,
      `the checksum (CRC-32) of ${e.name} does not match: its content was altered or damaged`,
    );
  }
  if (prolog?.dtd()) {
    throw damaged(
      `部件 ${e.name} 含有 DTD 声明（<!DOCTYPE>），Excel 工作簿中不会有此内容`,
      `its part ${e.name} declares a DTD (<!DOCTYPE>), which no Excel workbook holds`,
    );
  }
}

/** How much of an XML part is read for its prolog: a DOCTYPE stands before the root element or nowhere. */
const PROLOG_BYTES = 64 * 1024;

/** The head of an XML part, kept up to PROLOG_BYTES, to tell whether its prolog declares a DTD. */
class PrologScan {
  private head = new Uint8Array(0);

  add(piece: Uint8Array): void {
    if (this.head.length >= PROLOG_BYTES) return;
    const room = Math.min(PROLOG_BYTES - this.head.length, piece.length);
    const head = new Uint8Array(this.head.length + room);
    head.set(this.head);
    head.set(piece.subarray(0, room), this.head.length);
    this.head = head;
  }

  /** A prolog still open after PROLOG_BYTES (whitespace or comments without end) is taken to hide one. */
  dtd(): boolean {
    return prologDtd(this.head) ?? this.head.length >= PROLOG_BYTES;
  }
}

/**
 * Whether XML declares a DTD (`<!DOCTYPE …>`, which can bring entities from outside the file): read in its prolog,
 * in UTF-8 or UTF-16 by its byte-order mark or first bytes. Undefined while `head` ends before the root element.
 */
export function prologDtd(head: Uint8Array): boolean | undefined {
  const utf16 =
    (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0x3c && head[1] === 0)
      ? "utf-16le"
      : (head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0 && head[1] === 0x3c)
        ? "utf-16be"
        : "utf-8";
  const s = new TextDecoder(utf16).decode(head);
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < s.length && " \t\r\n".includes(s[i])) i++;
    if (i >= s.length) return undefined;
    const close = s.startsWith("<?", i) ? "?>" : s.startsWith("<!--", i) ? "-->" : undefined;
    if (close) {
      const at = s.indexOf(close, i + 2);
      if (at < 0) return undefined;
      i = at + close.length;
      continue;
    }
    const next = s.slice(i, i + 9).toUpperCase();
    if (next.length < 9 && "<!DOCTYPE".startsWith(next)) return undefined;
    return next === "<!DOCTYPE";
  }
}

/** The last place of a 4-byte signature in the file: where jszip looks for the end records too. */
function lastSignature(data: Uint8Array, view: DataView, signature: number): number {
  for (let at = data.length - 4; at >= 0; at--) {
    at = data.lastIndexOf(signature & 0xff, at);
    if (at < 0 || view.getUint32(at, true) === signature) return at;
  }
  return -1;
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged("zip64 字段的数值过大", "a zip64 field is too large");
  return Number(v);
}
