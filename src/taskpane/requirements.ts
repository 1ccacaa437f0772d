/**
 * The Office APIs the add-in cannot work without. The manifest declares them (<Requirements>), so Office does not
 * offer the add-in where they are missing; this check says so in the pane where a host still starts it (an older
 * build, a sideloaded manifest), instead of every read failing.
 */

/**
 * Highest first: ExcelApi 1.13 (Range.getMergedAreasOrNullObject) includes 1.9 (worksheets.onSelectionChanged);
 * SharedRuntime 1.1 (Office.addin); CustomFunctionsRuntime 1.3 (CustomFunctions.ErrorCode, src/functions).
 */
export const REQUIRED_SETS: readonly { name: string; version: string }[] = [
  { name: "ExcelApi", version: "1.13" },
  { name: "SharedRuntime", version: "1.1" },
  { name: "CustomFunctionsRuntime", version: "1.3" },
];

/** The required sets this host does not support, as "ExcelApi 1.13"; empty when all are there. */
export function missingSets(): string[] {
  const requirements = Office.context.requirements;
  return REQUIRED_SETS.filter((s) => !requirements.isSetSupported(s.name, s.version)).map(
    (s) => `${s.name} ${s.version}`,
  );
}
