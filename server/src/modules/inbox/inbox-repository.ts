/** All Prisma access of the inbox (the list and counts are in conversation-queries.ts, on the driver). */
import type { ConversationStatus, Prisma } from '../../generated/prisma/client';
import type { Db, PrismaClient } from '../../lib/db';

export const INBOX_ROLES = ['admin', 'community_manager'] as const;

// ---- conversations ----

export const conversationCoreSelect = {
  id: true,
  workspaceId: true,
  channelAccountId: true,
  kind: true,
  threadRemoteId: true,
  status: true,
  assigneeId: true,
  priority: true,
  tags: true,
  category: true,
  sentiment: true,
  classificationOverride: true,
  customerName: true,
  customerHandle: true,
  firstResponseAt: true,
  resolvedAt: true,
  responseDueAt: true,
  lastInboundAt: true,
} as const;
export type ConversationCore = Prisma.ConversationGetPayload<{ select: typeof conversationCoreSelect }>;

export function findConversation(db: Db, workspaceId: string, id: string) {
  return db.conversation.findFirst({ where: { id, workspaceId }, select: conversationCoreSelect });
}

/** The conversation, locked for this transaction (replies and changes to one conversation go one at a time). */
export async function lockConversation(db: Db, workspaceId: string, id: string): Promise<ConversationCore | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "Conversation" WHERE id = ${id}::uuid AND "workspaceId" = ${workspaceId}::uuid FOR UPDATE`;
  if (!rows.length) return null;
  return findConversation(db, workspaceId, id);
}

export function findConversationsIn(db: Db, workspaceId: string, ids: string[]) {
  return db.conversation.findMany({ where: { workspaceId, id: { in: ids } }, select: conversationCoreSelect });
}

export function updateConversationRow(db: Db, id: string, data: Prisma.ConversationUncheckedUpdateInput) {
  return db.conversation.update({ where: { id }, data, select: conversationCoreSelect });
}

export async function updateConversationsStatus(db: Db, ids: string[], status: ConversationStatus, now: Date): Promise<number> {
  const { count } = await db.conversation.updateMany({
    where: { id: { in: ids }, status: { not: status } },
    data: { status, resolvedAt: status === 'closed' ? now : null },
  });
  return count;
}

export async function assignConversations(db: Db, ids: string[], assigneeId: string | null): Promise<string[]> {
  const changed = await db.conversation.findMany({
    // NOT (assigneeId = x) is not true for a NULL assignee: ask for "someone else or nobody" explicitly.
    where: { id: { in: ids }, ...(assigneeId ? { OR: [{ assigneeId: null }, { assigneeId: { not: assigneeId } }] } : { assigneeId: { not: null } }) },
    select: { id: true },
  });
  if (!changed.length) return [];
  await db.conversation.updateMany({ where: { id: { in: changed.map((c) => c.id) } }, data: { assigneeId } });
  return changed.map((c) => c.id);
}

export async function setConversationTags(db: Db, id: string, tags: string[], now: Date): Promise<void> {
  await db.conversation.update({ where: { id }, data: { tags, updatedAt: now }, select: { id: true } });
}

/** Extra fields of the thread view. */
export function findThreadExtras(db: Db, id: string) {
  return db.conversation.findUnique({
    where: { id },
    select: {
      classification: true,
      classificationOverride: true,
      resolvedAt: true,
      createdAt: true,
      variant: {
        select: {
          id: true,
          text: true,
          remoteUrl: true,
          publishedAt: true,
          post: { select: { id: true, title: true, campaign: { select: { id: true, name: true, color: true } } } },
          segment: { select: { id: true, name: true, color: true } },
        },
      },
    },
  });
}

export function findChannelOf(db: Db, channelAccountId: string) {
  return db.channelAccount.findUnique({ where: { id: channelAccountId }, select: { id: true, provider: true, name: true, handle: true } });
}

// ---- messages ----

export const messageSelect = {
  id: true,
  direction: true,
  remoteId: true,
  parentRemoteId: true,
  authorName: true,
  authorHandle: true,
  text: true,
  sentAt: true,
  editedAt: true,
  deletedAt: true,
  category: true,
  sentiment: true,
  deliveryState: true,
  failureReason: true,
  failureKind: true,
  attempts: true,
  sentBy: { select: { id: true, name: true } },
} as const;

/** The latest `limit` messages, oldest first, and how many older ones there are. */
export async function listThreadMessages(db: Db, conversationId: string, limit: number) {
  const [rows, total] = await Promise.all([
    db.inboxMessage.findMany({ where: { conversationId }, orderBy: [{ sentAt: 'desc' }, { id: 'desc' }], take: limit, select: messageSelect }),
    db.inboxMessage.count({ where: { conversationId } }),
  ]);
  return { messages: rows.reverse(), older: Math.max(0, total - rows.length) };
}

export function findMessageByKey(db: Db, idempotencyKey: string) {
  return db.inboxMessage.findUnique({ where: { idempotencyKey }, select: { ...messageSelect, workspaceId: true, conversationId: true } });
}

export function findInboundMessage(db: Db, conversationId: string, id: string) {
  return db.inboxMessage.findFirst({
    where: { id, conversationId, direction: 'inbound' },
    select: { id: true, remoteId: true, parentRemoteId: true, deletedAt: true },
  });
}

/** The newest customer message that still exists on the network (the default one to answer). */
export function latestInbound(db: Db, conversationId: string) {
  return db.inboxMessage.findFirst({
    where: { conversationId, direction: 'inbound', deletedAt: null, remoteId: { not: null } },
    orderBy: [{ sentAt: 'desc' }, { id: 'desc' }],
    select: { id: true, remoteId: true, parentRemoteId: true, deletedAt: true },
  });
}

/**
 * Our replies (sending or sent) that reached the conversation after the message the writer last saw, by
 * arrival in our database (`receivedAt`; ids are not time-ordered: ingestion makes random ones). A seen id
 * that is not in the conversation counts as having seen nothing.
 */
export async function repliesAfter(db: Db, conversationId: string, seenUpTo: string | null) {
  const seen = seenUpTo ? await db.inboxMessage.findFirst({ where: { id: seenUpTo, conversationId }, select: { id: true, receivedAt: true } }) : null;
  return db.inboxMessage.findMany({
    where: {
      conversationId,
      direction: 'outbound',
      deliveryState: { in: ['sending', 'sent'] },
      ...(seen ? { receivedAt: { gt: seen.receivedAt }, id: { not: seen.id } } : {}),
    },
    orderBy: { receivedAt: 'asc' },
    take: 5,
    select: { id: true, text: true, sentAt: true, deliveryState: true, sentBy: { select: { id: true, name: true } } },
  });
}

export function messageExists(db: Db, conversationId: string, id: string) {
  return db.inboxMessage.findFirst({ where: { id, conversationId }, select: { id: true } });
}

export function insertReply(
  db: Db,
  data: {
    workspaceId: string;
    conversationId: string;
    channelAccountId: string;
    parentRemoteId: string | null;
    authorName: string;
    authorHandle: string | null;
    text: string;
    sentById: string;
    idempotencyKey: string;
    now: Date;
  },
) {
  return db.inboxMessage.create({
    data: {
      workspaceId: data.workspaceId,
      conversationId: data.conversationId,
      channelAccountId: data.channelAccountId,
      direction: 'outbound',
      parentRemoteId: data.parentRemoteId,
      authorName: data.authorName,
      authorHandle: data.authorHandle,
      text: data.text,
      sentAt: data.now,
      sentById: data.sentById,
      deliveryState: 'sending',
      idempotencyKey: data.idempotencyKey,
    },
    select: messageSelect,
  });
}

/** What the delivery job needs: the reply and its channel (credentials stay encrypted here). */
export async function findReplyForDelivery(db: Db, id: string) {
  const message = await db.inboxMessage.findUnique({
    where: { id },
    select: {
      id: true,
      workspaceId: true,
      conversationId: true,
      channelAccountId: true,
      direction: true,
      text: true,
      parentRemoteId: true,
      remoteId: true,
      deliveryState: true,
      attempts: true,
      claimedAt: true,
      receivedAt: true,
      sentById: true,
      failureKind: true,
    },
  });
  if (!message) return null;
  const channelAccount = await db.channelAccount.findUnique({
    where: { id: message.channelAccountId },
    select: {
      id: true,
      provider: true,
      name: true,
      remoteId: true,
      status: true,
      credentials: true,
      credentialsKeyId: true,
      tokenExpiresAt: true,
      workspaceId: true,
    },
  });
  return channelAccount ? { ...message, channelAccount } : null;
}
export type ReplyForDelivery = NonNullable<Awaited<ReturnType<typeof findReplyForDelivery>>>;

/**
 * The network has the reply: the message is `sent` with its remote id, and the conversation records its
 * first response (kept from the first time) and is no longer waiting for an answer.
 */
export async function recordReplySent(db: PrismaClient, messageId: string, conversationId: string, remoteId: string, at: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.inboxMessage.update({
      where: { id: messageId },
      data: { deliveryState: 'sent', remoteId, sentAt: at, claimedAt: null, failureKind: null, failureReason: null },
      select: { id: true },
    });
    await tx.$executeRaw`
      UPDATE "Conversation" SET "firstResponseAt" = COALESCE("firstResponseAt", ${at}), "responseDueAt" = NULL, "updatedAt" = ${at}
      WHERE id = ${conversationId}::uuid`;
  });
}

/** A reply of ours is the conversation's latest activity. */
export async function touchConversation(db: Db, conversationId: string, excerpt: string, at: Date): Promise<void> {
  await db.conversation.update({
    where: { id: conversationId },
    data: { lastMessageAt: at, lastMessageExcerpt: excerpt.slice(0, 200), messageCount: { increment: 1 } },
    select: { id: true },
  });
}

export async function lockMessage(db: Db, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "InboxMessage" WHERE id = ${id}::uuid FOR UPDATE`;
}

