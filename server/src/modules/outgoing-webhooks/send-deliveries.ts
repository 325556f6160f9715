/** Deliveries an admin asks for: a test ping, a redelivery of an earlier event, and the log of an endpoint. */

import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../lib/errors';
import type { PingData } from './events';
import { enqueueSoon } from './webhook-jobs';
import { findDelivery, findEndpoint, insertDelivery, listDeliveries } from './webhook-repository';

async function liveEndpoint(deps: Deps, workspaceId: string, endpointId: string) {
  const endpoint = await findEndpoint(deps.prisma, workspaceId, endpointId);
  if (!endpoint) throw notFound('Webhook endpoint');
  if (!endpoint.enabled) throw new AppError('invalid_state', 'This endpoint is disabled: enable it first', { reason: 'endpoint_disabled' });
  return endpoint;
}

/** A `ping` event to this endpoint, signed and logged like any delivery. */
export async function sendTestPing(deps: Deps, workspaceId: string, endpointId: string) {
  const endpoint = await liveEndpoint(deps, workspaceId, endpointId);
  const data: PingData = { endpointId: endpoint.id, message: 'Sotong webhook test' };
  const delivery = await insertDelivery(deps.prisma, { workspaceId, endpointId: endpoint.id, event: 'ping', payload: { ...data } });
  await enqueueSoon(deps, delivery.id, 1);
  return { delivery: { id: delivery.id } };
}

/** The same event and data again, as a new delivery (its own id, attempts and log). */
export async function redeliver(deps: Deps, workspaceId: string, endpointId: string, deliveryId: string) {
  await liveEndpoint(deps, workspaceId, endpointId);
  const original = await findDelivery(deps.prisma, endpointId, deliveryId);
  if (!original) throw notFound('Webhook delivery');
  const delivery = await insertDelivery(deps.prisma, {
    workspaceId,
    endpointId,
    event: original.event,
    payload: original.payload as Prisma.InputJsonValue,
    redeliveryOfId: original.id,
  });
  await enqueueSoon(deps, delivery.id, 1);
  return { delivery: { id: delivery.id } };
}

export async function endpointDeliveries(deps: Deps, workspaceId: string, endpointId: string, query: { limit: number; after?: string }) {
  const endpoint = await findEndpoint(deps.prisma, workspaceId, endpointId);
  if (!endpoint) throw notFound('Webhook endpoint');
  if (query.after && !(await findDelivery(deps.prisma, endpointId, query.after))) throw notFound('Webhook delivery');
  const rows = await listDeliveries(deps.prisma, endpointId, query);
  const last = rows[rows.length - 1];
  return { deliveries: rows, next: rows.length === query.limit && last ? last.id : null };
}
