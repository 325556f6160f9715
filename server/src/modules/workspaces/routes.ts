import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { adminOnly, everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { clientMeta, startSession } from '../auth/routes';
import { loginResponse } from '../auth/schemas';
import { createWorkspaceFor } from './create-workspace';
import { listPendingInvites } from './invite-repository';
import { acceptInvite, inviteMember, revokeInvite, viewInvite } from './invites';
import { changeMemberRoles, removeMemberFromWorkspace, updateWorkspaceSettings } from './manage-members';
import { listMembers } from './membership-repository';
import {
  acceptInviteBody,
  createInviteBody,
  createWorkspaceBody,
  inviteSchema,
  inviteTokenParams,
  memberRolesBody,
  memberSchema,
  updateWorkspaceBody,
  workspaceSchema,
} from './schemas';
import { findWorkspace, listWorkspacesOf } from './workspace-repository';

const toMember = (m: { roles: string[]; createdAt: Date; user: { id: string; email: string; name: string } }) => ({
  userId: m.user.id,
  email: m.user.email,
  name: m.user.name,
  roles: m.roles,
  joinedAt: m.createdAt,
});

export function workspaceRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces',
      summary: 'Workspaces I belong to, with my roles',
      tags: ['workspaces'],
      access: 'user',
      tokens: true,
      responses: { 200: { description: 'My workspaces', schema: z.object({ workspaces: z.array(workspaceSchema) }) } },
      async handler({ auth }) {
        const rows = await listWorkspacesOf(deps.prisma, auth.user.id);
        const visible = auth.tokenWorkspaceId ? rows.filter((r) => r.workspace.id === auth.tokenWorkspaceId) : rows;
        return { body: { workspaces: visible.map((r) => ({ ...r.workspace, roles: r.roles })) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces',
      summary: 'Create a workspace (brand); I become its admin',
      tags: ['workspaces'],
      access: 'user',
      body: createWorkspaceBody,
      responses: { 201: { description: 'Created', schema: workspaceSchema } },
      async handler({ auth, body, req }) {
        return { status: 201, body: await createWorkspaceFor(deps, actorOf(auth, req), body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId',
      summary: 'One workspace, with my roles in it',
      tags: ['workspaces'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'The workspace', schema: workspaceSchema } },
      async handler({ workspace }) {
        const found = await findWorkspace(deps.prisma, workspace.id);
        if (!found) throw notFound('Workspace');
        return { body: { ...found, roles: workspace.roles } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId',
      summary: 'Rename the workspace or change its time zone or language',
      tags: ['workspaces'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: updateWorkspaceBody,
      responses: { 200: { description: 'Updated', schema: workspaceSchema } },
      async handler({ auth, body, req, workspace }) {
        const updated = await updateWorkspaceSettings(deps, actorOf(auth, req), workspace.id, body);
        return { body: { ...updated, roles: workspace.roles } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/members',
      summary: 'Members and their roles',
      tags: ['members'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Members', schema: z.object({ members: z.array(memberSchema) }) } },
      async handler({ workspace }) {
        return { body: { members: (await listMembers(deps.prisma, workspace.id)).map(toMember) } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/workspaces/:workspaceId/members/:userId',
      summary: "Change a member's roles",
      tags: ['members'],
      access: adminOnly,
      params: idParams('workspaceId', 'userId'),
      body: memberRolesBody,
      responses: { 200: { description: 'Updated', schema: memberSchema }, 409: { description: 'Would leave the workspace without an admin' } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: toMember(await changeMemberRoles(deps, actorOf(auth, req), workspace.id, params.userId, body.roles)) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/members/:userId',
      summary: 'Remove a member (their API tokens here are revoked)',
      tags: ['members'],
      access: adminOnly,
      params: idParams('workspaceId', 'userId'),
      responses: { 204: { description: 'Removed' }, 409: { description: 'Would leave the workspace without an admin' } },
      async handler({ auth, params, req, workspace }) {
        await removeMemberFromWorkspace(deps, actorOf(auth, req), workspace.id, params.userId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/invites',
      summary: 'Pending invites',
      tags: ['members'],
      access: adminOnly,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Pending invites', schema: z.object({ invites: z.array(inviteSchema) }) } },
      async handler({ workspace }) {
        return { body: { invites: await listPendingInvites(deps.prisma, workspace.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/invites',
      summary: 'Invite someone by email; returns the invite link',
      tags: ['members'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: createInviteBody,
      responses: {
        201: { description: 'Invited', schema: z.object({ invite: inviteSchema, url: z.url() }) },
        409: { description: 'Already a member' },
      },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await inviteMember(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/invites/:inviteId',
      summary: 'Revoke a pending invite',
      tags: ['members'],
      access: adminOnly,
      params: idParams('workspaceId', 'inviteId'),
      responses: { 204: { description: 'Revoked' } },
      async handler({ auth, params, req, workspace }) {
        await revokeInvite(deps, actorOf(auth, req), workspace.id, params.inviteId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/invites/:token',
      summary: 'What an invite link offers',
      tags: ['members'],
      access: 'public',
      params: inviteTokenParams,
      responses: {
        200: {
          description: 'The invite',
          schema: z.object({
            workspace: z.object({ id: z.uuid(), name: z.string() }),
            email: z.string(),
            roles: z.array(z.string()),
            expiresAt: z.date(),
            userExists: z.boolean(),
          }),
        },
        404: { description: 'Unknown, used or revoked' },
        410: { description: 'Expired' },
      },
      async handler({ params }) {
        return { body: await viewInvite(deps, params.token) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/invites/:token/accept',
      summary: 'Accept an invite (creating an account if needed); signs in',
      tags: ['members'],
      access: 'public',
      params: inviteTokenParams,
      body: acceptInviteBody,
      responses: { 200: { description: 'Joined', schema: loginResponse.extend({ workspaceId: z.uuid(), csrfToken: z.string().optional() }) } },
      async handler({ params, body, req, res }) {
        const signedIn = req.auth?.sessionId ? req.auth.user : undefined;
        const meta = { ...clientMeta(req), requestId: String(req.id) };
        const { user, session, workspaceId } = await acceptInvite(deps, params.token, signedIn, body, meta);
        const csrfToken = session ? startSession(deps, req, res, session, user) : undefined;
        return { body: { user, csrfToken, workspaceId } };
      },
    }),
  ];
}
