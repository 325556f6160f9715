import type { Deps } from '../../deps';
import { AppError, notFound } from '../../lib/errors';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { roleList, z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { recordAudit } from '../audit/record-audit';
import { createToken, findToken, listTokens, revokeToken } from './token-repository';

const tokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    roles: z.array(z.string()),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
  })
  .openapi('ApiToken');
const createTokenBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80),
  roles: roleList,
  expiresInDays: z.number().int().min(1).max(365).optional(),
});

/** Personal API tokens: scoped to one workspace and a subset of the owner's roles; the secret is shown once. */
export function apiTokenRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/tokens',
      summary: 'My API tokens in this workspace',
      tags: ['api-tokens'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Tokens (never their secrets)', schema: z.object({ tokens: z.array(tokenSchema) }) } },
      async handler({ auth, workspace }) {
        return { body: { tokens: await listTokens(deps.prisma, workspace.id, auth.user.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/tokens',
      summary: 'Create an API token for scripts (use as `Authorization: Bearer <secret>`)',
      tags: ['api-tokens'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId'),
      body: createTokenBody,
      responses: { 201: { description: 'Created; the secret is shown only now', schema: z.object({ token: tokenSchema, secret: z.string() }) } },
      async handler({ auth, body, req, workspace }) {
        const extra = body.roles.filter((r) => !workspace.roles.includes(r));
        if (extra.length) {
          throw new AppError('forbidden', `A token cannot have roles you do not have here: ${extra.join(', ')}`, { roles: extra });
        }
        const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
        const created = await deps.prisma.$transaction(async (tx) => {
          const result = await createToken(tx, { workspaceId: workspace.id, userId: auth.user.id, name: body.name, roles: body.roles, expiresAt });
          await recordAudit(tx, actorOf(auth, req), {
            workspaceId: workspace.id,
            entityType: 'api_token',
            entityId: result.token.id,
            action: 'api_token.created',
            after: { name: body.name, roles: body.roles, expiresAt },
          });
          return result;
        });
        return { status: 201, body: created };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/workspaces/:workspaceId/tokens/:tokenId',
      summary: 'Revoke one of my API tokens (admins may revoke anyone’s)',
      tags: ['api-tokens'],
      access: everyone,
      tokens: false,
      params: idParams('workspaceId', 'tokenId'),
      responses: { 204: { description: 'Revoked' } },
      async handler({ auth, params, req, workspace }) {
        const token = await findToken(deps.prisma, workspace.id, params.tokenId);
        if (!token || (token.userId !== auth.user.id && !workspace.roles.includes('admin'))) throw notFound('API token');
        await deps.prisma.$transaction(async (tx) => {
          await revokeToken(tx, token.id);
          await recordAudit(tx, actorOf(auth, req), {
            workspaceId: workspace.id,
            entityType: 'api_token',
            entityId: token.id,
            action: 'api_token.revoked',
          });
        });
        return { status: 204 };
      },
    }),
  ];
}
