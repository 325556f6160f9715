import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Deps } from '../../deps';

/**
 * Where media bytes live. Keys look like `<workspaceId>/<sha256>.<ext>`; a backend never sees a
 * client-chosen name. The local disk is the first backend; an S3-compatible one can implement the
 * same five methods.
 */
export interface MediaStorage {
  /** Stores the bytes under `key` atomically: a failed or half-finished put leaves nothing under the key. */
  put(key: string, source: Readable | Buffer): Promise<void>;
  /** The bytes under `key`; the stream errors if there are none. */
  get(key: string): Readable;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** The size in bytes, or null when the key holds nothing. */
  size(key: string): Promise<number | null>;
}

const KEY = /^[0-9a-f-]{36}\/[0-9a-f]{64}(\.thumb)?\.[a-z0-9]{2,5}$/;

function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Invalid media storage key: ${key}`);
}

/** Files under one folder (`DATA_DIR/media`); writes go to `.tmp/` first and are renamed into place. */
export class LocalDiskStorage implements MediaStorage {
  constructor(private readonly root: string) {}

  private fileOf(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, source: Readable | Buffer): Promise<void> {
    const target = this.fileOf(key);
    const tempDir = path.join(this.root, '.tmp');
    await mkdir(tempDir, { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  get(key: string): Readable {
    return createReadStream(this.fileOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return (await this.size(key)) !== null;
  }

  async size(key: string): Promise<number | null> {
    try {
      const info = await stat(this.fileOf(key));
      return info.isFile() ? info.size : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

const storageByDeps = new WeakMap<Deps, MediaStorage>();

/** The media storage of an app (made on first use, so route lists can be built without a config). */
export function mediaStorage(deps: Deps): MediaStorage {
  let storage = storageByDeps.get(deps);
  if (!storage) {
    storage = new LocalDiskStorage(path.join(deps.config.dataDir, 'media'));
    storageByDeps.set(deps, storage);
  }
  return storage;
}

/** Where uploads are spooled while they are received and checked (never under a final key). */
export const uploadTempDir = (deps: Deps) => path.join(deps.config.dataDir, 'tmp', 'uploads');
