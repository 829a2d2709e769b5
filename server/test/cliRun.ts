import { main } from '../src/cliMain';

/** Runs the CLI in `cwd` as a terminal would, capturing stdout and stderr. */
export async function runCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const previous = process.cwd();
  let out = '';
  let err = '';
  const stderr = process.stderr.write.bind(process.stderr);
  process.chdir(cwd);
  process.stderr.write = ((chunk: string) => ((err += chunk), true));
  try {
    const code = await main(args, (text) => (out += text + '\n'));
    return { code, out, err };
  } finally {
    process.stderr.write = stderr;
    process.chdir(previous);
  }
}
