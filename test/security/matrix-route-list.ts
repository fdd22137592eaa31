import type { FastifyInstance } from 'fastify';

/**
 * Every `METHOD path` an app registers, as Fastify itself reports it: an `onRoute` hook
 * added the moment the instance is created, before any plugin can add a route. So the
 * list comes from the app, not from anyone's memory (Fastify's `printRoutes` tree was the
 * other candidate; it drops the `/` before a wildcard, so `/keys/*` prints as `*`).
 *
 * Use from a test file, before anything imports the app:
 *   vi.mock('fastify', async (original) => (await import('./matrix-route-list.js')).withRouteRecorder(await original()));
 */
const recorded = new WeakMap<object, string[]>();

type FastifyModule = Record<string, unknown> & { default: (...args: unknown[]) => FastifyInstance };

export function withRouteRecorder(real: FastifyModule): FastifyModule {
  const create = (...args: unknown[]): FastifyInstance => {
    const app = real.default(...args);
    const routes: string[] = [];
    recorded.set(app, routes);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
    });
    return app;
  };
  const wrapped = Object.assign(create, real.default);
  return { ...real, default: wrapped, fastify: wrapped };
}

export function registeredRoutes(app: FastifyInstance): string[] {
  const routes = recorded.get(app);
  if (!routes) throw new Error('the app was built without the route recorder: vi.mock fastify with withRouteRecorder');
  return [...new Set(routes)].sort();
}
