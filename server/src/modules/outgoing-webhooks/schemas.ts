import { z } from '../../lib/http/zod';
import { WEBHOOK_EVENTS } from './events';

export const webhookEventSchema = z.enum(WEBHOOK_EVENTS).openapi('WebhookEvent');
const eventList = z
  .array(webhookEventSchema)
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENTS.length)
  .refine((events) => new Set(events).size === events.length, 'events must not repeat');
/** The form only; https, no credentials and public addresses are checked by the service (a 422 naming the reason). */
const url = z.string().trim().min(1, 'is required').max(2000);
const description = z.string().trim().max(200);

export const createEndpointBody = z.strictObject({
  url,
  description: description.default(''),
  events: eventList,
  enabled: z.boolean().default(true),
});
export const updateEndpointBody = z
  .strictObject({ url, description, events: eventList, enabled: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

const deliveryStatus = z.enum(['pending', 'delivering', 'delivered', 'failed']);

export const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(webhookEventSchema),
    /** The secret's first characters (`whsec_AbC…`), never the secret. */
    secretPrefix: z.string(),
    enabled: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
    lastDelivery: z
      .object({ id: z.uuid(), event: z.string(), status: deliveryStatus, lastStatus: z.number().int().nullable(), createdAt: z.date() })
      .nullable(),
  })
  .openapi('WebhookEndpoint');

export const endpointWithSecretSchema = z
  .object({ endpoint: endpointSchema, secret: z.string().describe('The signing secret: shown only in this answer') })
  .openapi('WebhookEndpointWithSecret');

export const attemptSchema = z
  .object({
    number: z.number().int(),
    startedAt: z.date(),
    durationMs: z.number().int(),
    responseStatus: z.number().int().nullable(),
    /** The first 2 KB of the answer. */
    responseBody: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('WebhookAttempt');

export const deliverySchema = z
  .object({
    id: z.uuid(),
    event: z.string(),
    status: deliveryStatus,
    attempts: z.number().int(),
    nextAttemptAt: z.date().nullable(),
    lastStatus: z.number().int().nullable(),
    lastResponse: z.string().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.date().nullable(),
    redeliveryOfId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    payload: z.unknown(),
    tries: z.array(attemptSchema),
  })
  .openapi('WebhookDelivery');

export const deliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** The last delivery id of the previous page. */
  after: z.uuid({ error: 'must be a UUID' }).optional(),
});

export const queuedDeliverySchema = z.object({ delivery: z.object({ id: z.uuid() }) }).openapi('QueuedWebhookDelivery');
