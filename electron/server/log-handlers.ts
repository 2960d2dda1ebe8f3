/**
 * API handlers of the operational log (`logs.*`, contract/logs.ts). Every heavy step —
 * decoding chunks, downsampling, the report, writing an export — runs in the db worker, so the
 * main thread only forwards. Export delivery: the desktop writes a new file into the user's
 * Downloads folder (or a folder given) and returns its path; browser mode returns the content
 * for the page to save as a download, because the server's folders may not be the user's.
 *
 * Each connection reviews either this terminal's own log or a file opened read-only with
 * `logs.openFile` (so `events.query` is served here too). The shift report PDF is rendered by a
 * function the desktop shell injects (printToPDF); browser mode prints from the page instead.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { DbClient } from '../../db/db-client';
import type {
  AppStatus,
  Language,
  LogExportResult,
  LogSource,
  RequestChannel,
  ShiftReport,
  ShiftReportPdfResult,
} from '../shared/contract';
import type { ApiHandlers, CallContext } from './api-dispatcher';

type LogChannel = Extract<RequestChannel, `logs.${string}`> | 'events.query';

/** What the desktop shell's PDF renderer gets: the report, already computed, and the language. */
export interface ReportPdfInput {
  report: ShiftReport;
  language: Language;
  /** The reviewed file's name when the report is of a log opened read-only. */
  sourceName: string | null;
}

/**
 * Log files opened read-only ("Open log file…"), one per connection at most. Each is its own db
 * worker on a private copy; closing it removes the copy. The composition root closes them all
 * at shutdown.
 */
/**
 * Another site's log a connection is reviewing. It belongs to the person who opened it: after a
 * sign-out (or a switch of user) on the same terminal, the next person sees this Genba's own log.
 */
export class OpenedLogFiles {
  private readonly bySession = new Map<string, { path: string; db: DbClient; owner: string }>();

  get(sessionId: string, owner: string): { path: string; db: DbClient } | undefined {
    const opened = this.bySession.get(sessionId);
    if (opened && opened.owner !== owner) {
      void this.close(sessionId);
      return undefined;
    }
    return opened;
  }

  async open(
    sessionId: string,
    owner: string,
    path: string,
    workerScript?: string,
  ): Promise<DbClient> {
    const db = await DbClient.open({
      path,
      readOnly: true,
      ...(workerScript ? { workerScript } : {}),
    });
    await this.close(sessionId);
    this.bySession.set(sessionId, { path, db, owner });
    return db;
  }

  async close(sessionId: string): Promise<void> {
    const opened = this.bySession.get(sessionId);
    this.bySession.delete(sessionId);
    await opened?.db.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.bySession.keys()].map((id) => this.close(id)));
  }
}

/** Inline exports larger than this are refused with advice (the desktop has no such limit). */
export const MAX_INLINE_EXPORT_BYTES = 64 * 1024 * 1024;

