/**
 * The queue dashboard (bull-board) at /admin/queues, for the people who run the installation: signed-in
 * users whose e-mail is in OPS_ADMINS (without it, the embedded demo lets its admin in). Jobs carry ids only, but
 * they span every workspace, so a workspace admin alone is not enough. Its buttons (retry, clean) are
 * accepted from the same origin only — the dashboard sends no CSRF header, so the Origin is checked.
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { DEMO_ADMIN_EMAIL } from '../../../../prisma/seed/demo';
import type { Deps } from '../../deps';
import { createQueue, queueNames } from '../../jobs/queues';
import { AppError } from '../../lib/errors';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Loaded and built on the first visit, so an app whose dashboard nobody opens holds neither its code nor queue connections for it. */
export function queueDashboard(deps: Deps): RequestHandler {
  let router: Promise<Router> | null = null;
  const build = async () => {
    const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/express'),
    ]);
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    const queues = Object.values(queueNames).map((name) => {
      const queue = createQueue(deps, name);
      queue.on('error', (error) => deps.logger.warn({ queue: name, err: error }, 'queue dashboard: Redis error'));
      return new BullMQAdapter(queue);
    });
    createBullBoard({ queues, serverAdapter, options: { uiConfig: { boardTitle: 'Sotong queues' } } });
    return serverAdapter.getRouter() as Router;
  };
  return (req, res, next) => {
    router ??= build();
    router.then((dashboard) => dashboard(req, res, next), next);
  };
}

/** Only operators; mutations only from this origin. */
export function requireOperator(deps: Deps) {
  // Without OPS_ADMINS, the embedded demo (no DATABASE_URL) lets its admin in; a real deployment nobody.
  const listed = deps.config.opsAdmins.length ? deps.config.opsAdmins : deps.config.databaseUrl ? [] : [DEMO_ADMIN_EMAIL];
  const operators = new Set(listed.map((e) => e.toLowerCase()));
  const origin = new URL(deps.config.appUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    const user = req.auth?.user;
    if (!user || req.auth?.tokenId) return next(new AppError('unauthenticated', 'Sign in as an operator to see the queues'));
    if (!operators.has(user.email.toLowerCase()))
      return next(new AppError('forbidden', 'The queue dashboard is for the operators listed in OPS_ADMINS'));
    if (MUTATING.has(req.method)) {
      const from = req.headers.origin ?? (req.headers.referer ? new URL(req.headers.referer).origin : null);
      if (from !== origin) return next(new AppError('forbidden', 'Queue actions are accepted from the dashboard only'));
    }
    next();
  };
}
