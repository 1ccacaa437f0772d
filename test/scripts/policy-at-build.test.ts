/**
 * The add-in's notice in force, read as the build runs (scripts/policy-at-build.js, issue 19 item 1): the module it
 * writes returns what `readPolicy` returns, less the two fields no script reads, a fresh object at every call.
 */
import Decimal from "decimal.js";
import { defaultPolicy } from "../../src/policy";

const { policyModule, unreadFieldCheck } = require("../../scripts/policy-at-build.js") as {
  policyModule: (policy: unknown) => string;
  unreadFieldCheck: () => { pattern: RegExp };
};

/** Runs the written module and returns its `defaultPolicy`. */
function written(): () => unknown {
  const source = policyModule(defaultPolicy())
    .replace(/^import Decimal from "decimal.js";$/m, "")
    .replace(/^export function defaultPolicy/m, "return function defaultPolicy");
  return new Function("Decimal", source)(Decimal) as () => unknown;
}

/** `value` with the fields the add-in leaves out taken away. */
function withoutUnread(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnread);
  if (Decimal.isDecimal(value) || value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "interpretation" && key !== "outOfScope")
      .map(([key, v]) => [key, withoutUnread(v)]),
  );
}

test("the same policy as readPolicy gives, every amount the same Decimal, less interpretation and outOfScope", () => {
  const make = written();
  const built = make();
  expect(built).toEqual(withoutUnread(defaultPolicy()));
  expect(JSON.stringify(built)).toBe(JSON.stringify(withoutUnread(defaultPolicy())));
  expect(JSON.stringify(built)).not.toMatch(/interpretation|outOfScope/);
  const p1 = (built as { items: { id: string; perUnitCap: Decimal }[] }).items.find((i) => i.id === "P1")!;
  expect(Decimal.isDecimal(p1.perUnitCap)).toBe(true);
  expect(make()).not.toBe(built);
});

test("the build's check finds a script reading a field left out", () => {
  const { pattern } = unreadFieldCheck();
  expect(pattern.test("e.items[0].interpretation")).toBe(true);
  expect(pattern.test("const{outOfScope:n}=e")).toBe(true);
  expect(pattern.test('e["outOfScope"]')).toBe(true);
  expect(pattern.test("`(interpretation of ${e})`+e.clause")).toBe(false);
});
