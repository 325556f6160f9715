/** Wire types for the Sotong HTTP API (mirrors the server contract). */

export const ROLES = ['admin', 'planner', 'approver', 'community_manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Locale = 'ko' | 'en';

export interface User {
  id: string;
  email: string;
  name: string;
  locale: Locale | null;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  locale: Locale | null;
  isDemo: boolean;
}

export interface WorkspaceWithRoles extends Workspace {
  roles: Role[];
}

export interface Membership {
  workspace: Workspace;
  roles: Role[];
}

export interface Session {
  user: User;
  csrfToken: string;
  memberships: Membership[];
}

export interface LoginResponse {
  user: User;
  csrfToken: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  roles: Role[];
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  roles: Role[];
  expiresAt: string;
  createdAt: string;
  invitedBy: { name: string } | null;
}

export interface InvitePreview {
  workspace: { id: string; name: string };
  email: string;
  roles: Role[];
  expiresAt: string;
  userExists: boolean;
}

export interface AcceptInviteResponse extends LoginResponse {
  workspaceId: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  roles: Role[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
