import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError } from '../../lib/errors';
import { MEDIA_LIMITS, type MediaType, SNIFF_BYTES, sniffMediaType, tooLarge } from './media-types';

/** An upload spooled to a temporary file: sniffed, hashed and within its size limit. */
export interface ReceivedFile {
  tempPath: string;
  type: MediaType;
  sha256: string;
  bytes: number;
  originalName: string;
}

const FIELD = 'file';
const badRequest = (message: string) => new AppError('bad_request', message);

/**
 * Streams the `file` field of a multipart request to a temporary file in `tempDir`, hashing and
 * counting as it goes. The type is sniffed from the first bytes, so a refused type (415) or an
 * oversize file (413) stops the upload at once; the temporary file is removed on any failure and
 * the rest of the request body is discarded unread.
 */
export function receiveUpload(req: IncomingMessage, tempDir: string): Promise<ReceivedFile> {
  if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(badRequest('Send the file as multipart/form-data, in a field named `file`'));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { files: 3, fields: 10, parts: 20, fieldSize: 1024, headerPairs: 50 },
    });
  } catch {
    return Promise.reject(badRequest('The multipart/form-data request has no boundary'));
  }
  return new Promise((resolve, reject) => {
    let receiving: Promise<ReceivedFile> | undefined;
    let fileStream: Readable | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      fileStream?.destroy(error instanceof Error ? error : undefined);
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== FIELD || receiving) {
        stream.resume();
        return;
      }
      fileStream = stream;
      receiving = spoolToTempFile(stream, tempDir, info.filename);
      receiving.catch(fail);
    });
    parser.on('error', () => fail(badRequest('The multipart/form-data body is malformed')));
    parser.on('close', () => {
      if (!receiving) return fail(badRequest('The request has no `file` field'));
      receiving.then((file) => {
        if (settled) return void rm(file.tempPath, { force: true });
        settled = true;
        resolve(file);
      }, fail);
    });
    req.on('error', fail);
    req.on('close', () => {
      if (!req.complete) fail(badRequest('The upload was interrupted'));
    });
    req.pipe(parser);
  });
}

async function spoolToTempFile(source: Readable, tempDir: string, filename: string | undefined): Promise<ReceivedFile> {
  await mkdir(tempDir, { recursive: true });
  const tempPath = path.join(tempDir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  let type: MediaType | undefined;

  async function* sniffCountAndHash(chunks: AsyncIterable<Buffer>) {
    let head: Buffer[] = [];
    for await (const chunk of chunks) {
      bytes += chunk.length;
      hash.update(chunk);
      if (type) {
        if (bytes > MEDIA_LIMITS[type.kind]) throw tooLarge(type);
        yield chunk;
        continue;
      }
      head.push(chunk);
      if (bytes < SNIFF_BYTES) continue;
      type = await sniffMediaType(Buffer.concat(head));
      if (bytes > MEDIA_LIMITS[type.kind]) throw tooLarge(type);
      yield* head;
      head = [];
    }
    if (type) return;
    if (bytes === 0) throw badRequest('The file is empty');
    type = await sniffMediaType(Buffer.concat(head));
    yield* head;
  }

  try {
    await pipeline(source, sniffCountAndHash, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(tempPath, { force: true });
    // File-system failures (they name a syscall) are ours; anything else is the request breaking off.
    if (error instanceof AppError || (error as NodeJS.ErrnoException).syscall) throw error;
    throw badRequest('The upload was interrupted or its multipart body is malformed');
  }
  return { tempPath, type: type as MediaType, sha256: hash.digest('hex'), bytes, originalName: sanitiseFileName(filename) };
}

/** A display name: no folders, control or bidirectional-override characters, at most 200 characters. */
export function sanitiseFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(clean).slice(0, 200).join('').trim() || 'upload';
}
