import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { actorOf } from '../audit/actor';
import { deletePost, duplicatePost } from './delete-post';
import { findPost } from './post-repository';
import { rescheduleVariant } from './reschedule-variant';
import { createPost, updatePost } from './save-post';
import { createPostBody, postSchema, scheduleBody, updatePostBody, variantSchema } from './schemas';

const unprocessable = { description: 'A network rule or reference failed; `details` lists every problem with its field and code' };

export function postRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/posts',
      summary: 'Create a post with its variants (one per channel account, optionally per segment)',
      tags: ['posts'],
      access: planners,
      params: idParams('workspaceId'),
      body: createPostBody,
      responses: { 201: { description: 'Created; warnings per variant', schema: postSchema }, 422: unprocessable },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createPost(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/posts/:postId',
      summary: 'A post with its variants',
      tags: ['posts'],
      access: everyone,
      params: idParams('workspaceId', 'postId'),
      responses: { 200: { description: 'The post', schema: postSchema } },
      async handler({ params, workspace }) {
        const post = await findPost(deps.prisma, workspace.id, params.postId);
        if (!post) throw notFound('Post');
        return { body: post };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/posts/:postId',
      summary: 'Save the composer: post fields and, when given, the whole set of variants',
      tags: ['posts'],
      access: planners,
      params: idParams('workspaceId', 'postId'),
      body: updatePostBody,
      responses: {
        200: { description: 'Saved; warnings per variant', schema: postSchema },
        409: { description: 'A published variant would change' },
        422: unprocessable,
      },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updatePost(deps, actorOf(auth, req), workspace.id, params.postId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/posts/:postId',
      summary: 'Delete a post (soft, audited)',
      tags: ['posts'],
      access: planners,
      params: idParams('workspaceId', 'postId'),
      responses: { 204: { description: 'Deleted' }, 409: { description: 'Something of it was published' } },
      async handler({ auth, params, req, workspace }) {
        await deletePost(deps, actorOf(auth, req), workspace.id, params.postId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/posts/:postId/duplicate',
      summary: 'Duplicate a post as a new unscheduled draft',
      tags: ['posts'],
      access: planners,
      params: idParams('workspaceId', 'postId'),
      responses: { 201: { description: 'The copy', schema: postSchema } },
      async handler({ auth, params, req, workspace }) {
        return { status: 201, body: await duplicatePost(deps, actorOf(auth, req), workspace.id, params.postId) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/variants/:variantId/schedule',
      summary: 'Move a variant to another time (drag and drop), or unschedule it (null)',
      tags: ['posts'],
      access: planners,
      params: idParams('workspaceId', 'variantId'),
      body: scheduleBody,
      responses: { 200: { description: 'Moved', schema: variantSchema }, 409: { description: 'Not movable in its state' }, 422: unprocessable },
      async handler({ auth, body, params, req, workspace }) {
        const at = body.scheduledAt ? new Date(body.scheduledAt) : null;
        return { body: await rescheduleVariant(deps, actorOf(auth, req), workspace.id, params.variantId, at) };
      },
    }),
  ];
}
