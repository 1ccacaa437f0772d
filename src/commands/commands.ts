/**
 * The ribbon's 一键平衡: the same balance as the task pane's button, with the mapping and options
 * saved in the workbook, and no pane. When nothing can be balanced the pane opens to say why.
 */
import { balanceWorkbook, parseSaved } from "../excel";
import { defaultPolicy } from "../policy";
import { langOf } from "../taskpane/i18n";

const policy = defaultPolicy();

async function balanceNow(event: Office.AddinCommands.Event): Promise<void> {
  try {
    const lang = langOf(Office.context.displayLanguage);
    const run = await Excel.run((context) =>
      balanceWorkbook(context, policy, (snapshot) => parseSaved(snapshot.saved, policy), lang),
    );
    if (!run.result) await Office.addin.showAsTaskpane();
  } catch {
    // A ribbon command has no surface of its own: the pane shows the problem in full.
    await Office.addin.showAsTaskpane();
  } finally {
    event.completed();
  }
}

Office.onReady(() => {
  Office.actions.associate("balanceNow", balanceNow);
});
