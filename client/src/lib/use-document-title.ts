import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Set `document.title` to "<title> · Sotong" (translated brand). */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  const brand = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${brand}` : brand;
  }, [title, brand]);
}
