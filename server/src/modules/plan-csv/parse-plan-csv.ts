import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../lib/errors';
import { type ColumnKey, type HeaderProblem, resolveHeader } from './columns';

export const MAX_CSV_ROWS = 2000;

export interface CsvRow {
  /** The spreadsheet row: 1 is the header, so the first data row is 2. */
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
}

export type ParsedCsv = { ok: true; rows: CsvRow[] } | { ok: false; headerProblems: HeaderProblem[] };

/**
 * UTF-8 (with or without the BOM Excel writes). Korean Excel's default "CSV" is CP949 (EUC-KR),
 * which is never valid UTF-8 when it holds Hangul, so that is tried second.
 */
function decode(bytes: Buffer): string {
  for (const encoding of ['utf-8', 'euc-kr']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {}
  }
  throw new AppError('bad_request', 'The file is not UTF-8 text: save it as "CSV UTF-8" and upload it again');
}

/**
 * A cell the export neutralised against formula injection (`'=…`, `'@…`) reads back as it was
 * written, so an exported file imports unchanged.
 */
const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/**
 * Reads a plan CSV strictly: RFC 4180 quoting, every row as wide as the header (a malformed file
 * is 400 with its line). Rows whose cells are all blank are skipped but keep their number, so
 * `row` is what the spreadsheet shows.
 */
export function parsePlanCsv(bytes: Buffer): ParsedCsv {
  const text = decode(bytes);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new AppError('bad_request', `The CSV is malformed at line ${line}: ${error.message}`, { line, reason: error.code });
  }
  const [header, ...data] = records;
  if (!header || header.record.every((c) => c.trim() === ''))
    throw new AppError('bad_request', 'The CSV is empty: the first line must be the header');
  const { columns, problems } = resolveHeader(header.record.map((c) => c.trim()));
  if (problems.length) return { ok: false, headerProblems: problems };

  const rows: CsvRow[] = [];
  let previousLine = header.info.lines;
  for (const [index, { record, info }] of data.entries()) {
    const line = previousLine + 1;
    previousLine = info.lines;
    if (record.every((c) => c.trim() === '')) continue;
    if (record.length !== columns.length) {
      throw new AppError('bad_request', `The CSV is malformed at line ${line}: ${record.length} cells where the header has ${columns.length}`, {
        line,
        reason: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
      });
    }
    const cells: CsvRow['cells'] = {};
    for (const [i, key] of columns.entries()) if (key) cells[key] = unneutralise(record[i] ?? '');
    rows.push({ row: index + 2, cells });
  }
  if (rows.length > MAX_CSV_ROWS) {
    throw new AppError('unprocessable', `The CSV has ${rows.length} rows; import at most ${MAX_CSV_ROWS} at a time`, [
      { row: 1, column: '', code: 'too_many_rows', message: `At most ${MAX_CSV_ROWS} rows per file (this one has ${rows.length})` },
    ]);
  }
  return { ok: true, rows };
}
