/**
 * The conversation list and its counts, in SQL on the driver (deps.sql): the list picks rows through the
 * (workspaceId, status, lastMessageAt) / (workspaceId, lastMessageAt) indexes and walks them newest first
 * with a keyset cursor; search goes through the GIN text index of InboxMessage; channel, assignee, post and
 * read mark are joined by primary key for the page only.
 */
import { Prisma } from '../../generated/prisma/client';
import type { SqlReader } from '../../lib/db';
import { AppError } from '../../lib/errors';
import type { ConversationFilter } from './schemas';

/** "Due soon" means due within this long. */
export const DUE_SOON_MS = 2 * 3_600_000;

export interface Viewer {
  workspaceId: string;
  userId: string;
  now: Date;
}

/** Filter groups: each facet's count leaves its own group out. */
type Group = 'status' | 'channel' | 'category' | 'sentiment' | 'assignee' | 'views';

/** Words for `to_tsquery('simple', …)`: letters and digits only, each a prefix, all required. */
export function searchQuery(q: string): string | null {
  const words = q
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Conditions that every facet shares (workspace, search, the post/segment/campaign/tag/priority scope). */
function scopeConditions(f: ConversationFilter, v: Viewer): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [Prisma.sql`c."workspaceId" = ${v.workspaceId}::uuid`];
  if (f.segmentId) parts.push(Prisma.sql`c."segmentId" = ${f.segmentId}::uuid`);
  if (f.postId) parts.push(Prisma.sql`c."postId" = ${f.postId}::uuid`);
  if (f.campaignId) parts.push(Prisma.sql`c."campaignId" = ${f.campaignId}::uuid`);
  if (f.priority) parts.push(Prisma.sql`c.priority = CAST(${f.priority} AS "ConversationPriority")`);
  if (f.tag) parts.push(Prisma.sql`${f.tag} = ANY(c.tags)`);
  if (f.q) {
    const words = searchQuery(f.q);
    const name = Prisma.sql`(c."customerName" ILIKE ${likePattern(f.q)} OR c."customerHandle" ILIKE ${likePattern(f.q.replace(/^@/, ''))})`;
    parts.push(
      words
        ? Prisma.sql`(${name} OR c.id IN (
            SELECT m."conversationId" FROM "InboxMessage" m
            WHERE to_tsvector('simple'::regconfig, m.text) @@ to_tsquery('simple'::regconfig, ${words}) AND m."workspaceId" = ${v.workspaceId}::uuid))`
        : name,
    );
  }
  return parts;
}

const overdueSql = (now: Date) => Prisma.sql`(c.status <> 'closed' AND c."responseDueAt" IS NOT NULL AND c."responseDueAt" < ${now})`;
const dueSoonSql = (now: Date) =>
  Prisma.sql`(c.status <> 'closed' AND c."responseDueAt" >= ${now} AND c."responseDueAt" < ${new Date(now.getTime() + DUE_SOON_MS)})`;
const unreadSql = Prisma.sql`(c."lastInboundAt" IS NOT NULL AND (r."readAt" IS NULL OR r."readAt" < c."lastInboundAt"))`;

/** The facet filters, by group. */
function facetConditions(f: ConversationFilter, v: Viewer, unread: Prisma.Sql = unreadSql): Array<{ group: Group; sql: Prisma.Sql }> {
  const parts: Array<{ group: Group; sql: Prisma.Sql }> = [];
  if (f.status !== 'all') parts.push({ group: 'status', sql: Prisma.sql`c.status = CAST(${f.status} AS "ConversationStatus")` });
  if (f.channelId) parts.push({ group: 'channel', sql: Prisma.sql`c."channelAccountId" = ${f.channelId}::uuid` });
  if (f.category) parts.push({ group: 'category', sql: Prisma.sql`c.category = CAST(${f.category} AS "MessageCategory")` });
  if (f.sentiment) parts.push({ group: 'sentiment', sql: Prisma.sql`c.sentiment = CAST(${f.sentiment} AS "Sentiment")` });
  if (f.assigneeId) parts.push({ group: 'assignee', sql: Prisma.sql`c."assigneeId" = ${f.assigneeId}::uuid` });
  if (f.mine) parts.push({ group: 'views', sql: Prisma.sql`c."assigneeId" = ${v.userId}::uuid` });
  if (f.unassigned) parts.push({ group: 'views', sql: Prisma.sql`c."assigneeId" IS NULL` });
  if (f.overdue) parts.push({ group: 'views', sql: overdueSql(v.now) });
  if (f.unread) parts.push({ group: 'views', sql: unread });
  return parts;
}

