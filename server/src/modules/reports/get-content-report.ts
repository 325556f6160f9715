import type { Deps } from '../../deps';
import { contentReport } from './content-report';
import { resolveRange } from './report-range';
import { publishedVariants, reportLookups } from './reports-repository';
import type { ReportQuery } from './schemas';
import { MARKS } from './shared/engagement';

export const FORMULA = 'engagement rate = (reactions + comments + shares) ÷ followers at publication';

export async function getContentReport(deps: Deps, workspaceId: string, query: ReportQuery) {
  const lookups = await reportLookups(deps.prisma, workspaceId);
  const range = resolveRange(query, lookups.timeZone);
  const rows = await publishedVariants(deps.sql, workspaceId, lookups.timeZone, { ...query, from: range.from, to: range.to });
  return {
    range: { ...lookups, from: range.fromDay, to: range.toDay },
    formula: FORMULA,
    marks: MARKS,
    ...contentReport(rows, range.days),
  };
}
