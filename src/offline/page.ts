/**
 * The offline page (patent-awards.html, issue 18 item 1): a third host of src/plan, for desks without the add-in.
 * The clerk chooses the ledger (and an earlier result or 已兑付 file) and the command's options; the page shows
 * what the pane shows, and 下载结果 runs the command's own pipeline (src/xlsx/balance.ts) on the file's bytes, so the
 * workbook downloaded is the one `patent-awards balance … --out` writes. Nothing is sent anywhere.
 */
import type { ItemId, Lang, Rounding } from "../engine/types";
import type { Grid, SheetOverride } from "../ledger";
import { explainRow, planBalance, publicityEndOf, type EarlierFile, type Plan, type RunChoices } from "../plan";
import { defaultPolicy } from "../policy";
import { readWorkbook } from "../xlsx/read";
import { planWorkbook, resultWorkbook, type WorkbookFile } from "../xlsx/balance";
import { LedgerTooLargeError } from "../ledger/limits";
import { byId, el, option, replace } from "../taskpane/dom";
import { langOf, strings } from "../taskpane/i18n";
import { renderMapping } from "../taskpane/mapping";
import {
  assumptionsView,
  blockingList,
  changesList,
  explanationView,
  resultView,
  unreadableList,
  yearBeforeView,
  type View,
} from "../taskpane/views";
import { BROWSER } from "./browser";
import { pageStrings } from "./i18n";
import { packageVersion } from "../version";

/** The package's version, written in by the build (webpack.config.js), as the command reads it from package.json. */

const policy = defaultPolicy();

interface Loaded {
  file: WorkbookFile;
  grids: Grid[];
}

interface PageState {
  lang: Lang;
  ledger?: Loaded;
  prior?: Loaded;
  /** The ledger's SHA-256, as 运行记录 records it (the plan uses it to refuse the ledger's own result as --prior). */
  sha256?: string;
  overrides: Record<string, SheetOverride>;
  plan?: Plan;
}

const page: PageState = { lang: langOf(navigator.language), overrides: {} };

const view = (): View => ({ t: strings(page.lang), lang: page.lang });

function text(id: string, value: string): void {
  byId(id).textContent = value;
}

function applyTexts(): void {
  const t = strings(page.lang);
  const p = pageStrings(page.lang);
  document.documentElement.lang = page.lang === "zh" ? "zh-CN" : "en";
  document.title = p.title;
  text("lang", p.lang);
  text("title", p.title);
  text("subtitle", t.subtitle(policy.notice));
  text("intro", p.intro);
  text("lbl-ledger", p.ledger);
  text("hint-ledger", p.dropHint);
  text("lbl-prior", p.prior);
  text("prior-clear", p.priorClear);
  text("h-options", p.options);
  text("lbl-batch", t.batch);
  text("lbl-reallocate", p.reallocate);
  text("lbl-rounding", p.rounding);
  text("lbl-publicity", p.publicityStart);
  text("lbl-contact", p.contact);
  text("h-mapping", p.mapping);
  text("h-year", p.yearBefore);
  text("h-result", p.result);
  text("download", p.download);
  text("h-explain", p.explain);
  text("lbl-explain-sheet", p.explainSheet);
  text("lbl-explain-row", p.explainRow);
  text("explain-go", p.explainGo);
  const selected = (id: string) => byId<HTMLSelectElement>(id).value;
  const batch = selected("opt-batch");
  replace(
    byId("opt-batch"),
    option("", t.batchNone, batch === ""),
    ...policy.batches.map((b) => option(String(b.batch), t.batchN(b.batch), batch === String(b.batch))),
  );
  const reallocate = selected("opt-reallocate");
  replace(
    byId("opt-reallocate"),
    option("", p.reallocateDefault, reallocate === ""),
    option("off", p.reallocateOff, reallocate === "off"),
    option("priority", p.reallocatePriority, reallocate === "priority"),
  );
  const rounding = selected("opt-rounding");
  replace(
    byId("opt-rounding"),
    option("", p.roundingDefault, rounding === ""),
    option("fen", t.roundings.fen, rounding === "fen"),
    option("yuan", t.roundings.yuan, rounding === "yuan"),
  );
}