export interface LogHandlersOptions {
  transport: AppStatus['transport'];
  /** Where desktop exports go by default (tests pass a temp folder). */
  downloadsDir?: string;
  /** Read-only log files opened per connection (closed by the composition root). */
  files?: OpenedLogFiles;
  /** The db worker script for those (bundled builds). */
  dbWorkerScript?: string;
  /** The desktop shell's PDF renderer (printToPDF of the report page); absent in browser mode. */
  renderReportPdf?: (input: ReportPdfInput) => Promise<Uint8Array>;
  /** The desktop shell's file dialog for "Open log file…"; null when cancelled. */
  chooseLogFile?: () => Promise<string | null>;
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
  ownDb: DbClient,
  options: LogHandlersOptions,
): Pick<ApiHandlers, LogChannel> {
  const files = options.files ?? new OpenedLogFiles();
  /** The log this connection reviews: an opened file, else this terminal's own. */
  const logOf = (context?: CallContext): DbClient =>
    (context && files.get(context.session.id, context.actor)?.db) ?? ownDb;

  const source = async (context: CallContext, cancelled = false): Promise<LogSource> => {
    const opened = files.get(context.session.id, context.actor);
    const db = opened?.db ?? ownDb;
    return {
      path: opened?.path ?? null,
      fileName: opened ? basename(opened.path) : null,
      readOnly: db.info.readOnly,
      cancelled,
      bounds: await db.call('logBounds'),
    };
  };

  return {
    'events.query': (query, context) => logOf(context).call('queryEvents', query),
    'logs.openFile': async (args, context) => {
      let path = args.path ?? null;
      if (args.choose) {
        if (!options.chooseLogFile) {
          throw apiError(
            'file-dialog-not-available',
            'This version of Genba has no file dialog here. Type the path of the log file instead.',
          );
        }
        path = await options.chooseLogFile();
        if (path === null) return source(context, true);
      }
      if (path === null) {
        await files.close(context.session.id);
        return source(context);
      }
      if (!isAbsolute(path)) {
        throw apiError(
          'log-file-path',
          `Give the full path of the log file (it starts with / or a drive letter), not ${path}. Nothing was opened.`,
        );
      }
      await files.open(context.session.id, context.actor, path, options.dbWorkerScript);
      return source(context);
    },
    'logs.shiftReportPdf': async (args, context): Promise<ShiftReportPdfResult> => {
      if (!options.renderReportPdf) {
        throw apiError(
          'pdf-not-available',
          'PDF files are made by the desktop app. In the browser, open the shift report and use your browser’s Print → Save as PDF.',
        );
      }
      const report = await logOf(context).call('shiftReport', {
        fromMs: args.fromMs,
        toMs: args.toMs,
      });
      const opened = files.get(context.session.id, context.actor);
      const pdf = await options.renderReportPdf({
        report,
        language: args.language,
        sourceName: opened ? basename(opened.path) : null,
      });
      const base = `genba-shift-report-${stamp(args.fromMs, 'start')}-${stamp(args.toMs, 'end')}`;
      const delivery = args.delivery ?? (options.transport === 'ipc' ? 'file' : 'inline');
      if (delivery === 'inline') {
        return {
          fileName: `${base}.pdf`,
          path: null,
          bytes: pdf.byteLength,
          contentBase64: Buffer.from(pdf).toString('base64'),
        };
      }
      const folder = args.folder ?? options.downloadsDir ?? defaultDownloadsDir();
      if (!isAbsolute(folder) || !existsSync(folder) || !statSync(folder).isDirectory()) {
        throw apiError(
          'export-folder-missing',
          `Cannot save the PDF to ${folder}: it is not an existing folder. Nothing was written.`,
        );
      }
      const fileName = freshName(folder, base, 'pdf');
      writeFileSync(join(folder, fileName), pdf, { flag: 'wx' });
      return { fileName, path: join(folder, fileName), bytes: pdf.byteLength };
    },
    'logs.telemetrySeries': (args, context) => logOf(context).call('telemetrySeries', args),
    'logs.telemetryAround': (args, context) =>
      logOf(context).call('telemetryAround', {
        seconds: args.seconds,
        ...(args.eventId !== undefined ? { eventId: args.eventId } : {}),
        ...(args.tMs !== undefined ? { tMs: args.tMs } : {}),
        ...(args.robotId !== undefined ? { robotId: args.robotId } : {}),
      }),
    'logs.timeline': (args, context) => logOf(context).call('logTimeline', args),
    'logs.shiftReport': (args, context) => logOf(context).call('shiftReport', args),
    'logs.bounds': (_args, context) => logOf(context).call('logBounds'),
    'logs.export': async (args, context): Promise<LogExportResult> => {
      const db = logOf(context);
      const delivery = args.delivery ?? (options.transport === 'ipc' ? 'file' : 'inline');
      const base = `genba-${args.kind}-${stamp(args.fromMs, 'start')}-${stamp(args.toMs, 'end')}`;
      const mimeType = args.format === 'csv' ? 'text/csv' : 'application/json';
      const range = {
        ...(args.fromMs !== undefined ? { fromMs: args.fromMs } : {}),
        ...(args.toMs !== undefined ? { toMs: args.toMs } : {}),
        ...(args.kind === 'events' && args.filter ? { filter: args.filter } : {}),
        ...(args.kind === 'events' && args.spreadsheet ? { spreadsheet: args.spreadsheet } : {}),
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
