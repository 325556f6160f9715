import { encryptCredentials } from '../channels/credentials';
import type { PrismaClient } from '../lib/db';
import { DEMO_CONNECTIONS } from './demo-networks';

/** Connects the demo workspace's channels to the emulators' accounts (once; idempotent). */
export async function connectDemoChannels(prisma: PrismaClient, encryptionKey: Buffer): Promise<number> {
  const channels = await prisma.channelAccount.findMany({
    where: { workspace: { isDemo: true }, credentials: null, handle: { in: Object.keys(DEMO_CONNECTIONS) } },
    select: { id: true, handle: true },
  });
  for (const c of channels) {
    const link = DEMO_CONNECTIONS[c.handle];
    if (!link) continue;
    await prisma.channelAccount.update({
      where: { id: c.id },
      data: {
        remoteId: link.remoteId,
        status: 'active',
        ...encryptCredentials(encryptionKey, { accessToken: link.accessToken, refreshToken: link.refreshToken ?? null }),
      },
      select: { id: true },
    });
  }
  return channels.length;
}
