import { expect, it } from 'vitest';
import { diffFields } from './audit';

it('records every field on create and delete, and only the changed ones on update', () => {
  expect(diffFields(null, { name: 'Ann', age: 3 })).toEqual({
    name: { before: null, after: 'Ann' },
    age: { before: null, after: 3 },
  });
  expect(diffFields({ name: 'Ann' }, null)).toEqual({ name: { before: 'Ann', after: null } });
  expect(
    diffFields(
      { name: 'Ann', tags: ['a'], seen: new Date('2020-01-01') },
      { name: 'Bo', tags: ['a'], seen: '2020-01-01T00:00:00.000Z' },
    ),
  ).toEqual({
    name: { before: 'Ann', after: 'Bo' },
  });
});

it('never logs secrets', () => {
  expect(
    diffFields(null, { email: 'a@b.c', password_hash: 'scrypt$...', token_hash: 'x', csrf_token: 'y' }),
  ).toEqual({
    email: { before: null, after: 'a@b.c' },
  });
});
