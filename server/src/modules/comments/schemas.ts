import { z } from '../../lib/http/zod';

export const commentBody = z.strictObject({
  body: z.string().trim().min(1).max(5000),
  mentions: z.array(z.uuid()).max(50).default([]),
});

export const commentSchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    version: z.number().int().openapi({ description: 'The content version the comment was written on' }),
    body: z.string(),
    mentions: z.array(z.uuid()),
    author: z.object({ id: z.uuid(), name: z.string() }),
    createdAt: z.date(),
  })
  .openapi('PostComment');
