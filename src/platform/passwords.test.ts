import { expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('correct horse battery', a)).toBe(true);
  expect(await verifyPassword('correct horse batterz', a)).toBe(false);
  expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
});
