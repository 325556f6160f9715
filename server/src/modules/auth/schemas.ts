import { z } from '../../lib/http/zod';

export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
export const emailSchema = z.email({ error: 'must be an email address' }).max(254);
export const localeSchema = z.enum(['ko', 'en']);

export const userSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), locale: z.string().nullable() }).openapi('User');

export const workspaceSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    timeZone: z.string(),
    locale: z.string(),
    isDemo: z.boolean(),
  })
  .openapi('WorkspaceSummary');

export const loginBody = z.strictObject({ email: emailSchema, password: z.string().min(1, 'is required').max(200) }).openapi('LoginRequest');
export const loginResponse = z.object({ user: userSchema, csrfToken: z.string() }).openapi('LoginResponse');
export const sessionResponse = z
  .object({
    user: userSchema,
    csrfToken: z.string().optional(),
    memberships: z.array(z.object({ workspace: workspaceSummarySchema, roles: z.array(z.string()) })),
  })
  .openapi('Session');
export const passwordBody = z.strictObject({ currentPassword: z.string().min(1, 'is required').max(200), newPassword: passwordSchema });
export const meBody = z.strictObject({ name: z.string().trim().min(1).max(100).optional(), locale: localeSchema.optional() });
