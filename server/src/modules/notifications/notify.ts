import type { NotificationKind, Prisma } from '../../generated/prisma/client';
import type { Db } from '../../lib/db';

export interface NotificationInput {
  userIds: string[];
  kind: NotificationKind;
  postId?: string | null;
  /** What the message needs to say (title, version, who acted, comment …), rendered per reader's language. */
  data: Record<string, unknown>;
  /** One notification per (user, key): notifying twice with the same key adds nothing. */
  dedupeKey?: string;
}

/**
 * In-app notifications, written in the caller's transaction (so they exist exactly when the change
 * does). They are the outbox for e-mail too: a job mails the ones not mailed yet when SMTP is set.
 */
export async function notify(db: Db, workspaceId: string, input: NotificationInput): Promise<number> {
  const userIds = [...new Set(input.userIds)];
  if (!userIds.length) return 0;
  const { count } = await db.notification.createMany({
    data: userIds.map((userId) => ({
      workspaceId,
      userId,
      kind: input.kind,
      postId: input.postId ?? null,
      data: input.data as Prisma.InputJsonValue,
      dedupeKey: input.dedupeKey ?? null,
    })),
    skipDuplicates: true,
  });
  return count;
}
