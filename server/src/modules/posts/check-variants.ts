import { AppError } from '../../lib/errors';
import type { References } from './post-repository';
import { formatProblem } from './rules/messages';
import { type Problem, validateVariant } from './rules/validate-variant';
import type { VariantInput } from './schemas';

export type ProblemView = Omit<Problem, 'code'> & { code: string; message: string };
const view = (p: Problem): ProblemView => ({ ...p, message: formatProblem(p, 'en') });
const referenceMessages = {
  channel_not_found: 'is not a channel of this workspace',
  segment_not_found: 'is not a segment of this workspace',
  media_not_found: 'is not in this workspace’s media library',
} as const;
const missing = (code: keyof typeof referenceMessages, field: string): ProblemView => ({
  code,
  field,
  severity: 'error',
  params: {},
  message: referenceMessages[code],
});

/**
 * Checks a post's variants against the workspace's records and each network's rules. Errors stop
 * the save with 422 and every problem (field names prefixed `variants.N.`); warnings come back per variant.
 * `scheduleChanged(i)` says whether variant i's time is new, so an old time is not refused for being past.
 */
export function checkVariants(
  refs: References,
  variants: VariantInput[],
  scheduleChanged: (index: number) => boolean,
  now = new Date(),
): ProblemView[][] {
  const errors: ProblemView[] = [];
  const warnings = variants.map((v, i) => {
    const at = (field: string) => `variants.${i}.${field}`;
    const channel = refs.channels.get(v.channelAccountId);
    if (!channel) {
      errors.push(missing('channel_not_found', at('channelAccountId')));
      return [];
    }
    const segment = v.segmentId ? refs.segments.get(v.segmentId) : null;
    if (v.segmentId && !segment) errors.push(missing('segment_not_found', at('segmentId')));
    const media = v.mediaIds.map((id, n) => {
      const m = refs.media.get(id);
      if (!m) errors.push(missing('media_not_found', at(`mediaIds.${n}`)));
      return m;
    });
    const problems = validateVariant(
      {
        provider: channel.provider,
        text: v.text,
        link: v.link,
        firstComment: v.firstComment,
        scheduledAt: scheduleChanged(i) ? (v.scheduledAt ?? null) : null,
        media: media.filter((m) => m !== undefined),
        segment: segment ? { ...segment, regions: Array.isArray(segment.regions) ? segment.regions : [] } : null,
      },
      { now },
    ).map((p) => view({ ...p, field: at(p.field) }));
    errors.push(...problems.filter((p) => p.severity === 'error'));
    return problems.filter((p) => p.severity === 'warning');
  });
  if (errors.length) {
    throw new AppError('unprocessable', `The post cannot be saved: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
  return warnings;
}
