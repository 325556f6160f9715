import ical from 'ical-generator';
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { variantsInRange } from '../calendar/calendar-repository';
import { findMemberRoles } from '../workspaces/membership-repository';
import { findFeedBySecret } from './feed-repository';
import { feedFiltersSchema } from './schemas';

const networkName = { facebook_page: 'Facebook', instagram: 'Instagram', x: 'X' } as Record<string, string>;
const PAST_DAYS = 30;
const AHEAD_DAYS = 90;

/** The person's filtered plan as iCalendar: 30 days back, 90 ahead; only while they are still a member. */
export async function renderFeed(deps: Deps, secret: string, now = new Date()): Promise<string> {
  const feed = await findFeedBySecret(deps.prisma, secret);
  if (!feed || !(await findMemberRoles(deps.prisma, feed.workspaceId, feed.userId))) throw notFound('Calendar feed');
  const filters = feedFiltersSchema.safeParse(feed.filters);
  const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
  const to = new Date(now.getTime() + AHEAD_DAYS * 86_400_000);
  const entries = await variantsInRange(deps.sql, feed.workspaceId, { ...(filters.success ? filters.data : {}), from, to });
  const calendar = ical({
    name: `Sotong · ${feed.workspace.name}`,
    timezone: feed.workspace.timeZone,
    prodId: { company: 'Sotong', product: 'plan' },
    ttl: 15 * 60,
  });
  for (const e of entries) {
    if (!e.scheduledAt) continue;
    const start = new Date(e.scheduledAt);
    calendar.createEvent({
      id: `${e.id}@sotong`,
      start,
      end: new Date(start.getTime() + 15 * 60_000),
      summary: `[${networkName[e.provider] ?? e.provider}] ${e.title}${e.segmentName ? ` · ${e.segmentName}` : ''}`,
      description: `${e.excerpt}\n\n${e.channelName} · ${e.state}`,
      url: `${deps.config.appUrl}/w/${feed.workspaceId}/calendar?variant=${e.id}`,
    });
  }
  return calendar.toString();
}
