import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type Prisma, PrismaClient } from '../generated/prisma/client';
import { applyMigrations, type SqlConnection } from './migrations';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** A client or an interactive transaction: repositories accept either. */
export type Db = PrismaClient | Tx;

/**
 * A fast path for large read-only queries (the calendar): the same SQL as `prisma.$queryRaw`, run on
 * the driver directly, without the ORM's per-row conversion (about 2× faster on ~1,000 rows).
 */
export interface SqlReader {
  query<T>(sql: Prisma.Sql): Promise<T[]>;
  /** The same rows as arrays, with the column names once (less to decode and to send). */
  queryColumns(sql: Prisma.Sql): Promise<{ columns: string[]; rows: unknown[][] }>;
}

/** A prepared statement's name per SQL text: the server plans each shape once per connection. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `r${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size >= 5_000) statementNames.clear(); // shapes are few; never grow without end
    statementNames.set(text, name);
  }
  return name;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  reader: SqlReader;
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
  const readPool = new pg.Pool({ connectionString, max: Math.max(2, Math.ceil(max / 2)) });
  // An idle connection that the server drops (restart, failover) is discarded; the next query opens a new one.
  readPool.on('error', () => undefined);
  return {
    kind: 'postgres',
    prisma,
    reader: {
      query: async <T>(q: Prisma.Sql) => (await readPool.query({ name: statementName(q.text), text: q.text, values: q.values })).rows as T[],
      async queryColumns(q: Prisma.Sql) {
        const result = await readPool.query({ name: statementName(q.text), text: q.text, values: q.values, rowMode: 'array' });
        return { columns: result.fields.map((f) => f.name), rows: result.rows as unknown[][] };
      },
    },
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
      await readPool.end();
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  if (!dir.startsWith('memory://')) mkdirSync(path.resolve(dir), { recursive: true });
  // Loaded only for the embedded database: a PostgreSQL deployment never holds PGlite's code.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const pglite = await PGlite.create(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    reader: {
      query: async <T>(q: Prisma.Sql) => (await pglite.query<T>(q.text, q.values)).rows,
      async queryColumns(q: Prisma.Sql) {
        const result = await pglite.query<unknown[]>(q.text, q.values, { rowMode: 'array' });
        return { columns: result.fields.map((f) => f.name), rows: result.rows };
      },
    },
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
