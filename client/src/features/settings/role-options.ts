import type { TFunction } from 'i18next';
import { ROLES, type Role } from '../../api/types';

export function roleOptions(t: TFunction, allowed: readonly Role[] = ROLES) {
  return ROLES.filter((role) => allowed.includes(role)).map((role) => ({ value: role, label: t(`roles.${role}`) }));
}

export function roleList(t: TFunction, roles: readonly Role[]): string {
  return ROLES.filter((role) => roles.includes(role))
    .map((role) => t(`roles.${role}`))
    .join(', ');
}
