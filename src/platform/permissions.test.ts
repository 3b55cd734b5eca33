import { describe, expect, it } from 'vitest';
import { authorize, BUILT_IN_GRANTS, isAllowed, OBJECT_TYPES, type Principal, SECTIONS } from './permissions';

const principal = (role: keyof typeof BUILT_IN_GRANTS, teamId: string | null = 'team-1'): Principal => ({
  workspaceId: 'w',
  userId: 'me',
  teamId,
  roleName: role,
  grants: BUILT_IN_GRANTS[role],
  via: 'token',
});

describe('built-in roles', () => {
  it('give the admin every action on every object', () => {
    for (const type of OBJECT_TYPES)
      for (const action of ['read', 'create', 'update', 'delete'] as const) {
        expect(isAllowed(principal('admin'), type, action)).toBe(true);
      }
  });

  it('let each department change only its own section', () => {
    for (const [department, types] of Object.entries(SECTIONS)) {
      for (const [other, otherTypes] of Object.entries(SECTIONS)) {
        for (const type of otherTypes) {
          const role = department as keyof typeof SECTIONS;
          expect(isAllowed(principal(role), type, 'update')).toBe(other === department);
          expect(isAllowed(principal(role), type, 'read')).toBe(true);
        }
      }
      expect(types.length).toBeGreaterThan(0);
    }
  });

  it('make the analyst read-only on records and full on analytics', () => {
    const analyst = principal('analyst');
    expect(isAllowed(analyst, 'people', 'read')).toBe(true);
    expect(isAllowed(analyst, 'people', 'update')).toBe(false);
    expect(isAllowed(analyst, 'orders', 'create')).toBe(false);
    for (const action of ['read', 'create', 'update', 'delete'] as const)
      expect(isAllowed(analyst, 'analytics', action)).toBe(true);
  });
});

describe('levels', () => {
  const sales = principal('sales');
  it('apply team and own to a record', () => {
    expect(isAllowed(sales, 'people', 'update', { ownerId: 'someone', ownerTeamId: 'team-1' })).toBe(true);
    expect(isAllowed(sales, 'people', 'update', { ownerId: 'someone', ownerTeamId: 'team-2' })).toBe(false);
    expect(isAllowed(sales, 'people', 'delete', { ownerId: 'me', ownerTeamId: 'team-2' })).toBe(true);
    expect(isAllowed(sales, 'people', 'delete', { ownerId: 'someone', ownerTeamId: 'team-1' })).toBe(false);
    expect(isAllowed(principal('sales', null), 'people', 'update', { ownerId: 'x', ownerTeamId: null })).toBe(
      false,
    );
  });

  it('throw a forbidden error naming the role and the action', () => {
    expect(() => authorize(sales, 'users', 'update')).toThrow('Your role (sales) may not update users');
  });
});
