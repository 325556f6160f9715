/**
 * Shared plumbing of the protocol emulators: a bare node:http server on 127.0.0.1 (random port), body
 * parsing (JSON, form, multipart), fault injection, the record of every post received, and the
 * `/_control/…` HTTP API. Handlers are in-memory and O(1) so a burst of 10,000 posts stays cheap.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import busboy from 'busboy';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

/** Epoch milliseconds with sub-millisecond precision. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export type FaultKind = 'latency' | 'rate_limit' | 'server_error' | 'commit_then_drop';

export interface FaultSpec {
  kind: FaultKind;
  /** Route name as listed by each emulator (e.g. `POST /2/tweets`, `POST /{page}/feed`); every route when omitted. */
  endpoint?: string;
  /** Applies to the next N matching calls … */
  count?: number;
  /** … or to this share (0–1) of matching calls (seeded, reproducible). */
  ratio?: number;
  /** latency: milliseconds added before the call is handled. */
  latencyMs?: number;
  /** rate_limit: seconds until the reset the answer announces (default 60). */
  resetInSeconds?: number;
  /** rate_limit on Graph: the error code (4 app, 17 user, 32 page, 613; default 4). */
  graphCode?: 4 | 17 | 32 | 613 | 80001;
  /** server_error: HTTP status (default 503 on X, 500 on Graph). */
  status?: number;
  /** server_error: commit the call first, then answer 5xx (an outcome the caller cannot know). */
  commit?: boolean;
}

export interface ActiveFault extends FaultSpec {
  id: string;
  hits: number;
}

export interface PostRecord {
  seq: number;
  /** The account that posted (Page id, Instagram user id, X user id). */
  account: string;
  /** `post` for publications, `reply` for answers to other people's comments/posts. */
  kind: 'post' | 'reply';
  endpoint: string;
  remoteId: string;
  text: string;
  /** When the request reached the emulator (epoch ms, sub-ms precision), before any injected latency. */
  arrivedAt: number;
  /** True when a commit-then-drop fault destroyed the socket instead of answering. */
  dropped: boolean;
  body: JsonObject;
}

export interface Recorder {
  posts: PostRecord[];
  perAccount: Map<string, number>;
}

export function createRecorder(): Recorder {
  return { posts: [], perAccount: new Map() };
}

export function recordPost(recorder: Recorder, entry: Omit<PostRecord, 'seq' | 'dropped'>): PostRecord {
  const record: PostRecord = { ...entry, seq: recorder.posts.length + 1, dropped: false };
  recorder.posts.push(record);
  if (entry.kind === 'post') recorder.perAccount.set(entry.account, (recorder.perAccount.get(entry.account) ?? 0) + 1);
  return record;
}

/** mulberry32: small seeded PRNG so fault ratios are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultBook {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  constructor(private readonly random: () => number) {}

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: `fault_${this.nextId++}`, hits: 0 };
    this.faults.push(fault);
    return fault;
  }
  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }
  remove(id: string): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }
  clear(): void {
    this.faults = [];
  }

  /** The faults this call suffers: every matching latency plus at most one failure. */
  draw(endpoint: string): { latencyMs: number; failure: ActiveFault | null } {
    let latencyMs = 0;
    let failure: ActiveFault | null = null;
    if (this.faults.length === 0) return { latencyMs, failure };
    for (const fault of this.faults) {
      if (fault.endpoint && fault.endpoint !== endpoint) continue;
      if (fault.kind !== 'latency' && failure) continue;
      if (!this.applies(fault)) continue;
      fault.hits += 1;
      if (fault.count !== undefined) fault.count -= 1;
      if (fault.kind === 'latency') latencyMs += fault.latencyMs ?? 0;
      else failure = fault;
    }
    this.faults = this.faults.filter((f) => f.count === undefined || f.count > 0);
    return { latencyMs, failure };
  }

  private applies(fault: ActiveFault): boolean {
    if (fault.count !== undefined) return fault.count > 0;
    if (fault.ratio !== undefined) return this.random() < fault.ratio;
    return true;
  }
}

export interface EmulatorRequest {
  method: string;
  url: URL;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON or form body (multipart text fields too). */
  body: JsonObject;
  /** Multipart files by field name. */
  files: Map<string, Buffer>;
  rawBody: Buffer;
  arrivedAt: number;
}

export interface EmulatorResponse {
  status: number;
  body?: Json | string;
  headers?: Record<string, string>;
  /** Set by handlers that create something: a commit-then-drop fault then drops after the commit. */
  redirect?: string;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface RouteMatch {
  /** Route name used by faults, e.g. `POST /2/tweets`. */
  name: string;
  handler: Handler;
  /** Control routes skip faults and latency. */
  control?: boolean;
}

export interface ServerHooks {
  match(method: string, path: string): RouteMatch | null;
  /** The network's answer for an injected failure (rate limit or 5xx). */
  failureResponse(fault: ActiveFault, req: EmulatorRequest): EmulatorResponse;
  /** Headers every answer carries (X's rate-limit headers, Graph's usage headers). */
  commonHeaders?(req: EmulatorRequest, route: RouteMatch, res: EmulatorResponse): Record<string, string>;
  faults: FaultBook;
  /** Added to every non-control call (the benchmark's network latency). */
  baseLatencyMs(): number;
}

export interface StartedServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseBody(req: http.IncomingMessage): Promise<{ raw: Buffer; body: JsonObject; files: Map<string, Buffer> }> {
  const type = req.headers['content-type'] ?? '';
  const files = new Map<string, Buffer>();
  if (type.startsWith('multipart/form-data')) {
    return new Promise((resolve, reject) => {
      const body: JsonObject = {};
      const parser = busboy({ headers: req.headers });
      parser.on('field', (name, value) => {
        body[name] = value;
      });
      parser.on('file', (name, stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => files.set(name, Buffer.concat(chunks)));
      });
      parser.on('close', () => resolve({ raw: Buffer.alloc(0), body, files }));
      parser.on('error', reject);
      req.pipe(parser);
    });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (raw.length === 0) return resolve({ raw, body: {}, files });
      const text = raw.toString('utf8');
      if (type.includes('json') || text.startsWith('{')) {
        try {
          const parsed: Json = JSON.parse(text);
          return resolve({ raw, body: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}, files });
        } catch {
          return resolve({ raw, body: {}, files });
        }
      }
      resolve({ raw, body: Object.fromEntries(new URLSearchParams(text)), files });
    });
  });
}

