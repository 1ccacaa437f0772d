// The part of sax (a dependency of xml2js, already installed) the tests use (the manifest's, test/xlsx/schema.test.ts);
// sax ships no types.
declare module "sax" {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
  }
  /** With `xmlns: true`: each name with its prefix, local part and namespace (empty when the prefix is undeclared). */
  export interface QualifiedName {
    name: string;
    prefix: string;
    local: string;
    uri: string;
  }
  export interface QualifiedTag extends QualifiedName {
    attributes: Record<string, QualifiedName & { value: string }>;
  }
  export interface SAXParser<T = Tag> {
    line: number;
    onopentag: (tag: T) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    onerror: (e: Error) => void;
    write(xml: string): SAXParser<T>;
    close(): SAXParser<T>;
  }
  export function parser(
    strict: boolean,
    options: { trim?: boolean; normalize?: boolean; xmlns: true },
  ): SAXParser<QualifiedTag>;
  export function parser(strict: boolean, options?: { trim?: boolean; normalize?: boolean; xmlns?: false }): SAXParser;
}
