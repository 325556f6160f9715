import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface AuditEvent {
  id: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actor: { userId: string; name: string | null } | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: string;
}

export interface AuditFilters {
  entityType?: string;
  actorUserId?: string;
  action?: string;
  /** ISO instants (the workspace day bounds). */
  from?: string;
  to?: string;
}

const base = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/audit`;

const search = (filters: AuditFilters, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const auditExportUrl = (workspaceId: string, filters: AuditFilters) => `${base(workspaceId)}/export.csv${search(filters)}`;

export const PAGE_SIZE = 50;

export function useAuditLog(workspaceId: string, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['workspaces', workspaceId, 'audit', filters],
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api.get<{ events: AuditEvent[]; nextBefore: string | null }>(
        `${base(workspaceId)}${search(filters, { limit: String(PAGE_SIZE), ...(pageParam ? { before: pageParam } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}
