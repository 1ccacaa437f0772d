/** `npm test` without Chromium stops at once with the one line that says what to install (issue 17 item 8). */
import { spawnSync } from "child_process";
import path from "path";

const SCRIPT = path.join(__dirname, "..", "..", "scripts", "need-chromium.js");

test("without Chromium: exit 1 at once, one line naming the Debian package", () => {
  const ran = spawnSync(process.execPath, [SCRIPT], {
    env: { ...process.env, PATENT_AWARDS_CHROMIUM: "/nonexistent/chromium" },
    encoding: "utf8",
    timeout: 10_000,
  });
  expect(ran.status).toBe(1);
  expect(ran.stdout).toBe("");
  expect(ran.stderr.trim().split("\n")).toEqual([expect.stringContaining("apt-get install -y chromium")]);
});

test("with Chromium where the browser tests launch it: nothing said", () => {
  const ran = spawnSync(process.execPath, [SCRIPT], {
    env: { ...process.env, PATENT_AWARDS_CHROMIUM: process.execPath },
    encoding: "utf8",
  });
  expect([ran.status, ran.stdout, ran.stderr]).toEqual([0, "", ""]);
});
