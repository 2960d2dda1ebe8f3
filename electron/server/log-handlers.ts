/**
 * API handlers of the operational log (the `logs.*` block of the contract). Every heavy step —
 * decoding chunks, downsampling, the report, writing an export — runs in the db worker, so the
 * main thread only forwards. Export delivery: the desktop writes a new file into the user's
 * Downloads folder (or a folder given) and returns its path; browser mode returns the content
 * for the page to save as a download, because the server's folders may not be the user's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { DbClient } from '../../db/db-client';
import type { AppStatus, LogExportResult, RequestChannel } from '../shared/api-contract';
import type { ApiHandlers } from './api-dispatcher';

type LogChannel = Extract<RequestChannel, `logs.${string}`>;

/** Inline exports larger than this are refused with advice (the desktop has no such limit). */
export const MAX_INLINE_EXPORT_BYTES = 64 * 1024 * 1024;

export interface LogHandlersOptions {
  transport: AppStatus['transport'];
  /** Where desktop exports go by default (tests pass a temp folder). */
  downloadsDir?: string;
}

export function defaultDownloadsDir(): string {
  const xdg = process.env.XDG_DOWNLOAD_DIR;
  if (xdg && isAbsolute(xdg) && existsSync(xdg)) return xdg;
  const downloads = join(homedir(), 'Downloads');
  return existsSync(downloads) ? downloads : homedir();
}

function apiError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function stamp(ms: number | undefined, fallback: string): string {
  if (ms === undefined) return fallback;
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

/** A name that does not exist yet in `folder`. */
function freshName(folder: string, base: string, ext: string): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? `${base}.${ext}` : `${base}-${i}.${ext}`;
    if (!existsSync(join(folder, name))) return name;
  }
}

export function createLogHandlers(
  db: DbClient,
  options: LogHandlersOptions,
): Pick<ApiHandlers, LogChannel> {
  return {
    'logs.telemetrySeries': (args) => db.call('telemetrySeries', args),
    'logs.telemetryAround': (args) =>
      db.call('telemetryAround', {
        seconds: args.seconds,
        ...(args.eventId !== undefined ? { eventId: args.eventId } : {}),
        ...(args.tMs !== undefined ? { tMs: args.tMs } : {}),
        ...(args.robotId !== undefined ? { robotId: args.robotId } : {}),
      }),
    'logs.timeline': (args) => db.call('logTimeline', args),
    'logs.shiftReport': (args) => db.call('shiftReport', args),
    'logs.bounds': () => db.call('logBounds'),
    'logs.export': async (args): Promise<LogExportResult> => {
      const delivery = args.delivery ?? (options.transport === 'ipc' ? 'file' : 'inline');
      const base = `genba-${args.kind}-${stamp(args.fromMs, 'start')}-${stamp(args.toMs, 'end')}`;
      const mimeType = args.format === 'csv' ? 'text/csv' : 'application/json';
      const range = {
        ...(args.fromMs !== undefined ? { fromMs: args.fromMs } : {}),
        ...(args.toMs !== undefined ? { toMs: args.toMs } : {}),
      };
      if (delivery === 'inline') {
        const dir = mkdtempSync(join(tmpdir(), 'genba-export-'));
        try {
          const fileName = `${base}.${args.format}`;
          const result = await db.call('exportLog', {
            kind: args.kind,
            format: args.format,
            path: join(dir, fileName),
            ...range,
          });
          if (result.bytes > MAX_INLINE_EXPORT_BYTES) {
            throw apiError(
              'export-too-large',
              `This export is ${Math.round(result.bytes / 1024 / 1024)} MB, more than a browser download can take here (64 MB). Choose a shorter time range, or export on the desktop app or with \`genba export\`.`,
            );
          }
          return {
            fileName,
            path: null,
            rows: result.rows,
            bytes: result.bytes,
            mimeType,
            content: readFileSync(result.path, 'utf8'),
          };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      const folder = args.folder ?? options.downloadsDir ?? defaultDownloadsDir();
      if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory()) {
        throw apiError(
          'export-folder-missing',
          `Cannot export to ${folder}: it is not an existing folder. Choose another folder. Nothing was written.`,
        );
      }
      const fileName = freshName(folder, base, args.format);
      const result = await db.call('exportLog', {
        kind: args.kind,
        format: args.format,
        path: join(folder, fileName),
        ...range,
      });
      return { fileName, path: result.path, rows: result.rows, bytes: result.bytes, mimeType };
    },
  };
}
