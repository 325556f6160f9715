/**
 * Admins' webhook endpoints: register (the URL checked for https and public addresses, a signing secret
 * made and shown once), change, enable/disable, delete, rotate the secret. Every change is audited.
 */
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import type { WebhookEvent } from './events';
import { createSealedSecret } from './signing-secret';
import {
  countEndpoints,
  deleteEndpointRow,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  updateEndpointRow,
} from './webhook-repository';
import { type Resolver, resolveTarget, WebhookTargetError } from './webhook-target';

export const MAX_ENDPOINTS = 20;

type EndpointView = EndpointRow & { lastDelivery: { id: string; event: string; status: string; lastStatus: number | null; createdAt: Date } | null };

const withLast = (row: EndpointRow, last: EndpointView['lastDelivery'] = null): EndpointView => ({ ...row, lastDelivery: last });

/** Checks the URL as a delivery would (DNS included); a refusal is a 422 naming the reason. */
export async function checkEndpointUrl(deps: Deps, url: string, resolve?: Resolver): Promise<string> {
  try {
    const target = await resolveTarget(url, { allowPrivate: deps.config.webhooks.allowPrivate, resolve });
    return target.url.toString();
  } catch (error) {
    if (error instanceof WebhookTargetError) {
      throw new AppError('unprocessable', error.message, [{ field: 'body.url', rule: error.reason, message: error.message }]);
    }
    throw error;
  }
}

export async function listWebhookEndpoints(deps: Deps, workspaceId: string): Promise<EndpointView[]> {
  const rows = await listEndpoints(deps.prisma, workspaceId);
  return rows.map(({ deliveries, ...row }) => withLast(row, deliveries[0] ?? null));
}

export async function createWebhookEndpoint(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  input: { url: string; description: string; events: WebhookEvent[]; enabled: boolean },
) {
  if ((await countEndpoints(deps.prisma, workspaceId)) >= MAX_ENDPOINTS) {
    throw new AppError('conflict', `A workspace has at most ${MAX_ENDPOINTS} webhook endpoints`, { reason: 'too_many_endpoints' });
  }
  const url = await checkEndpointUrl(deps, input.url);
  const { plain, sealed } = createSealedSecret(deps.config.encryptionKey);
  const endpoint = await deps.prisma.$transaction(async (tx) => {
    const row = await insertEndpoint(tx, { workspaceId, url, description: input.description, events: input.events, ...sealed });
    const created = input.enabled ? row : await updateEndpointRow(tx, row.id, { enabled: false });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'webhook_endpoint',
      entityId: row.id,
      action: 'webhook_endpoint.created',
      after: { url, events: input.events, enabled: created.enabled },
    });
    return created;
  });
  return { endpoint: withLast(endpoint), secret: plain };
}

export async function updateWebhookEndpoint(
  deps: Deps,
  actor: AuditActor,
  workspaceId: string,
  endpointId: string,
  input: Partial<{ url: string; description: string; events: WebhookEvent[]; enabled: boolean }>,
) {
  const before = await findEndpoint(deps.prisma, workspaceId, endpointId);
  if (!before) throw notFound('Webhook endpoint');
  const url = input.url === undefined ? undefined : await checkEndpointUrl(deps, input.url);
  const endpoint = await deps.prisma.$transaction(async (tx) => {
    const after = await updateEndpointRow(tx, endpointId, { ...input, ...(url ? { url } : {}) });
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      action: 'webhook_endpoint.updated',
      before: { url: before.url, description: before.description, events: before.events, enabled: before.enabled },
      after: { url: after.url, description: after.description, events: after.events, enabled: after.enabled },
    });
    return after;
  });
  return withLast(endpoint);
}

export async function deleteWebhookEndpoint(deps: Deps, actor: AuditActor, workspaceId: string, endpointId: string): Promise<void> {
  const before = await findEndpoint(deps.prisma, workspaceId, endpointId);
  if (!before) throw notFound('Webhook endpoint');
  await deps.prisma.$transaction(async (tx) => {
    await deleteEndpointRow(tx, endpointId);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      action: 'webhook_endpoint.deleted',
      before: { url: before.url, events: before.events },
    });
  });
}

/** A new secret takes effect at once (the next try is signed with it) and is shown only in this answer. */
export async function rotateWebhookSecret(deps: Deps, actor: AuditActor, workspaceId: string, endpointId: string) {
  const before = await findEndpoint(deps.prisma, workspaceId, endpointId);
  if (!before) throw notFound('Webhook endpoint');
  const { plain, sealed } = createSealedSecret(deps.config.encryptionKey);
  const endpoint = await deps.prisma.$transaction(async (tx) => {
    const after = await updateEndpointRow(tx, endpointId, sealed);
    await recordAudit(tx, actor, {
      workspaceId,
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      action: 'webhook_endpoint.secret_rotated',
      before: { secretPrefix: before.secretPrefix },
      after: { secretPrefix: after.secretPrefix },
    });
    return after;
  });
  return { endpoint: withLast(endpoint), secret: plain };
}
