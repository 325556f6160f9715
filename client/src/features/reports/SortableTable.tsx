import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button';
import { downloadCsv } from './format';

export interface Column<T> {
  key: string;
  label: string;
  /** What the column sorts by (numbers sort numerically; null last). */
  sortValue: (row: T) => string | number | null;
  render?: (row: T) => ReactNode;
  /** What goes into the CSV (default: the sort value). */
  csv?: (row: T) => string | number | null;
  numeric?: boolean;
}

/**
 * A table whose headers sort (click or Enter; aria-sort tells screen readers) with a CSV export of the rows
 * as sorted. `caption` names the table; `note` (e.g. the formula) sits under it.
 */
export function SortableTable<T>({
  caption,
  note,
  columns,
  rows,
  rowKey,
  initialSort,
  filename,
}: {
  caption: string;
  note?: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  initialSort?: { key: string; dir: 'asc' | 'desc' };
  filename: string;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState(initialSort ?? { key: columns[0]?.key ?? '', dir: 'asc' as const });
  const column = columns.find((c) => c.key === sort.key);
  const sorted = column
    ? [...rows].sort((a, b) => {
        const x = column.sortValue(a);
        const y = column.sortValue(b);
        if (x === y) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return sort.dir === 'asc' ? order : -order;
      })
    : rows;
  const toggle = (key: string) =>
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: columns.find((c) => c.key === key)?.numeric ? 'desc' : 'asc' },
    );
  const exportCsv = () =>
    downloadCsv(
      filename,
      columns.map((c) => c.label),
      sorted.map((row) => columns.map((c) => (c.csv ? c.csv(row) : c.sortValue(row)))),
    );
  return (
    <div className="report-table">
      <div className="report-table-head">
        <div>
          <h3 className="report-subtitle">{caption}</h3>
          {note ? <p className="report-note">{note}</p> : null}
        </div>
        <Button size="sm" variant="secondary" onClick={exportCsv} disabled={rows.length === 0}>
          {t('reports.exportCsv')}
          <span className="visually-hidden">: {caption}</span>
        </Button>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    className={c.numeric ? 'num' : undefined}
                  >
                    <button type="button" className="sort-button" onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden="true" className="sort-arrow">
                        {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.render ? c.render(row) : (c.sortValue(row) ?? '—')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
