/** The command run in-process, as the tests of src/cli call it: exit code and what it printed. */
import { main, type Io } from "../../src/cli/main";

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** The command run in-process; it speaks as on a machine whose language is not set (Chinese), whatever this one's. */
export async function runOn(errIsTTY: boolean, ...argv: string[]): Promise<Ran> {
  let out = "";
  let err = "";
  const io: Io = { out: (s) => (out += s), err: (s) => (err += s), errIsTTY, env: {} };
  const code = await main(argv, io);
  return { code, out, err };
}

export function run(...argv: string[]): Promise<Ran> {
  return runOn(false, ...argv);
}