export function updateMessage(db: Db, id: string, data: Prisma.InboxMessageUncheckedUpdateInput) {
  return db.inboxMessage.update({ where: { id }, data, select: { id: true, conversationId: true, deliveryState: true, remoteId: true } });
}

export function findOwnMessage(db: Db, workspaceId: string, id: string) {
  return db.inboxMessage.findFirst({
    where: { id, workspaceId },
    select: { id: true, conversationId: true, direction: true, deliveryState: true, attempts: true, failureKind: true },
  });
}

/** Replies stuck in `sending` since before `before` (a job lost with Redis, a worker that died). */
export function stuckReplies(db: Db, before: Date, limit: number) {
  return db.inboxMessage.findMany({
    where: { deliveryState: 'sending', receivedAt: { lt: before } },
    orderBy: { receivedAt: 'asc' },
    take: limit,
    select: { id: true, attempts: true, claimedAt: true },
  });
}

// ---- notes ----

export const noteSelect = {
  id: true,
  body: true,
  mentionedUserIds: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
} as const;

export function listNotes(db: Db, conversationId: string) {
  return db.inboxNote.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' }, take: 500, select: noteSelect });
}

export function insertNote(db: Db, data: { conversationId: string; authorId: string; body: string; mentionedUserIds: string[] }) {
  return db.inboxNote.create({ data, select: noteSelect });
}

