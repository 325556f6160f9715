import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { applyMigrations, type SqlConnection } from './migrations';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** A client or an interactive transaction: repositories accept either. */
export type Db = PrismaClient | Tx;

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** Applies pending migrations (from prisma/migrations, or `dir`); returns the names applied. */
  migrate(dir?: string): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; without it an embedded PGlite database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database, or `memory://` for a throw-away one. */
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.pgliteDir ?? 'memory://');
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
  return {
    kind: 'postgres',
    prisma,
    async migrate(dir) {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        return await applyMigrations(
          {
            query: async (sql, params) => (await client.query(sql, params)).rows,
            exec: async (sql) => void (await client.query(sql)),
          } as SqlConnection,
          dir,
        );
      } finally {
        await client.end();
      }
    },
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  if (!dir.startsWith('memory://')) mkdirSync(path.resolve(dir), { recursive: true });
  const pglite = await PGlite.create(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    migrate: (dir) =>
      applyMigrations(
        {
          query: async (sql, params) => (await pglite.query(sql, params)).rows as never[],
          exec: async (sql) => void (await pglite.exec(sql)),
        },
        dir,
      ),
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
