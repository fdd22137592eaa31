import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LANGTRACE_KEY_FORMAT } from '../../../core/dialect-key-formats.js';
import { KeywardError } from '../../../core/errors.js';
import { requireRole } from '../../../core/use-cases/authenticate.js';
import { replaceKey } from '../../../core/use-cases/replace-key.js';
import { callContext } from '../../auth.js';
import { LANGTRACE_SECURITY } from '../catalog.js';
import type { DialectOptions } from '../dialect.js';
import { authenticateRequests, fromHeader } from '../shared/credentials.js';
import { installDialectErrors, type ErrorRenderer } from '../shared/dialect-errors.js';

/**
 * Langtrace's one key endpoint (test/dialects/specs/langtrace.md) at /compat/langtrace. The team key is a
 * Keyward org admin key; a project has one Langtrace key, so minting replaces the last.
 */
const ORIGIN = 'langtrace';
const UNAUTHORIZED = 'Invalid api key unauthorized';

const Minted = Type.Object({
  apiKey: Type.String({ description: '64 lowercase hex characters, shown once (as in the docs)' }),
  data: Type.Object({ apiKey: Type.String({ description: 'The same key (as the open-source server answers)' }) }),
});
const Query = Type.Object({
  project_id: Type.Optional(Type.String({ description: 'The Keyward project id: mints (replaces) its project key' })),
  team_id: Type.Optional(Type.String({ description: "The caller's org id: mints (replaces) a team key; project_id wins" })),
  project_Id: Type.Optional(Type.String({ description: 'Spelling of project_id in the docs’ parameter table; accepted too' })),
});
const LangtraceError = Type.Object({ message: Type.String(), error: Type.Object({ message: Type.String() }) });

/**
 * The page documents two error shapes (a top-level `message` in its sample, an `error`
 * object in its schema): both at once, same text. Every credential failure, including a
 * key that is not an admin key, is the page's own 401 text.
 */
const renderLangtraceError: ErrorRenderer = (e) => {
  const credential = e.code === 'UNAUTHORIZED' || e.code === 'FORBIDDEN';
  // "project not found" → the page's capitalised "Project not found".
  const text = credential ? UNAUTHORIZED : e.code === 'NOT_FOUND' ? e.message.charAt(0).toUpperCase() + e.message.slice(1) : e.message;
  return { status: credential ? 401 : e.status, body: { message: text, error: { message: text } } };
};

/** A missing header is a missing credential (401); a present but empty one is a malformed request (400). */
const readApiKey = (request: Parameters<ReturnType<typeof fromHeader>>[0]): string | undefined => {
  const key = fromHeader('x-api-key')(request);
  if (key === '') throw new KeywardError('VALIDATION', 'x-api-key: is required', 'x-api-key');
  return key;
};

export const langtraceDialect: FastifyPluginAsyncTypebox<DialectOptions> = async (app, { deps }) => {
  installDialectErrors(app, renderLangtraceError);
  authenticateRequests(app, deps, { read: readApiKey, require: (p) => requireRole(p, 'admin') });

  app.post(
    '/api/api-key',
    {
      schema: {
        tags: ['compat/langtrace'],
        security: LANGTRACE_SECURITY,
        operationId: 'compat.langtrace.apiKeys.create',
        summary: 'Mint the project key (replacing the previous one), or with team_id a team key',
        querystring: Query,
        response: { 200: Minted, 400: LangtraceError, 401: LangtraceError, 404: LangtraceError, 500: LangtraceError },
      },
    },
    async (request) => {
      const projectId = request.query.project_id ?? request.query.project_Id;
      const teamId = request.query.team_id;
      if (!projectId && !teamId) throw new KeywardError('VALIDATION', 'Missing project_id or team_id', 'project_id');
      const target = projectId ? { projectId } : { orgId: teamId as string };
      const { raw } = await replaceKey(deps, callContext(request), target, {
        name: projectId ? 'Langtrace project key' : 'Langtrace team key',
        format: LANGTRACE_KEY_FORMAT,
        origin: ORIGIN,
      });
      return { apiKey: raw, data: { apiKey: raw } };
    },
  );
};
