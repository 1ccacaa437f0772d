/**
 * The add-in's script builds chinese-days' calendar from day steps (scripts/compact-calendar.js, issue 19 item 1):
 * the module it writes must give the package's object exactly — every section, date, value and the order of the
 * dates — and refuse data it was not written for rather than drop it.
 */
import * as fs from "fs";
import * as path from "path";

const { compactCalendar } = require("../../scripts/compact-calendar.js") as {
  compactCalendar: (json: string, datesOf?: string[]) => string;
};

const PACKAGE = require.resolve("chinese-days/dist/chinese-days.json");

/** Runs the module the loader writes and returns its default export. */
function load(source: string): unknown {
  return new Function(source.replace(/^export default /m, "return "))();
}

test("the package's calendar, built from day steps: the same sections, dates, values and order", () => {
  const json = fs.readFileSync(PACKAGE, "utf8");
  const original = JSON.parse(json) as Record<string, Record<string, string>>;
  const built = load(compactCalendar(json)) as Record<string, Record<string, string>>;
  expect(Object.keys(built)).toEqual(Object.keys(original));
  for (const section of Object.keys(original)) {
    expect(Object.entries(built[section])).toEqual(Object.entries(original[section]));
  }
  expect(Object.keys(original.holidays).length).toBeGreaterThan(600);
  // What the add-in gains from it: the calendar gzips to under half the JSON.
  const gz = (s: string) => require("zlib").gzipSync(s).length as number;
  expect(gz(compactCalendar(json))).toBeLessThan(gz(JSON.stringify(original)) / 2);
});

test("dates going back (a later year listed first), a lone date, two sections", () => {
  const calendar = {
    holidays: { "2026-01-01": "元旦", "2026-01-02": "元旦", "2025-10-01": "国庆节", "1970-01-01": "x" },
    workdays: { "2024-02-29": "调休" },
  };
  expect(load(compactCalendar(JSON.stringify(calendar)))).toEqual(calendar);
  expect(Object.keys((load(compactCalendar(JSON.stringify(calendar))) as typeof calendar).holidays)).toEqual(
    Object.keys(calendar.holidays),
  );
});

test.each([
  ['{"holidays":{"2026-13-01":"x"}}', /2026-13-01/],
  ['{"holidays":{"1 May":"x"}}', /1 May/],
  ['{"holidays":{"2026-01-01":1}}', /2026-01-01/],
  ['{"version":"1.5"}', /version/],
  ['{"years":[2026]}', /years/],
])("refused, not dropped: %s", (json, message) => {
  expect(() => compactCalendar(json)).toThrow(message);
});

test("the loader is what the add-in's build applies to the package's file", () => {
  const config = fs.readFileSync(path.join(__dirname, "..", "..", "webpack.config.js"), "utf8");
  expect(config).toContain('loader: path.resolve(__dirname, "scripts/compact-calendar.js")');
});

test("the add-in's calendar: the dates of holidays and workdays, in order, and nothing the engine does not read", () => {
  const json = fs.readFileSync(PACKAGE, "utf8");
  const original = JSON.parse(json) as Record<string, Record<string, string>>;
  const built = load(compactCalendar(json, ["holidays", "workdays"])) as Record<string, Record<string, string>>;
  expect(Object.keys(built)).toEqual(["holidays", "workdays"]);
  for (const section of ["holidays", "workdays"]) {
    expect(Object.keys(built[section])).toEqual(Object.keys(original[section]));
  }
  expect(() => compactCalendar(json, ["holiday"])).toThrow(/holiday/);
  // The engine reads the dates alone: every use of the calendar in src is Object.keys of these two sections.
  const readers = fs
    .readdirSync(path.join(__dirname, "../../src"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => fs.readFileSync(path.join(__dirname, "../../src", f), "utf8"))
    .filter((text) => text.includes("chinese-days/dist/chinese-days.json"))
    .map((text) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, ""));
  expect(readers).toHaveLength(1);
  const [name] = /import (\w+) from "chinese-days\/dist\/chinese-days\.json"/.exec(readers[0])!.slice(1);
  const reads = [...readers[0].matchAll(new RegExp(`(.{0,12})\\b${name}\\s*([.[]\\s*\\w*)(.?)`, "g"))];
  expect(reads.map(([, before, field, after]) => `${before.slice(-12)}${name}${field}${after}`).sort()).toEqual([
    `Object.keys(${name}.holidays)`,
    `Object.keys(${name}.workdays)`,
  ]);
  // …and hands the calendar itself to nothing.
  expect(readers[0]).not.toMatch(new RegExp(`[(,]\\s*${name}\\s*[),]`));
});
