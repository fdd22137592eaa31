export { Keyward, serverRoot, type KeywardOptions } from './keyward.js';
export type { LocalVerifier, LocalVerifierOptions, LocalVerifyOptions } from './local/index.js';
export { KeywardError } from './errors.js';
export type { CallOptions, RetryOptions, Retry } from './transport.js';
export type * from './types.js';
