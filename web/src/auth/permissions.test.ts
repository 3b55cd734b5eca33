import { describe, expect, it } from 'vitest';
import { can, levelOf, type Permissions } from './permissions';

const sales: Permissions = {
  role: 'sales',
  userId: 'u1',
  teamId: 't1',
  grants: { people: { read: 'all', create: 'all', update: 'team', delete: 'own' }, tasks: { update: 'own' } },
};

describe('grant checks', () => {
  it('reads a missing type or action as none', () => {
    expect(levelOf(sales, 'people', 'update')).toBe('team');
    expect(levelOf(sales, 'orders', 'read')).toBe('none');
    expect(levelOf(sales, 'tasks', 'delete')).toBe('none');
    expect(can(sales, 'orders', 'read')).toBe(false);
  });

  it('applies team and own levels to a record like the server does', () => {
    expect(can(sales, 'people', 'update')).toBe(true);
    expect(can(sales, 'people', 'update', { ownerId: 'u1', teamId: null })).toBe(true);
    expect(can(sales, 'people', 'update', { ownerId: 'u2', teamId: 't1' })).toBe(true);
    expect(can(sales, 'people', 'update', { ownerId: 'u2', teamId: 't2' })).toBe(false);
    expect(can(sales, 'people', 'update', { ownerId: null, teamId: null })).toBe(false);
    expect(can(sales, 'people', 'delete', { ownerId: 'u2', teamId: 't1' })).toBe(false);
    expect(can(sales, 'people', 'delete', { ownerId: 'u1', teamId: 't9' })).toBe(true);
    expect(can(sales, 'people', 'read', { ownerId: 'u9', teamId: 't9' })).toBe(true);
  });

  it('does not let a user without a team match records without a team', () => {
    const loner = { ...sales, teamId: null };
    expect(can(loner, 'people', 'update', { ownerId: 'u2', teamId: null })).toBe(false);
  });
});
