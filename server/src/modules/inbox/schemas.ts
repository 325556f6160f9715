import { z } from '../../lib/http/zod';

export const statusSchema = z.enum(['open', 'pending', 'closed']).openapi('ConversationStatus');
export const categorySchema = z.enum(['question', 'complaint', 'praise', 'other']).openapi('MessageCategory');
export const sentimentSchema = z.enum(['negative', 'neutral', 'positive']).openapi('Sentiment');
export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent']).openapi('ConversationPriority');
const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,\n]+$/, 'must not contain commas or line breaks');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The list's filters, as query parameters; every one is optional and they combine with AND. */
export const conversationFilterQuery = {
  status: z.enum(['open', 'pending', 'closed', 'all']).default('open').openapi({ description: 'Default open; `all` for every status' }),
  channelId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
  postId: z.uuid().optional(),
  campaignId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  category: categorySchema.optional(),
  sentiment: sentimentSchema.optional(),
  priority: prioritySchema.optional(),
  tag: tagSchema.optional(),
  overdue: flag.optional().openapi({ type: 'boolean', description: 'Past the response deadline and not closed' }),
  unassigned: flag.optional().openapi({ type: 'boolean' }),
  mine: flag.optional().openapi({ type: 'boolean', description: 'Assigned to me' }),
  unread: flag.optional().openapi({ type: 'boolean', description: 'A customer wrote since I last read it' }),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Words (or word beginnings) in the messages, or part of the customer’s name or handle' }),
};

export const listQuery = z.strictObject({
  ...conversationFilterQuery,
  cursor: z.string().max(200).optional().openapi({ description: '`nextCursor` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).default(40),
});
export type ListQuery = z.infer<typeof listQuery>;
export const countsQuery = z.strictObject(conversationFilterQuery);
export type ConversationFilter = z.infer<typeof countsQuery>;

const person = z.object({ id: z.uuid(), name: z.string() });
const channelRef = z.object({ id: z.uuid(), provider: z.enum(['facebook_page', 'instagram', 'x']), name: z.string() });

export const conversationSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['comment_thread', 'reply_chain', 'mention']),
    status: statusSchema,
    priority: prioritySchema,
    tags: z.array(z.string()),
    category: categorySchema,
    sentiment: sentimentSchema,
    classificationOverridden: z.boolean(),
    customerName: z.string(),
    customerHandle: z.string().nullable(),
    excerpt: z.string(),
    messageCount: z.number().int(),
    lastMessageAt: z.date(),
    lastInboundAt: z.date().nullable(),
    responseDueAt: z.date().nullable(),
    overdue: z.boolean(),
    dueSoon: z.boolean().openapi({ description: 'Due within the next two hours' }),
    firstResponseAt: z.date().nullable(),
    unread: z.boolean(),
    channel: channelRef,
    assignee: person.nullable(),
    postId: z.uuid().nullable(),
    postTitle: z.string().nullable(),
    segmentId: z.uuid().nullable(),
    campaignId: z.uuid().nullable(),
    openEscalations: z.number().int(),
  })
  .openapi('Conversation');

export const conversationListSchema = z.object({
  conversations: z.array(conversationSchema),
  nextCursor: z.string().nullable(),
});

const facetCount = z.object({ key: z.string(), count: z.number().int() });
export const countsSchema = z
  .object({
    status: z.record(z.string(), z.number().int()),
    views: z.object({
      all: z.number().int(),
      mine: z.number().int(),
      unassigned: z.number().int(),
      overdue: z.number().int(),
      dueSoon: z.number().int(),
      unread: z.number().int(),
    }),
    channels: z.array(facetCount),
    categories: z.record(z.string(), z.number().int()),
    sentiments: z.record(z.string(), z.number().int()),
    assignees: z.array(facetCount).openapi({ description: 'Per assignee id; `none` counts the unassigned' }),
  })
  .openapi('ConversationCounts', { description: 'Each facet counts with every filter applied except its own' });

export const messageSchema = z
  .object({
    id: z.uuid(),
    direction: z.enum(['inbound', 'outbound']),
    remoteId: z.string().nullable(),
    parentRemoteId: z.string().nullable(),
    authorName: z.string(),
    authorHandle: z.string().nullable(),
    text: z.string(),
    sentAt: z.date(),
    editedAt: z.date().nullable(),
    deletedAt: z.date().nullable(),
    category: categorySchema.nullable(),
    sentiment: sentimentSchema.nullable(),
    deliveryState: z.enum(['sending', 'sent', 'failed']).nullable(),
    failureReason: z.string().nullable(),
    failureKind: z.string().nullable(),
    attempts: z.number().int(),
    sentBy: person.nullable(),
  })
  .openapi('InboxMessage');

export const noteSchema = z
  .object({ id: z.uuid(), body: z.string(), author: person, mentions: z.array(person), createdAt: z.date() })
  .openapi('InboxNote');

export const departmentSchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string(), archivedAt: z.date().nullable(), createdAt: z.date() })
  .openapi('Department');

