import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { NextFunction, Request, Response, Router } from 'express';
import type { ZodType } from 'zod';
import { AppError } from '../errors';
import { errorBodySchema, type Role, z } from './zod';

/**
 * One declaration per endpoint: its validation, its access rule and its OpenAPI entry come from
 * the same zod schemas. Routes stay thin: parse, call one service, shape the response.
 *
 * `access`:
 * - `public`: anyone;
 * - `user`: a signed-in person (session cookie), not tied to a workspace;
 * - a list of roles: the route's path has `:workspaceId` and the caller needs one of these roles
 *   there (through a session, or an API token scoped to that workspace and role).
 */
export type Access = 'public' | 'user' | readonly Role[];
export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface AuthContext {
  user: { id: string; email: string; name: string; locale: string | null };
  sessionId?: string;
  tokenId?: string;
  /** The roles an API token was limited to. */
  tokenRoles?: Role[];
  tokenWorkspaceId?: string;
}

export interface WorkspaceContext {
  id: string;
  roles: Role[];
}

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
  /** Present for every route but `public` ones. */
  auth: AuthContext;
  /** Present for workspace routes. */
  workspace: WorkspaceContext;
}

export interface Reply {
  status?: number;
  body?: unknown;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  /** Bearer API tokens may call this route (default: yes for workspace routes, no otherwise). */
  tokens?: boolean;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  responses: Record<number, { description: string; schema?: ZodType }>;
  handler(ctx: HandlerContext<P, Q, B>): Promise<Reply> | Reply;
}

export function defineRoute<P = unknown, Q = unknown, B = unknown>(def: RouteDefinition<P, Q, B>): RouteDefinition {
  return def as unknown as RouteDefinition;
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new AppError(
    'validation_failed',
    `Invalid ${where}: ${result.error.issues.map((i) => `${[where, ...i.path].join('.')} ${i.message}`).join('; ')}`,
    result.error.issues.map((i) => ({ field: [where, ...i.path].join('.'), rule: i.code, message: i.message })),
  );
}

export type Guard = (route: RouteDefinition, req: Request) => Promise<{ auth?: AuthContext; workspace?: WorkspaceContext }>;

/** Mounts routes on an Express router (paths relative to `/api`) and documents them in the registry. */
export function mountRoutes(router: Router, routes: RouteDefinition[], guard: Guard, registry: OpenAPIRegistry): void {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const { auth, workspace } = await guard(route, req);
        if (workspace) res.locals.workspaceId = workspace.id;
        const params = parse(route.params, req.params, 'params');
        const query = parse(route.query, req.query, 'query');
        const body = parse(route.body, req.body, 'body');
        const reply = await route.handler({
          params,
          query,
          body,
          req,
          res,
          auth: auth as AuthContext,
          workspace: workspace as WorkspaceContext,
        });
        if (res.headersSent) return;
        const status = reply.status ?? 200;
        if (reply.body === undefined) res.status(status).end();
        else res.status(status).json(reply.body);
      } catch (error) {
        next(error);
      }
    });
    registry.registerPath(openApiEntry(route));
  }
}

function openApiEntry(route: RouteDefinition): RouteConfig {
  const json = (schema: ZodType) => ({ content: { 'application/json': { schema } } });
  const errors: RouteConfig['responses'] = {
    400: { description: 'Invalid input: the fields and rules are in `details`', ...json(errorBodySchema) },
  };
  if (route.access !== 'public') {
    errors[401] = { description: 'Not signed in', ...json(errorBodySchema) };
    errors[403] = { description: 'Missing role, or CSRF token', ...json(errorBodySchema) };
  }
  const security: Array<Record<string, string[]>> =
    route.access === 'public'
      ? []
      : route.tokens === false || (route.access === 'user' && !route.tokens)
        ? [{ session: [] }]
        : [{ session: [] }, { bearer: [] }];
  return {
    method: route.method,
    path: `/api${route.path.replace(/:(\w+)/g, '{$1}')}`,
    summary: route.summary,
    description: Array.isArray(route.access) ? `Roles: ${route.access.join(', ')}` : `Access: ${route.access}`,
    tags: route.tags,
    security,
    request: {
      ...(route.params ? { params: route.params as never } : {}),
      ...(route.query ? { query: route.query as never } : {}),
      ...(route.body ? { body: { required: true, ...json(route.body) } } : {}),
    },
    responses: {
      ...Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [status, { description: r.description, ...(r.schema ? json(r.schema) : {}) }]),
      ),
      ...errors,
    },
  };
}

export const idParams = <K extends string>(...keys: K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, z.uuid({ error: 'must be a UUID' })])) as Record<K, z.ZodUUID>);
