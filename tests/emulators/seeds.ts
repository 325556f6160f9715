/** Demo accounts the emulators know out of the box (the demo seed and tests can reuse them). */
import type { GraphPageSeed, GraphUserSeed } from './graph';
import type { XClientSeed, XUserSeed } from './x';

export const DEMO_GRAPH_PAGES: GraphPageSeed[] = [
  {
    id: '100000000000001',
    name: '소통 카페',
    accessTokens: ['demo-page-token-cafe'],
    // The demo seed's follower counts (prisma/seed/demo.ts), so the daily reading keeps them.
    followers: 12_400,
    instagram: { id: '17841400000000001', username: 'sotong.cafe', followers: 8_900 },
  },
  { id: '100000000000002', name: 'Sotong Store', accessTokens: ['demo-page-token-store'] },
];
export const DEMO_GRAPH_USERS: GraphUserSeed[] = [
  { id: '200000000000001', name: '김소통', accessTokens: ['demo-user-token'], pageIds: ['100000000000001', '100000000000002'] },
];
export const DEMO_X_USERS: XUserSeed[] = [
  {
    id: '1500000000000000001',
    username: 'sotong_cafe',
    name: '소통 카페',
    accessTokens: ['demo-x-token'],
    refreshTokens: ['demo-x-refresh'],
    followers: 5_300,
  },
  {
    id: '1500000000000000002',
    username: 'sotong_global',
    name: 'Sotong Coffee',
    accessTokens: ['demo-x-token-en'],
    refreshTokens: ['demo-x-refresh-en'],
    followers: 2_100,
  },
];
export const DEMO_X_CLIENTS: XClientSeed[] = [{ clientId: 'demo-x-client', clientSecret: 'demo-x-client-secret' }];
