/**
 * What the shared-runtime page loads (issue 19 item 1), read from dist/ as `npm run build:addin` leaves it: one
 * script of the add-in besides office.js — the one the manifest's Functions.Script.Url names — and no source map in
 * the folder a bureau deploys.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="?([^"\s>]+)"?/g)].map((m) => m[1]);
}

test("taskpane.html loads office.js and one script of the add-in, the manifest's functions script", () => {
  const scripts = scriptsOf(fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8"));
  const own = scripts.filter((src) => !src.endsWith("/office.js"));
  expect(own).toEqual(["functions.js"]);
  const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
  expect(manifest).toMatch(
    /<bt:Url id="Functions\.Script\.Url" DefaultValue="https:\/\/localhost:3000\/functions\.js"\/>/,
  );
});

test("dist/ holds no source map and no script that would name one", () => {
  const files = fs.readdirSync(DIST, { recursive: true, encoding: "utf8" });
  expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
  const scripts = files.filter((f) => f.endsWith(".js") && !f.startsWith("office-js"));
  expect(scripts.length).toBeGreaterThan(0);
  for (const f of scripts) expect(fs.readFileSync(path.join(DIST, f), "utf8")).not.toContain("sourceMappingURL");
});
