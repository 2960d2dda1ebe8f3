/** What a training script reads from its command line, and its progress log. */
export interface TrainingCli {
  /** `--quick`: a small pack for a smoke test. */
  quick: boolean;
  /** `--out=<dir>`, else the script's default pack folder. */
  outDir: string;
  log: (line: string) => void;
}

/** A progress log whose lines start with the seconds since it was made. */
export function elapsedLog(): (line: string) => void {
  const started = performance.now();
  return (line) =>
    process.stdout.write(
      `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`,
    );
}

export function trainingCli(defaultOutDir: string, argv = process.argv): TrainingCli {
  return {
    quick: argv.includes('--quick'),
    outDir: argv.find((a) => a.startsWith('--out='))?.slice(6) ?? defaultOutDir,
    log: elapsedLog(),
  };
}

/** A target check as the scripts print it: `PASS name: value (target …)`. */
export function checkLine(c: {
  pass: boolean;
  name: string;
  value: unknown;
  target: unknown;
}): string {
  return `${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${String(c.value)} (target ${String(c.target)})`;
}

/** Runs a script's main; a failure prints `<script> failed: <stack>` and sets exit code 1. */
export function runScript(script: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${script} failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