// ---- read marks ----

export async function markConversationsRead(db: Db, userId: string, conversationIds: string[], at: Date): Promise<void> {
  if (!conversationIds.length) return;
  await db.$executeRaw`
    INSERT INTO "ConversationRead" ("conversationId", "userId", "readAt")
    SELECT id, ${userId}::uuid, ${at} FROM unnest(${conversationIds}::uuid[]) AS id
    ON CONFLICT ("conversationId", "userId") DO UPDATE SET "readAt" = GREATEST("ConversationRead"."readAt", EXCLUDED."readAt")`;
}

/** Marks every open or pending conversation of the workspace read (in one statement). */
export async function markAllRead(db: Db, workspaceId: string, userId: string, at: Date): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "ConversationRead" ("conversationId", "userId", "readAt")
    SELECT c.id, ${userId}::uuid, ${at} FROM "Conversation" c
    WHERE c."workspaceId" = ${workspaceId}::uuid AND c.status <> 'closed' AND c."lastInboundAt" IS NOT NULL
    ON CONFLICT ("conversationId", "userId") DO UPDATE SET "readAt" = GREATEST("ConversationRead"."readAt", EXCLUDED."readAt")`;
}

export function findReadAt(db: Db, conversationId: string, userId: string) {
  return db.conversationRead.findUnique({ where: { conversationId_userId: { conversationId, userId } }, select: { readAt: true } });
}

// ---- members ----

/** Members of the workspace among these ids, with their roles. */
export async function membersWithRoles(db: Db, workspaceId: string, userIds: string[]) {
  if (!userIds.length) return new Map<string, { name: string; roles: string[] }>();
  const rows = await db.membership.findMany({
    where: { workspaceId, userId: { in: userIds } },
    select: { roles: true, user: { select: { id: true, name: true } } },
  });
  return new Map(rows.map((r) => [r.user.id, { name: r.user.name, roles: r.roles as string[] }]));
}

/** Community managers of the workspace (the round-robin pool), oldest membership first. */
export async function communityManagers(db: Db, workspaceId: string) {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'asc' },
    select: { roles: true, user: { select: { id: true, name: true } } },
  });
  return rows.filter((r) => r.roles.includes('community_manager')).map((r) => r.user);
}

export async function memberIdsWithRole(db: Db, workspaceId: string, role: 'admin' | 'community_manager'): Promise<string[]> {
  // Filtering an enum array through the driver adapters fails (see countAdmins): filter in code.
  const rows = await db.membership.findMany({ where: { workspaceId }, select: { roles: true, userId: true } });
  return rows.filter((r) => r.roles.includes(role)).map((r) => r.userId);
}

export function findUserName(db: Db, userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
}

// ---- settings ----

export function findInboxSettings(db: Db, workspaceId: string) {
  return db.inboxSettings.findUnique({ where: { workspaceId }, select: { autoAssign: true, lastAssignedUserId: true } });
}

export async function setLastAssigned(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.inboxSettings.update({ where: { workspaceId }, data: { lastAssignedUserId: userId }, select: { workspaceId: true } });
}

export async function lockInboxSettings(db: Db, workspaceId: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "InboxSettings" WHERE "workspaceId" = ${workspaceId}::uuid FOR UPDATE`;
}

