// The command as ONE self-contained CommonJS file for the release (release/patent-awards.cjs): the repository's own
// entry (bin/patent-awards.js) with src/cli compiled in, every dependency bundled, the version,
// the policy JSON and the holiday data inlined, so it runs with a plain Node 20 and nothing beside it.
//   webpack -c webpack.cli.js [--env out=DIR]   (scripts/release.js runs it; the test bundles into a temp folder)
/* eslint-disable no-undef */
const path = require("path");
const webpack = require("webpack");
const { typescriptRule } = require("./webpack.config");

module.exports = (env = {}) => ({
  mode: "production",
  target: "node20",
  entry: "./bin/patent-awards.js",
  output: { path: path.resolve(env.out || "release"), filename: "patent-awards.cjs", clean: false },
  resolve: { extensions: [".ts", ".js", ".json"] },
  // `npm run typecheck` checks the types; here the command is only compiled.
  module: { rules: [typescriptRule({ transpileOnly: true })] },
  plugins: [
    // bin/patent-awards.js loads the tsc build (lib/cli/main.js); the bundle compiles the source instead.
    new webpack.NormalModuleReplacementPlugin(/^\.\.\/lib\/cli\/main\.js$/, path.resolve(__dirname, "src/cli/main.ts")),
    // One file: nothing may be loaded from beside it at run time.
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
  ],
  // Unminified: readable for whoever audits what the bureau runs; size is not what matters here.
  optimization: { minimize: false },
  devtool: false,
  performance: { hints: false },
});