export const escalationSchema = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    department: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    note: z.string(),
    status: z.enum(['open', 'in_progress', 'resolved']),
    resolutionNote: z.string().nullable(),
    createdBy: person,
    createdAt: z.date(),
    updatedAt: z.date(),
    resolvedAt: z.date().nullable(),
    customerToldAt: z.date().nullable(),
    emailedAt: z.date().nullable(),
  })
  .openapi('Escalation');

export const postPreviewSchema = z
  .object({
    variantId: z.uuid(),
    postId: z.uuid(),
    title: z.string(),
    text: z.string(),
    remoteUrl: z.string().nullable(),
    publishedAt: z.date().nullable(),
    segment: z.object({ id: z.uuid(), name: z.string(), color: z.string() }).nullable(),
    campaign: z.object({ id: z.uuid(), name: z.string(), color: z.string() }).nullable(),
  })
  .openapi('ConversationPost');

export const threadSchema = z
  .object({
    conversation: conversationSchema.extend({
      classification: z.unknown().openapi({ description: 'Why: matched terms and rules' }),
      classificationOverride: z.unknown().nullable(),
      resolvedAt: z.date().nullable(),
      createdAt: z.date(),
      readAt: z.date().nullable(),
    }),
    post: postPreviewSchema.nullable(),
    messages: z.array(messageSchema),
    olderMessages: z.number().int().openapi({ description: 'Messages older than the ones listed (the thread shows the latest 300)' }),
    notes: z.array(noteSchema),
    escalations: z.array(escalationSchema),
  })
  .openapi('ConversationThread');

export const updateConversationBody = z
  .strictObject({
    status: statusSchema,
    priority: prioritySchema,
    tags: z.array(tagSchema).max(20),
    assigneeId: z.uuid().nullable(),
    category: categorySchema,
    sentiment: sentimentSchema,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');
export type UpdateConversationInput = z.infer<typeof updateConversationBody>;

export const bulkBody = z.strictObject({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'ids must not repeat'),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('assign'), assigneeId: z.uuid().nullable() }),
    z.strictObject({ type: z.literal('status'), status: statusSchema }),
    z.strictObject({
      type: z.literal('tag'),
      add: z.array(tagSchema).max(10).default([]),
      remove: z.array(tagSchema).max(10).default([]),
    }),
  ]),
});
export type BulkInput = z.infer<typeof bulkBody>;
export const bulkResultSchema = z.object({ updated: z.number().int(), skipped: z.number().int() });

export const readBody = z.union([z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) }), z.strictObject({ all: z.literal(true) })]);
export const unreadSchema = z.object({
  unread: z.number().int().openapi({ description: 'Open or pending conversations a customer wrote in since I last read them' }),
});

export const replyBody = z.strictObject({
  text: z.string().max(10_000),
  idempotencyKey: z.uuid().openapi({ description: 'A new UUID per reply the person writes; sending it again never replies twice' }),
  /** The newest message the writer saw in the thread: a reply of ours after it is a collision. */
  seenUpTo: z.uuid().nullable().optional(),
  /** Send even though someone else replied meanwhile (after a 409 reply_collision). */
  force: z.boolean().default(false),
  /** Which customer message to answer (default: the latest one). */
  inReplyTo: z.uuid().optional(),
  /** Telling the customer an escalation was resolved. */
  escalationId: z.uuid().optional(),
});
export type ReplyInput = z.infer<typeof replyBody>;

export const noteBody = z.strictObject({
  body: z.string().trim().min(1).max(5000),
  mentions: z.array(z.uuid()).max(50).default([]),
});

const localeSchema = z.enum(['ko', 'en']);
export const savedReplySchema = z
  .object({ id: z.uuid(), title: z.string(), body: z.string(), locale: localeSchema, createdAt: z.date(), updatedAt: z.date() })
  .openapi('SavedReply');
const savedReplyFields = {
  title: z.string().trim().min(1, 'is required').max(80),
  body: z.string().trim().min(1, 'is required').max(5000),
  locale: localeSchema,
};
export const createSavedReplyBody = z.strictObject(savedReplyFields);
export const updateSavedReplyBody = z
  .strictObject(savedReplyFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

const departmentFields = {
  name: z.string().trim().min(1, 'is required').max(80),
  email: z.email('must be an e-mail address').max(200),
};
export const createDepartmentBody = z.strictObject(departmentFields);
export const updateDepartmentBody = z
  .strictObject({ ...departmentFields, archived: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');
export const departmentQuery = z.strictObject({ archived: flag.optional().openapi({ type: 'boolean', description: 'Include archived ones' }) });

export const escalateBody = z.strictObject({ departmentId: z.uuid(), note: z.string().trim().min(1, 'is required').max(5000) });
export const updateEscalationBody = z
  .strictObject({
    status: z.enum(['open', 'in_progress', 'resolved']),
    resolutionNote: z.string().trim().min(1).max(5000).optional(),
  })
  .refine((b) => b.status !== 'resolved' || Boolean(b.resolutionNote), {
    message: 'a resolved escalation needs a resolution note',
    path: ['resolutionNote'],
  });
export const escalationQuery = z.strictObject({ status: z.enum(['open', 'in_progress', 'resolved', 'active']).default('active') });
