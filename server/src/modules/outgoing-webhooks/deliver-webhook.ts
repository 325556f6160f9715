/**
 * The delivery job: claim the try (exclusive), check the endpoint's address again (SSRF: refused without a
 * connection), sign the body, POST it to the checked address, and log the attempt with the answer. 2xx is
 * delivered; anything else is tried again after the backoff (backoff.ts), failed after the last attempt —
 * or at once when the URL now resolves to a refused address.
 */
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import { retryDelayMs } from './backoff';
import { envelopeOf } from './events';
import { postWebhook, TIMEOUT_MS } from './post-webhook';
import { signatureHeader } from './signature';
import { openSecret } from './signing-secret';
import { enqueueDeliveries } from './webhook-jobs';
import { claimDelivery, finishAttempt } from './webhook-repository';
import { type Resolver, resolveTarget, WebhookTargetError } from './webhook-target';

export interface DeliverContext {
  deps: Deps;
  queue: Queue;
  /** DNS for the address check (tests give their own). */
  resolve?: Resolver;
  timeoutMs?: number;
}

export const USER_AGENT = 'Sotong-Webhooks/1';

type Result = { outcome: 'skipped' } | { outcome: 'delivered' | 'retry' | 'failed'; attempt: number; status: number | null; error: string | null };

export async function deliverWebhook(ctx: DeliverContext, deliveryId: string): Promise<Result> {
  const { deps } = ctx;
  const claimed = await claimDelivery(deps.prisma, deliveryId);
  if (!claimed) return { outcome: 'skipped' };
  const body = JSON.stringify(envelopeOf(deps.config.appUrl, claimed));
  const startedAt = new Date();
  let status: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  let permanent = false;
  try {
    const target = await resolveTarget(claimed.url, { allowPrivate: deps.config.webhooks.allowPrivate, resolve: ctx.resolve });
    const secret = openSecret(deps.config.decryptionKeys, claimed);
    const response = await postWebhook(
      target,
      {
        'user-agent': USER_AGENT,
        'sotong-event': claimed.event,
        'sotong-delivery': claimed.id,
        'sotong-signature': signatureHeader(secret, body),
      },
      body,
      ctx.timeoutMs ?? TIMEOUT_MS,
    );
    status = response.status;
    responseBody = response.body;
    if (status < 200 || status >= 300) error = status >= 300 && status < 400 ? `Redirect (${status}) not followed` : `Answered ${status}`;
  } catch (e) {
    // A refused address is not tried again (a name that stops resolving is: DNS can come back).
    permanent = e instanceof WebhookTargetError && e.reason !== 'unresolvable';
    error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
  }
  const delivered = status !== null && status >= 200 && status < 300;
  const retryInMs = delivered || permanent ? null : retryDelayMs(claimed.attempts, deps.config.webhooks.retryBaseMs);
  await deps.prisma.$transaction(async (tx) => {
    await finishAttempt(
      tx,
      {
        deliveryId: claimed.id,
        number: claimed.attempts,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        responseStatus: status,
        responseBody,
        error,
      },
      { delivered, retryInMs },
    );
  });
  if (retryInMs !== null) {
    // The next try's job; if Redis loses it, the relay queues it again a minute after it is due.
    await enqueueDeliveries(ctx.queue, [{ id: claimed.id, attempt: claimed.attempts + 1, delayMs: retryInMs }]).catch((e: unknown) =>
      deps.logger.warn({ deliveryId, err: e }, 'could not queue the next webhook try; the relay will'),
    );
  }
  if (!delivered)
    deps.logger.info({ deliveryId, endpointId: claimed.endpointId, attempt: claimed.attempts, status, error }, 'webhook delivery failed');
  return { outcome: delivered ? 'delivered' : retryInMs !== null ? 'retry' : 'failed', attempt: claimed.attempts, status, error };
}
