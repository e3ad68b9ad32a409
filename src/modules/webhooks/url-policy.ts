import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * True for a public unicast address; false for loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved, unspecified and IPv4-mapped addresses. The same rule
 * (`range() === 'unicast'`) that request-filtering-agent applies to every connection at delivery.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.parse(address).range() === 'unicast';
}

/**
 * Why a webhook URL is refused, or undefined when it is acceptable: http(s) only, and (unless
 * private targets are allowed) a host that is, or resolves only to, public addresses. Delivery
 * checks the address it actually connects to again, so a name that later resolves elsewhere (DNS
 * rebinding) is refused then.
 */
export async function webhookUrlProblem(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host))
    return isPublicAddress(host) ? undefined : 'private, loopback and link-local addresses are refused';
  let addresses: string[];
  try {
    addresses = await withTimeout(
      lookup(host, { all: true, verbatim: true }).then((found) => found.map((a) => a.address)),
      LOOKUP_TIMEOUT_MS,
    );
  } catch {
    return `the host ${host} does not resolve`;
  }
  if (addresses.length === 0) return `the host ${host} does not resolve`;
  if (!addresses.every(isPublicAddress))
    return `the host ${host} resolves to a private, loopback or link-local address`;
  return undefined;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
