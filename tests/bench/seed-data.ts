/**
 * Bulk seeds the benchmarks share: planning data (posts with two variants each, spread over two years from
 * 2026-01-01 UTC, over the given channels and segments) and inbox data (conversations with messages in
 * Korean and English words, statuses, assignees, categories, deadlines), in set-based SQL.
 */
import type { PrismaClient } from '../../server/src/lib/db';

export async function seedVariants(
  p: PrismaClient,
  workspace: { id: string },
  author: { id: string },
  channels: Array<{ id: string }>,
  segments: Array<{ id: string }>,
  variants: number,
): Promise<void> {
  await p.$executeRawUnsafe(
    `INSERT INTO "Post" (id, "workspaceId", title, labels, "authorId", state, "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, 'Post ' || g, CASE WHEN g % 5 = 0 THEN ARRAY['promo'] ELSE ARRAY[]::text[] END, $2::uuid, 'draft', now()
     FROM generate_series(1, $3::int) g`,
    workspace.id,
    author.id,
    Math.ceil(variants / 2),
  );
  await p.$executeRawUnsafe(
    `INSERT INTO "Variant" (id, "postId", "workspaceId", "channelAccountId", "segmentId", text, "scheduledAt", state, "updatedAt")
     SELECT gen_random_uuid(), po.id, po."workspaceId", ($3::uuid[])[1 + (po.n * 2 + k) % $5::int], ($4::uuid[])[1 + (po.n + k) % $6::int],
            'Variant text for post ' || po.n || ' with enough words to look like a real social post.',
            timestamptz '2026-01-01 00:00:00+00' + ((po.n * 2 + k) * (730.0 * 86400 / $2::int)) * interval '1 second',
            (ARRAY['draft','scheduled','published'])[1 + (po.n + k) % 3]::"VariantState", now()
     FROM (SELECT id, "workspaceId", row_number() OVER () AS n FROM "Post" WHERE "workspaceId" = $1::uuid) po, generate_series(0, 1) k`,
    workspace.id,
    variants,
    channels.map((c) => c.id),
    segments.map((s) => s.id),
    channels.length,
    segments.length,
  );
}

const WORDS = [
  '배송이',
  '언제',
  '오나요',
  '환불해',
  '주세요',
  '라떼',
  '맛있어요',
  '매장',
  '영업시간',
  '쿠폰이',
  '안',
  '돼요',
  'delivery',
  'late',
  'refund',
  'please',
  'love',
  'latte',
  'store',
  'hours',
  'coupon',
  'broken',
  'thanks',
  'when',
];

/** `messages` inbound messages, `perConversation` to a conversation; a seventh of them assigned to each assignee. */
export async function seedConversations(
  p: PrismaClient,
  workspace: { id: string },
  channels: Array<{ id: string }>,
  assignees: [{ id: string }, { id: string }],
  messages: number,
  perConversation = 4,
): Promise<void> {
  await p.$executeRawUnsafe(
    `INSERT INTO "Conversation" (id, "workspaceId", "channelAccountId", kind, "threadRemoteId", status, "assigneeId", category, sentiment,
        "customerName", "customerHandle", "lastMessageAt", "lastInboundAt", "lastMessageExcerpt", "messageCount", "responseDueAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, ($2::uuid[])[1 + g % $7::int], 'comment_thread', 't' || g,
            (ARRAY['open','open','open','pending','closed'])[1 + g % 5]::"ConversationStatus",
            CASE WHEN g % 7 = 0 THEN $3::uuid WHEN g % 7 = 1 THEN $4::uuid ELSE NULL END,
            (ARRAY['question','complaint','praise','other'])[1 + g % 4]::"MessageCategory",
            (ARRAY['negative','neutral','positive'])[1 + g % 3]::"Sentiment",
            (ARRAY['김민수','이지은','박서연','Jamie Park','Chris Yoon','최도윤'])[1 + g % 6] || ' ' || g, 'user' || g,
            now() - (g * interval '37 seconds'), now() - (g * interval '37 seconds'), 'message ' || g, $5::int,
            CASE WHEN g % 3 = 0 THEN now() + ((g % 48) - 24) * interval '1 hour' ELSE NULL END, now()
     FROM generate_series(1, $6::int) g`,
    workspace.id,
    channels.map((c) => c.id),
    assignees[0].id,
    assignees[1].id,
    perConversation,
    Math.ceil(messages / perConversation),
    channels.length,
  );
  await p.$executeRawUnsafe(
    `INSERT INTO "InboxMessage" (id, "workspaceId", "conversationId", "channelAccountId", direction, "remoteId", "authorName", text, "sentAt")
     SELECT gen_random_uuid(), c."workspaceId", c.id, c."channelAccountId", 'inbound', c."threadRemoteId" || '.' || k, c."customerName",
            ($2::text[])[1 + (c.n * 7 + k) % 24] || ' ' || ($2::text[])[1 + (c.n * 3 + k * 5) % 24] || ' ' || ($2::text[])[1 + (c.n + k * 11) % 24]
              || ' ' || c.n || ' ' || ($2::text[])[1 + (c.n * 13 + k) % 24],
            c."lastMessageAt" - k * interval '1 minute'
     FROM (SELECT id, "workspaceId", "channelAccountId", "threadRemoteId", "customerName", "lastMessageAt", row_number() OVER () AS n
           FROM "Conversation" WHERE "workspaceId" = $1::uuid) c, generate_series(0, ${perConversation - 1}) k`,
    workspace.id,
    WORDS,
  );
}
