/**
 * What a result may carry back from the clerk's workbook is a whitelist (issue 16 item 3). A part is copied only
 * when it is of a type a clerk's workbook holds — charts with their styles and colours, drawings and SmartArt,
 * pictures, pivot tables with their caches, custom document properties, the printer's settings, links to other
 * workbooks — reached by the relationship that leads to such a part, through a relative target inside the
 * package, and, if it is XML, declares no DTD. It is copied under the name Excel gives such a part, never under
 * the input's own name, and its relationships are written anew. Anything a part reaches must pass too, or none
 * of it is copied: a chart's drawing that reaches a macro project, a worksheet or a file outside the package is
 * left behind whole, and why is told (运行记录 and the console), never half-copied.
 */
import { prologDtd } from "./zip";
import { REL, type Package, type Relationship } from "./package";

const CT = "application/vnd.openxmlformats-officedocument";
const MS = "application/vnd.ms-office";
const MS_REL = "http://schemas.microsoft.com/office";

/** A part type that may be copied: the relationship type that leads to it, and the name Excel gives it (less its number). */
interface Copyable {
  via: string;
  stem: string;
  extension: string;
}

const kind = (via: string, name: string): Copyable => {
  const dot = name.lastIndexOf(".");
  return { via, stem: name.slice(0, dot), extension: name.slice(dot) };
};

/** Content type → what may be copied of that type. Nothing else is: no macro project, no sheet, no embedded file. */
const COPYABLE: Record<string, Copyable> = {
  [`${CT}.drawing+xml`]: kind("drawing", "xl/drawings/drawing.xml"),
  [`${CT}.drawingml.chart+xml`]: kind("chart", "xl/charts/chart.xml"),
  [`${MS}.chartstyle+xml`]: kind("chartStyle", "xl/charts/style.xml"),
  [`${MS}.chartcolorstyle+xml`]: kind("chartColorStyle", "xl/charts/colors.xml"),
  [`${CT}.drawingml.chartshapes+xml`]: kind("chartUserShapes", "xl/drawings/drawing.xml"),
  [`${CT}.themeOverride+xml`]: kind("themeOverride", "xl/theme/themeOverride.xml"),
  [`${CT}.drawingml.diagramData+xml`]: kind("diagramData", "xl/diagrams/data.xml"),
  [`${CT}.drawingml.diagramLayout+xml`]: kind("diagramLayout", "xl/diagrams/layout.xml"),
  [`${CT}.drawingml.diagramStyle+xml`]: kind("diagramQuickStyle", "xl/diagrams/quickStyle.xml"),
  [`${CT}.drawingml.diagramColors+xml`]: kind("diagramColors", "xl/diagrams/colors.xml"),
  [`${MS}.drawingml.diagramDrawing+xml`]: kind("diagramDrawing", "xl/diagrams/drawing.xml"),
  "image/png": kind("image", "xl/media/image.png"),
  "image/jpeg": kind("image", "xl/media/image.jpeg"),
  "image/gif": kind("image", "xl/media/image.gif"),
  "image/bmp": kind("image", "xl/media/image.bmp"),
  "image/tiff": kind("image", "xl/media/image.tiff"),
  "image/x-emf": kind("image", "xl/media/image.emf"),
  "image/x-wmf": kind("image", "xl/media/image.wmf"),
  "image/svg+xml": kind("image", "xl/media/image.svg"),
  [`${CT}.spreadsheetml.pivotTable+xml`]: kind("pivotTable", "xl/pivotTables/pivotTable.xml"),
  [`${CT}.spreadsheetml.pivotCacheDefinition+xml`]: kind(
    "pivotCacheDefinition",
    "xl/pivotCache/pivotCacheDefinition.xml",
  ),
  [`${CT}.spreadsheetml.pivotCacheRecords+xml`]: kind("pivotCacheRecords", "xl/pivotCache/pivotCacheRecords.xml"),
  [`${CT}.custom-properties+xml`]: kind("custom-properties", "docProps/custom.xml"),
  [`${CT}.spreadsheetml.printerSettings`]: kind("printerSettings", "xl/printerSettings/printerSettings.bin"),
  [`${CT}.spreadsheetml.externalLink+xml`]: kind("externalLink", "xl/externalLinks/externalLink.xml"),
};

