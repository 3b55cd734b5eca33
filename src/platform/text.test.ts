import { describe, expect, it } from 'vitest';
import { findInputProblem, MAX_JSON_DEPTH, shownAsText, textProblem } from './text';

describe('what text is taken', () => {
  it('takes well-formed Unicode, and refuses a NUL and lone surrogates of either half', () => {
    expect(textProblem('Zoë 😀 \ufffd')).toBeUndefined();
    expect(textProblem('a\u0000b')).toContain('NUL');
    expect(textProblem('a\ud800')).toContain('lone');
    expect(textProblem('\udc00a')).toContain('lone');
    expect(textProblem('\ud83d\ude00\ud83d')).toContain('lone');
    expect(shownAsText('a\u0000b\ud800')).toBe('a\ufffdb\ufffd');
  });

  it('names the first bad value or key by its path, and too deep a value by the field that holds it', () => {
    expect(findInputProblem({ a: ['ok', { b: 'x\u0000' }] })).toMatchObject({ field: 'a.1.b' });
    expect(findInputProblem({ a: { 'k\ud800': 1 } })).toMatchObject({
      field: 'a',
      reason: expect.stringContaining('key'),
    });
    const deep = JSON.parse(`{"m":{"n":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    expect(findInputProblem(deep)).toEqual({
      field: 'm.n',
      reason: `is nested more than ${MAX_JSON_DEPTH} levels deep`,
    });
    expect(findInputProblem({ fine: [[['x']]] })).toBeUndefined();
  });
});
