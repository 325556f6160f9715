import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi()` metadata on every zod schema; import `z` from here in route schemas.
extendZodWithOpenApi(z);

export { z };

export const uuid = z.uuid({ error: 'must be a UUID' });
export const roleSchema = z.enum(['admin', 'planner', 'approver', 'community_manager', 'viewer']).openapi('Role');
export type Role = z.infer<typeof roleSchema>;
export const roleList = z
  .array(roleSchema)
  .min(1, 'choose at least one role')
  .max(5)
  .refine((roles) => new Set(roles).size === roles.length, 'roles must not repeat');

export const errorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error');
