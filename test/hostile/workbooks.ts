/**
 * Hostile ledgers, written as a clerk's workbook would be (exceljs), for the corpus in hostile.test.ts: each
 * sheet is a list of rows under a header, with merges and odd cells where the case needs them.
 */
import { promises as fs } from "fs";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { creditCode, patentNo } from "../support/claims";

export type Cell = string | number | null;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Ranges such as `E3:E5` merged after the rows are written. */
  merges?: string[];
}

export async function writeBook(file: string, sheets: SheetSpec[]): Promise<void> {
  await fs.writeFile(file, await bookBytes(sheets));
}

/** The workbook's .xlsx bytes, for a case that takes its package apart (packages.ts). */
export async function bookBytes(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    for (const row of spec.rows) ws.addRow(row);
    for (const range of spec.merges ?? []) ws.mergeCells(range);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const P4_HEADER: Cell[] = [
  "序号",
  "申报单位",
  "统一社会信用代码",
  "单位性质",
  "融资金额（万元）",
  "质押登记号",
  "备案日期",
];
export const P2_HEADER: Cell[] = [
  "序号",
  "申报单位",
  "统一社会信用代码",
  "单位性质",
  "交易对方",
  "对方类型",
  "对方所在区县",
  "专利号",
  "专利类型",
  "转化方式",
  "登记日期",
];
export const P3_HEADER: Cell[] = [
  "序号",
  "申报单位",
  "统一社会信用代码",
  "单位性质",
  "产品备案号",
  "产品名称",
  "备案日期",
];
export const PAID_HEADER: Cell[] = ["奖补项目", "单位名称", "统一社会信用代码", "兑付金额（元）", "专利号/备案号"];

/** A P4 claim: enterprise n, financing in 万元. */
export function pledge(n: number, wan: Cell, extra: { name?: string; code?: string | null; id?: Cell } = {}): Cell[] {
  return [
    extra.id ?? n,
    extra.name ?? `重庆质押企业${n}有限公司`,
    extra.code === undefined ? creditCode(4000 + n) : extra.code,
    "小型",
    wan,
    `Y2024${String(n).padStart(6, "0")}`,
    "2024-06-01",
  ];
}

/** A P2 invention transfer to enterprise n from a research institute. */
export function transfer(n: number, serial: number, extra: { name?: string; code?: string | null } = {}): Cell[] {
  return [
    n,
    extra.name ?? `重庆受让企业${n}有限公司`,
    extra.code === undefined ? creditCode(2000 + n) : extra.code,
    "小型",
    "重庆某研究院",
    "科研院所",
    "沙坪坝区",
    patentNo("invention", serial),
    "发明",
    "转让",
    "2024-05-10",
  ];
}

export function filing(n: number, filingNo: string): Cell[] {
  return [n, `重庆备案企业${n}有限公司`, creditCode(3000 + n), "微型", filingNo, "智能门锁", "2024-04-01"];
}

/**
 * The workbook's named sheets given `rows` rows of one number each in their XML, under a `<dimension>` that claims
 * `claims` rows (as many as there are, when not given): a file whose header lies, or a sheet too large to write
 * with exceljs in a test's time. Written as raw XML, so a million rows take a second or two.
 */
export async function withRows(
  data: Buffer,
  sheets: Record<string, { rows: number; claims?: number }>,
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(data);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => m[1]);
  for (const [i, name] of names.entries()) {
    const spec = sheets[name];
    if (spec === undefined) continue;
    const file = `xl/worksheets/sheet${i + 1}.xml`;
    const xml = await zip.file(file)!.async("string");
    const rows: string[] = [];
    for (let r = 1; r <= spec.rows; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    zip.file(
      file,
      xml
        .replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:K${spec.claims ?? spec.rows}"/>`)
        .replace(/<sheetData>[\s\S]*<\/sheetData>|<sheetData\/>/, `<sheetData>${rows.join("")}</sheetData>`),
    );
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 1 } });
}

/**
 * An .xlsx with a password to open as Office writes a large one ([MS-CFB], 512-byte sectors): `size` bytes of
 * EncryptedPackage first, then the directory, its 8 entries over two sectors — EncryptionInfo and EncryptedPackage
 * in the second, past the first megabyte — the whole chained through a file allocation table.
 */
export function encryptedWorkbook(size: number): Buffer {
  const SECTOR = 512;
  const END = 0xfffffffe;
  const data = Math.ceil(size / SECTOR);
  const fat = Math.ceil((data + 2 + 64) / (SECTOR / 4));
  const dir = fat + data;
  const file = Buffer.alloc(SECTOR * (1 + dir + 2));
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(fat, 0x2c);
  file.writeUInt32LE(dir, 0x30);
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(END, 0x3c);
  file.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i < fat ? i : 0xffffffff, 0x4c + 4 * i);
  const at = (sector: number) => SECTOR * (sector + 1);
  const link = (sector: number, next: number) =>
    file.writeUInt32LE(next, at(Math.floor(sector / 128)) + 4 * (sector % 128));
  for (let s = 0; s < fat; s++) link(s, 0xfffffffd);
  for (let s = fat; s < dir; s++) link(s, s + 1 < dir ? s + 1 : END);
  link(dir, dir + 1);
  link(dir + 1, END);
  const entries: [string, number, number, number][] = [
    ["Root Entry", 5, END, 0],
    ["\u0006DataSpaces", 1, END, 0],
    ["Version", 2, END, 0],
    ["DataSpaceMap", 2, END, 0],
    ["EncryptionInfo", 2, END, 0],
    ["EncryptedPackage", 2, fat, size],
  ];
  entries.forEach(([name, type, start, length], i) => {
    const e = at(dir) + 128 * i;
    file.write(name, e, "utf16le");
    file.writeUInt16LE((name.length + 1) * 2, e + 0x40);
    file[e + 0x42] = type;
    file.writeUInt32LE(start, e + 0x74);
    file.writeUInt32LE(length, e + 0x78);
  });
  return file;
}
