import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client';

/** Why a decision or a move was refused, in the reader's language (409/403 details when the server gives them). */
export function refusalText(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.generic');
  const details = (error.details ?? {}) as { reason?: string; state?: string };
  if (details.reason === 'version_changed') return t('approvalFlow.errors.versionChanged');
  if (details.reason === 'already_approved') return t('approvalFlow.errors.alreadyApproved');
  if (error.code === 'invalid_state' && details.state) {
    return t('approvalFlow.errors.invalidState', { state: t(`calendar.state.${details.state}`, { defaultValue: details.state }) });
  }
  if (error.code === 'forbidden') return t('approvalFlow.errors.forbidden');
  if (error.code === 'unprocessable') return t('approvalFlow.errors.needsTimes');
  return t(`errors.${error.code}`, { defaultValue: error.message || t('errors.generic') });
}

/** The same for one bulk-approve result (`{ code, message }`). */
export function bulkRefusalText(t: TFunction, error: { code: string; message: string } | undefined): string {
  if (!error) return t('errors.generic');
  if (error.code === 'forbidden') return t('approvalFlow.errors.forbidden');
  if (/already/i.test(error.message)) return t('approvalFlow.errors.alreadyApproved');
  if (/version/i.test(error.message)) return t('approvalFlow.errors.versionChanged');
  if (error.code === 'invalid_state') return t('approvalFlow.errors.notInReview');
  return t(`errors.${error.code}`, { defaultValue: error.message });
}
