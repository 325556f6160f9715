import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../lib/errors';
import { type AuditActor, recordAudit } from '../audit/record-audit';
import { checkVariants, type ProblemView } from '../posts/check-variants';
import { insertPost, insertVariant, loadReferences, type References } from '../posts/post-repository';
import { createPostBody, type VariantInput } from '../posts/schemas';
import { findWorkspace } from '../workspaces/workspace-repository';
import { type ColumnKey, planColumns } from './columns';
import { type CsvRow, parsePlanCsv } from './parse-plan-csv';
import { workspaceNames } from './plan-csv-repository';
import { parsePlanTime } from './plan-times';
import { nameResolver, normaliseName } from './resolve-names';

export type ImportMode = 'dry_run' | 'commit';

/** One thing wrong (or worth knowing) about the file, where a spreadsheet shows it. */
export interface ImportProblem {
  /** 1-based; the header is row 1. */
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface DryRunReport {
  mode: 'dry_run';
  rows: number;
  posts: number;
  variants: number;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

export interface CommitReport {
  mode: 'commit';
  posts: string[];
  variants: number;
}

interface VariantDraft {
  row: number;
  /** Null when the channel did not resolve: the row is reported, not rule-checked. */
  input: VariantInput | null;
}

interface PostDraft {
  firstRow: number;
  title: string;
  campaignId: string | null;
  labels: string[];
  variants: VariantDraft[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const columnOrder = new Map<string, number>(planColumns.map((c, i) => [c.key, i]));
const blankToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);
const splitList = (value: string | undefined) =>
  (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The composer's fields → the CSV's columns, for problems the posts module reports. */
const fieldColumns: Record<string, ColumnKey> = {
  channelAccountId: 'channel',
  segmentId: 'segment',
  segment: 'segment',
  text: 'text',
  link: 'link',
  firstComment: 'first_comment',
  scheduledAt: 'scheduled_at',
  media: 'media',
  mediaIds: 'media',
};

/**
 * Imports a plan CSV: names resolved in the workspace, then every post checked exactly as the
 * composer checks it (the same request schema, references and network rules). A dry run reports
 * every problem by row and column and writes nothing; a commit writes all posts in one
 * transaction, or nothing when anything is wrong (422 with the same problems).
 */
export async function importPlan(
  deps: Deps,
  actor: AuditActor & { userId: string },
  workspaceId: string,
  csv: Buffer,
  mode: ImportMode,
  now = new Date(),
): Promise<DryRunReport | CommitReport> {
  const parsed = parsePlanCsv(csv);
  const report = parsed.ok
    ? await checkPlan(deps, workspaceId, parsed.rows, now)
    : {
        rows: 0,
        drafts: [],
        problems: parsed.headerProblems.map((p) => ({ row: 1, ...p })),
        warnings: [],
      };
  const variants = report.drafts.reduce((n, p) => n + p.variants.length, 0);
  if (mode === 'dry_run') {
    return { mode, rows: report.rows, posts: report.drafts.length, variants, problems: report.problems, warnings: report.warnings };
  }
  if (report.problems.length) {
    throw new AppError('unprocessable', `The plan cannot be imported: ${report.problems.length} problem(s); nothing was written`, report.problems);
  }
  const postIds = await deps.prisma.$transaction(
    async (tx) => {
      const ids: string[] = [];
      for (const post of report.drafts) {
        const { id } = await insertPost(tx, {
          workspaceId,
          title: post.title,
          campaignId: post.campaignId,
          labels: post.labels,
          authorId: actor.userId,
        });
        for (const v of post.variants) if (v.input) await insertVariant(tx, workspaceId, id, toData(v.input));
        ids.push(id);
      }
      await recordAudit(tx, actor, {
        workspaceId,
        entityType: 'workspace',
        entityId: workspaceId,
        action: 'plan.imported',
        after: { rows: report.rows, posts: ids.length, variants, postIds: ids },
      });
      return ids;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { mode, posts: postIds, variants };
}

/** As the composer saves a variant (posts/save-post.ts). */
const toData = (v: VariantInput) => ({
  channelAccountId: v.channelAccountId,
  segmentId: v.segmentId ?? null,
  text: v.text,
  link: v.link ?? null,
  firstComment: v.firstComment ?? null,
  utm: (v.utm ?? undefined) as Prisma.InputJsonValue | undefined,
  scheduledAt: v.scheduledAt ? new Date(v.scheduledAt) : null,
  mediaIds: v.mediaIds,
});

async function checkPlan(deps: Deps, workspaceId: string, rows: CsvRow[], now: Date) {
  const [workspace, names] = await Promise.all([findWorkspace(deps.prisma, workspaceId), workspaceNames(deps.prisma, workspaceId)]);
  if (!workspace) throw notFound('Workspace');
  const find = nameResolver(names);
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const report = (row: number, column: ColumnKey, code: string, message: string) => problems.push({ row, column, code, message });

  // Names → ids, row by row.
  const resolved = rows.map(({ row, cells }) => {
    const channelCell = cells.channel?.trim() ?? '';
    let channelId: string | null = null;
    if (!channelCell) report(row, 'channel', 'channel_required', 'Name the channel account (its name or @handle)');
    else {
      const found = find.channel(channelCell);
      if (found.ok) channelId = found.item.id;
      else if (found.reason === 'ambiguous')
        report(row, 'channel', 'channel_ambiguous', `"${channelCell}" names several channel accounts; use the @handle of one`);
      else report(row, 'channel', 'channel_unknown', `"${channelCell}" is not a channel account of this workspace`);
    }
    const segmentId = lookup(row, 'segment', cells.segment, find.segment, report);
    const campaignId = lookup(row, 'campaign', cells.campaign, find.campaign, report);
    let scheduledAt: string | null = null;
    const timeCell = cells.scheduled_at?.trim() ?? '';
    if (timeCell) {
      const at = parsePlanTime(timeCell, workspace.timeZone);
      if (at) scheduledAt = at.toISOString();
      else
        report(
          row,
          'scheduled_at',
          'scheduled_at_invalid',
          `"${timeCell}" is not a time: use YYYY-MM-DD HH:mm (in ${workspace.timeZone}) or ISO 8601 with an offset`,
        );
    }
    return { row, cells, channelId, segmentId, campaignId, scheduledAt, mediaIds: splitList(cells.media).map((id) => id.toLowerCase()) };
  });

  const refs = await loadReferences(deps.prisma, workspaceId, {
    channelIds: [...new Set(resolved.flatMap((r) => (r.channelId ? [r.channelId] : [])))],
    segmentIds: [...new Set(resolved.flatMap((r) => (r.segmentId ? [r.segmentId] : [])))],
    mediaIds: [...new Set(resolved.flatMap((r) => r.mediaIds.filter((id) => UUID.test(id))))],
  });

  // Rows → posts: the same post_key is one post; a blank key is a post of its own.
  const groups = new Map<string, typeof resolved>();
  for (const r of resolved) {
    const key = r.cells.post_key?.trim() || `\u0000row${r.row}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const drafts: PostDraft[] = [];
  for (const group of groups.values()) {
    const first = group[0] as (typeof group)[number];
    const title = group.find((r) => r.cells.title?.trim())?.cells.title?.trim() ?? '';
    const campaignCell = group.find((r) => r.cells.campaign?.trim())?.cells.campaign ?? '';
    const labelsCell = group.find((r) => splitList(r.cells.labels).length)?.cells.labels ?? '';
    for (const r of group) {
      if (r.cells.title?.trim() && r.cells.title.trim() !== title)
        report(r.row, 'title', 'title_mismatch', `Rows of one post_key must have the same title ("${title}" on row ${first.row})`);
      if (r.cells.campaign?.trim() && normaliseName(r.cells.campaign) !== normaliseName(campaignCell))
        report(r.row, 'campaign', 'campaign_mismatch', 'Rows of one post_key must have the same campaign');
      if (splitList(r.cells.labels).length && splitList(r.cells.labels).join(';') !== splitList(labelsCell).join(';'))
        report(r.row, 'labels', 'labels_mismatch', 'Rows of one post_key must have the same labels');
    }
    const draft: PostDraft = {
      firstRow: first.row,
      title,
      campaignId: group.find((r) => r.campaignId)?.campaignId ?? null,
      labels: splitList(labelsCell),
      variants: group.map((r) => ({ row: r.row, input: r.channelId ? variantOf(r, refs, report) : null })),
    };
    drafts.push(draft);
    checkPost(draft, refs, now, problems, warnings);
  }

  const byPlace = (a: ImportProblem, b: ImportProblem) => a.row - b.row || (columnOrder.get(a.column) ?? 99) - (columnOrder.get(b.column) ?? 99);
  return { rows: rows.length, drafts, problems: problems.sort(byPlace), warnings: warnings.sort(byPlace) };
}

function lookup(
  row: number,
  column: 'segment' | 'campaign',
  cell: string | undefined,
  find: (value: string) => { ok: true; item: { id: string } } | { ok: false; reason: 'unknown' | 'ambiguous' },
  report: (row: number, column: ColumnKey, code: string, message: string) => void,
): string | null {
  const value = cell?.trim() ?? '';
  if (!value) return null;
  const found = find(value);
  if (found.ok) return found.item.id;
  if (found.reason === 'ambiguous') report(row, column, `${column}_ambiguous`, `"${value}" names several ${column}s; write it exactly`);
  else report(row, column, `${column}_unknown`, `"${value}" is not a ${column} of this workspace`);
  return null;
}

function variantOf(
  r: { row: number; cells: CsvRow['cells']; channelId: string | null; segmentId: string | null; scheduledAt: string | null; mediaIds: string[] },
  refs: References,
  report: (row: number, column: ColumnKey, code: string, message: string) => void,
): VariantInput {
  const mediaIds = r.mediaIds.filter((id) => {
    if (UUID.test(id) && refs.media.has(id)) return true;
    report(r.row, 'media', 'media_unknown', `"${id}" is not in this workspace’s media library`);
    return false;
  });
  return {
    channelAccountId: r.channelId as string,
    segmentId: r.segmentId,
    text: r.cells.text ?? '',
    link: blankToNull(r.cells.link),
    firstComment: blankToNull(r.cells.first_comment),
    mediaIds,
    scheduledAt: r.scheduledAt,
  };
}

/**
 * The composer's checks for one post: its request schema (`createPostBody`), then the references
 * and network rules (`checkVariants`, every time counted as new, as for a new post).
 */
function checkPost(post: PostDraft, refs: References, now: Date, problems: ImportProblem[], warnings: ImportProblem[]) {
  const checked = post.variants.filter((v): v is { row: number; input: VariantInput } => v.input !== null);
  const input = {
    title: post.title,
    labels: post.labels,
    ...(post.campaignId ? { campaignId: post.campaignId } : {}),
    variants: checked.map((v) => v.input),
  };
  const schema = createPostBody.safeParse(input);
  if (!schema.success) {
    for (const issue of schema.error.issues) {
      const [head, index, field] = issue.path;
      if (head === 'variants' && typeof index === 'number') {
        const column = fieldColumns[String(field)] ?? 'text';
        problems.push({ row: checked[index]?.row ?? post.firstRow, column, code: `${column}_invalid`, message: issue.message });
      } else if (head === 'variants') {
        problems.push({
          row: post.firstRow,
          column: 'post_key',
          code: 'too_many_variants',
          message: `A post has at most 50 variants: ${issue.message}`,
        });
      } else if (head === 'title') {
        const code = post.title === '' ? 'title_required' : 'title_invalid';
        problems.push({ row: post.firstRow, column: 'title', code, message: post.title === '' ? 'Give the post a title' : issue.message });
      } else {
        problems.push({ row: post.firstRow, column: String(head ?? 'post_key'), code: `${String(head)}_invalid`, message: issue.message });
      }
    }
  }
  const at = (view: ProblemView): ImportProblem => {
    const m = /^variants\.(\d+)\.(\w+)/.exec(view.field);
    const variant = m ? checked[Number(m[1])] : undefined;
    return { row: variant?.row ?? post.firstRow, column: fieldColumns[m?.[2] ?? ''] ?? 'text', code: view.code, message: view.message };
  };
  try {
    const perVariant = checkVariants(refs, input.variants, () => true, now);
    warnings.push(...perVariant.flat().map(at));
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'unprocessable' && Array.isArray(error.details))) throw error;
    problems.push(...(error.details as ProblemView[]).map(at));
  }
}
