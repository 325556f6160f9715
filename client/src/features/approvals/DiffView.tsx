import { useTranslation } from 'react-i18next';
import type { ChannelAccount, Segment } from '../../api/types';
import { NetworkIcon, PROVIDER_LABEL } from '../calendar/NetworkIcon';
import type { FieldChange, TextPart, VersionDiff } from './api';
import './approvals.css';

const FIELDS = new Set([
  'title',
  'brief',
  'campaignId',
  'labels',
  'text',
  'link',
  'firstComment',
  'utm',
  'mediaIds',
  'channelAccountId',
  'segmentId',
]);

/** What changed between two versions, per post field and per variant; inserted words underlined, removed ones struck. */
export function DiffView({ diff, channels, segments }: { diff: VersionDiff; channels: ChannelAccount[]; segments: Segment[] }) {
  const { t } = useTranslation();
  const variants = diff.diff.variants.filter((v) => v.change !== 'unchanged');
  if (!diff.diff.post.length && !variants.length) return <p className="muted">{t('approvalFlow.diff.none')}</p>;
  return (
    <div className="diff-view">
      <p className="diff-range">
        {diff.from === null ? t('approvalFlow.diff.rangeNew', { to: diff.to }) : t('approvalFlow.diff.range', { from: diff.from, to: diff.to })}
      </p>
      {diff.diff.post.length ? (
        <div className="diff-block">
          <p className="diff-block-title">{t('approvalFlow.diff.post')}</p>
          <FieldList fields={diff.diff.post} />
        </div>
      ) : null}
      {variants.map((v) => {
        const channel = channels.find((c) => c.id === v.channelAccountId);
        const segment = v.segmentId ? segments.find((s) => s.id === v.segmentId) : undefined;
        return (
          <div key={v.variantId} className={`diff-block diff-${v.change}`}>
            <p className="diff-block-title">
              {channel ? <NetworkIcon provider={channel.provider} size={14} /> : null}
              <span>
                {channel ? `${channel.name}` : t('approvalFlow.diff.unknownChannel')}
                {channel ? <span className="visually-hidden"> ({PROVIDER_LABEL[channel.provider]})</span> : null}
                {segment ? ` · ${segment.name}` : ''}
              </span>
              {v.change === 'added' ? <span className="diff-tag diff-tag-added">{t('approvalFlow.diff.added')}</span> : null}
              {v.change === 'removed' ? <span className="diff-tag diff-tag-removed">{t('approvalFlow.diff.removed')}</span> : null}
            </p>
            {v.change === 'removed' ? null : <FieldList fields={v.fields} />}
          </div>
        );
      })}
    </div>
  );
}

function FieldList({ fields }: { fields: FieldChange[] }) {
  const { t } = useTranslation();
  return (
    <dl className="diff-fields">
      {fields.map((f) => (
        <div key={f.field}>
          <dt>{FIELDS.has(f.field) ? t(`approvalFlow.field.${f.field}`) : f.field}</dt>
          <dd>{f.parts ? <Words parts={f.parts} /> : <BeforeAfter before={f.before} after={f.after} />}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A word diff: `<ins>`/`<del>` carry the meaning for assistive tech too (with hidden words before each change). */
export function Words({ parts }: { parts: TextPart[] }) {
  const { t } = useTranslation();
  return (
    <p className="diff-words">
      {parts.map((p, i) =>
        p.added ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <ins key={i}>
            <span className="visually-hidden">[{t('approvalFlow.diff.insStart')}] </span>
            {p.value}
            <span className="visually-hidden"> [{t('approvalFlow.diff.insEnd')}]</span>
          </ins>
        ) : p.removed ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <del key={i}>
            <span className="visually-hidden">[{t('approvalFlow.diff.delStart')}] </span>
            {p.value}
            <span className="visually-hidden"> [{t('approvalFlow.diff.delEnd')}]</span>
          </del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          <span key={i}>{p.value}</span>
        ),
      )}
    </p>
  );
}

function show(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) return value.length ? value.join(', ') : empty;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function BeforeAfter({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const empty = t('approvalFlow.diff.empty');
  return (
    <p className="diff-words">
      <del>
        <span className="visually-hidden">[{t('approvalFlow.diff.delStart')}] </span>
        {show(before, empty)}
      </del>{' '}
      <span aria-hidden="true">→</span>{' '}
      <ins>
        <span className="visually-hidden">[{t('approvalFlow.diff.insStart')}] </span>
        {show(after, empty)}
      </ins>
    </p>
  );
}
