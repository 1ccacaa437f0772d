import { helpText, parseArgs, systemLang, USAGE, UsageError } from "../../src/cli/args";
import { main, type Io } from "../../src/cli/main";

/** The command run with an environment of its own, so the help's language does not depend on the machine. */
async function runIn(env: Record<string, string | undefined>, ...argv: string[]) {
  let out = "";
  let err = "";
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), errIsTTY: false, env };
  const code = await main(argv, io);
  return { code, out, err };
}
const EN = { LANG: "en_US.UTF-8" };
const ZH = { LANG: "zh_CN.UTF-8" };

/** The options a help text lists, in order: the words at the start of its indented option lines. */
const optionsOf = (text: string) => [...text.matchAll(/^ {2}(--[\w-]+)/gm)].map((m) => m[1]);

describe("systemLang: the language the command speaks, from the environment (issue 17: Chinese unless English)", () => {
  test.each([
    [{ LANG: "zh_CN.UTF-8" }, "zh"],
    [{ LANG: "zh_TW.Big5" }, "zh"],
    [{ LANG: "zh" }, "zh"],
    [{ LANG: "en_US.UTF-8" }, "en"],
    [{ LANG: "en_GB" }, "en"],
    // The default of servers and containers, and no locale at all: Chinese.
    [{ LANG: "C.UTF-8" }, "zh"],
    [{ LANG: "C" }, "zh"],
    [{ LANG: "POSIX" }, "zh"],
    [{}, "zh"],
    [{ LANG: "de_DE.UTF-8" }, "zh"],
    // LC_ALL wins over LC_MESSAGES, which wins over LANG; an empty one counts as not set.
    [{ LC_ALL: "en_US.UTF-8", LANG: "zh_CN.UTF-8" }, "en"],
    [{ LC_ALL: "zh_CN.UTF-8", LANG: "en_US.UTF-8" }, "zh"],
    [{ LC_MESSAGES: "zh_CN.GBK", LANG: "en_US.UTF-8" }, "zh"],
    [{ LC_ALL: "", LC_MESSAGES: "en_GB", LANG: "zh_CN.UTF-8" }, "en"],
    [{ LC_ALL: "", LANG: "zh_CN.UTF-8" }, "zh"],
  ] as const)("%j → %s", (env, lang) => {
    expect(systemLang(env)).toBe(lang);
  });

  test("with no variable set, the locale Intl reports (Windows) decides", () => {
    expect(systemLang({}, "zh-CN")).toBe("zh");
    expect(systemLang({}, "en-US")).toBe("en");
    expect(systemLang({ LANG: "en_US.UTF-8" }, "zh-CN")).toBe("en");
    expect(systemLang({ LANG: "C.UTF-8" }, "en-US")).toBe("zh");
  });
});

describe("help as a command", () => {
  test("`help`, `--help`, `-h` and no words all print the whole help, exit 0", async () => {
    for (const argv of [["help"], ["--help"], ["-h"], []]) {
      const r = await runIn(EN, ...argv);
      expect({ argv, code: r.code, err: r.err }).toEqual({ argv, code: 0, err: "" });
      expect(r.out).toBe(USAGE);
    }
    expect(USAGE).toContain("Usage:");
    expect(USAGE).toContain("patent-awards balance LEDGER.xlsx");
    expect(USAGE).toContain("patent-awards help [balance|explain|publicity]");
  });

  test("`help COMMAND` and `COMMAND --help` print that command's part only", async () => {
    const balance = await runIn(EN, "help", "balance");
    expect(balance.code).toBe(0);
    expect(balance.out).toContain("patent-awards balance LEDGER.xlsx [options]");
    expect(balance.out).toContain("--valid-patents N");
    expect(balance.out).toContain("--budget P2=300000");
    expect(balance.out).not.toContain("patent-awards explain");
    expect(balance.out).not.toContain("publicity:");
    expect((await runIn(EN, "balance", "--help")).out).toBe(balance.out);

    const explain = await runIn(EN, "help", "explain");
    expect(explain.out).toContain('patent-awards explain RESULT.xlsx "Sheet!12" [options]');
    expect(explain.out).toContain('patent-awards explain out/sample-result.xlsx "专利质押融资!5"');
    expect(explain.out).not.toContain("--valid-patents");
    expect((await runIn(EN, "explain", "-h")).out).toBe(explain.out);

    const publicity = await runIn(EN, "help", "publicity");
    expect(publicity.out).toContain("patent-awards publicity START [--days N]");
    expect(publicity.out).toContain("patent-awards publicity 2024-09-27");
    expect(publicity.out).not.toContain("--out");
  });

  test("an unknown topic or extra words are usage errors (exit 1)", async () => {
    for (const argv of [
      ["help", "frobnicate"],
      ["help", "balance", "explain"],
      ["help", "--bogus"],
    ]) {
      const r = await runIn(EN, ...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 1 });
      expect(r.err).toContain("Usage:");
    }
    expect(() => parseArgs(["help", "frobnicate"])).toThrow(/help: unknown command "frobnicate"/);
    expect(() => parseArgs(["help", "--lang", "fr"])).toThrow(UsageError);
    expect(() => parseArgs(["--help", "--lang=fr"])).toThrow(/--lang: zh or en, got "fr"/);
  });

  test("parsed: topic and --lang", () => {
    expect(parseArgs(["help"])).toEqual({ command: "help", topic: undefined, lang: undefined });
    expect(parseArgs(["help", "balance", "--lang", "zh"])).toEqual({ command: "help", topic: "balance", lang: "zh" });
    expect(parseArgs(["help", "--lang=en", "explain"])).toEqual({ command: "help", topic: "explain", lang: "en" });
    expect(parseArgs(["publicity", "--help"])).toEqual({ command: "help", topic: "publicity", lang: undefined });
    expect(parseArgs(["balance", "x.xlsx", "--lang", "zh", "-h"])).toMatchObject({ topic: "balance", lang: "zh" });
    expect(parseArgs(["help", "--help"])).toEqual({ command: "help", topic: undefined, lang: undefined });
  });
});

