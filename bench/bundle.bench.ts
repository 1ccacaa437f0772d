/**
 * The add-in's scripts as a browser downloads them (issue 19 item 1): every .js file the build writes for the
 * shared-runtime page, gzipped (Node's default level, as a server compressing on the fly), beside the same scripts
 * at item 1's first cut and the three bundles the add-in shipped before. Reads the built dist/ (the bench builds
 * first); nothing is timed.
 */
import { readdirSync, readFileSync } from "fs";
import path from "path";
import { gzipSync } from "zlib";
import { DIST } from "../test/functions/bundle";

/** The three bundles before, gzipped (KiB): as the issue measured them, and at the build this change started from. */
const BASELINE_KB = { issue: 185, mergeBase: 230.2 };
const BEFORE = "taskpane.js 106.7 + commands.js 91.4 + functions.js 32.1, all at start-up";
/**
 * Each script at item 1's first cut (one bundle and the pane's chunk, commit 7860136), before it was made smaller: the
 * pane's chunk with two ways in (its modules each in a wrapper of their own), the calendar as JSON.
 */
const FIRST_CUT_KB: Record<string, number> = { "functions.js": 36.1, "pane.js": 77.0 };
const FIRST_CUT_TOTAL_KB = 113.1;
/**
 * Each script before the cuts made at build time (commit d8c6109): decimal.js whole, the policy checked as the script
 * started, the calendar with its holidays' names.
 */
const BEFORE_CUTS_KB: Record<string, number> = { "functions.js": 33.5, "pane.js": 75.5 };
const BEFORE_CUTS_TOTAL_KB = 109.0;
/** The issue's target for every script of the add-in, gzipped: 100 KB as it writes it, held as bytes (97.7 KiB). */
const TARGET_BYTES = 100_000;
/** The page's one script, loaded at start-up; every other .js is a chunk loaded on demand. */
const START_UP = "functions.js";
/** What the offline page inlines: not one of the add-in's scripts. */
const OFFLINE = "patent-awards.js";

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export async function run(): Promise<void> {
  const files = readdirSync(DIST).filter((f) => f.endsWith(".js") && f !== OFFLINE);
  if (!files.includes(START_UP)) throw new Error(`${path.join(DIST, START_UP)} is missing: run npm run build:addin`);
  const sizes = files
    .map((file) => ({ file, gz: gzipSync(readFileSync(path.join(DIST, file))).length }))
    .sort((a, b) => Number(b.file === START_UP) - Number(a.file === START_UP) || a.file.localeCompare(b.file));
  const total = sizes.reduce((sum, s) => sum + s.gz, 0);
  const maps = readdirSync(DIST).filter((f) => f.endsWith(".map"));
  const lines = [
    "| script (gzipped, KiB) | now | before the build-time cuts | first cut of item 1 |",
    "|---|---:|---:|---:|",
    ...sizes.map(
      (s) =>
        `| ${s.file} (${s.file === START_UP ? "start-up" : "on demand"}) | ${kb(s.gz)} | ` +
        `${BEFORE_CUTS_KB[s.file]?.toFixed(1) ?? ""} | ${FIRST_CUT_KB[s.file]?.toFixed(1) ?? ""} |`,
    ),
    `| all the add-in's scripts (every .js in dist/ but the offline page's) | ${kb(total)} | ${BEFORE_CUTS_TOTAL_KB.toFixed(1)} | ` +
      `${FIRST_CUT_TOTAL_KB}; before item 1 ${BASELINE_KB.mergeBase} (${BEFORE}); ${BASELINE_KB.issue} in issue 19 |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const ratio = (base: number) => (total / 1024 / base).toFixed(2);
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  process.stdout.write(
    `all scripts ${kb(total)} KiB (${total} bytes) = ${ratio(BEFORE_CUTS_TOTAL_KB)}× before the build-time cuts, ` +
      `${ratio(FIRST_CUT_TOTAL_KB)}× the first cut's, ` +
      `${ratio(BASELINE_KB.mergeBase)}× the three bundles'; target ≤ 100 KB (${TARGET_BYTES} bytes): ` +
      `${met(total <= TARGET_BYTES)}; start-up ${kb(sizes[0].gz)} KiB: ${met(sizes[0].gz <= TARGET_BYTES)}` +
      `; source maps in dist/: ${maps.length === 0 ? "none" : maps.join(", ")}\n`,
  );
}
