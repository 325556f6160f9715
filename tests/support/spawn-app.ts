import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface SpawnedApp {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The one-file server build, as production runs it: benchmarks measure that, not the TypeScript loader. */
let built: Promise<void> | null = null;
export function buildServer(): Promise<void> {
  // @ts-expect-error: a plain .mjs script, shared with `npm run build:server`
  built ??= import('../../scripts/build-server.mjs').then((m: { buildServer: () => Promise<void> }) => m.buildServer());
  return built;
}

/** An API process's old-space limit in production (compose.yaml's NODE_OPTIONS; docs/SCALING.md "Memory"). */
export const API_HEAP_FLAG = '--max-old-space-size=256';

/**
 * Runs the server in its own process: `server/src/main.ts` through tsx (tests), or with `build: true` the
 * bundle `buildServer()` made (benchmarks; call it first), as `npm start` and the container do.
 */
export function spawnApp(env: Record<string, string | undefined>, args: string[] = [], options: { build?: boolean } = {}): SpawnedApp {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'REDIS_URL', 'PORT', 'DATA_DIR'].includes(k)));
  // SPAWN_NODE_ARGS: extra Node flags for the spawned processes (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const nodeArgs = process.env.SPAWN_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // The bundle runs as production runs it: an API process with the heap limit compose.yaml gives it.
  const heap = options.build && args.join(' ').includes('--role api') ? [API_HEAP_FLAG] : [];
  const entry = options.build ? [...heap, 'server/build/main.js'] : ['--import', 'tsx', 'server/src/main.ts'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry, ...args], {
    cwd: root,
    env: { ...clean, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForHealthy(url: string, app: SpawnedApp, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null) throw new Error(`the app exited early:\n${app.output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy within ${timeoutMs} ms:\n${app.output()}`);
}
