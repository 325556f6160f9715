/** API shapes for the planning settings (segments, campaigns, channels, slots, plan CSV, iCal feed). */

import type { VariantState } from '../../api/types';

export type Gender = 'male' | 'female';

export interface SegmentRegion {
  country: string;
  region?: string;
  city?: string;
}

export interface Segment {
  id: string;
  name: string;
  color: string;
  description: string;
  regions: SegmentRegion[];
  ageMin: number | null;
  ageMax: number | null;
  genders: Gender[];
  locales: string[];
  interests: string[];
  archivedAt: string | null;
}

export interface SegmentInput {
  name: string;
  color: string;
  description?: string;
  regions?: SegmentRegion[];
  ageMin?: number | null;
  ageMax?: number | null;
  genders?: Gender[];
  locales?: string[];
  interests?: string[];
}

export interface Campaign {
  id: string;
  name: string;
  color: string;
  startsOn: string | null;
  endsOn: string | null;
  goal: string;
  archivedAt: string | null;
}

export interface CampaignInput {
  name: string;
  color: string;
  startsOn?: string | null;
  endsOn?: string | null;
  goal?: string;
}

export type ChannelProvider = 'facebook_page' | 'instagram' | 'x';

export interface ChannelAccount {
  id: string;
  provider: ChannelProvider;
  name: string;
  handle: string;
  avatarUrl: string | null;
  followerCount: number;
  timeZone: string | null;
  dailyTarget: number;
  status: string;
  /** The network's id; null for a record never connected. */
  remoteId?: string | null;
  tokenExpiresAt?: string | null;
}

export interface ChannelInput {
  name: string;
  handle: string;
  followerCount?: number;
  timeZone?: string | null;
  dailyTarget?: number;
}

export interface PostingSlot {
  id: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** HH:mm in the channel's zone */
  time: string;
}

export interface SlotSet {
  timeZone: string;
  slots: PostingSlot[];
}

export interface FreeSlot {
  at: string;
  local: string;
}

/** A post that blocks deleting a segment or campaign (`details.posts` of a 409). */
export interface InUsePost {
  id: string;
  title: string;
}

/** One entry of `details` on a 400 `validation_failed`. */
export interface FieldProblem {
  field: string;
  rule?: string;
  message: string;
}

export interface ImportProblem {
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface ImportDryRun {
  mode: 'dry_run';
  rows: number;
  posts: number;
  variants: number;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

export interface ImportCommit {
  mode: 'commit';
  posts: string[];
  variants: number;
}

/** What an iCal feed contains; a missing list means "everything". Same shape as the server's `feedFiltersSchema`. */
export interface FeedFilters {
  channelIds?: string[];
  segmentIds?: string[];
  campaignIds?: string[];
  authorIds?: string[];
  states?: VariantState[];
  labels?: string[];
}

export interface CalendarFeedState {
  exists: boolean;
  createdAt: string | null;
  filters: FeedFilters | null;
}
