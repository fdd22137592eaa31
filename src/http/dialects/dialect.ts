import type { Deps } from '../../core/context.js';

/** What every dialect plugin is registered with. A dialect is one plugin mounted at /compat/<name>. */
export interface DialectOptions {
  readonly deps: Deps;
}
