import type { Request, Response } from 'express';
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { defineRoute } from '../../lib/http/route';
import { endRealtimeSession } from '../../realtime/publish';
import { actorOf } from '../audit/actor';
import { listWorkspacesOf } from '../workspaces/workspace-repository';
import { changePassword } from './change-password';
import { createCsrf, SESSION_COOKIE, sessionCookieOptions } from './http-auth';
import { logIn } from './log-in';
import { loginBody, loginResponse, meBody, passwordBody, sessionResponse, userSchema } from './schemas';
import { deleteSession } from './session-repository';
import { findUserById, updateUser } from './user-repository';

export const clientMeta = (req: Request) => ({ userAgent: req.get('user-agent'), ip: req.ip });

/** Sets the session cookie and returns the CSRF token that goes with that session. */
export function startSession(
  deps: Deps,
  req: Request,
  res: Response,
  session: { id: string; token: string },
  user: { id: string; email: string; name: string; locale: string | null },
) {
  res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(deps));
  req.auth = { user, sessionId: session.id };
  return createCsrf(deps).generateCsrfToken(req, res, { overwrite: true });
}

export function authRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with email and password',
      tags: ['auth'],
      access: 'public',
      body: loginBody,
      responses: { 200: { description: 'Signed in; the session cookie is set', schema: loginResponse }, 429: { description: 'Too many attempts' } },
      async handler({ body, req, res }) {
        const { user, session } = await logIn(deps, body, clientMeta(req));
        if (req.auth?.sessionId) await deleteSession(deps.prisma, req.auth.sessionId);
        return { body: { user, csrfToken: startSession(deps, req, res, session, user) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Sign out of this session',
      tags: ['auth'],
      access: 'user',
      responses: { 204: { description: 'Signed out' } },
      async handler({ auth, res }) {
        if (auth.sessionId) {
          await deleteSession(deps.prisma, auth.sessionId);
          endRealtimeSession(deps, auth.sessionId);
        }
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/session',
      summary: 'Who is signed in, their workspaces and roles, and the CSRF token',
      tags: ['auth'],
      access: 'user',
      tokens: true,
      responses: { 200: { description: 'The current session', schema: sessionResponse } },
      async handler({ auth, req, res }) {
        const memberships = await listWorkspacesOf(deps.prisma, auth.user.id);
        const visible = auth.tokenWorkspaceId ? memberships.filter((m) => m.workspace.id === auth.tokenWorkspaceId) : memberships;
        const csrfToken = auth.sessionId ? createCsrf(deps).generateCsrfToken(req, res) : undefined;
        return { body: { user: auth.user, csrfToken, memberships: visible } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/auth/me',
      summary: 'Change my name or language',
      tags: ['auth'],
      access: 'user',
      body: meBody,
      responses: { 200: { description: 'Updated', schema: userSchema } },
      async handler({ auth, body }) {
        if (!(await findUserById(deps.prisma, auth.user.id))) throw notFound('User');
        return { body: await updateUser(deps.prisma, auth.user.id, body) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/password',
      summary: 'Change my password (signs out my other sessions)',
      tags: ['auth'],
      access: 'user',
      body: passwordBody,
      responses: { 204: { description: 'Changed' } },
      async handler({ auth, body, req }) {
        await changePassword(deps, actorOf(auth, req), body);
        return { status: 204 };
      },
    }),
  ];
}
