/** A policy file's text: a key given twice in one object is refused, naming the key and its path (JSON.parse keeps the later). */
import { readFileSync } from "fs";
import path from "path";
import { parsePolicyJson, PolicyError } from "../../src/policy";

function refusal(text: string): string {
  try {
    parsePolicyJson(text);
  } catch (e) {
    if (e instanceof PolicyError) return e.message;
    throw e;
  }
  throw new Error("parsePolicyJson accepted the text");
}

describe("parsePolicyJson", () => {
  test("the shipped file gives no key twice", () => {
    const text = readFileSync(path.join(__dirname, "../../src/policy/yubei-2024-12.json"), "utf8");
    expect(parsePolicyJson(text)).toEqual(JSON.parse(text));
  });

  test("P4's perUnitCap given twice: refused, naming the key and where it stands, in both languages", () => {
    const text = `{"items": [{"id": "P1"}, {"id": "P4", "perUnitCap": {"yuan": "200000"}, "perUnitCap": {"yuan": "2000000"}}]}`;
    const message = refusal(text);
    expect(message).toContain('policy field "items[1].perUnitCap"');
    expect(message).toContain("键“perUnitCap”在同一对象中出现两次");
    expect(message).toContain('the key "perUnitCap" is given twice');
  });

  test("a key written with an escape is the same key", () => {
    expect(refusal(`{"a": {"b": 1, "\\u0062": 2}}`)).toContain('policy field "a.b"');
  });

  test("equal keys in different objects, and key-like strings among values, are fine", () => {
    const text = `{"a": {"yuan": "1"}, "b": {"yuan": "2"}, "list": ["yuan", "yuan", {"yuan": "x,\\"y\\"{["}]}`;
    expect(parsePolicyJson(text)).toEqual(JSON.parse(text));
  });

  test("nested deep, it neither overflows the stack nor misses a key", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(() => parsePolicyJson(deep)).not.toThrow();
    expect(refusal(`[[{"x": 1, "y": [{}, {"z": 1, "z": 2}]}]]`)).toContain('policy field "[0][0].y[1].z"');
  });

  test("text that is no JSON is a SyntaxError, as JSON.parse gives", () => {
    expect(() => parsePolicyJson("{")).toThrow(SyntaxError);
  });
});
