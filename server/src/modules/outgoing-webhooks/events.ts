/**
 * The events an endpoint can subscribe to, and what each one's `data` carries (pure TypeScript).
 * Payloads are small and stable: ids, states and times, plus a link into the app (`url`, added when the
 * delivery is sent). They never carry tokens, credentials or customers' message texts: a receiver that
 * needs more reads it through the API with its own token. Documented for receivers in docs/WEBHOOKS.md.
 */
export const WEBHOOK_EVENTS = [
  'variant.published',
  'variant.failed',
  'post.approved',
  'conversation.created',
  'conversation.overdue',
  'escalation.resolved',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** `ping` is sent only by "Send test"; nobody subscribes to it. */
export type DeliveryEvent = WebhookEvent | 'ping';

export interface VariantPublishedData {
  variantId: string;
  postId: string;
  channelAccountId: string;
  provider: string;
  /** The network's id of the post and its public link (when the network gives one). */
  remoteId: string;
  remoteUrl: string | null;
  scheduledAt: string | null;
  publishedAt: string;
}

export interface VariantFailedData {
  variantId: string;
  postId: string;
  channelAccountId: string;
  provider: string;
  /** rejected | auth_expired | transient | unknown_outcome */
  failureKind: string;
  /** The network's reason, at most 300 characters (the adapters redact tokens from it). */
  reason: string;
  scheduledAt: string | null;
  failedAt: string;
}

export interface PostApprovedData {
  postId: string;
  title: string;
  /** `scheduled` when every variant has a time (they are queued), else `approved`. */
  state: 'approved' | 'scheduled';
  approvedVersion: number;
  approvedAt: string;
  variantIds: string[];
  /** The earliest time among its variants. */
  firstScheduledAt: string | null;
}

export interface ConversationCreatedData {
  conversationId: string;
  channelAccountId: string;
  kind: string;
  status: string;
  category: string;
  sentiment: string;
  /** Our post it answers, when it answers one. */
  postId: string | null;
  variantId: string | null;
  responseDueAt: string | null;
  /** When the conversation was stored (its first message's time is in the inbox). */
  createdAt: string;
}

export interface ConversationOverdueData {
  conversationId: string;
  assigneeId: string | null;
  responseDueAt: string;
  overdueAt: string;
}

export interface EscalationResolvedData {
  escalationId: string;
  conversationId: string;
  departmentId: string;
  resolvedAt: string;
}

export interface PingData {
  endpointId: string;
  message: string;
}

export interface WebhookData {
  'variant.published': VariantPublishedData;
  'variant.failed': VariantFailedData;
  'post.approved': PostApprovedData;
  'conversation.created': ConversationCreatedData;
  'conversation.overdue': ConversationOverdueData;
  'escalation.resolved': EscalationResolvedData;
  ping: PingData;
}

export const isWebhookEvent = (value: string): value is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(value);

/** The page in the app an event is about (the calendar entry, the post's review, the conversation). */
export function linkOf(appUrl: string, workspaceId: string, event: string, data: Record<string, unknown>): string {
  const w = `${appUrl}/w/${encodeURIComponent(workspaceId)}`;
  const id = (key: string) => encodeURIComponent(String(data[key] ?? ''));
  switch (event) {
    case 'variant.published':
    case 'variant.failed':
      return `${w}/calendar?variant=${id('variantId')}`;
    case 'post.approved':
      return `${w}/approvals?post=${id('postId')}`;
    case 'conversation.created':
    case 'conversation.overdue':
    case 'escalation.resolved':
      return `${w}/inbox?c=${id('conversationId')}`;
    default:
      return `${w}/settings/webhooks`;
  }
}

/** The JSON body a receiver gets (signed byte for byte). */
export interface WebhookEnvelope {
  /** The delivery's id, also in the `Sotong-Delivery` header: receivers de-duplicate on it. */
  id: string;
  type: string;
  /** When the event happened. */
  createdAt: string;
  workspaceId: string;
  data: Record<string, unknown> & { url: string };
}

export function envelopeOf(
  appUrl: string,
  delivery: { id: string; event: string; workspaceId: string; createdAt: Date; payload: unknown },
): WebhookEnvelope {
  const data = (delivery.payload ?? {}) as Record<string, unknown>;
  return {
    id: delivery.id,
    type: delivery.event,
    createdAt: delivery.createdAt.toISOString(),
    workspaceId: delivery.workspaceId,
    data: { ...data, url: linkOf(appUrl, delivery.workspaceId, delivery.event, data) },
  };
}
