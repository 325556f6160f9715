import { z } from '../../lib/http/zod';
import { rangeQuery } from '../calendar/query';

/** The calendar's range and filters, plus the header language. */
export const exportQuery = z.strictObject({
  ...rangeQuery,
  lang: z.enum(['ko', 'en']).default('en'),
});

export const importQuery = z.strictObject({
  mode: z.enum(['dry_run', 'commit']).default('dry_run').openapi({ description: '`dry_run` (default) checks and writes nothing' }),
});

export const importProblemSchema = z
  .object({
    row: z.number().int().openapi({ description: '1-based; the header is row 1' }),
    column: z.string(),
    code: z.string(),
    message: z.string(),
  })
  .openapi('PlanImportProblem');

export const dryRunSchema = z
  .object({
    mode: z.literal('dry_run'),
    rows: z.number().int(),
    posts: z.number().int(),
    variants: z.number().int(),
    problems: z.array(importProblemSchema),
    warnings: z.array(importProblemSchema),
  })
  .openapi('PlanImportDryRun');

export const commitSchema = z.object({ mode: z.literal('commit'), posts: z.array(z.uuid()), variants: z.number().int() }).openapi('PlanImportCommit');
