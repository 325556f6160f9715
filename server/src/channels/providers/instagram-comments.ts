/**
 * Reading an Instagram account's comments for the inbox: the new top-level comments on each media, each with the
 * replies already under it (field expansion), and the replies that came later under comments read before.
 *
 * Instagram is reported to list a media's comments newest first (Meta's reference does not say), so new ones are
 * read from the head of the list down to the newest one read before. The adapter does not rely on that order: it
 * learns it from the first page with two timestamps, and a list that turns out oldest first is followed with its
 * `after` cursor instead. (Newest first, more than MAX_PAGES pages of new comments between two polls leave the
 * older part of that burst to its webhooks.)
 *
 * A media's comment list holds top-level comments only, and a customer may answer a thread days after its first
 * comment was read. So the cursor also keeps a watch list: the top-level comments active within REPLY_WATCH_MS (the
 * MAX_WATCHED most recent), whose replies are read again on every poll, 50 comments to a request (`GET /?ids=`).
 * A reply given twice is stored once (the inbox de-duplicates on channel + remote id). A watched comment that is
 * gone (its author deleted it) is reported as removed, in case its deletion webhook was lost.
 */
import { IGComment, IGMedia } from 'facebook-nodejs-business-sdk';
import { type GraphCursor, graphCall, type TimedGraphApi } from './graph-call';
import { type InboundMessage, type MessagePage, type MessageQuery, type ProviderAccount, ProviderError } from './provider';

const NETWORK = 'Instagram';
const REPLY_FIELDS = ['id', 'text', 'timestamp', 'username', 'from'];
const REPLIES = `replies.limit(100){${REPLY_FIELDS.join(',')}}`;
const COMMENT_FIELDS = ['id', 'text', 'timestamp', 'username', 'from', 'parent_id', REPLIES];
export const REPLY_WATCH_MS = 7 * 86_400_000;
export const MAX_WATCHED = 200;
/** Graph reads at most 50 ids in one request. */
const IDS_PER_READ = 50;
/** Pages of comments per media per poll, and of replies per comment. */
const MAX_PAGES = 5;

type Row = Record<string, unknown>;
type Edge = { data?: Row[]; paging?: { cursors?: { after?: string }; next?: string } };
/** Top-level comment id → its media and when its thread was last active (epoch seconds). */
type Watch = Record<string, [mediaId: string, activeAt: number]>;
/** Per media: the order its list turned out to have, where an oldest-first list was left, the newest comment read. */
type MediaState = { order?: 'newest_first' | 'oldest_first'; after?: string; newest?: number };
interface InstagramCursor {
  media: Record<string, MediaState>;
  watch: Watch;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const seconds = (row: Row) => Math.floor(new Date(text(row.timestamp)).getTime() / 1000) || 0;

export function decodeInstagramCursor(cursor: string | null): InstagramCursor {
  if (!cursor) return { media: {}, watch: {} };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<InstagramCursor>;
    const object = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
    // An older cursor (an `after` per media, assuming oldest first) is left: the lists are read again and learnt.
    return { media: object(parsed.media) as InstagramCursor['media'], watch: object(parsed.watch) as Watch };
  } catch {
    return { media: {}, watch: {} };
  }
}

/** Newest first or oldest first, from the first and last timestamps of a page; unknown while they are equal. */
function orderOf(page: GraphCursor): MediaState['order'] {
  if (page.length < 2) return undefined;
  const first = seconds((page[0] as GraphCursor[number])._data);
  const last = seconds((page[page.length - 1] as GraphCursor[number])._data);
  return first > last ? 'newest_first' : first < last ? 'oldest_first' : undefined;
}

