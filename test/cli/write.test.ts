/**
 * Issue 15 item 9, "Outputs are written whole or not at all": a run killed, out of room or failing while it writes
 * leaves the earlier --out and --json files byte for byte as they were and no temporary file behind; an output that
 * is no regular file, or whose folder cannot be written in, is refused (exit 2) before the ledger is read.
 * The runs in a child process use the built command (`npm run build:cli`).
 */
import { spawn, spawnSync } from "child_process";
import { createHash } from "crypto";
import { existsSync, promises as fs, readFileSync, watch } from "fs";
import net from "net";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { ledgerBuffer } from "../fakes/ledger";
import { run, runOn } from "./run";

const ROOT = path.join(__dirname, "..", "..");
const SAMPLE = path.join(ROOT, "examples", "sample-ledger.xlsx");
const BIN = path.join(ROOT, "bin", "patent-awards.js");

let dir: string;
let ledger: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "patent-awards-write-"));
  ledger = path.join(dir, "ledger.xlsx");
  await fs.copyFile(SAMPLE, ledger);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  jest.restoreAllMocks();
});

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** A fresh folder holding an earlier run's result.xlsx and result.json, and their checksums. */
async function earlierResult(name: string): Promise<{ folder: string; out: string; json: string; sums: string[] }> {
  const folder = path.join(dir, name);
  const out = path.join(folder, "result.xlsx");
  const json = path.join(folder, "result.json");
  expect((await run("balance", ledger, "--out", out, "--json", json)).code).toBe(0);
  return { folder, out, json, sums: [sha256(out), sha256(json)] };
}

/** The temporary files a run left in `folder`. */
const temps = async (folder: string) => (await fs.readdir(folder)).filter((f) => f.endsWith(".tmp"));

/** The built command, run as the clerk runs it (to be killed, or given a file-size limit); `npm run build:cli` first. */
function command(): string {
  if (!existsSync(path.join(ROOT, "lib", "cli", "write.js")))
    throw new Error("lib/ is missing or stale: npm run build:cli");
  return BIN;
}

describe("an output that is no regular file is refused before the ledger is read (exit 2)", () => {
  /** Expects a prompt exit 2 naming `option`, `file` and what it is, without the ledger read or `other` written. */
  async function refused(option: string, file: string, kind: RegExp, other: string): Promise<void> {
    const otherOption = option === "--out" ? "--json" : "--out";
    // A terminal's progress lines: "已读取 …" would show that the ledger was read before the refusal.
    const r = await runOn(true, "balance", ledger, option, file, otherOption, other);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${option} ${file}`);
    expect(r.err).toMatch(kind);
    expect(r.err).toContain("不是普通文件");
    expect(r.err).toContain("not a regular file");
    expect(r.err).not.toContain("] 已读取 ");
    expect(existsSync(other)).toBe(false);
  }

  test("a folder as --out, /dev/null and /dev/full as --json", async () => {
    const folder = path.join(dir, "a-folder.xlsx");
    await fs.mkdir(folder);
    await refused("--out", folder, /是文件夹.*is a folder/, path.join(dir, "none.json"));
    expect(await fs.readdir(folder)).toEqual([]);
    await refused("--json", "/dev/null", /字符设备.*a character device/, path.join(dir, "none.xlsx"));
    await refused("--json", "/dev/full", /a character device/, path.join(dir, "none.xlsx"));
  });

  test("a socket as --out; a symlink to a folder, named with where it leads", async () => {
    const socket = path.join(dir, "s.xlsx");
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      await refused("--out", socket, /套接字.*a socket/, path.join(dir, "none.json"));
    } finally {
      server.close();
    }
    const link = path.join(dir, "to-folder.json");
    const folder = await fs.realpath(os.tmpdir());
    await fs.symlink(folder, link);
    await refused("--json", link, new RegExp(`${link} → ${folder}.*is a folder`), path.join(dir, "none.xlsx"));
  });

  test("a named pipe as --out or --json: refused at once, never opened (which would wait for a reader forever)", () => {
    const fifo = path.join(dir, "pipe.xlsx");
    spawnSync("mkfifo", [fifo]);
    for (const option of ["--out", "--json"]) {
      const started = Date.now();
      // A child, killed if it hangs: a process blocked opening a pipe cannot be stopped from within.
      const r = spawnSync(process.execPath, [command(), "balance", ledger, option, fifo], {
        encoding: "utf8",
        timeout: 15_000,
        killSignal: "SIGKILL",
      });
      expect({ status: r.status, signal: r.signal }).toEqual({ status: 2, signal: null });
      expect(r.stderr).toContain(`${option} ${fifo} 是命名管道（FIFO），不是普通文件`);
      expect(r.stderr).toContain("is a named pipe (FIFO), not a regular file");
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });
});

describe("an output folder that cannot be written in is refused before anything is written (exit 2)", () => {
  test("--json under a regular file (as root too): the earlier --out is not replaced, nothing is created", async () => {
    const { folder, out, json, sums } = await earlierResult("under-a-file");
    const plain = path.join(folder, "notes.txt");
    await fs.writeFile(plain, "not a folder");
    const bad = path.join(plain, "sub", "result.json");
    const r = await runOn(true, "balance", ledger, "--out", out, "--json", bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--json ${bad}：${plain} 是文件，不是文件夹`);
    expect(r.err).toContain(`${plain} is a file, not a folder`);
    expect(r.err).not.toContain("] 已读取 ");
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect((await fs.readdir(folder)).sort()).toEqual(["notes.txt", "result.json", "result.xlsx"]);
  });

  // Root writes past a folder's or a file's permissions, so these are refused only for other users.
  (process.getuid?.() === 0 ? test.skip : test)("a read-only folder, and a read-only earlier result", async () => {
    const { folder, out, json, sums } = await earlierResult("read-only");
    const locked = path.join(dir, "locked");
    await fs.mkdir(locked, { mode: 0o555 });
    const r = await run("balance", ledger, "--out", out, "--json", path.join(locked, "new", "r.json"));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`文件夹 ${locked} 不可写入`);
    await fs.chmod(out, 0o444);
    const again = await run("balance", ledger, "--out", out, "--json", json);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`--out ${out} 是只读文件`);
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect(await temps(folder)).toEqual([]);
  });
});

