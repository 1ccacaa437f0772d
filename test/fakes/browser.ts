/**
 * The fake host for a browser page: `Office`, `Excel` and `CustomFunctions` globals over a fake
 * workbook, installed by an init script before the add-in's scripts run. The test reads the workbook,
 * the sync counts and the ribbon actions back through `window.__fake`.
 */
import { FakeExcel } from "./excel";
import type { FakeWorkbook } from "./model";

export interface FakeInit {
  book: FakeWorkbook;
  displayLanguage: string;
}

export interface FakeHandle {
  excel: FakeExcel;
  book: FakeWorkbook;
  actions: Map<string, (event: { completed: () => void }) => unknown>;
  shownAsTaskpane: number;
}

type Global = Record<string, unknown>;

function install(init: FakeInit): FakeHandle {
  const excel = new FakeExcel(init.book);
  const handle: FakeHandle = { excel, book: init.book, actions: new Map(), shownAsTaskpane: 0 };
  const info = { host: "Excel", platform: "OfficeOnline" };
  const g = globalThis as unknown as Global;
  g.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    context: { displayLanguage: init.displayLanguage, requirements: { isSetSupported: () => true } },
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
