// --tls-cert/--tls-key: the same port speaks wss:// and https:// with a certificate the agent can pin.
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server';
import { SCHEMA_VERSION } from '../src/store/migrations';
import { Store } from '../src/store/store';
import { setUserPassword } from '../src/store/users';
import { hashPassword } from '../src/web/password-hash';
import { grantToken } from './api-auth';
import { generateInventory } from './inventory-generator';
import { selfSignedCert } from './self-signed';
import { connect, hello } from './ws-client';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-tls-'));
const { cert, key } = selfSignedCert(dir, '127.0.0.1');
let store: Store;
let srv: RunningServer;

beforeAll(async () => {
  store = Store.open(join(dir, 'tls.db'));
  srv = await startServer({
    store,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    tls: { cert, key },
  });
});
afterAll(async () => {
  await srv.close();
  store.close();
});

describe('TLS', () => {
  it('serves wss:// to a client that pins the certificate: enroll, report, ack', async () => {
    expect(srv.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const c = await connect(srv.url, { ca: readFileSync(cert) });
    c.send(hello({ enrollSecret: store.createEnrollSecret().secret }));
    expect((await c.next()).type).toBe('welcome');
    c.send({ type: 'report', reportId: 'tls-report-1', inventory: generateInventory(5) });
    expect(await c.next()).toEqual({ type: 'ack', reportId: 'tls-report-1' });
    c.close();
    expect(store.hasReport('tls-report-1')).toBe(true);
  });

  it('a client that does not trust the certificate cannot connect', async () => {
    await expect(connect(srv.url)).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('serves the HTTP API over https on the same port', async () => {
    const auth = grantToken(store);
    const body = await new Promise<string>((resolve, reject) => {
      request(`${srv.httpUrl}/api/health`, { ca: readFileSync(cert), headers: auth }, (res) => {
        let s = '';
        res.on('data', (d) => {
          s += d;
        });
        res.on('end', () => resolve(s));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true, schemaVersion: SCHEMA_VERSION });
  });

  it('under TLS the session cookie is Secure and __Host- prefixed: the browser sends it over HTTPS only', async () => {
    setUserPassword(store.db, 'tls-user', await hashPassword('correct horse'), new Date().toISOString());
    const cookie = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${srv.httpUrl}/api/login`,
        { method: 'POST', ca: readFileSync(cert), headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          expect(res.statusCode).toBe(200);
          resolve(String(res.headers['set-cookie'] ?? ''));
        },
      ).on('error', reject);
      req.end(JSON.stringify({ user: 'tls-user', password: 'correct horse' }));
    });
    expect(cookie).toMatch(/^__Host-coverscan_session=[^;]+;/);
    expect(cookie.split('; ')).toEqual(
      expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/']),
    );
  });
});
