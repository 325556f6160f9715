import { open } from 'node:fs/promises';
import { AppError } from '../../lib/errors';

export interface MediaFacts {
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** A 400 px wide WebP preview (images only). */
  thumbnail: Buffer | null;
}

export const THUMB_WIDTH = 400;

/** Displayed dimensions (EXIF orientation applied) and a WebP thumbnail of the first frame. */
export async function probeImage(file: string): Promise<MediaFacts> {
  // libvips is loaded with the first upload, not by every API process at start.
  const { default: sharp } = await import('sharp');
  try {
    const meta = await sharp(file).metadata();
    const turned = (meta.orientation ?? 1) >= 5;
    const height = meta.pageHeight ?? meta.height;
    const thumbnail = await sharp(file).rotate().resize({ width: THUMB_WIDTH, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    return { width: turned ? height : meta.width, height: turned ? meta.width : height, durationMs: null, thumbnail };
  } catch {
    throw new AppError('unprocessable', 'The image could not be decoded; it may be damaged or too large in pixels');
  }
}

interface Box {
  type: string;
  start: number;
  end: number;
}

/** The boxes between `start` and `end` of an ISO-BMFF buffer (MP4, QuickTime). */
function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1 && at + 16 <= end) {
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) return;
    yield { type: buf.toString('latin1', at + 4, at + 8), start: at + header, end: at + size };
    at += size;
  }
}

const MAX_MOOV_BYTES = 32 * 1024 * 1024;

/**
 * Duration (`mvhd`) and the first visual track's size (`tkhd`, rotation applied) of an MP4 or
 * QuickTime file. Values it cannot find are null: a video is never refused for its metadata.
 */
export async function probeVideo(file: string): Promise<MediaFacts> {
  const facts: MediaFacts = { width: null, height: null, durationMs: null, thumbnail: null };
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    for (let at = 0; at + 8 <= size; ) {
      await handle.read(header, 0, 16, at);
      const small = header.readUInt32BE(0);
      const boxSize = small === 1 ? Number(header.readBigUInt64BE(8)) : small === 0 ? size - at : small;
      if (boxSize < 8) break;
      if (header.toString('latin1', 4, 8) === 'moov' && boxSize <= MAX_MOOV_BYTES) {
        const moov = Buffer.alloc(boxSize);
        await handle.read(moov, 0, boxSize, at);
        readMoov(moov, facts);
        break;
      }
      at += boxSize;
    }
  } finally {
    await handle.close();
  }
  return facts;
}

function readMoov(moov: Buffer, facts: MediaFacts): void {
  const [root] = [...boxes(moov, 0, moov.length)];
  if (!root) return;
  for (const box of boxes(moov, root.start, root.end)) {
    if (box.type === 'mvhd' && box.end - box.start >= 32) {
      const v1 = moov[box.start] === 1;
      const timescale = moov.readUInt32BE(box.start + (v1 ? 20 : 12));
      const duration = v1 ? Number(moov.readBigUInt64BE(box.start + 24)) : moov.readUInt32BE(box.start + 16);
      if (timescale > 0) facts.durationMs = Math.round((duration * 1000) / timescale);
    }
    if (box.type !== 'trak' || facts.width !== null) continue;
    const tkhd = [...boxes(moov, box.start, box.end)].find((b) => b.type === 'tkhd');
    if (!tkhd) continue;
    const base = tkhd.start + (moov[tkhd.start] === 1 ? 12 : 0);
    if (base + 84 > tkhd.end) continue;
    const width = moov.readUInt32BE(base + 76) >>> 16;
    const height = moov.readUInt32BE(base + 80) >>> 16;
    if (!width || !height) continue;
    // The transformation matrix turns the picture a quarter when its `a` entry is 0.
    const turned = moov.readInt32BE(base + 40) === 0;
    facts.width = turned ? height : width;
    facts.height = turned ? width : height;
  }
}
