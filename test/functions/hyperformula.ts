/**
 * Evaluates workbooks that use PATENT.* outside Excel: HyperFormula with a function plugin whose functions
 * are given implementations (the built dist/functions.js, or the engine oracle), declared from
 * functions.json the way Excel reads it — string, number, boolean and any parameters, ranges as matrices,
 * optional ones, spilled results.
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type ImplementedFunctions,
  type Sheets,
} from "hyperformula";
import { CustomFunctionError, type CustomFunction, type ExcelArg, type FunctionMetadata } from "./bundle";

type Ast = { args: Ast[] };
type State = object;
interface PluginInternals {
  runFunction(args: Ast[], state: State, metadata: object, fn: (...args: unknown[]) => unknown): unknown;
  metadata(name: string): object;
  arraySizeForAst(ast: Ast, state: State): ArraySize;
}

const ARGUMENT_TYPES: Record<string, FunctionArgumentType> = {
  string: FunctionArgumentType.STRING,
  number: FunctionArgumentType.NUMBER,
  boolean: FunctionArgumentType.BOOLEAN,
  any: FunctionArgumentType.NOERROR,
};

/** HyperFormula's value as Excel would pass it: blank → null, dates and percentages → their number. */
function toExcel(v: unknown): ExcelArg {
  if (v === EmptyValue || v === undefined) return v === undefined ? undefined : null;
  if (typeof v === "object" && v !== null && "val" in v) return (v as { val: number }).val;
  return v as ExcelArg;
}

function fromExcel(result: unknown, spills: boolean): unknown {
  if (result instanceof CustomFunctionError) return new CellError(ErrorType.VALUE, result.message);
  return spills ? SimpleRangeValue.onlyValues(result as number[][]) : result;
}

/** A plugin class implementing every function of `metadata` under PATENT.<id> with `implementations`. */
export function patentPlugin(metadata: FunctionMetadata[], implementations: (id: string) => CustomFunction) {
  class PatentPlugin extends FunctionPlugin {
    static implementedFunctions: ImplementedFunctions = {};
  }
  const translations: Record<string, string> = {};
  for (const f of metadata) {
    const name = `PATENT.${f.id}`;
    const spills = f.result.dimensionality === "matrix";
    translations[name] = name;
    PatentPlugin.implementedFunctions[name] = {
      method: f.id,
      parameters: f.parameters.map((p) => ({
        argumentType: p.dimensionality === "matrix" ? FunctionArgumentType.RANGE : ARGUMENT_TYPES[p.type ?? "any"],
        optionalArg: p.optional === true,
      })),
      ...(spills ? { sizeOfResultArrayMethod: `${f.id}_SIZE`, vectorizationForbidden: true } : {}),
    };
    Object.defineProperty(PatentPlugin.prototype, f.id, {
      value(this: PluginInternals, ast: Ast, state: State) {
        return this.runFunction(ast.args, state, this.metadata(name), (...args: unknown[]) => {
          const excelArgs = args.map((a, i) =>
            f.parameters[i]?.dimensionality === "matrix" && a instanceof SimpleRangeValue
              ? a.rawData().map((row) => row.map(toExcel))
              : toExcel(a),
          );
          try {
            return fromExcel(implementations(f.id)(...excelArgs), spills);
          } catch (e) {
            return fromExcel(e, spills);
          }
        });
      },
    });
    if (spills) {
      // One payout per claim cell, as a column.
      Object.defineProperty(PatentPlugin.prototype, `${f.id}_SIZE`, {
        value(this: PluginInternals, ast: Ast, state: State) {
          const claims = this.arraySizeForAst(ast.args[0], state);
          return new ArraySize(1, claims.width * claims.height);
        },
      });
    }
  }
  return { plugin: PatentPlugin, translations: { enGB: translations } };
}

/** Builds the sheets with PATENT.* implemented by `implementations`, and returns every cell's value. */
export function evaluate(
  sheets: Sheets,
  metadata: FunctionMetadata[],
  implementations: (id: string) => CustomFunction,
): Record<string, unknown[][]> {
  const { plugin, translations } = patentPlugin(metadata, implementations);
  HyperFormula.registerFunctionPlugin(plugin, translations);
  try {
    const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3" });
    const values: Record<string, unknown[][]> = {};
    for (const name of hf.getSheetNames()) values[name] = hf.getSheetValues(hf.getSheetId(name)!);
    hf.destroy();
    return values;
  } finally {
    HyperFormula.unregisterFunctionPlugin(plugin);
  }
}
