/**
 * The add-in manifest, checked offline (Microsoft's validator is a web service): well formed, elements in
 * the order the schema's sequences require, every resid defined and used, one runtime resid everywhere,
 * every URL a file of the build, icons of the right pixel size. Reads dist/ from `npm run build:addin`, and
 * makes one production build of its own with ADDIN_URL and OFFICE_JS=local.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as sax from "sax";
import { REQUIRED_SETS } from "../../src/taskpane/requirements";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const DEV_URL = "https://localhost:3000/";

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

/** Parses strictly: any well-formedness error throws. */
function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { trim: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.onopentag = (tag) => {
    const el: XmlElement = {
      name: tag.name,
      attributes: tag.attributes,
      children: [],
      text: "",
      line: parser.line + 1,
    };
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (text) => {
    if (stack.length > 0) stack[stack.length - 1].text += text;
  };
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(xml).close();
  if (!root) throw new Error("no root element");
  return root;
}

function walk(el: XmlElement, visit: (el: XmlElement, parent?: XmlElement) => void, parent?: XmlElement): void {
  visit(el, parent);
  for (const child of el.children) walk(child, visit, el);
}

function all(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  walk(root, (el) => {
    if (el.name === name) found.push(el);
  });
  return found;
}

function one(root: XmlElement, name: string): XmlElement {
  const found = all(root, name);
  expect(found).toHaveLength(1);
  return found[0];
}

/**
 * xs:sequence of the elements this manifest uses, from the add-in manifest schemas (TaskPaneAppVersionOverrides
 * 1.0 and OfficeApp 1.1). A key is an element name, or name[xsi:type] where the type decides the content.
 */
const SEQUENCES: Record<string, string[]> = {
  OfficeApp: [
    "Id",
    "AlternateId",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "AppDomains",
    "Hosts",
    "Requirements",
    "DefaultSettings",
    "Permissions",
    "AllowSnapshot",
    "Dictionary",
    "VersionOverrides",
  ],
  Requirements: ["Sets", "Methods"],
  DefaultSettings: ["SourceLocation", "RequestedWidth", "RequestedHeight"],
  "VersionOverrides[VersionOverridesV1_0]": [
    "Description",
    "Requirements",
    "Hosts",
    "Resources",
    "VersionOverrides",
    "WebApplicationInfo",
    "EquivalentAddins",
  ],
  "Host[Workbook]": ["Runtimes", "AllFormFactors", "DesktopFormFactor"],
  "ExtensionPoint[CustomFunctions]": ["Script", "Page", "Metadata", "Namespace"],
  DesktopFormFactor: ["GetStarted", "FunctionFile", "ExtensionPoint"],
  Group: ["Label", "Icon", "Control"],
  "Control[Button]": ["Label", "Supertip", "Icon", "Action"],
  Supertip: ["Title", "Description"],
  "Action[ShowTaskpane]": ["TaskpaneId", "SourceLocation", "Title", "SupportsPinning"],
  "Action[ExecuteFunction]": ["FunctionName"],
  Resources: ["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"],
};

function sequenceKey(el: XmlElement): string {
  const type = el.attributes["xsi:type"];
  return type && SEQUENCES[`${el.name}[${type}]`] ? `${el.name}[${type}]` : el.name;
}

/** Every URL in the manifest's attributes. */
function urls(root: XmlElement): string[] {
  const found: string[] = [];
  walk(root, (el) => {
    for (const [name, value] of Object.entries(el.attributes)) {
      if (name.startsWith("xmlns") || !/^https?:/.test(value)) continue;
      found.push(value);
    }
  });
  return found;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = fs.readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The file in `dir` a URL under `base` names. */
function fileFor(url: string, base: string, dir: string): string {
  expect(url.startsWith(base)).toBe(true);
  return path.join(dir, url.slice(base.length).split(/[?#]/)[0]);
}

let manifest: XmlElement;

beforeAll(() => {
  manifest = parseXml(fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8"));
});

test("the source manifest and the built one are well formed", () => {
  expect(parseXml(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8")).name).toBe("OfficeApp");
  expect(manifest.name).toBe("OfficeApp");
  expect(() => parseXml("<OfficeApp><Id></OfficeApp>")).toThrow();
});

test("children come in the order of the schema's sequences, and only known ones", () => {
  walk(manifest, (el) => {
    const sequence = SEQUENCES[sequenceKey(el)];
    if (!sequence) return;
    const positions = el.children.map((c) => {
      const at = sequence.indexOf(c.name);
      if (at < 0) throw new Error(`line ${c.line}: <${c.name}> is not allowed in <${sequenceKey(el)}>`);
      return at;
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});

test("every resid is defined, and every defined resource is used", () => {
  const resources = one(manifest, "Resources");
  const defined = new Set<string>();
  walk(resources, (el) => {
    if (el.attributes.id) {
      expect(defined.has(el.attributes.id)).toBe(false);
      defined.add(el.attributes.id);
    }
  });
  const used = new Set<string>();
  walk(manifest, (el) => {
    if (el.attributes.resid) used.add(el.attributes.resid);
  });
  expect([...used].filter((id) => !defined.has(id))).toEqual([]);
  expect([...defined].filter((id) => !used.has(id))).toEqual([]);
});

test("one runtime resid, Taskpane.Url, for the runtime, the functions' page, the function file and the pane", () => {
  const runtime = one(manifest, "Runtime");
  expect(runtime.attributes).toMatchObject({ resid: "Taskpane.Url", lifetime: "long" });
  const page = one(one(manifest, "Page"), "SourceLocation");
  const functionFile = one(manifest, "FunctionFile");
  const paneActions = all(manifest, "Action").filter((a) => a.attributes["xsi:type"] === "ShowTaskpane");
  expect(paneActions.length).toBeGreaterThan(0);
  const paneSources = paneActions.map((a) => one(a, "SourceLocation").attributes.resid);
  expect(new Set([page.attributes.resid, functionFile.attributes.resid, ...paneSources])).toEqual(
    new Set(["Taskpane.Url"]),
  );
});

test("Excel workbook host, shared runtime 1.1, least permission, PATENT namespace, the balance command", () => {
  expect(all(manifest, "Host").map((h) => h.attributes.Name ?? h.attributes["xsi:type"])).toEqual([
    "Workbook",
    "Workbook",
  ]);
  expect(one(manifest, "Permissions").text).toBe("ReadWriteDocument");
  const namespaceId = one(manifest, "Namespace").attributes.resid;
  const strings = all(manifest, "bt:String");
  expect(strings.find((s) => s.attributes.id === namespaceId)!.attributes.DefaultValue).toBe("PATENT");
  const execute = all(manifest, "Action").filter((a) => a.attributes["xsi:type"] === "ExecuteFunction");
  expect(execute.map((a) => one(a, "FunctionName").text)).toEqual(["balanceNow"]);
});

test("the API sets the add-in cannot work without are required at the top level, as the pane checks them", () => {
  const requirements = manifest.children.filter((c) => c.name === "Requirements");
  expect(requirements).toHaveLength(1);
  // Before DefaultSettings, after Hosts (OfficeApp's sequence; the order test checks the rest).
  const names = manifest.children.map((c) => c.name);
  expect(names.indexOf("Requirements")).toBe(names.indexOf("Hosts") + 1);
  expect(names.indexOf("DefaultSettings")).toBe(names.indexOf("Requirements") + 1);
  const sets = one(requirements[0], "Sets");
  expect(sets.children.map((c) => c.name)).toEqual(["Set", "Set", "Set"]);
  expect(sets.children.map((c) => c.attributes)).toEqual([
    { Name: "ExcelApi", MinVersion: "1.13" },
    { Name: "SharedRuntime", MinVersion: "1.1" },
    // The functions throw CustomFunctions.Error with ErrorCode.invalidValue: CustomFunctionsRuntime 1.3.
    { Name: "CustomFunctionsRuntime", MinVersion: "1.3" },
  ]);
  expect(REQUIRED_SETS.map((r) => ({ Name: r.name, MinVersion: r.version }))).toEqual(
    sets.children.map((c) => c.attributes),
  );
  // No second <Requirements> in VersionOverrides to contradict the first.
  expect(all(one(manifest, "VersionOverrides"), "Requirements")).toEqual([]);
});

test("SupportUrl: after the icons, before Hosts, the pane's page (which says what it is when opened outside Excel)", () => {
  const names = manifest.children.map((c) => c.name);
  expect(names.slice(names.indexOf("IconUrl"), names.indexOf("Hosts") + 1)).toEqual([
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "Hosts",
  ]);
  const support = manifest.children.find((c) => c.name === "SupportUrl")!;
  expect(support.attributes).toEqual({ DefaultValue: `${DEV_URL}taskpane.html?help` });
  expect(support.children).toEqual([]);
});

test("zh-CN: display name, description, every ribbon string and the function metadata have a Chinese override", () => {
  const overrides = (el: XmlElement) =>
    el.children.filter((c) => /Override$/.test(c.name) && c.attributes.Locale.toLowerCase() === "zh-cn");
  for (const name of ["DisplayName", "Description"]) {
    const el = manifest.children.find((c) => c.name === name)!;
    expect(overrides(el)[0].attributes.Value).toMatch(/\p{Script=Han}/u);
  }
  const namespaceId = one(manifest, "Namespace").attributes.resid;
  for (const s of all(manifest, "bt:String").filter((s) => s.attributes.id !== namespaceId)) {
    expect(overrides(s)[0].attributes.Value).toMatch(/\p{Script=Han}/u);
  }
  const metadataId = one(one(manifest, "Metadata"), "SourceLocation").attributes.resid;
  const metadataUrl = all(manifest, "bt:Url").find((u) => u.attributes.id === metadataId)!;
  expect(metadataUrl.attributes.DefaultValue).toMatch(/\/functions\.json$/);
  expect(overrides(metadataUrl)[0].attributes.Value).toMatch(/\/functions\.zh-cn\.json$/);
});

test("every URL is a file of the build", () => {
  const found = urls(manifest);
  expect(found.length).toBeGreaterThan(5);
  for (const url of found) expect(fs.existsSync(fileFor(url, DEV_URL, DIST))).toBe(true);
});

test("icons exist with the pixel size the manifest says", () => {
  const expectSize = (url: string, size: number) =>
    expect(pngSize(fileFor(url, DEV_URL, DIST))).toEqual({ width: size, height: size });
  expectSize(one(manifest, "IconUrl").attributes.DefaultValue, 32);
  expectSize(one(manifest, "HighResolutionIconUrl").attributes.DefaultValue, 64);
  const images = all(manifest, "bt:Image").filter((i) => i.attributes.DefaultValue);
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) {
    expectSize(image.attributes.DefaultValue, Number(/^Icon\.(\d+)x\1$/.exec(image.attributes.id)![1]));
  }
  for (const size of [16, 32, 64, 80, 128]) {
    expect(pngSize(path.join(ROOT, "assets", `icon-${size}.png`))).toEqual({ width: size, height: size });
  }
});

test("an ADDIN_URL with a query (&) gives a well-formed manifest whose URLs are that URL, as the release writes it", () => {
  // The transform the build applies to manifest.xml (webpack.config.js), and so `npm run release -- --url …`.
  const { manifestFor, productionUrl } = require("../../scripts/manifest-url.js") as {
    manifestFor(xml: string, url: string): string;
    productionUrl(url: string): string;
  };
  const url = productionUrl("https://intranet.example/add-in/?a=1&b=2");
  const xml = manifestFor(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"), url);
  expect(xml).toContain("https://intranet.example/add-in/?a=1&amp;b=2/");
  expect(xml).not.toMatch(/&(?!amp;|apos;|lt;|gt;|quot;)/);
  const written = parseXml(xml);
  const found = urls(written);
  expect(found.length).toBe(urls(manifest).length);
  for (const u of found) expect(u.startsWith(url)).toBe(true);
  expect(() => productionUrl('https://intranet.example/"><x')).toThrow(/https/);
});

describe("a production build with ADDIN_URL and OFFICE_JS=local", () => {
  const ADDIN_URL = "https://addins.example.gov.cn/patent-awards/";
  let out: string;

  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "patent-addin-"));
    execFileSync(
      process.execPath,
      [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), "--mode", "production", "--output-path", out],
      { cwd: ROOT, env: { ...process.env, ADDIN_URL, OFFICE_JS: "local" }, stdio: "pipe" },
    );
  }, 180_000);

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test("every localhost URL is replaced, and each names a file of that build", () => {
    const xml = fs.readFileSync(path.join(out, "manifest.xml"), "utf8");
    expect(xml).not.toContain("localhost");
    const found = urls(parseXml(xml));
    expect(found.length).toBe(urls(manifest).length);
    for (const url of found) expect(fs.existsSync(fileFor(url, ADDIN_URL, out))).toBe(true);
  });

  test("the page loads office.js from the build, not from the CDN", () => {
    const html = fs.readFileSync(path.join(out, "taskpane.html"), "utf8");
    expect(html).not.toContain("appsforoffice.microsoft.com");
    const src = /<script[^>]*src="?([^" >]*office\.js)"?/.exec(html)![1];
    expect(fs.existsSync(path.join(out, src))).toBe(true);
    expect(fs.existsSync(path.join(out, "office-js", "excel-win32-16.01.js"))).toBe(true);
  });
});
