import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { approvalKeys } from './api';

/* Wire types of server/src/modules/comments/schemas.ts. */
export interface PostComment {
  id: string;
  postId: string;
  version: number;
  body: string;
  mentions: string[];
  author: { id: string; name: string };
  createdAt: string;
}

const base = (workspaceId: string, postId: string) =>
  `/api/workspaces/${encodeURIComponent(workspaceId)}/posts/${encodeURIComponent(postId)}/comments`;
export const commentKeys = { list: (workspaceId: string, postId: string) => ['workspaces', workspaceId, 'posts', postId, 'comments'] as const };

export function useComments(workspaceId: string, postId: string) {
  return useQuery({
    queryKey: commentKeys.list(workspaceId, postId),
    queryFn: () => api.get<{ comments: PostComment[] }>(base(workspaceId, postId)).then((r) => r.comments),
  });
}

export function useAddComment(workspaceId: string, postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: string; mentions: string[] }) => api.post<PostComment>(base(workspaceId, postId), input),
    onSuccess: (comment) => {
      queryClient.setQueryData<PostComment[]>(commentKeys.list(workspaceId, postId), (list) => (list ? [...list, comment] : [comment]));
      void queryClient.invalidateQueries({ queryKey: commentKeys.list(workspaceId, postId) });
      // The queue cards count comments.
      void queryClient.invalidateQueries({ queryKey: approvalKeys.queues(workspaceId) });
    },
  });
}

export function useDeleteComment(workspaceId: string, postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) => api.delete(`${base(workspaceId, postId)}/${encodeURIComponent(commentId)}`),
    onSuccess: (_void, commentId) => {
      queryClient.setQueryData<PostComment[]>(commentKeys.list(workspaceId, postId), (list) => list?.filter((c) => c.id !== commentId));
      void queryClient.invalidateQueries({ queryKey: commentKeys.list(workspaceId, postId) });
      void queryClient.invalidateQueries({ queryKey: approvalKeys.queues(workspaceId) });
    },
  });
}
