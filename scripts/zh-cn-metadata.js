// Builds the zh-CN custom-function metadata from the generated functions.json and the translation map
// src/functions/functions.zh-cn.json (keyed by function id). Excel has no automatic localisation of
// custom functions: the manifest points zh-CN Excel at this file with <bt:Override Locale="zh-cn">.
// Ids, parameter order and types stay exactly those of functions.json; only names and descriptions change.
// It also joins the line breaks JSDoc wrapping leaves in functions.json's descriptions, which Excel would show.
const fs = require("fs");
const path = require("path");
const { sources } = require("webpack");

const TRANSLATIONS = path.resolve(__dirname, "../src/functions/functions.zh-cn.json");

/** Localised names: a letter first, ≥ 3 characters (Excel's rule), and a Chinese character in them, so they
 *  can never clash with a built-in function, whose names are ASCII in every language of Excel. */
const NAME = /^\p{L}[\p{L}\p{N}_.]{2,}$/u;
const CHINESE = /\p{Script=Han}/u;

/** JSDoc wraps long descriptions at the source's line width; Excel should see one line. */
function joinLines(metadata) {
  const oneLine = (s) => (s === undefined ? s : s.replace(/\s*\n\s*/g, " "));
  return {
    ...metadata,
    functions: metadata.functions.map((f) => ({
      ...f,
      description: oneLine(f.description),
      parameters: f.parameters.map((p) => ({ ...p, description: oneLine(p.description) })),
    })),
  };
}

function localiseMetadata(metadata, translations) {
  const problems = [];
  const ids = new Set(metadata.functions.map((f) => f.id));
  for (const id of Object.keys(translations)) if (!ids.has(id)) problems.push(`${id}: translated but not a function`);
  const names = new Set();
  const functions = metadata.functions.map((f) => {
    const t = translations[f.id];
    if (!t) {
      problems.push(`${f.id}: no translation`);
      return f;
    }
    if (!NAME.test(t.name) || !CHINESE.test(t.name)) problems.push(`${f.id}: name "${t.name}" must be ≥ 3 letters, Chinese`);
    if (names.has(t.name)) problems.push(`${f.id}: name "${t.name}" used twice`);
    names.add(t.name);
    if (!t.description) problems.push(`${f.id}: no description`);
    const extra = Object.keys(t.parameters || {}).filter((p) => !f.parameters.some((q) => q.name === p));
    for (const p of extra) problems.push(`${f.id}: parameter "${p}" translated but not declared`);
    const parameters = f.parameters.map((p) => {
      const tp = (t.parameters || {})[p.name];
      if (!tp || !tp.name || !tp.description) {
        problems.push(`${f.id}: parameter "${p.name}" needs a name and a description`);
        return p;
      }
      return { ...p, name: tp.name, description: tp.description };
    });
    return { ...f, name: t.name, description: t.description, parameters };
  });
  if (problems.length > 0) throw new Error(`zh-CN function metadata:\n  ${problems.join("\n  ")}`);
  return { ...metadata, functions };
}

/** Webpack plugin: after CustomFunctionsMetadataPlugin has added `input`, emits `output` beside it. */
class LocalisedFunctionsMetadataPlugin {
  constructor({ input = "functions.json", output = "functions.zh-cn.json" } = {}) {
    this.input = input;
    this.output = output;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap("LocalisedFunctionsMetadataPlugin", (compilation) => {
      compilation.fileDependencies.add(TRANSLATIONS);
      compilation.hooks.processAssets.tap(
        { name: "LocalisedFunctionsMetadataPlugin", stage: compilation.constructor.PROCESS_ASSETS_STAGE_DERIVED },
        () => {
          const asset = compilation.getAsset(this.input);
          // The metadata plugin reports its own errors; nothing to translate then.
          if (!asset) return;
          try {
            const metadata = joinLines(JSON.parse(asset.source.source().toString()));
            const translations = JSON.parse(fs.readFileSync(TRANSLATIONS, "utf8"));
            const localised = localiseMetadata(metadata, translations);
            compilation.updateAsset(this.input, new sources.RawSource(JSON.stringify(metadata, null, 2)));
            compilation.emitAsset(this.output, new sources.RawSource(JSON.stringify(localised, null, 2)));
          } catch (e) {
            compilation.errors.push(new compilation.compiler.webpack.WebpackError(e.message));
          }
        },
      );
    });
  }
}

module.exports = { joinLines, localiseMetadata, LocalisedFunctionsMetadataPlugin };
