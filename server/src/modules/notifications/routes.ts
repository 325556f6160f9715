import type { Deps } from '../../deps';
import { everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { listNotifications } from './list-notifications';
import { markNotificationsRead } from './mark-notifications-read';
import { markReadBody, markReadSchema, notificationListSchema, notificationQuery } from './schemas';

export function notificationRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: '/workspaces/:workspaceId/notifications',
      summary: 'My notifications here, newest first (page with `before`), and how many are unread',
      tags: ['notifications'],
      access: everyone,
      params: idParams('workspaceId'),
      query: notificationQuery,
      responses: { 200: { description: 'Notifications', schema: notificationListSchema } },
      async handler({ auth, query, workspace }) {
        return { body: await listNotifications(deps.prisma, workspace.id, auth.user.id, query) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/workspaces/:workspaceId/notifications/read',
      summary: 'Mark some of my notifications read (`ids`), or all of them (`all: true`)',
      tags: ['notifications'],
      access: everyone,
      params: idParams('workspaceId'),
      body: markReadBody,
      responses: { 200: { description: 'How many were marked, and how many stay unread', schema: markReadSchema } },
      async handler({ auth, body, workspace }) {
        return { body: await markNotificationsRead(deps.prisma, workspace.id, auth.user.id, body) };
      },
    }),
  ];
}
