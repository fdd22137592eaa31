import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createOrg, deleteOrg, getOrg, getOwnOrg, listOrgs, updateOwnOrg } from '../../core/use-cases/orgs.js';
import { callContext, principalOf } from '../auth.js';
import { BEARER, NoContent, PageQuery, READ_ERRORS, WRITE_ERRORS, described, errorResponses, listOf } from '../schemas/common.js';
import { mintedToWire } from '../schemas/key.js';
import { CreateOrgBody, Org, OrgCreated, OrgParams, UpdateOrgBody, orgToWire } from '../schemas/org.js';
import type { RouteOptions } from './route-options.js';

/** Orgs are the root key's business: create (with a first admin key), list, read, delete. */
export const orgRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const common = { tags: ['orgs'], security: BEARER };

  app.post(
    '/orgs',
    {
      schema: {
        ...common,
        operationId: 'orgs.create',
        summary: 'Create an org and its first admin key (root key only)',
        body: CreateOrgBody,
        response: { 201: described(OrgCreated, 'The org, and its admin key shown once'), ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const { org, adminKey } = await createOrg(deps, callContext(request), { name: request.body.name });
      return reply.code(201).send({ org: orgToWire(org), admin_key: mintedToWire(adminKey) });
    },
  );

  app.get(
    '/orgs',
    {
      schema: {
        ...common,
        operationId: 'orgs.list',
        summary: 'List orgs, newest first (root key only)',
        querystring: PageQuery,
        response: { 200: listOf(Org, 'One page of orgs'), ...errorResponses(...READ_ERRORS) },
      },
    },
    async (request) => {
      const page = await listOrgs(deps, principalOf(request), request.query);
      return { data: page.data.map(orgToWire), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/orgs/:orgId',
    {
      schema: {
        ...common,
        operationId: 'orgs.get',
        summary: 'Read one org (root key only)',
        params: OrgParams,
        response: { 200: described(Org, 'The org'), ...errorResponses(...READ_ERRORS, 404) },
      },
    },
    async (request) => orgToWire(await getOrg(deps, principalOf(request), request.params.orgId)),
  );

  app.delete(
    '/orgs/:orgId',
    {
      schema: {
        ...common,
        operationId: 'orgs.delete',
        summary: 'Delete an org, revoking every key in it (root key only)',
        params: OrgParams,
        response: { 204: NoContent, ...errorResponses(...WRITE_ERRORS, 404) },
      },
    },
    async (request, reply) => {
      await deleteOrg(deps, callContext(request), request.params.orgId);
      return reply.code(204).send(null);
    },
  );

  // The caller's own org (admin): its settings, such as the leak policy (issue 16).
  app.get(
    '/org',
    {
      schema: {
        ...common,
        operationId: 'org.get',
        summary: "Read the caller's own org and its settings (admin)",
        response: { 200: described(Org, 'The org'), ...errorResponses(...READ_ERRORS) },
      },
    },
    async (request) => orgToWire(await getOwnOrg(deps, principalOf(request))),
  );

  app.patch(
    '/org',
    {
      schema: {
        ...common,
        operationId: 'org.update',
        summary: "Change the caller's own org settings: leak_policy (admin)",
        body: UpdateOrgBody,
        response: { 200: described(Org, 'The org as changed'), ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request) => orgToWire(await updateOwnOrg(deps, callContext(request), { leakPolicy: request.body.leak_policy })),
  );
};
