/**
 * What each network accepts in one post. Pure data, shared by the server and
 * the browser: import nothing from the server here.
 *
 * The numbers follow the networks' documentation, which changes: change them
 * here and nowhere else.
 */

export type Provider = 'facebook_page' | 'instagram' | 'x';

export const providers: readonly Provider[] = ['facebook_page', 'instagram', 'x'];

/** `characters`: Unicode code points. `weighted`: twitter-text's `parseTweet` (CJK weigh 2, every URL 23). */
export type TextCounting = 'characters' | 'weighted';

/** A width:height ratio such as 4:5. */
export type AspectRatio = readonly [width: number, height: number];

export interface ImageLimits {
  mimeTypes: readonly string[];
  maxBytes: number;
  /** Allowed width/height range, checked only when the size is known. */
  aspectRatio: { min: AspectRatio; max: AspectRatio } | null;
}

export interface VideoLimits {
  mimeTypes: readonly string[];
  maxBytes: number;
  minDurationMs: number | null;
  maxDurationMs: number;
}

export interface NetworkLimits {
  text: { max: number; counting: TextCounting };
  maxHashtags: number | null;
  maxMentions: number | null;
  media: {
    required: boolean;
    /** Images and videos together (an Instagram carousel holds 10 items of either kind). */
    maxItems: number;
    maxImages: number;
    maxVideos: number;
    mixImagesAndVideos: boolean;
    image: ImageLimits;
    video: VideoLimits;
  };
  /** Organic audience targeting on a post (Facebook Page `targeting` / `feed_targeting`). */
  organicTargeting: boolean;
  firstComment: boolean;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const networkLimits: Record<Provider, NetworkLimits> = {
  x: {
    text: { max: 280, counting: 'weighted' },
    maxHashtags: null,
    maxMentions: null,
    media: {
      required: false,
      maxItems: 4,
      maxImages: 4,
      maxVideos: 1,
      mixImagesAndVideos: false,
      image: { mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'], maxBytes: 5 * MB, aspectRatio: null },
      video: { mimeTypes: ['video/mp4', 'video/quicktime'], maxBytes: 512 * MB, minDurationMs: 500, maxDurationMs: 140 * SECOND },
    },
    organicTargeting: false,
    firstComment: false,
  },
  facebook_page: {
    text: { max: 63_206, counting: 'characters' },
    maxHashtags: null,
    maxMentions: null,
    media: {
      required: false,
      maxItems: 10,
      maxImages: 10,
      maxVideos: 1,
      mixImagesAndVideos: false,
      image: {
        mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'],
        maxBytes: 10 * MB,
        aspectRatio: null,
      },
      video: { mimeTypes: ['video/mp4', 'video/quicktime'], maxBytes: 10 * GB, minDurationMs: null, maxDurationMs: 240 * MINUTE },
    },
    organicTargeting: true,
    firstComment: true,
  },
  instagram: {
    text: { max: 2_200, counting: 'characters' },
    maxHashtags: 30,
    maxMentions: 20,
    media: {
      required: true,
      maxItems: 10,
      maxImages: 10,
      maxVideos: 10,
      mixImagesAndVideos: true,
      image: { mimeTypes: ['image/jpeg'], maxBytes: 8 * MB, aspectRatio: { min: [4, 5], max: [1.91, 1] } },
      // Reels limits; carousel videos are shorter in practice (60 s), which Instagram reports at publish time.
      video: { mimeTypes: ['video/mp4', 'video/quicktime'], maxBytes: 300 * MB, minDurationMs: 3 * SECOND, maxDurationMs: 90 * SECOND },
    },
    organicTargeting: false,
    firstComment: true,
  },
};
