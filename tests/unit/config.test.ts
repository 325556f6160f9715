import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'sotong-config-'));

describe('config', () => {
  it('has embedded defaults: port 3000, no database or Redis URL, secrets generated once with 0600', () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.encryptionKey).toHaveLength(32);
    for (const file of ['session-secret', 'encryption-key']) {
      expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    const again = loadConfig({ DATA_DIR: dir });
    expect(again.sessionSecret).toBe(config.sessionSecret);
    expect(again.encryptionKey.equals(config.encryptionKey)).toBe(true);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(config.sessionSecret);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ ENCRYPTION_KEY: 'not base64!' }, 'ENCRYPTION_KEY'],
    [{ META_GRAPH_URL: 'graph' }, 'META_GRAPH_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  ])('refuses %o naming %s', (env, name) => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tempDir(), ...env })).toThrow(new RegExp(`${name}:`));
  });

  it('takes every documented variable', () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      PORT: '4000',
      DATABASE_URL: 'postgresql://u:p@db:5432/sotong',
      REDIS_URL: 'redis://cache:6379',
      APP_URL: 'https://sotong.example.com/',
      SESSION_SECRET: 'x'.repeat(40),
      ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      META_GRAPH_URL: 'http://127.0.0.1:9001',
      META_APP_ID: 'app',
      META_APP_SECRET: 'secret',
      META_VERIFY_TOKEN: 'verify',
      X_API_URL: 'http://127.0.0.1:9002',
      X_CLIENT_ID: 'cid',
      X_CLIENT_SECRET: 'csecret',
      X_CONSUMER_SECRET: 'consumer',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 4000,
      appUrl: 'https://sotong.example.com',
      secureCookies: true,
      meta: { graphUrl: 'http://127.0.0.1:9001', appSecret: 'secret', verifyToken: 'verify' },
      x: { apiUrl: 'http://127.0.0.1:9002', consumerSecret: 'consumer' },
      smtpUrl: 'smtp://127.0.0.1:2525',
    });
    expect(config.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });
});
