/**
 * The ribbon's 一键平衡: the same balance as the task pane's button, with the mapping and options
 * saved in the workbook, and no pane. When nothing can be balanced the pane opens to say why.
 *
 * One balance at a time: while the pane's (or an earlier click's) balance runs, a click is refused and does nothing
 * else. The running balance is already in view (the pane's progress) or was asked for from this button a moment
 * ago; its result is what the user wanted, and opening the pane would not show the ribbon's progress anyway.
 */
import { defaultPolicy } from "../policy";
import { missingSets } from "../taskpane/requirements";

const policy = defaultPolicy();

async function balanceNow(event: Office.AddinCommands.Event): Promise<void> {
  try {
    // An Excel without the APIs the add-in needs: the pane says which are missing.
    if (missingSets().length > 0) {
      await Office.addin.showAsTaskpane();
      return;
    }
    // The balance is the pane's chunk, loaded on the first click (src/addin.ts); clicks made while it loads are
    // refused below like clicks during a balance.
    const { balanceRunning, balanceWorkbook, oneBalanceAtATime, parseSaved, langOf } = await import(
      /* webpackChunkName: "pane" */ "../taskpane/chunk"
    );
    if (balanceRunning()) return;
    const lang = langOf(Office.context.displayLanguage);
    const run = await oneBalanceAtATime(() =>
      Excel.run((context) => balanceWorkbook(context, policy, (snapshot) => parseSaved(snapshot.saved, policy), lang)),
    );
    if (!run.result) await Office.addin.showAsTaskpane();
  } catch {
    // A ribbon command has no surface of its own: the pane shows the problem in full.
    await Office.addin.showAsTaskpane();
  } finally {
    event.completed();
  }
}

/** Called once the page's Office is loaded (src/addin.ts). */
export function startCommands(): void {
  void Office.onReady(() => Office.actions.associate("balanceNow", balanceNow));
}
