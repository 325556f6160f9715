// Used by `prisma generate` only. The app builds its own client (server/src/lib/db.ts) and applies
// migrations itself (server/src/lib/migrations.ts); see docs/DATABASE.md.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
