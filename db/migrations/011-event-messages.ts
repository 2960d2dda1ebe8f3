import type { Migration } from './migration';

/**
 * What an event's search indexes read: its text and, where it has one, its Japanese rendering
 * (bigrams from the first 2,000 characters, as in migration 6).
 */
const SEARCHED = (row: string) => `${row}.text || coalesce(char(10) || ${row}.text_ja, '')`;

function bigramInsertSql(where: string): string {
  const searched = SEARCHED('e');
  return `INSERT OR IGNORE INTO events_bigrams (gram, event_id)
    SELECT lower(substr(${searched}, p.n, 2)), e.id
    FROM events e JOIN events_bigram_positions p ON p.n < length(${searched})
    WHERE ${where}
      AND (unicode(substr(${searched}, p.n, 1)) > 127 OR unicode(substr(${searched}, p.n + 1, 1)) > 127)`;
}

/**
 * Log lines as codes with parameters (`message`, JSON `{code, params}`), so each screen renders an
 * event in its person's language. `text` stays the English rendering that exports print;
 * `text_ja` keeps the Japanese one so a search in either language finds the event. The search
 * triggers are replaced to index both (an event without `text_ja` is indexed as before).
 */
export const eventMessages: Migration = {
  version: 11,
  name: 'event messages in both languages',
  up(db) {
    db.exec(`
      ALTER TABLE events ADD COLUMN message TEXT;
      ALTER TABLE events ADD COLUMN text_ja TEXT;

      DROP TRIGGER events_fts_insert;
      DROP TRIGGER events_fts_delete;
      DROP TRIGGER events_fts_update;
      CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, text) VALUES (new.id, ${SEARCHED('new')});
      END;
      CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', old.id, ${SEARCHED('old')});
      END;
      CREATE TRIGGER events_fts_update AFTER UPDATE OF text, text_ja ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, text) VALUES ('delete', old.id, ${SEARCHED('old')});
        INSERT INTO events_fts (rowid, text) VALUES (new.id, ${SEARCHED('new')});
      END;

      DROP TRIGGER events_bigrams_insert;
      DROP TRIGGER events_bigrams_update;
      CREATE TRIGGER events_bigrams_insert AFTER INSERT ON events BEGIN
        ${bigramInsertSql('e.id = new.id')};
      END;
      CREATE TRIGGER events_bigrams_update AFTER UPDATE OF text, text_ja ON events BEGIN
        DELETE FROM events_bigrams WHERE event_id = old.id;
        ${bigramInsertSql('e.id = new.id')};
      END;
    `);
  },
};
