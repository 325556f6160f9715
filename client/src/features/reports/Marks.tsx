import type { Mark } from '@reports/engagement';
import { markOf } from '@reports/engagement';
import { useTranslation } from 'react-i18next';
import { useReportFormat } from './format';

/** The mark a rate reaches, as a badge with its name (colour is never the only cue). */
export function MarkBadge({ mark }: { mark: Mark | null }) {
  const { t } = useTranslation();
  if (!mark) return <span className="mark-badge mark-none">{t('reports.marks.none')}</span>;
  return <span className={`mark-badge mark-${mark}`}>{t(`reports.marks.${mark}`)}</span>;
}

/** A rate with its mark; the formula sits beside every such figure (the caller shows it once per block). */
export function RateCell({ rate }: { rate: number | null }) {
  const f = useReportFormat();
  return (
    <span className="rate-cell">
      <span className="rate-value">{f.rate(rate)}</span> <MarkBadge mark={markOf(rate)} />
    </span>
  );
}

/** "Engagement rate = (reactions + comments + shares) ÷ followers at publication", and the marks. */
export function Formula({ withMarks = false, impressions = false }: { withMarks?: boolean; impressions?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="formula">
      {t('reports.formula')}
      {impressions ? <> · {t('reports.impressionFormula')}</> : null}
      {withMarks ? <> · {t('reports.marksLegend')}</> : null}
    </span>
  );
}
