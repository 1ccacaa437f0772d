/**
 * The task pane: map the sheets, check them, balance, fill in the publicity dates. It reads and
 * writes the workbook only through src/excel, and computes nothing the report does not.
 *
 * Its layout (issue 17 item 7): the cards (mapping, check, options, the year before, result, explanation) are
 * <details> that start closed as one line each; 一键平衡 with the batch and the publicity start stands in a bar
 * last in the page, sticky at the bottom, so it is never scrolled away.
 */
import type { ItemId, Lang } from "../engine/types";
import { whyNotPaid } from "../engine/reasons";
import {
  BalanceBusyError,
  balanceRunning,
  balanceWorkbook,
  choicesOf,
  oneBalanceAtATime,
  parseSaved,
  readWorkbook,
  selectRef,
  SETTINGS_KEY,
  serialiseSaved,
  watchSelection,
  type SavedState,
  type Step,
  type WorkbookSnapshot,
} from "../excel";
import { defaultPolicy } from "../policy";
import {
  balancePrepared,
  explainRow,
  planBalance,
  prepare,
  publicityEndOf,
  type BalancedPlan,
  type Prepared,
} from "../plan";
import { ownSheets, skippedSheets, unreadableSheets } from "../ledger";
import { LedgerTooLargeError } from "../ledger/limits";
import { REPORT_SHEETS, SHEETS } from "../report";
import { moneyText } from "../report/format";
import { CONTACT_KEYS, joinContact, splitContact, type ContactParts } from "./contact";
import { byId, el, option, replace } from "./dom";
import { langOf, strings, type Strings } from "./i18n";
import { renderMapping } from "./mapping";
import { missingSets } from "./requirements";
import {
  assumptionsView,
  blockingList,
  changesList,
  explainHead,
  explanationView,
  PROBLEMS_SHOWN,
  problemItem,
  resultView,
  unreadableList,
  yearBeforeTable,
  yearLine,
  type View,
} from "./views";

const policy = defaultPolicy();

interface PaneState {
  lang: Lang;
  t: Strings;
  snapshot?: WorkbookSnapshot;
  saved?: SavedState;
  prepared?: Prepared;
  /** The last balance written in this session, which a selected row is explained from. */
  balanced?: BalancedPlan;
  /** Computed from the workbook as read, when nothing was balanced in this session yet (not written). */
  draft?: BalancedPlan;
}

const pane: PaneState = { lang: "zh", t: strings("zh") };

function text(id: string, value: string): void {
  byId(id).textContent = value;
}

function applyTexts(): void {
  const { t } = pane;
  document.documentElement.lang = pane.lang === "zh" ? "zh-CN" : "en";
  document.title = t.title;
  text("title", t.title);
  text("subtitle", t.subtitle(policy.notice));
  text("step-mapping", t.steps.mapping);
  text("mapping-intro", t.mappingIntro);
  text("save-mapping", t.saveMapping);
  text("reload", t.reload);
  text("step-check", t.steps.check);
  text("line-check", t.lines.check);
  text("check-intro", t.checkIntro);
  text("check", t.check);
  text("step-options", t.steps.options);
  text("step-result", t.steps.result);
  text("line-result", t.lines.resultNone);
  text("lbl-reallocate", t.reallocate);
  text("lbl-rule", t.rule);
  text("lbl-priority", t.priority);
  text("lbl-rounding", t.rounding);
  text("lbl-batch", t.batch);
  text("lbl-prior", t.prior);
  text("lbl-earlier-file", t.earlierFile);
  text("lbl-valid-patents", t.validPatents);
  text("lbl-survey", t.survey);
  text("lbl-survey-answered", t.surveyAnswered);
  text("lbl-contact", t.contact);
  text("lbl-contact-person", t.contactPerson);
  text("lbl-contact-phone", t.contactPhone);
  text("lbl-contact-address", t.contactAddress);
  text("balance", t.balance);
  text("step-explain", t.steps.explain);
  text("line-explain", t.lines.explain);
  text("explain-hint", t.explainHint);
  text("lbl-publicity", t.publicityStart);
  text("lbl-publicity-required", t.publicityRequired);
  text("draft-text", t.draft);
  text("draft-date", t.draftDate);
  text("draft-go", t.draftGo);
}

