/**
 * The zh-CN metadata (dist/functions.zh-cn.json) describes the same functions as functions.json: same ids,
 * parameters in the same order with the same types; only names and descriptions are Chinese.
 */
import { readMetadata, type FunctionMetadata, type Metadata } from "./bundle";

let en: Metadata;
let zh: Metadata;

beforeAll(() => {
  en = readMetadata("functions.json");
  zh = readMetadata("functions.zh-cn.json");
});

/** Everything Excel binds a call by: what may not differ between languages. */
function shape(f: FunctionMetadata) {
  return {
    id: f.id,
    result: f.result,
    parameters: f.parameters.map((p) => ({
      type: p.type,
      dimensionality: p.dimensionality,
      optional: p.optional,
    })),
  };
}

test("same ids, parameter counts, types and results as functions.json, in the same order", () => {
  expect(zh.functions.map(shape)).toEqual(en.functions.map(shape));
});

test("other top-level options are carried over unchanged", () => {
  const options = (m: Metadata) => Object.entries(m).filter(([key]) => key !== "functions");
  expect(options(zh)).toEqual(options(en));
});

test("Chinese names: at least 3 characters, Chinese, distinct, never an English id", () => {
  const names = zh.functions.map((f) => f.name);
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) {
    expect([...name].length).toBeGreaterThanOrEqual(3);
    expect(name).toMatch(/^\p{Script=Han}[\p{L}\p{N}_.]*$/u);
    expect(en.functions.some((f) => f.name === name)).toBe(false);
  }
});

test("every function and parameter has a Chinese name and description with an example", () => {
  for (const f of zh.functions) {
    expect(f.description).toMatch(/\p{Script=Han}/u);
    expect(f.description).toMatch(/例：=PATENT\./);
    for (const p of f.parameters) {
      expect(p.name).toMatch(/\p{Script=Han}/u);
      expect(p.description).toMatch(/例：/);
    }
  }
});

test("the Chinese examples call the functions by their Chinese names", () => {
  for (const f of zh.functions) expect(f.description).toContain(`=PATENT.${f.name}(`);
});

test("descriptions are single lines", () => {
  for (const m of [en, zh]) {
    for (const f of m.functions) {
      expect(f.description).not.toMatch(/\n/);
      for (const p of f.parameters) expect(p.description).not.toMatch(/\n/);
    }
  }
});
