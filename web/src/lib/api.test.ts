import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onUnauthorized, setCsrfToken } from './api';

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn<typeof fetch>(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function sentHeaders(fetchMock: ReturnType<typeof stubFetch>): Record<string, string> {
  const init = fetchMock.mock.calls[0]?.[1];
  return (init?.headers ?? {}) as Record<string, string>;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api fetch wrapper', () => {
  it('sends x-csrf-token on writes but not on reads', async () => {
    setCsrfToken('tok-1');
    const post = stubFetch(new Response(null, { status: 204 }));
    await expect(api.post('/api/auth/logout')).resolves.toBeUndefined();
    expect(sentHeaders(post)['x-csrf-token']).toBe('tok-1');

    for (const write of [() => api.put('/x', {}), () => api.patch('/x', {}), () => api.delete('/x')]) {
      const mock = stubFetch(json(200, {}));
      await write();
      expect(sentHeaders(mock)['x-csrf-token']).toBe('tok-1');
    }

    const get = stubFetch(json(200, { ok: true }));
    await expect(api.get('/api/health')).resolves.toEqual({ ok: true });
    expect(sentHeaders(get)['x-csrf-token']).toBeUndefined();
  });

  it('sends JSON bodies with a content type', async () => {
    const mock = stubFetch(json(200, {}));
    await api.post('/api/auth/login', { workspace: 'demo' });
    expect(sentHeaders(mock)['content-type']).toBe('application/json');
    expect(mock.mock.calls[0]?.[1]?.body).toBe('{"workspace":"demo"}');
  });

  it("turns the server's error body into an ApiError with its message", async () => {
    stubFetch(json(429, { error: { code: 'rate_limited', message: 'Too many attempts.', field: 'email' } }));
    const error = await api.post('/api/auth/login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited',
      message: 'Too many attempts.',
      field: 'email',
    });
  });

  it('explains non-JSON failures and network failures', async () => {
    stubFetch(new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api.get('/api/health')).rejects.toMatchObject({ status: 502, code: 'bad_response' });

    stubFetch(new TypeError('fetch failed'));
    await expect(api.get('/api/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('notifies unauthorized listeners on 401', async () => {
    const listener = vi.fn();
    const unsubscribe = onUnauthorized(listener);
    stubFetch(json(401, { error: { code: 'unauthenticated', message: 'Log in first.' } }));
    await expect(api.get('/api/auth/me')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });
});
