import { useTranslation } from 'react-i18next';
import type { MediaItem } from '../../api/types';

/** Thumbnails of the media library as checkboxes; the order of `value` is the order of attachment. */
export function MediaPicker({ media, value, onChange }: { media: MediaItem[]; value: string[]; onChange: (next: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <div className="media-picker">
      {media.slice(0, 24).map((item) => {
        const checked = value.includes(item.id);
        return (
          <label key={item.id} className={`media-option${checked ? ' is-checked' : ''}`}>
            <input
              type="checkbox"
              className="visually-hidden"
              checked={checked}
              onChange={() => onChange(checked ? value.filter((id) => id !== item.id) : [...value, item.id])}
            />
            {item.thumbUrl ? <img src={item.thumbUrl} alt="" /> : <span className="media-kind">{t(`preview.${item.kind}`)}</span>}
            <span className="visually-hidden">{item.originalName}</span>
          </label>
        );
      })}
    </div>
  );
}
