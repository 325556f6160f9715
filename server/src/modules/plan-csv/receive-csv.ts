import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError } from '../../lib/errors';

export const MAX_CSV_BYTES = 2 * 1024 * 1024;

const FIELD = 'file';
const badRequest = (message: string) => new AppError('bad_request', message);
const tooLarge = () =>
  new AppError('payload_too_large', `The CSV file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`, { maxBytes: MAX_CSV_BYTES });

/**
 * The bytes of an uploaded plan CSV, at most `MAX_CSV_BYTES`: the `file` field of a
 * `multipart/form-data` request, or a raw `text/csv` body (express.json leaves both unread).
 * An oversize body stops at the limit (413); the rest is discarded unread.
 */
export function receiveCsv(req: IncomingMessage): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (/^multipart\/form-data\s*;/.test(type)) return receiveMultipart(req);
  if (/^text\/csv\s*(;|$)/.test(type)) return receiveRaw(req);
  return Promise.reject(new AppError('unsupported_media_type', 'Send the CSV as multipart/form-data (a field named `file`) or as a text/csv body'));
}

function receiveRaw(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_CSV_BYTES) return discard(req, tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_CSV_BYTES) return fail(tooLarge());
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', () => fail(badRequest('The upload was interrupted')));
    req.on('close', () => {
      if (!req.complete) fail(badRequest('The upload was interrupted'));
    });
  });
}

function receiveMultipart(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_CSV_BYTES + 64 * 1024) return discard(req, tooLarge());
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 3, fields: 10, parts: 20, fieldSize: 1024, headerPairs: 50, fileSize: MAX_CSV_BYTES },
    });
  } catch {
    return discard(req, badRequest('The multipart/form-data request has no boundary'));
  }
  return new Promise((resolve, reject) => {
    let file: Promise<Buffer> | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    parser.on('file', (name, stream) => {
      if (name !== FIELD || file) {
        stream.resume();
        return;
      }
      file = new Promise<Buffer>((done, failed) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => {
          stream.resume();
          failed(tooLarge());
        });
        stream.on('error', () => failed(badRequest('The multipart/form-data body is malformed')));
        stream.on('end', () => done(Buffer.concat(chunks)));
      });
      file.catch(fail);
    });
    parser.on('error', () => fail(badRequest('The multipart/form-data body is malformed')));
    parser.on('close', () => {
      if (!file) return fail(badRequest('The request has no `file` field'));
      file.then((bytes) => {
        if (settled) return;
        settled = true;
        resolve(bytes);
      }, fail);
    });
    req.on('error', () => fail(badRequest('The upload was interrupted')));
    req.on('close', () => {
      if (!req.complete) fail(badRequest('The upload was interrupted'));
    });
    req.pipe(parser);
  });
}

function discard(req: IncomingMessage, error: AppError): Promise<never> {
  req.resume();
  return Promise.reject(error);
}
