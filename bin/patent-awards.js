#!/usr/bin/env node
"use strict";
// The command-line tool: built from src/cli by `npm run build`.
let main;
try {
  main = require("../lib/cli/main.js").main;
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND") {
    process.stderr.write("patent-awards: not built yet — run `npm run build` first.\n");
    process.exit(2);
  }
  throw e;
}
main(process.argv.slice(2)).then((code) => process.exit(code));
