import type { Deps } from '../../deps';
import { adminOnly, everyone, planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { actorOf } from '../audit/actor';
import { approvalQueue, bulkApprove } from './approval-queue';
import { findPolicy } from './approval-repository';
import { decidePost } from './decide-post';
import { updatePolicy } from './manage-policy';
import { movePost } from './move-post';
import { getDiff, getReview, getVersions } from './review-view';
import {
  bulkApproveBody,
  bulkResultSchema,
  decisionBody,
  diffQuery,
  diffSchema,
  moveBody,
  policyBody,
  policySchema,
  queueQuery,
  queueSchema,
  reviewSchema,
  stateSchema,
  versionsSchema,
} from './schemas';

const refused = { description: 'Not allowed from the current state: `details` has `state` and the `allowed` moves' };

export function approvalRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/approval-policy',
      summary: 'The approval policy (ordered steps; the default is one step, any one approver)',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'The policy', schema: policySchema } },
      async handler({ workspace }) {
        return { body: await findPolicy(deps.prisma, workspace.id) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/workspaces/:workspaceId/approval-policy',
      summary: 'Replace the approval policy',
      tags: ['approvals'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: policyBody,
      responses: { 200: { description: 'Saved', schema: policySchema }, 422: { description: 'Names something outside this workspace' } },
      async handler({ auth, body, req, workspace }) {
        return { body: await updatePolicy(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/posts/:postId/transitions',
      summary: 'Move a post: submit for review (in_review), withdraw or reopen (draft), cancel, schedule or unschedule (approved)',
      tags: ['approvals'],
      access: planners,
      params: idParams('workspaceId', 'postId'),
      body: moveBody,
      responses: { 200: { description: 'The new state', schema: stateSchema }, 409: refused, 422: { description: 'A variant has no future time' } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await movePost(deps, actorOf(auth, req), workspace.id, params.postId, body.to) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/posts/:postId/decisions',
      summary: 'Approve or request changes on the version you reviewed (the policy decides who may)',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId', 'postId'),
      body: decisionBody,
      responses: {
        200: { description: 'The post’s state after the decision', schema: stateSchema },
        403: { description: 'Not a reviewer of the current step, or the author' },
        409: { description: 'Not in review, the version changed, or already approved by you' },
      },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await decidePost(deps, actorOf(auth, req), workspace.id, params.postId, workspace.roles, body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/posts/:postId/review',
      summary: 'Where a post stands: steps, who must act next, whether you may decide, every decision',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId', 'postId'),
      responses: { 200: { description: 'The review', schema: reviewSchema } },
      async handler({ auth, params, workspace }) {
        return { body: await getReview(deps.prisma, workspace.id, params.postId, { userId: auth.user.id, roles: workspace.roles }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/posts/:postId/versions',
      summary: 'Content versions of a post, newest first',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId', 'postId'),
      responses: { 200: { description: 'Versions', schema: versionsSchema } },
      async handler({ params, workspace }) {
        return { body: { versions: await getVersions(deps.prisma, workspace.id, params.postId) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/posts/:postId/diff',
      summary: 'What changed between two versions (default: since the last approved one), per variant and field',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId', 'postId'),
      query: diffQuery,
      responses: { 200: { description: 'The diff', schema: diffSchema } },
      async handler({ params, query, workspace }) {
        return { body: await getDiff(deps.prisma, workspace.id, params.postId, query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/approvals/queue',
      summary: 'Posts waiting for your decision (or all in review), soonest deadline first',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId'),
      query: queueQuery,
      responses: { 200: { description: 'The queue', schema: queueSchema } },
      async handler({ auth, query, workspace }) {
        return { body: { items: await approvalQueue(deps, workspace.id, { userId: auth.user.id, roles: workspace.roles }, query.scope) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/approvals/bulk-approve',
      summary: 'Approve several posts at their reviewed versions; each succeeds or is refused on its own',
      tags: ['approvals'],
      access: everyone,
      params: idParams('workspaceId'),
      body: bulkApproveBody,
      responses: { 200: { description: 'One result per post', schema: bulkResultSchema } },
      async handler({ auth, body, req, workspace }) {
        return { body: { results: await bulkApprove(deps, actorOf(auth, req), workspace.id, workspace.roles, body.items, body.comment) } };
      },
    }),
  ];
}
