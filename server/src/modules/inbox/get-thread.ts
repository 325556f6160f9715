import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import type { Viewer } from './conversation-queries';
import { findReadAt, findThreadExtras, listEscalationsOf, listNotes, listThreadMessages, membersWithRoles } from './inbox-repository';
import { conversationView } from './list-conversations';

/** The thread shows this many of the latest messages. */
export const THREAD_MESSAGES = 300;

/** A conversation with its messages, notes, escalations and the post variant it answers. */
export async function getThread(deps: Deps, viewer: Viewer, conversationId: string) {
  const conversation = await conversationView(deps, viewer, conversationId);
  if (!conversation) throw notFound('Conversation');
  const [extras, { messages, older }, notes, escalations, read] = await Promise.all([
    findThreadExtras(deps.prisma, conversationId),
    listThreadMessages(deps.prisma, conversationId, THREAD_MESSAGES),
    listNotes(deps.prisma, conversationId),
    listEscalationsOf(deps.prisma, conversationId),
    findReadAt(deps.prisma, conversationId, viewer.userId),
  ]);
  const mentioned = await membersWithRoles(deps.prisma, viewer.workspaceId, [...new Set(notes.flatMap((n) => n.mentionedUserIds))]);
  const variant = extras?.variant;
  return {
    conversation: {
      ...conversation,
      classification: extras?.classification ?? {},
      classificationOverride: extras?.classificationOverride ?? null,
      resolvedAt: extras?.resolvedAt ?? null,
      createdAt: extras?.createdAt ?? conversation.lastMessageAt,
      readAt: read?.readAt ?? null,
    },
    post: variant
      ? {
          variantId: variant.id,
          postId: variant.post.id,
          title: variant.post.title,
          text: variant.text,
          remoteUrl: variant.remoteUrl,
          publishedAt: variant.publishedAt,
          segment: variant.segment,
          campaign: variant.post.campaign,
        }
      : null,
    messages,
    olderMessages: older,
    notes: notes.map((n) => ({
      id: n.id,
      body: n.body,
      author: n.author,
      createdAt: n.createdAt,
      mentions: n.mentionedUserIds.map((id) => ({ id, name: mentioned.get(id)?.name ?? '' })),
    })),
    escalations,
  };
}
