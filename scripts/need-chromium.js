#!/usr/bin/env node
/**
 * `npm test` runs the task pane in Debian's Chromium (test/browser/harness.ts): without it the browser suites would
 * fail one by one, slowly. Said once, before anything else runs.
 */
const fs = require("fs");

// The path the browser tests launch (test/browser/harness.ts); another only to test this message.
const CHROMIUM = process.env.PATENT_AWARDS_CHROMIUM ?? "/usr/bin/chromium";
try {
  fs.accessSync(CHROMIUM, fs.constants.X_OK);
} catch {
  console.error(
    `npm test: 浏览器测试需要 Debian 的 chromium 软件包，请先安装 / the browser tests need Debian's chromium package: apt-get install -y chromium`,
  );
  process.exit(1);
}
