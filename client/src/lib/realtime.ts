/**
 * Real-time events from the server (socket.io on /api/realtime, signed in with the session cookie).
 * One connection per signed-in session: AppShell calls `useRealtimeConnection(userId)`; everything
 * else only subscribes. Event names and payloads: server/src/realtime/events.ts.
 *
 * Usage:
 *   // refetch lists when something changes (throttled; also after a reconnect, for what was missed)
 *   useRealtimeInvalidate(['inbox.message', 'inbox.conversation'], (e) => (e.workspaceId === workspaceId ? [['inbox', workspaceId]] : []));
 *
 *   // react to one event
 *   useRealtimeEvent('inbox.conversation', (e) => { if (e.change === 'assigned') ... });
 *
 *   // collision detection in a thread: who else is viewing/typing; call setTyping(true) on each keystroke
 *   // (sent at most every 3 s) and setTyping(false) when the box is sent or emptied
 *   const { others, setTyping } = useConversationPresence(conversationId, myUserId);
 *
 *   const status = useRealtimeStatus(); // 'connected' | 'connecting' | 'offline'
 */
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  PresencePerson,
  RealtimeEventName,
  RealtimePayload,
  ServerToClientEvents,
} from '../../../server/src/realtime/events';

export type { InboxConversationEvent, InboxMessageEvent, PresencePerson, RealtimeEventName } from '../../../server/src/realtime/events';

const REALTIME_PATH = '/api/realtime';
const TYPING_EVERY_MS = 3_000;
const RETRY_MS = 5_000;

type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type RealtimeStatus = 'connected' | 'connecting' | 'offline';

let socket: RealtimeSocket | null = null;
let socketUserId: string | null = null;
let status: RealtimeStatus = 'offline';
let retryTimer: ReturnType<typeof setTimeout> | null = null;
const statusListeners = new Set<() => void>();
/** Called after every reconnect (not the first connect): what happened meanwhile was missed. */
const reconnectListeners = new Set<() => void>();
/** Called on every connect, the first included (rooms to join again). */
const connectListeners = new Set<() => void>();
/** Handlers by event, so subscribing works before and across connections. */
const handlers = new Map<RealtimeEventName, Set<(payload: never) => void>>();

function setStatus(next: RealtimeStatus) {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener();
}

function dispatch(event: RealtimeEventName, payload: unknown) {
  for (const handler of handlers.get(event) ?? []) (handler as (p: unknown) => void)(payload);
}

const EVENTS: RealtimeEventName[] = ['inbox.message', 'inbox.conversation', 'presence', 'notification'];

/** Opens the connection for this user (idempotent); another user's connection is closed first. */
export function connectRealtime(userId: string): void {
  if (socket && socketUserId === userId) return;
  disconnectRealtime();
  socketUserId = userId;
  const s: RealtimeSocket = io({ path: REALTIME_PATH, withCredentials: true, transports: ['websocket', 'polling'] });
  socket = s;
  let connectedBefore = false;
  setStatus('connecting');
  s.on('connect', () => {
    setStatus('connected');
    for (const listener of connectListeners) listener();
    if (connectedBefore) for (const listener of reconnectListeners) listener();
    connectedBefore = true;
  });
  s.on('disconnect', () => setStatus(s.active ? 'connecting' : 'offline'));
  s.on('connect_error', (error) => {
    if (s.active) return setStatus('connecting');
    // Refused by the server: signed out (stay offline) or the server could not check the session (retry).
    setStatus('offline');
    if (error.message !== 'unauthenticated' && socket === s) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (socket === s) {
          setStatus('connecting');
          s.connect();
        }
      }, RETRY_MS);
    }
  });
  for (const event of EVENTS) s.on(event, ((payload: unknown) => dispatch(event, payload)) as never);
  // An ingest batch: each entry goes to the handlers of its own event, as if it had come alone.
  s.on('inbox.batch', (batch) => {
    dispatch('inbox.batch', batch);
    for (const message of batch.messages) dispatch('inbox.message', message);
    for (const conversation of batch.conversations) dispatch('inbox.conversation', conversation);
  });
}

export function disconnectRealtime(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  socket?.disconnect();
  socket = null;
  socketUserId = null;
  setStatus('offline');
}

/** AppShell: connected while someone is signed in, closed when they sign out. */
export function useRealtimeConnection(userId: string | undefined): void {
  useEffect(() => {
    if (!userId) {
      disconnectRealtime();
      return;
    }
    connectRealtime(userId);
  }, [userId]);
  useEffect(() => () => disconnectRealtime(), []);
}

