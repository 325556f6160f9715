import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';
import type { Role } from '../../api/types';

export interface PolicyStep {
  id?: string;
  name: string;
  role: Role | null;
  memberIds: string[];
  externalEmails: string[];
  required: number;
  channelIds: string[];
  segmentIds: string[];
  campaignIds: string[];
}

export interface ApprovalPolicy {
  steps: PolicyStep[];
  allowSelfApproval: boolean;
  lateApproval: 'publish_now' | 'hold';
  reminderLeadMinutes: number[];
}

const path = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/approval-policy`;
const key = (workspaceId: string) => ['workspaces', workspaceId, 'approval-policy'] as const;

export function useApprovalPolicy(workspaceId: string) {
  return useQuery({ queryKey: key(workspaceId), queryFn: () => api.get<ApprovalPolicy>(path(workspaceId)) });
}

export function useSaveApprovalPolicy(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: ApprovalPolicy) => api.put<ApprovalPolicy>(path(workspaceId), policy),
    onSuccess: (saved) => queryClient.setQueryData(key(workspaceId), saved),
  });
}

/**
 * The server's objections by field (`steps.0.name`, `reminderLeadMinutes.1` …): 400 carries zod's
 * message, 422 names ids that are not in this workspace (the code is kept, to be translated).
 */
export function policyErrors(error: unknown): Record<string, { message: string; code?: string }> {
  if (!isApiError(error) || !Array.isArray(error.details)) return {};
  const out: Record<string, { message: string; code?: string }> = {};
  for (const item of error.details as Array<{ field?: unknown; message?: unknown; code?: unknown }>) {
    if (typeof item?.field !== 'string') continue;
    const field = item.field.replace(/^body\./, '');
    out[field] ??= { message: typeof item.message === 'string' ? item.message : '', code: typeof item.code === 'string' ? item.code : undefined };
  }
  return out;
}
