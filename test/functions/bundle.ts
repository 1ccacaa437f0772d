/**
 * Loads the BUILT custom functions (dist/functions.js, run `npm run build:addin` first) the way Excel's
 * runtime does: the bundle runs in its own context with a `CustomFunctions` global whose `associate`
 * records each id's function. Also reads the metadata Excel reads (functions.json, functions.zh-cn.json).
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

/** The project root: found by walking up, as this file also runs compiled into lib-bench/ for the bench. */
function projectRoot(dir: string): string {
  if (fs.existsSync(path.join(dir, "webpack.config.js"))) return dir;
  const parent = path.dirname(dir);
  if (parent === dir) throw new Error("webpack.config.js not found above " + __dirname);
  return projectRoot(parent);
}

export const DIST = path.join(projectRoot(__dirname), "dist");

export interface ParameterMetadata {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: "matrix";
  optional?: boolean;
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  parameters: ParameterMetadata[];
  result: { type?: string; dimensionality?: "matrix" };
}

export interface Metadata {
  functions: FunctionMetadata[];
}

/** What Excel passes: numbers, text, booleans, null for blank or omitted, 2-D arrays for ranges. */
export type ExcelArg = number | string | boolean | null | undefined | ExcelArg[][];
export type CustomFunction = (...args: ExcelArg[]) => unknown;

/** The runtime's error type, as the stub provides it. */
export class CustomFunctionError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

export function readMetadata(file = "functions.json"): Metadata {
  return JSON.parse(fs.readFileSync(path.join(DIST, file), "utf8")) as Metadata;
}

/**
 * Runs dist/functions.js in a fresh context. `displayLanguage` plays Office's display language; without it
 * there is no `Office` global, as before Office is ready.
 */
export function loadFunctions(displayLanguage?: string): Map<string, CustomFunction> {
  const file = path.join(DIST, "functions.js");
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:addin\` first`);
  const associated = new Map<string, CustomFunction>();
  const globals: Record<string, unknown> = {
    CustomFunctions: {
      associate(id: string, fn: CustomFunction) {
        associated.set(id, fn);
      },
      Error: CustomFunctionError,
      ErrorCode: ERROR_CODES,
    },
  };
  if (displayLanguage !== undefined) globals.Office = { context: { displayLanguage } };
  vm.runInContext(fs.readFileSync(file, "utf8"), vm.createContext(globals), { filename: file });
  return associated;
}

/** Calls a function and returns its value, or the CustomFunctions.Error it threw. */
export function callExcel(fn: CustomFunction, args: ExcelArg[]): unknown {
  try {
    return fn(...args);
  } catch (e) {
    if (e instanceof CustomFunctionError) return e;
    throw e;
  }
}
