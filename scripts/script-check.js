// A webpack plugin for what the add-in's build leaves out of a library or a data file because no script reads it
// (scripts/trim-decimal.js, scripts/policy-at-build.js): once the scripts are minified, any of them that still names
// what was left out fails the build, where it would otherwise fail only when that line runs.

class ScriptCheck {
  /**
   * @param {string} name the plugin's name in webpack's output
   * @param {RegExp} pattern what no script may hold; its first defined group names what was found
   * @param {string} why what was left out, and by which script, for the build's error
   */
  constructor(name, pattern, why) {
    this.name = name;
    this.pattern = pattern;
    this.why = why;
  }

  apply(compiler) {
    // Only a minified build has dropped what nothing calls; a development build keeps it, unused, and is not checked.
    if (!compiler.options.optimization.minimize) return;
    compiler.hooks.thisCompilation.tap(this.name, (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: this.name, stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ANALYSE },
        (assets) => {
          for (const [file, asset] of Object.entries(assets)) {
            if (!file.endsWith(".js")) continue;
            const found = this.pattern.exec(asset.source().toString());
            if (found) {
              const what = found.slice(1).find((g) => g !== undefined) ?? found[0];
              compilation.errors.push(new compiler.webpack.WebpackError(`${file} reads ${what}: ${this.why}`));
            }
          }
        },
      );
    });
  }
}

module.exports = { ScriptCheck };
