// A webpack loader for src/policy/default.ts in the add-in's scripts (issue 19 item 1): the notice in force is read
// and checked as the build runs — by src/policy/policy.ts's own `readPolicy`, on the shipped JSON — and the script
// gets `defaultPolicy` as the object it returns, written out: a fresh object at each call, its amounts Decimals made
// from their exact text. The checker and its messages (4 KiB of functions.js gzipped) stay out of the add-in, which
// reads no other policy file; a file `readPolicy` refuses fails the build instead of the add-in's start. The command
// and the offline page read the file at run time as before.
//
// Two fields are left out of the script's object, as no code of the add-in reads them (0.7 KiB gzipped): the notes
// on how a clause is interpreted (`interpretation`, for people reading the file) and the clauses not encoded
// (`outOfScope`). `unreadFieldCheck` fails the build when a script reads either after all.

const { ScriptCheck } = require("./script-check");

/** Fields of the policy no script of the add-in reads, at any depth. */
const UNREAD = ["interpretation", "outOfScope"];

/** True for a decimal.js value (of any copy of the library: the build's runs apart from the script's). */
function isDecimal(value) {
  return value !== null && typeof value === "object" && value.constructor?.name === "Decimal" && "d" in value;
}

/** `value` as a JavaScript expression that makes an equal value, its Decimals by `d("…")`. */
function expression(value) {
  if (value === undefined) return "void 0";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number" && Number.isFinite(value)) return JSON.stringify(value);
  if (isDecimal(value)) return `d(${JSON.stringify(value.toFixed())})`;
  if (Array.isArray(value)) return `[${value.map(expression).join(",")}]`;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value)
      .filter(([key]) => !UNREAD.includes(key))
      .map(([key, v]) => `${JSON.stringify(key)}:${expression(v)}`)
      .join(",")}}`;
  }
  throw new Error(`policy-at-build: cannot write ${Object.prototype.toString.call(value)} into the script`);
}

/** The module the script gets for src/policy/default.ts: `defaultPolicy` returning `policy`, written out. */
function policyModule(policy) {
  return [
    'import Decimal from "decimal.js";',
    "const d = (v) => new Decimal(v);",
    "/** The notice in force: 渝北市监〔2024〕12号, as readPolicy read it when the script was built (less UNREAD). */",
    `export function defaultPolicy() { return ${expression(policy)}; }`,
    "",
  ].join("\n");
}

/**
 * Runs after ts-loader (enforce: "post"): default.ts is type-checked as written, run as the build runs (imported again
 * with `AT_BUILD` as its query, which this loader's rule leaves alone), and replaced by what it returned.
 */
module.exports = function policyAtBuildLoader() {
  const done = this.async();
  this.importModule(`${this.resourcePath}${AT_BUILD}`)
    .then((original) => done(null, policyModule(original.defaultPolicy())))
    .catch(done);
};

/** The query on default.ts when the build runs it. */
const AT_BUILD = "?at-build";

/** Fails the build when a script reads a field left out (`.outOfScope`, `["outOfScope"]`, `{ outOfScope: x }`). */
function unreadFieldCheck() {
  const names = UNREAD.join("|");
  return new ScriptCheck(
    "UnreadPolicyFieldCheck",
    new RegExp(`\\.(${names})\\b|["'\`](${names})["'\`]|[{,]\\s*(${names})\\s*[:,}]`),
    `a field of the policy that scripts/policy-at-build.js leaves out of the add-in (${UNREAD.join(", ")})`,
  );
}

module.exports.AT_BUILD = AT_BUILD;
module.exports.unreadFieldCheck = unreadFieldCheck;
module.exports.policyModule = policyModule;