// ---- saved replies ----

export const savedReplySelect = { id: true, title: true, body: true, locale: true, createdAt: true, updatedAt: true } as const;

export function listSavedReplies(db: Db, workspaceId: string) {
  return db.savedReply.findMany({ where: { workspaceId }, orderBy: [{ locale: 'asc' }, { title: 'asc' }], select: savedReplySelect });
}

export function insertSavedReply(db: Db, workspaceId: string, data: { title: string; body: string; locale: string }) {
  return db.savedReply.create({ data: { workspaceId, ...data }, select: savedReplySelect });
}

export function findSavedReply(db: Db, workspaceId: string, id: string) {
  return db.savedReply.findFirst({ where: { id, workspaceId }, select: savedReplySelect });
}

export function updateSavedReplyRow(db: Db, id: string, data: { title?: string; body?: string; locale?: string }) {
  return db.savedReply.update({ where: { id }, data, select: savedReplySelect });
}

export async function deleteSavedReplyRow(db: Db, id: string): Promise<void> {
  await db.savedReply.delete({ where: { id }, select: { id: true } });
}

// ---- departments and escalations ----

export const departmentSelect = { id: true, name: true, email: true, archivedAt: true, createdAt: true } as const;

export function listDepartments(db: Db, workspaceId: string, includeArchived: boolean) {
  return db.department.findMany({
    where: { workspaceId, ...(includeArchived ? {} : { archivedAt: null }) },
    orderBy: { name: 'asc' },
    select: departmentSelect,
  });
}

