import { expect, it } from 'vitest';
import { normaliseIdentity } from './identities';

it('brings every way of writing a US number to one E.164 value', () => {
  for (const raw of ['(415) 555-0100', '415.555.0100', '+1 415 555 0100', '4155550100', '+14155550100']) {
    expect(normaliseIdentity('phone', raw, 'US')).toEqual({
      ok: true,
      identity: { kind: 'phone', value: '+14155550100', raw, source: null },
    });
  }
});

it('reads national numbers in the workspace region and keeps international ones as dialled', () => {
  expect(normaliseIdentity('phone', '020 7946 0018', 'GB')).toMatchObject({
    identity: { value: '+442079460018' },
  });
  expect(normaliseIdentity('phone', '+49 30 901820', 'US')).toMatchObject({
    identity: { value: '+4930901820' },
  });
  expect(normaliseIdentity('phone', '12', 'US')).toMatchObject({
    ok: false,
    reason: expect.stringContaining('US'),
  });
});

it('case-folds emails and checks their shape', () => {
  expect(normaliseIdentity('email', '  Ann.Lee@Example.COM ', 'US')).toMatchObject({
    identity: { value: 'ann.lee@example.com' },
  });
  expect(normaliseIdentity('email', 'ann at example', 'US')).toMatchObject({ ok: false });
});

it('keeps external ids as source:id with a lower-case source', () => {
  expect(normaliseIdentity('external', 'Shop:123', 'US')).toMatchObject({
    identity: { value: 'shop:123', source: 'shop' },
  });
  expect(normaliseIdentity('external', '123', 'US')).toMatchObject({ ok: false });
});
