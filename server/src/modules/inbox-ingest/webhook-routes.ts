/**
 * `GET/POST /webhooks/meta` and `GET/POST /webhooks/x` (outside /api: the networks call them, with no
 * session). GET answers the verification handshake (Meta's hub.verify_token, X's CRC). POST checks the
 * signature over the raw bytes, stores the delivery raw, then answers 200; a missing signature is 401,
 * a wrong one 403, and nothing is stored.
 */
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { checkMetaSignature, checkXSignature, type SignatureCheck, xCrcResponse } from './signatures';
import { storeDelivery, type WebhookSource } from './store-deliveries';

const rawBody = express.raw({ type: () => true, limit: '5mb' });

function refuse(check: Exclude<SignatureCheck, 'ok'>, header: string): AppError {
  return check === 'missing'
    ? new AppError('webhook_signature_missing', `The ${header} header is missing`)
    : new AppError('webhook_signature_invalid', `The ${header} signature does not match the body`);
}

function requireSecret(secret: string | undefined, name: string): string {
  if (!secret) throw new AppError('webhook_not_configured', `Webhooks are not configured: set ${name}`);
  return secret;
}

const asyncRoute = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve()
    .then(() => fn(req, res))
    .catch(next);
};

async function accept(deps: Deps, source: WebhookSource, req: Request, res: Response): Promise<void> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let body: string;
  try {
    body = raw.toString('utf8');
    JSON.parse(body);
  } catch {
    throw new AppError('invalid_json', 'The webhook body is not JSON');
  }
  try {
    await storeDelivery(deps, source, body);
  } catch (error) {
    deps.logger.error({ err: error }, 'webhook delivery could not be stored');
    // Not acknowledged: the network retries it.
    throw new AppError('unavailable', 'The delivery could not be stored; retry later');
  }
  res.status(200).json({ ok: true });
}

export function webhookRouter(deps: Deps): Router {
  const router = Router();

  router.get(
    '/meta',
    asyncRoute((req, res) => {
      const query = req.query as Record<string, string | undefined>;
      const verifyToken = requireSecret(deps.config.meta.verifyToken, 'META_VERIFY_TOKEN');
      if (query['hub.mode'] !== 'subscribe' || query['hub.verify_token'] !== verifyToken || !query['hub.challenge']) {
        throw new AppError('webhook_verify_failed', 'The verify token does not match');
      }
      res.status(200).type('text/plain').send(query['hub.challenge']);
    }),
  );
  router.post(
    '/meta',
    rawBody,
    asyncRoute(async (req, res) => {
      const secret = requireSecret(deps.config.meta.appSecret, 'META_APP_SECRET');
      const check = checkMetaSignature(secret, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('x-hub-signature-256'));
      if (check !== 'ok') throw refuse(check, 'X-Hub-Signature-256');
      await accept(deps, 'meta', req, res);
    }),
  );

  router.get(
    '/x',
    asyncRoute((req, res) => {
      const secret = requireSecret(deps.config.x.consumerSecret, 'X_CONSUMER_SECRET');
      const token = (req.query as Record<string, string | undefined>).crc_token;
      if (!token)
        throw new AppError('validation_failed', 'crc_token is required', [{ field: 'query.crc_token', rule: 'required', message: 'is required' }]);
      res.status(200).json({ response_token: xCrcResponse(secret, token) });
    }),
  );
  router.post(
    '/x',
    rawBody,
    asyncRoute(async (req, res) => {
      const secret = requireSecret(deps.config.x.consumerSecret, 'X_CONSUMER_SECRET');
      const check = checkXSignature(secret, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('x-twitter-webhooks-signature'));
      if (check !== 'ok') throw refuse(check, 'x-twitter-webhooks-signature');
      await accept(deps, 'x', req, res);
    }),
  );
  // Mounted ahead of request logging and helmet (the networks need neither, and they cost a third of the
  // throughput): errors are written here, in the one error shape.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = error as { type?: string };
    const appError =
      error instanceof AppError
        ? error
        : e.type === 'entity.too.large'
          ? new AppError('payload_too_large', 'The webhook body is larger than 5 MB')
          : new AppError('internal', 'Something went wrong on our side; it has been logged');
    if (appError.status >= 500) deps.logger.error({ err: error }, 'webhook request failed');
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message, details: appError.details } });
  });
  return router;
}
