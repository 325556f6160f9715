import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PostDiff } from '../../../../server/src/modules/approvals/diff-types';
import { api } from '../../api/client';
import type { Post } from '../../api/types';
import { base, invalidatePlan, planKeys } from '../calendar/api';

/* Wire types of the approvals API (server/src/modules/approvals/schemas.ts). */

export type PostState =
  | 'draft'
  | 'in_review'
  | 'changes_requested'
  | 'approved'
  | 'scheduled'
  | 'published'
  | 'partially_published'
  | 'failed'
  | 'canceled';

/** What a planner may move a post to by hand (`POST …/transitions`). */
export type ManualMove = 'in_review' | 'draft' | 'canceled' | 'scheduled' | 'approved';

export type ReviewPerson = { userId: string; name: string } | { email: string };

export interface ReviewStep {
  id: string;
  name: string;
  applies: boolean;
  required: number;
  approvedBy: ReviewPerson[];
  satisfied: boolean;
  current: boolean;
}

export interface ReviewSummary {
  postId: string;
  state: PostState;
  version: number;
  approvedVersion: number | null;
  submittedAt: string | null;
  deadline: string | null;
  allowed: PostState[];
  steps: ReviewStep[];
  waitingOn: {
    step: { id: string; name: string; required: number; approvals: number } | null;
    members: { userId: string; name: string }[];
    externalEmails: string[];
  };
  canDecide: boolean;
}

export interface ReviewDecision {
  id: string;
  version: number;
  stepId: string;
  decision: 'approved' | 'changes_requested';
  comment: string;
  reviewerEmail: string | null;
  createdAt: string;
  user: { id: string; name: string } | null;
}

export interface Review extends ReviewSummary {
  decisions: ReviewDecision[];
}

export type { FieldChange, TextPart, VariantDiff as VariantChange } from '../../../../server/src/modules/approvals/diff-types';

export interface VersionDiff {
  from: number | null;
  to: number;
  diff: PostDiff;
}

export interface PostVersionRow {
  version: number;
  createdAt: string;
  createdBy: { userId: string; name: string } | null;
  approved: boolean;
}

export interface QueueItem {
  post: Post & { approvedVersion: number | null; submittedAt: string | null };
  review: ReviewSummary;
  changes: VersionDiff | null;
  comments: number;
  deadline: string | null;
}

export interface BulkResult {
  postId: string;
  ok: boolean;
  state?: string;
  error?: { code: string; message: string };
}

export type QueueScope = 'mine' | 'all';

export const approvalKeys = {
  all: (w: string) => ['workspaces', w, 'approvals'] as const,
  /** Both queue scopes (what a comment count or a decision changes). */
  queues: (w: string) => ['workspaces', w, 'approvals', 'queue'] as const,
  queue: (w: string, scope: QueueScope) => ['workspaces', w, 'approvals', 'queue', scope] as const,
  review: (w: string, postId: string) => ['workspaces', w, 'approvals', 'review', postId] as const,
  versions: (w: string, postId: string) => ['workspaces', w, 'approvals', 'versions', postId] as const,
  diff: (w: string, postId: string, from: number | null, to: number | null) => ['workspaces', w, 'approvals', 'diff', postId, from, to] as const,
};

const postPath = (w: string, postId: string) => `${base(w)}/posts/${encodeURIComponent(postId)}`;

export function useApprovalQueue(w: string, scope: QueueScope) {
  return useQuery({
    queryKey: approvalKeys.queue(w, scope),
    queryFn: () => api.get<{ items: QueueItem[] }>(`${base(w)}/approvals/queue?scope=${scope}`).then((r) => r.items),
    staleTime: 10_000,
  });
}

export function useReview(w: string, postId: string | null) {
  return useQuery({
    queryKey: approvalKeys.review(w, postId ?? ''),
    queryFn: () => api.get<Review>(`${postPath(w, postId ?? '')}/review`),
    enabled: postId !== null,
    staleTime: 0,
  });
}

export function useVersions(w: string, postId: string, enabled = true) {
  return useQuery({
    queryKey: approvalKeys.versions(w, postId),
    queryFn: () => api.get<{ versions: PostVersionRow[] }>(`${postPath(w, postId)}/versions`).then((r) => r.versions),
    enabled,
  });
}

/** `GET …/diff`; without `from`/`to` the server compares the last approved (or previous) version with the current one. */
export function useDiff(w: string, postId: string, range: { from: number; to: number } | null, enabled = true) {
  return useQuery({
    queryKey: approvalKeys.diff(w, postId, range?.from ?? null, range?.to ?? null),
    queryFn: () => {
      const params = range ? `?${new URLSearchParams({ from: String(range.from), to: String(range.to) })}` : '';
      return api.get<VersionDiff>(`${postPath(w, postId)}/diff${params}`);
    },
    enabled,
  });
}

/** A decision or a move changes the queue, the review, the post and its calendar badges: refetch them all. */
export async function invalidateApprovals(queryClient: QueryClient, w: string, postId?: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: approvalKeys.all(w) }),
    postId ? queryClient.invalidateQueries({ queryKey: planKeys.post(w, postId) }) : Promise.resolve(),
    invalidatePlan(queryClient, w),
  ]);
}

export function useDecide(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { postId: string; decision: 'approved' | 'changes_requested'; comment?: string; version: number }) =>
      api.post<{ postId: string; state: PostState }>(`${postPath(w, input.postId)}/decisions`, {
        decision: input.decision,
        comment: input.comment ?? '',
        version: input.version,
      }),
    onSettled: (_data, _error, input) => invalidateApprovals(queryClient, w, input.postId),
  });
}

export function useBulkApprove(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: { postId: string; version: number }[]) =>
      api.post<{ results: BulkResult[] }>(`${base(w)}/approvals/bulk-approve`, { items }).then((r) => r.results),
    onSettled: () => invalidateApprovals(queryClient, w),
  });
}

export function useMovePost(w: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, to }: { postId: string; to: ManualMove }) =>
      api.post<{ postId: string; state: PostState }>(`${postPath(w, postId)}/transitions`, { to }),
    onSettled: (_data, _error, input) => invalidateApprovals(queryClient, w, input.postId),
  });
}

/** Names of the people (and outside emails) a review waits on, e.g. "박지현, 김민지". */
export function waitingNames(review: Pick<ReviewSummary, 'waitingOn'>): string {
  return [...review.waitingOn.members.map((m) => m.name), ...review.waitingOn.externalEmails].join(', ');
}

export function personName(person: ReviewPerson): string {
  return 'name' in person ? person.name : person.email;
}
