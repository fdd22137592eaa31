import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CONFIDENT_PROJECT_KEY_FORMAT } from '../../../core/dialect-key-formats.js';
import { createProjectKey } from '../../../core/use-cases/keys.js';
import { createProjectWithKey } from '../../../core/use-cases/project-with-key.js';
import { deleteProject, getProject, listProjects, updateProject } from '../../../core/use-cases/projects.js';
import { getScopedKey, listScopedKeys, revokeScopedKey, updateScopedKey } from '../../../core/use-cases/scoped-keys.js';
import { callContext, principalOf } from '../../auth.js';
import { CONFIDENT_SECURITY } from '../catalog.js';
import type { DialectOptions } from '../dialect.js';
import { authenticateRequests, fromHeader } from '../shared/credentials.js';
import { installDialectErrors } from '../shared/dialect-errors.js';
import { allPages } from '../shared/all-pages.js';
import * as w from './wire.js';

/**
 * Confident AI's projects and project keys at /compat/confident. The `CONFIDENT_API_KEY`
 * header carries a Keyward org key; a project key is told it is the wrong kind (403).
 * All successes are 200, creates included, as Confident answers.
 */
export const confidentDialect: FastifyPluginAsyncTypebox<DialectOptions> = async (app, { deps }) => {
  installDialectErrors(app, w.renderConfidentError);
  authenticateRequests(app, deps, { read: fromHeader('CONFIDENT_API_KEY'), projectKeyForbidden: true });

  const common = { tags: ['compat/confident'], security: CONFIDENT_SECURITY };
  const errors = {
    400: w.ConfidentError,
    401: w.ConfidentError,
    403: w.ConfidentError,
    404: w.ConfidentError,
    409: w.ConfidentError,
    500: w.ConfidentError,
  };
  const scopeOf = (projectId: string) => ({ projectId, origin: w.ORIGIN });
  // Confident's key ids are integers: each key minted here takes its org's next key number.
  const keyFormat = { format: CONFIDENT_PROJECT_KEY_FORMAT, origin: w.ORIGIN, numbered: true };

  app.get(
    '/v1/projects',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.projects.list',
        summary: 'List projects (projects:read)',
        response: { 200: w.envelope(Type.Object({ projects: Type.Array(w.ConfidentProject) })), ...errors },
      },
    },
    async (request) => {
      const projects = await allPages((cursor) => listProjects(deps, principalOf(request), { limit: 100, cursor }));
      return w.ok({ projects: projects.map(w.confidentProject) });
    },
  );

  app.post(
    '/v1/projects',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.projects.create',
        summary: 'Create a project with its first key, "Default Key" (projects:write and keys:write)',
        body: w.CreateProjectBody,
        response: { 200: w.envelope(Type.Object({ project: w.ConfidentProject, apiKey: w.ConfidentKey })), ...errors },
      },
    },
    async (request) => {
      const { name, description } = request.body;
      const { project, minted } = await createProjectWithKey(
        deps,
        callContext(request),
        { name, description: description ?? null },
        {
          name: 'Default Key',
          ...keyFormat,
        },
      );
      return w.ok({ project: w.confidentProject(project), apiKey: w.confidentKey(minted.key, minted.raw) });
    },
  );

  app.get(
    '/v1/projects/:projectId',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.projects.get',
        summary: 'Retrieve a project (projects:read)',
        params: w.ProjectParams,
        response: { 200: w.envelope(Type.Object({ project: w.ConfidentProject })), ...errors },
      },
    },
    async (request) => w.ok({ project: w.confidentProject(await getProject(deps, principalOf(request), request.params.projectId)) }),
  );

  app.put(
    '/v1/projects/:projectId',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.projects.update',
        summary: 'Update a project (projects:write)',
        params: w.ProjectParams,
        body: w.UpdateProjectBody,
        response: { 200: w.envelope(Type.Object({ project: w.ConfidentProject })), ...errors },
      },
    },
    async (request) =>
      w.ok({ project: w.confidentProject(await updateProject(deps, callContext(request), request.params.projectId, request.body)) }),
  );

  app.delete(
    '/v1/projects/:projectId',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.projects.delete',
        summary: 'Delete a project, revoking its keys (projects:write)',
        params: w.ProjectParams,
        response: { 200: w.envelope(Type.Object({ id: Type.String(), deleted: Type.Literal(true) })), ...errors },
      },
    },
    async (request) => {
      await deleteProject(deps, callContext(request), request.params.projectId);
      return w.ok({ id: request.params.projectId, deleted: true as const });
    },
  );

  app.get(
    '/v1/projects/:projectId/api-keys',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.apiKeys.list',
        summary: "List the project's keys, masked, newest first (keys:read)",
        params: w.ProjectParams,
        response: { 200: w.envelope(Type.Object({ apiKeys: Type.Array(w.ConfidentKey) })), ...errors },
      },
    },
    async (request) => {
      const keys = await listScopedKeys(deps, principalOf(request), scopeOf(request.params.projectId));
      return w.ok({ apiKeys: keys.map((k) => w.confidentKey(k)) });
    },
  );

  app.post(
    '/v1/projects/:projectId/api-keys',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.apiKeys.create',
        summary: 'Create a project key; its value is shown once (keys:write)',
        params: w.ProjectParams,
        body: w.CreateKeyBody,
        response: { 200: w.envelope(Type.Object({ apiKey: w.ConfidentKey })), ...errors },
      },
    },
    async (request) => {
      const { key, raw } = await createProjectKey(deps, callContext(request), request.params.projectId, {
        name: request.body.name,
        ...keyFormat,
      });
      return w.ok({ apiKey: w.confidentKey(key, raw) });
    },
  );

  app.get(
    '/v1/projects/:projectId/api-keys/:apiKeyId',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.apiKeys.get',
        summary: 'Get a project key, masked (keys:read)',
        params: w.KeyParams,
        response: { 200: w.envelope(Type.Object({ apiKey: w.ConfidentKey })), ...errors },
      },
    },
    async (request) => {
      const key = await getScopedKey(deps, principalOf(request), scopeOf(request.params.projectId), { orgNumber: request.params.apiKeyId });
      return w.ok({ apiKey: w.confidentKey(key) });
    },
  );

  app.put(
    '/v1/projects/:projectId/api-keys/:apiKeyId',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.apiKeys.update',
        summary: 'Deactivate or reactivate a project key (keys:write)',
        params: w.KeyParams,
        body: w.UpdateKeyBody,
        response: { 200: w.envelope(Type.Object({ apiKey: w.ConfidentKey })), ...errors },
      },
    },
    async (request) => {
      const key = await updateScopedKey(
        deps,
        callContext(request),
        scopeOf(request.params.projectId),
        { orgNumber: request.params.apiKeyId },
        { enabled: request.body.valid },
      );
      return w.ok({ apiKey: w.confidentKey(key) });
    },
  );

  app.delete(
    '/v1/projects/:projectId/api-keys/:apiKeyId',
    {
      schema: {
        ...common,
        operationId: 'compat.confident.apiKeys.delete',
        summary: 'Revoke a project key for good (keys:write)',
        params: w.KeyParams,
        response: { 200: w.envelope(Type.Object({ id: Type.Integer(), deleted: Type.Literal(true) })), ...errors },
      },
    },
    async (request) => {
      const key = await revokeScopedKey(deps, callContext(request), scopeOf(request.params.projectId), {
        orgNumber: request.params.apiKeyId,
      });
      return w.ok({ id: w.confidentKeyId(key), deleted: true as const });
    },
  );
};
