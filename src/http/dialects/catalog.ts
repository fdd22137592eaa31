/**
 * The dialects' entries in the OpenAPI document: a tag each and the security schemes of
 * their headers. Kept free of imports so that openapi.ts can read it without loading
 * the dialects themselves.
 */
export const DIALECT_TAGS = [
  { name: 'compat/langtrace', description: "Langtrace's API-key endpoint, at /compat/langtrace (x-api-key: an org admin key)" },
  { name: 'compat/basic', description: "Basic's project-key API, at /compat/basic (Bearer: an org key or a user JWT)" },
  {
    name: 'compat/confident',
    description: "Confident AI's projects and project keys, at /compat/confident (CONFIDENT_API_KEY: an org key)",
  },
  { name: 'compat/braintrust', description: "Braintrust's api_key API, at /compat/braintrust (Bearer: an org key or a user JWT)" },
  { name: 'compat/openlayer', description: "Openlayer's workspace API keys, at /compat/openlayer (Bearer: an org key)" },
] as const;

export const DIALECT_SECURITY_SCHEMES = {
  langtraceApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A Keyward org admin key (Langtrace team key)' },
  confidentApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'CONFIDENT_API_KEY',
    description: 'A Keyward org key (Confident organization key)',
  },
  userJwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A user token signed with KEYWARD_JWT_SECRET (HS256) or a key from KEYWARD_JWKS_URL (RS256/ES256), with sub, exp and org_id',
  },
} as const;

type Security = Array<Record<string, string[]>>;
export const LANGTRACE_SECURITY: Security = [{ langtraceApiKey: [] }];
export const CONFIDENT_SECURITY: Security = [{ confidentApiKey: [] }];
export const BEARER_KEY_SECURITY: Security = [{ bearerAuth: [] }];
export const BEARER_KEY_OR_USER_SECURITY: Security = [{ bearerAuth: [] }, { userJwt: [] }];