const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`);

export interface ConversationRow {
  id: string;
  kind: 'comment_thread' | 'reply_chain' | 'mention';
  status: 'open' | 'pending' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  category: 'question' | 'complaint' | 'praise' | 'other';
  sentiment: 'negative' | 'neutral' | 'positive';
  overridden: boolean;
  customerName: string;
  customerHandle: string | null;
  excerpt: string;
  messageCount: number;
  lastMessageAt: Date;
  lastInboundAt: Date | null;
  responseDueAt: Date | null;
  firstResponseAt: Date | null;
  overdue: boolean;
  dueSoon: boolean;
  unread: boolean;
  channelId: string;
  provider: 'facebook_page' | 'instagram' | 'x';
  channelName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  postId: string | null;
  postTitle: string | null;
  segmentId: string | null;
  campaignId: string | null;
  openEscalations: number;
}

/** The columns of a list row (with `c` the conversation and `r` my read mark). */
function rowColumns(now: Date) {
  return Prisma.sql`
    c.id, c.kind::text AS kind, c.status::text AS status, c.priority::text AS priority, c.tags,
    c.category::text AS category, c.sentiment::text AS sentiment, (c."classificationOverride" IS NOT NULL) AS overridden,
    c."customerName" AS "customerName", c."customerHandle" AS "customerHandle", c."lastMessageExcerpt" AS excerpt,
    c."messageCount" AS "messageCount", c."lastMessageAt" AS "lastMessageAt", c."lastInboundAt" AS "lastInboundAt",
    c."responseDueAt" AS "responseDueAt", c."firstResponseAt" AS "firstResponseAt",
    ${overdueSql(now)} AS overdue, COALESCE(${dueSoonSql(now)}, false) AS "dueSoon", ${unreadSql} AS unread,
    c."channelAccountId" AS "channelId", ch.provider::text AS provider, ch.name AS "channelName",
    c."assigneeId" AS "assigneeId", u.name AS "assigneeName", c."postId" AS "postId", p.title AS "postTitle",
    c."segmentId" AS "segmentId", c."campaignId" AS "campaignId",
    (SELECT count(*)::int FROM "Escalation" e WHERE e."conversationId" = c.id AND e.status <> 'resolved') AS "openEscalations"`;
}

const rowJoins = (userId: string) => Prisma.sql`
  JOIN "ChannelAccount" ch ON ch.id = c."channelAccountId"
  LEFT JOIN "User" u ON u.id = c."assigneeId"
  LEFT JOIN "Post" p ON p.id = c."postId"
  LEFT JOIN "ConversationRead" r ON r."conversationId" = c.id AND r."userId" = ${userId}::uuid`;

export function encodeCursor(row: { lastMessageAt: Date; id: string }): string {
  return Buffer.from(`${row.lastMessageAt.toISOString()}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError('validation_failed', 'Invalid query: query.cursor is not a cursor of this list', [
      { field: 'query.cursor', rule: 'invalid_cursor', message: 'is not a cursor of this list' },
    ]);
  }
  return { at, id };
}

/** One page, newest activity first; `limit + 1` rows tell whether there is a next page. */
export function listConversationRows(sql: SqlReader, f: ConversationFilter, v: Viewer, page: { cursor?: string; limit: number }) {
  const where = [...scopeConditions(f, v), ...facetConditions(f, v).map((p) => p.sql)];
  if (page.cursor) {
    const { at, id } = decodeCursor(page.cursor);
    where.push(Prisma.sql`(c."lastMessageAt", c.id) < (${at}, ${id}::uuid)`);
  }
  return sql.query<ConversationRow>(Prisma.sql`
    SELECT ${rowColumns(v.now)}
    FROM "Conversation" c ${rowJoins(v.userId)}
    WHERE ${and(where)}
    ORDER BY c."lastMessageAt" DESC, c.id DESC
    LIMIT ${page.limit + 1}`);
}

/** Some conversations as list rows (for the thread view and after a change). */
export function conversationRowsByIds(sql: SqlReader, ids: string[], v: Viewer) {
  return sql.query<ConversationRow>(Prisma.sql`
    SELECT ${rowColumns(v.now)}
    FROM "Conversation" c ${rowJoins(v.userId)}
    WHERE c.id = ANY(${ids}::uuid[]) AND c."workspaceId" = ${v.workspaceId}::uuid`);
}

export interface FacetRow {
  facet: 'status' | 'channel' | 'category' | 'sentiment' | 'assignee' | 'view';
  key: string;
  n: number;
}

/** How many conversations of the scope have each combination of the facet values. */
interface ComboRow {
  channel: string;
  category: string;
  sentiment: string;
  assignee: string | null;
  overdue: boolean;
  due_soon: boolean;
  unread: boolean;
  n: number;
}

