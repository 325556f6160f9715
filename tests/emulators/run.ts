/**
 * Starts both emulators with a demo seed and prints their URLs:
 *   node --import tsx tests/emulators/run.ts [--audience] [--graph-port N] [--x-port N]
 */
import { startGraphEmulator } from './graph';
import { DEMO_GRAPH_PAGES, DEMO_GRAPH_USERS, DEMO_X_CLIENTS, DEMO_X_USERS } from './seeds';
import { startXEmulator } from './x';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const audience = { enabled: args.includes('--audience') };

const graph = await startGraphEmulator({ port: Number(flag('--graph-port') ?? 0), pages: DEMO_GRAPH_PAGES, users: DEMO_GRAPH_USERS, audience });
const x = await startXEmulator({ port: Number(flag('--x-port') ?? 0), users: DEMO_X_USERS, clients: DEMO_X_CLIENTS, audience });

process.stdout.write(`${JSON.stringify({ graph: graph.url, x: x.url })}\n`);
process.stdout.write(`META_GRAPH_URL=${graph.url}\nX_API_URL=${x.url}\n`);

const stop = async () => {
  await Promise.all([graph.close(), x.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
