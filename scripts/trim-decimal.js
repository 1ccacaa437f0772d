// A webpack loader for decimal.js in the add-in's scripts (issue 19 item 1): the library as it is, less the methods no
// code of the add-in calls — trigonometry, hyperbolic functions, roots, logarithms, exp, random, fractions and the
// binary/octal/hex writers — which were ~4 KiB of functions.js gzipped (31 KiB of the library's 127). What stays is
// decimal.js's own code, unchanged: what the engine calls, and what those call (`pow` stays: the constructor reads
// "0x1p100" through it, so the natural logarithm and exp behind it stay too).
//
// Each removal must be found, or the build fails (a new decimal.js is looked at again, not trimmed blindly); and
// `DecimalUseCheck` fails the build when a script of the add-in calls a removed method after all.

/** Prototype methods removed: each name and its alias (`P.sine = P.sin = function …`). */
const PROTOTYPE = [
  ["cosine", "cos"],
  ["cubeRoot", "cbrt"],
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
  ["naturalExponential", "exp"],
  ["naturalLogarithm", "ln"],
  ["sine", "sin"],
  ["squareRoot", "sqrt"],
  ["tangent", "tan"],
  ["toBinary"],
  ["toFraction"],
  ["toHexadecimal", "toHex"],
  ["toOctal"],
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
  "cos",
  "cosh",
  "exp",
  "hypot",
  "ln",
  "log",
  "log10",
  "log2",
  "random",
  "sin",
  "sinh",
  "sqrt",
  "tan",
  "tanh",
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

/**
 * Fails the build when an emitted script calls a method trimmed out of decimal.js (`.sqrt(`, `["sqrt"]`), which
 * would otherwise fail only when that line runs. `Math.sqrt(` and the like are not decimal.js.
 */
class DecimalUseCheck {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("DecimalUseCheck", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "DecimalUseCheck", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ANALYSE },
        (assets) => {
          const names = REMOVED_NAMES.join("|");
          const call = new RegExp(`(?<!\\bMath)\\.(${names})\\s*\\(|\\[\\s*["'\`](${names})["'\`]\\s*\\]`);
          for (const [file, asset] of Object.entries(assets)) {
            if (!file.endsWith(".js")) continue;
            const found = call.exec(asset.source().toString());
            if (found) {
              compilation.errors.push(
                new compiler.webpack.WebpackError(
                  `${file} calls decimal.js's ${found[1] ?? found[2]}, which scripts/trim-decimal.js removes`,
                ),
              );
            }
          }
        },
      );
    });
  }
}

module.exports.trimDecimal = trimDecimal;
module.exports.REMOVED_NAMES = REMOVED_NAMES;
module.exports.DecimalUseCheck = DecimalUseCheck;
