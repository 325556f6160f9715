import type { Deps } from '../../deps';
import { planners } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { decideByLink } from './decide-by-link';
import { listReviewLinks, renewReviewLink } from './manage-review-links';
import { viewReviewLink } from './view-review-link';

const tokenParams = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not a review link token') });

const linkSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    step: z.object({ id: z.string(), name: z.string() }),
    version: z.number(),
    expiresAt: z.date(),
    usedAt: z.date().nullable(),
    createdAt: z.date(),
    status: z.enum(['live', 'used', 'expired', 'superseded']),
  })
  .openapi('ReviewLink');

const publicReviewSchema = z
  .object({
    workspace: z.object({ name: z.string() }),
    post: z.object({ title: z.string(), version: z.number() }),
    step: z.object({ name: z.string() }),
    email: z.string(),
    expiresAt: z.date(),
    variants: z.array(
      z.object({
        id: z.uuid(),
        text: z.string(),
        link: z.string().nullable(),
        firstComment: z.string().nullable(),
        mediaCount: z.number(),
        channel: z.object({ provider: z.string(), name: z.string(), handle: z.string() }),
        segment: z.object({ name: z.string() }).nullable(),
      }),
    ),
  })
  .openapi('PublicReview');

export const linkDecisionBody = z
  .strictObject({
    decision: z.enum(['approved', 'changes_requested']),
    comment: z.string().trim().max(5000).default(''),
  })
  .superRefine((b, ctx) => {
    if (b.decision === 'changes_requested' && !b.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'say what should change' });
  });

const goneDoc = { description: '`review_link_gone`: used, renewed, the post changed or moved on, or expired (`details.reason`)' };

/** Outside reviewers: planners see and renew a post's links; the link's holder reviews without an account. */
export function reviewLinkRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/posts/:postId/review-links',
      summary: 'Outside review links of a post, newest first (never their tokens)',
      tags: ['approvals'],
      access: planners,
      params: idParams('workspaceId', 'postId'),
      responses: { 200: { description: 'Links', schema: z.object({ links: z.array(linkSchema) }) } },
      async handler({ params, workspace }) {
        return { body: { links: await listReviewLinks(deps, workspace.id, params.postId) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/posts/:postId/review-links/:linkId/renew',
      summary: 'Replace a review link with a new one (the old token stops working); the new URL is shown once',
      tags: ['approvals'],
      access: planners,
      params: idParams('workspaceId', 'postId', 'linkId'),
      responses: {
        201: {
          description: 'The new link',
          schema: z.object({ id: z.uuid(), email: z.string(), expiresAt: z.date(), url: z.string() }),
        },
        409: { description: 'Used already, or the post no longer waits for this reviewer' },
      },
      async handler({ auth, params, req, workspace }) {
        return { status: 201, body: await renewReviewLink(deps, actorOf(auth, req), workspace.id, params.postId, params.linkId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/review/:token',
      summary: 'What an outside review link shows: the workspace, the post title, the variants under review',
      tags: ['review'],
      access: 'public',
      params: tokenParams,
      responses: { 200: { description: 'The post to review', schema: publicReviewSchema }, 404: { description: 'Unknown link' }, 410: goneDoc },
      async handler({ params }) {
        return { body: await viewReviewLink(deps, params.token) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/review/:token/decision',
      summary: 'Approve, or request changes (comment required), through an outside review link; the link is then used up',
      tags: ['review'],
      access: 'public',
      params: tokenParams,
      body: linkDecisionBody,
      responses: {
        200: { description: 'The post’s state after the decision', schema: z.object({ state: z.string() }) },
        404: { description: 'Unknown link' },
        410: goneDoc,
      },
      async handler({ params, body, req }) {
        return { body: await decideByLink(deps, params.token, body, { requestId: String(req.id ?? '') || undefined }) };
      },
    }),
  ];
}