/** A card opened for the clerk: what it now shows is what they asked for (a result, a refusal, an explanation). */
function openCard(id: string): void {
  byId<HTMLDetailsElement>(id).open = true;
}

/** The contact fields, keyed as the line the run takes. */
const CONTACT_FIELDS: Record<keyof ContactParts, string> = {
  联系人: "opt-contact-person",
  电话: "opt-contact-phone",
  地址: "opt-contact-address",
};

function saved(): SavedState {
  if (!pane.saved) throw new Error("the workbook has not been read");
  return pane.saved;
}

/** Options form ← saved options; each control writes straight back into them. */
function renderOptions(): void {
  const { t } = pane;
  const o = saved().options;
  const reallocate = byId<HTMLInputElement>("opt-reallocate");
  reallocate.checked = o.reallocate;
  const rule = byId<HTMLSelectElement>("opt-rule");
  replace(
    rule,
    option("shortfall", t.rules.shortfall, o.reallocationRule === "shortfall"),
    option("priority", t.rules.priority, o.reallocationRule === "priority"),
  );
  rule.disabled = !o.reallocate;
  const priority = byId<HTMLInputElement>("opt-priority");
  priority.value = o.priority.join(",");
  byId("row-priority").hidden = !o.reallocate || o.reallocationRule !== "priority";
  replace(
    byId("opt-rounding"),
    option("fen", t.roundings.fen, o.rounding === "fen"),
    option("yuan", t.roundings.yuan, o.rounding === "yuan"),
  );
  replace(
    byId("opt-batch"),
    option("", t.batchNone, o.batch === undefined),
    ...policy.batches.map((b) => option(String(b.batch), t.batchN(b.batch), o.batch === b.batch)),
  );
  const grids = pane.snapshot?.grids ?? [];
  const { own } = ownSheets(grids);
  const sheets = grids.map((g) => g.name).filter((n) => !own.has(n));
  replace(
    byId("opt-prior"),
    option("auto", t.priorAuto, o.priorSheet === "auto"),
    option("none", t.priorNone, o.priorSheet === "none"),
    ...sheets.map((n) => option(n, n, o.priorSheet === n)),
  );
  byId<HTMLInputElement>("opt-valid-patents").value = o.universityValidPatents?.toString() ?? "";
  byId<HTMLInputElement>("opt-survey-satisfied").value = o.survey?.satisfied.toString() ?? "";
  byId<HTMLInputElement>("opt-survey-answered").value = o.survey?.answered.toString() ?? "";
  const contact = splitContact(o.contact);
  for (const key of CONTACT_KEYS) byId<HTMLInputElement>(CONTACT_FIELDS[key]).value = contact[key];
  byId<HTMLInputElement>("publicity-start").value = o.publicityStart ?? "";
  showPublicityEnd();
  showOptionsLine();
}

/** The options card closed: the choices that change a payout, in one line. */
function showOptionsLine(): void {
  const { t } = pane;
  const o = saved().options;
  const prior = o.priorSheet === "auto" ? t.priorAuto : o.priorSheet === "none" ? t.priorNone : o.priorSheet;
  text(
    "line-options",
    t.lines.options([
      o.reallocate ? t.rules[o.reallocationRule] : t.lines.noReallocation,
      `${t.rounding}：${t.roundings[o.rounding]}`,
      `${t.prior}：${prior}`,
    ]),
  );
}

