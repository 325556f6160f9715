import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { adminOnly } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { findChannels } from './channel-repository';
import { connectMetaSelection, describeMetaSelection } from './connect-meta-selection';
import { connectWithToken } from './connect-with-token';
import { disconnectChannel } from './disconnect-channel';
import { ensureFreshXToken } from './ensure-fresh-x-token';
import { finishMetaOAuth } from './finish-meta-oauth';
import { finishXOAuth } from './finish-x-oauth';
import type { OAuthProvider } from './oauth-state';
import { channelSchema, providerSchema } from './schemas';
import { startOAuth } from './start-oauth';

const remoteId = z
  .string()
  .trim()
  .regex(/^[0-9]{1,40}$/, 'must be the network’s numeric id');
const tokenBody = z.strictObject({
  provider: providerSchema,
  token: z.string().trim().min(8).max(4096).openapi({
    description: 'Access token (a Page or system-user token for Meta, an OAuth 2.0 user token for X). Stored encrypted; never returned.',
  }),
  refreshToken: z
    .string()
    .trim()
    .min(8)
    .max(4096)
    .optional()
    .openapi({ description: 'X only: its refresh token (rotated and stored on every refresh)' }),
  pageId: remoteId.optional().openapi({ description: 'Facebook: which Page, when the token manages several' }),
  igUserId: remoteId.optional().openapi({ description: 'Instagram: which business account' }),
});
const connectedSchema = z.object({ channel: channelSchema, created: z.boolean() });
const oauthUrlSchema = z.object({ url: z.url().openapi({ description: 'Send the browser here to sign in with the network' }) });
const callbackQuery = z.object({
  state: z.string().max(200).default(''),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
});
const selectionSchema = z
  .object({
    id: z.uuid(),
    expiresAt: z.iso.datetime(),
    pages: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        avatarUrl: z.string().nullable(),
        followerCount: z.number().nullable(),
        connected: z.boolean(),
        instagram: z
          .object({
            id: z.string(),
            username: z.string(),
            avatarUrl: z.string().nullable(),
            followerCount: z.number().nullable(),
            connected: z.boolean(),
          })
          .nullable(),
      }),
    ),
  })
  .openapi('MetaPageSelection');
const pickBody = z.strictObject({
  pageIds: z.array(remoteId).max(100).default([]),
  instagramIds: z.array(remoteId).max(100).default([]),
});

