/**
 * Who gets the morning digest by e-mail. Each member decides for themselves (Settings › Morning digest);
 * until they do, their roles decide: on for admins, approvers, planners and executives (viewers) — the
 * people who read what customers said and how the posts did — off for community managers, who work the
 * inbox all day already. Everyone can read every digest in the app either way.
 */
import type { Reader } from './digest-repository';

export const SUBSCRIBED_BY_DEFAULT = ['admin', 'approver', 'planner', 'viewer'] as const;

export const subscribedByDefault = (roles: readonly string[]) => roles.some((r) => (SUBSCRIBED_BY_DEFAULT as readonly string[]).includes(r));

export const isSubscribed = (roles: readonly string[], choice: boolean | null) => choice ?? subscribedByDefault(roles);

export const subscribersOf = (readers: Reader[]) => readers.filter((r) => isSubscribed(r.roles, r.subscribed));
