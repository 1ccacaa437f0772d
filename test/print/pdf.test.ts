/**
 * The demo's result and the template on paper, as another spreadsheet application prints them (issue 17, "Done
 * when"): LibreOffice converts each workbook to one PDF, and pdftotext reads it back page by page. A product sheet's
 * pages are found by its header, which the print titles repeat on each of them: a page that holds only columns cut
 * from another page has no header of its own and belongs to no sheet. Where LibreOffice or poppler is not installed
 * the tests are skipped, and a line says so (CI installs both: .ci/run).
 */
import { spawnSync } from "child_process";
import ExcelJS from "exceljs";
import fs from "fs";
import os from "os";
import path from "path";
import { main } from "../../src/cli/main";
import { displayWidth } from "../../src/report/format";
import { WRAP_WIDTH } from "../../src/report/print";

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, "..", "..");
const LEDGER = path.join(ROOT, "examples", "sample-ledger.xlsx");
const TEMPLATE = path.join(ROOT, "examples", "template.xlsx");
const TOOLS = ["soffice", "pdftotext"];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir !== "" && fs.existsSync(path.join(dir, tool)));
}

const missing = TOOLS.filter((t) => !onPath(t));
if (missing.length > 0) {
  console.log(
    `test/print/pdf.test.ts skipped: ${missing.join(", ")} not installed (apt-get install -y libreoffice-calc-nogui poppler-utils)`,
  );
}
const withTools = missing.length > 0 ? describe.skip : describe;

/** The workbook as LibreOffice prints it, a page a string (its own profile, so runs side by side do not share one). */
function pdfPages(xlsx: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdf-"));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lo-profile-"));
  const convert = spawnSync(
    "soffice",
    [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", dir, xlsx],
    { encoding: "utf8", timeout: 150_000 },
  );
  const pdf = path.join(dir, `${path.basename(xlsx, ".xlsx")}.pdf`);
  if (!fs.existsSync(pdf)) throw new Error(`LibreOffice did not convert ${xlsx}: ${convert.stderr}`);
  const text = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 });
  fs.rmSync(profile, { recursive: true, force: true });
  // pdftotext ends every page with a form feed.
  return text.stdout.split("\f").slice(0, -1);
}

const bare = (s: string) => s.replace(/\s+/g, "");
const text = (v: ExcelJS.CellValue) => (v === null || v === undefined ? "" : String(v));

interface Printed {
  sheet: string;
  header: string[];
}

withTools("on paper (LibreOffice)", () => {
  let sheets: Printed[];
  let record: [string, string][];
  let pages: string[];
  /** Per page, the product sheet whose whole header it holds (undefined: none). */
  let owner: (string | undefined)[];

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdf-demo-"));
    const first = path.join(dir, "first.xlsx");
    const out = path.join(dir, "result.xlsx");
    const quiet = { out: () => undefined, err: () => undefined, errIsTTY: false };
    expect(await main(["balance", LEDGER, "--out", first], quiet)).toBe(0);
    // The demo's result balanced again without moves between items: 变更 then lists every P4 row, each with its
    // long reason, beside the sheets of the first run.
    expect(await main(["balance", first, "--no-reallocate", "--out", out], quiet)).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    // 运行记录's first line names the sheets the product wrote.
    const runRecord = workbook.getWorksheet("运行记录")!;
    record = [];
    runRecord.eachRow((row, r) => {
      if (r > 1) record.push([text(row.getCell(1).value), text(row.getCell(2).value)]);
    });
    sheets = record[0][1].split("、").map((sheet) => {
      const ws = workbook.getWorksheet(sheet)!;
      // The last print title row is the header.
      const headerRow = Number(ws.pageSetup.printTitlesRow!.split(":")[1]);
      const header = (ws.getRow(headerRow).values as ExcelJS.CellValue[]).map(text).filter((h) => h !== "");
      return { sheet, header };
    });
    pages = pdfPages(out);
    owner = pages.map((page) => {
      const holds = sheets.filter((s) => s.header.every((h) => bare(page).includes(bare(h))));
      // The most specific header wins (目标进度's 编号 is in no other's, 异常清单's eight columns…).
      return holds.sort((a, b) => bare(b.header.join()).length - bare(a.header.join()).length)[0]?.sheet;
    });
  });

  const pagesOf = (sheet: string) => owner.filter((o) => o === sheet).length;

  test("every product sheet prints one page wide: each of its pages holds its whole header, in the sheets' order", () => {
    expect(sheets.map((s) => s.sheet)).toEqual(
      expect.arrayContaining(["汇总", "公示名单", "异常清单", "目标进度", "累计已兑付", "运行记录", "变更"]),
    );
    // The product's sheets come after the clerk's; from the first of them on, no page is without a header.
    const first = owner.findIndex((o) => o !== undefined);
    const tail = owner.slice(first);
    expect(tail.filter((o) => o === undefined)).toEqual([]);
    // Each sheet's pages together, in the order the sheets stand.
    const runs = tail.filter((o, i) => i === 0 || o !== tail[i - 1]);
    expect(runs).toEqual(sheets.map((s) => s.sheet));
    // Every page numbered at its foot.
    for (const page of pages.slice(first)) expect(page).toMatch(/第 \d+ 页，共 \d+ 页/);
  });

  test("page counts: 汇总 and 运行记录 one page, 异常清单 of the demo at most 2, none more than its rows need", () => {
    const counts = Object.fromEntries(sheets.map((s) => [s.sheet, pagesOf(s.sheet)]));
    expect(counts).toMatchObject({ 汇总: 1, 运行记录: 1, 目标进度: 1 });
    expect(counts["异常清单"]).toBeLessThanOrEqual(2);
    expect(counts["公示名单"]).toBeLessThanOrEqual(2);
    // 20 changed rows, each reason wrapped on three lines or so.
    expect(counts["变更"]).toBeLessThanOrEqual(3);
    for (const n of Object.values(counts)) expect(n).toBeLessThanOrEqual(3);
  });

  test("运行记录 prints each label beside its value, on one line of the same page", () => {
    const page = pages[owner.indexOf("运行记录")];
    const lines = page.split("\n").map(bare);
    // A label and a value that each fit a line (a longer one wraps within its column, on the same page).
    const short = record.filter(([label, value]) => [label, value].every((s) => displayWidth(s) * 1.1 < WRAP_WIDTH));
    expect(short.length).toBeGreaterThan(10);
    for (const [label, value] of short) {
      expect([label, lines.some((line) => line.includes(bare(label) + bare(value)))]).toEqual([label, true]);
    }
  });
});

withTools("the template on paper (LibreOffice)", () => {
  let pages: string[];
  beforeAll(() => {
    pages = pdfPages(TEMPLATE);
  });

  test("prints on a modest number of pages, not hundreds of empty formula rows", () => {
    expect(pages.length).toBeLessThanOrEqual(40);
  });

  test("使用说明 prints whole: every line of it on its pages, none cut at the right edge", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(TEMPLATE);
    const guide = workbook.worksheets[0];
    expect(guide.name).toBe("使用说明");
    const lines: string[] = [];
    guide.eachRow((row) => row.eachCell((cell) => lines.push(text(cell.value))));
    const printedText = bare(pages.slice(0, guide.rowCount).join(""));
    // Wrapped within its column, a line's words follow one another in the text however it breaks.
    for (const line of lines.filter((l) => bare(l) !== "")) {
      expect([line, printedText.includes(bare(line))]).toEqual([line, true]);
    }
  });
});
