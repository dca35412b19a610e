import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../../core/errors.js';

/**
 * Where a webhook may be sent (DOMAIN.md § Webhooks, safety): `https` only, to public unicast
 * addresses only — never loopback, private, link-local (169.254.169.254, the cloud metadata
 * service), carrier-grade NAT (100.100.100.200, another metadata service), unique-local IPv6,
 * multicast, reserved, or an IPv6 form that carries an IPv4 address (mapped, 6to4, Teredo, NAT64)
 * — checked on the address a name resolves to at every connection, not only when the endpoint is
 * registered, so a name that later resolves elsewhere (DNS rebinding) reaches nothing it should
 * not. ipaddr.js names the ranges (its `range()`: IANA's special-purpose registries).
 */

export interface UrlPolicy {
  /** `http` URLs too (LEDGER_WEBHOOK_ALLOW_HTTP=1: development, tests). */
  readonly allowHttp: boolean;
  /** Any address (LEDGER_WEBHOOK_ALLOW_PRIVATE=1: tests whose receivers listen on 127.0.0.1). */
  readonly allowPrivate: boolean;
}

/** Resolves a name to its addresses (dns.lookup by default; tests give their own). */
export type Resolve = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** The range that forbids an address, or null when it is public unicast. */
export const forbiddenRange = (address: string): string | null => {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === 'unicast' ? null : range;
};

/** A host as the URL has it, without IPv6 brackets. */
const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks a URL an owner registers: its form and scheme, and — when it names an address, or a name
 * only the machine itself answers to — that address. Names are resolved again at every delivery.
 */
export const checkWebhookUrl = (value: string, policy: UrlPolicy): URL => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError('WEBHOOK_URL_INVALID', 'Not a URL', { url: value });
  }
  if (value.length > 2048) throw new DomainError('WEBHOOK_URL_INVALID', 'A URL of 2,048 characters at most');
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    throw new DomainError('WEBHOOK_URL_INVALID', 'Webhook URLs use https', { scheme: url.protocol });
  }
  if (url.username || url.password) {
    throw new DomainError('WEBHOOK_URL_INVALID', 'A webhook URL carries no credentials');
  }
  if (url.hash) throw new DomainError('WEBHOOK_URL_INVALID', 'A webhook URL has no fragment');
  if (policy.allowPrivate) return url;
  const host = bareHost(url.hostname).toLowerCase();
  const range = ipaddr.isValid(host)
    ? forbiddenRange(host)
    : host === 'localhost' || host.endsWith('.localhost')
      ? 'loopback'
      : null;
  if (range) throw forbidden(host, range);
  return url;
};

export const forbidden = (host: string, range: string): DomainError =>
  new DomainError('WEBHOOK_URL_FORBIDDEN', `${host} is not a public address (${range})`, {
    host,
    range,
  });

/**
 * The addresses a delivery may connect to for a host: all of them public, or a refusal — a name
 * that answers with any private address is refused whole rather than half trusted.
 */
export const allowedAddresses = async (
  hostname: string,
  policy: UrlPolicy,
  resolve: Resolve,
): Promise<{ address: string; family: number }[]> => {
  const host = bareHost(hostname);
  const found = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
    : [...(await resolve(host))];
  if (found.length === 0) throw new DomainError('WEBHOOK_DNS_FAILED', `${host} has no address`);
  if (!policy.allowPrivate) {
    for (const { address } of found) {
      const range = forbiddenRange(address);
      if (range) throw forbidden(`${host} (${address})`, range);
    }
  }
  return found;
};
