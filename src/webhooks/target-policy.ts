import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import type { WebhookTargetPolicy } from '../core/webhook-url.js';

/**
 * Whether an address may receive webhooks: only public unicast ones, unless private targets
 * are allowed (KEYWARD_WEBHOOK_ALLOW_PRIVATE). A webhook aimed at 127.0.0.1, 10.0.0.0/8 or
 * 169.254.169.254 would let any org admin make Keyward call the operator's own network
 * (server-side request forgery). IPv4-mapped IPv6 addresses are judged as the IPv4 they hold.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The URL's host without IPv6 brackets. */
const hostOf = (url: string): string => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');

/** Refuses non-public targets, resolving names (checked again at delivery: DNS can change). */
export class PrivateTargetPolicy implements WebhookTargetPolicy {
  async refusal(url: string): Promise<string | null> {
    const host = hostOf(url);
    let addresses: LookupAddress[];
    try {
      addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await lookup(host, { all: true });
    } catch {
      return `the host ${host} does not resolve`;
    }
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    return bad
      ? `the host ${host} is a private, loopback or link-local address (${bad.address}); set KEYWARD_WEBHOOK_ALLOW_PRIVATE=true to allow it`
      : null;
  }
}

export const webhookTargetPolicy = (allowPrivate: boolean): WebhookTargetPolicy | null => (allowPrivate ? null : new PrivateTargetPolicy());
