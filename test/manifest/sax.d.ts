// The part of sax (a dependency of xml2js, already installed) the manifest test uses; sax ships no types.
declare module "sax" {
  export interface Tag {
    name: string;
    attributes: Record<string, string>;
  }
  export interface SAXParser {
    line: number;
    onopentag: (tag: Tag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    onerror: (e: Error) => void;
    write(xml: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(strict: boolean, options?: { trim?: boolean; normalize?: boolean; xmlns?: false }): SAXParser;
}