/** A whole number ≥ 0 typed in a field, else undefined (the input is then left out, as the command does). */
function count(id: string): number | undefined {
  const v = byId<HTMLInputElement>(id).value.trim();
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

function bindOptions(): void {
  const opts = () => saved().options;
  byId<HTMLInputElement>("opt-reallocate").addEventListener("change", (e) => {
    opts().reallocate = (e.target as HTMLInputElement).checked;
    renderOptions();
  });
  byId<HTMLSelectElement>("opt-rule").addEventListener("change", (e) => {
    opts().reallocationRule = (e.target as HTMLSelectElement).value === "priority" ? "priority" : "shortfall";
    renderOptions();
  });
  byId<HTMLInputElement>("opt-priority").addEventListener("change", (e) => {
    const ids = (e.target as HTMLInputElement).value.toUpperCase().match(/P[1-8]/g) ?? [];
    opts().priority = [...new Set(ids)] as ItemId[];
  });
  byId<HTMLSelectElement>("opt-rounding").addEventListener("change", (e) => {
    opts().rounding = (e.target as HTMLSelectElement).value === "yuan" ? "yuan" : "fen";
    showOptionsLine();
  });
  byId<HTMLSelectElement>("opt-batch").addEventListener("change", (e) => {
    const v = (e.target as HTMLSelectElement).value;
    opts().batch = v === "" ? undefined : Number(v);
  });
  byId<HTMLSelectElement>("opt-prior").addEventListener("change", (e) => {
    opts().priorSheet = (e.target as HTMLSelectElement).value;
    showOptionsLine();
    recompute();
  });
  byId<HTMLInputElement>("opt-valid-patents").addEventListener("change", () => {
    opts().universityValidPatents = count("opt-valid-patents");
  });
  for (const id of ["opt-survey-satisfied", "opt-survey-answered"]) {
    byId<HTMLInputElement>(id).addEventListener("change", () => {
      const [satisfied, answered] = [count("opt-survey-satisfied"), count("opt-survey-answered")];
      opts().survey = satisfied !== undefined && answered !== undefined ? { satisfied, answered } : undefined;
    });
  }
  byId<HTMLInputElement>("opt-earlier-file").addEventListener("change", (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (file) importEarlierResult(file).catch(showError("earlier-file-result"));
  });
  for (const key of CONTACT_KEYS) {
    byId<HTMLInputElement>(CONTACT_FIELDS[key]).addEventListener("change", () => {
      const value = (k: keyof ContactParts) => byId<HTMLInputElement>(CONTACT_FIELDS[k]).value;
      opts().contact = joinContact({ 联系人: value("联系人"), 电话: value("电话"), 地址: value("地址") });
    });
  }
  byId<HTMLInputElement>("publicity-start").addEventListener("change", (e) => {
    const v = (e.target as HTMLInputElement).value;
    opts().publicityStart = v === "" ? undefined : v;
    if (v !== "") byId("draft-prompt").hidden = true;
    showPublicityEnd();
  });
}

/** The ledger as the reader sees it with the current choices; the mapping cards follow. */
function recompute(): void {
  const snapshot = pane.snapshot;
  if (!snapshot) return;
  pane.prepared = prepare(snapshot.grids, policy, choicesOf(saved()));
  renderMapping(byId("sheets"), {
    grids: snapshot.grids,
    ledger: pane.prepared.ledger,
    overrides: saved().overrides,
    policy,
    lang: pane.lang,
    t: pane.t,
    onChange: (sheet, override) => {
      if (override) saved().overrides[sheet] = override;
      else delete saved().overrides[sheet];
      recompute();
    },
  });
  const none = byId("no-ledger");
  none.hidden = pane.prepared.ledger.claims.length > 0;
  none.textContent = pane.t.noLedger;
  const { blocking, ledger } = pane.prepared;
  const unreadable = unreadableSheets(ledger);
  text(
    "line-mapping",
    pane.t.lines.mapping(
      ledger.sheets.filter((m) => m.missing.length === 0 && !m.conflicts).length,
      unreadable.length,
      skippedSheets(ledger).length,
    ),
  );
  text("line-year", yearLine(view(), pane.prepared));
  replace(byId("year-table"), yearBeforeTable(view(), pane.prepared) ?? el("p", { class: "hint" }, pane.t.sourceNone));
  replace(byId("assumptions"), ...assumptionsView(view(), pane.prepared));
  // Sheets and rows that stop the balance are shown as soon as the workbook is read; the balance re-reads and
  // refuses them.
  const out = byId("balance-result");
  if (blocking.length > 0 || unreadable.length > 0) {
    replace(
      out,
      ...(unreadable.length > 0 ? unreadableList(view(), unreadable) : []),
      ...(blocking.length > 0 ? blockingList(view(), blocking) : []),
    );
    text("line-result", pane.t.lines.resultRefused);
    openCard("card-result");
  } else if (out.querySelector(".blocking, .unreadable")) {
    replace(out);
    text("line-result", pane.t.lines.resultNone);
  }
}

/** A file's bytes as base64, as insertWorksheetsFromBase64 takes them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * An earlier batch's result chosen by the clerk: its 累计已兑付 sheet brought into this workbook (ExcelApi 1.13),
 * then the workbook read again — the year before shows above 一键平衡. A 累计已兑付 already here is never replaced.
 */
async function importEarlierResult(file: File): Promise<void> {
  const { t } = pane;
  const base64 = await base64Of(file);
  const said = await Excel.run(async (context) => {
    const existing = context.workbook.worksheets.getItemOrNullObject(SHEETS.cumulative);
    existing.load("name");
    await context.sync();
    if (!existing.isNullObject) return { bad: true, text: t.earlierFileOwn };
    context.workbook.insertWorksheetsFromBase64(base64, { sheetNamesToInsert: [SHEETS.cumulative] });
    try {
      await context.sync();
    } catch (e) {
      // Excel refuses a file that is no workbook, or one without the sheet named.
      if ((e as { code?: string }).code !== "InvalidArgument") throw e;
      return { bad: true, text: t.earlierFileNotResult(file.name) };
    }
    return { bad: false, text: t.earlierFileRead(file.name) };
  });
  await reload();
  replace(byId("earlier-file-result"), el("p", { class: `message${said.bad ? " message-bad" : ""}` }, said.text));
}

/** What the pane shows is built by views.ts, shared with the offline page; a cell named is a click away here. */
function view(): View {
  return {
    t: pane.t,
    lang: pane.lang,
    goTo: (ref) => void Excel.run((context) => selectRef(context, ref)).catch(showError("check-result")),
  };
}

async function reload(): Promise<void> {
  const snapshot = await Excel.run((context) => readWorkbook(context, REPORT_SHEETS));
  pane.snapshot = snapshot;
  pane.draft = undefined;
  pane.saved ??= parseSaved(snapshot.saved, policy);
  renderOptions();
  recompute();
}

async function saveState(): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(SETTINGS_KEY, serialiseSaved(saved()));
    await context.sync();
  });
}