export function findDepartment(db: Db, workspaceId: string, id: string) {
  return db.department.findFirst({ where: { id, workspaceId }, select: departmentSelect });
}

export function insertDepartment(db: Db, workspaceId: string, data: { name: string; email: string }) {
  return db.department.create({ data: { workspaceId, ...data }, select: departmentSelect });
}

export function updateDepartmentRow(db: Db, id: string, data: { name?: string; email?: string; archivedAt?: Date | null }) {
  return db.department.update({ where: { id }, data, select: departmentSelect });
}

export const escalationSelect = {
  id: true,
  conversationId: true,
  note: true,
  status: true,
  resolutionNote: true,
  createdAt: true,
  updatedAt: true,
  resolvedAt: true,
  customerToldAt: true,
  emailedAt: true,
  department: { select: { id: true, name: true, email: true } },
  createdBy: { select: { id: true, name: true } },
} as const;

export function listEscalationsOf(db: Db, conversationId: string) {
  return db.escalation.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' }, select: escalationSelect });
}

export function listWorkspaceEscalations(db: Db, workspaceId: string, statuses: Array<'open' | 'in_progress' | 'resolved'>) {
  return db.escalation.findMany({
    where: { workspaceId, status: { in: statuses } },
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: escalationSelect,
  });
}

export function insertEscalation(
  db: Db,
  data: { workspaceId: string; conversationId: string; departmentId: string; note: string; createdById: string },
) {
  return db.escalation.create({ data, select: escalationSelect });
}

export function findEscalation(db: Db, workspaceId: string, id: string) {
  return db.escalation.findFirst({ where: { id, workspaceId }, select: { ...escalationSelect, createdById: true } });
}

export function updateEscalationRow(db: Db, id: string, data: Prisma.EscalationUncheckedUpdateInput) {
  return db.escalation.update({ where: { id }, data, select: escalationSelect });
}

/** Claims escalations whose department has not been mailed yet (one conditional statement: a row is claimed once). */
export function claimUnmailedEscalations(db: Db, now: Date, since: Date, limit: number): Promise<Array<{ id: string }>> {
  return db.$queryRaw<Array<{ id: string }>>`
    UPDATE "Escalation" SET "emailedAt" = ${now}
    WHERE id IN (
      SELECT id FROM "Escalation"
      WHERE "emailedAt" IS NULL AND "createdAt" >= ${since}
      ORDER BY "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) AND "emailedAt" IS NULL
    RETURNING id`;
}

export async function releaseEscalationClaim(db: Db, id: string): Promise<void> {
  await db.escalation.updateMany({ where: { id }, data: { emailedAt: null } });
}

/** What the department's e-mail says: the escalation, the conversation's latest customer messages, the workspace. */
export async function findEscalationMail(db: Db, id: string) {
  const escalation = await db.escalation.findUnique({
    where: { id },
    select: {
      id: true,
      workspaceId: true,
      note: true,
      createdAt: true,
      department: { select: { name: true, email: true } },
      createdBy: { select: { name: true, locale: true } },
      conversation: {
        select: {
          id: true,
          customerName: true,
          customerHandle: true,
          category: true,
          channelAccount: { select: { name: true, provider: true } },
          messages: {
            where: { direction: 'inbound' },
            orderBy: { sentAt: 'desc' },
            take: 5,
            select: { authorName: true, text: true, sentAt: true },
          },
        },
      },
    },
  });
  if (!escalation) return null;
  const workspace = await db.workspace.findUnique({ where: { id: escalation.workspaceId }, select: { name: true, locale: true, timeZone: true } });
  return workspace ? { ...escalation, workspace } : null;
}
export type EscalationMail = NonNullable<Awaited<ReturnType<typeof findEscalationMail>>>;
