/**
 * The product's version, as package.json gives it — for 运行记录 and `patent-awards version`, in every host.
 * Required, never read from a file beside the code: a bundler inlines it, so the one-file command of the release
 * (patent-awards.cjs) and the offline page carry their version. src/ and lib/ both sit one level under the package
 * root; an import would put package.json outside tsconfig.cli.json's rootDir.
 */
export function packageVersion(): string {
  return (require("../package.json") as { version: string }).version;
}
