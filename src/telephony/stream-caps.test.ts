import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { connectEventStream, type EventStreamClient } from '../testing/sse-client';

describeEachDatabase('caps on live event streams per user and per workspace', (kind) => {
  let api: TestApi;
  let tenant: TestTenant;
  let base: string;
  const open: EventStreamClient[] = [];

  beforeAll(async () => {
    api = await createTestApi(kind, { STREAMS_PER_USER: '2', STREAMS_PER_WORKSPACE: '3' });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    tenant = await api.addTenant('streams');
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await api.close();
  });

  const listen = async (token: string) => {
    const stream = await connectEventStream(`${base}/api/events`, bearer(token));
    open.push(stream);
    return stream;
  };
  const refused = async (token: string) => {
    const response = await fetch(`${base}/api/events`, { headers: bearer(token) });
    return {
      status: response.status,
      body: (await response.json()) as { error: { code: string; message: string } },
    };
  };

  it('answers 429 beyond the streams one user may hold, and takes a new one when one closes', async () => {
    const agent = await api.addUser(tenant, 'service');
    expect((await listen(agent.token)).status).toBe(200);
    const second = await listen(agent.token);
    expect(second.status).toBe(200);
    const third = await refused(agent.token);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    expect(third.body.error.message).toMatch(/2 live streams open already/);
    second.close();
    // The server sees the close a moment later.
    for (let i = 0; i < 50; i++) {
      const again = await fetch(`${base}/api/events`, { headers: bearer(agent.token) });
      if (again.status === 200) {
        await again.body?.cancel();
        return;
      }
      await again.arrayBuffer();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the closed stream was never given back');
  });

  it('answers 429 beyond the streams one workspace may hold, whoever asks', async () => {
    const other = await api.addTenant('streams-two');
    const x = await api.addUser(other, 'service');
    const y = await api.addUser(other, 'service');
    expect((await listen(x.token)).status).toBe(200);
    expect((await listen(x.token)).status).toBe(200);
    expect((await listen(y.token)).status).toBe(200);
    const response = await refused(y.token);
    expect(response.status).toBe(429);
    expect(response.body.error.message).toMatch(/workspace has 3 live streams open/);
    // Another workspace is not affected.
    const third = await api.addTenant('streams-three');
    expect((await listen((await api.addUser(third, 'service')).token)).status).toBe(200);
  });
});
