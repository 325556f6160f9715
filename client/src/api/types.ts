/** Wire types for the Sotong HTTP API (mirrors the server contract). */

export const ROLES = ['admin', 'planner', 'approver', 'community_manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Locale = 'ko' | 'en';

export interface User {
  id: string;
  email: string;
  name: string;
  locale: Locale | null;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  locale: Locale | null;
  isDemo: boolean;
}

export interface WorkspaceWithRoles extends Workspace {
  roles: Role[];
}

export interface Membership {
  workspace: Workspace;
  roles: Role[];
}

export interface Session {
  user: User;
  csrfToken: string;
  memberships: Membership[];
}

export interface LoginResponse {
  user: User;
  csrfToken: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  roles: Role[];
  expiresAt: string;
  createdAt: string;
  invitedBy: { name: string } | null;
}

export interface InvitePreview {
  workspace: { id: string; name: string };
  email: string;
  roles: Role[];
  expiresAt: string;
  userExists: boolean;
}

export interface AcceptInviteResponse extends LoginResponse {
  workspaceId: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  roles: Role[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/* Planning: channels, segments, campaigns, media, posts, calendar */

export type Provider = 'facebook_page' | 'instagram' | 'x';

export type VariantState = 'draft' | 'scheduled' | 'publishing' | 'unconfirmed' | 'published' | 'failed' | 'canceled';
export const VARIANT_STATES: readonly VariantState[] = ['draft', 'scheduled', 'publishing', 'unconfirmed', 'published', 'failed', 'canceled'];

export interface ChannelAccount {
  id: string;
  provider: Provider;
  name: string;
  handle: string;
  avatarUrl: string | null;
  followerCount: number;
  timeZone: string | null;
  dailyTarget: number;
  status: string;
}

export interface Segment {
  id: string;
  name: string;
  color: string;
  description?: string | null;
  regions: unknown[];
  ageMin: number | null;
  ageMax: number | null;
  genders: string[];
  locales: string[];
  interests: string[];
  archivedAt: string | null;
}

export interface Campaign {
  id: string;
  name: string;
  color: string;
  startsOn: string | null;
  endsOn: string | null;
  goal: string | null;
}

export interface MediaItem {
  id: string;
  kind: 'image' | 'video';
  mimeType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  originalName: string;
  url: string;
  thumbUrl: string | null;
}

export interface CalendarEntry {
  id: string;
  postId: string;
  title: string;
  excerpt: string;
  provider: Provider;
  channelAccountId: string;
  channelName: string;
  /** `needs_reconnect`: the channel lost its connection (absent on older answers). */
  channelStatus?: 'active' | 'needs_reconnect' | 'disconnected';
  segmentId: string | null;
  segmentName: string | null;
  segmentColor: string | null;
  campaignId: string | null;
  campaignColor: string | null;
  state: VariantState;
  postState: string;
  scheduledAt: string | null;
  authorId: string;
  authorName: string;
  labels: string[];
  mediaCount: number;
}

export interface Cadence {
  timeZone: string;
  channels: { id: string; name: string; provider: Provider; dailyTarget: number }[];
  days: { day: string; channelAccountId: string; planned: number }[];
  weeks: { week: string; segmentId: string | null; planned: number }[];
}

export type CalendarView = 'month' | 'week' | 'day' | 'list';
export type ColorBy = 'segment' | 'channel' | 'campaign';

export interface CalendarFilters {
  channelIds?: string[];
  segmentIds?: string[];
  campaignIds?: string[];
  authorIds?: string[];
  states?: string[];
  labels?: string[];
}

export interface CalendarPreferences {
  view?: CalendarView;
  colorBy?: ColorBy;
  filters?: CalendarFilters;
  showSlots?: boolean;
}

/** One concrete posting slot (`GET …/slots/upcoming`); taken when a live variant of the channel is planned within a minute. */
export interface UpcomingSlot {
  channelAccountId: string;
  at: string;
  /** Wall time in the channel's zone, `YYYY-MM-DD HH:mm`. */
  local: string;
  taken: boolean;
}

export interface ValidationProblem {
  code: string;
  field: string;
  severity: 'error' | 'warning';
  params: Record<string, string | number>;
  message: string;
}

export interface PostVariant {
  id: string;
  postId: string;
  channelAccountId: string;
  segmentId: string | null;
  text: string;
  link: string | null;
  firstComment: string | null;
  mediaIds: string[];
  scheduledAt: string | null;
  state: VariantState;
  warnings?: ValidationProblem[];
}

export interface Post {
  id: string;
  title: string;
  brief: string;
  campaignId: string | null;
  labels: string[];
  state: string;
  version: number;
  /** The series (its first post's id) this post is an occurrence of, if any. */
  seriesId: string | null;
  author: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  variants: PostVariant[];
}

export interface VariantInput {
  id?: string;
  channelAccountId: string;
  segmentId?: string | null;
  text: string;
  link?: string | null;
  firstComment?: string | null;
  mediaIds?: string[];
  scheduledAt?: string | null;
}

export interface PostInput {
  title: string;
  brief?: string;
  campaignId?: string | null;
  labels?: string[];
  variants: VariantInput[];
}
