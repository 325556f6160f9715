import type { TFunction } from 'i18next';
import { isApiError } from '../api/client';

/** Translate an API error code (`errors.<code>`), falling back to a generic message. */
export function errorMessage(t: TFunction, error: unknown): string {
  const generic = t('errors.generic');
  if (!isApiError(error)) return generic;
  return t(`errors.${error.code}`, { defaultValue: generic });
}
