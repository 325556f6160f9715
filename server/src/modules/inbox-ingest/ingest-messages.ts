/**
 * Turns ingest items (from webhooks or polls) into conversations and messages, set by set: a batch of
 * hundreds of items costs a handful of statements.
 *
 * - **Once per (channel, remote id):** messages are inserted with ON CONFLICT DO NOTHING on that unique
 *   key, so a replayed webhook, or a webhook and a poll of the same message, store it once. A known
 *   message whose text changed (Meta `edited`, or a poll reading a new text) is updated (`editedAt`);
 *   a removal sets `deletedAt`.
 * - **Threading:** Facebook/Instagram comments join the thread of the post or media they are under; X
 *   replies join their conversation (`conversation_id` from polls; from webhooks, which lack it, the
 *   parent's thread — our post, or a message we have). A reply whose parent we have not seen yet waits
 *   in a provisional conversation (`~<parent id>`) that is merged into the real one when the parent
 *   arrives. A mention that answers nothing is a conversation of its own. Conversations link to the
 *   variant (post, segment, campaign) whose remote id they hang on.
 * - **State:** a new inbound message reopens a closed (or pending) conversation, counts, moves the
 *   excerpt, is classified (the conversation keeps the most pressing category/sentiment of its open
 *   messages unless a person overrode it) and sets the response deadline if none is running.
 * Conversations are locked in one order (channel, thread) so concurrent batches cannot deadlock on them, and
 * batches of one X channel take turns (an advisory lock), so a reply and its parent never miss each other.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { jsonRows } from '../../lib/json-rows';
import type { InboxBatchEvent, InboxConversationEvent, InboxMessageEvent } from '../../realtime/events';
import { publishRealtime } from '../../realtime/publish';
import { autoAssignIngested } from '../inbox/auto-assign';
import { emitConversationsCreated } from '../outgoing-webhooks/emit-event';
import { type Category, type Classification, classifyText, combine, isUrgent, type SentimentValue } from './classify';
import { responseDueAt } from './deadlines';
import { type InboxContext, inboxContext } from './inbox-context';
import type { IngestItem } from './ingest-types';

interface Channel {
  id: string;
  workspaceId: string;
  provider: IngestItem['provider'];
  remoteId: string;
}

export interface PreparedIngest {
  items: IngestItem[];
  channels: Map<string, Channel[]>;
  contexts: Map<string, InboxContext>;
}

export interface IngestEvents {
  messages: InboxMessageEvent[];
  conversations: InboxConversationEvent[];
}

export interface IngestCounts {
  created: number;
  edited: number;
  deleted: number;
  /** Items that were already stored as they are (replays, webhook + poll). */
  unchanged: number;
  /** Items for accounts no workspace has connected. */
  ignored: number;
}

const channelKey = (provider: string, remoteId: string) => `${provider}|${remoteId}`;
const messageKey = (channelId: string, remoteId: string) => `${channelId}|${remoteId}`;
const PROVISIONAL = '~';
const EXCERPT = 280;
const CONVERSATION_COLUMNS = `id, "channelAccountId", "threadRemoteId", "workspaceId", status::text AS status, category::text AS category,
  sentiment::text AS sentiment, classification, ("classificationOverride" IS NOT NULL) AS overridden, "responseDueAt", "resolvedAt"`;

/**
 * Reads the channels the items belong to and their workspaces' rules and settings — inside the caller's
 * transaction when it passes one (the embedded database has a single connection).
 */
