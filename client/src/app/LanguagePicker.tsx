import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { useUpdateMe } from '../features/auth/api';
import { chooseLanguage, currentLanguage, isLanguage } from '../i18n';

/**
 * Language <select> ("Language" / "언어"). Option labels are endonyms, so they are not translated.
 * When signed in, the choice is also saved as the account's preference.
 */
export function LanguagePicker({ signedIn = false, compact = true }: { signedIn?: boolean; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const updateMe = useUpdateMe();
  const value = i18n.resolvedLanguage?.startsWith('ko') ? 'ko' : currentLanguage();

  async function onChange(next: string) {
    if (!isLanguage(next)) return;
    await chooseLanguage(next);
    if (signedIn) {
      updateMe.mutate(
        { locale: next },
        {
          onError: (error) => {
            // Preference could not be saved; the language still changed on this browser.
            if (!isApiError(error)) console.warn(error);
          },
        },
      );
    }
  }

  return (
    <div className={compact ? 'topbar-control' : 'field'}>
      <label htmlFor={id} className={compact ? 'topbar-label' : 'field-label'}>
        {t('shell.language')}
      </label>
      <select
        id={id}
        className={`input select${compact ? ' select-compact' : ''}`}
        value={value}
        onChange={(event) => void onChange(event.target.value)}
      >
        <option value="ko" lang="ko">
          {t('languages.ko')}
        </option>
        <option value="en" lang="en">
          {t('languages.en')}
        </option>
      </select>
    </div>
  );
}
