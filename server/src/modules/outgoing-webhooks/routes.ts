import type { Deps } from '../../deps';
import { adminOnly } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, updateWebhookEndpoint } from './manage-endpoints';
import {
  createEndpointBody,
  deliveriesQuery,
  deliverySchema,
  endpointSchema,
  endpointWithSecretSchema,
  queuedDeliverySchema,
  updateEndpointBody,
} from './schemas';
import { endpointDeliveries, redeliver, sendTestPing } from './send-deliveries';

const base = '/workspaces/:workspaceId/webhooks';
const tags = ['webhooks'];
const refused = {
  description:
    'The URL is refused: not https, credentials in it, or its host resolves to a private, loopback or reserved address (`details[0].rule`)',
};

/** Outgoing webhooks (admins): endpoints, their signing secrets, test pings and the deliveries log. Receivers: docs/WEBHOOKS.md. */
export function outgoingWebhookRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: base,
      summary: 'Webhook endpoints of this workspace (never their secrets)',
      tags,
      access: adminOnly,
      params: idParams('workspaceId'),
      responses: {
        200: { description: 'Endpoints, oldest first, each with its latest delivery', schema: z.object({ endpoints: z.array(endpointSchema) }) },
      },
      async handler({ workspace }) {
        return { body: { endpoints: await listWebhookEndpoints(deps, workspace.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: base,
      summary: 'Register an HTTPS endpoint for events; the answer carries its signing secret, shown only now',
      tags,
      access: adminOnly,
      params: idParams('workspaceId'),
      body: createEndpointBody,
      responses: {
        201: { description: 'Registered', schema: endpointWithSecretSchema },
        409: { description: 'The workspace has the most endpoints it may have' },
        422: refused,
      },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createWebhookEndpoint(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/:endpointId`,
      summary: 'Change an endpoint: URL, description, events, enabled',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'endpointId'),
      body: updateEndpointBody,
      responses: { 200: { description: 'Changed', schema: endpointSchema }, 422: refused },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updateWebhookEndpoint(deps, actorOf(auth, req), workspace.id, params.endpointId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/:endpointId`,
      summary: 'Delete an endpoint and its deliveries log',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'endpointId'),
      responses: { 204: { description: 'Deleted' } },
      async handler({ auth, params, req, workspace }) {
        await deleteWebhookEndpoint(deps, actorOf(auth, req), workspace.id, params.endpointId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:endpointId/rotate-secret`,
      summary: 'Replace the signing secret (at once); the new one is shown only in this answer',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'endpointId'),
      responses: { 200: { description: 'Rotated', schema: endpointWithSecretSchema } },
      async handler({ auth, params, req, workspace }) {
        return { body: await rotateWebhookSecret(deps, actorOf(auth, req), workspace.id, params.endpointId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:endpointId/ping`,
      summary: 'Send a signed `ping` event to the endpoint (it appears in the deliveries log)',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'endpointId'),
      responses: { 202: { description: 'Queued', schema: queuedDeliverySchema }, 409: { description: 'The endpoint is disabled' } },
      async handler({ params, workspace }) {
        return { status: 202, body: await sendTestPing(deps, workspace.id, params.endpointId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:endpointId/deliveries`,
      summary: 'Recent deliveries of an endpoint, newest first, with every attempt and its answer',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'endpointId'),
      query: deliveriesQuery,
      responses: {
        200: {
          description: 'A page of deliveries; `next` is the `after` of the next page',
          schema: z.object({ deliveries: z.array(deliverySchema), next: z.uuid().nullable() }),
        },
      },
      async handler({ params, query, workspace }) {
        return { body: await endpointDeliveries(deps, workspace.id, params.endpointId, query) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:endpointId/deliveries/:deliveryId/redeliver`,
      summary: 'Send an earlier event again, as a new delivery',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'endpointId', 'deliveryId'),
      responses: { 202: { description: 'Queued', schema: queuedDeliverySchema }, 409: { description: 'The endpoint is disabled' } },
      async handler({ params, workspace }) {
        return { status: 202, body: await redeliver(deps, workspace.id, params.endpointId, params.deliveryId) };
      },
    }),
  ];
}
