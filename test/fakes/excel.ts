/**
 * A fake of the part of the Excel JavaScript API the add-in uses, faithful where it matters:
 * - every call is queued and takes effect at `context.sync()`, in order;
 * - reading a property that was not loaded and synced throws PropertyNotLoaded;
 * - `getItemOrNullObject` gives an object whose `isNullObject` is known after the sync;
 * - a value string starting with `=` (or `+`, `-`, `@` before a non-number) becomes a formula, as
 *   Excel parses it, unless the cell is formatted as text (`@`) or the string starts with `'`;
 *   numeric strings become numbers; `null` in an input array leaves that cell alone;
 * - each sync's queued request is measured as JSON, and one over 5 MB is refused whole, like Excel
 *   on the web (RequestPayloadSizeLimitExceeded); so is a response over 5 MB
 *   (ResponsePayloadSizeLimitExceeded: the loads deliver nothing, the writes before them stand);
 * - `worksheet.pageLayout` (ExcelApi 1.9: orientation, paperSize, zoom, print title rows, headers and footers)
 *   takes Office.js's enum strings ("Landscape", "A4", "Default"), a zoom object of one mode (a scale or pages
 *   to fit) and whole rows as print titles; anything else is InvalidArgument at the sync, as in Excel.
 */
import { fullAddress, letters, parseAddress, rectAddress } from "./address";
import {
  addSheet,
  cellAt,
  cellForWrite,
  DEFAULT_COLUMN_WIDTH,
  findSheet,
  MAX_COLUMNS,
  MAX_ROWS,
  pageLayoutForWrite,
  pageLayoutOf,
  usedRect,
  type FakeCell,
  type FakeChart,
  type FakeHeaderFooter,
  type FakePageLayout,
  type FakeSheet,
  type FakeWorkbook,
  type HeaderFooterKind,
  type Rect,
  type Scalar,
} from "./model";

/** Excel on the web's limit on one request's payload. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** What the fake counts as the wire cost of one action besides its arguments (object path, ids). */
const ACTION_OVERHEAD = 48;

export interface SyncRecord {
  actions: number;
  requestBytes: number;
  responseBytes: number;
}

/** Errors carry Office.js's codes (OfficeExtension.Error.code). */
export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
  }
}

const encoder = new TextEncoder();
function jsonBytes(v: unknown): number {
  return encoder.encode(JSON.stringify(v) ?? "").length;
}

interface Action {
  bytes: number;
  run: () => unknown;
  /** Set for loads: run returns the snapshot (counted as response) and a commit, applied only if the response fits. */
  response?: boolean;
}

type LoadOption = string | string[] | { select?: string | string[] } | undefined;

function loadNames(option: LoadOption, all: readonly string[]): string[] {
  const raw = option === undefined ? [] : typeof option === "string" || Array.isArray(option) ? option : option.select;
  const list = (Array.isArray(raw) ? raw : (raw ?? "").split(",")).map((s) => s.trim()).filter(Boolean);
  return list.length ? list : [...all];
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbookApi;
  readonly application: FakeApplication;
  private queue: Action[] = [];
  private nextId = 1;

  constructor(
    readonly excel: FakeExcel,
    readonly book: FakeWorkbook,
  ) {
    this.workbook = new FakeWorkbookApi(this);
    this.application = new FakeApplication(this);
  }

  id(): number {
    return this.nextId++;
  }

  enqueue(payload: unknown, run: () => unknown, response = false): void {
    this.queue.push({ bytes: ACTION_OVERHEAD + jsonBytes(payload), run, response });
  }

  get pending(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    const queue = this.queue;
    this.queue = [];
    const requestBytes = queue.reduce((n, a) => n + a.bytes, 0);
    const record: SyncRecord = { actions: queue.length, requestBytes, responseBytes: 0 };
    this.excel.syncs.push(record);
    if (requestBytes > PAYLOAD_LIMIT) {
      throw new FakeOfficeError(
        "RequestPayloadSizeLimitExceeded",
        `The request payload size has exceeded the limit (${requestBytes} bytes > ${PAYLOAD_LIMIT}).`,
      );
    }
    const commits: (() => void)[] = [];
    for (const action of queue) {
      const out = action.run();
      if (action.response) {
        const { snapshot, commit } = out as { snapshot: unknown; commit: () => void };
        record.responseBytes += jsonBytes(snapshot);
        commits.push(commit);
      }
    }
    if (record.responseBytes > PAYLOAD_LIMIT) {
      throw new FakeOfficeError(
        "ResponsePayloadSizeLimitExceeded",
        `The response payload size has exceeded the limit (${record.responseBytes} bytes > ${PAYLOAD_LIMIT}).`,
      );
    }
    commits.forEach((commit) => commit());
    await Promise.resolve();
  }
}

/** Base of every proxy: load/sync bookkeeping and resolution of its target at sync time. */
abstract class ClientObject<T> {
  protected readonly oid: number;
  protected loaded = new Map<string, unknown>();
  private resolved = false;
  private target: T | null = null;

  constructor(
    protected readonly ctx: FakeRequestContext,
    private readonly resolver: () => T | null,
    /** Queue a creation action (objects returned by methods are resolved where they are created). */
    creation?: { method: string; args: unknown[]; parent: number },
  ) {
    this.oid = ctx.id();
    if (creation) {
      ctx.enqueue({ id: this.oid, ...creation }, () => {
        this.resolve();
        this.loaded.set("isNullObject", this.target === null);
      });
    }
  }

  protected abstract readonly scalarNames: readonly string[];
  protected abstract snapshot(t: T, name: string): unknown;

  protected resolve(): T | null {
    if (!this.resolved) {
      this.target = this.resolver();
      this.resolved = true;
    }
    return this.target;
  }

  /** The target, or ItemNotFound as Excel reports acting on something that is not there. */
  protected t(): T {
    const t = this.resolve();
    if (t === null) throw new FakeOfficeError("ItemNotFound", "The requested resource doesn't exist.");
    return t;
  }

  /** For the fake's own plumbing: the resolved target (used by sibling proxies). */
  target$(): T {
    return this.t();
  }

  get isNullObject(): boolean {
    return this.read("isNullObject") as boolean;
  }

