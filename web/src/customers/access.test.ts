import { describe, expect, it } from 'vitest';
import type { Permissions } from '../auth/permissions';
import { customerAccess } from './access';

const frontLine = { read: 'all', create: 'all', update: 'team', delete: 'own' } as const;
const readOnly = { read: 'all' } as const;

const role = (grants: Permissions['grants'], teamId: string | null = 'team-a'): Permissions => ({
  role: 'x',
  userId: 'me',
  teamId,
  grants,
});

describe('customer page access', () => {
  it('lets a front-line role edit its team’s customers but not another team’s', () => {
    const sales = role({ people: frontLine, interactions: frontLine, notes: frontLine, tasks: frontLine });
    const ours = customerAccess(sales, { ownerId: 'colleague', teamId: 'team-a' });
    expect(ours).toMatchObject({
      editProfile: true,
      logInteraction: true,
      addNote: true,
      scheduleTask: true,
    });
    const theirs = customerAccess(sales, { ownerId: 'stranger', teamId: 'team-b' });
    expect(theirs.editProfile).toBe(false);
    expect(theirs.logInteraction).toBe(true);
    expect(customerAccess(sales, { ownerId: 'me', teamId: null }).editProfile).toBe(true);
  });

  it('gives a read-only role nothing to change', () => {
    const analyst = role({ people: readOnly, interactions: readOnly, notes: readOnly, tasks: readOnly });
    const access = customerAccess(analyst, { ownerId: 'me', teamId: 'team-a' });
    expect(access).toMatchObject({
      editProfile: false,
      logInteraction: false,
      addNote: false,
      scheduleTask: false,
    });
    expect(access.completeTask('me')).toBe(false);
  });
});
