import type { Deps } from '../../deps';
import { adminOnly, everyone } from '../../lib/http/roles';
import { defineRoute, idParams } from '../../lib/http/route';
import { z } from '../../lib/http/zod';
import { actorOf } from '../audit/actor';
import { classifyText } from './classify';
import { inboxContext } from './inbox-context';
import { createRule, deleteRule, listRules, updateRule } from './manage-rules';
import { getInboxSettings, updateInboxSettings } from './manage-settings';
import {
  classificationSchema,
  classifyBody,
  createRuleBody,
  inboxSettingsSchema,
  ruleSchema,
  updateInboxSettingsBody,
  updateRuleBody,
} from './schemas';

const base = '/workspaces/:workspaceId/inbox';
const readers = ['admin', 'community_manager'] as const;

/** Classification rules and inbox settings (admins edit; community managers read). */
export function inboxIngestRoutes(deps: Deps) {
  return [
    defineRoute({
      method: 'get',
      path: `${base}/rules`,
      summary: 'Classification rules: keywords and phrases that set a category and/or sentiment (a starter set in Korean and English ships)',
      tags: ['inbox'],
      access: readers,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Rules, strongest first', schema: z.object({ rules: z.array(ruleSchema) }) } },
      async handler({ workspace }) {
        return { body: { rules: await listRules(deps, workspace.id) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/rules`,
      summary: 'Add a classification rule',
      tags: ['inbox'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: createRuleBody,
      responses: { 201: { description: 'Created', schema: ruleSchema }, 409: { description: 'A rule for this phrase exists' } },
      async handler({ auth, body, req, workspace }) {
        return { status: 201, body: await createRule(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${base}/rules/:ruleId`,
      summary: 'Change a classification rule',
      tags: ['inbox'],
      access: adminOnly,
      params: idParams('workspaceId', 'ruleId'),
      body: updateRuleBody,
      responses: { 200: { description: 'Updated', schema: ruleSchema } },
      async handler({ auth, body, params, req, workspace }) {
        return { body: await updateRule(deps, actorOf(auth, req), workspace.id, params.ruleId, body) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${base}/rules/:ruleId`,
      summary: 'Delete a classification rule',
      tags: ['inbox'],
      access: adminOnly,
      params: idParams('workspaceId', 'ruleId'),
      responses: { 204: { description: 'Deleted' } },
      async handler({ auth, params, req, workspace }) {
        await deleteRule(deps, actorOf(auth, req), workspace.id, params.ruleId);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/rules/classify`,
      summary: 'Try the rules on a text: the category, sentiment and the terms that decided them',
      tags: ['inbox'],
      access: readers,
      params: idParams('workspaceId'),
      body: classifyBody,
      responses: { 200: { description: 'How the text would be classified', schema: classificationSchema } },
      async handler({ body, workspace }) {
        const context = await inboxContext(deps, workspace.id);
        return { body: classifyText(body.text, context.rules) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/settings`,
      summary: 'Inbox settings: business hours (workspace zone), response targets, round-robin assignment',
      tags: ['inbox'],
      access: everyone,
      params: idParams('workspaceId'),
      responses: { 200: { description: 'Settings', schema: inboxSettingsSchema } },
      async handler({ workspace }) {
        return { body: await getInboxSettings(deps, workspace.id) };
      },
    }),
    defineRoute({
      method: 'put',
      path: `${base}/settings`,
      summary: 'Change the inbox settings (deadlines of new messages follow them)',
      tags: ['inbox'],
      access: adminOnly,
      params: idParams('workspaceId'),
      body: updateInboxSettingsBody,
      responses: { 200: { description: 'Settings', schema: inboxSettingsSchema } },
      async handler({ auth, body, req, workspace }) {
        return { body: await updateInboxSettings(deps, actorOf(auth, req), workspace.id, body) };
      },
    }),
  ];
}