function check(): void {
  const prepared = pane.prepared;
  if (!prepared) return;
  const { t, lang } = pane;
  const { ledger } = prepared;
  const result = balancePrepared(prepared, policy, saved().options);
  const v = view();
  const items: HTMLElement[] = [
    ...prepared.blocking.map((p) =>
      problemItem(v, { sheet: p.sheet, row: p.row, column: p.column, header: p.header }, `${t.blocking}${p[lang]}`),
    ),
    // A sheet that is no ledger (填表说明) is shown as skipped on its mapping card, not as a problem.
    ...unreadableSheets(ledger).map((p) => problemItem(v, undefined, `${t.blocking}${p[lang]}`)),
    ...ledger.rowProblems.map((p) =>
      problemItem(v, { sheet: p.sheet, row: p.row, column: p.column, header: p.header }, p[lang]),
    ),
    ...result.rows
      .filter((r) => r.status !== "paid")
      .flatMap((r) => whyNotPaid(r).map((x) => problemItem(v, x.ref, x[lang]))),
  ];
  const out = byId("check-result");
  text("line-check", items.length === 0 ? t.checkNone : t.checkFound(items.length));
  if (items.length === 0) {
    replace(out, el("p", { class: "message message-ok" }, t.checkNone));
    return;
  }
  replace(
    out,
    el("p", { class: "message message-warn" }, t.checkFound(items.length)),
    el("ul", { class: "problems" }, ...items.slice(0, PROBLEMS_SHOWN)),
    items.length > PROBLEMS_SHOWN ? el("p", { class: "hint" }, t.checkMore(items.length - PROBLEMS_SHOWN)) : null,
  );
}

/**
 * Whether this balance would write 公示名单: the workbook as last read has claims and nothing that stops the run
 * (the balance itself reads again and decides).
 */
function writesList(): boolean {
  const prepared = pane.prepared;
  if (!prepared) return false;
  const { ledger, blocking, refusal } = prepared;
  return ledger.claims.length > 0 && blocking.length === 0 && !refusal && unreadableSheets(ledger).length === 0;
}

