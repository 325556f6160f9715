import { roleList, z } from '../../lib/http/zod';
import { emailSchema } from '../auth/schemas';

const zones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));
export const timeZoneSchema = z.string().refine((tz) => zones.has(tz), 'must be an IANA time zone such as Asia/Seoul');

export const workspaceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    timeZone: z.string(),
    locale: z.string(),
    isDemo: z.boolean(),
    roles: z.array(z.string()),
  })
  .openapi('Workspace');

export const createWorkspaceBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80),
  timeZone: timeZoneSchema.optional(),
  locale: z.enum(['ko', 'en']).optional(),
});
export const updateWorkspaceBody = createWorkspaceBody.partial().refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

export const memberSchema = z
  .object({ userId: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()), joinedAt: z.date() })
  .openapi('Member');
export const memberRolesBody = z.strictObject({ roles: roleList });

export const inviteSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    roles: z.array(z.string()),
    expiresAt: z.date(),
    createdAt: z.date(),
    invitedBy: z.object({ name: z.string() }),
  })
  .openapi('Invite');
export const createInviteBody = z.strictObject({ email: emailSchema, roles: roleList });
export const inviteTokenParams = z.strictObject({ token: z.string().min(20).max(100) });
export const acceptInviteBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(1).max(200).optional(),
});
