// The Excel add-in build, in the shape of Microsoft's shared-runtime template: one page (taskpane.html)
// loads the task pane, the ribbon commands and the custom functions into one runtime.
//
// Environment:
//   ADDIN_URL=https://host/path/  production base URL; replaces every https://localhost:3000/ in the manifest
//   OFFICE_JS=cdn|local|china     where the page loads office.js: Microsoft's CDN (default); a copy served with the
//                                 add-in from @microsoft/office-js (networks without internet); or the CDN of
//                                 Microsoft 365 operated by 21Vianet (世纪互联), which Microsoft names for add-ins
//                                 used there (learn.microsoft.com/office/dev/add-ins/develop/
//                                 referencing-the-javascript-api-for-office-library-from-its-cdn)
/* eslint-disable no-undef */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { LocalisedFunctionsMetadataPlugin } = require("./scripts/zh-cn-metadata");
const { DEV_URL, productionUrl, manifestFor } = require("./scripts/manifest-url");
const { AT_BUILD, unreadFieldCheck } = require("./scripts/policy-at-build");
const { decimalUseCheck } = require("./scripts/trim-decimal");

const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
/** Where the page loads office.js from, by OFFICE_JS. */
const OFFICE_JS = {
  cdn: OFFICE_JS_CDN,
  local: "office-js/office.js",
  china: "https://appsforoffice.cdn.partner.office365.cn/appsforoffice/lib/1/hosted/office.js",
};

function officeJsSource() {
  const source = process.env.OFFICE_JS || "cdn";
  if (!Object.hasOwn(OFFICE_JS, source)) {
    throw new Error(`OFFICE_JS 只能是 cdn、local 或 china，现为 "${source}" / OFFICE_JS must be cdn, local or china, got "${source}"`);
  }
  return source;
}

/** Points the page's office.js script tag at `url`; fails the build if the page has no CDN tag. */
class OfficeJsSourcePlugin {
  constructor(url) {
    this.url = url;
  }

  apply(compiler) {
    compiler.hooks.compilation.tap("OfficeJsSourcePlugin", (compilation) => {
      HtmlWebpackPlugin.getCompilationHooks(compilation).beforeEmit.tap("OfficeJsSourcePlugin", (data) => {
        if (!data.html.includes(OFFICE_JS_CDN)) {
          compilation.errors.push(
            new compiler.webpack.WebpackError(`${data.outputName} does not load office.js from ${OFFICE_JS_CDN}`),
          );
          return data;
        }
        return { ...data, html: data.html.split(OFFICE_JS_CDN).join(this.url) };
      });
    });
  }
}

/** TypeScript through ts-loader; also the one-file command's build (webpack.cli.js). */
function typescriptRule(options) {
  return {
    test: /\.ts$/,
    exclude: /node_modules/,
    loader: "ts-loader",
    // tsconfig.json also covers tests and benches; only what is bundled is compiled and type-checked.
    options: { configFile: path.resolve(__dirname, "tsconfig.json"), onlyCompileBundledFiles: true, ...options },
  };
}

/**
 * The holiday calendar the engine reads (src/engine/publicity.ts): built from runs of days as the script starts
 * (scripts/compact-calendar.js), where the JSON's 770 dates written out were a tenth of functions.js; only the dates
 * of the two sections the engine reads (`Object.keys` of holidays and workdays), not the holidays' names.
 */
const calendarRule = {
  test: /[\\/]chinese-days[\\/]dist[\\/]chinese-days\.json$/,
  type: "javascript/auto",
  loader: path.resolve(__dirname, "scripts/compact-calendar.js"),
  options: { datesOf: ["holidays", "workdays"] },
};

/** decimal.js less the methods no script of the add-in calls (scripts/trim-decimal.js; decimalUseCheck holds to it). */
const decimalRule = {
  test: /[\\/]decimal\.js[\\/]decimal\.m?js$/,
  loader: path.resolve(__dirname, "scripts/trim-decimal.js"),
};

/** The notice in force read and checked as the build runs, the checker left out (scripts/policy-at-build.js). */
const policyRule = {
  test: /[\\/]src[\\/]policy[\\/]default\.ts$/,
  resourceQuery: { not: [AT_BUILD] },
  enforce: "post",
  loader: path.resolve(__dirname, "scripts/policy-at-build.js"),
};

async function httpsOptions() {
  // Only `webpack serve` needs the dev certificate; a build never touches it.
  const devCerts = require("office-addin-dev-certs");
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { ca, key, cert };
}

