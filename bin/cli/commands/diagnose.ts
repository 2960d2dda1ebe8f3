import { diagnoseRows } from '../../../native/model/detector';
import { DEFAULT_PACK_DIR } from '../../../native/model/model-registry';
import { checkModelWithOnnxRuntime, PackClassifier } from '../../../native/model/pack/onnx-session';
import { verifyPack } from '../../../native/model/pack/verify-pack';
import { FAULT_ADVICE } from '../../../native/model/taxonomy';
import { parseTelemetryCsv, TelemetryCsvError } from '../../../native/model/telemetry-csv';
import { CliError } from '../cli-error';
import { readInputText } from '../input-file';
import { parseOptions } from '../parse-options';

/**
 * `genba diagnose --input <telemetry.csv> [--model <pack dir>] [--json]` — runs the diagnostics
 * model (the verified default pack unless --model is given) over recorded telemetry and prints
 * the alerts: `--json` prints `[{ robot, joint, fault, t_ms, confidence }]`, t_ms = first detection.
 */
export async function diagnoseCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('diagnose', argv, {
    input: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (!values.input) throw new CliError('genba diagnose needs --input <telemetry.csv>.');
  const text = await readInputText('input', values.input);
  let rows;
  try {
    rows = parseTelemetryCsv(text, values.input);
  } catch (error) {
    if (error instanceof TelemetryCsvError) throw new CliError(error.message);
    throw error;
  }
  const pack = await verifyPack(values.model ?? DEFAULT_PACK_DIR, {
    checkModel: checkModelWithOnnxRuntime,
  }).catch((error: unknown) => {
    throw new CliError(`The model pack was refused: ${(error as Error).message}`, 1);
  });
  const classifier = await PackClassifier.load(pack.modelBytes, pack.manifest);
  const alerts = await diagnoseRows(rows, (x, n) => classifier.classify(x, n));
  await classifier.release();
  alerts.sort((a, b) => a.raisedMs - b.raisedMs);
  if (values.json) {
    const out = alerts.map((a) => ({
      robot: a.robot,
      joint: a.joint,
      fault: a.fault,
      t_ms: a.raisedMs,
      confidence: a.confidence,
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  if (alerts.length === 0) {
    process.stdout.write(
      `No faults found in ${rows.length} samples (model ${pack.manifest.name} ${pack.manifest.version}).\n`,
    );
    return 0;
  }
  for (const a of alerts) {
    const advice = FAULT_ADVICE[a.fault];
    process.stdout.write(
      `${a.robot} ${a.joint}: ${advice.label.en} at t=${a.raisedMs} ms (confidence ${(a.confidence * 100).toFixed(0)}%${a.byHardware ? ', servo alarm' : ''})\n  ${advice.care.en}\n`,
    );
  }
  return 0;
}
