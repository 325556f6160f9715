import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Provider } from '../../api/types';
import { NetworkIcon, PROVIDER_LABEL } from './NetworkIcon';

export interface PreviewProps {
  provider: Provider;
  channelName: string;
  handle?: string | null;
  avatarUrl?: string | null;
  text: string;
  link?: string | null;
  firstComment?: string | null;
  media?: { id: string; thumbUrl: string | null; kind: 'image' | 'video' }[];
  /** Already formatted in the workspace zone. */
  when?: string | null;
  segmentName?: string | null;
  compact?: boolean;
}

const ICON = {
  comment: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z',
  repost: 'M7 7h10l-2-2M17 17H7l2 2M17 7v5M7 17v-5',
  like: 'M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10Z',
  share: 'M12 4v11M7 9l5-5 5 5M5 14v5h14v-5',
  thumb: 'M7 21V10l4-7a2 2 0 0 1 2 2v4h6a2 2 0 0 1 2 2l-2 8a2 2 0 0 1-2 2H7Zm0 0H4V10h3',
};

/** Outline action icons for the look-alike cards (text fonts here have no emoji). */
function Glyph({ d, size = 16 }: { d: string; size?: number }) {
  return (
    <svg className="pv-glyph" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

const TOKEN = /(https?:\/\/[^\s]+|#[\p{L}\p{N}_]+|@[A-Za-z0-9_.]+)/gu;

/** Text with links, hashtags and mentions tinted as the networks do. */
function RichText({ text, className, inline = false }: { text: string; className: string; inline?: boolean }) {
  const parts = text.split(TOKEN);
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag className={className}>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one static string
          <span key={index} className="pv-token">
            {part}
          </span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one static string
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </Tag>
  );
}

function Avatar({ name, url, size = 36 }: { name: string; url?: string | null; size?: number }) {
  if (url) return <img className="pv-avatar" src={url} alt="" width={size} height={size} />;
  return (
    <span className="pv-avatar pv-avatar-letter" style={{ width: size, height: size }} aria-hidden="true">
      {name.trim().charAt(0) || '?'}
    </span>
  );
}

function MediaGrid({ media, square }: { media: NonNullable<PreviewProps['media']>; square?: boolean }) {
  const { t } = useTranslation();
  if (media.length === 0) return null;
  return (
    <div className={`pv-media pv-media-${Math.min(media.length, 4)}${square ? ' pv-media-square' : ''}`}>
      {media.slice(0, 4).map((item) =>
        item.thumbUrl ? (
          <img key={item.id} src={item.thumbUrl} alt="" />
        ) : (
          <span key={item.id} className="pv-media-placeholder">
            {item.kind === 'video' ? t('preview.video') : t('preview.image')}
          </span>
        ),
      )}
    </div>
  );
}

function domainOf(link: string): string {
  try {
    return new URL(link).hostname.replace(/^www\./, '');
  } catch {
    return link;
  }
}

/** A look-alike of how the post will appear on its network (an approximation, labelled as such). */
export function NetworkPreview(props: PreviewProps) {
  const { t } = useTranslation();
  const { provider } = props;
  let body: ReactNode;
  const media = props.media ?? [];
  const handle = props.handle ? props.handle.replace(/^@/, '') : null;

  if (provider === 'x') {
    body = (
      <div className="pv-x">
        <Avatar name={props.channelName} url={props.avatarUrl} />
        <div className="pv-x-main">
          <div className="pv-x-head">
            <span className="pv-name">{props.channelName}</span>
            {handle ? <span className="pv-muted">@{handle}</span> : null}
            {props.when ? <span className="pv-muted">· {props.when}</span> : null}
          </div>
          <RichText className="pv-text" text={props.text || t('preview.noText')} />
          <MediaGrid media={media} />
          {props.link && !props.text.includes(props.link) ? <p className="pv-linkline">{props.link}</p> : null}
          <div className="pv-actions" aria-hidden="true">
            <Glyph d={ICON.comment} />
            <Glyph d={ICON.repost} />
            <Glyph d={ICON.like} />
            <Glyph d={ICON.share} />
          </div>
        </div>
      </div>
    );
  } else if (provider === 'facebook_page') {
    body = (
      <div className="pv-fb">
        <div className="pv-fb-head">
          <Avatar name={props.channelName} url={props.avatarUrl} />
          <div>
            <div className="pv-name">{props.channelName}</div>
            <div className="pv-muted pv-small">
              {props.when ?? t('preview.notScheduled')} ·{' '}
              {props.segmentName ? t('preview.audience', { name: props.segmentName }) : t('preview.public')}
            </div>
          </div>
        </div>
        <RichText className="pv-text" text={props.text || t('preview.noText')} />
        <MediaGrid media={media} />
        {props.link ? (
          <div className="pv-fb-link">
            <span className="pv-small pv-muted">{domainOf(props.link).toUpperCase()}</span>
            <span className="pv-fb-link-url">{props.link}</span>
          </div>
        ) : null}
        <div className="pv-fb-bar" aria-hidden="true">
          <span>
            <Glyph d={ICON.thumb} /> {t('preview.like')}
          </span>
          <span>
            <Glyph d={ICON.comment} /> {t('preview.comment')}
          </span>
          <span>
            <Glyph d={ICON.share} /> {t('preview.share')}
          </span>
        </div>
        {props.firstComment ? (
          <div className="pv-comment">
            <span className="pv-name pv-small">{props.channelName}</span> {props.firstComment}
          </div>
        ) : null}
      </div>
    );
  } else {
    body = (
      <div className="pv-ig">
        <div className="pv-ig-head">
          <Avatar name={props.channelName} url={props.avatarUrl} size={28} />
          <span className="pv-name pv-small">{handle ?? props.channelName}</span>
        </div>
        {media.length ? (
          <MediaGrid media={media.slice(0, 1)} square />
        ) : (
          <div className="pv-ig-empty">
            <span>{t('preview.igNeedsMedia')}</span>
          </div>
        )}
        <div className="pv-actions pv-ig-actions" aria-hidden="true">
          <Glyph d={ICON.like} size={20} />
          <Glyph d={ICON.comment} size={20} />
          <Glyph d={ICON.share} size={20} />
        </div>
        <p className="pv-text pv-ig-caption">
          <span className="pv-name">{handle ?? props.channelName}</span> <RichText className="pv-inline" text={props.text} inline />
        </p>
        {props.firstComment ? (
          <div className="pv-comment">
            <span className="pv-name pv-small">{handle ?? props.channelName}</span> {props.firstComment}
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <figure className={`pv-card pv-card-${provider}${props.compact ? ' pv-compact' : ''}`}>
      <figcaption className="pv-caption">
        <NetworkIcon provider={provider} size={14} />
        <span>{t('preview.title', { network: PROVIDER_LABEL[provider] })}</span>
      </figcaption>
      {body}
    </figure>
  );
}
