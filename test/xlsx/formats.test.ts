/** Files that are not .xlsx: told by their content (never their name), each with what it is and what to do. */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readWorkbook, WorkbookError } from "../../src/xlsx";
import { run } from "../cli/run";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");
const SAVE_AS_ZH = "请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）后再运行";
const SAVE_AS_EN = "save it as .xlsx (Excel workbook) in Excel or WPS, then run again";
const PASSWORD_ZH =
  "工作簿有打开密码：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空）后另存为 .xlsx";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-formats-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * A minimal OLE2 compound file: the signature, a header (512-byte sectors, the directory in sector `dirSector`)
 * and that directory sector holding the named entries (UTF-16LE names, 128-byte entries), zeros elsewhere.
 */
function compoundFile(streams: string[], dirSector = 0): Buffer {
  const data = Buffer.alloc(512 * (dirSector + 2));
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(data, 0);
  data.writeUInt16LE(0x3e, 0x18); // minor version
  data.writeUInt16LE(3, 0x1a); // major version 3
  data.writeUInt16LE(0xfffe, 0x1c); // little-endian
  data.writeUInt16LE(9, 0x1e); // 2^9 = 512-byte sectors
  data.writeUInt16LE(6, 0x20); // 64-byte mini sectors
  data.writeUInt32LE(dirSector, 0x30);
  ["Root Entry", ...streams].forEach((name, i) => {
    const at = 512 * (dirSector + 1) + 128 * i;
    data.write(name, at, "utf16le");
    data.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    data[at + 0x42] = i === 0 ? 5 : 2;
  });
  return data;
}

async function failure(input: Buffer, name: string): Promise<WorkbookError> {
  const error = await readWorkbook(input, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbookError);
  return error as WorkbookError;
}

describe("old binary formats (OLE2 compound files)", () => {
  test(".xls (Excel 97-2003): save it as .xlsx", async () => {
    const e = await failure(compoundFile(["Workbook", "\u0005SummaryInformation"]), "台账.xls");
    expect(e.kind).toBe("oldFormat");
    expect(e.message).toContain("台账.xls: 旧版 Excel 97-2003 工作簿（.xls）");
    expect(e.message).toContain(SAVE_AS_ZH);
    expect(e.message).toContain(SAVE_AS_EN);
    expect(e.message).not.toMatch(/central directory/i);
  });

  test("the content decides: an old workbook named .xlsx is still an old workbook", async () => {
    const e = await failure(compoundFile(["Workbook"]), "ledger.xlsx");
    expect(e.kind).toBe("oldFormat");
    expect(e.message).toContain("an Excel 97-2003 workbook (.xls), not an .xlsx workbook");
  });

  test(".et (WPS spreadsheet): save it as .xlsx", async () => {
    const e = await failure(compoundFile(["Workbook", "ETExtData"]), "台账.et");
    expect(e.kind).toBe("oldFormat");
    expect(e.message).toContain("WPS 表格文件（.et）");
    expect(e.message).toContain("a WPS spreadsheet (.et)");
    expect(e.message).toContain(SAVE_AS_ZH);
  });

  test("a compound file whose streams tell nothing is still named as an old Office file", async () => {
    const e = await failure(compoundFile([]), "ledger.bin");
    expect(e.kind).toBe("oldFormat");
    expect(e.message).toContain("Office 97-2003");
    expect(e.message).toContain(SAVE_AS_EN);
  });

  test("an .xlsx with a password to open (EncryptionInfo, EncryptedPackage): remove the password", async () => {
    const streams = ["\u0006DataSpaces", "EncryptionInfo", "EncryptedPackage"];
    const e = await failure(compoundFile(streams), "加密台账.xlsx");
    expect(e.kind).toBe("encrypted");
    expect(e.message).toContain(`加密台账.xlsx: ${PASSWORD_ZH}`);
    expect(e.message).toContain("Encrypt with Password");
    expect(e.message).not.toContain("Excel 97-2003");
  });

  test("the directory sector the header names is looked in, also past the first MB", async () => {
    const far = compoundFile(["EncryptionInfo", "EncryptedPackage"], 3000);
    expect(far.length).toBeGreaterThan(1 << 20);
    expect((await failure(far, "big.xlsx")).kind).toBe("encrypted");
  });

  test("the command: exit 2 and the message, no zip text", async () => {
    const xls = path.join(dir, "old.xls");
    await fs.writeFile(xls, compoundFile(["Workbook"]));
    const old = await run("balance", xls);
    expect(old.code).toBe(2);
    expect(old.err).toContain(SAVE_AS_ZH);
    expect(old.err).not.toMatch(/central directory|\n\s+at /);

    const locked = path.join(dir, "locked.xlsx");
    await fs.writeFile(locked, compoundFile(["EncryptionInfo", "EncryptedPackage"]));
    const r = await run("balance", locked);
    expect(r.code).toBe(2);
    expect(r.err).toContain(PASSWORD_ZH);
    // The same for the other workbooks a run reads.
    const prior = await run("balance", SAMPLE, "--prior", locked);
    expect(prior.code).toBe(2);
    expect(prior.err).toContain(PASSWORD_ZH);
  });
});

