import { formatProblem } from '@rules/messages';
import { type Problem, problemCodes } from '@rules/validate-variant';
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';

export interface ProblemLike {
  code: string;
  field?: string;
  severity?: 'error' | 'warning';
  params?: Record<string, unknown>;
  message?: string;
}

const networkCodes = new Set<string>(problemCodes);

function lang(t: TFunction): 'ko' | 'en' {
  const language = (t as unknown as { lng?: string }).lng ?? document.documentElement.lang;
  return language?.startsWith('ko') ? 'ko' : 'en';
}

/** The message for one validation problem: network rules from the shared module, the rest from `validation.<code>`. */
export function problemText(t: TFunction, problem: ProblemLike, language: 'ko' | 'en' = lang(t)): string {
  const params = Object.fromEntries(Object.entries(problem.params ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<
    string,
    string | number
  >;
  if (networkCodes.has(problem.code)) {
    return formatProblem(
      { code: problem.code as Problem['code'], field: problem.field ?? '', severity: problem.severity ?? 'error', params },
      language,
    );
  }
  return t(`validation.${problem.code}`, { ...params, defaultValue: problem.message || t('errors.generic') });
}

/** Problems an API error carries in `details` (an array of `{ code, field, … }`), if any. */
export function problemsOf(error: unknown): ProblemLike[] {
  if (!isApiError(error) || !Array.isArray(error.details)) return [];
  return error.details.filter((d): d is ProblemLike => typeof d === 'object' && d !== null && typeof (d as { code?: unknown }).code === 'string');
}

/** Why the server refused: the first problem's own words, else the error code's message. */
export function refusalMessage(t: TFunction, error: unknown, language?: 'ko' | 'en'): string {
  const [first] = problemsOf(error);
  if (first) return problemText(t, first, language);
  return errorMessage(t, error);
}