function send(res: http.ServerResponse, answer: EmulatorResponse, extra: Record<string, string>): void {
  const headers: Record<string, string> = { ...extra, ...answer.headers };
  if (answer.redirect) {
    res.writeHead(302, { ...headers, location: answer.redirect });
    res.end();
    return;
  }
  const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  if (!headers['content-type'])
    headers['content-type'] = typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(payload);
}

export async function startServer(hooks: ServerHooks, port = 0): Promise<StartedServer> {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    const arrivedAt = nowMs();
    void handle(req, res, arrivedAt);
  });
  server.maxRequestsPerSocket = 0;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, arrivedAt: number): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const { raw, body, files } = await parseBody(req);
      const request: EmulatorRequest = {
        method,
        url,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        files,
        rawBody: raw,
        arrivedAt,
      };
      const route = hooks.match(method, url.pathname);
      if (!route) {
        send(
          res,
          { status: 404, body: { error: { message: `Unknown path ${method} ${url.pathname}`, type: 'GraphMethodException', code: 100 } } },
          {},
        );
        return;
      }
      if (route.control) {
        send(res, await route.handler(request), {});
        return;
      }
      const { latencyMs, failure } = hooks.faults.draw(route.name);
      const delay = latencyMs + hooks.baseLatencyMs();
      if (delay > 0) await sleep(delay);
      if (failure && failure.kind !== 'commit_then_drop' && !(failure.kind === 'server_error' && failure.commit)) {
        const answer = hooks.failureResponse(failure, request);
        send(res, answer, hooks.commonHeaders?.(request, route, answer) ?? {});
        return;
      }
      const answer = await route.handler(request);
      if (failure?.kind === 'commit_then_drop') {
        markDropped(answer);
        req.socket.destroy();
        return;
      }
      if (failure?.kind === 'server_error') {
        const failed = hooks.failureResponse(failure, request);
        send(res, failed, hooks.commonHeaders?.(request, route, failed) ?? {});
        return;
      }
      send(res, answer, hooks.commonHeaders?.(request, route, answer) ?? {});
    } catch (error) {
      if (!res.headersSent) send(res, { status: 500, body: { error: { message: String(error), type: 'EmulatorError', code: 1 } } }, {});
    }
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Handlers attach the record they made to the answer, so commit-then-drop can flag it. */
const recordOfAnswer = new WeakMap<EmulatorResponse, PostRecord>();
export function withRecord(answer: EmulatorResponse, record: PostRecord): EmulatorResponse {
  recordOfAnswer.set(answer, record);
  return answer;
}
function markDropped(answer: EmulatorResponse): void {
  const record = recordOfAnswer.get(answer);
  if (record) record.dropped = true;
}

export function hmacHex(secret: string, raw: string | Buffer): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}
export function hmacBase64(secret: string, raw: string | Buffer): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

export interface WebhookDelivery {
  at: number;
  url: string;
  status: number | null;
  error: string | null;
  body: string;
}

/**
 * Drops a share of webhook deliveries (seeded, reproducible), as real networks do now and then: the
 * completeness test turns it on and checks polling brings in what webhooks lost.
 */
export class WebhookDrop {
  ratio = 0;
  dropped = 0;
  constructor(private readonly random: () => number) {}
  set(ratio: number): void {
    this.ratio = Math.min(1, Math.max(0, ratio));
  }
  /** True when this delivery is to be lost (counted). */
  drop(): boolean {
    if (this.ratio <= 0 || this.random() >= this.ratio) return false;
    this.dropped += 1;
    return true;
  }
}

/** POSTs a signed JSON payload; never throws (webhooks are best-effort, as on the real networks). */
export async function deliverWebhook(url: string, body: string, headers: Record<string, string>, log: WebhookDelivery[]): Promise<WebhookDelivery> {
  const delivery: WebhookDelivery = { at: Date.now(), url, status: null, error: null, body };
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(5000),
    });
    delivery.status = res.status;
    await res.arrayBuffer();
  } catch (error) {
    delivery.error = error instanceof Error ? error.message : String(error);
  }
  log.push(delivery);
  return delivery;
}

export const str = (value: Json | undefined): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

export function jsonField(value: Json | undefined): Json | undefined {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Records as JSON for the control API. */
export function recordsJson(recorder: Recorder, sinceSeq = 0): JsonObject {
  const posts = sinceSeq > 0 ? recorder.posts.slice(sinceSeq) : recorder.posts;
  return {
    posts: posts.map((p) => ({ ...p })),
    perAccount: Object.fromEntries(recorder.perAccount),
    total: recorder.posts.length,
  };
}
