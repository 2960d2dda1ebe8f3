import type { Database } from 'better-sqlite3';

/** Facility settings as JSON values under dotted keys (e.g. `ui.language`). */
export class SettingsRepository {
  constructor(private readonly db: Database) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown, nowMs: number): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms`,
      )
      .run(key, JSON.stringify(value), nowMs);
  }
}
