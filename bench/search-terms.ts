import type { Request } from 'autocannon';

/** What shoppers type: exact words, typos of each kind, several words, half-typed last words. */
export const SEARCH_TERMS = [
  'hoodie',
  'merino swaeter',
  'bluetoth speaker',
  'jackte',
  'alpine cot',
  'waterproof',
  'cashmere glvoes',
  'skilet',
];

/** Search-as-you-type: the prefixes a shopper sends while typing. */
export const SUGGEST_PREFIXES = [
  'h',
  'ho',
  'hood',
  'hoodi',
  'mer',
  'merino sw',
  'jakc',
  'blueto',
  'casmere',
  'trail run',
];

let counter = 0;
/**
 * Makes every request a cache miss: a `maxPrice` above every price (so the same products match)
 * that no request before used, so the measured latency is the database's, not the cache's.
 */
export function uncached(request: Request): Request {
  counter += 1;
  return { ...request, path: `${request.path}&maxPrice=${2_000_000_000 - counter}` };
}
