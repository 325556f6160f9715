/**
 * `GET/POST /webhooks/meta` and `GET/POST /webhooks/x` (outside /api: the networks call them, with no
 * session). GET answers the verification handshake (Meta's hub.verify_token, X's CRC). POST checks the
 * signature over the raw bytes, stores the delivery raw, then answers 200; a missing signature is 401,
 * a wrong one 403, and nothing is stored.
 *
 * The POSTs (thousands a second in a busy hour) are taken on Node's own request API in front of every
 * Express layer: no router, body parser, ETag or request log — those cost a third of the throughput.
 * Refused deliveries (no or wrong signature, not JSON, too large) are counted per address in Redis;
 * an address refused more than WEBHOOK_REFUSALS_PER_MINUTE times is answered 429 for the rest of the
 * minute without its body being read. Correctly signed deliveries are not counted, however many: they
 * come from the network, and a 429 would only make it retry later — a message seen later.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type NextFunction, type Request, type Response, Router } from 'express';
import proxyAddr from 'proxy-addr';
import getRawBody from 'raw-body';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { checkMetaSignature, checkXSignature, type SignatureCheck, xCrcResponse } from './signatures';
import { storeDelivery, type WebhookSource } from './store-deliveries';

const MAX_BODY = 5 * 1024 * 1024;
const OK = Buffer.from('{"ok":true}');

function requireSecret(secret: string | undefined, name: string): string {
  if (!secret) throw new AppError('webhook_not_configured', `Webhooks are not configured: set ${name}`);
  return secret;
}

interface Intake {
  header: string;
  secret: (deps: Deps) => string;
  check: (secret: string, raw: Buffer, header: string | undefined) => SignatureCheck;
}

const intakes: Record<WebhookSource, Intake> = {
  meta: {
    header: 'x-hub-signature-256',
    secret: (deps) => requireSecret(deps.config.meta.appSecret, 'META_APP_SECRET'),
    check: checkMetaSignature,
  },
  x: {
    header: 'x-twitter-webhooks-signature',
    secret: (deps) => requireSecret(deps.config.x.consumerSecret, 'X_CONSUMER_SECRET'),
    check: checkXSignature,
  },
};

function sourceOf(req: IncomingMessage): WebhookSource | undefined {
  if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/')) return undefined;
  const path = req.url.split('?', 1)[0]?.replace(/\/$/, '');
  return path === '/webhooks/meta' ? 'meta' : path === '/webhooks/x' ? 'x' : undefined;
}

function refuse(check: Exclude<SignatureCheck, 'ok'>, header: string): AppError {
  return check === 'missing'
    ? new AppError('webhook_signature_missing', `The ${header} header is missing`)
    : new AppError('webhook_signature_invalid', `The ${header} signature does not match the body`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: MAX_BODY });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new AppError('payload_too_large', 'The webhook body is larger than 5 MB');
    throw new AppError('bad_request', 'The webhook body could not be read');
  }
}

/** Checks, stores and returns nothing: any refusal is thrown as an AppError. */
async function receive(deps: Deps, source: WebhookSource, req: IncomingMessage): Promise<void> {
  const intake = intakes[source];
  const secret = intake.secret(deps);
  const raw = await readBody(req);
  const header = req.headers[intake.header];
  const check = intake.check(secret, raw, Array.isArray(header) ? header[0] : header);
  if (check !== 'ok') throw refuse(check, intake.header);
  const body = raw.toString('utf8');
  try {
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
}

function send(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

function sendError(res: ServerResponse, error: AppError): void {
  send(res, error.status, Buffer.from(JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } })));
}

/** Refusals per address and minute, counted in Redis (shared by all API processes), remembered here. */
function refusalGuard(deps: Deps) {
  const limit = deps.config.inbox.webhookRefusalsPerMinute;
  const blockedUntil = new Map<string, number>();
  return {
    isBlocked(address: string): boolean {
      const until = blockedUntil.get(address);
      if (until === undefined) return false;
      if (until > Date.now()) return true;
      blockedUntil.delete(address);
      return false;
    },
    async refused(address: string): Promise<void> {
      const minute = Math.floor(Date.now() / 60_000);
      const key = `${deps.redisPrefix}:rl:webhook:${address}:${minute}`;
      const [[, count]] = (await deps.redis.multi().incr(key).expire(key, 120).exec()) as [[unknown, number]];
      if (count > limit) blockedUntil.set(address, (minute + 1) * 60_000);
    },
  };
}

/** The POST intake, ahead of Express (app.ts): answers true when the request was a webhook POST and is taken care of. */
export function webhookIntake(deps: Deps) {
  const guard = refusalGuard(deps);
  // The caller's address as Express reads it (TRUST_PROXY): behind a load balancer, not the balancer's.
  const trust = deps.config.trustProxy;
  const trusted = trust === undefined ? null : typeof trust === 'number' ? (_: string, i: number) => i < trust : proxyAddr.compile(trust);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const source = sourceOf(req);
    if (!source) return false;
    const address = (trusted ? proxyAddr(req, trusted) : req.socket.remoteAddress) ?? 'unknown';
    if (guard.isBlocked(address)) {
      res.setHeader('retry-after', String(60 - (Math.floor(Date.now() / 1000) % 60)));
      sendError(res, new AppError('too_many_requests', 'Too many refused webhook deliveries from this address; wait a minute'));
      req.resume();
      return true;
    }
    receive(deps, source, req).then(
      () => send(res, 200, OK),
      async (error: unknown) => {
        const appError = error instanceof AppError ? error : new AppError('internal', 'Something went wrong on our side; it has been logged');
        if (appError.status >= 500) deps.logger.error({ err: error }, 'webhook request failed');
        else if (appError.code !== 'webhook_not_configured')
          // Counted before the answer goes out, so the sender's next request already sees the count.
          await guard.refused(address).catch((e: unknown) => deps.logger.warn({ err: e }, 'could not count a refused webhook'));
        sendError(res, appError);
        // A refused body is not read to the end: let the rest drain so the connection stays usable.
        req.resume();
      },
    );
    return true;
  };
}

/** A synchronous handler whose throw reaches the app's error handler. */
const route = (fn: (req: Request, res: Response) => void) => (req: Request, res: Response, next: NextFunction) => {
  try {
    fn(req, res);
  } catch (error) {
    next(error);
  }
};

/** The GET handshakes (rare, a few a day): ordinary Express routes, errors through the app's error handler. */
export function webhookRouter(deps: Deps): Router {
  const router = Router();
  router.get(
    '/meta',
    route((req, res) => {
      const query = req.query as Record<string, string | undefined>;
      const verifyToken = requireSecret(deps.config.meta.verifyToken, 'META_VERIFY_TOKEN');
      if (query['hub.mode'] !== 'subscribe' || query['hub.verify_token'] !== verifyToken || !query['hub.challenge']) {
        throw new AppError('webhook_verify_failed', 'The verify token does not match');
      }
      res.status(200).type('text/plain').send(query['hub.challenge']);
    }),
  );
  router.get(
    '/x',
    route((req, res) => {
      const secret = requireSecret(deps.config.x.consumerSecret, 'X_CONSUMER_SECRET');
      const token = (req.query as Record<string, string | undefined>).crc_token;
      if (!token)
        throw new AppError('validation_failed', 'crc_token is required', [{ field: 'query.crc_token', rule: 'required', message: 'is required' }]);
      res.status(200).json({ response_token: xCrcResponse(secret, token) });
    }),
  );
  return router;
}
