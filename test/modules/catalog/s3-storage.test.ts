import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
// @ts-expect-error s3rver ships no type declarations
import S3rverServer from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../../../src/platform/storage';

// The S3 driver against s3rver, a local S3 stand-in speaking the real HTTP API.
interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = S3rverServer as new (options: object) => S3rver;
let server: S3rver;
let dir: string;
let endpoint: string;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-s3-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'media', configs: [] }],
  });
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('S3 storage driver', () => {
  it('puts objects with their content type, builds urls, and deletes them', async () => {
    const storage = new S3Storage({ bucket: 'media', region: 'us-east-1', endpoint, ...credentials });
    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    await storage.put('products/p1/i1/small.webp', Buffer.from('webp-bytes'), 'image/webp');
    const got = await client.send(
      new GetObjectCommand({ Bucket: 'media', Key: 'products/p1/i1/small.webp' }),
    );
    expect(got.ContentType).toBe('image/webp');
    expect(await got.Body!.transformToString()).toBe('webp-bytes');
    expect(storage.url('products/p1/i1/small.webp')).toBe(`${endpoint}/media/products/p1/i1/small.webp`);

    await storage.delete(['products/p1/i1/small.webp']);
    await expect(
      client.send(new GetObjectCommand({ Bucket: 'media', Key: 'products/p1/i1/small.webp' })),
    ).rejects.toThrow();
    expect(new S3Storage({ bucket: 'b', region: 'eu-west-1' }).url('k.png')).toBe(
      'https://b.s3.eu-west-1.amazonaws.com/k.png',
    );
    await expect(storage.put('../escape.png', Buffer.from('x'), 'image/png')).rejects.toThrow(
      /invalid storage key/,
    );
  });
});
