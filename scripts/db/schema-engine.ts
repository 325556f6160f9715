/**
 * Offline stand-in for `prisma migrate dev`: Prisma's own schema engine compiled to WebAssembly
 * (@prisma/schema-engine-wasm), driven through the PGlite driver adapter, so no native
 * schema-engine binary (which Prisma's CLI would download) is needed. Both the database the
 * migrations are replayed into and the shadow database are in-memory PGlite instances.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export const schemaPath = path.resolve(import.meta.dirname, '../../prisma/schema.prisma');
export const migrationsPath = path.resolve(import.meta.dirname, '../../prisma/migrations');

interface EngineMigration {
  generatedMigrationName: string;
  migrationScript: string | null;
  extension: string;
  connectorType: string;
}
interface Engine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  devDiagnostic(input: unknown): Promise<{ action: { tag: string; reason?: string } }>;
  createMigration(input: unknown): Promise<EngineMigration>;
}
interface EngineClass {
  new: (config: unknown, debug: (m: string) => void, adapter: unknown) => Promise<Engine>;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}

async function loadEngine(): Promise<EngineClass> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  // The engine reports Rust panics through this global (Prisma's CLI installs the same).
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
    message: '',
    set_message(this: { message: string }, m: string) {
      this.message = `RuntimeError: ${m}`;
    },
  };
  const glue = (await import(pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href)) as Record<string, unknown> & {
    __wbg_set_wasm(exports: unknown): void;
    SchemaEngine: EngineClass;
  };
  const { Module, Instance } = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const module = new Module(await readFile(path.join(dir, 'schema_engine_bg.wasm')));
  const instance = new Instance(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

async function migrationsList() {
  const entries = await readdir(migrationsPath, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lock = await readFile(path.join(migrationsPath, 'migration_lock.toml'), 'utf8').catch(() => null);
  return {
    baseDir: migrationsPath,
    shadowDbInitScript: '',
    lockfile: { path: 'migration_lock.toml', content: lock },
    migrationDirectories: await Promise.all(
      dirs.map(async (d) => ({
        path: d,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(migrationsPath, d, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok', value }),
            (e: unknown) => ({ tag: 'error', value: String(e) }),
          ),
        },
      })),
    ),
  };
}

/**
 * Replays the committed migrations into an empty database and asks the engine for the migration
 * that would bring it to `schema.prisma`. An empty script means schema and migrations agree.
 */
export async function draftMigration(name: string): Promise<EngineMigration> {
  const SchemaEngine = await loadEngine();
  const pglite = await PGlite.create('memory://');
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite) as never);
    const schemaText = await readFile(schemaPath, 'utf8');
    const schema = { files: [{ path: 'schema.prisma', content: schemaText }] };
    const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schemaText]] }, () => undefined, adapter);
    const filters = { externalTables: [], externalEnums: [] };
    // applyMigrations, then devDiagnostic, must come before createMigration.
    await engine.applyMigrations({ migrationsList: await migrationsList(), filters });
    const diagnostic = await engine.devDiagnostic({ migrationsList: await migrationsList(), filters });
    if (diagnostic.action.tag === 'reset') throw new Error(`The migrations need a reset: ${diagnostic.action.reason ?? ''}`);
    return await engine.createMigration({ draft: false, migrationName: name, migrationsList: await migrationsList(), schema, filters });
  } finally {
    await pglite.close();
  }
}
