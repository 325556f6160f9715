/** `npm run seed:demo`: creates the demo workspace in the configured database (explicitly asked for). */

import path from 'node:path';
import { loadConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/lib/db';
import { demoCredentialsText, seedDemo } from './demo';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pgdata') });
try {
  await db.migrate();
  const { created } = await seedDemo(db.prisma);
  console.log(created ? 'Created the demo workspace.' : 'The demo workspace exists already.');
  console.log(demoCredentialsText());
} finally {
  await db.close();
}