/** The command's choices from the form: a field left as the policy says is left out, as an option not given. */
function choices(): RunChoices {
  const value = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id).value.trim();
  const reallocate = value("opt-reallocate");
  const priority =
    reallocate === "priority"
      ? ([
          ...new Set(
            value("opt-priority")
              .toUpperCase()
              .match(/P[1-8]/g) ?? [],
          ),
        ] as ItemId[])
      : [];
  return {
    sheets: page.overrides,
    options: {
      reallocate: reallocate === "off" ? false : undefined,
      priority: priority.length > 0 ? priority : undefined,
      rounding: (value("opt-rounding") || undefined) as Rounding | undefined,
      batch: value("opt-batch") === "" ? undefined : Number(value("opt-batch")),
      publicityStart: value("opt-publicity") || undefined,
      contact: value("opt-contact") || undefined,
    },
  };
}

function earlierFile(): EarlierFile | undefined {
  return page.prior && { name: `--prior ${page.prior.file.name}`, grids: page.prior.grids };
}

/** The plan as the command would make it from these files and choices; shown at once, written only on 下载结果. */
function recompute(): void {
  const { ledger } = page;
  const out = byId("balance-result");
  byId<HTMLButtonElement>("download").disabled = true;
  showPublicityEnd();
  if (!ledger) return;
  const t = strings(page.lang);
  const facts = { time: new Date(), input: ledger.file.name, inputSha256: page.sha256, lang: page.lang };
  const plan = planBalance(ledger.grids, policy, choices(), facts, earlierFile());
  page.plan = plan;
  const { prepared } = plan;
  renderMapping(byId("sheets"), {
    grids: ledger.grids,
    ledger: prepared.ledger,
    overrides: page.overrides,
    policy,
    lang: page.lang,
    t,
    onChange: (sheet, override) => {
      if (override) page.overrides[sheet] = override;
      else delete page.overrides[sheet];
      recompute();
    },
  });
  const none = byId("no-ledger");
  none.hidden = plan.kind !== "noLedger";
  none.textContent = t.noLedger;
  replace(byId("year-before"), ...yearBeforeView(view(), prepared));
  replace(byId("assumptions"), ...assumptionsView(view(), prepared));
  const notices = prepared.notices.map((n) => el("p", { class: "message message-warn notice" }, n[page.lang]));
  if (plan.kind === "unreadable") replace(out, ...unreadableList(view(), plan.sheets));
  else if (plan.kind === "blocked") replace(out, ...blockingList(view(), prepared.blocking));
  else if (plan.kind === "refused") replace(out, el("p", { class: "message message-bad" }, plan.message[page.lang]));
  else if (plan.kind === "noLedger") replace(out);
  else {
    replace(out, ...resultView(view(), plan.result), ...notices, ...changesList(view(), plan.changes));
    byId<HTMLButtonElement>("download").disabled = false;
  }
  const sheets = prepared.ledger.sheets.filter((m) => m.missing.length === 0).map((m) => m.sheet);
  const current = byId<HTMLSelectElement>("explain-sheet").value;
  replace(byId("explain-sheet"), ...sheets.map((s) => option(s, s, s === current)));
}

function showPublicityEnd(): void {
  const start = byId<HTMLInputElement>("opt-publicity").value;
  const out = byId("publicity-end");
  if (!start) {
    out.textContent = "";
    return;
  }
  const end = publicityEndOf(start, policy, page.plan?.prepared.ledger.holidays);
  out.textContent = end.ok
    ? strings(page.lang).publicityEnd(end.value, policy.publicity.workingDays)
    : end.expected[page.lang];
}

/**
 * A refusal that speaks both languages apart is shown in the page's; any other error as it is (a file that is no
 * usable workbook says both, Chinese first, as the command does).
 */
function showError(target: string): (e: unknown) => void {
  return (e) => {
    const message = e instanceof LedgerTooLargeError ? e[page.lang] : e instanceof Error ? e.message : String(e);
    replace(byId(target), el("p", { class: "message message-bad" }, `${strings(page.lang).failed}${message}`));
  };
}

async function load(file: File): Promise<Loaded> {
  const data = new Uint8Array(await file.arrayBuffer());
  const { grids } = await readWorkbook(data, file.name, BROWSER.inflate);
  return { file: { name: file.name, data }, grids };
}