  protected read(name: string): unknown {
    if (!this.loaded.has(name)) {
      throw new FakeOfficeError(
        "PropertyNotLoaded",
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
    return this.loaded.get(name);
  }

  load(option?: LoadOption): this {
    const names = loadNames(option, this.scalarNames);
    this.ctx.enqueue(
      { id: this.oid, load: names },
      () => {
        const t = this.resolve();
        const got = new Map<string, unknown>([["isNullObject", t === null]]);
        const snapshot: Record<string, unknown> = {};
        if (t !== null) {
          for (const n of names) {
            const v = this.snapshot(t, n);
            got.set(n, v);
            snapshot[n] = v;
          }
        }
        return { snapshot, commit: () => got.forEach((v, n) => this.loaded.set(n, v)) };
      },
      true,
    );
    return this;
  }

  protected write(name: string, value: unknown, apply: (t: T, v: unknown) => void): void {
    // Office.js serialises the value when it is queued: later changes to the caller's array do not count.
    const wire = JSON.parse(JSON.stringify(value ?? null)) as unknown;
    this.ctx.enqueue({ id: this.oid, set: name, value: wire }, () => apply(this.t(), wire));
  }

  protected call(method: string, args: unknown[], run: (t: T) => void): void {
    this.ctx.enqueue({ id: this.oid, method, args }, () => run(this.t()));
  }
}

function notSupported(name: string): never {
  throw new FakeOfficeError("InvalidArgument", `The fake Excel does not know '${name}'.`);
}

export class FakeApplication {
  constructor(private readonly ctx: FakeRequestContext) {}
  suspendScreenUpdatingUntilNextSync(): void {
    this.ctx.excel.screenUpdatingSuspended++;
    this.ctx.enqueue({ method: "suspendScreenUpdatingUntilNextSync" }, () => undefined);
  }
}

export class FakeWorkbookApi {
  readonly worksheets: FakeWorksheetCollection;
  readonly settings: FakeSettingCollection;
  readonly styles: FakeStyleCollection;
  constructor(private readonly ctx: FakeRequestContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.settings = new FakeSettingCollection(ctx);
    this.styles = new FakeStyleCollection(ctx);
  }
  /**
   * ExcelApi 1.13: the named sheets of another workbook inserted at the end, each under a name of its own (Excel
   * appends " (2)" to a name taken); the result's value (the new sheets' ids) is known after the sync.
   */
  insertWorksheetsFromBase64(base64File: string, options: { sheetNamesToInsert?: string[] } = {}): { value: string[] } {
    const ctx = this.ctx;
    let ids: string[] | undefined;
    ctx.enqueue({ method: "insertWorksheetsFromBase64", bytes: base64File.length }, () => {
      const sheets = ctx.excel.files[base64File];
      if (!sheets)
        throw new FakeOfficeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format.");
      const names = options.sheetNamesToInsert ?? sheets.map((x) => x.name);
      const chosen = names.map((n) => sheets.find((x) => x.name === n));
      if (chosen.some((x) => !x))
        throw new FakeOfficeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format.");
      ids = chosen.map((from) => {
        let name = from!.name;
        for (let n = 2; findSheet(ctx.book, name); n++) name = `${from!.name} (${n})`;
        const sheet = addSheet(ctx.book, name);
        sheet.rows = JSON.parse(JSON.stringify(from!.rows)) as FakeSheet["rows"];
        return sheet.id;
      });
    });
    return {
      get value(): string[] {
        if (!ids)
          throw new FakeOfficeError("PropertyNotLoaded", "The value of the result object has not been loaded yet.");
        return ids;
      },
    };
  }

  getSelectedRange(): FakeRange {
    const book = this.ctx.book;
    return new FakeRange(
      this.ctx,
      () => {
        if (!book.selection) return null;
        const sheet = findSheet(book, book.selection.sheet);
        return sheet ? { sheet, rect: parseAddress(book.selection.address) } : null;
      },
      { method: "getSelectedRange", args: [], parent: 0 },
    );
  }
}

/** What Excel hands a WorksheetCollection.onSelectionChanged handler (ExcelApi 1.9). */
export interface SelectionChangedArgs {
  address: string;
  worksheetId: string;
  type: "WorksheetSelectionChanged";
  source: "Local";
}
type SelectionHandler = (args: SelectionChangedArgs) => Promise<unknown>;

export class FakeWorksheetCollection extends ClientObject<FakeWorkbook> {
  protected readonly scalarNames = ["items"] as const;
  private itemList: FakeWorksheet[] | undefined;
  /** As Office.js: `add` is queued, and the handler listens from the next sync on. */
  readonly onSelectionChanged: { add(handler: SelectionHandler): { remove(): void } };

  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.book);
    const handlers = ctx.excel.selectionHandlers;
    this.onSelectionChanged = {
      add: (handler) => {
        ctx.enqueue({ method: "onSelectionChanged.add" }, () => handlers.add(handler));
        return {
          remove: () => ctx.enqueue({ method: "onSelectionChanged.remove" }, () => handlers.delete(handler)),
        };
      },
    };
  }

  protected snapshot(book: FakeWorkbook, name: string): unknown {
    if (!name.startsWith("items")) return notSupported(`worksheets.${name}`);
    const props = name.includes("/") ? [name.slice(name.indexOf("/") + 1)] : undefined;
    this.itemList = book.sheets.map((s) => {
      const ws = new FakeWorksheet(this.ctx, () => s);
      ws.fill(props);
      return ws;
    });
    this.loaded.set("items", true);
    return this.itemList.map((ws) => ws.oidValue);
  }

  load(option?: LoadOption): this {
    // "items/name, items/visibility" loads those properties on every item.
    const names = loadNames(option, this.scalarNames);
    const props = names.filter((n) => n.startsWith("items/")).map((n) => n.slice(6));
    return super.load(props.length ? `items/${props.join("|")}` : "items");
  }

  get items(): FakeWorksheet[] {
    this.read("items");
    return this.itemList ?? [];
  }

