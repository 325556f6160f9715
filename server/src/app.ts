import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Deps } from './deps';
import { AppError } from './lib/errors';
import { createRegistry, openApiDocument } from './lib/http/openapi';
import { mountRoutes, type RouteDefinition } from './lib/http/route';
import { projectRoot } from './lib/paths';
import { apiTokenRoutes } from './modules/api-tokens/routes';
import { approvalRoutes } from './modules/approvals/routes';
import { auditRoutes } from './modules/audit/routes';
import { authenticate, createGuard } from './modules/auth/http-auth';
import { apiRateLimit, loginRateLimits } from './modules/auth/rate-limit';
import { authRoutes } from './modules/auth/routes';
import { preferenceRoutes } from './modules/calendar/preferences';
import { calendarRoutes } from './modules/calendar/routes';
import { calendarFeedRoutes } from './modules/calendar-feeds/routes';
import { campaignRoutes } from './modules/campaigns/routes';
import { channelRoutes } from './modules/channels/routes';
import { commentRoutes } from './modules/comments/routes';
import { digestRoutes } from './modules/digest/routes';
import { healthRoutes } from './modules/health/routes';
import { inboxRoutes } from './modules/inbox/routes';
import { inboxIngestRoutes } from './modules/inbox-ingest/routes';
import { webhookIntake, webhookRouter } from './modules/inbox-ingest/webhook-routes';
import { mediaRoutes } from './modules/media/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { QUEUE_DASHBOARD_PATH, queueDashboard, requireOperator } from './modules/observability/queue-dashboard';
import { httpMetrics, metricsHandler } from './modules/observability/routes';
import { outgoingWebhookRoutes } from './modules/outgoing-webhooks/routes';
import { planCsvRoutes } from './modules/plan-csv/routes';
import { postRoutes } from './modules/posts/routes';
import { publishingRoutes } from './modules/publishing/routes';
import { seriesRoutes } from './modules/recurrence/routes';
import { reportRoutes } from './modules/reports/routes';
import { reviewRateLimit } from './modules/review-links/rate-limit';
import { reviewLinkRoutes } from './modules/review-links/routes';
import { segmentRoutes } from './modules/segments/routes';
import { slotRoutes } from './modules/slots/routes';
import { workspaceRoutes } from './modules/workspaces/routes';

/** Secrets that travel in URLs (invite links, calendar feeds) never reach the logs. */
export const redactUrl = (url: string) =>
  url.replace(/\/(invites|calendar-feeds|review)\/[^/?]+/, '/$1/[redacted]').replace(/([?&](?:code|state)=)[^&]*/g, '$1[redacted]');

export const defaultClientDir = path.join(projectRoot, 'client/dist');

/** Every API route, in one list: the router, the OpenAPI document and the role-matrix test read it. */
export function allRoutes(deps: Deps): RouteDefinition[] {
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...workspaceRoutes(deps),
    ...apiTokenRoutes(deps),
    ...auditRoutes(deps),
    ...mediaRoutes(deps),
    ...segmentRoutes(deps),
    ...campaignRoutes(deps),
    ...channelRoutes(deps),
    ...postRoutes(deps),
    ...calendarRoutes(deps),
    ...preferenceRoutes(deps),
    ...calendarFeedRoutes(deps),
    ...planCsvRoutes(deps),
    ...slotRoutes(deps),
    ...seriesRoutes(deps),
    ...approvalRoutes(deps),
    ...publishingRoutes(deps),
    ...reviewLinkRoutes(deps),
    ...commentRoutes(deps),
    ...notificationRoutes(deps),
    ...inboxIngestRoutes(deps),
    ...inboxRoutes(deps),
    ...reportRoutes(deps),
    ...outgoingWebhookRoutes(deps),
    ...digestRoutes(deps),
  ];
}

/** The HTTP entry point: a request listener (for `http.createServer`, supertest) that can also listen itself. */
export interface App {
  (req: IncomingMessage, res: ServerResponse): void;
  listen(port: number, host: string, callback?: () => void): http.Server;
}

