/**
 * The reference ingest server in a process of its own, for the sync benchmark: an upstream
 * receiver is never inside the uploader's process, so its gunzip, hashing and storing should
 * not share the uploader's event loop. Prints `URL <url>`; then, one command per stdin line:
 * `count` → `COUNT <records> <batches>`, `clear` → `CLEARED`, `close` → exits.
 */
import { createInterface } from 'node:readline';
import { startReferenceIngestServer } from '../helpers/reference-ingest-server';

const server = await startReferenceIngestServer();
process.stdout.write(`URL ${server.url}\n`);
for await (const command of createInterface({ input: process.stdin })) {
  if (command === 'count') {
    let records = 0;
    for (const batch of server.batches.values()) records += batch.lines.length;
    process.stdout.write(`COUNT ${records} ${server.batches.size}\n`);
  } else if (command === 'clear') {
    server.batches.clear();
    process.stdout.write('CLEARED\n');
  } else if (command === 'close') {
    break;
  }
}
await server.close();
