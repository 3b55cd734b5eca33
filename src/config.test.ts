import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('.rapport')).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('LOG_LEVEL');
      expect(message).toContain('DATABASE_URL');
    }
  });

  it('reads a server URL and a port', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@localhost/db' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://u@localhost/db');
  });

  it('trusts no proxy unless one is named, and refuses "true"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'loopback',
    ]);
    for (const bad of ['true', '0', '99', '10.0.0.5/40', 'proxy.example.com'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });

  it('reads the public address, and the stream and login limits', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://crm.example.com/',
      STREAMS_PER_USER: '2',
      STREAMS_PER_WORKSPACE: '20',
      LOGIN_FAILURES_PER_WORKSPACE_PER_MINUTE: '7',
    });
    expect(config.publicUrl).toBe('https://crm.example.com');
    expect(config).toMatchObject({
      streamsPerUser: 2,
      streamsPerWorkspace: 20,
      loginFailuresPerWorkspace: 7,
    });
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ STREAMS_PER_USER: '0' })).toThrow(/STREAMS_PER_USER/);
  });
});
