import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';

const ids = z.array(z.uuid()).max(100);
export const calendarPreferenceSchema = z
  .strictObject({
    view: z.enum(['month', 'week', 'day', 'list']).optional(),
    colorBy: z.enum(['segment', 'channel', 'campaign']).optional(),
    /** Draw the channels' weekly posting slots (free and taken) on the calendar. */
    showSlots: z.boolean().optional(),
    filters: z
      .strictObject({
        channelIds: ids.optional(),
        segmentIds: ids.optional(),
        campaignIds: ids.optional(),
        authorIds: ids.optional(),
        states: z.array(z.string().max(20)).max(10).optional(),
        labels: z.array(z.string().max(40)).max(20).optional(),
      })
      .optional(),
  })
  .openapi('CalendarPreferences');

/** Calendar filters and colour-by, kept per person and workspace so they follow the person across devices. */
export function preferenceRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/preferences/calendar',
      summary: 'My calendar filters and colour-by in this workspace',
      tags: ['calendar'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Preferences ({} when never saved)', schema: calendarPreferenceSchema } },
      async handler({ auth, workspace }) {
        const row = await deps.prisma.userPreference.findUnique({
          where: { workspaceId_userId: { workspaceId: workspace.id, userId: auth.user.id } },
          select: { calendar: true },
        });
        const parsed = calendarPreferenceSchema.safeParse(row?.calendar ?? {});
        return { body: parsed.success ? parsed.data : {} };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/workspaces/:workspaceId/preferences/calendar',
      summary: 'Save my calendar filters and colour-by',
      tags: ['calendar'],
      access: everyone,
      params: idParams('workspaceId'),
      body: calendarPreferenceSchema,
      responses: { 200: { description: 'Saved', schema: calendarPreferenceSchema } },
      async handler({ auth, body, workspace }) {
        const calendar = body as Prisma.InputJsonValue;
        await deps.prisma.userPreference.upsert({
          where: { workspaceId_userId: { workspaceId: workspace.id, userId: auth.user.id } },
          create: { workspaceId: workspace.id, userId: auth.user.id, calendar },
          update: { calendar },
          select: { userId: true },
        });
        return { body };
      },
    }),
  ];
}
