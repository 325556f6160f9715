/**
 * Sends a real-time event to browsers from any process — an API process or a worker — through Redis
 * (@socket.io/redis-emitter → the @socket.io/redis-adapter of every API process).
 *
 *   publishRealtime(deps, { workspaceId }, 'inbox.conversation', { workspaceId, conversationId, change: 'assigned', assigneeId });
 *   publishRealtime(deps, [{ workspaceId }, { userId }], 'inbox.message', { ... });
 *
 * Call it after the transaction commits. Best effort by design: the database is the truth and browsers
 * refetch on reconnect, so a Redis hiccup is logged and never fails the caller.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Deps } from '../deps';
import { type RealtimeEventName, type RealtimePayload, rooms, type ServerToClientEvents } from './events';

export type RealtimeTarget = { workspaceId: string } | { userId: string } | { conversationId: string } | { sessionId: string };

type PublishDeps = Pick<Deps, 'redis' | 'redisPrefix' | 'logger'>;

/** The pub/sub key every API process's adapter and every emitter share (per deployment / test prefix). */
export const realtimeKey = (redisPrefix: string) => `${redisPrefix}:socket.io`;

const emitters = new WeakMap<Redis, Map<string, Emitter<ServerToClientEvents>>>();

function emitterFor(deps: PublishDeps): Emitter<ServerToClientEvents> {
  let byKey = emitters.get(deps.redis);
  if (!byKey) {
    byKey = new Map();
    emitters.set(deps.redis, byKey);
  }
  const key = realtimeKey(deps.redisPrefix);
  let emitter = byKey.get(key);
  if (!emitter) {
    // The emitter ignores the promise of `publish`: catch here so a Redis outage is a log line, not a crash.
    const client = {
      publish: (channel: string, message: Buffer | string) =>
        deps.redis.publish(channel, message).catch((error: unknown) => {
          deps.logger.warn({ err: error, channel }, 'real-time event not sent');
          return 0;
        }),
    };
    emitter = new Emitter<ServerToClientEvents>(client, { key });
    byKey.set(key, emitter);
  }
  return emitter;
}

export function roomOf(target: RealtimeTarget): string {
  if ('workspaceId' in target) return rooms.workspace(target.workspaceId);
  if ('userId' in target) return rooms.user(target.userId);
  if ('conversationId' in target) return rooms.conversation(target.conversationId);
  return rooms.session(target.sessionId);
}

export function publishRealtime<E extends RealtimeEventName>(
  deps: PublishDeps,
  to: RealtimeTarget | RealtimeTarget[],
  event: E,
  payload: RealtimePayload<E>,
): void {
  const targets = Array.isArray(to) ? to : [to];
  if (targets.length === 0) return;
  try {
    const operator = emitterFor(deps).to(targets.map(roomOf));
    // A socket in several of the rooms gets the event once.
    (operator.emit as (event: string, payload: unknown) => boolean)(event, payload);
  } catch (error) {
    deps.logger.warn({ err: error, event }, 'real-time event not sent');
  }
}

/** Disconnects every socket of a session (after sign-out), on every API process. */
export function endRealtimeSession(deps: PublishDeps, sessionId: string): void {
  try {
    emitterFor(deps).in(roomOf({ sessionId })).disconnectSockets(true);
  } catch (error) {
    deps.logger.warn({ err: error }, 'real-time sign-out not sent');
  }
}
