import type { Role } from './zod';

/** The role lists routes declare most often. */
export const everyone = ['admin', 'planner', 'approver', 'community_manager', 'viewer'] as const satisfies readonly Role[];
export const planners = ['admin', 'planner'] as const satisfies readonly Role[];
export const adminOnly = ['admin'] as const satisfies readonly Role[];
