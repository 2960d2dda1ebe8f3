import { getRobotProfile } from '../../../native/robots/robot-profile';
import { DemonstrationError, parseDemonstrationCsv } from '../../../native/teach/demonstration';
import { teachFromDemonstration } from '../../../native/teach/teach-pipeline';
import { loadTeachingHead } from '../../../native/teach/teaching-pack';
import { validateProgram } from '../../../native/teach/validate';
import { CliError } from '../cli-error';
import { readInputText } from '../input-file';
import { parseOptions } from '../parse-options';

/**
 * `genba teach --input <demonstration.csv> [--robot <profile>] [--name <task name>] [--model <pack dir>] [--json]`
 * — turns a recorded demonstration (the demonstration CSV contract) into a task program with the
 * verified teaching pack. `--json` prints the program: `steps` with `kind` "move" (`joints`:
 * name → rad), "gripper" (`open`: 0 closed … 1 open) or "wait" (`ms`), and, when validation
 * found any, `issues`: `{ severity, code, step, message }`. An error among them (a joint limit,
 * an unreachable point) exits 1: the program cannot run as taught.
 */
export async function teachCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('teach', argv, {
    input: { type: 'string' },
    robot: { type: 'string', default: 'openmanipulator-x' },
    name: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (!values.input) throw new CliError('genba teach needs --input <demonstration.csv>.');
  let profile;
  try {
    profile = getRobotProfile(values.robot ?? 'openmanipulator-x');
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (profile.kind !== 'arm')
    throw new CliError(`${profile.id} is not an arm; tasks are taught on arms.`);
  const text = await readInputText('input', values.input);
  let demo;
  try {
    demo = parseDemonstrationCsv(text, profile, values.input);
  } catch (error) {
    if (error instanceof DemonstrationError) throw new CliError(error.message);
    throw error;
  }
  const head = await loadTeachingHead(values.model).catch((error: unknown) => {
    throw new CliError(`The teaching model pack was refused: ${(error as Error).message}`, 1);
  });
  const name = values.name ?? values.input.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '');
  const result = await teachFromDemonstration(demo, profile, head.classify, {
    name,
    model: head.model,
  });
  await head.release();
  const { issues } = validateProgram(result.program, profile);
  const code = issues.some((issue) => issue.severity === 'error') ? 1 : 0;
  if (values.json) {
    const listed = issues.map((issue) => ({
      severity: issue.severity,
      code: issue.code,
      step: issue.stepIndex,
      message: issue.message.en,
    }));
    const out = listed.length ? { ...result.program, issues: listed } : result.program;
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return code;
  }
  process.stdout.write(
    `${result.program.name}: ${result.program.steps.length} steps from ${demo.t.length} samples (${((result.program.source?.durationMs ?? 0) / 1000).toFixed(1)} s; ${result.hesitations.length} hesitation(s) skipped; model ${head.model})\n`,
  );
  result.program.steps.forEach((step, i) => {
    const detail =
      step.kind === 'move'
        ? Object.entries(step.joints)
            .map(([n, v]) => `${n} ${((v * 180) / Math.PI).toFixed(1)}°`)
            .join(', ') + ` at ${Math.round(step.speed * 100)} %`
        : step.kind === 'gripper'
          ? `${Math.round(step.open * 100)} % open`
          : `${(step.ms / 1000).toFixed(1)} s`;
    process.stdout.write(`${String(i + 1).padStart(3)}. ${step.name.en} — ${detail}\n`);
  });
  for (const issue of issues)
    process.stdout.write(
      `${issue.severity === 'error' ? 'problem' : 'note'}: ${issue.message.en}\n`,
    );
  return code;
}
