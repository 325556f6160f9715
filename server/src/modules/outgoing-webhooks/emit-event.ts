/**
 * The outbox: `emitEvent(tx, workspaceId, type, data)` writes one delivery row per enabled endpoint of the
 * workspace that wants `type`, inside the caller's transaction — the event exists exactly when the change
 * it reports was committed. The relay (relay-deliveries.ts) queues a job for each new row within about a
 * second; the job signs and sends it. `emitEvents` does the same for many events in one INSERT … SELECT
 * (the publisher stores up to 500 posts per transaction).
 *
 * Usage: `await emitEvent(tx, workspaceId, 'post.approved', { postId, ... })` — ids, states, times; never tokens.
 */
import type { Db } from '../../lib/db';
import type { WebhookData, WebhookEvent } from './events';

export interface EventItem<E extends WebhookEvent> {
  workspaceId: string;
  data: WebhookData[E];
}

export function emitEvent<E extends WebhookEvent>(tx: Db, workspaceId: string, type: E, data: WebhookData[E]): Promise<number> {
  return emitEvents(tx, type, [{ workspaceId, data }]);
}

/** One statement for any number of events of one type; answers how many deliveries were written. */
export async function emitEvents<E extends WebhookEvent>(tx: Db, type: E, items: ReadonlyArray<EventItem<E>>): Promise<number> {
  if (items.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "WebhookEventDelivery" (id, "workspaceId", "endpointId", event, payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), e."workspaceId", e.id, ${type}, i.payload::jsonb, now(), now(), now()
    FROM unnest(${items.map((i) => i.workspaceId)}::uuid[], ${items.map((i) => JSON.stringify(i.data))}::text[])
      WITH ORDINALITY AS i(workspace_id, payload, ord)
    JOIN "WebhookEndpoint" e ON e."workspaceId" = i.workspace_id AND e.enabled AND ${type} = ANY(e.events)
    ORDER BY i.ord, e.id`;
}

/**
 * `conversation.created` for conversations just stored by inbox ingestion, built from the rows themselves
 * (their final state after the batch) in one INSERT … SELECT. A provisional X conversation merged away in
 * the same batch is gone and gets no event.
 */
export async function emitConversationsCreated(tx: Db, conversationIds: readonly string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO "WebhookEventDelivery" (id, "workspaceId", "endpointId", event, payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), c."workspaceId", e.id, 'conversation.created',
      jsonb_build_object(
        'conversationId', c.id, 'channelAccountId', c."channelAccountId", 'kind', c.kind, 'status', c.status,
        'category', c.category, 'sentiment', c.sentiment, 'postId', c."postId", 'variantId', c."variantId",
        'responseDueAt', to_char(c."responseDueAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'createdAt', to_char(c."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      now(), now(), now()
    FROM "Conversation" c
    JOIN "WebhookEndpoint" e ON e."workspaceId" = c."workspaceId" AND e.enabled AND 'conversation.created' = ANY(e.events)
    WHERE c.id = ANY(${[...conversationIds]}::uuid[])
    ORDER BY c.id, e.id`;
}
