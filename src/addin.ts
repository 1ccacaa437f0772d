/**
 * The add-in's one script, dist/functions.js (issue 19 item 1): the custom functions, the ribbon's command and the
 * task pane share one runtime, so taskpane.html loads one bundle, each module once (src/excel/run.ts's one balance at
 * a time is one flag).
 *
 * The custom functions register as the script runs, so it works alone where there is no page: Excel's functions
 * runtime reads it by the manifest's Functions.Script.Url, and checks load it by name. In a page, the ribbon's command
 * is associated at once; the pane — the plan, the Office.js reader and writer, the pane's words and views — is one
 * chunk (pane.js) loaded when the pane is first shown, or by the ribbon's first click. A runtime started hidden for a
 * recalculated function never loads it.
 */
import "./functions/functions";
import { startCommands } from "./commands/commands";

/** Runs `start` once, when the page is first shown (at once if it is shown now). */
function onceShown(start: () => void): void {
  let started = false;
  const show = () => {
    if (!started) {
      started = true;
      start();
    }
  };
  if (document.visibilityState !== "hidden") {
    show();
    return;
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") show();
  });
  void Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) return;
    Office.addin
      .onVisibilityModeChanged((m) => {
        if (m.visibilityMode === Office.VisibilityMode.taskpane) show();
      })
      .catch(() => undefined);
  });
}

/** The pane's chunk did not come (the add-in's server, or the network to it): its words are in it, so both here. */
function paneMissing(): void {
  const out = document.getElementById("notice");
  if (!out) return;
  out.textContent = "面板未能加载，请关闭后重新打开。/ The pane could not be loaded: close it and open it again.";
  out.hidden = false;
}

if (typeof document !== "undefined") {
  startCommands();
  onceShown(() => {
    import(/* webpackChunkName: "pane" */ "./taskpane/chunk").then((pane) => pane.startPane(), paneMissing);
  });
}
