import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { cached, MemoryCache, RedisCache, versionedKey, type Cache } from '../../src/platform/cache';
import { TRUST_MS, type VersionWatch } from '../../src/platform/version-watch';

const redisUrl = process.env.REDIS_URL;
const implementations: Array<[string, () => Cache, boolean]> = [
  ['memory', () => new MemoryCache(), false],
  [
    'redis',
    () => new RedisCache(redisUrl ?? 'redis://127.0.0.1:6379', `test:${randomBytes(4).toString('hex')}:`),
    !redisUrl,
  ],
];

const opened: Cache[] = [];

/** Waits (up to 5 s) for `condition`. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Leaves out reads of the version sequence (made whenever a feed confirmation lapsed). */
const withoutSequence = (commands: string[]) =>
  commands.filter((command) => !/^GET .*version-seq$/.test(command));

/** Two Redis clients sharing a fresh key prefix (two instances of one deployment), closed after the file. */
function twoClients(): [RedisCache, RedisCache] {
  const prefix = `test:${randomBytes(4).toString('hex')}:`;
  const pair: [RedisCache, RedisCache] = [
    new RedisCache(redisUrl!, prefix),
    new RedisCache(redisUrl!, prefix),
  ];
  opened.push(...pair);
  return pair;
}

/** The commands `cache` sends on its command connection from now on (the list fills as they go). */
function commandsOf(cache: RedisCache): string[] {
  const sent: string[] = [];
  const send = cache.redis.sendCommand.bind(cache.redis);
  cache.redis.sendCommand = (command, ...rest) => {
    sent.push(`${String(command.name).toUpperCase()} ${command.args.map(String).join(' ')}`);
    return send(command, ...rest);
  };
  return sent;
}
afterAll(async () => {
  for (const cache of opened) await cache.close();
});

