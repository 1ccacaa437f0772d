/**
 * Issue 8 item 3, "Outputs never replace inputs": an output named by any path that leads to an input
 * (or to the other output) is refused with exit 2 and every input is left byte for byte as it was; a
 * --prior file that is this batch's own result is refused; payouts given twice are counted once.
 */
import { createHash } from "crypto";
import { promises as fs, readFileSync } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { run } from "./run";

const SAMPLE = path.join(__dirname, "..", "..", "examples", "sample-ledger.xlsx");

let dir: string;
let ledger: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-paths-"));
  ledger = path.join(dir, "ledger.xlsx");
  await fs.copyFile(SAMPLE, ledger);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

const exists = (file: string) =>
  fs.lstat(file).then(
    () => true,
    () => false,
  );

/** Runs the command, expects exit 2 with a message naming `option`, and every file in `inputs` unchanged. */
async function refused(argv: string[], option: string, inputs: string[]): Promise<string> {
  const before = inputs.map(sha256);
  const r = await run("balance", ...argv);
  expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: "" });
  expect(r.err).toContain(option);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(inputs.map(sha256)).toEqual(before);
  return r.err;
}

describe("an output that is an input, by whatever path, is refused (exit 2)", () => {
  test("--out through a symlink to the ledger: the ledger and the link are left as they were", async () => {
    const link = path.join(dir, "link-to-ledger.xlsx");
    await fs.symlink(ledger, link);
    const err = await refused([ledger, "--out", link], "--out", [ledger]);
    expect(err).toContain("与输入台账是同一个文件");
    expect(err).toContain("is the same file as the ledger");
    expect(err).toContain(link);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
  });

  test("--out a hard link of the ledger", async () => {
    const hard = path.join(dir, "hard-link.xlsx");
    await fs.link(ledger, hard);
    const err = await refused([ledger, "--out", hard], "--out", [ledger]);
    expect(err).toContain("an output never replaces an input");
    expect((await fs.stat(hard)).nlink).toBe(2);
  });

  test("--out dir/../ledger.xlsx, also where dir is a symlink and .. leads elsewhere than the text says", async () => {
    await fs.mkdir(path.join(dir, "sub"));
    const err = await refused([ledger, "--out", `${dir}/sub/../ledger.xlsx`], "--out", [ledger]);
    expect(err).toContain("sub/../ledger.xlsx");

    // hop → deep/inner, so hop/../ledger.xlsx is deep/ledger.xlsx, though it reads as dir/ledger.xlsx.
    const deep = path.join(dir, "deep");
    await fs.mkdir(path.join(deep, "inner"), { recursive: true });
    const deepLedger = path.join(deep, "ledger.xlsx");
    await fs.copyFile(SAMPLE, deepLedger);
    await fs.symlink(path.join(deep, "inner"), path.join(dir, "hop"));
    await refused([deepLedger, "--out", `${dir}/hop/../ledger.xlsx`], "--out", [deepLedger, ledger]);
  });

  test("--out the ledger named as it was given (was exit 1 before the check looked at files)", async () => {
    await refused([ledger, "--out", ledger], "--out", [ledger]);
  });

  test("--json the ledger, directly and through a symlink", async () => {
    const err = await refused([ledger, "--json", ledger], "--json", [ledger]);
    expect(err).toContain("is the same file as the ledger");
    const link = path.join(dir, "ledger-as-json.json");
    await fs.symlink(ledger, link);
    await refused([ledger, "--json", link], "--json", [ledger]);
  });

  test("--out the --prior file, and --json a symlink to it: the record of earlier payouts is kept", async () => {
    const prior = path.join(dir, "paid-before.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("已兑付").addRows([
      ["奖补项目", "单位名称", "兑付金额（元）"],
      ["P3", "重庆某科技有限公司", 10000],
    ]);
    await wb.xlsx.writeFile(prior);
    const err = await refused([ledger, "--prior", prior, "--out", prior], "--out", [ledger, prior]);
    expect(err).toContain("与 --prior 文件是同一个文件");
    expect(err).toContain("is the same file as the --prior file");
    const link = path.join(dir, "prior-link.json");
    await fs.symlink(prior, link);
    await refused([ledger, "--prior", prior, "--json", link], "--json", [ledger, prior]);
  });

  test("--out a --policy file", async () => {
    const policy = path.join(dir, "policy.json");
    await fs.copyFile(path.join(__dirname, "..", "..", "src", "policy", "yubei-2024-12.json"), policy);
    await refused([ledger, "--policy", policy, "--out", policy], "--policy", [ledger, policy]);
  });

  test("--json the same file as --out: neither is written", async () => {
    const result = path.join(dir, "r.xlsx");
    const err = await refused([ledger, "--out", result, "--json", result], "--json", [ledger]);
    expect(err).toContain("--out");
    expect(err).toContain("one output would replace the other");
    expect(await exists(result)).toBe(false);

    // Names that differ only in case are one file on a case-insensitive file system: refused before either exists.
    const upper = path.join(dir, "Result.xlsx");
    await refused([ledger, "--out", upper, "--json", path.join(dir, "result.XLSX")], "--json", [ledger]);
    expect(await exists(upper)).toBe(false);

    // The same through another path to the folder, to an existing result.
    expect((await run("balance", ledger, "--out", result)).code).toBe(0);
    const written = sha256(result);
    await refused([ledger, "--out", result, "--json", `${dir}/sub/../r.xlsx`], "--json", [ledger, result]);
    expect(sha256(result)).toBe(written);
  });

  test("outputs elsewhere are still written", async () => {
    const out = path.join(dir, "new", "result.xlsx");
    const json = path.join(dir, "new", "result.json");
    const before = sha256(ledger);
    expect((await run("balance", ledger, "--out", out, "--json", json)).code).toBe(0);
    expect(await exists(out)).toBe(true);
    expect(await exists(json)).toBe(true);
    expect(sha256(ledger)).toBe(before);
  });
});

