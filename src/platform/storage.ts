import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';

/**
 * Where uploaded files live. Keys are relative paths such as `products/<id>/<image>/small.webp`.
 * `url` answers what a client should fetch: absolute when APP_URL (or the bucket's URL) is known.
 */
export interface Storage {
  readonly driver: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  delete(keys: string[]): Promise<void>;
  url(key: string): string;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/i;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key ${key}`);
}

/** Local disk under DATA_DIR/uploads, served by the API at /uploads/<key>. */
export class LocalStorage implements Storage {
  readonly driver = 'local' as const;
  constructor(
    readonly root: string,
    private readonly baseUrl: string | undefined,
  ) {}

  async put(key: string, body: Buffer): Promise<void> {
    assertKey(key);
    const file = path.join(this.root, key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, body);
  }
  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      assertKey(key);
      await rm(path.join(this.root, key), { force: true });
    }
  }
  url(key: string): string {
    return `${this.baseUrl ? this.baseUrl.replace(/\/+$/, '') : ''}/uploads/${key}`;
  }
}

/** Any S3-compatible object store (AWS S3, MinIO, R2, ...). Objects are written public-read by URL. */
export class S3Storage implements Storage {
  readonly driver = 's3' as const;
  // The AWS SDK is loaded on first use (~160 ms of start-up saved for the default local driver).
  private sdk?: Promise<{ client: S3Sdk.S3Client; sdk: typeof S3Sdk }>;
  constructor(
    private readonly options: {
      bucket: string;
      region: string;
      endpoint?: string | undefined;
      accessKeyId?: string | undefined;
      secretAccessKey?: string | undefined;
    },
  ) {}
  private connect() {
    this.sdk ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: this.options.region,
        // Many S3-compatible stores (MinIO, R2, older Ceph) reject the SDK's default trailing checksums.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        ...(this.options.endpoint ? { endpoint: this.options.endpoint, forcePathStyle: true } : {}),
        ...(this.options.accessKeyId && this.options.secretAccessKey
          ? {
              credentials: {
                accessKeyId: this.options.accessKeyId,
                secretAccessKey: this.options.secretAccessKey,
              },
            }
          : {}),
      }),
    }));
    return this.sdk;
  }
  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertKey(key);
    const { client, sdk } = await this.connect();
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    );
  }
  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const { client, sdk } = await this.connect();
    await client.send(
      new sdk.DeleteObjectsCommand({
        Bucket: this.options.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  url(key: string): string {
    if (this.options.endpoint)
      return `${this.options.endpoint.replace(/\/+$/, '')}/${this.options.bucket}/${key}`;
    return `https://${this.options.bucket}.s3.${this.options.region}.amazonaws.com/${key}`;
  }
}

const storages = new WeakMap<object, Storage>();

/** The storage the config selects (one per config object). */
export function storageFor(config: Config): Storage {
  let storage = storages.get(config);
  if (!storage) {
    if (config.STORAGE_DRIVER === 's3') {
      if (!config.S3_BUCKET) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET');
      storage = new S3Storage({
        bucket: config.S3_BUCKET,
        region: config.S3_REGION ?? 'us-east-1',
        endpoint: config.S3_ENDPOINT,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      });
    } else {
      storage = new LocalStorage(path.join(config.dataDir, 'uploads'), config.APP_URL);
    }
    storages.set(config, storage);
  }
  return storage;
}

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};

/** GET /uploads/<key>: serves the local storage (only registered for the local driver). */
export async function uploadsRoutes(app: FastifyInstance, { config }: { config: Config }): Promise<void> {
  const storage = storageFor(config);
  if (!(storage instanceof LocalStorage)) return;
  app.get('/uploads/*', { schema: { hide: true } }, async (request, reply) => {
    const key = (request.params as { '*': string })['*'];
    const type = CONTENT_TYPES[path.extname(key).toLowerCase()];
    if (!KEY.test(key) || key.includes('..') || !type) return reply.callNotFound();
    const file = path.join(storage.root, key);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return reply.callNotFound();
    return reply
      .header('content-type', type)
      .header('content-length', info.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(createReadStream(file));
  });
}