export async function prepareIngest(deps: Deps, items: IngestItem[], tx?: Tx): Promise<PreparedIngest> {
  const channels = new Map<string, Channel[]>();
  if (items.length === 0) return { items, channels, contexts: new Map() };
  const wanted = [...new Set(items.map((i) => channelKey(i.provider, i.accountRemoteId)))];
  const rows = await (tx ?? deps.prisma).$queryRawUnsafe<Channel[]>(
    `SELECT id, "workspaceId", provider::text AS provider, "remoteId" FROM "ChannelAccount"
     WHERE status <> 'disconnected' AND (provider::text, "remoteId") IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    wanted.map((k) => k.split('|')[0]),
    wanted.map((k) => k.slice(k.indexOf('|') + 1)),
  );
  for (const row of rows) {
    const key = channelKey(row.provider, row.remoteId);
    channels.set(key, [...(channels.get(key) ?? []), row]);
  }
  const contexts = new Map<string, InboxContext>();
  for (const workspaceId of new Set(rows.map((r) => r.workspaceId))) contexts.set(workspaceId, await inboxContext(deps, workspaceId, tx));
  return { items, channels, contexts };
}

interface Work {
  channel: Channel;
  item: IngestItem;
  thread: string;
  kind: 'comment_thread' | 'reply_chain' | 'mention';
  classification: Classification;
}

interface KnownMessage {
  id: string;
  channelAccountId: string;
  remoteId: string;
  conversationId: string;
  text: string;
  deletedAt: Date | null;
  threadRemoteId: string;
}

interface VariantLink {
  id: string;
  channelAccountId: string;
  remoteId: string;
  postId: string;
  segmentId: string | null;
  campaignId: string | null;
}

interface ConversationRow {
  id: string;
  channelAccountId: string;
  threadRemoteId: string;
  workspaceId: string;
  status: 'open' | 'pending' | 'closed';
  category: Category;
  sentiment: SentimentValue;
  classification: unknown;
  overridden: boolean;
  responseDueAt: Date | null;
  resolvedAt: Date | null;
  inserted: boolean;
}

/** Same remote id twice in one batch: a removal wins, else the later report. */
function dedupe(items: Array<{ channel: Channel; item: IngestItem }>) {
  const byKey = new Map<string, { channel: Channel; item: IngestItem }>();
  for (const entry of items) {
    const key = messageKey(entry.channel.id, entry.item.remoteId);
    const seen = byKey.get(key);
    if (seen?.item.action !== 'delete') byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => a.item.createdAt.getTime() - b.item.createdAt.getTime());
}

export async function applyIngest(
  tx: Tx,
  prepared: PreparedIngest,
  items: IngestItem[] = prepared.items,
): Promise<{ events: IngestEvents; counts: IngestCounts }> {
  const events: IngestEvents = { messages: [], conversations: [] };
  const counts: IngestCounts = { created: 0, edited: 0, deleted: 0, unchanged: 0, ignored: 0 };
  const expanded: Array<{ channel: Channel; item: IngestItem }> = [];
  for (const item of items) {
    const channels = prepared.channels.get(channelKey(item.provider, item.accountRemoteId)) ?? [];
    if (channels.length === 0) counts.ignored += 1;
    for (const channel of channels) expanded.push({ channel, item });
  }
  const entries = dedupe(expanded);
  if (entries.length === 0) return { events, counts };

  // X threads hang on other messages (the parent): batches of one X channel take turns, so a reply and
  // its parent processed at the same moment still see each other (a transaction-scoped advisory lock).
  const xChannels = [...new Set(entries.filter((e) => e.channel.provider === 'x').map((e) => e.channel.id))].sort();
  for (const id of xChannels) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 6))`, `inbox-x:${id}`);

  // What we have already: the messages themselves, X parents, and our posts the threads hang on.
  const lookupIds = new Map<string, { channelId: string; remoteId: string }>();
  const variantIds = new Map<string, { channelId: string; remoteId: string }>();
  for (const { channel, item } of entries) {
    lookupIds.set(messageKey(channel.id, item.remoteId), { channelId: channel.id, remoteId: item.remoteId });
    if (item.parentRemoteId) lookupIds.set(messageKey(channel.id, item.parentRemoteId), { channelId: channel.id, remoteId: item.parentRemoteId });
    for (const candidate of [item.threadRemoteId, item.parentRemoteId]) {
      if (candidate) variantIds.set(messageKey(channel.id, candidate), { channelId: channel.id, remoteId: candidate });
    }
  }
  const known = new Map<string, KnownMessage>();
  const lookups = [...lookupIds.values()];
  for (const row of await tx.$queryRawUnsafe<KnownMessage[]>(
    `SELECT m.id, m."channelAccountId", m."remoteId", m."conversationId", m.text, m."deletedAt", c."threadRemoteId"
     FROM "InboxMessage" m JOIN "Conversation" c ON c.id = m."conversationId"
     WHERE (m."channelAccountId", m."remoteId") IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
    lookups.map((l) => l.channelId),
    lookups.map((l) => l.remoteId),
  ))
    known.set(messageKey(row.channelAccountId, row.remoteId), row);
  const variants = new Map<string, VariantLink>();
  const vLookups = [...variantIds.values()];
  for (const row of await tx.$queryRawUnsafe<VariantLink[]>(
    `SELECT v.id, v."channelAccountId", v."remoteId", v."postId", v."segmentId", p."campaignId"
     FROM "Variant" v JOIN "Post" p ON p.id = v."postId"
     WHERE (v."channelAccountId", v."remoteId") IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
    vLookups.map((l) => l.channelId),
    vLookups.map((l) => l.remoteId),
  ))
    variants.set(messageKey(row.channelAccountId, row.remoteId), row);

  // Threads, in time order so a parent earlier in the batch lends its thread to its replies.
  const threadInBatch = new Map<string, string>();
  const fresh: Work[] = [];
  const edits: Array<{ known: KnownMessage; entry: { channel: Channel; item: IngestItem } }> = [];
  const removals: KnownMessage[] = [];
  const rehome: Array<{ from: string; channel: Channel; thread: string }> = [];
  for (const entry of entries) {
    const { channel, item } = entry;
    const key = messageKey(channel.id, item.remoteId);
    const existing = known.get(key);
    if (item.action === 'delete') {
      if (existing && !existing.deletedAt) removals.push(existing);
      else counts.unchanged += 1;
      continue;
    }
    const thread = threadOf(channel, item, known, variants, threadInBatch);
    threadInBatch.set(key, thread);
    if (existing) {
      if (existing.threadRemoteId.startsWith(PROVISIONAL) && !thread.startsWith(PROVISIONAL))
        rehome.push({ from: existing.conversationId, channel, thread });
      if (!existing.deletedAt && existing.text !== item.text && item.text !== '') edits.push({ known: existing, entry });
      else counts.unchanged += 1;
      continue;
    }
    const kind = channel.provider === 'x' ? (variants.has(messageKey(channel.id, thread)) ? 'reply_chain' : 'mention') : 'comment_thread';
    const context = prepared.contexts.get(channel.workspaceId);
    fresh.push({ channel, item, thread, kind, classification: classifyText(item.text, context?.rules ?? []) });
  }

  // Conversations of the new messages (and of re-homed ones), created or locked, in one order.
  const threadKeys = new Map<string, { channel: Channel; thread: string; first: Work | null }>();
  for (const w of fresh) {
    const key = messageKey(w.channel.id, w.thread);
    if (!threadKeys.has(key)) threadKeys.set(key, { channel: w.channel, thread: w.thread, first: w });
  }
  for (const r of rehome) {
    const key = messageKey(r.channel.id, r.thread);
    if (!threadKeys.has(key)) threadKeys.set(key, { channel: r.channel, thread: r.thread, first: null });
  }
  const conversations = new Map<string, ConversationRow>();
  if (threadKeys.size > 0) {
    const list = [...threadKeys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    // New threads are inserted; existing ones are only locked (`DO UPDATE … WHERE false` locks without writing a
    // new row version and its seven index entries; the state update below writes the one version a batch needs).
    const created = await tx.$queryRawUnsafe<ConversationRow[]>(
      `INSERT INTO "Conversation" (id, "workspaceId", "channelAccountId", kind, "threadRemoteId", "variantId", "postId", "segmentId", "campaignId",
                                   "customerName", "customerHandle", "lastMessageAt", "updatedAt")
       SELECT gen_random_uuid(), u.w, u.ch, u.k::"ConversationKind", u.t, u.v, u.p, u.s, u.c, u.n, u.h, u.at, now()
       FROM ROWS FROM (json_to_recordset($1::json) AS (w uuid, ch uuid, k text, t text, v uuid, p uuid, s uuid, c uuid, n text, h text, at timestamptz))
         WITH ORDINALITY AS u(w, ch, k, t, v, p, s, c, n, h, at, ord)
       ORDER BY u.ord
       ON CONFLICT ("channelAccountId", "threadRemoteId") DO UPDATE SET "updatedAt" = now() WHERE false
       RETURNING ${CONVERSATION_COLUMNS}, true AS inserted`,
      jsonRows(
        list.map((t) => {
          const variant = variants.get(messageKey(t.channel.id, t.thread));
          return {
            w: t.channel.workspaceId,
            ch: t.channel.id,
            k: t.first?.kind ?? (t.channel.provider === 'x' ? 'reply_chain' : 'comment_thread'),
            t: t.thread,
            v: variant?.id ?? null,
            p: variant?.postId ?? null,
            s: variant?.segmentId ?? null,
            c: variant?.campaignId ?? null,
            n: t.first?.item.author.name ?? '',
            h: t.first?.item.author.handle ?? null,
            at: t.first?.item.createdAt ?? new Date(),
          };
        }),
      ),
    );
    for (const row of created) conversations.set(messageKey(row.channelAccountId, row.threadRemoteId), row);
    const locked = list.filter((t) => !conversations.has(messageKey(t.channel.id, t.thread)));
    if (locked.length > 0) {
      // Already locked by the statement above, so this reads their latest committed state.
      for (const row of await tx.$queryRawUnsafe<ConversationRow[]>(
        `SELECT ${CONVERSATION_COLUMNS}, false AS inserted FROM "Conversation"
         WHERE ("channelAccountId", "threadRemoteId") IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
        locked.map((t) => t.channel.id),
        locked.map((t) => t.thread),
      ))
        conversations.set(messageKey(row.channelAccountId, row.threadRemoteId), row);
    }
  }

  // The new messages, once each.
  const inserted = new Map<string, { id: string; conversationId: string }>();
  if (fresh.length > 0) {
    const sorted = [...fresh].sort((a, b) => {
      const ka = messageKey(a.channel.id, a.item.remoteId);
      const kb = messageKey(b.channel.id, b.item.remoteId);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    const rows = await tx.$queryRawUnsafe<Array<{ id: string; channelAccountId: string; remoteId: string; conversationId: string }>>(
      `INSERT INTO "InboxMessage" (id, "workspaceId", "conversationId", "channelAccountId", direction, "remoteId", "parentRemoteId", "authorRemoteId",
                                   "authorName", "authorHandle", text, "sentAt", category, sentiment, classification)
       SELECT gen_random_uuid(), u.w, u.conv, u.ch, 'inbound', u.r, u.pr, u.ar, u.an, u.ah, u.tx, u.at, u.cat::"MessageCategory", u.sen::"Sentiment", u.cl
       FROM ROWS FROM (json_to_recordset($1::json)
              AS (w uuid, conv uuid, ch uuid, r text, pr text, ar text, an text, ah text, tx text, at timestamptz, cat text, sen text, cl jsonb))
         WITH ORDINALITY AS u(w, conv, ch, r, pr, ar, an, ah, tx, at, cat, sen, cl, ord)
       ORDER BY u.ord
       ON CONFLICT ("channelAccountId", "remoteId") DO NOTHING
       RETURNING id, "channelAccountId", "remoteId", "conversationId"`,
      jsonRows(
        sorted.map((w) => ({
          w: w.channel.workspaceId,
          conv: conversations.get(messageKey(w.channel.id, w.thread))?.id as string,
          ch: w.channel.id,
          r: w.item.remoteId,
          pr: w.item.parentRemoteId,
          ar: w.item.author.remoteId || null,
          an: w.item.author.name,
          ah: w.item.author.handle,
          tx: w.item.text,
          at: w.item.createdAt,
          cat: w.classification.category,
          sen: w.classification.sentiment,
          cl: w.classification.reason,
        })),
      ),
    );
    for (const row of rows) inserted.set(messageKey(row.channelAccountId, row.remoteId), { id: row.id, conversationId: row.conversationId });
  }

  // Conversation state after the new messages.
  const byConversation = new Map<string, Work[]>();
  for (const w of fresh) {
    const row = inserted.get(messageKey(w.channel.id, w.item.remoteId));
    if (!row) {
      counts.unchanged += 1; // another batch stored it meanwhile
      continue;
    }
    counts.created += 1;
    byConversation.set(row.conversationId, [...(byConversation.get(row.conversationId) ?? []), w]);
    events.messages.push({
      workspaceId: w.channel.workspaceId,
      conversationId: row.conversationId,
      messageId: row.id,
      direction: 'inbound',
      change: 'created',
      remoteId: w.item.remoteId,
    });
  }
  const rowsById = new Map([...conversations.values()].map((c) => [c.id, c]));
  const updates: Array<{
    id: string;
    n: number;
    lastAt: Date;
    excerpt: string;
    status: string;
    reopened: boolean;
    category: Category;
    sentiment: SentimentValue;
    classification: unknown;
    due: Date | null;
    dueChanged: boolean;
    name: string;
    handle: string | null;
  }> = [];
  const now = new Date();
  for (const [conversationId, works] of byConversation) {
    const row = rowsById.get(conversationId) as ConversationRow;
    const context = prepared.contexts.get(row.workspaceId);
    const last = works[works.length - 1] as Work;
    const newest = works.reduce((max, w) => (w.item.createdAt > max ? w.item.createdAt : max), new Date(0));
    const reopens = row.status === 'closed' && (!row.resolvedAt || newest > row.resolvedAt);
    const status = row.status === 'open' || reopens || row.status === 'pending' ? 'open' : row.status;
    let current = { category: row.category, sentiment: row.sentiment, reason: row.classification };
    if (!row.overridden) {
      const start = row.inserted || reopens ? 0 : -1;
      for (const [i, w] of works.entries()) {
        if (i === 0 && start === 0)
          current = { category: w.classification.category, sentiment: w.classification.sentiment, reason: w.classification.reason };
        else current = combine(current, w.classification);
      }
    }
    let due = reopens ? null : row.responseDueAt;
    if (status === 'open' && context) {
      for (const w of works) {
        const at = w.item.createdAt > now ? now : w.item.createdAt;
        const candidate = responseDueAt(at, isUrgent(row.overridden ? current : w.classification), context.deadlines, context.timeZone);
        if (!due || candidate < due) due = candidate;
      }
    }
    updates.push({
      id: conversationId,
      n: works.length,
      lastAt: newest,
      excerpt: last.item.text.slice(0, EXCERPT),
      status,
      reopened: reopens,
      category: current.category,
      sentiment: current.sentiment,
      classification: current.reason ?? {},
      due,
      dueChanged: (due?.getTime() ?? null) !== (row.responseDueAt?.getTime() ?? null),
      name: works[0]?.item.author.name ?? '',
      handle: works[0]?.item.author.handle ?? null,
    });
    events.conversations.push({
      workspaceId: row.workspaceId,
      conversationId,
      change: row.inserted ? 'created' : reopens ? 'reopened' : 'updated',
      status: status as 'open' | 'pending' | 'closed',
    });
  }
  if (updates.length > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE "Conversation" c SET
         "messageCount" = c."messageCount" + u.n,
         "lastMessageAt" = GREATEST(c."lastMessageAt", u.last_at),
         "lastInboundAt" = GREATEST(COALESCE(c."lastInboundAt", u.last_at), u.last_at),
         "lastMessageExcerpt" = CASE WHEN c."messageCount" = 0 OR u.last_at >= c."lastMessageAt" THEN u.excerpt ELSE c."lastMessageExcerpt" END,
         status = u.status::"ConversationStatus",
         "resolvedAt" = CASE WHEN u.reopened THEN NULL ELSE c."resolvedAt" END,
         "firstResponseAt" = CASE WHEN u.reopened THEN NULL ELSE c."firstResponseAt" END,
         category = u.category::"MessageCategory",
         sentiment = u.sentiment::"Sentiment",
         classification = u.cl::jsonb,
         "responseDueAt" = u.due,
         "overdueNotifiedAt" = CASE WHEN u.due_changed THEN NULL ELSE c."overdueNotifiedAt" END,
         "customerName" = CASE WHEN c."customerName" = '' THEN u.name ELSE c."customerName" END,
         "customerHandle" = COALESCE(c."customerHandle", u.handle),
         "updatedAt" = now()
       FROM json_to_recordset($1::json)
         AS u(id uuid, n int, last_at timestamptz, excerpt text, status text, reopened boolean, category text, sentiment text, cl jsonb,
              due timestamptz, due_changed boolean, name text, handle text)
       WHERE c.id = u.id`,
      jsonRows(
        updates.map((u) => ({
          id: u.id,
          n: u.n,
          last_at: u.lastAt,
          excerpt: u.excerpt,
          status: u.status,
          reopened: u.reopened,
          category: u.category,
          sentiment: u.sentiment,
          cl: u.classification,
          due: u.due,
          due_changed: u.dueChanged,
          name: u.name,
          handle: u.handle,
        })),
      ),
    );
  }

  // Edits and removals on the network.
  if (edits.length > 0) {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string; conversationId: string; remoteId: string; workspaceId: string }>>(
      `UPDATE "InboxMessage" m SET text = u.text, "editedAt" = now() FROM unnest($1::uuid[], $2::text[]) AS u(id, text)
       WHERE m.id = u.id RETURNING m.id, m."conversationId", m."remoteId", m."workspaceId"`,
      edits.map((e) => e.known.id),
      edits.map((e) => e.entry.item.text),
    );
    counts.edited += rows.length;
    for (const r of rows)
      events.messages.push({
        workspaceId: r.workspaceId,
        conversationId: r.conversationId,
        messageId: r.id,
        direction: 'inbound',
        change: 'updated',
        remoteId: r.remoteId,
      });
  }
  if (removals.length > 0) {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string; conversationId: string; remoteId: string; workspaceId: string }>>(
      `UPDATE "InboxMessage" SET "deletedAt" = now() WHERE id = ANY($1::uuid[]) AND "deletedAt" IS NULL
       RETURNING id, "conversationId", "remoteId", "workspaceId"`,
      removals.map((r) => r.id),
    );
    counts.deleted += rows.length;
    for (const r of rows)
      events.messages.push({
        workspaceId: r.workspaceId,
        conversationId: r.conversationId,
        messageId: r.id,
        direction: 'inbound',
        change: 'deleted',
        remoteId: r.remoteId,
      });
  }

  // Provisional X conversations whose parent has now arrived (or whose thread a poll now tells).
  const merges = new Map<string, { from: string; into: string; workspaceId: string }>();
  for (const r of rehome) {
    const into = conversations.get(messageKey(r.channel.id, r.thread));
    if (into && into.id !== r.from) merges.set(r.from, { from: r.from, into: into.id, workspaceId: r.channel.workspaceId });
  }
  const xInserted = fresh.filter((w) => w.channel.provider === 'x' && inserted.has(messageKey(w.channel.id, w.item.remoteId)));
  if (xInserted.length > 0) {
    const waiting = await tx.$queryRawUnsafe<Array<{ id: string; channelAccountId: string; threadRemoteId: string }>>(
      `SELECT id, "channelAccountId", "threadRemoteId" FROM "Conversation"
       WHERE ("channelAccountId", "threadRemoteId") IN (SELECT * FROM unnest($1::uuid[], $2::text[])) ORDER BY id FOR UPDATE`,
      xInserted.map((w) => w.channel.id),
      xInserted.map((w) => `${PROVISIONAL}${w.item.remoteId}`),
    );
    for (const p of waiting) {
      const parent = xInserted.find((w) => w.channel.id === p.channelAccountId && `${PROVISIONAL}${w.item.remoteId}` === p.threadRemoteId);
      const into = parent && conversations.get(messageKey(parent.channel.id, parent.thread));
      if (into && into.id !== p.id) merges.set(p.id, { from: p.id, into: into.id, workspaceId: into.workspaceId });
    }
  }
  for (const merge of merges.values()) {
    await mergeConversation(tx, merge.from, merge.into);
    events.conversations.push({ workspaceId: merge.workspaceId, conversationId: merge.into, change: 'updated' });
    events.conversations.push({ workspaceId: merge.workspaceId, conversationId: merge.from, change: 'updated' });
    for (const m of events.messages) if (m.conversationId === merge.from) m.conversationId = merge.into;
  }
  await emitConversationsCreated(
    tx,
    events.conversations.filter((e) => e.change === 'created').map((e) => e.conversationId),
  );
  return { events, counts };
}

function threadOf(
  channel: Channel,
  item: IngestItem,
  known: Map<string, KnownMessage>,
  variants: Map<string, VariantLink>,
  threadInBatch: Map<string, string>,
): string {
  if (item.threadRemoteId) return item.threadRemoteId;
  const parent = item.parentRemoteId;
  if (!parent) return item.remoteId;
  const key = messageKey(channel.id, parent);
  if (variants.has(key)) return parent;
  const seen = known.get(key)?.threadRemoteId ?? threadInBatch.get(key);
  return seen ?? `${PROVISIONAL}${parent}`;
}

/** Moves everything of a provisional conversation into the real one and recounts it. */
async function mergeConversation(tx: Tx, from: string, into: string): Promise<void> {
  await tx.$executeRawUnsafe(`UPDATE "InboxMessage" SET "conversationId" = $2::uuid WHERE "conversationId" = $1::uuid`, from, into);
  await tx.$executeRawUnsafe(`UPDATE "InboxNote" SET "conversationId" = $2::uuid WHERE "conversationId" = $1::uuid`, from, into);
  await tx.$executeRawUnsafe(`UPDATE "Escalation" SET "conversationId" = $2::uuid WHERE "conversationId" = $1::uuid`, from, into);
  await tx.$executeRawUnsafe(
    `UPDATE "Conversation" t SET
       "messageCount" = (SELECT count(*)::int FROM "InboxMessage" m WHERE m."conversationId" = t.id),
       "lastMessageAt" = GREATEST(t."lastMessageAt", f."lastMessageAt"),
       "lastInboundAt" = GREATEST(t."lastInboundAt", f."lastInboundAt"),
       "lastMessageExcerpt" = CASE WHEN f."lastMessageAt" > t."lastMessageAt" THEN f."lastMessageExcerpt" ELSE t."lastMessageExcerpt" END,
       "assigneeId" = COALESCE(t."assigneeId", f."assigneeId"),
       "responseDueAt" = LEAST(t."responseDueAt", f."responseDueAt"),
       status = CASE WHEN f.status = 'open' THEN 'open'::"ConversationStatus" ELSE t.status END,
       "updatedAt" = now()
     FROM "Conversation" f WHERE t.id = $2::uuid AND f.id = $1::uuid`,
    from,
    into,
  );
  await tx.$executeRawUnsafe(`DELETE FROM "Conversation" WHERE id = $1::uuid`, from);
}

/** After the commit: tell the browsers (best effort). */
export function publishIngestEvents(deps: Deps, events: IngestEvents): void {
  // One event per workspace for the whole batch (a burst is one frame per browser, not one per message).
  const byWorkspace = new Map<string, InboxBatchEvent>();
  const batchOf = (workspaceId: string) => {
    let batch = byWorkspace.get(workspaceId);
    if (!batch) {
      batch = { workspaceId, messages: [], conversations: [] };
      byWorkspace.set(workspaceId, batch);
    }
    return batch;
  };
  for (const e of events.messages) batchOf(e.workspaceId).messages.push(e);
  for (const e of events.conversations) batchOf(e.workspaceId).conversations.push(e);
  for (const batch of byWorkspace.values()) publishRealtime(deps, { workspaceId: batch.workspaceId }, 'inbox.batch', batch);
  // Round-robin among online community managers, where the workspace turned it on (modules/inbox/auto-assign.ts).
  void autoAssignIngested(deps, events.conversations);
}

/** One-shot ingest outside a delivery (polling, tests): prepare, apply in a transaction, publish. */
export async function ingest(deps: Deps, items: IngestItem[]): Promise<IngestCounts> {
  const prepared = await prepareIngest(deps, items);
  const { events, counts } = await deps.prisma.$transaction((tx) => applyIngest(tx, prepared), { timeout: 60_000, maxWait: 30_000 });
  publishIngestEvents(deps, events);
  return counts;
}
