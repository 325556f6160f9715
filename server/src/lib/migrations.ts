import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from './paths';

/**
 * Applies the committed migrations in prisma/migrations, the way `prisma migrate deploy` does:
 * under Prisma's advisory lock, each pending `migration.sql` in name order, recorded in the
 * standard `_prisma_migrations` table (so the folders stay compatible with Prisma's CLI).
 * Each migration runs in its own transaction: a failing one leaves nothing half-applied.
 */
export interface SqlConnection {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = path.join(projectRoot, 'prisma/migrations');
const PRISMA_LOCK_KEY = 72707369;

export async function readMigrations(dir = migrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export class MigrationError extends Error {}

export async function applyMigrations(db: SqlConnection, dir = migrationsDir): Promise<string[]> {
  const files = await readMigrations(dir);
  await db.query('SELECT pg_advisory_lock($1)', [PRISMA_LOCK_KEY]);
  try {
    await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const applied = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const byName = new Map(applied.map((row) => [row.migration_name, row]));
    for (const row of applied) {
      if (row.finished_at === null) {
        throw new MigrationError(`Migration ${row.migration_name} failed earlier and was not rolled back; fix the database by hand`);
      }
    }
    const done: string[] = [];
    for (const file of files) {
      const previous = byName.get(file.name);
      if (previous) {
        if (previous.checksum !== file.checksum) {
          throw new MigrationError(`Migration ${file.name} was edited after it was applied (checksum differs); add a new migration instead`);
        }
        continue;
      }
      await db.exec(`BEGIN;\n${file.sql}\n;`);
      try {
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), file.checksum, file.name],
        );
        await db.exec('COMMIT');
      } catch (error) {
        await db.exec('ROLLBACK');
        throw error;
      }
      done.push(file.name);
    }
    return done;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [PRISMA_LOCK_KEY]);
  }
}