/**
 * 一键平衡 pressed. Without a publicity start 公示名单 would have no period (§四(二)): the bar asks first — fill in the
 * date, or go on with a 草稿 — and never writes a list without one unasked. The ribbon has no such question: it
 * writes what the saved options say.
 */
function balancePressed(): void {
  const prompt = byId("draft-prompt");
  if (!saved().options.publicityStart && writesList()) {
    prompt.hidden = false;
    byId("draft-go").focus();
    return;
  }
  prompt.hidden = true;
  runBalance().catch(balanceFailed);
}

/** The pane's balance; refused at once while another (the ribbon's, or this pane's) runs. */
async function runBalance(): Promise<void> {
  if (balanceRunning()) {
    replace(byId("balance-status"), el("span", { class: "busy", role: "alert" }, pane.t.busy));
    return;
  }
  await oneBalanceAtATime(balanceInPane);
}

/** The result card opened with the outcome, and the bar's status line saying it in a few words. */
function showOutcome(status: string, line: string): void {
  text("balance-status", status);
  text("line-result", line);
  openCard("card-result");
}

function balanceFailed(e: unknown): void {
  showError("balance-result")(e);
  showOutcome(pane.t.balanceRefused, pane.t.lines.resultRefused);
}

async function balanceInPane(): Promise<void> {
  const { t, lang } = pane;
  const button = byId<HTMLButtonElement>("balance");
  const progress = byId<HTMLProgressElement>("progress");
  const out = byId("balance-result");
  const status = byId("balance-status");
  const order: Step[] = ["read", "balance", "write", "done"];
  button.disabled = true;
  progress.hidden = false;
  progress.value = 0;
  // Within the read and the write the bar moves with each sync; how many there will be is known only at the end,
  // so each sync takes it part of the way left to the next step.
  const onStep = (step: Step, syncs: number) => {
    progress.value = order.indexOf(step) + (syncs > 0 ? 0.9 * (syncs / (syncs + 1)) : 0);
    status.textContent = `${t.steps2[step]}${syncs > 0 ? t.progressSyncs(syncs) : ""}`;
  };
  try {
    const state = saved();
    const run = await Excel.run((context) => balanceWorkbook(context, policy, state, lang, onStep));
    if (run.plan.kind === "balanced") pane.balanced = run.plan;
    if (!run.result) {
      const { plan } = run;
      if (plan.kind === "unreadable") replace(out, ...unreadableList(view(), plan.sheets));
      else if (plan.kind === "blocked") replace(out, ...blockingList(view(), plan.prepared.blocking));
      else if (plan.kind === "refused") replace(out, el("p", { class: "message message-bad" }, plan.message[lang]));
      else replace(out, el("p", { class: "message message-warn" }, t.noLedger));
      showOutcome(t.balanceRefused, t.lines.resultRefused);
      return;
    }
    replace(
      out,
      ...resultView(view(), run.result),
      ...run.plan.prepared.notices.map((n) => el("p", { class: "message message-warn notice" }, n[lang])),
      ...changesList(view(), run.plan.kind === "balanced" ? run.plan.changes : undefined),
      el("p", { class: "hint" }, t.written),
    );
    const paid = moneyText(run.result.totals.awards.paid);
    showOutcome(t.balanceDone(paid), t.lines.resultPaid(paid));
    byId("card-result").scrollIntoView({ block: "start" });
    await reload();
  } catch (e) {
    balanceFailed(e);
  } finally {
    button.disabled = false;
    progress.hidden = true;
  }
}

function showPublicityEnd(): void {
  const start = saved().options.publicityStart;
  const out = byId("publicity-end");
  if (!start) {
    out.textContent = "";
    return;
  }
  const end = publicityEndOf(start, policy, pane.prepared?.ledger.holidays);
  out.textContent = end.ok ? pane.t.publicityEnd(end.value, policy.publicity.workingDays) : end.expected[pane.lang];
}

function showError(target: string): (e: unknown) => void {
  return (e) => {
    // A refusal that speaks both languages is shown in the pane's.
    const message =
      e instanceof LedgerTooLargeError || e instanceof BalanceBusyError
        ? e[pane.lang]
        : e instanceof Error
          ? e.message
          : String(e);
    replace(byId(target), el("p", { class: "message message-bad" }, `${pane.t.failed}${message}`));
  };
}