describe.each(implementations)('%s cache', (kind, make, skip) => {
  describe.skipIf(skip)(kind === 'redis' ? 'against real Redis (needs REDIS_URL)' : 'in process', () => {
    const cache = make();
    opened.push(cache);

    it('stores, returns copies, and deletes', async () => {
      const value = { id: 1, tags: ['a'] };
      await cache.set('k1', value, 60);
      const hit = await cache.get<typeof value>('k1');
      expect(hit).toEqual(value);
      expect(hit).not.toBe(value);
      await cache.del('k1');
      expect(await cache.get('k1')).toBeUndefined();
    });

    it('expires entries after their TTL', async () => {
      await cache.set('short', 'v', 1);
      expect(await cache.get('short')).toBe('v');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await cache.get('short')).toBeUndefined();
    });

    it('bumps namespace versions atomically', async () => {
      const ns = `ns-${randomBytes(3).toString('hex')}`;
      expect(await cache.version(ns)).toBe(0);
      const bumps = await Promise.all(Array.from({ length: 10 }, () => cache.bump(ns)));
      expect(new Set(bumps).size).toBe(10);
      expect(await cache.version(ns)).toBe(10);
    });

    it('getVersioned reads the entry stored under the current versions; a bump of any one misses', async () => {
      const [a, b] = [`na-${randomBytes(3).toString('hex')}`, `nb-${randomBytes(3).toString('hex')}`];
      const first = await cache.getVersioned([a, b], 'page');
      expect(first).toEqual({ stamp: '0.0', value: undefined });
      await cache.set(versionedKey(first.stamp, 'page'), { n: 1 }, 60);
      expect(await cache.getVersioned([a, b], 'page')).toEqual({ stamp: '0.0', value: { n: 1 } });
      expect(await cache.bump(b, a)).toBe(1);
      expect(await cache.getVersioned([a, b], 'page')).toEqual({ stamp: '1.1', value: undefined });
      await cache.bump(a);
      expect((await cache.getVersioned([a, b], 'page')).stamp).toBe('2.1');
    });

    it('cached() loads once and then serves the stored value', async () => {
      let loads = 0;
      const load = async () => ({ n: ++loads });
      expect(await cached(cache, 'rt', 60, load)).toEqual({ n: 1 });
      expect(await cached(cache, 'rt', 60, load)).toEqual({ n: 1 });
      expect(loads).toBe(1);
    });

    it('text entries: stored as bytes under a stamp, missed after a bump of any namespace', async () => {
      const [a, b] = [`ta-${randomBytes(3).toString('hex')}`, `tb-${randomBytes(3).toString('hex')}`];
      const first = await cache.getVersionedText([a, b], 'text-page');
      expect(first).toEqual({ stamp: '0.0', value: undefined });
      await cache.setVersionedText(first.stamp, 'text-page', Buffer.from('{"n":"ü"}'), 60);
      const hit = await cache.getVersionedText([a, b], 'text-page');
      expect(hit.stamp).toBe('0.0');
      expect(hit.value?.toString()).toBe('{"n":"ü"}');
      await cache.bump(b);
      expect(await cache.getVersionedText([a, b], 'text-page')).toEqual({ stamp: '0.1', value: undefined });
    });

    it.skipIf(kind !== 'redis')(
      "text entries held in one client's process are dropped by another client's bump",
      async () => {
        const [writer, reader] = twoClients();
        // (The feed's first confirmation drops what was known before it.)
        await until(() => reader.feedConfirmed);
        const found = await reader.getVersionedText(['catalog'], 'page');
        await reader.setVersionedText(found.stamp, 'page', Buffer.from('old'), 60);
        // The reader now answers from its process: even with the entry gone from Redis.
        await writer.redis.del(`e0:${versionedKey(found.stamp, 'page')}`);
        expect((await reader.getVersionedText(['catalog'], 'page')).value?.toString()).toBe('old');
        await writer.bump('catalog');
        await reader.caughtUp();
        expect(await reader.getVersionedText(['catalog'], 'page')).toEqual({ stamp: '1', value: undefined });
      },
    );

    it.skipIf(kind !== 'redis')(
      "a confirmed bump feed: hits cost no Redis command, and another client's bump still drops the copy",
      async () => {
        const [writer, reader] = twoClients();
        await until(() => reader.feedConfirmed);
        const found = await reader.getVersionedText(['catalog'], 'page');
        await reader.setVersionedText(found.stamp, 'page', Buffer.from('old'), 60);
        // On a loaded machine a confirmation can lapse (a PING answered late; a hit then reads the
        // version sequence, safely): such a run is tried again, up to five times.
        let sent: string[] = [];
        for (let attempt = 0; attempt < 5 && (attempt === 0 || sent.length > 0); attempt++) {
          await until(() => reader.feedConfirmed);
          sent = commandsOf(reader);
          for (let i = 0; i < 5; i++) {
            expect((await reader.getVersionedText(['catalog'], 'page')).value?.toString()).toBe('old');
          }
        }
        expect(sent).toEqual([]);
        await writer.bump('catalog');
        // The message drops the stamp, with no lookup (a lookup is what reads the sequence).
        await until(
          () => (reader as unknown as { watch: VersionWatch }).watch.stamp('catalog') === undefined,
        );
        expect(await reader.getVersionedText(['catalog'], 'page')).toEqual({ stamp: '1', value: undefined });
        expect(withoutSequence(sent).map((command) => command.split(' ')[0])).toEqual(['EVAL']);
      },
    );

    it.skipIf(kind !== 'redis')(
      "another client's bump drops only the copies that depend on what it bumped (one product's page)",
      async () => {
        const [writer, reader] = twoClients();
        const pageOf = (id: string) => ['catalog', 'stock', `catalog-product:${id}`];
        const list = ['catalog', 'stock', 'catalog-availability'];
        await until(() => reader.feedConfirmed);
        for (const [namespaces, key] of [
          [pageOf('x'), 'page-x'],
          [pageOf('y'), 'page-y'],
          [list, 'list'],
        ] as const) {
          const found = await reader.getVersionedText([...namespaces], key);
          await reader.setVersionedText(found.stamp, key, Buffer.from(`old ${key}`), 60);
        }
        // An order sold from product x, on the other client.
        await writer.bump('catalog-product:x');
        await reader.caughtUp();
        // Retried if a feed confirmation lapsed (the hits then read the version sequence, safely).
        let sent: string[] = [];
        const lapsed = () => sent.length > 0 && withoutSequence(sent).length === 0;
        for (let attempt = 0; attempt < 5 && (attempt === 0 || lapsed()); attempt++) {
          await until(() => reader.feedConfirmed);
          sent = commandsOf(reader);
          expect((await reader.getVersionedText(pageOf('y'), 'page-y')).value?.toString()).toBe('old page-y');
          expect((await reader.getVersionedText(list, 'list')).value?.toString()).toBe('old list');
        }
        expect(sent).toEqual([]);
        const sentForX = commandsOf(reader);
        expect(await reader.getVersionedText(pageOf('x'), 'page-x')).toEqual({
          stamp: '0.0.1',
          value: undefined,
        });
        expect(withoutSequence(sentForX).map((command) => command.split(' ')[0])).toEqual(['EVAL']);
        // A catalog-wide bump drops them all.
        await writer.bump('catalog');
        expect((await reader.getVersionedText(pageOf('y'), 'page-y')).value).toBeUndefined();
        expect((await reader.getVersionedText(list, 'list')).value).toBeUndefined();
      },
    );

    it.skipIf(kind !== 'redis')(
      "while a client's bump feed is stalled it reads the version sequence again: a bump is never missed for longer than TRUST_MS",
      async () => {
        const [writer, reader] = twoClients();
        await until(() => reader.feedConfirmed);
        const found = await reader.getVersionedText(['catalog'], 'page');
        await reader.setVersionedText(found.stamp, 'page', Buffer.from('old'), 60);
        // The feed's connection stops delivering (its messages and PONGs wait in the socket).
        const stream = (reader as unknown as { feed: { subscriber: { stream: Socket } } }).feed.subscriber
          .stream;
        stream.pause();
        try {
          await writer.bump('catalog');
          await new Promise((resolve) => setTimeout(resolve, TRUST_MS));
          expect(reader.feedConfirmed).toBe(false);
          const sent = commandsOf(reader);
          expect(await reader.getVersionedText(['catalog'], 'page')).toEqual({
            stamp: '1',
            value: undefined,
          });
          expect(sent.map((command) => command.split(' ')[0])).toEqual(['GET', 'EVAL']);
          expect(sent[0]).toMatch(/version-seq$/);
        } finally {
          stream.resume();
        }
        // Once the feed answers again, hits stop reading Redis.
        await until(() => reader.feedConfirmed);
        await reader.setVersionedText('1', 'page', Buffer.from('new'), 60);
        const sent = commandsOf(reader);
        expect((await reader.getVersionedText(['catalog'], 'page')).value?.toString()).toBe('new');
        expect((await reader.getVersionedText(['catalog'], 'page')).value?.toString()).toBe('new');
        expect(withoutSequence(sent).map((command) => command.split(' ')[0])).toEqual(['EVAL']);
      },
    );

    it.skipIf(kind !== 'redis')('is shared between two clients with the same prefix', async () => {
      const [a, b] = twoClients();
      await a.set('shared', { from: 'a' }, 60);
      expect(await b.get('shared')).toEqual({ from: 'a' });
      await b.bump('catalog');
      expect(await a.version('catalog')).toBe(1);
    });
  });
});

describe('cached() when the cache is down', () => {
  it('falls back to loading from the source of truth', async () => {
    const broken = new RedisCache('redis://127.0.0.1:1', 'x:');
    opened.push(broken);
    expect(await cached(broken, 'k', 60, async () => 'fresh')).toBe('fresh');
  });
});
