import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftMigration } from '../../scripts/db/schema-engine';
import { openDatabase } from '../../server/src/lib/db';
import { MigrationError, migrationsDir, readMigrations } from '../../server/src/lib/migrations';
import { startTestApp } from '../support/test-app';

describe('migrations', () => {
  it('schema.prisma and prisma/migrations agree (the schema engine drafts an empty migration)', async () => {
    const draft = await draftMigration('agreement_check');
    expect(draft.migrationScript?.trim() ?? '', 'run `npm run db:migration -- <name>` and commit the result').toBe('');
  }, 120_000);

  it('applies once, records them like Prisma, and is a no-op the second time', async () => {
    const ctx = await startTestApp();
    try {
      const rows = await ctx.deps.prisma.$queryRaw<
        Array<{ migration_name: string; checksum: string }>
      >`SELECT migration_name, checksum FROM "_prisma_migrations"`;
      const files = await readMigrations();
      expect(rows.map((r) => r.migration_name).sort()).toEqual(files.map((f) => f.name));
      expect(rows.map((r) => r.checksum).sort()).toEqual(files.map((f) => f.checksum).sort());
      expect(await ctx.db.migrate()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('refuses to start on a migration edited after it was applied', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sotong-mig-'));
    cpSync(migrationsDir, dir, { recursive: true });
    const db = await openDatabase({ pgliteDir: 'memory://' });
    try {
      await db.migrate(dir);
      const [first] = await readMigrations(dir);
      writeFileSync(path.join(dir, first?.name ?? '', 'migration.sql'), `${first?.sql}\n-- edited\n`);
      await expect(db.migrate(dir)).rejects.toBeInstanceOf(MigrationError);
    } finally {
      await db.close();
    }
  });

  it('rolls a failing migration back whole and does not record it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sotong-mig-'));
    cpSync(migrationsDir, dir, { recursive: true });
    mkdirSync(path.join(dir, '99990101000000_broken'));
    writeFileSync(path.join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n');
    const db = await openDatabase({ pgliteDir: 'memory://' });
    try {
      await expect(db.migrate(dir)).rejects.toThrow(/no_such_function/);
      const half = await db.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'Half'`;
      expect(Number(half[0]?.n)).toBe(0);
      const recorded = await db.prisma.$queryRaw<
        Array<{ n: bigint }>
      >`SELECT count(*) AS n FROM "_prisma_migrations" WHERE migration_name LIKE '%broken'`;
      expect(Number(recorded[0]?.n)).toBe(0);
      // The good ones before it were applied.
      expect(await db.prisma.user.count()).toBe(0);
    } finally {
      await db.close();
    }
  });
});