const encodeCursor = (cursor: InstagramCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export async function readInstagramComments(
  api: TimedGraphApi,
  account: ProviderAccount,
  query: MessageQuery,
  now = new Date(),
): Promise<MessagePage> {
  const { media: state, watch: watched } = decodeInstagramCursor(query.cursor);
  const messages: InboundMessage[] = [];
  const watch: Watch = {};
  const keep = (row: Row) => ((row.from as { id?: string } | undefined)?.id ?? '') !== account.remoteId;
  const take = (row: Row, mediaId: string, parentId: string | null) => {
    if (keep(row)) messages.push(toMessage(row, mediaId, parentId));
  };

  /**
   * A comment's replies (its expanded edge, then any further pages) from the second `since` on; answers the latest
   * reply's time. A watched thread gives again only the replies of the second it was last active in (stored once).
   */
  async function repliesOf(comment: Row, mediaId: string, since = 0): Promise<number> {
    const edge = comment.replies as Edge | undefined;
    const rows = [...(edge?.data ?? [])];
    let next = edge?.paging?.next ? edge.paging.cursors?.after : undefined;
    for (let n = 1; next && n < MAX_PAGES; n++) {
      const from = next;
      const page = await graphCall(
        NETWORK,
        () =>
          new IGComment(text(comment.id), undefined, undefined, api).getReplies(REPLY_FIELDS, {
            limit: 100,
            after: from,
          }) as unknown as Promise<GraphCursor>,
      );
      rows.push(...page.map((item) => item._data));
      next = page.hasNext() ? page.paging?.cursors?.after : undefined;
    }
    let latest = 0;
    for (const row of rows) {
      if (seconds(row) >= since) take(row, mediaId, text(comment.id));
      latest = Math.max(latest, seconds(row));
    }
    return latest;
  }

  // New top-level comments on each media, with their replies.
  for (const mediaId of query.postRemoteIds) {
    const known: MediaState = state[mediaId] ?? {};
    const from = known.order === 'oldest_first' ? known.after : undefined;
    const newest = known.newest ?? 0;
    let order = known.order;
    let latest = newest;
    let after = from;
    let page = await graphCall(
      NETWORK,
      () =>
        new IGMedia(mediaId, undefined, undefined, api).getComments(COMMENT_FIELDS, {
          limit: 100,
          ...(from ? { after: from } : {}),
        }) as unknown as Promise<GraphCursor>,
    );
    for (let n = 1; ; n++) {
      order ??= orderOf(page);
      let readBefore = false;
      for (const item of page) {
        const row = item._data;
        const at = seconds(row);
        // Newest first: below the newest comment read before, the rest of the list was read then (the comments of
        // that same second are given again, and stored once).
        if (order !== 'oldest_first' && at < newest) {
          readBefore = true;
          continue;
        }
        take(row, mediaId, text(row.parent_id) || null);
        const repliedAt = await repliesOf(row, mediaId);
        watch[text(row.id)] = [mediaId, Math.max(at, repliedAt)];
        latest = Math.max(latest, at);
      }
      const last = page.paging?.cursors?.after;
      if (page.length > 0 && last) after = last;
      if (readBefore || !page.hasNext() || n >= MAX_PAGES) break;
      const current = page;
      page = await graphCall(NETWORK, () => current.next());
    }
    state[mediaId] = { ...(order ? { order } : {}), ...(order === 'oldest_first' && after ? { after } : {}), newest: latest };
  }

  // Later replies under the comments read before: those on a post still read, active lately.
  const polled = new Set(query.postRemoteIds);
  const since = Math.floor((now.getTime() - REPLY_WATCH_MS) / 1000);
  const again = Object.keys(watched).filter((id) => {
    const [mediaId, activeAt] = watched[id] as Watch[string];
    return !(id in watch) && polled.has(mediaId) && activeAt >= since;
  });
  const removed: string[] = [];
  for (let i = 0; i < again.length; i += IDS_PER_READ) {
    const chunk = again.slice(i, i + IDS_PER_READ);
    const found = await readComments(api, chunk);
    const present = new Set(found.map(([id]) => id));
    removed.push(...chunk.filter((id) => !present.has(id)));
    for (const [id, comment] of found) {
      const [mediaId, activeAt] = watched[id] as Watch[string];
      watch[id] = [mediaId, Math.max(activeAt, await repliesOf(comment, mediaId, activeAt))];
    }
  }

  const kept = Object.entries(watch)
    .filter(([, [, activeAt]]) => activeAt >= since)
    .sort((a, b) => b[1][1] - a[1][1])
    .slice(0, MAX_WATCHED);
  const media = Object.fromEntries(query.postRemoteIds.flatMap((id) => (state[id] ? [[id, state[id]]] : [])));
  return { messages, removedRemoteIds: removed, cursor: encodeCursor({ media, watch: Object.fromEntries(kept) }) };
}

/**
 * Several comments with their replies in one read. Graph fails the whole read when one id is gone (its author
 * deleted it), so then each is read alone, and the ones that are gone are left out (and so stop being watched).
 */
async function readComments(api: TimedGraphApi, ids: string[]): Promise<Array<[string, Row]>> {
  try {
    const answer = await graphCall(NETWORK, () => api.call<Record<string, Row>>('GET', [], { ids: ids.join(','), fields: `id,${REPLIES}` }));
    return ids.flatMap((id) => (answer[id] ? [[id, answer[id]] as [string, Row]] : []));
  } catch (error) {
    if (!isGone(error)) throw error;
    if (ids.length === 1) return [];
    const found: Array<[string, Row]> = [];
    for (const id of ids) found.push(...(await readComments(api, [id])));
    return found;
  }
}

/** Graph's "(#100) Some of the aliases you requested do not exist". */
const isGone = (error: unknown) => error instanceof ProviderError && error.kind === 'rejected' && error.networkCode === '100';

function toMessage(row: Row, mediaId: string, parentId: string | null): InboundMessage {
  const author = (row.from as { id?: string; username?: string } | undefined) ?? {};
  const handle = author.username ?? (text(row.username) || null);
  return {
    remoteId: text(row.id),
    parentRemoteId: parentId ?? mediaId,
    threadRemoteId: mediaId,
    author: { remoteId: author.id ?? '', name: handle ?? '', handle },
    text: text(row.text),
    createdAt: new Date(text(row.timestamp)),
  };
}
