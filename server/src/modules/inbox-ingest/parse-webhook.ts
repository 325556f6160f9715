/**
 * Webhook bodies → ingest items, pure (payload shapes: shared/CHANNELS.md "Webhooks").
 * - Meta `object: "page"`: `feed` changes with `item: "comment"`, verb add / edited / remove.
 * - Meta `object: "instagram"`: `comments` changes.
 * - X: `tweet_create_events` (v1.1 tweets) and `tweet_delete_events`.
 * What the account itself wrote (our replies) is skipped: those are outbound messages already.
 * Anything unrecognised is ignored (the networks add fields and kinds over time).
 */
import type { IngestItem } from './ingest-types';

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter(isRow) : []);

function unixDate(value: unknown, fallback: Date): Date {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isFinite(n) && n > 0) return new Date(n < 1e12 ? n * 1000 : n);
  if (typeof value === 'string') {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return fallback;
}

export function parseMetaWebhook(body: unknown, receivedAt: Date): IngestItem[] {
  if (!isRow(body)) return [];
  const object = body.object;
  const items: IngestItem[] = [];
  for (const entry of rows(body.entry)) {
    const accountRemoteId = str(entry.id);
    if (!accountRemoteId) continue;
    const entryTime = unixDate(entry.time, receivedAt);
    for (const change of rows(entry.changes)) {
      const value = change.value;
      if (!isRow(value)) continue;
      if (object === 'page' && change.field === 'feed' && value.item === 'comment') {
        const remoteId = str(value.comment_id);
        const postId = str(value.post_id);
        if (!remoteId || !postId) continue;
        const from = isRow(value.from) ? value.from : {};
        if (str(from.id) === accountRemoteId) continue;
        const verb = value.verb;
        items.push({
          provider: 'facebook_page',
          accountRemoteId,
          action: verb === 'remove' ? 'delete' : 'upsert',
          edited: verb === 'edited',
          remoteId,
          parentRemoteId: str(value.parent_id) ?? postId,
          threadRemoteId: postId,
          author: { remoteId: str(from.id) ?? '', name: str(from.name) ?? '', handle: null },
          text: str(value.message) ?? '',
          createdAt: unixDate(value.created_time, entryTime),
        });
      } else if (object === 'instagram' && change.field === 'comments') {
        const remoteId = str(value.id);
        const media = isRow(value.media) ? value.media : {};
        const mediaId = str(media.id);
        if (!remoteId || !mediaId) continue;
        const from = isRow(value.from) ? value.from : {};
        if (str(from.id) === accountRemoteId) continue;
        const handle = str(from.username);
        items.push({
          provider: 'instagram',
          accountRemoteId,
          action: 'upsert',
          edited: false,
          remoteId,
          parentRemoteId: str(value.parent_id) ?? mediaId,
          threadRemoteId: mediaId,
          author: { remoteId: str(from.id) ?? '', name: handle ?? '', handle },
          text: str(value.text) ?? '',
          createdAt: entryTime,
        });
      }
    }
  }
  return items;
}

export function parseXWebhook(body: unknown, receivedAt: Date): IngestItem[] {
  if (!isRow(body)) return [];
  const accountRemoteId = str(body.for_user_id);
  if (!accountRemoteId) return [];
  const items: IngestItem[] = [];
  for (const tweet of rows(body.tweet_create_events)) {
    const remoteId = str(tweet.id_str) ?? str(tweet.id);
    if (!remoteId) continue;
    const user = isRow(tweet.user) ? tweet.user : {};
    const authorId = str(user.id_str) ?? str(user.id) ?? '';
    if (authorId === accountRemoteId) continue;
    if (isRow(tweet.retweeted_status)) continue;
    const extended = isRow(tweet.extended_tweet) ? str(tweet.extended_tweet.full_text) : null;
    const handle = str(user.screen_name);
    const parent = str(tweet.in_reply_to_status_id_str) ?? str(tweet.in_reply_to_status_id);
    items.push({
      provider: 'x',
      accountRemoteId,
      action: 'upsert',
      edited: false,
      remoteId,
      parentRemoteId: parent,
      // v1.1 events carry no conversation id: threading resolves it from the parent (ingest-messages.ts).
      threadRemoteId: parent ? null : remoteId,
      author: { remoteId: authorId, name: str(user.name) ?? handle ?? '', handle },
      text: extended ?? str(tweet.full_text) ?? str(tweet.text) ?? '',
      createdAt: unixDate(tweet.timestamp_ms ?? tweet.created_at, receivedAt),
    });
  }
  for (const deletion of rows(body.tweet_delete_events)) {
    const status = isRow(deletion.status) ? deletion.status : {};
    const remoteId = str(status.id);
    if (!remoteId) continue;
    items.push({
      provider: 'x',
      accountRemoteId,
      action: 'delete',
      edited: false,
      remoteId,
      parentRemoteId: null,
      threadRemoteId: null,
      author: { remoteId: str(status.user_id) ?? '', name: '', handle: null },
      text: '',
      createdAt: unixDate(deletion.timestamp_ms, receivedAt),
    });
  }
  return items;
}

export function parseWebhook(source: 'meta' | 'x', raw: string, receivedAt: Date): IngestItem[] {
  const body: unknown = JSON.parse(raw);
  return source === 'meta' ? parseMetaWebhook(body, receivedAt) : parseXWebhook(body, receivedAt);
}
