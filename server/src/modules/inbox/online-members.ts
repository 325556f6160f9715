/**
 * Who is online in a workspace right now: the people with a socket connected to any API process
 * (real-time presence). Asked from any process — a worker included — through a socket.io server that
 * listens to no HTTP port, only to the Redis adapter every API process shares, so `fetchSockets()` is
 * answered by all of them.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Deps } from '../../deps';
import { rooms } from '../../realtime/events';
import { realtimeKey } from '../../realtime/publish';

interface Probe {
  io: Server;
  /** Resolves once the probe listens on Redis (before that, the other processes would not count it as one of them). */
  ready: Promise<unknown>;
  close(): Promise<void>;
}

const probes = new WeakMap<Redis, Map<string, Probe>>();

function probeFor(deps: Deps): Probe {
  let byKey = probes.get(deps.redis);
  if (!byKey) {
    byKey = new Map();
    probes.set(deps.redis, byKey);
  }
  const key = realtimeKey(deps.redisPrefix);
  let probe = byKey.get(key);
  if (!probe) {
    const pub = deps.redis.duplicate();
    const sub = deps.redis.duplicate();
    for (const client of [pub, sub]) client.on('error', (error) => deps.logger.warn({ err: error }, 'presence probe Redis connection error'));
    const io = new Server({ serveClient: false, adapter: createAdapter(pub, sub, { key, requestsTimeout: 2_000 }) });
    const map = byKey;
    probe = {
      io,
      // The adapter subscribed in its constructor; a later SUBSCRIBE on the same connection answers after those.
      ready: sub.subscribe(`${key}#presence-probe`),
      async close() {
        map.delete(key);
        // No engine to close (the probe never listened on HTTP): close the adapter and its connections.
        await (io.of('/').adapter as { close?: () => Promise<void> | void }).close?.();
        await Promise.all([pub.quit().catch(() => undefined), sub.quit().catch(() => undefined)]);
      },
    };
    byKey.set(key, probe);
  }
  return probe;
}

/** The ids of the people connected in this workspace; empty (and logged) when the processes cannot be asked. */
export async function onlineMemberIds(deps: Deps, workspaceId: string): Promise<Set<string>> {
  try {
    const probe = probeFor(deps);
    await probe.ready;
    const sockets = await probe.io.in(rooms.workspace(workspaceId)).fetchSockets();
    return new Set(sockets.map((s) => (s.data as { userId?: string } | undefined)?.userId).filter((id): id is string => Boolean(id)));
  } catch (error) {
    deps.logger.warn({ err: error, workspaceId }, 'could not ask who is online');
    return new Set();
  }
}

/** Closes this process's probe (shutdown, tests). */
export async function closeOnlineProbe(deps: Deps): Promise<void> {
  await probes.get(deps.redis)?.get(realtimeKey(deps.redisPrefix))?.close();
}
