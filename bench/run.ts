/**
 * `npm run bench`: runs every `*.bench` module beside this file in turn; each prints its own table.
 * `npm run bench -- engine functions` runs only the modules named (`engine` → `engine.bench`).
 */
import { spawnSync } from "child_process";
import { readdirSync } from "fs";
import path from "path";
import { getHeapStatistics } from "v8";

/** The 1M-claim case needs more than Node's default heap (~4 GB); the machine has 24 GB. */
const HEAP_MB = 16_384;

interface BenchModule {
  run(): Promise<void>;
}

async function runAll(only: string[]): Promise<void> {
  const modules = readdirSync(__dirname)
    .filter((f) => /\.bench\.js$/.test(f))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.js$/, "")))
    .sort();
  if (modules.length === 0) throw new Error(`no bench module named ${only.join(", ")}`);
  for (const file of modules) {
    process.stdout.write(`\n## ${file.replace(/\.js$/, "")}\n`);
    const started = Date.now();

    const mod = require(path.join(__dirname, file)) as BenchModule;
    await mod.run();
    process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

if (getHeapStatistics().heap_size_limit < (HEAP_MB / 2) * 1024 * 1024) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, __filename, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

runAll(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
