import type { LocalTransport } from '../../packages/client/src/local/index.js';
import type { Verification } from '../../packages/client/src/types.js';
import { KeywardError } from '../../packages/client/src/errors.js';

/** A minimal LocalTransport over fetch (the SDK's Keyward provides the real one). */
export function transportFor(baseUrl: string, apiKey: string): LocalTransport {
  return {
    baseUrl,
    apiKey,
    fetch: globalThis.fetch,
    async remoteVerify(body, signal) {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/v1/keys/verify`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: signal ?? AbortSignal.timeout(2000),
        });
      } catch (err) {
        throw new KeywardError({ code: 'UNAVAILABLE', message: 'unreachable', cause: err });
      }
      const json = (await res.json()) as Verification & { error?: { code: string; message: string } };
      if (!res.ok) throw new KeywardError({ code: json.error?.code ?? 'INTERNAL', message: json.error?.message ?? '', status: res.status });
      return json;
    },
  };
}
