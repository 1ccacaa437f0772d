/**
 * What a result may carry of the clerk's workbook is a whitelist (issue 16 item 3). The result is the clerk's package
 * edited (issue 19 item 2), so nothing is copied; but a part reached from a sheet, the workbook or the package root
 * by a drawing, pivot table, printer-settings, custom-properties or external-link relationship stays only when it is
 * of a type a clerk's workbook holds — charts with their styles and colours, drawings and SmartArt, pictures, pivot
 * tables with their caches, custom document properties, the printer's settings, links to other workbooks — reached by
 * the relationship that leads to such a part, through a relative target inside the package, and, if it is XML,
 * declares no DTD. Anything a part reaches must pass too, or none of it stays: a chart's drawing that reaches a macro
 * project, a worksheet or a file outside the package is left out whole, and why is told (运行记录 and the console).
 */
import { prologDtd } from "./zip";
import type { Package, Relationship } from "./package";

const CT = "application/vnd.openxmlformats-officedocument";
const MS = "application/vnd.ms-office";

/**
 * Content type → the relationship type a part of that type may be reached by. Nothing else is kept: no macro
 * project, no embedded file, no sheet reached from a drawing.
 */
const KEPT: Record<string, string> = {
  [`${CT}.drawing+xml`]: "drawing",
  [`${CT}.drawingml.chart+xml`]: "chart",
  [`${MS}.chartstyle+xml`]: "chartStyle",
  [`${MS}.chartcolorstyle+xml`]: "chartColorStyle",
  [`${CT}.drawingml.chartshapes+xml`]: "chartUserShapes",
  [`${CT}.themeOverride+xml`]: "themeOverride",
  [`${CT}.drawingml.diagramData+xml`]: "diagramData",
  [`${CT}.drawingml.diagramLayout+xml`]: "diagramLayout",
  [`${CT}.drawingml.diagramStyle+xml`]: "diagramQuickStyle",
  [`${CT}.drawingml.diagramColors+xml`]: "diagramColors",
  [`${MS}.drawingml.diagramDrawing+xml`]: "diagramDrawing",
  "image/png": "image",
  "image/jpeg": "image",
  "image/gif": "image",
  "image/bmp": "image",
  "image/tiff": "image",
  "image/x-emf": "image",
  "image/x-wmf": "image",
  "image/svg+xml": "image",
  [`${CT}.spreadsheetml.pivotTable+xml`]: "pivotTable",
  [`${CT}.spreadsheetml.pivotCacheDefinition+xml`]: "pivotCacheDefinition",
  [`${CT}.spreadsheetml.pivotCacheRecords+xml`]: "pivotCacheRecords",
  [`${CT}.custom-properties+xml`]: "custom-properties",
  [`${CT}.spreadsheetml.printerSettings`]: "printerSettings",
  [`${CT}.spreadsheetml.externalLink+xml`]: "externalLink",
};

/**
 * Relationships a kept part may have to something outside the package: a hyperlink (followed when clicked), a
 * linked picture, the workbook a link reads from. Each but a hyperlink is listed where the result is written,
 * since Excel may reach it when the result is opened.
 */
const EXTERNAL = new Set(["hyperlink", "image", "externalLinkPath", "xlPathMissing"]);

/** A part left behind (with all it reaches), the part it reaches that may not stay, if another, and why. */
export interface Refused {
  part: string;
  through?: string;
  zh: string;
  en: string;
}

/** A part judged, as read: its content type and its relationships. */
interface Planned {
  type: string;
  rels: Relationship[];
}

/**
 * The whitelist over the clerk's package, which the result is (issue 19 item 2): a part it refuses, with all that
 * reaches it, is left out of the result; each part is judged once (a pivot cache shared by two tables).
 */
export class Whitelist {
  readonly refused: Refused[] = [];
  /** The external targets of the parts kept, as written, hyperlinks apart: what opening the result may reach. */
  readonly external = new Set<string>();
  private readonly allowed = new Set<string>();

  constructor(private readonly from: Package) {}

  /**
   * Whether the part `rel` leads to may stay in the result with everything it reaches; when any of them may not,
   * none may, and `refused` says why.
   */
  async allows(rel: Relationship): Promise<boolean> {
    const plan = new Map<string, Planned>();
    const refused = await this.walk(rel, plan);
    if (refused) {
      this.refused.push(
        refused.part === rel.target ? refused : { ...refused, part: rel.target, through: refused.part },
      );
      return false;
    }
    for (const [part, p] of plan) {
      this.allowed.add(part);
      for (const r of p.rels) if (r.external && r.type !== "hyperlink") this.external.add(r.target);
    }
    return true;
  }

  /** Reads what `rel` reaches into `plan`, depth first; the first part that may not stay, with why. */
  private async walk(rel: Relationship, plan: Map<string, Planned>): Promise<Refused | undefined> {
    const part = rel.target;
    if (this.allowed.has(part) || plan.has(part)) return undefined;
    if (!rel.within) {
      return {
        part,
        zh: "以绝对路径或越出文件包的路径引用",
        en: "it is named by an absolute path, or one leading out of the package",
      };
    }
    if (!this.from.has(part)) return { part, zh: "文件包中没有此部件", en: "there is no such part in the package" };
    const type = (await this.from.contentType(part)) ?? "";
    if (KEPT[type] !== rel.type) {
      return {
        part,
        zh: `其类型（${type || "未声明"}，经 ${rel.type} 关系引用）不在结果可保留的内容之列`,
        en: `its type (${type || "none declared"}, reached as ${rel.type}) is none a result keeps`,
      };
    }
    if (/xml$/.test(type) && prologDtd((await this.from.bytes(part)).subarray(0, 64 * 1024)) !== false) {
      return { part, zh: "含有 DTD 声明（<!DOCTYPE>）", en: "it declares a DTD (<!DOCTYPE>)" };
    }
    const rels = await this.from.rels(part);
    if (new Set(rels.map((r) => r.id)).size !== rels.length) {
      return { part, zh: "有两个关系编号相同", en: "two of its relationships share an id" };
    }
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    if (rels.some((r) => /[\u0000-\u001f]/.test(r.id + r.target))) {
      return { part, zh: "其关系中含有控制字符", en: "one of its relationships holds a control character" };
    }
    plan.set(part, { type, rels });
    for (const r of rels) {
      if (r.external && !EXTERNAL.has(r.type)) {
        return {
          part,
          zh: `以 ${r.type} 关系指向文件包之外（${r.target}）`,
          en: `it points outside the package as ${r.type} (${r.target})`,
        };
      }
      const refused = r.external ? undefined : await this.walk(r, plan);
      if (refused) return refused;
    }
    return undefined;
  }
}
