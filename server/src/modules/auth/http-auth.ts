import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { AuthContext, Guard, RouteDefinition, WorkspaceContext } from '../../lib/http/route';
import { findLiveToken, TOKEN_PREFIX } from '../api-tokens/token-repository';
import { memberRolesOf } from '../workspaces/membership-repository';
import { findLiveSession, SESSION_DAYS } from './session-repository';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

export const SESSION_COOKIE = 'sotong_session';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieOptions(deps: Deps) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
    path: '/',
    maxAge: SESSION_DAYS * 86_400_000,
  };
}

const csrfByDeps = new WeakMap<Deps, ReturnType<typeof doubleCsrf>>();

/** The CSRF helpers (double-submit cookie bound to the session), one set per app. */
export function createCsrf(deps: Deps) {
  const existing = csrfByDeps.get(deps);
  if (existing) return existing;
  const csrf = doubleCsrf({
    getSecret: () => deps.config.sessionSecret,
    getSessionIdentifier: (req) => req.auth?.sessionId ?? '',
    cookieName: deps.config.secureCookies ? '__Host-sotong.csrf' : 'sotong.csrf',
    cookieOptions: { sameSite: 'strict', secure: deps.config.secureCookies, path: '/', httpOnly: true },
    getCsrfTokenFromRequest: (req) => req.headers['x-csrf-token'],
  });
  csrfByDeps.set(deps, csrf);
  return csrf;
}

/** Resolves who is calling, from a bearer API token or the session cookie. Never refuses by itself. */
export function authenticate(deps: Deps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        const token = match?.[1]?.startsWith(TOKEN_PREFIX) ? await findLiveToken(deps.prisma, match[1]) : null;
        if (!token) throw new AppError('invalid_token', 'The API token is invalid, expired or revoked');
        req.auth = { user: token.user, tokenId: token.id, tokenRoles: token.roles, tokenWorkspaceId: token.workspaceId };
        return next();
      }
      const cookie = (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE];
      if (cookie) {
        const session = await findLiveSession(deps.sql, deps.prisma, cookie);
        if (session) req.auth = { user: session.user, sessionId: session.id };
        else res.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Enforces a route's access rule: sign-in, CSRF on cookie-authenticated mutations, workspace roles. */
export function createGuard(deps: Deps): Guard {
  const csrf = createCsrf(deps);
  return async (route: RouteDefinition, req: Request) => {
    const auth = req.auth;
    if (route.access === 'public') {
      // A public mutation (sign-in, accepting an invite) acts as the session only with a valid CSRF token.
      if (auth?.sessionId && MUTATING.has(req.method) && !csrf.validateRequest(req)) req.auth = undefined;
      return { auth: req.auth };
    }
    if (!auth) throw new AppError('unauthenticated', 'Sign in first');
    const workspaceRoute = Array.isArray(route.access);
    if (auth.tokenId && !(route.tokens ?? workspaceRoute)) {
      throw new AppError('forbidden', 'API tokens cannot call this endpoint; sign in instead');
    }
    if (auth.sessionId && MUTATING.has(req.method) && !csrf.validateRequest(req)) {
      throw new AppError('csrf_invalid', 'The CSRF token is missing or invalid; reload the page');
    }
    if (!workspaceRoute) return { auth };
    return { auth, workspace: await workspaceAccess(deps, auth, req.params.workspaceId as string | undefined, route.access as readonly string[]) };
  };
}

async function workspaceAccess(
  deps: Deps,
  auth: AuthContext,
  workspaceId: string | undefined,
  allowed: readonly string[],
): Promise<WorkspaceContext> {
  // Made only when refusing: an error's stack costs more than the rest of this check.
  const hidden = () => new AppError('not_found', 'Workspace not found');
  if (!workspaceId || !/^[0-9a-f-]{36}$/i.test(workspaceId)) {
    throw new AppError('validation_failed', 'Invalid params: params.workspaceId must be a UUID', [
      { field: 'params.workspaceId', rule: 'invalid_format', message: 'must be a UUID' },
    ]);
  }
  if (auth.tokenWorkspaceId && auth.tokenWorkspaceId !== workspaceId) throw hidden();
  const memberRoles = await memberRolesOf(deps.sql, workspaceId, auth.user.id);
  if (!memberRoles) throw hidden();
  const roles = auth.tokenRoles ? memberRoles.filter((r) => auth.tokenRoles?.includes(r)) : memberRoles;
  if (!roles.some((r) => allowed.includes(r))) {
    throw new AppError('forbidden', `This needs one of the roles: ${allowed.join(', ')}`, { required: allowed, have: roles });
  }
  return { id: workspaceId, roles };
}
