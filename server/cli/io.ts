/** Where a command writes; a test passes buffers, the process passes stdout and stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A command's outcome: 0 done, 1 refused or failed, 2 used wrongly. */
export type ExitCode = 0 | 1 | 2;
