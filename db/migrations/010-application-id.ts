import type { Migration } from './migration';

/** "GENB" in ASCII: the SQLite header's application id of every Genba database. */
export const GENBA_APPLICATION_ID = 0x47454e42;

/**
 * Stamps the SQLite header with Genba's application id, so a Genba log is known as one (and
 * someone else's SQLite file as not one) before anything is written to it. A log made before
 * this step is recognised by its tables and stamped here.
 */
export const applicationId: Migration = {
  version: 10,
  name: 'application id',
  up(db) {
    db.pragma(`application_id = ${GENBA_APPLICATION_ID}`);
  },
};
