import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-config-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const secret = 'x'.repeat(40);

describe('loadConfig', () => {
  it('points links in mails at STOREFRONT_URL, else APP_URL, else a local storefront', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).STOREFRONT_URL).toBe('http://localhost:5173');
    expect(loadConfig({ DATA_DIR: dataDir, APP_URL: 'https://shop.example/' }).STOREFRONT_URL).toBe(
      'https://shop.example',
    );
    const both = {
      DATA_DIR: dataDir,
      APP_URL: 'https://api.example',
      STOREFRONT_URL: 'https://www.example/',
    };
    expect(loadConfig(both).STOREFRONT_URL).toBe('https://www.example');
    expect(() => loadConfig({ DATA_DIR: dataDir, STOREFRONT_URL: 'not a url' })).toThrow(ConfigError);
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      PORT: 3000,
      ACCESS_TOKEN_TTL: 15 * 60_000,
      REFRESH_TOKEN_TTL: 7 * 86_400_000,
      DEFAULT_CURRENCY: 'USD',
      STORAGE_DRIVER: 'local',
      GOOGLE_ISSUER_URL: 'https://accounts.google.com',
      LOGIN_MAX_FAILURES: 5,
      LOGIN_WINDOW: 15 * 60_000,
      HEAP_GROWTH_PERCENT: 50,
      dataDir,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'not a url'],
    ['ACCESS_TOKEN_TTL', 'forever'],
    ['DEFAULT_CURRENCY', 'dollars'],
    ['STORAGE_DRIVER', 'ftp'],
    ['JWT_ACCESS_SECRET', 'short'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['HEAP_GROWTH_PERCENT', '-1'],
  ])('names %s when its value %j is wrong', (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(new RegExp(name));
  });

  it('refuses production without DATABASE_URL and the JWT secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(
      /DATABASE_URL, JWT_ACCESS_SECRET, JWT_REFRESH_SECRET must be set/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://u@db/x',
      JWT_ACCESS_SECRET: secret,
      JWT_REFRESH_SECRET: secret + 'y',
    });
    expect(config.JWT_ACCESS_SECRET).toBe(secret);
  });

  it('generates development secrets once and keeps them in DATA_DIR', async () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.JWT_ACCESS_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.JWT_ACCESS_SECRET).not.toBe(first.JWT_REFRESH_SECRET);
    expect(second.JWT_ACCESS_SECRET).toBe(first.JWT_ACCESS_SECRET);
    const stored = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8'));
    expect(stored.access).toBe(first.JWT_ACCESS_SECRET);
  });

  it('requires ADMIN_PASSWORD with ADMIN_EMAIL', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, ADMIN_EMAIL: 'a@b.co' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('reads the store settings: tax-inclusive prices, seller block and locale', () => {
    const defaults = loadConfig({ DATA_DIR: dataDir });
    expect(defaults).toMatchObject({
      PRICES_INCLUDE_TAX: false,
      STORE_NAME: 'Bazaar',
      STORE_LOCALE: 'en-US',
    });
    expect(defaults.STORE_ADDRESS).toBeUndefined();
    const config = loadConfig({
      DATA_DIR: dataDir,
      PRICES_INCLUDE_TAX: 'true',
      STORE_NAME: 'Zoë’s Shop',
      STORE_ADDRESS: '1 Market Street\\nPune 411001',
      STORE_TAX_ID: '27AAAPL1234C1Z5',
      STORE_LOCALE: 'en-IN',
    });
    expect(config).toMatchObject({
      PRICES_INCLUDE_TAX: true,
      STORE_NAME: 'Zoë’s Shop',
      STORE_ADDRESS: '1 Market Street\nPune 411001',
      STORE_TAX_ID: '27AAAPL1234C1Z5',
      STORE_LOCALE: 'en-IN',
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, STORE_LOCALE: 'not a locale!' })).toThrow(/STORE_LOCALE/);
    expect(() => loadConfig({ DATA_DIR: dataDir, PRICES_INCLUDE_TAX: 'maybe' })).toThrow(
      /PRICES_INCLUDE_TAX/,
    );
  });

  it('parses CORS_ORIGINS as a list', () => {
    const config = loadConfig({ DATA_DIR: dataDir, CORS_ORIGINS: 'https://a.shop, https://admin.a.shop' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.shop', 'https://admin.a.shop']);
  });
});

describe('.env.example', () => {
  it('lists every variable that config.ts reads and API.md documents', async () => {
    const example = await readFile(path.resolve('.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const source = await readFile(path.resolve('src/config.ts'), 'utf8');
    const read = [...source.matchAll(/^ {2}([A-Z0-9_]+): /gm)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThan(30);
    expect(read.filter((name) => !listed.has(name))).toEqual([]);
  });
});
