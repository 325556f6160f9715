import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AcceptInvitePage } from '../features/auth/AcceptInvitePage';
import { LoginPage } from '../features/auth/LoginPage';
import { ReviewLinkPage } from '../features/review/ReviewLinkPage';
import { StartPage } from '../features/workspaces/StartPage';
import { AppShell } from './AppShell';
import { NotFoundContent, NotFoundPage } from './NotFoundPage';

const CalendarPage = lazy(() => import('../features/calendar/CalendarPage'));
const ApprovalsPage = lazy(() => import('../features/approvals/ApprovalsPage'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage'));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage'));
const DigestPage = lazy(() => import('../features/digest/DigestPage'));
const DigestSettings = lazy(() => import('../features/digest/DigestSettings'));
const SettingsLayout = lazy(() => import('../features/settings/SettingsLayout'));
const GeneralSettings = lazy(() => import('../features/settings/GeneralSettings'));
const MembersSettings = lazy(() => import('../features/settings/MembersSettings'));
const TokensSettings = lazy(() => import('../features/settings/TokensSettings'));
const AccountSettings = lazy(() => import('../features/settings/AccountSettings'));
const ChannelsSettings = lazy(() => import('../features/settings/ChannelsSettings'));
const SegmentsSettings = lazy(() => import('../features/settings/SegmentsSettings'));
const CampaignsSettings = lazy(() => import('../features/settings/CampaignsSettings'));
const PlanToolsSettings = lazy(() => import('../features/settings/PlanToolsSettings'));
const ApprovalPolicySettings = lazy(() => import('../features/settings/ApprovalPolicySettings'));
const AuditLogPage = lazy(() => import('../features/audit/AuditLogPage'));
const PublishingSettings = lazy(() => import('../features/publishing/PublishingSettings'));
const WebhooksSettings = lazy(() => import('../features/settings/WebhooksSettings'));
const InboxSettings = lazy(() => import('../features/inbox/InboxSettings'));

export const router = createBrowserRouter([
  { path: '/', element: <StartPage /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: <AcceptInvitePage /> },
  { path: '/review/:token', element: <ReviewLinkPage /> },
  {
    path: '/w/:workspaceId',
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="calendar" replace /> },
      { path: 'calendar', element: <CalendarPage /> },
      { path: 'approvals', element: <ApprovalsPage /> },
      { path: 'inbox', element: <InboxPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'digest', element: <DigestPage /> },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="general" replace /> },
          { path: 'general', element: <GeneralSettings /> },
          { path: 'members', element: <MembersSettings /> },
          { path: 'channels', element: <ChannelsSettings /> },
          { path: 'segments', element: <SegmentsSettings /> },
          { path: 'campaigns', element: <CampaignsSettings /> },
          { path: 'plan-tools', element: <PlanToolsSettings /> },
          { path: 'approval-policy', element: <ApprovalPolicySettings /> },
          { path: 'audit', element: <AuditLogPage /> },
          { path: 'publishing', element: <PublishingSettings /> },
          { path: 'webhooks', element: <WebhooksSettings /> },
          { path: 'inbox', element: <InboxSettings /> },
          { path: 'digest', element: <DigestSettings /> },
          { path: 'tokens', element: <TokensSettings /> },
          { path: 'account', element: <AccountSettings /> },
          { path: '*', element: <NotFoundContent /> },
        ],
      },
      { path: '*', element: <NotFoundContent /> },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);
