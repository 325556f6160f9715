// Bundles the server into one file, server/build/main.js (npm dependencies stay in node_modules), as
// production runs it: `node --enable-source-maps server/build/main.js`. Takes about half a second.
// `node scripts/build-server.mjs` builds; benchmarks import `buildServer` before spawning the build.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const serverBuild = path.join(root, 'server/build/main.js');

export async function buildServer() {
  await build({
    entryPoints: [path.join(root, 'server/src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    outfile: serverBuild,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildServer();