describe("examples", () => {
  test("the help shows how to balance, pay batch 2, test a budget, explain a row and count publicity", () => {
    for (const lang of ["en", "zh"] as const) {
      const text = helpText(lang);
      expect(text).toContain(
        "patent-awards balance examples/sample-ledger.xlsx --out out/sample-result.xlsx --json out/sample-result.json",
      );
      expect(text).toMatch(/patent-awards balance \S+ --batch 2 --prior \S+/);
      expect(text).toMatch(/patent-awards balance \S+ --budget P\d=\d+/);
      expect(text).toMatch(/patent-awards explain \S+ "[^"]+!\d+"/);
      expect(text).toMatch(/patent-awards publicity \d{4}-\d\d-\d\d/);
    }
  });

  test("every example parses as the command it shows", () => {
    const examples = [...USAGE.matchAll(/^ {4}patent-awards (.+)$/gm)].map((m) =>
      [...m[1].matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]),
    );
    expect(examples.length).toBe(5);
    for (const argv of examples) expect(() => parseArgs(argv)).not.toThrow();
  });
});

describe("Chinese help", () => {
  test("--lang zh, or a Chinese system language, prints it; --lang en wins over the system", async () => {
    const zh = helpText("zh");
    expect((await runIn(EN, "--help", "--lang", "zh")).out).toBe(zh);
    expect((await runIn(EN, "help", "--lang=zh")).out).toBe(zh);
    expect((await runIn(ZH, "--help")).out).toBe(zh);
    expect((await runIn(ZH)).out).toBe(zh);
    expect((await runIn({ LC_ALL: "zh_CN.UTF-8" }, "help")).out).toBe(zh);
    expect((await runIn(ZH, "help", "--lang", "en")).out).toBe(USAGE);
    expect((await runIn(ZH, "help", "balance")).out).toBe(helpText("zh", "balance"));
    expect(zh).toContain("用法");
    expect(zh).toContain("示例");
    expect(zh).toContain("写出结果工作簿");
  });

  test("it lists the same commands and options as the English help, described in Chinese", () => {
    const zh = helpText("zh");
    expect(optionsOf(zh)).toEqual(optionsOf(USAGE));
    expect(optionsOf(USAGE)).toEqual(
      expect.arrayContaining(["--out", "--json", "--prior", "--budget", "--skip", "--days", "--policy"]),
    );
    const commands = (text: string) => [...text.matchAll(/^ {2}patent-awards .*$/gm)].map((m) => m[0].split(" [")[0]);
    expect(commands(zh)).toEqual(commands(USAGE));
    // Both keep "Usage:" and the command lines that scripts and tests look for.
    expect(zh).toContain("Usage:");
    expect(zh).toContain("patent-awards balance LEDGER.xlsx");
    for (const topic of ["balance", "explain", "publicity"] as const) {
      expect(optionsOf(helpText("zh", topic))).toEqual(optionsOf(helpText("en", topic)));
    }
    // Each option's description is Chinese.
    for (const line of zh.split("\n").filter((l) => /^ {2}--[\w-]+ .* {2,}\S/.test(l))) {
      expect(line).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test("a usage error shows the command's part of the help in the system's language", async () => {
    const r = await runIn(ZH, "balance");
    expect(r.code).toBe(1);
    expect(r.err).toContain("balance 需要且只需要一个台账工作簿");
    expect(r.err).not.toContain("balance needs exactly one ledger workbook");
    expect(r.err).toContain(helpText("zh", "balance"));
    const en = await runIn(ZH, "publicity", "--lang", "en");
    expect(en.code).toBe(1);
    expect(en.err).toContain(helpText("en", "publicity"));
    const unknown = await runIn(EN, "frobnicate");
    expect(unknown.err).toContain('unknown command "frobnicate"');
    expect(unknown.err).toContain(USAGE);
  });
});

describe("the command speaks Chinese by default (issue 17)", () => {
  const C = { LANG: "C.UTF-8" };
  /** A Chinese sentence, not a sheet's or column's name (节假日, 日期) or a date form (2024年9月27日) in English. */
  const chineseSentence = (s: string) => /[\u4e00-\u9fff]{4,}/.test(s);

  test("help under LANG=C.UTF-8 (servers, containers) is Chinese; under LANG=en_US.UTF-8 English", async () => {
    expect((await runIn(C, "help")).out).toBe(helpText("zh"));
    expect((await runIn(C)).out).toBe(helpText("zh"));
    expect((await runIn({ LC_ALL: "POSIX" }, "--help")).out).toBe(helpText("zh"));
    expect((await runIn(EN, "help")).out).toBe(USAGE);
    expect((await runIn(C, "help", "--lang", "en")).out).toBe(USAGE);
  });

  test("a refusal under the default is Chinese only; English only with --lang en or an English system", async () => {
    for (const argv of [
      ["balance", "a.xlsx", "--round", "jiao"],
      ["balance", "a.xlsx", "--bogus"],
      ["publicity"],
      ["explain", "r.xlsx", "nowhere"],
      ["balance", "a.xlsx", "--publicity-start", "九月底"],
    ]) {
      const zh = (await runIn(C, ...argv)).err.split("\n")[0];
      expect(zh).toMatch(/^patent-awards: .*[\u4e00-\u9fff]/);
      expect(zh).not.toContain(" / ");
      expect(zh).not.toMatch(/\b(expected|unknown|needs|got)\b/);
      for (const en of [(await runIn(C, ...argv, "--lang", "en")).err, (await runIn(EN, ...argv)).err]) {
        const first = en.split("\n")[0];
        expect(first).not.toContain(" / ");
        expect(chineseSentence(first)).toBe(false);
        expect(first).toMatch(/\b(expected|unknown|needs|got)\b/);
      }
    }
    // The one refusal named exactly: an unknown option.
    expect((await runIn(C, "balance", "a.xlsx", "--bogus")).err).toMatch(/^patent-awards: 没有选项 --bogus\n/);
  });

  test("a --lang the command does not speak leaves the language unknown: the refusal in both, Chinese first", async () => {
    const r = await runIn(C, "balance", "a.xlsx", "--lang", "fr");
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toBe('patent-awards: --lang 应为 zh 或 en，而不是「fr」 / --lang: zh or en, got "fr"');
  });

  test("every command takes --lang: publicity 2024-09-27 --lang zh and --lang en", async () => {
    for (const lang of ["zh", "en"]) {
      expect(await runIn(C, "publicity", "2024-09-27", "--lang", lang)).toEqual({
        code: 0,
        out: "2024-10-09\n",
        err: "",
      });
      expect(await runIn(C, "publicity", `--lang=${lang}`, "2024/9/27")).toEqual({
        code: 0,
        out: "2024-10-09\n",
        err: "",
      });
    }
    expect(parseArgs(["publicity", "2024-09-27", "--lang", "en"])).toMatchObject({ command: "publicity", lang: "en" });
    // A start past the calendar: in the language asked for.
    const zh = await runIn(C, "publicity", "2099-01-02");
    expect(zh.code).toBe(2);
    expect(chineseSentence(zh.err)).toBe(true);
    const en = await runIn(C, "publicity", "2099-01-02", "--lang", "en");
    expect(en.code).toBe(2);
    expect(chineseSentence(en.err)).toBe(false);
  });

  test("--publicity-start takes every date form publicity does, read by one parser, as the same day", () => {
    for (const form of ["2024-09-27", "2024/9/27", "2024.9.27", "2024年9月27日", "2024年9月27号", "20240927"]) {
      expect(parseArgs(["balance", "a.xlsx", "--publicity-start", form])).toMatchObject({
        publicityStart: "2024-09-27",
      });
    }
    for (const bad of ["2024-02-30", "9/27", "九月二十七日"]) {
      expect(() => parseArgs(["balance", "a.xlsx", "--publicity-start", bad])).toThrow(
        expect.objectContaining({
          zh: `--publicity-start 应为日期，如 2024-09-27、2024/9/27 或 2024年9月27日，而不是「${bad}」`,
        }),
      );
    }
  });
});
