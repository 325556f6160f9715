import type { TFunction } from 'i18next';

/** The id and name the server gives the default policy's only step (server/src/modules/approvals/policy.ts). */
export const DEFAULT_STEP = { id: 'review', name: 'Review' } as const;

/** True for the default step while it still has its default name (an admin's own name is theirs). */
export const isDefaultStepName = (step: { id?: string; name: string }) => step.id === DEFAULT_STEP.id && step.name === DEFAULT_STEP.name;

/** A step's name to show: the default step's name in the reader's language, any other name as typed. */
export function stepName(t: TFunction, step: { id?: string; name: string }): string {
  return isDefaultStepName(step) ? t('approvalFlow.defaultStepName') : step.name;
}