/**
 * Every facet's counts in two statements run at once: the conversations of the scope (workspace, search,
 * post, …) and status are grouped by the combination of facet values (a few hundred groups for tens of
 * thousands of conversations), and each facet is counted from those groups with all the other filters but
 * its own (choosing "complaint" still shows how many questions there are); the statuses are counted apart
 * with every other filter.
 */
export async function countFacetRows(sql: SqlReader, f: ConversationFilter, v: Viewer): Promise<FacetRow[]> {
  const facets = facetConditions(f, v);
  const statusFilter = facets.filter((p) => p.group === 'status').map((p) => p.sql);
  const others = facets.filter((p) => p.group !== 'status').map((p) => p.sql);
  const scope = scopeConditions(f, v);
  const readJoin = Prisma.sql`LEFT JOIN "ConversationRead" r ON r."conversationId" = c.id AND r."userId" = ${v.userId}::uuid`;
  const [combos, statuses] = await Promise.all([
    // Everything but the status facet counts among the conversations of the chosen status (usually the
    // open ones: a small part of a workspace whose history is mostly closed).
    sql.query<ComboRow>(Prisma.sql`
      SELECT c."channelAccountId"::text AS channel, c.category::text AS category, c.sentiment::text AS sentiment,
        c."assigneeId"::text AS assignee, ${overdueSql(v.now)} AS overdue, COALESCE(${dueSoonSql(v.now)}, false) AS due_soon,
        ${unreadSql} AS unread, count(*)::int AS n
      FROM "Conversation" c ${readJoin}
      WHERE ${and([...scope, ...statusFilter])}
      GROUP BY 1, 2, 3, 4, 5, 6, 7`),
    sql.query<{ status: string; n: number }>(Prisma.sql`
      SELECT c.status::text AS status, count(*)::int AS n
      FROM "Conversation" c ${f.unread ? readJoin : Prisma.empty}
      WHERE ${and([...scope, ...others])}
      GROUP BY 1`),
  ]);
  const passes: Record<Exclude<Group, 'status'>, (c: ComboRow) => boolean> = {
    channel: (c) => !f.channelId || c.channel === f.channelId,
    category: (c) => !f.category || c.category === f.category,
    sentiment: (c) => !f.sentiment || c.sentiment === f.sentiment,
    assignee: (c) => !f.assigneeId || c.assignee === f.assigneeId,
    views: (c) =>
      (!f.mine || c.assignee === v.userId) && (!f.unassigned || c.assignee === null) && (!f.overdue || c.overdue) && (!f.unread || c.unread),
  };
  const groups = Object.keys(passes) as Array<keyof typeof passes>;
  const except = (c: ComboRow, ...own: Group[]) => groups.every((g) => own.includes(g) || passes[g](c));
  const tally = new Map<string, FacetRow>();
  const add = (facet: FacetRow['facet'], key: string, n: number) => {
    const id = `${facet}|${key}`;
    const row = tally.get(id) ?? { facet, key, n: 0 };
    row.n += n;
    tally.set(id, row);
  };
  for (const key of ['all', 'mine', 'unassigned', 'overdue', 'dueSoon', 'unread']) add('view', key, 0);
  for (const s of statuses) add('status', s.status, Number(s.n));
  for (const c of combos) {
    const n = Number(c.n);
    if (except(c, 'channel')) add('channel', c.channel, n);
    if (except(c, 'category')) add('category', c.category, n);
    if (except(c, 'sentiment')) add('sentiment', c.sentiment, n);
    if (except(c, 'assignee', 'views')) add('assignee', c.assignee ?? 'none', n);
    if (except(c, 'views')) {
      add('view', 'all', n);
      if (c.assignee === v.userId) add('view', 'mine', n);
      if (c.assignee === null) add('view', 'unassigned', n);
      if (c.overdue) add('view', 'overdue', n);
      if (c.due_soon) add('view', 'dueSoon', n);
      if (c.unread) add('view', 'unread', n);
    }
  }
  return [...tally.values()];
}

/** Open and pending conversations a customer wrote in since I last read them (the navigation badge). */
export async function countUnread(sql: SqlReader, v: Pick<Viewer, 'workspaceId' | 'userId'>): Promise<number> {
  const [row] = await sql.query<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS n
    FROM "Conversation" c
    LEFT JOIN "ConversationRead" r ON r."conversationId" = c.id AND r."userId" = ${v.userId}::uuid
    WHERE c."workspaceId" = ${v.workspaceId}::uuid AND c.status <> 'closed' AND ${unreadSql}`);
  return row?.n ?? 0;
}
