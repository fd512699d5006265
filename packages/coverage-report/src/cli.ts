/** Where the CLI writes; injected so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Runs the `atom-coverage` CLI with `argv` (without node and script) and returns the exit code. */
export function main(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--version')) {
    io.stdout('0.0.0\n');
    return Promise.resolve(0);
  }
  io.stderr(`atom-coverage: unknown arguments ${JSON.stringify(argv)}\n`);
  return Promise.resolve(2);
}

/** Entry point used by the `bin` shim: runs {@link main} on `process.argv` and sets the exit code. */
export function runCli(): void {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`atom-coverage: internal error: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
