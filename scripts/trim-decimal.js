// A webpack loader for decimal.js in the add-in's scripts (issue 19 item 1): the library as it is, less the methods no
// code of the add-in calls — trigonometry, hyperbolic functions, roots, logarithms, exp, random, modulo, clamping,
// ceil, trunc, fractions, precision, and the exponential, significant-digit, binary, octal and hex writers — which
// were 4.7 KiB of functions.js gzipped (15 KiB of the library's 32 minified). What stays is decimal.js's own code,
// unchanged: what the engine calls, and what those call (`pow` stays: the constructor reads "0x1p100" through it, so
// the natural logarithm and exp behind it stay too).
//
// Each removal must be found, or the build fails (a new decimal.js is looked at again, not trimmed blindly); and
// `decimalUseCheck` fails the build when a script of the add-in calls a removed method after all.

const { ScriptCheck } = require("./script-check");

/** Prototype methods removed: each name and its alias (`P.sine = P.sin = function …`). */
const PROTOTYPE = [
  ["ceil"],
  ["clampedTo", "clamp"],
  ["cosine", "cos"],
  ["cubeRoot", "cbrt"],
  ["dividedToIntegerBy", "divToInt"],
  ["hyperbolicCosine", "cosh"],
  ["hyperbolicSine", "sinh"],
  ["hyperbolicTangent", "tanh"],
  ["inverseCosine", "acos"],
  ["inverseHyperbolicCosine", "acosh"],
  ["inverseHyperbolicSine", "asinh"],
  ["inverseHyperbolicTangent", "atanh"],
  ["inverseSine", "asin"],
  ["inverseTangent", "atan"],
  ["logarithm", "log"],
  ["modulo", "mod"],
  ["naturalExponential", "exp"],
  ["naturalLogarithm", "ln"],
  ["precision", "sd"],
  ["isPositive", "isPos"],
  ["sine", "sin"],
  ["squareRoot", "sqrt"],
  ["tangent", "tan"],
  ["toBinary"],
  ["toExponential"],
  ["toFraction"],
  ["toHexadecimal", "toHex"],
  ["toNearest"],
  ["toOctal"],
  ["toPrecision"],
  ["toSignificantDigits", "toSD"],
  ["truncated", "trunc"],
];

/** Static methods removed (`Decimal.sin = sin;` in `clone`). */
const STATIC = [
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "atan2",
  "cbrt",
  "clamp",
  "cos",
  "cosh",
  "exp",
  "hypot",
  "ln",
  "log",
  "log10",
  "log2",
  "mod",
  "random",
  "sign",
  "sin",
  "sinh",
  "sqrt",
  "sum",
  "tan",
  "tanh",
  "trunc",
];

/** Every name a removed method went by. */
const REMOVED_NAMES = [...new Set([...PROTOTYPE.flat(), ...STATIC])];

function trimDecimal(source) {
  let out = source;
  const cut = (pattern, what) => {
    if (!pattern.test(out)) throw new Error(`decimal.js: ${what} not found; look at scripts/trim-decimal.js again`);
    out = out.replace(pattern, "");
  };
  for (const [name, alias] of PROTOTYPE) {
    const names = alias ? `P\\.${name} = P\\.${alias} =` : `P\\.${name} =`;
    // Up to the first `};` at the start of a line: the end of that method's body.
    cut(new RegExp(`^${names} function[\\s\\S]*?^\\};`, "m"), `P.${name}`);
  }
  for (const name of STATIC) cut(new RegExp(`^ {2}Decimal\\.${name} = ${name};.*$`, "m"), `Decimal.${name}`);
  // π to 1,025 digits is read only by the trigonometric functions removed above.
  cut(/^PI = new Decimal\(PI\);/m, "PI = new Decimal(PI)");
  return out;
}

module.exports = function trimDecimalLoader(source) {
  return trimDecimal(source);
};

/** Fails the build when a script calls a removed method (`.sqrt(`, `["sqrt"]`); `Math.sqrt(` is not decimal.js. */
function decimalUseCheck() {
  const names = REMOVED_NAMES.join("|");
  return new ScriptCheck(
    "DecimalUseCheck",
    new RegExp(`(?<!\\bMath)\\.(${names})\\s*\\(|\\[\\s*["'\`](${names})["'\`]\\s*\\]`),
    "a method of decimal.js that scripts/trim-decimal.js removes",
  );
}

module.exports.trimDecimal = trimDecimal;
module.exports.REMOVED_NAMES = REMOVED_NAMES;
module.exports.decimalUseCheck = decimalUseCheck;
