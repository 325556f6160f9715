// Bundles the server into server/build/main.js (and chunks loaded on first use) (npm dependencies stay in node_modules), as
// production runs it: `node server/build/main.js` (the map, without sources, is for reading stack traces; docs/SCALING.md
// "Memory"). Takes about half a second.
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
    sourcesContent: false,
    logLevel: 'warning',
    // Modules imported on first use (the Graph SDK's adapters) become chunks of their own, loaded then.
    splitting: true,
    outdir: path.dirname(serverBuild),
    entryNames: 'main',
    chunkNames: 'chunks/[name]-[hash]',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildServer();
