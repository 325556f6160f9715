/**
 * The post state machine (pure). Every move a post can make, in one table; the server refuses the
 * rest with 409, naming the current state and the moves allowed from it.
 */
import { AppError } from '../../lib/errors';

export const postStates = [
  'draft',
  'in_review',
  'changes_requested',
  'approved',
  'scheduled',
  'published',
  'partially_published',
  'failed',
  'canceled',
] as const;
export type PostState = (typeof postStates)[number];

export const MOVES: Record<PostState, readonly PostState[]> = {
  draft: ['in_review', 'canceled'],
  // draft = withdrawn by its author; approved / changes_requested = by the reviewers' decisions.
  in_review: ['approved', 'changes_requested', 'draft', 'canceled'],
  changes_requested: ['draft', 'in_review', 'canceled'],
  // in_review: a content edit sends it back; scheduled: its variants are queued.
  approved: ['scheduled', 'in_review', 'canceled'],
  // approved: unscheduled; published / partially_published / failed: by the publisher.
  scheduled: ['approved', 'in_review', 'published', 'partially_published', 'failed', 'canceled'],
  published: [],
  partially_published: [],
  failed: ['scheduled', 'in_review', 'canceled'],
  canceled: ['draft'],
};

export function canMove(from: PostState, to: PostState): boolean {
  return MOVES[from].includes(to);
}

export function assertMove(from: PostState, to: PostState): void {
  if (!canMove(from, to)) {
    throw new AppError('invalid_state', `A post that is ${from} cannot become ${to}`, { state: from, allowed: MOVES[from] });
  }
}

/** States whose variants may still be edited as content (a published one is history). */
export const EDITABLE: ReadonlySet<PostState> = new Set(['draft', 'in_review', 'changes_requested', 'approved', 'scheduled', 'failed', 'canceled']);

/** Where a content edit takes a post: approval is bound to the version, so approved work goes back to review. */
export function stateAfterContentEdit(state: PostState): PostState {
  switch (state) {
    case 'approved':
    case 'scheduled':
    case 'failed':
      return 'in_review';
    case 'changes_requested':
      return 'draft';
    case 'draft':
    case 'in_review':
    case 'canceled':
    case 'published':
    case 'partially_published':
      return state;
  }
}
