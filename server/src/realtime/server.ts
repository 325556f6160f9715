/**
 * socket.io on the API process (main.ts attaches it to the HTTP server), with the Redis adapter so
 * several API processes deliver the same events. Workers and other processes send through
 * `publishRealtime` (publish.ts); they need no socket server.
 *
 * - Sign-in: the `sotong_session` cookie, checked like an API request; no live session → the
 *   handshake fails with `unauthenticated` (the browser then stops retrying until it signs in again).
 *   A cross-site Origin is refused.
 * - Rooms: `user:<id>`, `session:<id>`, `workspace:<id>` for each membership at connect time, and
 *   `conversation:<id>` while the browser has that conversation open (`conversation.join`).
 * - Presence (collision detection): joining a conversation marks you "viewing"; `presence.typing`
 *   marks you "typing" (8 s, or until `typing: false`); leaving or disconnecting clears you. Each
 *   change sends the conversation's room the whole list (`presence`), read from every API process
 *   with `fetchSockets()`, one entry per person (typing wins over viewing across tabs).
 */
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { Deps } from '../deps';
import { SESSION_COOKIE } from '../modules/auth/http-auth';
import { findLiveSession } from '../modules/auth/session-repository';
import { type ClientToServerEvents, type PresencePerson, type PresenceState, REALTIME_PATH, rooms, type ServerToClientEvents } from './events';
import { realtimeKey } from './publish';
import { conversationWorkspace, memberWorkspaceIds } from './realtime-repository';

export interface SocketData {
  userId: string;
  name: string;
  sessionId: string;
  workspaceIds: string[];
  /** conversation id → what this socket is doing there. */
  presence: Record<string, PresenceState>;
}

type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
  io: RealtimeServer;
  /** Disconnects every socket of this process and stops listening to Redis. */
  close(): Promise<void>;
}

const TYPING_MS = 8_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Same-origin only: the app's own origin, or the Host the request came to (the Vite dev proxy). No Origin (non-browser) is fine. */
function sameOrigin(deps: Deps, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    const url = new URL(origin);
    return url.origin === new URL(deps.config.appUrl).origin || url.host === host;
  } catch {
    return false;
  }
}

export function attachRealtime(deps: Deps, httpServer: HttpServer): Realtime {
  const pub = deps.redis.duplicate();
  const sub = deps.redis.duplicate();
  // Without a listener an ioredis error event is thrown; reconnecting is ioredis's job.
  for (const client of [pub, sub]) client.on('error', (error) => deps.logger.warn({ err: error }, 'real-time Redis connection error'));
  const io: RealtimeServer = new Server(httpServer, {
    path: REALTIME_PATH,
    serveClient: false,
    adapter: createAdapter(pub, sub, { key: realtimeKey(deps.redisPrefix), requestsTimeout: 3_000 }),
    allowRequest: (req, callback) => callback(null, sameOrigin(deps, req.headers.origin, req.headers.host)),
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  const typingTimers = new Map<string, NodeJS.Timeout>();

  io.use(async (socket, next) => {
    try {
      const token = cookieValue(socket.request.headers.cookie, SESSION_COOKIE);
      const session = token ? await findLiveSession(deps.sql, deps.prisma, token) : null;
      if (!session) return next(new Error('unauthenticated'));
      socket.data = {
        userId: session.user.id,
        name: session.user.name,
        sessionId: session.id,
        workspaceIds: await memberWorkspaceIds(deps.prisma, session.user.id),
        presence: {},
      };
      next();
    } catch (error) {
      deps.logger.warn({ err: error }, 'real-time handshake failed');
      next(new Error('unavailable'));
    }
  });

  async function broadcastPresence(conversationId: string): Promise<void> {
    try {
      const sockets = await io.in(rooms.conversation(conversationId)).fetchSockets();
      const byUser = new Map<string, PresencePerson>();
      for (const s of sockets) {
        const state = s.data.presence?.[conversationId];
        if (!state) continue;
        const known = byUser.get(s.data.userId);
        if (!known || (known.state === 'viewing' && state === 'typing'))
          byUser.set(s.data.userId, { userId: s.data.userId, name: s.data.name, state });
      }
      const people = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
      io.to(rooms.conversation(conversationId)).emit('presence', { conversationId, people });
    } catch (error) {
      deps.logger.warn({ err: error, conversationId }, 'presence not sent');
    }
  }

  function clearTyping(socket: RealtimeSocket, conversationId: string): void {
    const key = `${socket.id}|${conversationId}`;
    const timer = typingTimers.get(key);
    if (timer) clearTimeout(timer);
    typingTimers.delete(key);
  }

  io.on('connection', (socket: RealtimeSocket) => {
    void socket.join([rooms.user(socket.data.userId), rooms.session(socket.data.sessionId), ...socket.data.workspaceIds.map(rooms.workspace)]);

    socket.on('conversation.join', async (conversationId, ack) => {
      const answer = typeof ack === 'function' ? ack : () => undefined;
      if (typeof conversationId !== 'string' || !UUID.test(conversationId)) return answer({ ok: false, error: 'invalid' });
      try {
        const workspaceId = await conversationWorkspace(deps.prisma, conversationId);
        if (!workspaceId || !socket.data.workspaceIds.includes(workspaceId)) return answer({ ok: false, error: 'not_found' });
        socket.data.presence[conversationId] ??= 'viewing';
        await socket.join(rooms.conversation(conversationId));
        answer({ ok: true });
        await broadcastPresence(conversationId);
      } catch (error) {
        deps.logger.warn({ err: error, conversationId }, 'conversation join failed');
        answer({ ok: false, error: 'not_found' });
      }
    });

    socket.on('conversation.leave', async (conversationId) => {
      if (typeof conversationId !== 'string' || !socket.data.presence[conversationId]) return;
      clearTyping(socket, conversationId);
      delete socket.data.presence[conversationId];
      await socket.leave(rooms.conversation(conversationId));
      await broadcastPresence(conversationId);
    });

    socket.on('presence.typing', async (input) => {
      const conversationId = input?.conversationId;
      if (typeof conversationId !== 'string' || !socket.data.presence[conversationId]) return;
      const state: PresenceState = input.typing === true ? 'typing' : 'viewing';
      clearTyping(socket, conversationId);
      if (state === 'typing') {
        const timer = setTimeout(() => {
          typingTimers.delete(`${socket.id}|${conversationId}`);
          if (socket.data.presence[conversationId] !== 'typing') return;
          socket.data.presence[conversationId] = 'viewing';
          void broadcastPresence(conversationId);
        }, TYPING_MS);
        timer.unref();
        typingTimers.set(`${socket.id}|${conversationId}`, timer);
      }
      if (socket.data.presence[conversationId] === state) return;
      socket.data.presence[conversationId] = state;
      await broadcastPresence(conversationId);
    });

    socket.on('disconnect', () => {
      const open = Object.keys(socket.data.presence ?? {});
      for (const conversationId of open) clearTyping(socket, conversationId);
      socket.data.presence = {};
      // The socket has left its rooms by now: the lists sent leave it out.
      for (const conversationId of open) void broadcastPresence(conversationId);
    });
  });

  return {
    io,
    async close() {
      for (const timer of typingTimers.values()) clearTimeout(timer);
      typingTimers.clear();
      // Only this process's sockets (io.disconnectSockets would reach every API process through Redis).
      io.local.disconnectSockets(true);
      // io.close() would also close the HTTP server, which main.ts closes itself: stop the engine only.
      io.engine.close();
      await Promise.all([pub.quit().catch(() => undefined), sub.quit().catch(() => undefined)]);
    },
  };
}
