import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, createProduct, simpleProduct, tokens, type Tokens } from './fixtures';

let t: TestApp;
let k: Tokens;
let product: any;

function multipart(files: Array<{ field?: string; name: string; type: string; data: Buffer }>) {
  const boundary = `----bazaar${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const image = (format: 'png' | 'jpeg' | 'webp' | 'avif', width = 1200, height = 800) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .toFormat(format)
    .toBuffer();

async function upload(productId: string, files: Parameters<typeof multipart>[0], token = k.admin) {
  const body = multipart(files);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${productId}/images`,
    headers: { ...bearer(token), ...body.headers },
    payload: body.payload,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  k = await tokens(t);
  product = await createProduct(t, k.admin, simpleProduct('Photo Frame'));
});
afterAll(async () => {
  await t.close();
});

describe('product images', () => {
  it('uploads several images, makes WebP thumbnails and serves them at /uploads', async () => {
    const res = await upload(product.id, [
      { name: 'a.png', type: 'image/png', data: await image('png') },
      { name: 'b.jpg', type: 'application/octet-stream', data: await image('jpeg', 300, 300) },
      { name: 'c.avif', type: 'image/avif', data: await image('avif', 64, 64) },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const data = res.json().data;
    expect(data).toHaveLength(3);
    expect(Object.keys(data[0]).sort()).toEqual(['id', 'thumbnails', 'url']);
    expect(data[0].url).toMatch(new RegExp(`^/uploads/products/${product.id}/${data[0].id}/original\\.png$`));
    expect(data[1].url).toMatch(/original\.jpg$/);

    const medium = await t.app.inject({ method: 'GET', url: data[0].thumbnails.medium });
    expect(medium.statusCode).toBe(200);
    expect(medium.headers['content-type']).toBe('image/webp');
    const meta = await sharp(medium.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(600);
    const small = await sharp(
      (await t.app.inject({ method: 'GET', url: data[0].thumbnails.small })).rawPayload,
    ).metadata();
    expect(small.width).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: data[0].url })).headers['content-type']).toBe(
      'image/png',
    );

    // list items carry the primary image, details the gallery in order
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(list.json().data[0].image).toEqual(data[0]);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` });
    expect(detail.json().data.images.map((i: any) => i.id)).toEqual(data.map((i: any) => i.id));

    // reorder: the third becomes primary
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}/images/${data[2].id}`,
      headers: bearer(k.admin),
      payload: { position: 0 },
    });
    expect(moved.json().data.map((i: any) => i.id)).toEqual([data[2].id, data[0].id, data[1].id]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/products' })).json().data[0].image.id).toBe(
      data[2].id,
    );

    // delete removes the row and the files
    const files = [data[0].url, data[0].thumbnails.small, data[0].thumbnails.medium].map((u: string) =>
      path.join(t.dataDir, u),
    );
    expect(files.every((f) => existsSync(f))).toBe(true);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${product.id}/images/${data[0].id}`,
      headers: bearer(k.admin),
    });
    expect(del.statusCode).toBe(200);
    expect(files.some((f) => existsSync(f))).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: data[0].url })).statusCode).toBe(404);
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` });
    expect(after.json().data.images).toHaveLength(2);

    // the list's image follows deletes of the primary, down to none (products.list_image_json)
    const listImage = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/products?limit=100` }))
        .json()
        .data.find((p: any) => p.id === product.id).image;
    const remove = (imageId: string) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/products/${product.id}/images/${imageId}`,
        headers: bearer(k.admin),
      });
    expect((await remove(data[2].id)).statusCode).toBe(200);
    expect(await listImage()).toEqual(data[1]);
    expect((await remove(data[1].id)).statusCode).toBe(200);
    expect(await listImage()).toBeNull();
    // a wrong image id or another product's image changes nothing
    const again = (
      await upload(product.id, [{ name: 'd.png', type: 'image/png', data: await image('png', 40, 40) }])
    ).json().data[0];
    expect((await remove(data[1].id)).statusCode).toBe(404);
    expect(await listImage()).toEqual(again);
  });

  it('two uploads to one product at once: the list shows the gallery’s first image', async () => {
    const p = await createProduct(t, k.admin, simpleProduct('Twin Frames'));
    const [a, b] = await Promise.all([
      upload(p.id, [{ name: 'a.png', type: 'image/png', data: await image('png', 30, 30) }]),
      upload(p.id, [{ name: 'b.png', type: 'image/png', data: await image('png', 31, 31) }]),
    ]);
    expect([a!.statusCode, b!.statusCode]).toEqual([201, 201]);
    const gallery = (await t.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}` })).json().data
      .images;
    expect(gallery).toHaveLength(2);
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/products?limit=100` })).json().data;
    expect(list.find((item: any) => item.id === p.id).image).toEqual(gallery[0]);
  });

  it('rejects non-images by content (415), even when labelled image/png', async () => {
    const res = await upload(product.id, [
      { name: 'evil.png', type: 'image/png', data: Buffer.from('<?php system($_GET["c"]); ?>') },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expect((await upload(product.id, [{ name: 'x.gif', type: 'image/gif', data: gif }])).statusCode).toBe(
      415,
    );
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/v1/products/${product.id}/images`,
      headers: bearer(k.admin),
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);
  });

  it('multipart is parsed only by the upload routes: other catalog routes answer 415 like any unknown type', async () => {
    const body = multipart([
      { field: 'name', name: 'x.txt', type: 'text/plain', data: Buffer.from('Lamps') },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/categories',
      headers: { ...bearer(k.admin), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a 6 MB upload with 413 and stores nothing', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 1);
    (await image('png', 8, 8)).copy(big);
    const before = (await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM product_images')).rows[0]
      .n;
    const res = await upload(product.id, [{ name: 'big.png', type: 'image/png', data: big }]);
    expect(res.statusCode).toBe(413);
    expect((await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM product_images')).rows[0].n).toBe(
      before,
    );
  });

  it('needs an admin, an existing product and the "file" field', async () => {
    const png = await image('png', 10, 10);
    expect(
      (await upload(product.id, [{ name: 'a.png', type: 'image/png', data: png }], k.customer)).statusCode,
    ).toBe(403);
    expect(
      (
        await upload('00000000-0000-4000-8000-000000000000', [
          { name: 'a.png', type: 'image/png', data: png },
        ])
      ).statusCode,
    ).toBe(404);
    expect(
      (await upload(product.id, [{ field: 'photo', name: 'a.png', type: 'image/png', data: png }]))
        .statusCode,
    ).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/uploads/../secrets.json' })).statusCode).toBe(404);
  });
});

describe('absolute urls with APP_URL', () => {
  it('prefixes image urls with APP_URL', async () => {
    const other = await createTestApp({ env: { APP_URL: 'https://shop.example.com' } });
    try {
      const admin = (await tokens(other)).admin;
      const p = await createProduct(other, admin, simpleProduct('Absolute'));
      const body = multipart([{ name: 'a.webp', type: 'image/webp', data: await image('webp', 50, 50) }]);
      const res = await other.app.inject({
        method: 'POST',
        url: `/api/v1/products/${p.id}/images`,
        headers: { ...bearer(admin), ...body.headers },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().data[0].url).toMatch(
        /^https:\/\/shop\.example\.com\/uploads\/products\/.+\/original\.webp$/,
      );
      expect(res.json().data[0].thumbnails.small).toMatch(
        /^https:\/\/shop\.example\.com\/uploads\/.+small\.webp$/,
      );
      // the list joins the same prefix into the image it keeps per product
      const list = await other.app.inject({ method: 'GET', url: `/api/v1/products?limit=100` });
      expect(list.json().data.find((item: any) => item.id === p.id).image).toEqual(res.json().data[0]);
    } finally {
      await other.close();
    }
  });
});
