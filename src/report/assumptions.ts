/**
 * The defaults a run took that can change a payout (LEDGER.md "Assumptions are shown where money is decided"): an
 * absent district, kind or other-funding column, each a sentence naming its sheet that the bureau signs for. Made
 * here only, for the console, 汇总's 说明 block, the task pane and the JSON.
 */
import type { FieldId, Lang } from "../engine/types";
import type { LedgerRead, SheetMapping } from "../ledger";
import { labels } from "./labels";

export interface Assumption {
  sheet: string;
  field: FieldId;
  /** The value taken for every row (`inDistrict`, `asItemRequires`, `no`, `1`). */
  value: string;
  zh: string;
  en: string;
}

function sheetLine(mapping: SheetMapping, texts: string[], lang: Lang): string {
  const A = labels(lang).assumptions;
  return A.line(A.sheet(mapping.sheet, mapping.item), texts.join(A.separator));
}

/** The sheets read as ledgers, each with the defaults it took that can change a payout. */
function assumingSheets(ledger: LedgerRead): { mapping: SheetMapping; defaults: SheetMapping["defaults"] }[] {
  return ledger.sheets
    .filter((s) => s.missing.length === 0)
    .map((mapping) => ({ mapping, defaults: mapping.defaults.filter((d) => d.assumption) }))
    .filter((s) => s.defaults.length > 0);
}

export function assumptionsOf(ledger: LedgerRead): Assumption[] {
  return assumingSheets(ledger).flatMap(({ mapping, defaults }) =>
    defaults.map((d) => ({
      sheet: mapping.sheet,
      field: d.field,
      value: d.value,
      zh: sheetLine(mapping, [d.zh], "zh"),
      en: sheetLine(mapping, [d.en], "en"),
    })),
  );
}

/** The console's first lines: the heading, then one sentence a line; none when nothing was assumed. */
export function assumptionLines(ledger: LedgerRead, lang: Lang): string[] {
  const sentences = assumptionsOf(ledger).map((a) => `  ${a[lang]}`);
  return sentences.length > 0 ? [labels(lang).assumptions.title, ...sentences] : [];
}

/**
 * 汇总's 说明 block, under its title: the heading, then one cell per sheet holding that sheet's sentences. At most
 * `lines` lines, the last holding every sheet left, so that the header below stays where a later run looks for it
 * (src/report/earlierRun.ts, src/ledger/prior.ts: among the first rows).
 */
export function assumptionBlock(ledger: LedgerRead, lang: Lang, lines: number): string[] {
  const cells = assumingSheets(ledger).map(({ mapping, defaults }) =>
    sheetLine(
      mapping,
      defaults.map((d) => d[lang]),
      lang,
    ),
  );
  if (cells.length === 0) return [];
  const room = Math.max(1, lines - 1);
  const kept = cells.length <= room ? cells : [...cells.slice(0, room - 1), cells.slice(room - 1).join(" ")];
  return [labels(lang).assumptions.title, ...kept];
}