export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(
    (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    () => status,
  );
}

/** Runs `handler` for every `event` while the component is mounted (the latest handler, no resubscribing). */
export function useRealtimeEvent<E extends RealtimeEventName>(event: E, handler: (payload: RealtimePayload<E>) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const wrapped = (payload: RealtimePayload<E>) => ref.current(payload);
    let set = handlers.get(event);
    if (!set) {
      set = new Set();
      handlers.set(event, set);
    }
    set.add(wrapped as (payload: never) => void);
    return () => {
      set.delete(wrapped as (payload: never) => void);
    };
  }, [event]);
}

/** Runs `listener` after each reconnect (the events sent while offline were missed). */
export function useRealtimeReconnect(listener: () => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    const wrapped = () => ref.current();
    reconnectListeners.add(wrapped);
    return () => {
      reconnectListeners.delete(wrapped);
    };
  }, []);
}

/**
 * Invalidates the query keys `keysFor(payload)` answers whenever one of `events` arrives, at most once
 * per `throttleMs` per key (a burst of 100 new comments refetches once), and every key it has seen after
 * a reconnect. Return [] to ignore an event (e.g. another workspace's).
 */
export function useRealtimeInvalidate<E extends RealtimeEventName>(
  events: E[],
  keysFor: (payload: RealtimePayload<E>) => QueryKey[],
  throttleMs = 500,
): void {
  const queryClient = useQueryClient();
  const keysRef = useRef(keysFor);
  keysRef.current = keysFor;
  const pending = useRef(new Map<string, QueryKey>());
  const seen = useRef(new Map<string, QueryKey>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    const keys = [...pending.current.values()];
    pending.current.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  }, [queryClient]);

  const onEvent = useCallback(
    (payload: RealtimePayload<E>) => {
      for (const key of keysRef.current(payload)) {
        const id = JSON.stringify(key);
        pending.current.set(id, key);
        seen.current.set(id, key);
      }
      if (pending.current.size > 0 && !timer.current) timer.current = setTimeout(flush, throttleMs);
    },
    [flush, throttleMs],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const eventsKey = events.join('|');
  useEffect(() => {
    const names = eventsKey.split('|') as E[];
    const wrapped = (payload: RealtimePayload<E>) => onEvent(payload);
    for (const name of names) {
      let set = handlers.get(name);
      if (!set) {
        set = new Set();
        handlers.set(name, set);
      }
      set.add(wrapped as (payload: never) => void);
    }
    return () => {
      for (const name of names) handlers.get(name)?.delete(wrapped as (payload: never) => void);
    };
  }, [eventsKey, onEvent]);

  useRealtimeReconnect(() => {
    for (const queryKey of seen.current.values()) void queryClient.invalidateQueries({ queryKey });
  });
}

/**
 * Presence in one conversation (collision detection): joins its room while mounted (and again after a
 * reconnect), answers everyone there and `others` (everyone but `selfUserId`), and `setTyping`.
 */
export function useConversationPresence(
  conversationId: string | null | undefined,
  selfUserId?: string,
): { people: PresencePerson[]; others: PresencePerson[]; setTyping: (typing: boolean) => void } {
  const [people, setPeople] = useState<PresencePerson[]>([]);
  const lastTypingSent = useRef(0);

  useEffect(() => {
    setPeople([]);
    if (!conversationId) return;
    // The connection may open after this mounts (AppShell's effect runs after its children's): join on every connect.
    const join = () => socket?.emit('conversation.join', conversationId);
    if (socket?.connected) join();
    connectListeners.add(join);
    return () => {
      connectListeners.delete(join);
      if (socket?.connected) socket.emit('conversation.leave', conversationId);
      lastTypingSent.current = 0;
    };
  }, [conversationId]);

  useRealtimeEvent('presence', (event) => {
    if (event.conversationId === conversationId) setPeople(event.people);
  });

  const setTyping = useCallback(
    (typing: boolean) => {
      if (!conversationId || !socket) return;
      const now = Date.now();
      if (typing) {
        if (now - lastTypingSent.current < TYPING_EVERY_MS) return;
        lastTypingSent.current = now;
      } else {
        if (lastTypingSent.current === 0) return;
        lastTypingSent.current = 0;
      }
      socket.emit('presence.typing', { conversationId, typing });
    },
    [conversationId],
  );

  const others = selfUserId ? people.filter((p) => p.userId !== selfUserId) : people;
  return { people, others, setTyping };
}