describe("--prior", () => {
  test("this batch's own result as --prior is refused: its payouts would be counted twice", async () => {
    const own = path.join(dir, "own-result.xlsx");
    expect((await run("balance", ledger, "--out", own)).code).toBe(0);
    const json = path.join(dir, "own.json");
    const err = await refused([ledger, "--prior", own, "--json", json], "--prior", [ledger, own]);
    expect(err).toContain("自己的运行结果");
    expect(err).toContain("会被重复计算");
    expect(await exists(json)).toBe(false);

    // The same result as --prior on a ledger that is not the one it was made from is used.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(ledger);
    wb.getWorksheet("填表说明")!.addRow(["第二批"]);
    const next = path.join(dir, "next-batch.xlsx");
    await wb.xlsx.writeFile(next);
    const r = await run("balance", next, "--prior", own, "--batch", "2");
    expect(r.code).toBe(0);
  });

  test("payouts in --prior that repeat the ledger's own 已兑付 rows are counted once, and said so", async () => {
    const source = new ExcelJS.Workbook();
    await source.xlsx.readFile(ledger);
    const rows = source.getWorksheet("已兑付")!.getSheetValues().filter(Array.isArray) as unknown[][];
    const copy = new ExcelJS.Workbook();
    const paid = copy.addWorksheet("往期已兑付");
    for (const row of rows) paid.addRow(row.slice(1));
    // One payout the ledger does not hold: counted.
    paid.addRow(["P3", "重庆另一家科技有限公司", "", 20000, ""]);
    const prior = path.join(dir, "copied-paid.xlsx");
    await copy.xlsx.writeFile(prior);

    const alone = path.join(dir, "alone.json");
    expect((await run("balance", ledger, "--json", alone)).code).toBe(0);
    const json = path.join(dir, "copied.json");
    const before = [sha256(ledger), sha256(prior)];
    const r = await run("balance", ledger, "--prior", prior, "--json", json);
    expect(r.code).toBe(0);
    expect([sha256(ledger), sha256(prior)]).toEqual(before);
    const repeated = rows.length - 1;
    expect(repeated).toBe(2);
    expect(r.err).toContain(`--prior ${prior}（往期已兑付）中有 ${repeated} 笔兑付`);
    expect(r.err).toContain("只计一次");
    expect(r.err).toContain("（已兑付）");

    const priorOf = (file: string) =>
      Object.fromEntries(
        (JSON.parse(readFileSync(file, "utf8")) as { items: { id: string; prior: string }[] }).items.map((i) => [
          i.id,
          i.prior,
        ]),
      );
    const [once, both] = [priorOf(alone), priorOf(json)];
    // Only the one new payout is added; the repeated ones are not counted a second time.
    expect(both).toEqual({ ...once, P3: (Number(once.P3) + 20000).toFixed(2) });
  });

  test("the ledger itself as --prior: every 已兑付 row is counted once", async () => {
    const r = await run("balance", ledger, "--prior", ledger);
    expect(r.code).toBe(0);
    expect(r.err).toContain("中有 2 笔兑付");
    const en = await run("balance", ledger, "--prior", ledger, "--lang", "en");
    expect(en.err).toContain("2 payouts in --prior");
  });
});
