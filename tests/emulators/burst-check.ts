/**
 * Performance check (not a test): N concurrent posts through twitter-api-v2 to the X emulator.
 *   node --import tsx tests/emulators/burst-check.ts [posts=2000] [accounts=200]
 */
import { createXClient } from '../../server/src/channels/providers/sdk/x-client';
import { nowMs } from './kit';
import { startXEmulator } from './x';

const posts = Number(process.argv[2] ?? 2000);
const accounts = Number(process.argv[3] ?? 200);
const users = Array.from({ length: accounts }, (_, i) => ({
  id: String(1_600_000_000_000_000_000n + BigInt(i)),
  username: `u${i}`,
  accessTokens: [`burst-${i}`],
}));
const x = await startXEmulator({ users, rateLimits: { 'POST /2/tweets': { limit: 100_000, windowSec: 900 } } });
const clients = users.map((u) => createXClient(u.accessTokens[0] ?? '', { baseUrl: x.url }));
await Promise.all(clients.map((c) => c.v2.me())); // warm connections, as the engine would before the due time

const start = nowMs();
const results = await Promise.allSettled(Array.from({ length: posts }, (_, i) => (clients[i % accounts] ?? clients[0])?.v2.tweet(`burst post ${i}`)));
const done = nowMs();
const late = x.control
  .posts()
  .map((p) => p.arrivedAt - start)
  .sort((a, b) => a - b);
const q = (p: number) => Math.round(late[Math.min(late.length - 1, Math.floor(p * late.length))] ?? 0);
process.stdout.write(
  `${JSON.stringify({ posts, accounts, ok: results.filter((r) => r.status === 'fulfilled').length, recorded: late.length, total_ms: Math.round(done - start), arrival_p50_ms: q(0.5), arrival_p99_ms: q(0.99), arrival_max_ms: q(1) })}\n`,
);
await x.close();
process.exit(0);
