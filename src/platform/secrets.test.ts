import { expect, it } from 'vitest';
import { composeCredential, parseCredential } from './secrets';

const WORKSPACE = '3f2b8c1e-9d4a-4e6f-8a7b-1c2d3e4f5a6b';

it('parses back the workspace of every credential it composes, underscores in the secret included', () => {
  for (let i = 0; i < 500; i++) {
    const credential = composeCredential('rpt', WORKSPACE);
    expect(parseCredential('rpt', credential)).toEqual({ workspaceId: WORKSPACE });
  }
});

it('rejects other prefixes and malformed values', () => {
  const credential = composeCredential('rpt', WORKSPACE);
  expect(parseCredential('rps', credential)).toBeUndefined();
  expect(parseCredential('rpt', 'rpt_nonsense')).toBeUndefined();
  expect(parseCredential('rpt', `rpt_${'g'.repeat(32)}_${'a'.repeat(43)}`)).toBeUndefined();
  expect(parseCredential('rpt', `rpt_${WORKSPACE.replaceAll('-', '')}_short`)).toBeUndefined();
});
