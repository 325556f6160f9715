import { useTranslation } from 'react-i18next';

const GLYPH: Record<string, string> = { draft: '✎', scheduled: '◷', publishing: '↻', unconfirmed: '?', published: '✓', failed: '!', canceled: '×' };

/** A variant's state in words (never colour alone); `compact` is a one-glyph badge with the word kept for assistive tech. */
export function StateBadge({ state, short = false, compact = false }: { state: string; short?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const label = t(`calendar.state.${state}`);
  if (compact) {
    return (
      <span className={`state-badge state-glyph state-${state}`} title={label}>
        <span aria-hidden="true">{GLYPH[state] ?? '•'}</span>
        <span className="visually-hidden">{label}</span>
      </span>
    );
  }
  return <span className={`state-badge state-${state}`}>{short ? t(`calendar.stateShort.${state}`) : label}</span>;
}
