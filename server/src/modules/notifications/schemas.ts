import { z } from '../../lib/http/zod';

export const notificationKinds = [
  'review_requested',
  'approved',
  'changes_requested',
  'mentioned',
  'review_reminder',
  'late_approval',
  'publish_failed',
  'channel_needs_reconnect',
  'conversation_assigned',
  'conversation_overdue',
  'inbox_mentioned',
  'escalation_created',
  'escalation_resolved',
  'publish_at_risk',
] as const;

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(notificationKinds),
    postId: z.uuid().nullable(),
    data: z.record(z.string(), z.unknown()).openapi({ description: 'What the message says: title, version, step, comment, by, deadline …' }),
    readAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .openapi('Notification');

export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema),
  unread: z.number().int().openapi({ description: 'How many of my notifications in this workspace are unread' }),
  nextBefore: z.uuid().nullable().openapi({ description: 'Pass as `before` for the next (older) page' }),
});

export const notificationQuery = z.strictObject({
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const markReadBody = z.union([z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) }), z.strictObject({ all: z.literal(true) })]);

export const markReadSchema = z.object({ marked: z.number().int(), unread: z.number().int() });
