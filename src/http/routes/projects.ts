import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createProject, deleteProject, getProject, listProjects, updateProject } from '../../core/use-cases/projects.js';
import { callContext, principalOf } from '../auth.js';
import { BEARER, NoContent, PageQuery, READ_ERRORS, WRITE_ERRORS, described, errorResponses, listOf } from '../schemas/common.js';
import { CreateProjectBody, Project, ProjectParams, UpdateProjectBody, projectFieldsFromWire, projectToWire } from '../schemas/project.js';
import type { RouteOptions } from './route-options.js';

export const projectRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['projects'], security: BEARER };

  app.post(
    '/projects',
    {
      schema: {
        ...common,
        operationId: 'projects.create',
        summary: 'Create a project (projects:write)',
        body: CreateProjectBody,
        response: { 201: described(Project, 'The new project'), ...errorResponses(...WRITE_ERRORS, 409) },
      },
    },
    async (request, reply) => {
      const project = await createProject(deps, callContext(request), { ...projectFieldsFromWire(request.body), name: request.body.name });
      return reply.code(201).send(projectToWire(project));
    },
  );

  app.get(
    '/projects',
    {
      schema: {
        ...common,
        operationId: 'projects.list',
        summary: 'List projects, newest first (projects:read)',
        querystring: PageQuery,
        response: { 200: listOf(Project, 'One page of projects'), ...errorResponses(...READ_ERRORS) },
      },
    },
    async (request) => {
      const page = await listProjects(deps, principalOf(request), request.query);
      return { data: page.data.map(projectToWire), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/projects/:projectId',
    {
      schema: {
        ...common,
        operationId: 'projects.get',
        summary: 'Read a project (projects:read)',
        params: ProjectParams,
        response: { 200: described(Project, 'The project'), ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request) => projectToWire(await getProject(deps, principalOf(request), request.params.projectId)),
  );

  app.patch(
    '/projects/:projectId',
    {
      schema: {
        ...common,
        operationId: 'projects.update',
        summary: 'Rename, re-describe, re-prefix or re-cap a project (projects:write)',
        params: ProjectParams,
        body: UpdateProjectBody,
        response: { 200: described(Project, 'The updated project'), ...errorResponses(...WRITE_ERRORS, 404, 409) },
      },
    },
    async (request) =>
      projectToWire(await updateProject(deps, callContext(request), request.params.projectId, projectFieldsFromWire(request.body))),
  );

  app.delete(
    '/projects/:projectId',
    {
      schema: {
        ...common,
        operationId: 'projects.delete',
        summary: 'Delete a project, revoking its keys (projects:write)',
        params: ProjectParams,
        response: { 204: NoContent, ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request, reply) => {
      await deleteProject(deps, callContext(request), request.params.projectId);
      return reply.code(204).send(null);
    },
  );
};
