import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui/Field';
import {
  effectiveWeekdays,
  MAX_REPEAT_COUNT,
  MAX_REPEAT_INTERVAL,
  type RepeatDraft,
  type RepeatFreq,
  type RepeatProblem,
  repeatSummary,
  WEEKDAYS,
  weekdayNames,
} from './repeat';

/** The composer's "Repeat" section for a new post: frequency, interval, weekdays and the end. */
export function RepeatFields({
  repeat,
  when,
  problem,
  onChange,
}: {
  repeat: RepeatDraft;
  /** The first occurrence, `YYYY-MM-DDTHH:mm` in the workspace zone (may be empty). */
  when: string;
  /** Shown once the person tried to save. */
  problem: RepeatProblem | null;
  onChange: (next: RepeatDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const id = useId();
  const update = (patch: Partial<RepeatDraft>) => onChange({ ...repeat, ...patch });
  const names = weekdayNames(lang.startsWith('ko') ? 'ko' : 'en');
  const days = effectiveWeekdays(repeat, when);
  const unit = repeat.freq === 'daily' ? 'days' : repeat.freq === 'weekly' ? 'weeks' : 'months';

  return (
    <fieldset className="checkbox-group repeat-fields" aria-describedby={`${id}-summary${problem ? ` ${id}-error` : ''}`}>
      <legend className="field-label">{t('composerRepeat.legend')}</legend>
      <SelectField
        label={t('composerRepeat.freq')}
        value={repeat.freq}
        onChange={(e) => update({ freq: e.target.value as RepeatFreq })}
        options={(['none', 'daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`composerRepeat.freq_${f}`) }))}
      />
      {repeat.freq !== 'none' ? (
        <>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-interval`}>
              {t('composerRepeat.interval')}
            </label>
            <div className="repeat-inline">
              <input
                id={`${id}-interval`}
                type="number"
                className="input input-narrow"
                min={1}
                max={MAX_REPEAT_INTERVAL}
                value={Number.isNaN(repeat.interval) ? '' : repeat.interval}
                aria-describedby={`${id}-unit`}
                onChange={(e) => update({ interval: e.target.valueAsNumber })}
              />
              <span id={`${id}-unit`}>{t(`composerRepeat.unit_${unit}`)}</span>
            </div>
          </div>
          {repeat.freq === 'weekly' ? (
            <fieldset className="checkbox-group checkbox-group-inline">
              <legend className="field-label">{t('composerRepeat.weekdays')}</legend>
              <div className="checkbox-options">
                {WEEKDAYS.map((d) => {
                  const checked = days.includes(d);
                  return (
                    <label key={d} className="checkbox">
                      <input
                        type="checkbox"
                        checked={checked}
                        onChange={() => update({ weekdays: checked ? days.filter((x) => x !== d) : [...days, d] })}
                      />
                      <span>{names[d]}</span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ) : null}
          {repeat.freq === 'monthly' && when ? (
            <p className="field-hint">{t('composerRepeat.monthlyHint', { day: Number(when.slice(8, 10)) })}</p>
          ) : null}
          <fieldset className="checkbox-group">
            <legend className="field-label">{t('composerRepeat.ends')}</legend>
            <div className="repeat-inline">
              <label className="checkbox">
                <input type="radio" name={`${id}-end`} checked={repeat.end === 'count'} onChange={() => update({ end: 'count' })} />
                <span>{t('composerRepeat.endAfter')}</span>
              </label>
              <input
                type="number"
                className="input input-narrow"
                min={1}
                max={MAX_REPEAT_COUNT}
                aria-label={t('composerRepeat.countLabel')}
                value={Number.isNaN(repeat.count) ? '' : repeat.count}
                disabled={repeat.end !== 'count'}
                onChange={(e) => update({ count: e.target.valueAsNumber })}
              />
              <span aria-hidden="true">{t('composerRepeat.times')}</span>
            </div>
            <div className="repeat-inline">
              <label className="checkbox">
                <input type="radio" name={`${id}-end`} checked={repeat.end === 'until'} onChange={() => update({ end: 'until' })} />
                <span>{t('composerRepeat.endOn')}</span>
              </label>
              <input
                type="date"
                className="input input-narrow-date"
                aria-label={t('composerRepeat.untilLabel')}
                value={repeat.until}
                min={when.slice(0, 10) || undefined}
                disabled={repeat.end !== 'until'}
                onChange={(e) => update({ until: e.target.value })}
              />
            </div>
          </fieldset>
        </>
      ) : null}
      <p className="field-hint repeat-summary" id={`${id}-summary`} aria-live="polite">
        {repeatSummary(t, repeat, when, lang)}
      </p>
      {problem ? (
        <p className="field-error" id={`${id}-error`}>
          {t(`composerRepeat.problem_${problem}`)}
        </p>
      ) : null}
    </fieldset>
  );
}
