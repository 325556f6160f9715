import type { Deps } from '../../deps';
import { adminOnly, everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { actorOf } from '../audit/actor';
import { getDigestSettings, updateDigestSettings, updateSubscription } from './manage-digest-settings';
import { getDigestEmail, getWorkspaceDigest, listWorkspaceDigests } from './read-digests';
import { digestListQuery, digestListSchema, digestSchema, digestSettingsBody, digestSettingsSchema, emailQuery, subscriptionBody } from './schemas';

export function digestRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/digests',
      summary: 'The morning digests of the workspace, newest first (the in-app history), with their headline figures',
      tags: ['digest'],
      access: everyone,
      params: idParams('workspaceId'),
      query: digestListQuery,
      responses: { 200: { description: 'Newest first', schema: digestListSchema } },
      async handler({ query, workspace }) {
        return { body: await listWorkspaceDigests(deps, workspace.id, query.limit) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/digests/:digestId',
      summary:
        'One morning digest as it was composed: what customers said (unanswered and negative first), escalations, ' +
        "yesterday's posts against the engagement marks, cadence against the targets",
      tags: ['digest'],
      access: everyone,
      params: idParams('workspaceId', 'digestId'),
      responses: { 200: { description: 'The digest', schema: digestSchema }, 404: { description: 'No such digest in this workspace' } },
      async handler({ params, workspace }) {
        return { body: await getWorkspaceDigest(deps, workspace.id, params.digestId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/digests/:digestId/email',
      summary: 'The digest e-mail exactly as it was sent (HTML), in Korean or English',
      tags: ['digest'],
      access: everyone,
      params: idParams('workspaceId', 'digestId'),
      query: emailQuery,
      responses: { 200: { description: 'text/html; charset=utf-8' }, 404: { description: 'No such digest in this workspace' } },
      async handler({ params, query, res, workspace }) {
        const mail = await getDigestEmail(deps, workspace.id, params.digestId, query.locale);
        res
          .status(200)
          .set({
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'private, no-store',
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'",
            'x-content-type-options': 'nosniff',
          })
          .send(mail.html);
        return {};
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/digest/settings',
      summary: 'When the morning digest goes out (workspace zone) and whether you get it by e-mail',
      tags: ['digest'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Settings and your subscription', schema: digestSettingsSchema } },
      async handler({ auth, workspace }) {
        return { body: await getDigestSettings(deps, workspace.id, auth.user.id) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/workspaces/:workspaceId/digest/settings',
      summary: 'Change the digest time (HH:MM in the workspace zone) or turn its e-mail off (audited)',
      tags: ['digest'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: digestSettingsBody,
      responses: { 200: { description: 'The settings now', schema: digestSettingsSchema } },
      async handler({ auth, body, req, workspace }) {
        return { body: await updateDigestSettings(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/workspaces/:workspaceId/digest/subscription',
      summary: 'Get the morning digest by e-mail, or stop it (your own choice, in this workspace)',
      tags: ['digest'],
      access: everyone,
      params: idParams('workspaceId'),
      body: subscriptionBody,
      responses: { 200: { description: 'The settings now', schema: digestSettingsSchema } },
      async handler({ auth, body, workspace }) {
        return { body: await updateSubscription(deps, workspace.id, auth.user.id, body.subscribed) };
      },
    }),
  ];
}