describe("a failure while writing leaves the earlier files as they were and no temporary file", () => {
  test("the result open in Excel (the rename refused with EBUSY): asked to close it first", async () => {
    const { folder, out, json, sums } = await earlierResult("open-in-excel");
    const rename = fs.rename;
    jest.spyOn(fs, "rename").mockImplementation(async (from, to) => {
      if (to === out)
        throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${from}'`), {
          code: "EBUSY",
          syscall: "rename",
        });
      return rename(from, to);
    });
    const r = await run("balance", ledger, "--out", out, "--json", json);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`无法替换 ${out}`);
    expect(r.err).toContain("请先在 Excel 中关闭该文件");
    expect(r.err).toContain("close the file in Excel first");
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect(await temps(folder)).toEqual([]);
  });

  test("the disk full while writing --json: --out, already written to its temporary file, is not replaced", async () => {
    const { folder, out, json, sums } = await earlierResult("disk-full");
    const open = fs.open;
    jest.spyOn(fs, "open").mockImplementation(async (file, flags) => {
      const handle = await open(file, flags);
      if (String(file).includes(".result.json.")) {
        // The JSON is written in pieces (src/cli/jsonPieces.ts): every way of writing fails on a full disk.
        const full = () =>
          Promise.reject(
            Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" }),
          );
        handle.writeFile = full;
        handle.write = full;
      }
      return handle;
    });
    const r = await run("balance", ledger, "--out", out, "--json", json);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`无法写入 ${json}：磁盘空间不足，请清理磁盘空间或写到其他磁盘，再重新运行（ENOSPC）`);
    expect(r.err).toContain(`cannot write ${json}: the disk is full`);
    expect(r.err).not.toContain("Excel");
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect(await temps(folder)).toEqual([]);
  });

  test("an exception while writing (a bug, exit 3) still removes the temporary files", async () => {
    const { folder, out, json, sums } = await earlierResult("exception");
    jest.spyOn(fs, "rename").mockRejectedValue(new TypeError("not a file system error"));
    const r = await run("balance", ledger, "--out", out, "--json", json);
    expect(r.code).toBe(3);
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect(await temps(folder)).toEqual([]);
  });

  test("a file-size limit reached mid-write (EFBIG, as a full disk): the earlier result is kept whole", async () => {
    const { folder, out, json, sums } = await earlierResult("file-size-limit");
    // 16 blocks (8 or 16 kB, as the shell counts) is a fraction of the sample's result: the write fails partway.
    const r = spawnSync(
      "sh",
      [
        "-c",
        'ulimit -f 16 && exec "$0" "$@"',
        process.execPath,
        command(),
        "balance",
        ledger,
        "--out",
        out,
        "--json",
        json,
      ],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`无法写入 ${out}：文件超过了允许的大小`);
    expect(r.stderr).toContain("（EFBIG）");
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect(await temps(folder)).toEqual([]);
  });
});

describe("a symbolic link as an output", () => {
  test("through a symbolic link, the file it leads to is replaced and the link kept", async () => {
    const folder = path.join(dir, "linked");
    await fs.mkdir(folder);
    const real = path.join(folder, "result.xlsx");
    await fs.writeFile(real, "an earlier file");
    const link = path.join(dir, "link-to-result.xlsx");
    await fs.symlink(real, link);
    expect((await run("balance", ledger, "--out", link)).code).toBe(0);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    await new ExcelJS.Workbook().xlsx.readFile(real);
    expect([...(await temps(folder)), ...(await temps(dir))]).toEqual([]);
  });
});

describe("kill -9 while writing", () => {
  test("leaves the earlier result byte for byte; a completed run leaves no temporary file", async () => {
    const big = path.join(dir, "big.xlsx");
    await fs.writeFile(big, await ledgerBuffer({ transfers: 10_000, pledges: 10_000 }));
    const { folder, out, json, sums } = await earlierResult("killed");

    // On a server's default locale, whatever this machine's: the command speaks Chinese.
    const child = spawn(process.execPath, [command(), "balance", big, "--out", out, "--json", json], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_ALL: "C.UTF-8" },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Killed at the first change in the output folder: the moment a write in place would have truncated the result.
    // From there the run still has ≈ 90 ms to go (the 23 MB JSON, two fsyncs) before its renames.
    let changed: string | undefined;
    const watcher = watch(folder, (_event, name) => {
      if (changed !== undefined) return;
      changed = String(name);
      child.kill("SIGKILL");
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, s) => resolve(s)));
    watcher.close();
    expect([sha256(out), sha256(json)]).toEqual(sums);
    expect({ signal, changed }).toEqual({
      signal: "SIGKILL",
      changed: expect.stringMatching(/^\.result\.xlsx\.\d+\.\w+\.tmp$/),
    });
    expect(stderr).toContain(`正在写出 ${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet("汇总")).toBeDefined();
    JSON.parse(readFileSync(json, "utf8"));
    // Nothing can remove the temporary file of a process killed so: it is hidden, named for that process.
    expect(await temps(folder)).toEqual([changed]);
    await fs.rm(path.join(folder, changed!));

    const done = await run("balance", ledger, "--out", out, "--json", json);
    expect(done.code).toBe(0);
    expect(await temps(folder)).toEqual([]);
  }, 30_000);
});
