/**
 * The demo's social networks: on an embedded start with no network URLs configured, the Graph API
 * and X API emulators (tests/emulators/) run in this process, with an audience that comments and
 * replies, and the demo workspace's channels are connected to their accounts — so a newcomer sees
 * posts go out and replies come back without any external account.
 */
import { startGraphEmulator } from '../../../tests/emulators/graph';
import { DEMO_GRAPH_PAGES, DEMO_GRAPH_USERS, DEMO_X_CLIENTS, DEMO_X_USERS } from '../../../tests/emulators/seeds';
import { startXEmulator } from '../../../tests/emulators/x';

/** Which demo channel (by handle) acts as which emulator account, with which token. */
export const DEMO_CONNECTIONS: Record<string, { remoteId: string; accessToken: string; refreshToken?: string }> = {
  sotongcoffee: { remoteId: DEMO_GRAPH_PAGES[0]?.id ?? '', accessToken: DEMO_GRAPH_PAGES[0]?.accessTokens?.[0] ?? '' },
  'sotong.coffee': { remoteId: DEMO_GRAPH_PAGES[0]?.instagram?.id ?? '', accessToken: DEMO_GRAPH_PAGES[0]?.accessTokens?.[0] ?? '' },
  sotong_kr: {
    remoteId: DEMO_X_USERS[0]?.id ?? '',
    accessToken: DEMO_X_USERS[0]?.accessTokens?.[0] ?? '',
    refreshToken: DEMO_X_USERS[0]?.refreshTokens?.[0],
  },
  sotong_global: {
    remoteId: DEMO_X_USERS[1]?.id ?? '',
    accessToken: DEMO_X_USERS[1]?.accessTokens?.[0] ?? '',
    refreshToken: DEMO_X_USERS[1]?.refreshTokens?.[0],
  },
};

/** Webhook secrets the demo's emulators sign with (the Graph emulator's app secret is its default). */
export const DEMO_WEBHOOK_SECRETS = {
  metaAppSecret: 'sotong-app-secret',
  metaVerifyToken: 'sotong-demo-verify',
  xConsumerSecret: 'sotong-demo-x-secret',
};

export async function startDemoNetworks() {
  const audience = { enabled: true };
  const graph = await startGraphEmulator({
    pages: DEMO_GRAPH_PAGES,
    users: DEMO_GRAPH_USERS,
    audience,
    appSecret: DEMO_WEBHOOK_SECRETS.metaAppSecret,
  });
  const x = await startXEmulator({ users: DEMO_X_USERS, clients: DEMO_X_CLIENTS, audience });
  return {
    graphUrl: graph.url,
    xUrl: x.url,
    /** The audience's comments and replies come back to the app as signed webhooks (polling backfills the rest). */
    connectWebhooks(appUrl: string, secrets: { metaAppSecret: string; xConsumerSecret: string }) {
      graph.control.setWebhook({ url: `${appUrl}/webhooks/meta`, appSecret: secrets.metaAppSecret });
      x.control.setWebhook({ url: `${appUrl}/webhooks/x`, consumerSecret: secrets.xConsumerSecret });
    },
    async close() {
      await Promise.all([graph.close(), x.close()]);
    },
  };
}
