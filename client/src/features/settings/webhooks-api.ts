import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The events an endpoint can subscribe to (server/src/modules/outgoing-webhooks/events.ts). */
export const WEBHOOK_EVENTS = [
  'variant.published',
  'variant.failed',
  'post.approved',
  'conversation.created',
  'conversation.overdue',
  'escalation.resolved',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  events: WebhookEvent[];
  secretPrefix: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastDelivery: { id: string; event: string; status: DeliveryStatus; lastStatus: number | null; createdAt: string } | null;
}

export interface WebhookAttempt {
  number: number;
  startedAt: string;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  redeliveryOfId: string | null;
  createdAt: string;
  updatedAt: string;
  payload: unknown;
  tries: WebhookAttempt[];
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/webhooks`;
export const webhookKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'webhooks'] as const,
  deliveries: (workspaceId: string, endpointId: string) => ['workspaces', workspaceId, 'webhooks', endpointId, 'deliveries'] as const,
};

/** The endpoints; polled every 2 s while a recent delivery is on its way, so "last delivery" catches up. */
export function useWebhookEndpoints(workspaceId: string) {
  return useQuery({
    queryKey: webhookKeys.all(workspaceId),
    queryFn: () => api.get<{ endpoints: WebhookEndpoint[] }>(base(workspaceId)).then((r) => r.endpoints),
    refetchInterval: (query) =>
      (query.state.data ?? []).some(
        (e) =>
          e.lastDelivery &&
          (e.lastDelivery.status === 'pending' || e.lastDelivery.status === 'delivering') &&
          Date.now() - Date.parse(e.lastDelivery.createdAt) < 120_000,
      )
        ? 2_000
        : false,
  });
}

const PAGE = 20;
const inFlight = (d: WebhookDelivery) => d.status === 'pending' || d.status === 'delivering';

/** An endpoint's deliveries, newest first; polled every 2 s while one is on its way (a ping, a retry). */
export function useWebhookDeliveries(workspaceId: string, endpointId: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(workspaceId, endpointId),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api.get<{ deliveries: WebhookDelivery[]; next: string | null }>(
        `${base(workspaceId)}/${encodeURIComponent(endpointId)}/deliveries?limit=${PAGE}${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: (query) => {
      const first = query.state.data?.pages[0]?.deliveries ?? [];
      return first.some((d) => inFlight(d) && (!d.nextAttemptAt || Date.parse(d.nextAttemptAt) - Date.now() < 60_000)) ? 2_000 : false;
    },
  });
}

function useInvalidate(workspaceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: webhookKeys.all(workspaceId) });
}

export function useCreateWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: { url: string; description: string; events: WebhookEvent[] }) =>
      api.post<{ endpoint: WebhookEndpoint; secret: string }>(base(workspaceId), input),
    onSettled: invalidate,
  });
}

export function useUpdateWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string } & Partial<Pick<WebhookEndpoint, 'url' | 'description' | 'events' | 'enabled'>>) =>
      api.patch<WebhookEndpoint>(`${base(workspaceId)}/${encodeURIComponent(id)}`, input),
    onSettled: invalidate,
  });
}

export function useDeleteWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(workspaceId)}/${encodeURIComponent(id)}`),
    onSettled: invalidate,
  });
}

export function useRotateWebhookSecret(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ endpoint: WebhookEndpoint; secret: string }>(`${base(workspaceId)}/${encodeURIComponent(id)}/rotate-secret`),
    onSettled: invalidate,
  });
}

export function usePingWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (id: string) => api.post<{ delivery: { id: string } }>(`${base(workspaceId)}/${encodeURIComponent(id)}/ping`),
    onSettled: invalidate,
  });
}

export function useRedeliverWebhook(workspaceId: string, endpointId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api.post<{ delivery: { id: string } }>(
        `${base(workspaceId)}/${encodeURIComponent(endpointId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      ),
    onSettled: invalidate,
  });
}
