/**
 * `genba <command> …`: a thin shell over the same services the app uses. Every command exits
 * non-zero with a one-line human error on bad input, and prints JSON with `--json`.
 */
import { CliError } from './cli-error';
import { diagnoseCommand } from './commands/diagnose';
import { consentCommand } from './commands/consent';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { scanCommand } from './commands/scan';
import { serveCommand } from './commands/serve';
import { simCommand } from './commands/sim';
import { syncCommand } from './commands/sync';
import { teachCommand } from './commands/teach';

type Command = (argv: string[]) => Promise<number | void>;

const commands: Record<string, { run: Command; summary: string }> = {
  diagnose: { run: diagnoseCommand, summary: 'run the diagnostics model over a telemetry CSV' },
  serve: { run: serveCommand, summary: 'browser mode: the UI and API on 127.0.0.1' },
  sim: { run: simCommand, summary: 'attach a simulated robot to a serial port (e.g. a PTY)' },
  scan: { run: scanCommand, summary: 'find every Dynamixel and Modbus device on a bus' },
  consent: { run: consentCommand, summary: 'switch data donation on or off per category' },
  sync: { run: syncCommand, summary: 'one upload pass of donated data (--once)' },
  demo: { run: demoCommand, summary: 'log a simulated demo facility into a database, fast' },
  export: { run: exportCommand, summary: 'export telemetry (CSV contract) or events of a range' },
  teach: { run: teachCommand, summary: 'turn a demonstration CSV into a task program' },
};

const PLANNED: string[] = [];

function usage(): string {
  const lines = Object.entries(commands).map(
    ([name, c]) => `  genba ${name.padEnd(9)} ${c.summary}`,
  );
  return ['Usage: genba <command> [options]', '', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    if (PLANNED.includes(name)) {
      throw new CliError(`genba ${name} is not available in this version yet.`);
    }
    throw new CliError(`Unknown command "${name}". Run \`genba --help\` for the list.`);
  }
  return (await command.run(rest)) ?? 0;
}

// A reader that stops early (`genba diagnose … | head`) is not a failure of ours: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`genba: ${message.split('\n')[0]}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  },
);
