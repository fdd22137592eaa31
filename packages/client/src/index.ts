export { Keyward, serverRoot, type KeywardOptions, type LocalVerifier, type LocalVerifierOptions } from './keyward.js';
export { KeywardError } from './errors.js';
export type { CallOptions, RetryOptions, Retry } from './transport.js';
export type * from './types.js';