  getItem(name: string): FakeWorksheet {
    const book = this.ctx.book;
    return new FakeWorksheet(
      this.ctx,
      () => {
        const s = findSheet(book, name);
        if (!s) throw new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist. (${name})`);
        return s;
      },
      { method: "getItem", args: [name], parent: this.oid },
    );
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    const book = this.ctx.book;
    return new FakeWorksheet(this.ctx, () => findSheet(book, name) ?? null, {
      method: "getItemOrNullObject",
      args: [name],
      parent: this.oid,
    });
  }

  add(name: string): FakeWorksheet {
    const book = this.ctx.book;
    return new FakeWorksheet(
      this.ctx,
      () => {
        if (findSheet(book, name)) throw new FakeOfficeError("ItemAlreadyExists", `A sheet named ${name} exists.`);
        return addSheet(book, name);
      },
      { method: "add", args: [name], parent: this.oid },
    );
  }

  getActiveWorksheet(): FakeWorksheet {
    const book = this.ctx.book;
    return new FakeWorksheet(
      this.ctx,
      () => (book.activeSheet ? findSheet(book, book.activeSheet) : book.sheets[0]) ?? null,
      { method: "getActiveWorksheet", args: [], parent: this.oid },
    );
  }
}

type RangeTarget = { sheet: FakeSheet; rect: Rect };

export class FakeWorksheet extends ClientObject<FakeSheet> {
  protected readonly scalarNames = ["name", "id", "position", "visibility"] as const;
  readonly freezePanes: FakeFreezePanes;
  readonly charts: FakeChartCollection;
  readonly pageLayout: FakePageLayout$;

  constructor(
    ctx: FakeRequestContext,
    resolver: () => FakeSheet | null,
    creation?: ConstructorParameters<typeof ClientObject>[2],
  ) {
    super(ctx, resolver, creation);
    this.freezePanes = new FakeFreezePanes(ctx, () => this.t());
    this.charts = new FakeChartCollection(ctx, () => this.t());
    this.pageLayout = new FakePageLayout$(ctx, () => this.t());
  }

  get oidValue(): number {
    return this.oid;
  }

  /** Loaded as part of a collection's load, in the same sync. */
  fill(props: string[] | undefined): void {
    const names = props?.[0]?.split("|") ?? [...this.scalarNames];
    const t = this.t();
    for (const n of names) this.loaded.set(n, this.snapshot(t, n));
    this.loaded.set("isNullObject", false);
  }

  protected snapshot(s: FakeSheet, name: string): unknown {
    switch (name) {
      case "name":
        return s.name;
      case "id":
        return s.id;
      case "visibility":
        return s.visibility;
      case "position":
        return this.ctx.book.sheets.indexOf(s);
      default:
        return notSupported(`worksheet.${name}`);
    }
  }

  get id(): string {
    return this.read("id") as string;
  }
  get name(): string {
    return this.read("name") as string;
  }
  set name(v: string) {
    this.write("name", v, (s, n) => {
      s.name = n as string;
    });
  }
  get position(): number {
    return this.read("position") as number;
  }
  set position(v: number) {
    this.write("position", v, (s, p) => {
      const book = this.ctx.book;
      book.sheets.splice(book.sheets.indexOf(s), 1);
      book.sheets.splice(Math.min(p as number, book.sheets.length), 0, s);
    });
  }
  get visibility(): string {
    return this.read("visibility") as string;
  }
  set visibility(v: string) {
    this.write("visibility", v, (s, x) => {
      s.visibility = x as FakeSheet["visibility"];
    });
  }

  delete(): void {
    this.call("delete", [], (s) => {
      const book = this.ctx.book;
      book.sheets.splice(book.sheets.indexOf(s), 1);
    });
  }

  activate(): void {
    this.call("activate", [], (s) => {
      this.ctx.book.activeSheet = s.name;
    });
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(
      this.ctx,
      () => ({
        sheet: this.t(),
        rect: address ? parseAddress(address) : { row: 0, column: 0, rows: MAX_ROWS, columns: MAX_COLUMNS },
      }),
      { method: "getRange", args: [address ?? null], parent: this.oid },
    );
  }

  getRangeByIndexes(row: number, column: number, rows: number, columns: number): FakeRange {
    return new FakeRange(this.ctx, () => ({ sheet: this.t(), rect: { row, column, rows, columns } }), {
      method: "getRangeByIndexes",
      args: [row, column, rows, columns],
      parent: this.oid,
    });
  }

  /** An empty sheet's used range is A1, as in Excel. */
  getUsedRange(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const s = this.t();
        return { sheet: s, rect: usedRect(s, valuesOnly) ?? { row: 0, column: 0, rows: 1, columns: 1 } };
      },
      { method: "getUsedRange", args: [valuesOnly], parent: this.oid },
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const s = this.t();
        const rect = usedRect(s, valuesOnly);
        return rect ? { sheet: s, rect } : null;
      },
      { method: "getUsedRangeOrNullObject", args: [valuesOnly], parent: this.oid },
    );
  }
}

export class FakeFreezePanes {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly sheet: () => FakeSheet,
  ) {}
  freezeRows(count = 1): void {
    this.ctx.enqueue({ method: "freezeRows", args: [count] }, () => {
      this.sheet().freezeRows = count;
    });
  }
  unfreeze(): void {
    this.ctx.enqueue({ method: "unfreeze" }, () => {
      this.sheet().freezeRows = 0;
    });
  }
}

function invalid(what: string, v: unknown): never {
  throw new FakeOfficeError(
    "InvalidArgument",
    `The argument is invalid or missing or has an incorrect format. (${what}: ${JSON.stringify(v)})`,
  );
}

/** `Excel.PageOrientation`, `Excel.PaperType` and `Excel.HeaderFooterState` as Office.js spells them. */
export const PAGE_ORIENTATIONS = ["Portrait", "Landscape"] as const;
// prettier-ignore
export const PAPER_TYPES = [
  "Letter", "LetterSmall", "Tabloid", "Ledger", "Legal", "Statement", "Executive", "A3", "A4", "A4Small", "A5", "B4",
  "B5", "Folio", "Quatro", "Paper10x14", "Paper11x17", "Note", "Envelope9", "Envelope10", "Envelope11", "Envelope12",
  "Envelope14", "Csheet", "Dsheet", "Esheet", "EnvelopeDL", "EnvelopeC5", "EnvelopeC3", "EnvelopeC4", "EnvelopeC6",
  "EnvelopeC65", "EnvelopeB4", "EnvelopeB5", "EnvelopeB6", "EnvelopeItaly", "EnvelopeMonarch", "EnvelopePersonal",
  "FanfoldUS", "FanfoldStdGerman", "FanfoldLegalGerman",
] as const;
export const HEADER_FOOTER_STATES = ["Default", "FirstAndDefault", "OddAndEven", "FirstOddAndEven"] as const;

function oneOf<T extends string>(what: string, allowed: readonly T[], v: unknown): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) return invalid(what, v);
  return v as T;
}

const ZOOM_KEYS = ["scale", "horizontalFitToPages", "verticalFitToPages"];
/** Excel's limit on pages to fit in either direction. */
const MAX_FIT_PAGES = 32_767;

/**
 * `pageLayout.zoom = {…}` as Excel takes it: a whole object (`zoom.scale = …` changes nothing), either a
 * scale of 10–400 % or pages to fit (0: that direction automatic), never both. A direction left out keeps
 * its fit, or OOXML's default of 1 page when the sheet was scaled before.
 */
function zoomOf(v: unknown, before: FakePageLayout["zoom"]): FakePageLayout["zoom"] {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return invalid("zoom", v);
  const given = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined));
  for (const key of Object.keys(given)) if (!ZOOM_KEYS.includes(key)) invalid(`zoom.${key}`, given[key]);
  const { scale, horizontalFitToPages: wide, verticalFitToPages: tall } = given as FakePageLayout["zoom"];
  const fits = [wide, tall].filter((x) => x !== undefined);
  if (scale !== undefined) {
    if (fits.length > 0) invalid("zoom (a scale and pages to fit)", v);
    if (!Number.isInteger(scale) || scale < 10 || scale > 400) invalid("zoom.scale", scale);
    return { scale };
  }
  if (fits.length === 0) invalid("zoom", v);
  for (const n of fits) if (!Number.isInteger(n) || n! < 0 || n! > MAX_FIT_PAGES) invalid("zoom fit to pages", n);
  const fitting = before.scale === undefined;
  return {
    horizontalFitToPages: wide ?? (fitting ? before.horizontalFitToPages : 1),
    verticalFitToPages: tall ?? (fitting ? before.verticalFitToPages : 1),
  };
}

/** The rows a print-title address or range names: whole rows only, as Excel requires. */
function titleRows(rect: Rect, v: unknown): { row: number; rows: number } {
  if (rect.column !== 0 || rect.columns !== MAX_COLUMNS) return invalid("printTitleRows (not whole rows)", v);
  return { row: rect.row, rows: rect.rows };
}

/** `worksheet.pageLayout` (ExcelApi 1.9): the sheet's print settings; every set and call is queued. */
export class FakePageLayout$ extends ClientObject<FakeSheet> {
  protected readonly scalarNames = ["orientation", "paperSize", "zoom"] as const;
  readonly headersFooters: FakeHeaderFooterGroup;
  constructor(ctx: FakeRequestContext, sheet: () => FakeSheet) {
    super(ctx, sheet);
    this.headersFooters = new FakeHeaderFooterGroup(ctx, sheet);
  }
  protected snapshot(s: FakeSheet, name: string): unknown {
    const layout = pageLayoutOf(s);
    switch (name) {
      case "orientation":
        return layout.orientation;
      case "paperSize":
        return layout.paperSize;
      case "zoom":
        return { ...layout.zoom };
      default:
        return notSupported(`pageLayout.${name}`);
    }
  }
  get orientation(): string {
    return this.read("orientation") as string;
  }
  set orientation(v: string) {
    this.write("orientation", v, (s, x) => {
      const orientation = oneOf("orientation", PAGE_ORIENTATIONS, x);
      pageLayoutForWrite(s).orientation = orientation;
    });
  }
  get paperSize(): string {
    return this.read("paperSize") as string;
  }
  set paperSize(v: string) {
    this.write("paperSize", v, (s, x) => {
      const paper = oneOf("paperSize", PAPER_TYPES, x);
      pageLayoutForWrite(s).paperSize = paper;
    });
  }
  /** A copy: changing the object read does not change the sheet (Office.js: set `zoom` as a whole). */
  get zoom(): FakePageLayout["zoom"] {
    return this.read("zoom") as FakePageLayout["zoom"];
  }
  set zoom(v: FakePageLayout["zoom"]) {
    this.write("zoom", v, (s, x) => {
      const zoom = zoomOf(x, pageLayoutOf(s).zoom);
      pageLayoutForWrite(s).zoom = zoom;
    });
  }
  /** `"$1:$3"`, `"1:3"` (a `Sheet!` prefix allowed) or a range of whole rows. */
  setPrintTitleRows(rows: string | FakeRange): void {
    const wire = typeof rows === "string" ? rows : "range";
    this.call("setPrintTitleRows", [wire], (s) => {
      let rect: Rect;
      if (typeof rows === "string") {
        try {
          rect = parseAddress(rows);
        } catch {
          return invalid("printTitleRows", rows);
        }
      } else {
        rect = rows.target$().rect;
      }
      const titles = titleRows(rect, wire);
      pageLayoutForWrite(s).printTitleRows = titles;
    });
  }
  /**
   * An address of one or more blocks (`"A1:K30"`, `"A1:C9,E1:F9"`, each with a `Sheet!` prefix or not), a range or
   * range areas.
   */
  setPrintArea(area: string | FakeRange | FakeRangeAreas): void {
    const wire = typeof area === "string" ? area : "range";
    this.call("setPrintArea", [wire], (s) => {
      let rects: Rect[];
      try {
        rects =
          typeof area === "string"
            ? area.split(",").map((a) => parseAddress(a.trim()))
            : area instanceof FakeRangeAreas
              ? area.target$().rects
              : [area.target$().rect];
      } catch {
        return invalid("printArea", area);
      }
      pageLayoutForWrite(s).printArea = rects;
    });
  }
  /** Office.js's `getPrintAreaOrNullObject()`: the print area's blocks as RangeAreas, a null object when none is set. */
  getPrintAreaOrNullObject(): FakeRangeAreas {
    return new FakeRangeAreas(
      this.ctx,
      () => {
        const sheet = this.t();
        const rects = pageLayoutOf(sheet).printArea;
        return rects ? { sheet, rects } : null;
      },
      { method: "getPrintAreaOrNullObject", args: [], parent: this.oid },
    );
  }
  private titles(orNull: boolean): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const sheet = this.t();
        const titles = pageLayoutOf(sheet).printTitleRows;
        if (titles) return { sheet, rect: { row: titles.row, column: 0, rows: titles.rows, columns: MAX_COLUMNS } };
        if (orNull) return null;
        throw new FakeOfficeError("ItemNotFound", "The requested resource doesn't exist. (print title rows)");
      },
      { method: orNull ? "getPrintTitleRowsOrNullObject" : "getPrintTitleRows", args: [], parent: this.oid },
    );
  }
  getPrintTitleRows(): FakeRange {
    return this.titles(false);
  }
  getPrintTitleRowsOrNullObject(): FakeRange {
    return this.titles(true);
  }
}

export class FakeHeaderFooterGroup extends ClientObject<FakeSheet> {
  protected readonly scalarNames = ["state"] as const;
  readonly defaultForAllPages: FakeHeaderFooter$;
  readonly firstPage: FakeHeaderFooter$;
  readonly evenPages: FakeHeaderFooter$;
  readonly oddPages: FakeHeaderFooter$;
  constructor(ctx: FakeRequestContext, sheet: () => FakeSheet) {
    super(ctx, sheet);
    this.defaultForAllPages = new FakeHeaderFooter$(ctx, sheet, "defaultForAllPages");
    this.firstPage = new FakeHeaderFooter$(ctx, sheet, "firstPage");
    this.evenPages = new FakeHeaderFooter$(ctx, sheet, "evenPages");
    this.oddPages = new FakeHeaderFooter$(ctx, sheet, "oddPages");
  }
  protected snapshot(s: FakeSheet, name: string): unknown {
    return name === "state" ? pageLayoutOf(s).headersFooters.state : notSupported(`headersFooters.${name}`);
  }
  get state(): string {
    return this.read("state") as string;
  }
  set state(v: string) {
    this.write("state", v, (s, x) => {
      const state = oneOf("headersFooters.state", HEADER_FOOTER_STATES, x);
      pageLayoutForWrite(s).headersFooters.state = state;
    });
  }
}

const HEADER_FOOTER_PARTS = [
  "leftHeader",
  "centerHeader",
  "rightHeader",
  "leftFooter",
  "centerFooter",
  "rightFooter",
] as const satisfies readonly (keyof FakeHeaderFooter)[];
type HeaderFooterPart = (typeof HEADER_FOOTER_PARTS)[number];

/** One set of header and footer texts, in Excel's codes (`&P` the page, `&N` the pages). */
export class FakeHeaderFooter$ extends ClientObject<FakeSheet> {
  protected readonly scalarNames = HEADER_FOOTER_PARTS;
  constructor(
    ctx: FakeRequestContext,
    sheet: () => FakeSheet,
    private readonly kind: HeaderFooterKind,
  ) {
    super(ctx, sheet);
  }
  protected snapshot(s: FakeSheet, name: string): unknown {
    if (!(HEADER_FOOTER_PARTS as readonly string[]).includes(name)) return notSupported(`headerFooter.${name}`);
    return pageLayoutOf(s).headersFooters[this.kind][name as HeaderFooterPart];
  }
  private part(name: HeaderFooterPart): string {
    return this.read(name) as string;
  }
  private setPart(name: HeaderFooterPart, v: string): void {
    this.write(name, v, (s, x) => {
      if (typeof x !== "string") invalid(name, x);
      pageLayoutForWrite(s).headersFooters[this.kind][name] = x as string;
    });
  }
  get leftHeader(): string {
    return this.part("leftHeader");
  }
  set leftHeader(v: string) {
    this.setPart("leftHeader", v);
  }
  get centerHeader(): string {
    return this.part("centerHeader");
  }
  set centerHeader(v: string) {
    this.setPart("centerHeader", v);
  }
  get rightHeader(): string {
    return this.part("rightHeader");
  }
  set rightHeader(v: string) {
    this.setPart("rightHeader", v);
  }
  get leftFooter(): string {
    return this.part("leftFooter");
  }
  set leftFooter(v: string) {
    this.setPart("leftFooter", v);
  }
  get centerFooter(): string {
    return this.part("centerFooter");
  }
  set centerFooter(v: string) {
    this.setPart("centerFooter", v);
  }
  get rightFooter(): string {
    return this.part("rightFooter");
  }
  set rightFooter(v: string) {
    this.setPart("rightFooter", v);
  }
}

/** How Excel parses a string typed (or written as a value) into a cell. */
function enter(sheet: FakeSheet, row: number, column: number, v: unknown, asFormula: boolean): void {
  if (v === null || v === undefined) return;
  const cell = cellForWrite(sheet, row, column);
  delete cell.formula;
  if (typeof v === "number" || typeof v === "boolean") {
    cell.value = v;
    return;
  }
  if (typeof v !== "string") throw new FakeOfficeError("InvalidArgument", `Cannot put ${typeof v} into a cell.`);
  if (v === "") {
    cell.value = "";
    return;
  }
  if (v.startsWith("'")) {
    cell.value = v.slice(1);
    return;
  }
  if (cell.numberFormat === "@") {
    cell.value = v;
    return;
  }
  if (v.startsWith("=") && (asFormula || v.length > 1)) {
    cell.formula = v;
    cell.value = "#NAME?";
    return;
  }
  const trimmed = v.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    cell.value = Number(trimmed);
    return;
  }
  if (/^[+\-@]/.test(v)) {
    cell.formula = `=${v.startsWith("@") ? v.slice(1) : v}`;
    cell.value = "#NAME?";
    return;
  }
  cell.value = v;
}

function grid<T>(rect: Rect, f: (r: number, c: number) => T): T[][] {
  const cells = rect.rows * rect.columns;
  if (cells > 5_000_000) {
    throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit.");
  }
  const out: T[][] = [];
  for (let r = 0; r < rect.rows; r++) {
    const line: T[] = [];
    for (let c = 0; c < rect.columns; c++) line.push(f(rect.row + r, rect.column + c));
    out.push(line);
  }
  return out;
}

function checkShape(rect: Rect, v: unknown): unknown[][] {
  if (
    !Array.isArray(v) ||
    v.length !== rect.rows ||
    v.some((line) => !Array.isArray(line) || line.length !== rect.columns)
  ) {
    throw new FakeOfficeError(
      "InvalidArgument",
      "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
    );
  }
  return v as unknown[][];
}

export class FakeRange extends ClientObject<RangeTarget> {
  protected readonly scalarNames = [
    "address",
    "rowCount",
    "columnCount",
    "rowIndex",
    "columnIndex",
    "values",
    "formulas",
    "numberFormat",
    "text",
  ] as const;
  readonly format: FakeRangeFormat;

  constructor(
    ctx: FakeRequestContext,
    resolver: () => RangeTarget | null,
    creation?: ConstructorParameters<typeof ClientObject>[2],
  ) {
    super(ctx, resolver, creation);
    this.format = new FakeRangeFormat(ctx, () => this.t());
  }

  protected snapshot({ sheet, rect }: RangeTarget, name: string): unknown {
    switch (name) {
      case "address":
        return fullAddress(sheet.name, rect);
      case "rowCount":
        return rect.rows;
      case "columnCount":
        return rect.columns;
      case "rowIndex":
        return rect.row;
      case "columnIndex":
        return rect.column;
      case "values":
        return grid(rect, (r, c) => cellAt(sheet, r, c)?.value ?? "");
      case "formulas":
        return grid(rect, (r, c) => {
          const cell = cellAt(sheet, r, c);
          return cell?.formula ?? cell?.value ?? "";
        });
      case "numberFormat":
        return grid(rect, (r, c) => cellAt(sheet, r, c)?.numberFormat ?? "General");
      case "text":
        return grid(rect, (r, c) => String(cellAt(sheet, r, c)?.value ?? ""));
      default:
        return notSupported(`range.${name}`);
    }
  }

  get address(): string {
    return this.read("address") as string;
  }
  get rowCount(): number {
    return this.read("rowCount") as number;
  }
  get columnCount(): number {
    return this.read("columnCount") as number;
  }
  get rowIndex(): number {
    return this.read("rowIndex") as number;
  }
  get columnIndex(): number {
    return this.read("columnIndex") as number;
  }
  get text(): string[][] {
    return this.read("text") as string[][];
  }
  get values(): Scalar[][] {
    return this.read("values") as Scalar[][];
  }
  set values(v: Scalar[][]) {
    this.write("values", v, ({ sheet, rect }, x) => {
      checkShape(rect, x).forEach((line, r) =>
        line.forEach((value, c) => enter(sheet, rect.row + r, rect.column + c, value, false)),
      );
    });
  }
  get formulas(): Scalar[][] {
    return this.read("formulas") as Scalar[][];
  }
  set formulas(v: Scalar[][]) {
    this.write("formulas", v, ({ sheet, rect }, x) => {
      checkShape(rect, x).forEach((line, r) =>
        line.forEach((value, c) => enter(sheet, rect.row + r, rect.column + c, value, true)),
      );
    });
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat") as string[][];
  }
  set numberFormat(v: string[][]) {
    this.write("numberFormat", v, ({ sheet, rect }, x) => {
      checkShape(rect, x).forEach((line, r) =>
        line.forEach((f, c) => {
          if (f !== null && f !== undefined)
            cellForWrite(sheet, rect.row + r, rect.column + c).numberFormat = String(f);
        }),
      );
    });
  }

  /** A named style: its number format lands on every cell, whatever the range's size. */
  set style(name: string) {
    this.write("style", name, (t, n) => {
      const style = this.ctx.book.styles[n as string];
      if (!style) throw new FakeOfficeError("ItemNotFound", `No style named ${String(n)}.`);
      eachCell(t, (cell) => {
        cell.style = n as string;
        cell.numberFormat = style.numberFormat;
      });
    });
  }

  getCell(row: number, column: number): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const { sheet, rect } = this.t();
        return { sheet, rect: { row: rect.row + row, column: rect.column + column, rows: 1, columns: 1 } };
      },
      { method: "getCell", args: [row, column], parent: this.oid },
    );
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const { sheet, rect } = this.t();
        return { sheet, rect: { ...rect, rows: rect.rows + deltaRows, columns: rect.columns + deltaColumns } };
      },
      { method: "getResizedRange", args: [deltaRows, deltaColumns], parent: this.oid },
    );
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    return new FakeRangeAreas(
      this.ctx,
      () => {
        const { sheet, rect } = this.t();
        const inside = sheet.merges.filter(
          (m) =>
            m.row >= rect.row &&
            m.column >= rect.column &&
            m.row + m.rows <= rect.row + rect.rows &&
            m.column + m.columns <= rect.column + rect.columns,
        );
        return inside.length ? { sheet, rects: inside } : null;
      },
      { method: "getMergedAreasOrNullObject", args: [], parent: this.oid },
    );
  }

  select(): void {
    this.call("select", [], ({ sheet, rect }) => {
      this.ctx.book.activeSheet = sheet.name;
      this.ctx.book.selection = { sheet: sheet.name, address: rectAddress(rect) };
    });
  }

  /** As Excel: a range that overlaps a merged area in part cannot be merged. */
  merge(across = false): void {
    this.call("merge", [across], ({ sheet, rect }) => {
      const overlaps = (m: Rect) =>
        m.row < rect.row + rect.rows &&
        rect.row < m.row + m.rows &&
        m.column < rect.column + rect.columns &&
        rect.column < m.column + m.columns;
      if (across) throw new FakeOfficeError("InvalidArgument", "The fake Excel merges whole ranges only.");
      if (sheet.merges.some(overlaps))
        throw new FakeOfficeError("InvalidOperation", "Cannot merge a range that overlaps a merged area.");
      sheet.merges.push({ ...rect });
    });
  }

  unmerge(): void {
    this.call("unmerge", [], ({ sheet, rect }) => {
      sheet.merges = sheet.merges.filter(
        (m) =>
          !(
            m.row >= rect.row &&
            m.column >= rect.column &&
            m.row + m.rows <= rect.row + rect.rows &&
            m.column + m.columns <= rect.column + rect.columns
          ),
      );
    });
  }

  /** `applyTo`: "All" (default), "Contents" or "Formats". */
  clear(applyTo: "All" | "Contents" | "Formats" = "All"): void {
    this.call("clear", [applyTo], ({ sheet, rect }) => {
      for (let r = rect.row; r < Math.min(rect.row + rect.rows, sheet.rows.length); r++) {
        const cells = sheet.rows[r];
        if (!cells) continue;
        for (let c = rect.column; c < Math.min(rect.column + rect.columns, cells.length); c++) {
          const cell = cells[c];
          if (!cell) continue;
          if (applyTo !== "Formats") {
            cell.value = "";
            delete cell.formula;
          }
          if (applyTo !== "Contents") {
            delete cell.numberFormat;
            delete cell.style;
            delete cell.bold;
            delete cell.fill;
            delete cell.wrapText;
            delete cell.verticalAlignment;
            delete cell.fontSize;
            delete cell.align;
          }
        }
      }
    });
  }
}

type AreasTarget = { sheet: FakeSheet; rects: Rect[] };

export class FakeRangeAreas extends ClientObject<AreasTarget> {
  protected readonly scalarNames = ["address", "areaCount"] as const;
  protected snapshot({ sheet, rects }: AreasTarget, name: string): unknown {
    if (name === "address") return rects.map((r) => fullAddress(sheet.name, r)).join(",");
    if (name === "areaCount") return rects.length;
    return notSupported(`rangeAreas.${name}`);
  }
  get address(): string {
    return this.read("address") as string;
  }
  get areaCount(): number {
    return this.read("areaCount") as number;
  }
}

export const VERTICAL_ALIGNMENTS = ["Top", "Center", "Bottom", "Justify", "Distributed"] as const;

/** A format read over a range: the one value every cell holds, else null (Excel's answer for a mixed range). */
function common<T>({ sheet, rect }: RangeTarget, of: (cell: FakeCell | null) => T): T | null {
  const seen = new Set<T>();
  for (let r = rect.row; r < rect.row + rect.rows && seen.size < 2; r++) {
    for (let c = rect.column; c < rect.column + rect.columns && seen.size < 2; c++) seen.add(of(cellAt(sheet, r, c)));
  }
  return seen.size === 1 ? [...seen][0] : null;
}

export class FakeRangeFormat extends ClientObject<RangeTarget> {
  protected readonly scalarNames = ["columnWidth", "wrapText", "verticalAlignment"] as const;
  readonly font: FakeRangeFont;
  readonly fill: FakeRangeFill;
  constructor(ctx: FakeRequestContext, range: () => RangeTarget) {
    super(ctx, range);
    this.font = new FakeRangeFont(ctx, range);
    this.fill = new FakeRangeFill(ctx, range);
  }
  protected snapshot(target: RangeTarget, name: string): unknown {
    if (name === "wrapText") return common(target, (cell) => cell?.wrapText ?? false);
    if (name === "verticalAlignment") return common(target, (cell) => cell?.verticalAlignment ?? "Bottom");
    if (name !== "columnWidth") return notSupported(`format.${name}`);
    const { sheet, rect } = target;
    const widths = new Set<number>();
    for (let c = rect.column; c < rect.column + rect.columns; c++)
      widths.add(sheet.columnWidths[c] ?? DEFAULT_COLUMN_WIDTH);
    return widths.size === 1 ? [...widths][0] : null;
  }
  get columnWidth(): number {
    return this.read("columnWidth") as number;
  }
  set columnWidth(v: number) {
    this.write("columnWidth", v, ({ sheet, rect }, w) => {
      for (let c = rect.column; c < rect.column + rect.columns; c++) sheet.columnWidths[c] = w as number;
    });
  }
  get wrapText(): boolean | null {
    return this.read("wrapText") as boolean | null;
  }
  set wrapText(v: boolean | null) {
    this.write("wrapText", v, (t, x) => {
      if (typeof x !== "boolean") return invalid("format.wrapText", x);
      eachCell(t, (cell) => (cell.wrapText = x));
    });
  }
  get verticalAlignment(): string | null {
    return this.read("verticalAlignment") as string | null;
  }
  set verticalAlignment(v: string | null) {
    this.write("verticalAlignment", v, (t, x) => {
      const alignment = oneOf("format.verticalAlignment", VERTICAL_ALIGNMENTS, x);
      eachCell(t, (cell) => (cell.verticalAlignment = alignment));
    });
  }
  set horizontalAlignment(v: string) {
    this.write("horizontalAlignment", v, (t, x) => eachCell(t, (cell) => (cell.align = x as string)));
  }
  set rowHeight(v: number) {
    this.write("rowHeight", v, ({ sheet, rect }, h) => {
      sheet.rowHeights ??= {};
      for (let r = rect.row; r < rect.row + rect.rows; r++) sheet.rowHeights[r] = h as number;
    });
  }
  /** Excel sizes rows to their wrapped text; the fake, which measures no text, only takes the call. */
  autofitRows(): void {
    this.call("autofitRows", [], () => undefined);
  }
  autofitColumns(): void {
    this.call("autofitColumns", [], ({ sheet, rect }) => {
      for (let c = rect.column; c < rect.column + rect.columns; c++) {
        let longest = 0;
        sheet.rows.forEach((cells) => (longest = Math.max(longest, String(cells?.[c]?.value ?? "").length)));
        sheet.columnWidths[c] = Math.max(DEFAULT_COLUMN_WIDTH, longest * 7);
      }
    });
  }
}

function eachCell({ sheet, rect }: RangeTarget, f: (cell: ReturnType<typeof cellForWrite>) => void): void {
  for (let r = rect.row; r < rect.row + rect.rows; r++) {
    for (let c = rect.column; c < rect.column + rect.columns; c++) f(cellForWrite(sheet, r, c));
  }
}

export class FakeRangeFont extends ClientObject<RangeTarget> {
  protected readonly scalarNames = ["bold"] as const;
  protected snapshot({ sheet, rect }: RangeTarget, name: string): unknown {
    if (name !== "bold") return notSupported(`font.${name}`);
    return !!cellAt(sheet, rect.row, rect.column)?.bold;
  }
  get bold(): boolean {
    return this.read("bold") as boolean;
  }
  set bold(v: boolean) {
    this.write("bold", v, (t, b) => eachCell(t, (cell) => (cell.bold = b as boolean)));
  }
  set size(v: number) {
    this.write("size", v, (t, x) => eachCell(t, (cell) => (cell.fontSize = x as number)));
  }
}

export class FakeRangeFill extends ClientObject<RangeTarget> {
  protected readonly scalarNames = ["color"] as const;
  protected snapshot({ sheet, rect }: RangeTarget, name: string): unknown {
    if (name !== "color") return notSupported(`fill.${name}`);
    return cellAt(sheet, rect.row, rect.column)?.fill ?? null;
  }
  get color(): string {
    return this.read("color") as string;
  }
  set color(v: string) {
    this.write("color", v, (t, x) => eachCell(t, (cell) => (cell.fill = x as string)));
  }
}

export class FakeChartCollection extends ClientObject<FakeSheet> {
  protected readonly scalarNames = ["items", "count"] as const;
  private itemList: FakeChart$[] = [];
  constructor(ctx: FakeRequestContext, sheet: () => FakeSheet) {
    super(ctx, sheet);
  }
  protected snapshot(s: FakeSheet, name: string): unknown {
    if (name === "count") return s.charts.length;
    if (!name.startsWith("items")) return notSupported(`charts.${name}`);
    this.itemList = s.charts.map((c) => {
      const chart = new FakeChart$(
        this.ctx,
        () => c,
        () => s,
      );
      chart.fill();
      return chart;
    });
    this.loaded.set("items", true);
    return s.charts.map((c) => c.name);
  }
  get count(): number {
    return this.read("count") as number;
  }
  getItem(name: string): FakeChart$ {
    return new FakeChart$(
      this.ctx,
      () => {
        const found = this.t().charts.find((c) => c.name === name);
        if (!found) throw new FakeOfficeError("ItemNotFound", `No chart named ${name}.`);
        return found;
      },
      () => this.t(),
      { method: "charts.getItem", args: [name], parent: this.oid },
    );
  }
  get items(): FakeChart$[] {
    this.read("items");
    return this.itemList;
  }
  add(type: string, source: FakeRange, seriesBy = "Auto"): FakeChart$ {
    let made: FakeChart | undefined;
    return new FakeChart$(
      this.ctx,
      () => {
        const sheet = this.t();
        const { sheet: from, rect } = source.target$();
        made = {
          name: `Chart ${sheet.charts.length + 1}`,
          type,
          source: fullAddress(from.name, rect),
          seriesBy,
          title: "",
          // Series by columns: one per column of the source.
          series: Array.from({ length: rect.columns }, (_, i) => ({
            name: `Series${i + 1}`,
            values: fullAddress(from.name, { ...rect, column: rect.column + i, columns: 1 }),
          })),
        };
        sheet.charts.push(made);
        return made;
      },
      () => this.t(),
      { method: "add", args: [type, "range", seriesBy], parent: this.oid },
    );
  }
}

/** Named with a `$` so it does not clash with the model's FakeChart. */
export class FakeChart$ extends ClientObject<FakeChart> {
  protected readonly scalarNames = ["name", "chartType"] as const;
  readonly title: FakeChartTitle;
  readonly series: FakeSeriesCollection;
  constructor(
    ctx: FakeRequestContext,
    resolver: () => FakeChart | null,
    private readonly sheet: () => FakeSheet,
    creation?: ConstructorParameters<typeof ClientObject>[2],
  ) {
    super(ctx, resolver, creation);
    this.title = new FakeChartTitle(ctx, () => this.t());
    this.series = new FakeSeriesCollection(ctx, () => this.t());
  }
  /** Loaded as part of the collection's load. */
  fill(): void {
    const c = this.t();
    for (const n of this.scalarNames) this.loaded.set(n, this.snapshot(c, n));
  }
  protected snapshot(c: FakeChart, name: string): unknown {
    if (name === "name") return c.name;
    if (name === "chartType") return c.type;
    return notSupported(`chart.${name}`);
  }
  get name(): string {
    return this.read("name") as string;
  }
  set name(v: string) {
    this.write("name", v, (c, n) => (c.name = n as string));
  }
  setPosition(startCell: string, endCell?: string): void {
    this.call("setPosition", [startCell, endCell ?? null], (c) => {
      c.topLeft = startCell;
      c.bottomRight = endCell;
    });
  }
  delete(): void {
    this.call("delete", [], (c) => {
      const s = this.sheet();
      s.charts.splice(s.charts.indexOf(c), 1);
    });
  }
}

type SeriesTarget = FakeChart["series"][number];

export class FakeSeriesCollection {
  constructor(
    private readonly ctx: FakeRequestContext,
    private readonly chart: () => FakeChart,
  ) {}
  getItemAt(index: number): FakeSeries {
    return new FakeSeries(this.ctx, () => this.chart().series[index] ?? null, {
      method: "series.getItemAt",
      args: [index],
      parent: 0,
    });
  }
  add(name: string): FakeSeries {
    return new FakeSeries(
      this.ctx,
      () => {
        const made = { name, values: "" };
        this.chart().series.push(made);
        return made;
      },
      { method: "series.add", args: [name], parent: 0 },
    );
  }
}

export class FakeSeries extends ClientObject<SeriesTarget> {
  protected readonly scalarNames = ["name"] as const;
  protected snapshot(s: SeriesTarget, name: string): unknown {
    return name === "name" ? s.name : notSupported(`series.${name}`);
  }
  get name(): string {
    return this.read("name") as string;
  }
  set name(v: string) {
    this.write("name", v, (s, n) => (s.name = n as string));
  }
  setValues(range: FakeRange): void {
    this.call("setValues", ["range"], (s) => {
      const { sheet, rect } = range.target$();
      s.values = fullAddress(sheet.name, rect);
    });
  }
  setXAxisValues(range: FakeRange): void {
    this.call("setXAxisValues", ["range"], (s) => {
      const { sheet, rect } = range.target$();
      s.xValues = fullAddress(sheet.name, rect);
    });
  }
}

export class FakeChartTitle extends ClientObject<FakeChart> {
  protected readonly scalarNames = ["text"] as const;
  protected snapshot(c: FakeChart, name: string): unknown {
    return name === "text" ? c.title : notSupported(`chartTitle.${name}`);
  }
  get text(): string {
    return this.read("text") as string;
  }
  set text(v: string) {
    this.write("text", v, (c, t) => (c.title = t as string));
  }
}

type StyleTarget = { book: FakeWorkbook; name: string };

export class FakeStyleCollection extends ClientObject<FakeWorkbook> {
  protected readonly scalarNames = ["items"] as const;
  private names: string[] = [];
  constructor(ctx: FakeRequestContext) {
    super(ctx, () => ctx.book);
  }
  protected snapshot(book: FakeWorkbook, name: string): unknown {
    if (!name.startsWith("items")) return notSupported(`styles.${name}`);
    this.names = Object.keys(book.styles);
    this.loaded.set("items", true);
    return this.names;
  }
  get items(): { name: string }[] {
    this.read("items");
    return this.names.map((name) => ({ name }));
  }
  add(name: string): void {
    this.call("styles.add", [name], (book) => {
      if (book.styles[name]) throw new FakeOfficeError("ItemAlreadyExists", `A style named ${name} exists.`);
      book.styles[name] = { numberFormat: "General" };
    });
  }
  getItem(name: string): FakeStyle {
    const book = this.ctx.book;
    return new FakeStyle(
      this.ctx,
      () => {
        if (!book.styles[name]) throw new FakeOfficeError("ItemNotFound", `No style named ${name}.`);
        return { book, name };
      },
      { method: "styles.getItem", args: [name], parent: this.oid },
    );
  }
}

export class FakeStyle extends ClientObject<StyleTarget> {
  protected readonly scalarNames = ["name", "numberFormat"] as const;
  protected snapshot({ book, name }: StyleTarget, prop: string): unknown {
    if (prop === "name") return name;
    if (prop === "numberFormat") return book.styles[name].numberFormat;
    return notSupported(`style.${prop}`);
  }
  get numberFormat(): string {
    return this.read("numberFormat") as string;
  }
  set numberFormat(v: string) {
    this.write("numberFormat", v, ({ book, name }, f) => {
      book.styles[name].numberFormat = f as string;
    });
  }
}

type SettingTarget = { book: FakeWorkbook; key: string };

export class FakeSettingCollection {
  constructor(private readonly ctx: FakeRequestContext) {}
  add(key: string, value: unknown): FakeSetting {
    const book = this.ctx.book;
    const wire = JSON.parse(JSON.stringify(value)) as unknown;
    return new FakeSetting(
      this.ctx,
      () => {
        book.settings[key] = wire;
        return { book, key };
      },
      { method: "settings.add", args: [key, wire], parent: 0 },
    );
  }
  getItemOrNullObject(key: string): FakeSetting {
    const book = this.ctx.book;
    return new FakeSetting(this.ctx, () => (key in book.settings ? { book, key } : null), {
      method: "settings.getItemOrNullObject",
      args: [key],
      parent: 0,
    });
  }
}

export class FakeSetting extends ClientObject<SettingTarget> {
  protected readonly scalarNames = ["key", "value"] as const;
  protected snapshot({ book, key }: SettingTarget, name: string): unknown {
    if (name === "key") return key;
    if (name === "value") return book.settings[key];
    return notSupported(`setting.${name}`);
  }
  get key(): string {
    return this.read("key") as string;
  }
  get value(): unknown {
    return this.read("value");
  }
  delete(): void {
    this.call("delete", [], ({ book, key }) => delete book.settings[key]);
  }
}

/** One fake Excel host: the workbook plus the counters a test or the bench reads. */
export class FakeExcel {
  syncs: SyncRecord[] = [];
  screenUpdatingSuspended = 0;
  readonly selectionHandlers = new Set<SelectionHandler>();
  /**
   * Workbooks a user may choose (`insertWorksheetsFromBase64`), by their base64: the fake cannot parse .xlsx, so a
   * test gives each file's sheets as read in Node (test/fakes/xlsx.ts). Any other base64 is no workbook.
   */
  files: Record<string, FakeSheet[]> = {};
  constructor(readonly book: FakeWorkbook) {}

  /** The user selects `address` on `sheet`: the selection moves, and every handler registered hears of it. */
  async select(sheet: string, address: string): Promise<void> {
    const target = findSheet(this.book, sheet);
    if (!target) throw new Error(`no sheet ${sheet}`);
    this.book.selection = { sheet, address };
    const args: SelectionChangedArgs = {
      address,
      worksheetId: target.id,
      type: "WorksheetSelectionChanged",
      source: "Local",
    };
    await Promise.all([...this.selectionHandlers].map((h) => h(args)));
  }

  /** `Excel.run`: queued work left when the callback returns is synced, as Office.js does. */
  async run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> {
    const context = new FakeRequestContext(this, this.book);
    const result = await batch(context);
    if (context.pending) await context.sync();
    return result;
  }

  resetCounters(): void {
    this.syncs = [];
    this.screenUpdatingSuspended = 0;
  }

  /** The global `Excel` namespace as the add-in sees it. */
  namespace(): { run: FakeExcel["run"] } {
    return { run: (batch) => this.run(batch) };
  }
}

export { letters };
