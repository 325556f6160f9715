import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../app/LanguagePicker';

/** Centered card layout for the signed-out screens (login, accept invite). */
export function AuthLayout({ children, signedIn = false }: { children: ReactNode; signedIn?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <header className="auth-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            소
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <LanguagePicker signedIn={signedIn} />
      </header>
      <main id="main" className="auth-main">
        <div className="card auth-card">{children}</div>
        <p className="auth-tagline">{t('app.tagline')}</p>
      </main>
    </div>
  );
}
