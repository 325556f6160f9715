import type { Mark } from '@reports/engagement';
import { useTranslation } from 'react-i18next';

const tag = (lang: string) => (lang.startsWith('ko') ? 'ko-KR' : 'en-US');

/** Number and percentage formatters in the active language. */
export function useReportFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const pct = new Intl.NumberFormat(tag(lang), { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const int = new Intl.NumberFormat(tag(lang), { maximumFractionDigits: 0 });
  const one = new Intl.NumberFormat(tag(lang), { maximumFractionDigits: 1 });
  return {
    lang,
    rate: (r: number | null | undefined) => (r === null || r === undefined ? '—' : pct.format(r)),
    count: (n: number | null | undefined) => (n === null || n === undefined ? '—' : int.format(n)),
    decimal: (n: number) => one.format(n),
    /** "1 Dec" / "12월 1일" for a local YYYY-MM-DD (no zone shift: it is a calendar day already). */
    day: (day: string) =>
      new Intl.DateTimeFormat(tag(lang), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)),
    weekdayShort: (isoWeekday: number) =>
      new Intl.DateTimeFormat(tag(lang), { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, isoWeekday))),
  };
}

/** Fills of the charts per mark (decorative: every figure also has its value and mark as text). */
export const MARK_FILL: Record<Mark, string> = { below: '#b8bfcc', working: '#e9a23b', stable: '#4f7fe0', excellent: '#1f9d68' };

/** Quotes a cell for CSV and neutralises formula-like text (a spreadsheet would run it). */
function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Downloads rows as a CSV file (UTF-8 with a BOM so spreadsheets read Korean right). */
export function downloadCsv(filename: string, header: string[], rows: Array<Array<string | number | null | undefined>>) {
  const text = `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** A rate for a CSV cell: percent with three decimals, empty when unknown. */
export const csvRate = (r: number | null | undefined) => (r === null || r === undefined ? '' : (r * 100).toFixed(3));
