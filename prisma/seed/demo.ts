/** The demo workspace: one person per role. Demo-only credentials, listed in the README. */
import type { PrismaClient } from '../../server/src/lib/db';
import type { Role } from '../../server/src/lib/http/zod';
import { buildMember, buildUser, buildWorkspace } from './builders';

export const DEMO_PASSWORD = 'sotong-demo-2026';
export const DEMO_WORKSPACE = '소통 데모 (Sotong Demo)';
export const demoPeople: Array<{ email: string; name: string; roles: Role[] }> = [
  { email: 'admin@demo.sotong.dev', name: '김민지 (Admin)', roles: ['admin'] },
  { email: 'planner@demo.sotong.dev', name: '이서준 (Planner)', roles: ['planner'] },
  { email: 'approver@demo.sotong.dev', name: '박지현 (Approver)', roles: ['approver'] },
  { email: 'cm@demo.sotong.dev', name: '최유나 (Community manager)', roles: ['community_manager'] },
  { email: 'exec@demo.sotong.dev', name: '정우성 (Executive)', roles: ['viewer'] },
];

export async function seedDemo(prisma: PrismaClient): Promise<{ workspaceId: string; created: boolean }> {
  const existing = await prisma.workspace.findFirst({ where: { isDemo: true }, select: { id: true } });
  if (existing) return { workspaceId: existing.id, created: false };
  const users = [];
  for (const person of demoPeople) {
    users.push({ person, user: await buildUser(prisma, { ...person, password: DEMO_PASSWORD, isDemo: true }) });
  }
  const [admin, ...others] = users;
  if (!admin) throw new Error('no demo admin');
  return prisma.$transaction(async (tx) => {
    const workspace = await buildWorkspace(tx, admin.user, { name: DEMO_WORKSPACE, timeZone: 'Asia/Seoul', locale: 'ko', isDemo: true });
    for (const { person, user } of others) await buildMember(tx, workspace.id, user, person.roles);
    return { workspaceId: workspace.id, created: true };
  });
}

export function demoCredentialsText(): string {
  const rows = demoPeople.map((p) => `  ${p.roles.join(',').padEnd(18)} ${p.email}`);
  return [`Demo workspace "${DEMO_WORKSPACE}" (demo only; password for everyone: ${DEMO_PASSWORD}):`, ...rows].join('\n');
}
