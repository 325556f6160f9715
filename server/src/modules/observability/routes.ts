/**
 * `GET /metrics` (Prometheus text format) and the HTTP latency middleware. With METRICS_TOKEN set, a
 * scrape must send `Authorization: Bearer <token>`; without it the endpoint is open (bind or firewall it).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { httpDuration, registry } from './metrics';
import { registerQueueMetrics } from './queue-metrics';

export function metricsHandler(deps: Deps): RequestHandler {
  registerQueueMetrics(deps);
  const token = deps.config.metricsToken;
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (token && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`))
        throw new AppError('unauthenticated', 'A metrics token is required');
      res.setHeader('content-type', registry.contentType);
      res.send(await registry.metrics());
    } catch (error) {
      next(error);
    }
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Observes every request's latency under its route template (`/api/workspaces/:workspaceId/posts`), never its raw path. */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => {
      const template = req.route?.path;
      const route = typeof template === 'string' ? `${req.baseUrl}${template}` : req.path.startsWith('/api') ? 'unmatched' : 'static';
      end({ method: req.method, route, status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };
}

/** A worker process's own /metrics (its publish lateness and outcomes), on METRICS_PORT. */
export async function serveWorkerMetrics(deps: Deps, port: number): Promise<Server> {
  const app = express();
  app.get('/metrics', metricsHandler(deps));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const appError = error instanceof AppError ? error : new AppError('internal', 'Could not read the metrics');
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message, details: appError.details } });
  });
  return new Promise((resolve) => {
    const server = app.listen(port, deps.config.host, () => resolve(server));
  });
}
