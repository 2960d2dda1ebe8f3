import type { Migration } from './migration';

/**
 * A side index for two-character searches in Japanese (and any other non-ASCII script). The FTS5
 * trigram index cannot match fewer than three characters, and a LIKE scan of a million events
 * takes ~200 ms when the word is rare. Every two-character gram of an event's text that contains
 * a non-ASCII character is stored once per event (ASCII-only grams are left out: they would be
 * most of the rows and English two-letter queries are common words a scan finds at once).
 * Kept up to date by triggers, so every writer (repository, imports, tests) feeds it.
 * Grams are taken from the first BIGRAM_MAX_CHARS characters of the text.
 */
export const BIGRAM_MAX_CHARS = 2000;

/** The statement that indexes the events chosen by `where` (used by the migration and benches). */
export function bigramInsertSql(where: string): string {
  return `INSERT OR IGNORE INTO events_bigrams (gram, event_id)
    SELECT lower(substr(e.text, p.n, 2)), e.id
    FROM events e JOIN events_bigram_positions p ON p.n < length(e.text)
    WHERE ${where}
      AND (unicode(substr(e.text, p.n, 1)) > 127 OR unicode(substr(e.text, p.n + 1, 1)) > 127)`;
}

export const eventBigrams: Migration = {
  version: 6,
  name: 'two-character search index for events',
  up(db) {
    db.exec(`
      CREATE TABLE events_bigrams (
        gram TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        PRIMARY KEY (gram, event_id)
      ) WITHOUT ROWID;
      CREATE TABLE events_bigram_positions (n INTEGER PRIMARY KEY);
      WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${BIGRAM_MAX_CHARS})
      INSERT INTO events_bigram_positions (n) SELECT n FROM seq;
    `);
    db.exec(bigramInsertSql('1'));
    db.exec(`
      CREATE TRIGGER events_bigrams_insert AFTER INSERT ON events BEGIN
        ${bigramInsertSql('e.id = new.id')};
      END;
      CREATE TRIGGER events_bigrams_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_bigrams WHERE event_id = old.id;
      END;
      CREATE TRIGGER events_bigrams_update AFTER UPDATE OF text ON events BEGIN
        DELETE FROM events_bigrams WHERE event_id = old.id;
        ${bigramInsertSql('e.id = new.id')};
      END;
    `);
  },
};
