import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../lib/use-document-title';
import { PageHeader } from '../../ui/PageHeader';
import { addDays, todayIn } from '../calendar/zoned';
import { useWorkspaceTime } from '../workspaces/current-workspace';
import type { ReportFilters } from './api';
import { BestTimesReport } from './BestTimesReport';
import { CadenceReportView } from './CadenceReport';
import { ContentReportView } from './ContentReport';
import { ListeningReportView } from './ListeningReport';
import { ReportFiltersBar } from './ReportFiltersBar';
import './reports.css';

export interface ReportTabProps {
  filters: ReportFilters;
}

/**
 * The report tabs, in order. Each is one component reading the shared filters (dates in the workspace
 * zone, channel, segment, campaign, label) from the URL. Listening reads the dates and the channel.
 */
const REPORT_TABS: ReadonlyArray<{ id: string; label: string; filters: 'all' | 'dates' | 'none'; Component: (props: ReportTabProps) => ReactNode }> =
  [
    { id: 'content', label: 'reports.tabs.content', filters: 'all', Component: ContentReportView },
    { id: 'cadence', label: 'reports.tabs.cadence', filters: 'dates', Component: CadenceReportView },
    { id: 'best-times', label: 'reports.tabs.bestTimes', filters: 'none', Component: BestTimesReport },
    { id: 'listening', label: 'reports.tabs.listening', filters: 'dates', Component: ListeningReportView },
  ];

export default function ReportsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.reports'));
  const { timeZone } = useWorkspaceTime();
  const [params, setParams] = useSearchParams();
  const baseId = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const active = REPORT_TABS.find((tab) => tab.id === params.get('tab')) ?? (REPORT_TABS[0] as (typeof REPORT_TABS)[number]);
  const today = todayIn(timeZone);
  const filters: ReportFilters = {
    from: params.get('from') ?? addDays(today, -27),
    to: params.get('to') ?? today,
    channelId: params.get('channel') ?? undefined,
    segmentId: params.get('segment') ?? undefined,
    campaignId: params.get('campaign') ?? undefined,
    label: params.get('label') ?? undefined,
  };
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  const select = (index: number) => {
    const tab = REPORT_TABS[(index + REPORT_TABS.length) % REPORT_TABS.length];
    if (!tab) return;
    update({ tab: tab.id });
    tabRefs.current[REPORT_TABS.indexOf(tab)]?.focus();
  };
  const onKey = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowRight') select(index + 1);
    else if (event.key === 'ArrowLeft') select(index - 1);
    else if (event.key === 'Home') select(0);
    else if (event.key === 'End') select(REPORT_TABS.length - 1);
    else return;
    event.preventDefault();
  };
  const { Component } = active;

  return (
    <>
      <PageHeader title={t('nav.reports')} description={t('reports.pageDescription', { zone: timeZone })} />
      <div className="report-tabs" role="tablist" aria-label={t('reports.tabsLabel')}>
        {REPORT_TABS.map((tab, index) => {
          const selected = tab.id === active.id;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                tabRefs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.id}`}
              aria-selected={selected}
              aria-controls={`${baseId}-panel`}
              tabIndex={selected ? 0 : -1}
              className="report-tab"
              onClick={() => update({ tab: tab.id })}
              onKeyDown={(e) => onKey(e, index)}
            >
              {t(tab.label)}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${active.id}`} className="report-panel">
        {active.filters !== 'none' ? <ReportFiltersBar filters={filters} datesOnly={active.filters === 'dates'} onChange={update} /> : null}
        <Component filters={filters} />
      </div>
    </>
  );
}
