/**
 * The project's root (the directory with package.json), found from this module's own place, so paths
 * to the built client and the migrations are right both from the TypeScript sources (server/src/…) and
 * from the one-file build (server/build/main.js, `npm run build:server`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findRoot(import.meta.dirname);
