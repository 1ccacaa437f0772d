/**
 * package.json's `sideEffects` tells webpack which modules do something when they are run (issue 19 item 1): every
 * other module is imported for its exports, and the add-in's build leaves out a module whose exports it never uses
 * (the command's JSON, console text and policy-file reader). A module imported only for what it does when run —
 * `import "./x"` — that the list does not name would be left out of the add-in without a word: the custom functions
 * would never register. So every such import must name a listed module.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : /\.ts$/.test(e.name) ? [full] : [];
  });
}

/** The modules src imports only for what they do when run, as `./src/…` paths. */
function bareImports(): string[] {
  return sources(path.join(ROOT, "src")).flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(/^import\s+["']([^"']+)["'];?$/gm)].map((m) => {
      const target = path.resolve(path.dirname(file), m[1]);
      const withExt = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, "index.ts");
      return `./${path.relative(ROOT, withExt).split(path.sep).join("/")}`;
    }),
  );
}

test("every module imported only for what it does when run is named in package.json's sideEffects", () => {
  const listed = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { sideEffects: string[] })
    .sideEffects;
  const bare = bareImports();
  // The custom functions register themselves as the script runs (src/addin.ts imports them so).
  expect(bare).toContain("./src/functions/functions.ts");
  for (const module of bare) expect(listed).toContain(module);
});

test("the entry of the add-in's script is listed: its code runs for what it does", () => {
  const listed = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { sideEffects: string[] })
    .sideEffects;
  expect(listed).toContain("./src/addin.ts");
});
