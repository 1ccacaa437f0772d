/**
 * The fake host for a browser page: `Office`, `Excel` and `CustomFunctions` globals over a fake
 * workbook, installed by an init script before the add-in's scripts run. The test reads the workbook,
 * the sync counts and the ribbon actions back through `window.__fake`.
 */
import { FakeExcel, FakeRequestContext } from "./excel";
import type { FakeSheet, FakeWorkbook } from "./model";

export interface FakeInit {
  book: FakeWorkbook;
  displayLanguage: string;
  /** The runtime starts with the pane hidden (a custom function or the ribbon started it). */
  hidden?: boolean;
  /** Requirement sets this host lacks, as "ExcelApi 1.13". */
  unsupported?: string[];
  /** Workbooks the user may choose in a file input, by base64 (FakeExcel.files). */
  files?: Record<string, FakeSheet[]>;
}

type VisibilityHandler = (message: { visibilityMode: string }) => void;

export interface FakeHandle {
  excel: FakeExcel;
  book: FakeWorkbook;
  actions: Map<string, (event: { completed: () => void }) => unknown>;
  shownAsTaskpane: number;
  /** Each sync waits this long first (a slow host), so a test can act while a balance runs. */
  syncDelayMs: number;
  /** Shows or hides the pane: document.visibilityState, visibilitychange and onVisibilityModeChanged follow. */
  setVisible(visible: boolean): void;
}

type Global = Record<string, unknown>;

function install(init: FakeInit): FakeHandle {
  const excel = new FakeExcel(init.book);
  excel.files = init.files ?? {};
  let visible = !init.hidden;
  const visibilityHandlers = new Set<VisibilityHandler>();
  const handle: FakeHandle = {
    excel,
    book: init.book,
    actions: new Map(),
    shownAsTaskpane: 0,
    syncDelayMs: 0,
    setVisible(now: boolean) {
      visible = now;
      document.dispatchEvent(new Event("visibilitychange"));
      for (const h of visibilityHandlers) h({ visibilityMode: now ? "Taskpane" : "Hidden" });
    },
  };
  // The page's own visibility stands for the pane's (headless Chromium's page is always visible).
  Object.defineProperty(document, "visibilityState", {
    configurable: true,
    get: () => (visible ? "visible" : "hidden"),
  });
  Object.defineProperty(document, "hidden", {
    configurable: true,
    get: () => !visible,
  });
  const sync = FakeRequestContext.prototype.sync;
  FakeRequestContext.prototype.sync = async function (this: FakeRequestContext) {
    if (handle.syncDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, handle.syncDelayMs));
    return sync.call(this);
  };
  const unsupported = new Set(init.unsupported ?? []);
  const info = { host: "Excel", platform: "OfficeOnline" };
  const g = globalThis as unknown as Global;
  g.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    VisibilityMode: { hidden: "Hidden", taskpane: "Taskpane" },
    context: {
      displayLanguage: init.displayLanguage,
      requirements: {
        isSetSupported: (name: string, version?: string) => !unsupported.has(`${name} ${version}`),
      },
    },
    onReady(callback?: (i: typeof info) => void) {
      return new Promise((resolve) =>
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0),
      );
    },
    actions: {
      associate(name: string, handler: FakeHandle["actions"] extends Map<string, infer H> ? H : never) {
        handle.actions.set(name, handler);
      },
    },
    addin: {
      showAsTaskpane: async () => {
        handle.shownAsTaskpane++;
        if (!visible) handle.setVisible(true);
      },
      onVisibilityModeChanged: async (handler: VisibilityHandler) => {
        visibilityHandlers.add(handler);
        return async () => void visibilityHandlers.delete(handler);
      },
      hide: async () => undefined,
    },
  };
  g.Excel = excel.namespace();
  g.CustomFunctions = {
    associate: () => undefined,
    Error: class extends Error {},
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
  };
  g.__fake = handle;
  return handle;
}

(globalThis as unknown as Global).__installFake = install;
