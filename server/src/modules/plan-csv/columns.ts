/**
 * The plan CSV's columns: one row is one variant; rows with the same `post_key` form one post.
 * Headers are matched in English or Korean, ignoring case, spaces, `_` and `-`, so `Post Key`,
 * `post_key` and `게시물 키` all mean the same column. docs/CSV.md describes each column.
 */
export const planColumns = [
  { key: 'post_key', ko: '게시물키', required: false, description: 'Groups rows into one post; blank = a post of its own' },
  { key: 'title', ko: '제목', required: true, description: 'The post title (blank on a later row of a post = the same title)' },
  { key: 'channel', ko: '채널', required: true, description: 'Channel account name, or @handle' },
  { key: 'segment', ko: '세그먼트', required: false, description: 'Segment name; blank = none' },
  { key: 'campaign', ko: '캠페인', required: false, description: 'Campaign name; blank = none' },
  {
    key: 'scheduled_at',
    ko: '예약시각',
    required: false,
    description: 'ISO 8601 with offset, or YYYY-MM-DD HH:mm in the workspace time zone; blank = unscheduled draft',
  },
  { key: 'text', ko: '본문', required: false, description: 'The text of the variant' },
  { key: 'link', ko: '링크', required: false, description: 'http(s) link; blank = none' },
  { key: 'first_comment', ko: '첫댓글', required: false, description: 'First comment (networks that support it); blank = none' },
  { key: 'labels', ko: '라벨', required: false, description: 'Labels separated by ;' },
  { key: 'media', ko: '미디어', required: false, description: 'Media library ids separated by ; (what the export writes)' },
] as const;

export type ColumnKey = (typeof planColumns)[number]['key'];
export type HeaderLanguage = 'ko' | 'en';

/** `Post Key`, `post_key`, `POST-KEY` → `postkey`; `게시물 키` → `게시물키`. */
const normalise = (header: string) =>
  header
    .normalize('NFC')
    .replace(/[\s_-]+/gu, '')
    .toLowerCase();

const byName = new Map<string, ColumnKey>(planColumns.flatMap((c) => [[normalise(c.key), c.key] as const, [normalise(c.ko), c.key] as const]));

export function headerOf(key: ColumnKey, lang: HeaderLanguage): string {
  const column = planColumns.find((c) => c.key === key);
  return lang === 'ko' && column ? column.ko : key;
}

export interface HeaderProblem {
  column: string;
  code: 'column_unknown' | 'column_duplicate' | 'column_missing';
  message: string;
}

/** Which column each header cell is, and what is wrong with the header row. */
export function resolveHeader(cells: string[]): { columns: Array<ColumnKey | null>; problems: HeaderProblem[] } {
  const problems: HeaderProblem[] = [];
  const seen = new Set<ColumnKey>();
  const columns = cells.map((cell) => {
    const key = byName.get(normalise(cell));
    if (!key) {
      problems.push({ column: cell, code: 'column_unknown', message: `"${cell}" is not a plan column (see docs/CSV.md)` });
      return null;
    }
    if (seen.has(key)) problems.push({ column: key, code: 'column_duplicate', message: `The ${key} column appears twice` });
    seen.add(key);
    return key;
  });
  for (const c of planColumns) {
    if (c.required && !seen.has(c.key))
      problems.push({ column: c.key, code: 'column_missing', message: `The ${c.key} (${c.ko}) column is required` });
  }
  return { columns, problems };
}
