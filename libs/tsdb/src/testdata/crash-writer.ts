// Crash-test child: ingests into the store at argv[2] as fast as it can and prints "ack <t>" after every
// committed batch (all series at timestamp t). The test SIGKILLs it mid-ingestion.
import { STALE_NAN } from '@vigil/model';
import { Tsdb } from '../tsdb';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: crash-writer.ts <dir>');
const SERIES = 500;
const STEP = 15_000;
const db = await Tsdb.open({ dir, logger: { warn: (m) => console.error(m), info: () => undefined } });
console.log('ready');
const labels = Array.from({ length: SERIES }, (_, i) => ({ __name__: 'crash_test', series: String(i), job: `j${i % 7}` }));
for (let k = 0; ; k++) {
  const t = k * STEP;
  const app = db.appender();
  for (let i = 0; i < SERIES; i++) app.append(labels[i] as Record<string, string>, t, k % 50 === 49 ? STALE_NAN : i + k);
  await app.commit();
  process.stdout.write(`ack ${t}\n`);
}
