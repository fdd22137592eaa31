import { invalid } from './errors.js';

/**
 * What a webhook URL must be before anything is sent to it: http or https, no credentials
 * in it (they would be stored and shown), at most 2048 characters. Whether its host is a
 * private, loopback or link-local address is the `WebhookTargetPolicy`'s call, which needs
 * DNS (src/webhooks/target-policy.ts), at creation and again at every delivery.
 */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export function checkWebhookUrl(value: string, field = 'url'): string {
  if (value.length > MAX_WEBHOOK_URL_LENGTH) throw invalid(field, `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, 'must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(field, 'must be an http or https URL');
  if (url.username !== '' || url.password !== '') throw invalid(field, 'must not carry credentials');
  return url.toString();
}

/** Decides whether a URL's host may receive webhooks (private targets are refused by default). */
export interface WebhookTargetPolicy {
  /** Null when the URL may be called; otherwise why not (said in the 400 naming `url`). */
  refusal(url: string): Promise<string | null>;
}