/** Where the browser lands after a network sign-in (Settings › Channels, with what happened). */
function settingsUrl(deps: Deps, workspaceId: string | null, params: Record<string, string>): string {
  const url = new URL(workspaceId ? `${deps.config.appUrl}/w/${workspaceId}/settings/channels` : `${deps.config.appUrl}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** Connecting accounts: a token given by an admin, X OAuth 2.0 with PKCE, Facebook Login and its Page picker. */
export function connectRoutes(deps: Deps) {
  const start = (provider: OAuthProvider, summary: string) =>
    defineRoute({
      method: 'post',
      path: `/workspaces/:workspaceId/channels/oauth/${provider}/start`,
      summary,
      tags: ['channels'],
      access: adminOnly,
      tokens: false,
      params: idParams('workspaceId'),
      responses: {
        200: { description: 'The sign-in URL', schema: oauthUrlSchema },
        409: { description: '`oauth_not_configured`: the app credentials are not set on this server' },
      },
      async handler({ auth, workspace }) {
        return { body: await startOAuth(deps, provider, { userId: auth.user.id, workspaceId: workspace.id }) };
      },
    });
  const callback = (provider: OAuthProvider) =>
    defineRoute({
      method: 'get',
      path: `/oauth/${provider}/callback`,
      summary: provider === 'x' ? 'X sends the browser back here with a code' : 'Facebook Login sends the browser back here with a code',
      tags: ['channels'],
      access: 'user',
      query: callbackQuery,
      responses: {
        302: { description: 'To Settings › Channels (connected, the Page picker, or the reason it failed)' },
        400: { description: '`oauth_state_invalid`: unknown, expired, used or someone else’s state' },
      },
      async handler({ auth, query, req, res }) {
        if (!query.code) {
          // The person said no on the network's screen: the state is used up, the browser goes back.
          await deps.redis.del(`${deps.redisPrefix}:oauth:state:${query.state}`);
          res.redirect(302, settingsUrl(deps, null, { oauthError: query.error ?? 'denied' }));
          return {};
        }
        try {
          if (provider === 'x') {
            const done = await finishXOAuth(deps, actorOf(auth, req), { state: query.state, code: query.code });
            res.redirect(302, settingsUrl(deps, done.workspaceId, { connected: done.channel.id }));
            return {};
          }
          const done = await finishMetaOAuth(deps, auth.user.id, { state: query.state, code: query.code });
          res.redirect(302, settingsUrl(deps, done.workspaceId, { metaSelection: done.selectionId }));
          return {};
        } catch (error) {
          // This is a browser navigation: anything but a bad state goes back to Settings with the reason.
          if (!(error instanceof AppError) || error.code === 'oauth_state_invalid') throw error;
          res.redirect(302, settingsUrl(deps, null, { oauthError: error.code }));
          return {};
        }
      },
    });

  return [
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/channels/connect-token',
      summary: 'Connect (or reconnect) a channel with an access token; the token is checked against the network',
      tags: ['channels'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: tokenBody,
      responses: {
        200: { description: 'An existing channel was reconnected', schema: connectedSchema },
        201: { description: 'A new channel was connected', schema: connectedSchema },
        422: { description: '`channel_token_rejected`: the network refused the token' },
        503: { description: '`unavailable`: the network could not be reached' },
      },
      async handler({ auth, body, req, workspace }) {
        const saved = await connectWithToken(deps, workspace.id, actorOf(auth, req), body);
        return { status: saved.created ? 201 : 200, body: saved };
      },
    }),
    start('x', 'Start connecting an X account (OAuth 2.0 with PKCE)'),
    start('meta', 'Start connecting Facebook Pages and Instagram accounts (Facebook Login)'),
    callback('x'),
    callback('meta'),
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/channels/meta-selections/:selectionId',
      summary: 'The Pages (and linked Instagram accounts) of a Facebook sign-in, to pick from (no tokens)',
      tags: ['channels'],
      access: adminOnly,
      tokens: false,
      params: idParams('workspaceId', 'selectionId'),
      responses: { 200: { description: 'The list', schema: selectionSchema } },
      async handler({ auth, params, workspace }) {
        return { body: await describeMetaSelection(deps, workspace.id, auth.user.id, params.selectionId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/channels/meta-selections/:selectionId',
      summary: 'Connect the picked Pages and Instagram accounts',
      tags: ['channels'],
      access: adminOnly,
      tokens: false,
      params: idParams('workspaceId', 'selectionId'),
      body: pickBody,
      responses: { 200: { description: 'The connected channels', schema: z.object({ channels: z.array(channelSchema) }) } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: { channels: await connectMetaSelection(deps, workspace.id, actorOf(auth, req), params.selectionId, body) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/channels/:channelId/disconnect',
      summary: 'Disconnect a channel: its credentials are deleted, its record and plan stay',
      tags: ['channels'],
      access: adminOnly,
      params: idParams('workspaceId', 'channelId'),
      responses: { 200: { description: 'Disconnected', schema: channelSchema } },
      async handler({ auth, params, req, workspace }) {
        return { body: await disconnectChannel(deps, workspace.id, actorOf(auth, req), params.channelId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/channels/:channelId/refresh-token',
      summary: 'Refresh an X channel’s token now (the refresh token rotates)',
      tags: ['channels'],
      access: adminOnly,
      params: idParams('workspaceId', 'channelId'),
      responses: {
        200: {
          description: 'What happened and the channel',
          schema: z.object({ outcome: z.enum(['fresh', 'refreshed', 'needs_reconnect', 'skipped']), channel: channelSchema }),
        },
      },
      async handler({ params, workspace }) {
        const [channel] = await findChannels(deps.prisma, workspace.id, [params.channelId]);
        if (!channel) throw new AppError('not_found', 'Channel not found');
        if (channel.provider !== 'x') throw new AppError('invalid_state', 'Only X tokens are refreshed', { provider: channel.provider });
        const outcome = await ensureFreshXToken(deps, channel.id, { force: true });
        const [after] = await findChannels(deps.prisma, workspace.id, [params.channelId]);
        return { body: { outcome, channel: after ?? channel } };
      },
    }),
  ];
}