describe("a real .xlsx under another name is read", () => {
  test("named .xls or .et, it is read as the workbook it is", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("台账").addRow(["序号", "申报单位"]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    for (const name of ["ledger.xls", "ledger.et", "ledger.csv"]) {
      const file = path.join(dir, name);
      await fs.writeFile(file, buffer);
      const { grids } = await readWorkbook(buffer, file);
      expect(grids[0].cells[0]).toEqual(["序号", "申报单位"]);
    }
  });

  test("the sample ledger copied to .xls balances (exit 0)", async () => {
    const xls = path.join(dir, "sample.xls");
    await fs.copyFile(SAMPLE, xls);
    const r = await run("balance", xls);
    expect(r.code).toBe(0);
  });
});

describe("text and other files", () => {
  test("CSV text (UTF-8, with or without BOM, or GBK): a text file, save it as .xlsx", async () => {
    const csv = "序号,申报单位,金额\n1,重庆甲科技有限公司,10000\n";
    const gbkLike = Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0x31, 0x0a]); // "序号,1" in GBK
    for (const bytes of [
      Buffer.from(csv),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
      gbkLike,
    ]) {
      const e = await failure(bytes, "台账.csv");
      expect(e.kind).toBe("notWorkbook");
      expect(e.message).toContain("不是 Excel 工作簿 / not an .xlsx workbook");
      expect(e.message).toContain("文本文件（如 CSV）");
      expect(e.message).toContain("a text file (such as CSV)");
      expect(e.message).toContain(SAVE_AS_ZH);
      expect(e.message).toContain(SAVE_AS_EN);
      expect(e.message).not.toMatch(/central directory/i);
    }
  });

  test("a web page or an XML spreadsheet saved as .xls, as systems export them", async () => {
    const html = await failure(Buffer.from("<html><body><table><tr><td>序号</td></tr></table></body></html>"), "a.xls");
    expect(html.kind).toBe("notWorkbook");
    expect(html.message).toContain("网页（HTML）");
    expect(html.message).toContain(SAVE_AS_ZH);
    const xml = await failure(
      Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'),
      "b.xls",
    );
    expect(xml.message).toContain("XML Spreadsheet 2003");
    expect(xml.message).toContain(SAVE_AS_EN);
  });

  test("an empty file, and binary content that is nothing known", async () => {
    const empty = await failure(Buffer.alloc(0), "empty.xlsx");
    expect(empty.kind).toBe("notWorkbook");
    expect(empty.message).toContain("空文件");
    const binary = await failure(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 0xff, 0]), "scan.xlsx");
    expect(binary.kind).toBe("notWorkbook");
    expect(binary.message).toContain("not recognised");
    expect(binary.message).not.toMatch(/central directory/i);
  });

  test("a damaged zip says so; an .ods says what it is", async () => {
    const whole = await fs.readFile(SAMPLE);
    const cut = await failure(whole.subarray(0, 2000), "cut.xlsx");
    expect(cut.kind).toBe("damaged");
    expect(cut.message).toContain("文件已损坏：文件末尾的 zip 目录缺失（文件可能未复制或下载完整）");
    expect(cut.message).toContain("the file is damaged");

    const ods = new JSZip();
    ods.file("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
    ods.file("content.xml", "<office:document-content/>");
    const e = await failure(await ods.generateAsync({ type: "nodebuffer" }), "台账.ods");
    expect(e.kind).toBe("notWorkbook");
    expect(e.message).toContain("OpenDocument");
    expect(e.message).toContain(SAVE_AS_ZH);

    const other = new JSZip();
    other.file("readme.txt", "不是工作簿");
    const zip = await failure(await other.generateAsync({ type: "nodebuffer" }), "ledger.xlsx");
    expect(zip.kind).toBe("notWorkbook");
    expect(zip.message).toContain("a zip file holding no Excel workbook");
  });

  test("the command: a text file is exit 2 with what to do", async () => {
    const csv = path.join(dir, "ledger.csv");
    await fs.writeFile(csv, "序号,申报单位\n1,重庆甲科技有限公司\n");
    const r = await run("balance", csv);
    expect(r.code).toBe(2);
    expect(r.err).toContain("not an .xlsx workbook");
    expect(r.err).toContain(SAVE_AS_ZH);
    expect(r.err).toContain(SAVE_AS_EN);
  });
});
