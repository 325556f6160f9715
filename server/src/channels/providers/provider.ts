/**
 * The one interface every social network adapter implements (facebook.ts, instagram.ts, x.ts).
 * Nothing outside server/src/channels/providers/ imports a network SDK. Adapters never log or
 * throw their tokens: every error leaves an adapter as a `ProviderError` with a classified kind.
 */

export type ProviderName = 'facebook_page' | 'instagram' | 'x';

/** What a network allows, for the composer's validation and the publisher. */
export interface ProviderLimits {
  maxTextLength: number;
  /** X weighs text (twitter-text): CJK counts 2, URLs 23. */
  weightedText: boolean;
  maxImages: number;
  maxVideos: number;
  mediaRequired: boolean;
  /** Organic audience targeting on the post (Facebook Pages only). */
  supportsTargeting: boolean;
  supportsFirstComment: boolean;
}

/** The account a call acts as, with its decrypted credentials (never logged). */
export interface ProviderAccount {
  /** The network's id of the Page / Instagram business account / X user. */
  remoteId: string;
  accessToken: string;
  refreshToken?: string | null;
}

export interface MediaToPublish {
  kind: 'image' | 'video';
  mimeType: string;
  /** A URL the network can fetch (Graph API takes URLs) … */
  url: string;
  /** … and the bytes, for networks that take uploads (X). */
  read(): Promise<Buffer>;
}

/** A segment's audience, in the network-neutral words of the segment; each adapter translates it. */
export interface Targeting {
  /** Each place is a whole country, a region in it, or a city in it (the most specific level given). */
  places?: Array<{ country: string; region?: string; city?: string }>;
  ageMin?: number;
  ageMax?: number;
  genders?: Array<'male' | 'female'>;
  /** BCP 47 language tags, e.g. `ko-KR`. */
  languages?: string[];
}

/** A place or language of a segment that the network cannot target (it knows no such name). */
export interface UnknownTarget {
  kind: 'region' | 'city' | 'language';
  name: string;
  country?: string;
  region?: string;
}

export interface PublishRequest {
  text: string;
  link?: string | null;
  media: MediaToPublish[];
  firstComment?: string | null;
  targeting?: Targeting | null;
  /** For finding the post again when the outcome is unknown (see `findPublished`). */
  fingerprint: string;
}

export interface PublishedPost {
  remoteId: string;
  url: string | null;
  publishedAt: Date;
}

/**
 * A post made ready ahead of its second — budgets and quotas checked, media uploaded, containers
 * processed — so the due second makes only the call that makes it public. Nothing staged is public.
 */
export interface StagedPost {
  publish(): Promise<PublishedPost>;
}

export interface InboundMessage {
  remoteId: string;
  /** The post (ours) or message this one answers. */
  parentRemoteId: string | null;
  threadRemoteId: string | null;
  author: { remoteId: string; name: string; handle?: string | null };
  text: string;
  createdAt: Date;
}

/** Inbound messages on these published posts since the cursor a previous read gave back (none: the start). */
export interface MessageQuery {
  postRemoteIds: string[];
  cursor: string | null;
}

export interface MessagePage {
  messages: InboundMessage[];
  /** Messages read before that the network says are gone (only those the adapter could tell). */
  removedRemoteIds?: string[];
  /** Opaque: give it back to read what came after. */
  cursor: string | null;
}

export interface PostMetrics {
  reactions: number;
  comments: number;
  shares: number;
  impressions: number | null;
  reach: number | null;
  fetchedAt: Date;
}

export interface Provider {
  readonly name: ProviderName;
  readonly limits: ProviderLimits;
  /** Everything before the public call; a failure here never leaves anything public (never `unknown_outcome`). */
  stage(account: ProviderAccount, request: PublishRequest): Promise<StagedPost>;
  /** Networks with audience targeting: the names of `targeting` they do not know, asked well before the post is due (empty: fine). */
  unknownAudience?(account: ProviderAccount, targeting: Targeting): Promise<UnknownTarget[]>;
  /** `stage` then publish at once. */
  publish(account: ProviderAccount, request: PublishRequest): Promise<PublishedPost>;
  /** After an unknown outcome: the post made by this account in the window whose text matches the fingerprint, if any. */
  findPublished(account: ProviderAccount, query: { fingerprint: string; text: string; since: Date; until: Date }): Promise<PublishedPost | null>;
  readMessages(account: ProviderAccount, query: MessageQuery): Promise<MessagePage>;
  reply(account: ProviderAccount, request: { toRemoteId: string; text: string }): Promise<{ remoteId: string }>;
  /** After a reply's outcome is unknown: this account's reply to `toRemoteId` with this text, made since `since`, if any. */
  findReply(account: ProviderAccount, query: { toRemoteId: string; text: string; since: Date }): Promise<{ remoteId: string } | null>;
  metrics(account: ProviderAccount, postRemoteIds: string[]): Promise<Map<string, PostMetrics>>;
  /** The account's follower count now (Page followers, Instagram followers, X followers). */
  followerCount(account: ProviderAccount): Promise<number>;
}

/**
 * Every failure of a network call, classified:
 * - `rate_limited`: nothing happened; try again at `resetAt`.
 * - `auth_expired`: the token is expired or revoked; the channel needs reconnecting.
 * - `rejected`: the network refused the content (permanent) — retrying the same request cannot help.
 * - `transient`: provably nothing happened (connection refused, DNS, 4xx that is not permanent): safe to retry.
 * - `unknown_outcome`: the request may have taken effect (timeout after sending, 5xx, connection dropped).
 */
export type ProviderErrorKind = 'rate_limited' | 'auth_expired' | 'rejected' | 'transient' | 'unknown_outcome';

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly resetAt: Date | null;
  readonly status: number | null;
  readonly networkCode: string | null;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    extra: { resetAt?: Date | null; status?: number | null; networkCode?: string | number | null } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
    this.kind = kind;
    this.resetAt = extra.resetAt ?? null;
    this.status = extra.status ?? null;
    this.networkCode = extra.networkCode === undefined || extra.networkCode === null ? null : String(extra.networkCode);
  }
}