module.exports = async (env, options) => {
  const dev = options.mode === "development";
  const officeJs = officeJsSource();
  const localOfficeJs = officeJs === "local";
  const prodUrl = dev ? undefined : productionUrl(process.env.ADDIN_URL);

  const addin = {
    name: "addin",
    // No source maps in production: dist/ is what a bureau deploys, and a map would ship the TypeScript (issue 19).
    devtool: dev ? "source-map" : false,
    // One script for the one shared-runtime page (src/addin.ts), named as the manifest's Functions.Script.Url.
    entry: { functions: "./src/addin.ts" },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      chunkFilename: "[name].js",
      // Chunks load from the page's folder; "auto" would look for a <script> and throw where functions.js runs alone.
      publicPath: "",
      // The chunk registry on globalThis, not `self`: functions.js also runs where there is no window.
      globalObject: "globalThis",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js", ".json"] },
    module: { rules: [typescriptRule({ compilerOptions: { sourceMap: dev } }), calendarRule, decimalRule, policyRule] },
    plugins: [
      new CustomFunctionsMetadataPlugin({ input: "./src/functions/functions.ts", output: "functions.json" }),
      new LocalisedFunctionsMetadataPlugin({ input: "functions.json", output: "functions.zh-cn.json" }),
      decimalUseCheck(),
      unreadFieldCheck(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions"],
      }),
      ...(officeJs === "cdn" ? [] : [new OfficeJsSourcePlugin(OFFICE_JS[officeJs])]),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              return prodUrl ? manifestFor(content.toString(), prodUrl) : content;
            },
          },
          ...(localOfficeJs
            ? [
                {
                  from: "node_modules/@microsoft/office-js/dist",
                  to: "office-js",
                  globOptions: { ignore: ["**/*.d.ts", "**/*.debug.js"] },
                  // Already minified by Microsoft; re-minifying 80 MB takes minutes.
                  info: { minimized: true },
                },
              ]
            : []),
        ],
      }),
      {
        apply(compiler) {
          compiler.hooks.thisCompilation.tap("AddinUrlWarning", (compilation) => {
            if (!dev && !prodUrl) {
              compilation.warnings.push(
                new compiler.webpack.WebpackError(`ADDIN_URL is not set: dist/manifest.xml still points at ${DEV_URL}`),
              );
            }
          });
        },
      },
    ],
    // The shortest names for exports and module ids: no file name carries a hash, so nothing caches by them.
    // package.json's `sideEffects` names the two modules that act when run (the entry, the functions' registration):
    // a module whose exports the add-in never uses is left out (the command's JSON, console text and policy-file
    // reader, 0.56 KB gzipped); test/scripts/side-effects.test.ts holds every bare `import "…"` to the list.
    optimization: { mangleExports: "size", moduleIds: "size" },
    // office.js copies make large files by nature.
    performance: { hints: false },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: env.WEBPACK_SERVE ? await httpsOptions() : undefined },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
    },
  };
  return [addin, offlinePage()];
};

/**
 * What a page opened from `file://` may not hold as HTML text inside its one script: the end of the script, or the
 * start of a comment or script that would change how the browser reads the rest. In a string or a regular
 * expression, where a bundle has them, `\x3C` is the same `<`.
 */
function inlineScript(source) {
  return source.replace(/<(?=\/script|!--|script)/gi, "\\x3C");
}

/**
 * Writes the page's one script into the HTML (Chromium runs no module script and fetches no neighbour from file://),
 * once both are final: the HTML as the HTML plugin (and any minifier) left it, the script as minified.
 */
class InlineScriptPlugin {
  constructor(html, script) {
    this.html = html;
    this.script = script;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap("InlineScriptPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "InlineScriptPlugin", stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT - 1 },
        (assets) => {
          const html = assets[this.html]?.source().toString();
          const script = assets[this.script]?.source().toString();
          const tag = new RegExp(`<script src="?${this.script.replace(".", "\\.")}"?></script>`);
          if (html === undefined || script === undefined || !tag.test(html)) {
            compilation.errors.push(
              new compiler.webpack.WebpackError(`${this.html} does not load ${this.script}: nothing to inline`),
            );
            return;
          }
          // A function, so that no `$` in the script is read as a replacement pattern.
          const inlined = html.replace(tag, () => `<script>${inlineScript(script)}</script>`);
          compilation.updateAsset(this.html, new compiler.webpack.sources.RawSource(inlined));
          compilation.deleteAsset(this.script);
        },
      );
    });
  }
}

/**
 * dist/patent-awards.html, the offline page (issue 18 item 1): one self-contained file, its script and styles inside
 * it, for a browser with no add-in, no server and no network. jszip resolves to its browser build.
 * Built after the add-in, whose build cleans dist/.
 */
function offlinePage() {
  return {
    name: "offline-page",
    dependencies: ["addin"],
    target: "web",
    devtool: false,
    entry: { "patent-awards": "./src/offline/page.ts" },
    output: { path: path.resolve(__dirname, "dist"), filename: "[name].js", clean: false },
    resolve: { extensions: [".ts", ".js", ".json"] },
    module: { rules: [typescriptRule()] },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "patent-awards.html",
        template: "./src/offline/page.html",
        inject: "body",
        scriptLoading: "blocking",
        minify: false,
      }),
      new InlineScriptPlugin("patent-awards.html", "patent-awards.js"),
    ],
    performance: { hints: false },
  };
}

module.exports.typescriptRule = typescriptRule;
