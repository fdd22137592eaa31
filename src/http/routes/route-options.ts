import type { Deps } from '../../core/context.js';

/** What every route plugin is registered with: the wired core dependencies. */
export interface RouteOptions {
  readonly deps: Deps;
}