/**
 * Relationships a copied part may have to something outside the package: a hyperlink (followed when clicked), a
 * linked picture, the workbook a link reads from. Each but a hyperlink is listed where the result is written,
 * since Excel may reach it when the result is opened.
 */
const EXTERNAL = new Set(["hyperlink", "image", "externalLinkPath", "xlPathMissing"]);

/** Each relationship type a copy writes, by its last segment, in full; the officeDocument namespace unless named. */
const TYPE_URI: Record<string, string> = {
  chartStyle: `${MS_REL}/2011/relationships/chartStyle`,
  chartColorStyle: `${MS_REL}/2011/relationships/chartColorStyle`,
  diagramDrawing: `${MS_REL}/2007/relationships/diagramDrawing`,
  xlPathMissing: `${MS_REL}/2006/relationships/xlExternalLinkPath/xlPathMissing`,
};
const typeUri = (type: string) => TYPE_URI[type] ?? `${REL}/${type}`;

/** A part left behind (with all it reaches), the part it reaches that may not be copied, if another, and why. */
export interface Refused {
  part: string;
  through?: string;
  zh: string;
  en: string;
}

/** A part to copy, as read: its content type, its bytes and its relationships. */
interface Planned {
  type: string;
  bytes: Uint8Array;
  rels: Relationship[];
}

/** Copies parts from the clerk's workbook into the result, each at most once (a pivot cache shared by two tables). */
export class Copier {
  readonly refused: Refused[] = [];
  /** The external targets the copies hold, as written, hyperlinks apart: what opening the result may reach. */
  readonly external = new Set<string>();
  private readonly copied = new Map<string, string>();

  constructor(
    private readonly from: Package,
    private readonly to: Package,
  ) {}

  /** The copy of an input part, if it was copied. */
  copyOf(part: string): string | undefined {
    return this.copied.get(part);
  }

  /**
   * The copy of the part `rel` (an input relationship) leads to, with everything it reaches; undefined when any
   * of them may not be copied — then nothing is, and `refused` says why.
   */
  async copy(rel: Relationship): Promise<string | undefined> {
    const plan = new Map<string, Planned>();
    const refused = await this.walk(rel, plan);
    if (refused) {
      this.refused.push(
        refused.part === rel.target ? refused : { ...refused, part: rel.target, through: refused.part },
      );
      return undefined;
    }
    for (const [part, p] of plan) {
      const { stem, extension } = COPYABLE[p.type];
      this.copied.set(part, this.to.freeName(stem, extension));
    }
    for (const [part, p] of plan) {
      const name = this.copied.get(part)!;
      this.to.put(name, p.bytes);
      await this.to.declare(name, p.type);
      for (const r of p.rels) {
        await this.to.relate(name, typeUri(r.type), r.external ? r.target : this.copied.get(r.target)!, {
          id: r.id,
          external: r.external,
        });
        if (r.external && r.type !== "hyperlink") this.external.add(r.target);
      }
    }
    return this.copied.get(rel.target);
  }

  /** Reads what `rel` reaches into `plan`, depth first; the first part that may not be copied, with why. */
  private async walk(rel: Relationship, plan: Map<string, Planned>): Promise<Refused | undefined> {
    const part = rel.target;
    if (this.copied.has(part) || plan.has(part)) return undefined;
    if (!rel.within) {
      return {
        part,
        zh: "以绝对路径或越出文件包的路径引用",
        en: "it is named by an absolute path, or one leading out of the package",
      };
    }
    if (!this.from.has(part)) return { part, zh: "文件包中没有此部件", en: "there is no such part in the package" };
    const type = (await this.from.contentType(part)) ?? "";
    if (COPYABLE[type]?.via !== rel.type) {
      return {
        part,
        zh: `其类型（${type || "未声明"}，经 ${rel.type} 关系引用）不在结果可保留的内容之列`,
        en: `its type (${type || "none declared"}, reached as ${rel.type}) is none a result keeps`,
      };
    }
    const bytes = await this.from.bytes(part);
    if (/xml$/.test(type) && prologDtd(bytes.subarray(0, 64 * 1024)) !== false) {
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
    plan.set(part, { type, bytes, rels });
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
