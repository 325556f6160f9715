import { useTranslation } from 'react-i18next';
import '../approvals/approvals.css';

const GLYPH: Record<string, string> = {
  draft: '✎',
  in_review: '…',
  changes_requested: '↺',
  approved: '✔',
  scheduled: '◷',
  publishing: '↻',
  unconfirmed: '?',
  published: '✓',
  partially_published: '◐',
  failed: '!',
  canceled: '×',
};

/**
 * What a calendar entry's badge says: a variant still a draft shows where its post stands in review
 * (in review, changes requested, approved); otherwise the variant's own state (scheduled, published…).
 */
export function entryState(entry: { state: string; postState?: string | null }): string {
  if (entry.state === 'draft' && (entry.postState === 'in_review' || entry.postState === 'changes_requested' || entry.postState === 'approved')) {
    return entry.postState;
  }
  return entry.state;
}

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
