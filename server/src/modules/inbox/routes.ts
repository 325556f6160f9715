import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { adminOnly, everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { addNote } from './add-note';
import { bulkUpdateConversations } from './bulk-update-conversations';
import type { Viewer } from './conversation-queries';
import { createDepartment, departments, updateDepartment } from './departments';
import { escalateConversation, escalationList, updateEscalation } from './escalations';
import { getThread } from './get-thread';
import { INBOX_ROLES } from './inbox-repository';
import { conversationView, countConversations, listConversations, unreadCount } from './list-conversations';
import { markRead } from './mark-read';
import { retryReply } from './retry-reply';
import { createSavedReply, deleteSavedReply, savedReplies, updateSavedReply } from './saved-replies';
import {
  bulkBody,
  bulkResultSchema,
  conversationListSchema,
  conversationSchema,
  countsQuery,
  countsSchema,
  createDepartmentBody,
  createSavedReplyBody,
  departmentQuery,
  departmentSchema,
  escalateBody,
  escalationQuery,
  escalationSchema,
  listQuery,
  messageSchema,
  noteBody,
  noteSchema,
  readBody,
  replyBody,
  savedReplySchema,
  threadSchema,
  unreadSchema,
  updateConversationBody,
  updateDepartmentBody,
  updateEscalationBody,
  updateSavedReplyBody,
} from './schemas';
import { sendReply } from './send-reply';
import { updateConversation } from './update-conversation';

/** Community managers and admins work the inbox; everyone else in the workspace reads it. */
export const inboxWorkers = INBOX_ROLES;

const base = '/workspaces/:workspaceId/inbox';
const tags = ['inbox'];
const viewerOf = (workspaceId: string, userId: string): Viewer => ({ workspaceId, userId, now: new Date() });
const unprocessable = { description: 'A rule or reference failed; `details` lists each problem' };

export function inboxRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: `${base}/conversations`,
      summary: 'Conversations, newest activity first, filtered; keyset pages (`cursor`)',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      query: listQuery,
      responses: { 200: { description: 'A page of conversations', schema: conversationListSchema } },
      async handler({ auth, query, workspace }) {
        return { body: await listConversations(deps, viewerOf(workspace.id, auth.user.id), query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/counts`,
      summary: 'How many conversations each filter value would show (status, views, channels, categories, sentiments, assignees), in one answer',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      query: countsQuery,
      responses: { 200: { description: 'Counts per facet', schema: countsSchema } },
      async handler({ auth, query, workspace }) {
        return { body: await countConversations(deps, viewerOf(workspace.id, auth.user.id), query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/unread`,
      summary: 'My unread conversations (the navigation badge)',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Unread count', schema: unreadSchema } },
      async handler({ auth, workspace }) {
        return { body: { unread: await unreadCount(deps, { workspaceId: workspace.id, userId: auth.user.id }) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/read`,
      summary: 'Mark conversations (or all) read for me',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      body: readBody,
      responses: { 200: { description: 'My unread count after', schema: unreadSchema } },
      async handler({ auth, body, workspace }) {
        return { body: await markRead(deps, viewerOf(workspace.id, auth.user.id), body) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/conversations/bulk`,
      summary: 'One action on many conversations: assign, set a status, add or remove tags',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId'),
      body: bulkBody,
      responses: { 200: { description: 'How many changed', schema: bulkResultSchema }, 422: unprocessable },
      async handler({ auth, body, req, workspace }) {
        return { body: await bulkUpdateConversations(deps, actorOf(auth, req), auth.user, workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/conversations/:conversationId`,
      summary: 'A conversation with its messages, internal notes, escalations and the post variant it answers',
      tags,
      access: everyone,
      params: idParams('workspaceId', 'conversationId'),
      responses: { 200: { description: 'The thread', schema: threadSchema } },
      async handler({ auth, params, workspace }) {
        return { body: await getThread(deps, viewerOf(workspace.id, auth.user.id), params.conversationId) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/conversations/:conversationId`,
      summary: 'Change status, priority, tags or assignee, or override the category/sentiment (recorded with who and when)',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'conversationId'),
      body: updateConversationBody,
      responses: { 200: { description: 'The conversation', schema: conversationSchema }, 422: unprocessable },
      async handler({ auth, body, params, req, workspace }) {
        await updateConversation(deps, actorOf(auth, req), auth.user, workspace.id, params.conversationId, body);
        const view = await conversationView(deps, viewerOf(workspace.id, auth.user.id), params.conversationId);
        if (!view) throw notFound('Conversation');
        return { body: view };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/conversations/:conversationId/read`,
      summary: 'Mark one conversation read for me',
      tags,
      access: everyone,
      params: idParams('workspaceId', 'conversationId'),
      responses: { 200: { description: 'My unread count after', schema: unreadSchema } },
      async handler({ auth, params, workspace }) {
        return { body: await markRead(deps, viewerOf(workspace.id, auth.user.id), { ids: [params.conversationId] }) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/conversations/:conversationId/replies`,
      summary: 'Reply to the customer through the network (queued; idempotent per `idempotencyKey`)',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'conversationId'),
      body: replyBody,
      responses: {
        201: { description: 'Queued: delivery state `sending`', schema: messageSchema },
        200: { description: 'This key was sent before: the same reply, nothing sent again', schema: messageSchema },
        409: {
          description: '`reply_collision`: someone replied after the message you last saw (`details.replies`); send with `force` to reply anyway',
        },
        422: unprocessable,
      },
      async handler({ auth, body, params, req, workspace }) {
        const { message, created } = await sendReply(deps, actorOf(auth, req), workspace.id, params.conversationId, body);
        return { status: created ? 201 : 200, body: message };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/messages/:messageId/retry`,
      summary: 'Send a failed reply again (a reply whose outcome was unknown is looked for on the network first)',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'messageId'),
      responses: { 202: { description: 'Queued again' }, 409: { description: 'The reply has not failed' } },
      async handler({ auth, params, req, workspace }) {
        await retryReply(deps, actorOf(auth, req), workspace.id, params.messageId);
        return { status: 202 };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/conversations/:conversationId/notes`,
      summary: 'Add an internal note (never sent to the network); mentioned members are notified',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'conversationId'),
      body: noteBody,
      responses: { 201: { description: 'Created', schema: noteSchema }, 422: unprocessable },
      async handler({ auth, body, params, req, workspace }) {
        return { status: 201, body: await addNote(deps, actorOf(auth, req), auth.user, workspace.id, params.conversationId, body) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/conversations/:conversationId/escalations`,
      summary: 'Escalate to a department: it is e-mailed the customer’s messages, the note and a link',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'conversationId'),
      body: escalateBody,
      responses: { 201: { description: 'Opened', schema: escalationSchema }, 422: unprocessable },
      async handler({ auth, body, params, req, workspace }) {
        return { status: 201, body: await escalateConversation(deps, actorOf(auth, req), auth.user, workspace.id, params.conversationId, body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/escalations`,
      summary: 'Escalations of the workspace (default: open and in progress), newest first',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      query: escalationQuery,
      responses: { 200: { description: 'Escalations', schema: z.object({ escalations: z.array(escalationSchema) }) } },
      async handler({ query, workspace }) {
        return { body: { escalations: await escalationList(deps, workspace.id, query.status) } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/escalations/:escalationId`,
      summary: 'Move an escalation: open → in progress → resolved (with a resolution note)',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'escalationId'),
      body: updateEscalationBody,
      responses: { 200: { description: 'Moved', schema: escalationSchema }, 409: { description: 'Not a move from its status' } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updateEscalation(deps, actorOf(auth, req), auth.user, workspace.id, params.escalationId, body) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/saved-replies`,
      summary: 'Saved replies (with {{name}}, {{handle}}, {{agent}}) in Korean and English',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Saved replies', schema: z.object({ savedReplies: z.array(savedReplySchema) }) } },
      async handler({ workspace }) {
        return { body: { savedReplies: await savedReplies(deps, workspace.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/saved-replies`,
      summary: 'Add a saved reply',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId'),
      body: createSavedReplyBody,
      responses: { 201: { description: 'Created', schema: savedReplySchema } },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createSavedReply(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/saved-replies/:savedReplyId`,
      summary: 'Change a saved reply',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'savedReplyId'),
      body: updateSavedReplyBody,
      responses: { 200: { description: 'Changed', schema: savedReplySchema } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updateSavedReply(deps, actorOf(auth, req), workspace.id, params.savedReplyId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/saved-replies/:savedReplyId`,
      summary: 'Delete a saved reply',
      tags,
      access: inboxWorkers,
      params: idParams('workspaceId', 'savedReplyId'),
      responses: { 204: { description: 'Deleted' } },
      async handler({ auth, params, req, workspace }) {
        await deleteSavedReply(deps, actorOf(auth, req), workspace.id, params.savedReplyId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/departments`,
      summary: 'Departments complaints can be escalated to',
      tags,
      access: everyone,
      params: idParams('workspaceId'),
      query: departmentQuery,
      responses: { 200: { description: 'Departments', schema: z.object({ departments: z.array(departmentSchema) }) } },
      async handler({ query, workspace }) {
        return { body: { departments: await departments(deps, workspace.id, query.archived ?? false) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/departments`,
      summary: 'Add a department (name and e-mail address)',
      tags,
      access: adminOnly,
      params: idParams('workspaceId'),
      body: createDepartmentBody,
      responses: { 201: { description: 'Created', schema: departmentSchema }, 409: { description: 'The name is taken' } },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createDepartment(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/departments/:departmentId`,
      summary: 'Rename a department, change its address, archive or restore it',
      tags,
      access: adminOnly,
      params: idParams('workspaceId', 'departmentId'),
      body: updateDepartmentBody,
      responses: { 200: { description: 'Changed', schema: departmentSchema }, 409: { description: 'The name is taken' } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updateDepartment(deps, actorOf(auth, req), workspace.id, params.departmentId, body) };
      },
    }),
  ];
}