async function chooseLedger(file: File): Promise<void> {
  const p = pageStrings(page.lang);
  const status = byId("file-status");
  replace(status, el("p", { class: "hint" }, p.reading(file.name)));
  page.ledger = undefined;
  page.plan = undefined;
  page.overrides = {};
  replace(byId("balance-result"));
  replace(byId("sheets"));
  const loaded = await load(file);
  page.ledger = loaded;
  page.sha256 = await BROWSER.sha256(loaded.file.data);
  replace(status, el("p", { class: "hint" }, p.read(file.name, loaded.grids.length)));
  recompute();
}

async function choosePrior(file: File): Promise<void> {
  page.prior = await load(file);
  byId("prior-clear").hidden = false;
  recompute();
}

/** The command's pipeline on the files' bytes, then the result saved by the browser as a download. */
async function download(): Promise<void> {
  const { ledger } = page;
  const p = pageStrings(page.lang);
  const status = byId("download-status");
  if (!ledger) {
    replace(status, el("p", { class: "message message-warn" }, p.noFile));
    return;
  }
  const button = byId<HTMLButtonElement>("download");
  button.disabled = true;
  replace(status, el("p", { class: "hint" }, p.writing));
  try {
    const planned = await planWorkbook(
      {
        ledger: ledger.file,
        input: ledger.file.name,
        prior: page.prior?.file,
        policy,
        choices: choices(),
        lang: page.lang,
        time: new Date(),
        engineVersion: packageVersion(),
      },
      BROWSER,
    );
    const { plan } = planned;
    if (plan.kind !== "balanced") {
      recompute();
      return;
    }
    const { bytes } = await resultWorkbook(planned, plan, page.lang, BROWSER);
    const name = `${ledger.file.name.replace(/\.xlsx$/i, "")}-结果.xlsx`;
    const url = URL.createObjectURL(
      new Blob([bytes as Uint8Array<ArrayBuffer>], {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      }),
    );
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    replace(status, el("p", { class: "message message-ok" }, p.downloaded(name)));
  } finally {
    button.disabled = page.plan?.kind !== "balanced";
  }
}

function explain(): void {
  const plan = page.plan;
  const sheet = byId<HTMLSelectElement>("explain-sheet").value;
  const row = Number(byId<HTMLInputElement>("explain-row").value);
  const out = byId("explain");
  const e = plan?.kind === "balanced" && Number.isInteger(row) ? explainRow(plan, sheet, row) : undefined;
  // Not yet written: the explanation is of the plan shown, which 下载结果 writes.
  replace(
    out,
    ...(e
      ? explanationView(view(), e, false)
      : [el("p", { class: "hint" }, strings(page.lang).explainNone(`${sheet}!${row}`))]),
  );
}

/** A file input and the area around it: chosen, or dropped. */
function fileInput(input: string, area: string, chosen: (file: File) => Promise<void>, target: string): void {
  const take = (file: File | undefined) => {
    if (file) chosen(file).catch(showError(target));
  };
  const element = byId<HTMLInputElement>(input);
  element.addEventListener("change", () => {
    take(element.files?.[0]);
  });
  const drop = byId(area);
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    take(e.dataTransfer?.files[0]);
  });
}

function bind(): void {
  fileInput("ledger", "drop-ledger", chooseLedger, "file-status");
  fileInput("prior", "drop-prior", choosePrior, "file-status");
  byId("prior-clear").addEventListener("click", () => {
    page.prior = undefined;
    byId<HTMLInputElement>("prior").value = "";
    byId("prior-clear").hidden = true;
    recompute();
  });
  for (const id of ["opt-batch", "opt-reallocate", "opt-priority", "opt-rounding", "opt-publicity", "opt-contact"]) {
    byId(id).addEventListener("change", () => {
      byId("opt-priority").hidden = byId<HTMLSelectElement>("opt-reallocate").value !== "priority";
      recompute();
    });
  }
  byId("download").addEventListener("click", () => {
    download().catch(showError("download-status"));
  });
  byId("explain-go").addEventListener("click", explain);
  byId("lang").addEventListener("click", () => {
    page.lang = page.lang === "zh" ? "en" : "zh";
    applyTexts();
    recompute();
  });
}

applyTexts();
bind();
