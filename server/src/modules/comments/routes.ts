import type { Deps } from '../../deps';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { type Role, z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { addComment } from './add-comment';
import { deleteComment } from './delete-comment';
import { listComments } from './list-comments';
import { commentBody, commentSchema } from './schemas';

/** Who may write in a post's thread (viewers read it). */
export const commenters = ['admin', 'planner', 'approver', 'community_manager'] as const satisfies readonly Role[];

export function commentRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/posts/:postId/comments',
      summary: 'A post’s comments, oldest first, each pinned to the version it was written on',
      tags: ['comments'],
      access: everyone,
      params: idParams('workspaceId', 'postId'),
      responses: { 200: { description: 'Comments', schema: z.object({ comments: z.array(commentSchema) }) } },
      async handler({ params, workspace }) {
        return { body: { comments: await listComments(deps.prisma, workspace.id, params.postId) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/posts/:postId/comments',
      summary: 'Comment on a post (on its current version); mentioned members are notified',
      tags: ['comments'],
      access: commenters,
      params: idParams('workspaceId', 'postId'),
      body: commentBody,
      responses: {
        201: { description: 'Created', schema: commentSchema },
        422: { description: 'Mentions someone who is not a member of this workspace' },
      },
      async handler({ auth, body, params, req, workspace }) {
        return { status: 201, body: await addComment(deps, actorOf(auth, req), auth.user, workspace.id, params.postId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/posts/:postId/comments/:commentId',
      summary: 'Delete my own comment',
      tags: ['comments'],
      access: commenters,
      params: idParams('workspaceId', 'postId', 'commentId'),
      responses: { 204: { description: 'Deleted' }, 403: { description: 'Someone else’s comment' } },
      async handler({ auth, params, req, workspace }) {
        await deleteComment(deps, actorOf(auth, req), workspace.id, params.postId, params.commentId);
        return { status: 204 };
      },
    }),
  ];
}
