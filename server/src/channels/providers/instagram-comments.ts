/**
 * Reading an Instagram account's comments for the inbox: the new top-level comments on each media after a stored
 * cursor, each with the replies already under it (field expansion), and the replies that came later under comments
 * the cursor has passed.
 *
 * A media's comment list holds top-level comments only, and a customer may answer a thread days after its first
 * comment was read. So the cursor also keeps a watch list: the top-level comments active within REPLY_WATCH_MS (the
 * MAX_WATCHED most recent), whose replies are read again on every poll, 50 comments to a request (`GET /?ids=`).
 * A reply given twice is stored once (the inbox de-duplicates on channel + remote id).
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
interface InstagramCursor {
  after: Record<string, string>;
  watch: Watch;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const seconds = (row: Row) => Math.floor(new Date(text(row.timestamp)).getTime() / 1000) || 0;

export function decodeInstagramCursor(cursor: string | null): InstagramCursor {
  if (!cursor) return { after: {}, watch: {} };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<InstagramCursor>;
    const object = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? value : {});
    return { after: object(parsed.after) as InstagramCursor['after'], watch: object(parsed.watch) as Watch };
  } catch {
    return { after: {}, watch: {} };
  }
}

const encodeCursor = (cursor: InstagramCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export async function readInstagramComments(
  api: TimedGraphApi,
  account: ProviderAccount,
  query: MessageQuery,
  now = new Date(),
): Promise<MessagePage> {
  const { after, watch: watched } = decodeInstagramCursor(query.cursor);
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

  // New top-level comments after each media's cursor, with their replies.
  for (const mediaId of query.postRemoteIds) {
    const from = after[mediaId];
    let page = await graphCall(
      NETWORK,
      () =>
        new IGMedia(mediaId, undefined, undefined, api).getComments(COMMENT_FIELDS, {
          limit: 100,
          ...(from ? { after: from } : {}),
        }) as unknown as Promise<GraphCursor>,
    );
    for (let n = 1; ; n++) {
      for (const item of page) {
        const row = item._data;
        take(row, mediaId, text(row.parent_id) || null);
        const latest = await repliesOf(row, mediaId);
        watch[text(row.id)] = [mediaId, Math.max(seconds(row), latest)];
      }
      const last = page.paging?.cursors?.after;
      if (page.length > 0 && last) after[mediaId] = last;
      if (!page.hasNext() || n >= MAX_PAGES) break;
      const current = page;
      page = await graphCall(NETWORK, () => current.next());
    }
  }

  // Later replies under the comments already passed: those on a post still read, active lately.
  const media = new Set(query.postRemoteIds);
  const since = Math.floor((now.getTime() - REPLY_WATCH_MS) / 1000);
  const again = Object.keys(watched).filter((id) => {
    const [mediaId, activeAt] = watched[id] as Watch[string];
    return !(id in watch) && media.has(mediaId) && activeAt >= since;
  });
  for (let i = 0; i < again.length; i += IDS_PER_READ) {
    const found = await readComments(api, again.slice(i, i + IDS_PER_READ));
    for (const [id, comment] of found) {
      const [mediaId, activeAt] = watched[id] as Watch[string];
      watch[id] = [mediaId, Math.max(activeAt, await repliesOf(comment, mediaId, activeAt))];
    }
  }

  const kept = Object.entries(watch)
    .filter(([, [, activeAt]]) => activeAt >= since)
    .sort((a, b) => b[1][1] - a[1][1])
    .slice(0, MAX_WATCHED);
  return { messages, cursor: encodeCursor({ after, watch: Object.fromEntries(kept) }) };
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