/**
 * The explanation of the selected row (issue 11): from the last balance of this session, else from the workbook
 * as read, computed once in memory. A selection costs no sync, and nothing at all while the pane is hidden.
 */
function explainSelected(sheet: string, row: number): void {
  if (document.visibilityState === "hidden" || !pane.snapshot || !pane.saved) return;
  const { t, lang } = pane;
  if (!pane.balanced && !pane.draft) {
    const plan = planBalance(pane.snapshot.grids, policy, choicesOf(saved()), { time: new Date(), input: "", lang });
    if (plan.kind === "balanced") pane.draft = plan;
  }
  const plan = pane.balanced ?? pane.draft;
  const e = plan && explainRow(plan, sheet, row);
  const out = byId("explain");
  if (!e) {
    const none = t.explainNone(`${sheet}!${row}`);
    text("line-explain", none);
    replace(out, el("p", { class: "hint" }, none));
    return;
  }
  const head = explainHead(e);
  text("line-explain", head);
  openCard("card-explain");
  replace(out, ...explanationView(view(), e, !pane.balanced));
}

function bindActions(): void {
  byId("reload").addEventListener("click", readNow);
  byId("save-mapping").addEventListener("click", () => {
    saveState()
      .then(() => (byId("mapping-status").textContent = pane.t.mappingSaved))
      .catch(showError("mapping-status"));
  });
  byId("check").addEventListener("click", check);
  byId("balance").addEventListener("click", balancePressed);
  byId("draft-go").addEventListener("click", () => {
    byId("draft-prompt").hidden = true;
    runBalance().catch(balanceFailed);
  });
  byId("draft-date").addEventListener("click", () => {
    byId("draft-prompt").hidden = true;
    byId("publicity-start").focus();
  });
}

/** Every control that reads or writes the workbook. */
const ACTIONS = ["reload", "save-mapping", "check", "balance", "draft-go"];

/** The pane cannot work here: say why, and leave every action off. */
function notice(message: string): void {
  const out = byId("notice");
  out.textContent = message;
  out.hidden = false;
  for (const id of ACTIONS) byId<HTMLButtonElement>(id).disabled = true;
}

let reading: Promise<void> | undefined;
let watching = false;

/** Reads the workbook (one read at a time) and, the first time, starts explaining selected rows. */
function readNow(): void {
  reading ??= reload()
    .catch(showError("mapping-status"))
    .finally(() => (reading = undefined));
  if (!watching) {
    watching = true;
    watchSelection(explainSelected).catch(showError("explain"));
  }
}

/**
 * The runtime starts hidden too (a custom function recalculated, the ribbon's 一键平衡): the workbook is read when
 * the pane is shown — at start if it is, and again each time it is shown after being hidden — or when 重新读取 asks.
 */
function readWhenShown(): void {
  let shown = document.visibilityState !== "hidden";
  const visible = (now: boolean) => {
    if (now && !shown) readNow();
    shown = now;
  };
  if (shown) readNow();
  document.addEventListener("visibilitychange", () => visible(document.visibilityState !== "hidden"));
  Office.addin
    .onVisibilityModeChanged((m) => visible(m.visibilityMode === Office.VisibilityMode.taskpane))
    .catch(() => undefined);
}

/** Called once the page's Office is loaded (src/addin.ts). */
export function startPane(): void {
  void Office.onReady(startWith);
}

function startWith(info: { host: Office.HostType | null }): void {
  if (info.host !== Office.HostType.Excel) {
    // The page opened outside Excel (the manifest's SupportUrl points here): say what it is.
    pane.lang = langOf(navigator.language);
    pane.t = strings(pane.lang);
    applyTexts();
    notice(pane.t.outsideExcel);
    return;
  }
  pane.lang = langOf(Office.context.displayLanguage);
  pane.t = strings(pane.lang);
  applyTexts();
  const missing = missingSets();
  if (missing.length > 0) {
    notice(pane.t.unsupported(missing.join(", ")));
    return;
  }
  bindOptions();
  bindActions();
  readWhenShown();
}
