import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSearch } from '../../../src/modules/search/query-plan';
import { createTestApp, type TestApp } from '../../helpers/app';
import { bearer, tokens, type Tokens } from '../catalog/fixtures';

let t: TestApp;
let k: Tokens;
beforeAll(async () => {
  t = await createTestApp({ work: false });
  k = await tokens(t);
});
afterAll(async () => {
  await t.close();
});

const url = '/api/v1/admin/search/synonyms';
const put = (payload: unknown, token = k.admin) =>
  t.app.inject({ method: 'PUT', url, headers: bearer(token), payload: payload as object });
const get = (token = k.admin) => t.app.inject({ method: 'GET', url, headers: bearer(token) });

describe('synonym groups', () => {
  it('are admin only: 401 anonymous, 403 customer, for reads and writes', async () => {
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url, payload: { groups: [] } })).statusCode).toBe(401);
    const asCustomer = await get(k.customer);
    expect(asCustomer.statusCode).toBe(403);
    expect(asCustomer.json().error.code).toBe('FORBIDDEN');
    expect((await put({ groups: [['tee', 'tshirt']] }, k.customer)).statusCode).toBe(403);
    const { rows } = await t.ctx.database.pool.query('SELECT count(*)::int AS n FROM search_synonym_groups');
    expect(rows[0].n).toBe(0);
  });

  it('replaces the whole list and reads it back as written', async () => {
    expect((await get()).json().data).toEqual({ groups: [] });
    const groups = [
      ['tee', 'T-Shirt', 'tshirt'],
      ['sneakers', ' running   shoes '],
    ];
    const saved = await put({ groups });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data).toEqual({
      groups: [
        ['tee', 'T-Shirt', 'tshirt'],
        ['sneakers', 'running shoes'],
      ],
    });
    expect((await get()).json().data).toEqual(saved.json().data);
    const { rows } = await t.ctx.database.pool.query(
      'SELECT terms FROM search_synonym_groups ORDER BY position',
    );
    expect(rows.map((r) => r.terms)).toEqual([
      ['tee', 't-shirt', 'tshirt'],
      ['sneakers', 'running shoes'],
    ]);
    expect((await put({ groups: [['café', 'coffee']] })).statusCode).toBe(200);
    expect((await get()).json().data).toEqual({ groups: [['café', 'coffee']] });
  });

  it('rejects bad bodies with 400 and the field, and changes nothing', async () => {
    for (const [body, path] of [
      [{ groups: [['alone']] }, 'groups.0'],
      [{ groups: [['tee', '']] }, 'groups.0.1'],
      [{ groups: 'tee,tshirt' }, 'groups'],
      [{ groups: [['tee', 'tshirt']], role: 'ADMIN' }, ''],
      [{ groups: [['Tee', 'tshirt', 'TÉE']] }, 'groups.0'],
      [{ groups: [Array.from({ length: 21 }, (_, i) => `w${i}`)] }, 'groups.0'],
    ] as const) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
      if (path) expect(res.json().error.details.map((d: any) => d.path)).toContain(path);
    }
    expect((await get()).json().data).toEqual({ groups: [['café', 'coffee']] });
  });

  it('apply to query words: a word of a group also matches its other words', async () => {
    await put({
      groups: [
        ['tee', 'T-Shirt', 'tshirt'],
        ['sneakers', 'running shoes'],
      ],
    });
    const tee = await planSearch(t.ctx.database.db, 'blue TEE');
    expect(tee!.exact[1]).toContain("'t-shirt'");
    expect(tee!.exact[1]).toContain("'tshirt'");
    const tshirt = await planSearch(t.ctx.database.db, 't-shirt');
    expect(tshirt!.exact[0]).toContain("'tee'");
    expect((await planSearch(t.ctx.database.db, 'sneakers'))!.exact[0]).toContain("'running shoes'");
    expect((await planSearch(t.ctx.database.db, 'shoes'))!.exact[0]).not.toContain("'sneakers'");
  });
});
