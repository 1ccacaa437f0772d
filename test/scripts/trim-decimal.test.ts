/**
 * The add-in's decimal.js less the methods no script calls (scripts/trim-decimal.js, issue 19 item 1): what stays
 * computes as the library does, what went is gone, and the build's check finds a call to what went.
 */
import * as fs from "fs";
import Decimal from "decimal.js";

const { trimDecimal, decimalUseCheck } = require("../../scripts/trim-decimal.js") as {
  trimDecimal: (source: string) => string;
  decimalUseCheck: () => { pattern: RegExp };
};

const SOURCE = fs.readFileSync(require.resolve("decimal.js/decimal.mjs"), "utf8");

/** The trimmed library, run as CommonJS: its default export. */
function trimmed(): typeof Decimal {
  const source = trimDecimal(SOURCE)
    .replace(/^export var Decimal =/m, "var Decimal =")
    .replace(/^export default Decimal;/m, "return Decimal;");
  return new Function(source)() as typeof Decimal;
}

test("what the engine computes with gives the library's own results, hex and binary exponents included", () => {
  const D = trimmed();
  const D40 = D.clone({ precision: 40, rounding: D.ROUND_HALF_UP });
  const R40 = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
  for (const [a, b] of [
    ["1234.565", "3"],
    ["0.1", "0.2"],
    ["99999999999999.995", "-7"],
    ["1e-30", "123456789.123456789"],
  ]) {
    const x = new D40(a);
    const y = new R40(a);
    expect(x.plus(b).toString()).toBe(y.plus(b).toString());
    expect(x.minus(b).toString()).toBe(y.minus(b).toString());
    expect(x.times(b).toFixed(2)).toBe(y.times(b).toFixed(2));
    expect(x.dividedBy(b).toString()).toBe(y.dividedBy(b).toString());
    expect(x.toDecimalPlaces(2, D.ROUND_HALF_EVEN).toFixed()).toBe(
      y.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(),
    );
    expect(x.greaterThan(b)).toBe(y.greaterThan(b));
    expect(x.toNumber()).toBe(y.toNumber());
  }
  for (const text of ["0x1p100", "0x1.8p3", "0b101", "0o17", "Infinity", "NaN"]) {
    expect(new D(text).toString()).toBe(new Decimal(text).toString());
  }
  expect(new D(2).pow(10).toString()).toBe("1024");
  expect(JSON.stringify({ a: new D("1.50") })).toBe('{"a":"1.5"}');
});

test("the methods no script calls are gone, and the build's check finds a call to one", () => {
  const D = trimmed() as unknown as Record<string, unknown> & { prototype: Record<string, unknown> };
  for (const name of ["sin", "cos", "sqrt", "ln", "log", "exp", "toFraction", "toHex", "mod", "toPrecision"]) {
    expect(D.prototype[name]).toBeUndefined();
  }
  for (const name of ["sin", "sqrt", "random", "hypot", "log10"]) expect(D[name]).toBeUndefined();
  const { pattern } = decimalUseCheck();
  expect(pattern.test("a.plus(b).sqrt()")).toBe(true);
  expect(pattern.test('x["toFraction"]')).toBe(true);
  expect(pattern.test("Math.sqrt(2)+Math.log(3)+a.plus(b).toFixed(2)")).toBe(false);
});

test("a decimal.js without a method it removes is refused, not trimmed blindly", () => {
  expect(() => trimDecimal(SOURCE.replace("P.squareRoot = P.sqrt = function", "P.root = function"))).toThrow(
    /squareRoot/,
  );
});