/**
 * The networks' webhook POSTs (thousands a second in a busy hour) are taken before Express sees the request:
 * raw bodies (signatures are over the bytes), no router, cookies, session or per-request log line; errors are
 * logged and answered by the intake itself. Everything else is the Express app.
 */
export function createApp(deps: Deps, options: { clientDir?: string } = {}): App {
  const app = createExpressApp(deps, options);
  const intake = webhookIntake(deps);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!intake(req, res)) app(req, res);
  };
  return Object.assign(handle, {
    listen: (port: number, host: string, callback?: () => void) => http.createServer(handle).listen(port, host, callback),
  });
}

function createExpressApp(deps: Deps, options: { clientDir?: string }) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (deps.config.trustProxy !== undefined) app.set('trust proxy', deps.config.trustProxy);
  // The webhook handshakes (GET, a few a day) first: no session, no request log.
  app.use('/webhooks', webhookRouter(deps));

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customProps: (req, res) => ({ userId: req.auth?.user.id, workspaceId: res.locals.workspaceId as string | undefined }),
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'upgrade-insecure-requests': deps.config.secureCookies ? [] : null },
      },
      strictTransportSecurity: deps.config.secureCookies,
    }),
  );
  app.use(httpMetrics());
  app.get('/metrics', metricsHandler(deps));
  app.use('/api', express.json({ limit: '1mb', strict: true }));
  app.use(cookieParser());
  app.use(authenticate(deps));
  app.use('/api', apiRateLimit(deps));
  app.post('/api/auth/login', ...loginRateLimits(deps));
  app.use('/api/review', reviewRateLimit(deps));
  app.use(QUEUE_DASHBOARD_PATH, requireOperator(deps), queueDashboard(deps));

  const registry = createRegistry();
  const api = express.Router();
  mountRoutes(api, allRoutes(deps), createGuard(deps), registry);
  const document = openApiDocument(registry, deps.config.appUrl);
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use('/docs', apiDocs(document));
  api.use((req, _res, next) => next(new AppError('not_found', `No API route ${req.method} ${req.path}`)));
  app.use('/api', api);

  const clientDir = options.clientDir ?? defaultClientDir;
  if (existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/|webhooks\/|admin\/queues).*/, (_req, res) => {
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    if (appError.status >= 500) req.log.error({ err: error }, 'request failed');
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message, details: appError.details } });
  });
  return app;
}

/** Swagger UI at /api/docs, loaded on the first visit (its page and assets cost the API process memory otherwise). */
function apiDocs(document: object): RequestHandler {
  let docs: Promise<Router> | null = null;
  return (req, res, next) => {
    docs ??= import('swagger-ui-express').then(({ default: swaggerUi }) =>
      express.Router().use(swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Sotong API' })),
    );
    docs.then((router) => router(req, res, next), next);
  };
}

/** Body-parser and other framework errors become the matching AppError; anything else is a bug (500). */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e.type === 'entity.too.large') return new AppError('payload_too_large', 'The request body is larger than 1 MB');
  if (e.type === 'entity.parse.failed') return new AppError('invalid_json', 'The request body is not valid JSON');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new AppError('unsupported_media_type', e.message ?? 'Unsupported encoding');
  if (e.status && e.status >= 400 && e.status < 500 && e.expose) return new AppError('bad_request', e.message ?? 'Bad request');
  const prisma = error as { name?: string; code?: string; meta?: { target?: unknown; modelName?: string } };
  if (prisma.name === 'PrismaClientKnownRequestError') {
    // A unique index said no: two writes raced, or a name is taken.
    if (prisma.code === 'P2002')
      return new AppError('conflict', 'Something with the same name or key exists already', { target: prisma.meta?.target });
    if (prisma.code === 'P2025') return new AppError('not_found', 'It was changed or deleted meanwhile');
  }
  return new AppError('internal', 'Something went wrong on our side; it has been logged');
}
