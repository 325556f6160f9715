import { z } from '../../lib/http/zod';

export const providerSchema = z.enum(['facebook_page', 'instagram', 'x']).openapi('ChannelProvider');
export const channelSchema = z
  .object({
    id: z.uuid(),
    provider: providerSchema,
    name: z.string(),
    handle: z.string(),
    avatarUrl: z.string().nullable(),
    followerCount: z.number(),
    timeZone: z.string().nullable(),
    dailyTarget: z.number(),
    status: z.enum(['active', 'needs_reconnect', 'disconnected']).openapi({
      description: '`active` with a `remoteId`: connected; `needs_reconnect`: the token expired or was revoked; `disconnected`: no credentials',
    }),
    remoteId: z.string().nullable().openapi({ description: 'The network’s id of the account; null for a record never connected' }),
    tokenExpiresAt: z.date().nullable().openapi({ description: 'When the stored access token ends, when known' }),
  })
  .openapi('ChannelAccount');
