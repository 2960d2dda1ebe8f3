import { openDatabase } from '../../../db/open-database';
import { queueVolumes } from '../../../db/sync/outbox';
import { sweepSources } from '../../../db/sync/sources';
import { profileJointLimits } from '../../../native/robots/robot-profile';
import { EndpointError, parseEndpoint } from '../../../native/sync/endpoint';
import { directSyncDb } from '../../../native/sync/sync-db';
import { TokenBucket } from '../../../native/sync/token-bucket';
import { Uploader } from '../../../native/sync/uploader';
import { CliError } from '../cli-error';
import { parseDatabaseOptions, requireDatabase } from '../parse-options';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${name} must be a whole number ≥ 0, not "${value}".`);
  return n;
}

/**
 * `genba sync --db <file> --endpoint <url> [--token <t>] --once [--json]` — one upload pass:
 * sweep new local data into the outbox (consented categories only), then upload until the
 * outbox is empty. Prints one line per batch sent; --json prints a summary.
 */
export async function syncCommand(argv: string[]): Promise<number> {
  const { values } = parseDatabaseOptions('sync', argv, {
    endpoint: { type: 'string' },
    token: { type: 'string' },
    once: { type: 'boolean', default: false },
    'bandwidth-bytes': { type: 'string' },
    'batch-bytes': { type: 'string' },
    'max-failures': { type: 'string' },
    'backoff-base-ms': { type: 'string' },
  });
  const dbPath = requireDatabase('sync', values.db);
  if (!values.endpoint) throw new CliError('genba sync: --endpoint <url> is required (https://…).');
  if (!values.once) {
    throw new CliError(
      'genba sync: only --once is available from the command line; the app uploads continuously by itself.',
    );
  }
  let endpoint: URL;
  try {
    endpoint = parseEndpoint(values.endpoint);
  } catch (error) {
    if (error instanceof EndpointError) throw new CliError(`genba sync: ${error.message}`);
    throw error;
  }
  const opened = openDatabase(dbPath);
  try {
    const db = directSyncDb(opened.db);
    const token =
      values.token ??
      process.env.GENBA_SYNC_TOKEN ??
      ((await db.call('getSetting', 'sync.token')) as string | undefined);
    if (!token)
      throw new CliError(
        'genba sync: no facility token. Pass --token <t> or set GENBA_SYNC_TOKEN.',
      );
    const swept = sweepSources(opened.db, Date.now(), profileJointLimits());
    const uploader = new Uploader({
      db,
      endpoint,
      token,
      bucket: new TokenBucket(positiveInt('bandwidth-bytes', values['bandwidth-bytes'], 0)),
      limits: {
        maxBytes: positiveInt('batch-bytes', values['batch-bytes'], 1 << 20) || 1 << 20,
        maxRecords: 10_000,
      },
      backoffBaseMs: positiveInt('backoff-base-ms', values['backoff-base-ms'], 1000),
      onBatchSent: (batch) => {
        if (values.json) return;
        const what = Object.entries(batch.categories)
          .map(([category, n]) => `${category} ${n}`)
          .join(', ');
        process.stdout.write(
          `sent ${batch.batchId.slice(0, 12)} ${batch.records} records (${what}) ${batch.gzipBytes} bytes gzip, HTTP ${batch.status}\n`,
        );
      },
      onProblem: (problem) => {
        // A requested wait ends the run; its last line says so.
        if (!values.json && problem.code !== 'wait-requested')
          process.stderr.write(`${problem.en}\n`);
      },
    });
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const result = await uploader.runPass({
      signal: controller.signal,
      maxConsecutiveFailures: positiveInt('max-failures', values['max-failures'], 5) || 5,
    });
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    const queued = queueVolumes(opened.db);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({
          stop: result.stop,
          batches: result.sent.length,
          records: result.records,
          rawBytes: result.rawBytes,
          gzipBytes: result.gzipBytes,
          quarantined: result.quarantined,
          sent: result.sent,
          swept,
          queued,
          notBefore:
            result.notBeforeMs === null ? null : new Date(result.notBeforeMs).toISOString(),
          problems: result.problems.map((p) => ({
            code: p.code,
            message: p.en,
            status: p.status ?? null,
          })),
        })}\n`,
      );
    } else {
      const left = queued.reduce((sum, v) => sum + v.records, 0);
      process.stdout.write(
        `${result.records} records in ${result.sent.length} batches (${result.gzipBytes} bytes gzip); ${left} still queued.\n`,
      );
    }
    if (result.stop === 'unauthorized') throw new CliError(result.problems.at(-1)!.en, 3);
    if (result.stop === 'wait-requested') {
      const left = queued.reduce((sum, v) => sum + v.records, 0);
      // 75 (EX_TEMPFAIL): nothing is wrong here, try again later.
      throw new CliError(
        `genba sync: upstream asked to wait until ${new Date(result.notBeforeMs!).toISOString()}; ${left} records stay queued. Run again after that time.`,
        75,
      );
    }
    if (result.stop === 'gave-up')
      throw new CliError(
        `${result.problems.at(-1)!.en} (gave up after repeated failures; run again later)`,
        1,
      );
    return 0;
  } finally {
    opened.db.close();
  }
}
