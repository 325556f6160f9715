import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoPeople } from '../../prisma/seed/demo';
import { freePort, spawnApp, waitForHealthy } from '../support/spawn-app';

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start on embedded defaults (no DATABASE_URL, no REDIS_URL)', () => {
  it('comes up healthy with PGlite and its own redis-server, seeds the demo, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sotong-start-'));
    const port = await freePort();
    const app = spawnApp({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealthy(url, app);
      expect(app.output()).toContain('password for everyone');
      for (const person of demoPeople) {
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: person.email, password: DEMO_PASSWORD }),
        });
        expect(res.status, person.email).toBe(200);
      }
      const redisPid = Number(readFileSync(path.join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      expect(processAlive(redisPid)).toBe(true);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(app.output()).toContain('"msg":"stopped"');
      await expect.poll(() => processAlive(redisPid), { timeout: 5000 }).toBe(false);
      expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }

    // A second start on the same DATA_DIR keeps the data and does not seed again.
    const again = spawnApp({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitForHealthy(url, again);
      expect(again.output()).not.toContain('password for everyone');
      expect(again.output()).not.toContain('applied database migrations');
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
      // Never leave a redis-server behind, whatever happened above.
      const pidFile = path.join(dataDir, 'redis', 'redis.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
      if (pid > 0 && processAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);

  it('exits with one clear line when redis-server is missing and REDIS_URL is unset', async () => {
    const emptyPath = mkdtempSync(path.join(tmpdir(), 'sotong-path-'));
    const app = spawnApp({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sotong-noredis-')), PATH: emptyPath });
    expect(await app.exited).toBe(1);
    expect(app.output().trim().split('\n')).toEqual([expect.stringMatching(/needs Redis: install it .*REDIS_URL/)]);
  }, 60_000);

  it('refuses to boot on a bad setting, naming the variable', async () => {
    const app = spawnApp({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sotong-bad-')), PORT: 'abc' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/Invalid configuration:\n\s+PORT:/);
  }, 60_000);

  it('refuses --role api without a shared DATABASE_URL and REDIS_URL', async () => {
    const app = spawnApp({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sotong-role-')) }, ['--role', 'api']);
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('needs a shared DATABASE_URL and REDIS_URL');
  }, 60_000);
});
