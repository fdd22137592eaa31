// Generated from GET /openapi.json (the /v1 paths) by test/client/api-types.test.ts; do not edit.
export type paths = {
    "/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List orgs, newest first (root key only) */
        get: operations["orgs.list"];
        put?: never;
        /** Create an org and its first admin key (root key only) */
        post: operations["orgs.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one org (root key only) */
        get: operations["orgs.get"];
        put?: never;
        post?: never;
        /** Delete an org, revoking every key in it (root key only) */
        delete: operations["orgs.delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the caller's own org and its settings (admin) */
        get: operations["org.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the caller's own org settings: leak_policy (admin) */
        patch: operations["org.update"];
        trace?: never;
    };
    "/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which org key is calling: its id, org and roles */
        get: operations["whoami.get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List projects, newest first (projects:read) */
        get: operations["projects.list"];
        put?: never;
        /** Create a project (projects:write) */
        post: operations["projects.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a project (projects:read) */
        get: operations["projects.get"];
        put?: never;
        post?: never;
        /** Delete a project, revoking its keys (projects:write) */
        delete: operations["projects.delete"];
        options?: never;
        head?: never;
        /** Rename, re-describe, re-prefix or re-cap a project (projects:write) */
        patch: operations["projects.update"];
        trace?: never;
    };
    "/v1/projects/{projectId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a project's keys (or one owner's), newest first, without secrets (keys:read) */
        get: operations["keys.list"];
        put?: never;
        /** Mint a project key (keys:write); the raw key is in this response only */
        post: operations["keys.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the org's own keys, newest first, without secrets (admin) */
        get: operations["orgKeys.list"];
        put?: never;
        /** Mint an org key (admin); the raw key is in this response only */
        post: operations["orgKeys.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org/users/{userId}/keys/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke every personal key a user (a user token's sub) made in the org, and every key those made (admin) */
        post: operations["orgKeys.revokeUserKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a key, without its secret (keys:read) */
        get: operations["keys.get"];
        put?: never;
        post?: never;
        /** Revoke a key now; revoking again answers the same key (keys:write) */
        delete: operations["keys.revoke"];
        options?: never;
        head?: never;
        /** Rename, re-scope, enable/disable, re-date or re-limit a key (keys:write) */
        patch: operations["keys.update"];
        trace?: never;
    };
    "/v1/keys/{keyId}/roll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a key with a new one; the old one works for grace_seconds more (keys:write) */
        post: operations["keys.roll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify a key (keys:verify); an invalid key is 200 {valid: false, code} */
        post: operations["keys.verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/verify/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify 1 to 100 keys at once (keys:verify); each result as POST /v1/keys/verify would answer */
        post: operations["keys.verifyBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{keyId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A key's verifications per day and outcome (keys:read) */
        get: operations["usage.byKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All of a project's keys' verifications per day and outcome (keys:read) */
        get: operations["usage.byProject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's audit log, newest first, filtered by action or target (audit:read) */
        get: operations["audit.list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints, newest first (admin) */
        get: operations["webhooks.list"];
        put?: never;
        /** Create a webhook endpoint; its signing secret is in this answer only (admin) */
        post: operations["webhooks.create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook endpoint (admin) */
        get: operations["webhooks.get"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its deliveries (admin) */
        delete: operations["webhooks.delete"];
        options?: never;
        head?: never;
        /** Change a webhook’s URL, events, description or enabled flag (admin) */
        patch: operations["webhooks.update"];
        trace?: never;
    };
    "/v1/webhooks/{webhookId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a webhook’s signing secret; the new one is in this answer only (admin) */
        post: operations["webhooks.rotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a webhook’s deliveries with their attempts, newest first (admin) */
        get: operations["webhooks.deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again, now, with a fresh retry window (admin) */
        post: operations["webhooks.redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A change stream of the org's (or a project's) verification records, for local verifiers (keys:verify) */
        get: operations["keys.stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/usage/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Count verifications a local verifier answered from memory (keys:verify) */
        post: operations["keys.reportUsage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{projectId}/keys/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import up to 1,000 existing keys, raw or as sha256/sha512 digests (keys:write); per-item results */
        post: operations["keys.import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/leaked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report raw keys found leaked (keys:write); each live key is acted on in its own org by its leak_policy */
        post: operations["keys.leaked"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leaks/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report leaked keys, signed (GitHub's secret scanning partner payload); no Keyward credential
         * @description Headers Github-Public-Key-Identifier and Github-Public-Key-Signature (ECDSA P-256 SHA-256, base64 DER, over the raw body), verified against KEYWARD_SECRET_SCANNING_KEYS. Each true positive is acted on in its own org by its leak_policy.
         */
        post: operations["leaks.report"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    "orgs.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of orgs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                            /**
                             * @description What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)
                             * @enum {unknown}
                             */
                            leak_policy: "revoke" | "disable" | "notify";
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "orgs.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                };
            };
        };
        responses: {
            /** @description The org, and its admin key shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        org: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                            /**
                             * @description What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)
                             * @enum {unknown}
                             */
                            leak_policy: "revoke" | "disable" | "notify";
                        };
                        admin_key: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            project_id: string | null;
                            name: string;
                            roles: string[];
                            /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                            preview: string;
                            enabled: boolean;
                            metadata: {
                                [key: string]: unknown;
                            };
                            rate_limit: {
                                /** @description Verifications allowed per window */
                                limit: number;
                                window_ms: number;
                                /**
                                 * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                                 * @enum {unknown}
                                 */
                                scope: "key" | "owner";
                            } | null;
                            owner_id: string | null;
                            credits: {
                                remaining: number;
                                refill: {
                                    /** @description The balance each refill resets to */
                                    amount: number;
                                    /** @description At 00:00 UTC */
                                    interval: "daily" | "monthly";
                                    /** @description Monthly only (default 1; clamped to short months) */
                                    day_of_month?: number;
                                } | null;
                                refill_at: string | null;
                            } | null;
                            allowed_ips: string[] | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                            last_used_at: string | null;
                            expires_at: string | null;
                            revoked_at: string | null;
                            /** @description Brought in by the import call (keeps its own text), not minted here */
                            imported: boolean;
                            /** @description The raw key. Shown once; store it now. */
                            key: string;
                        };
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "orgs.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The org */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        /**
                         * @description What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)
                         * @enum {unknown}
                         */
                        leak_policy: "revoke" | "disable" | "notify";
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "orgs.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orgId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "org.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The org */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        /**
                         * @description What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)
                         * @enum {unknown}
                         */
                        leak_policy: "revoke" | "disable" | "notify";
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "org.update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)
                     * @enum {unknown}
                     */
                    leak_policy?: "revoke" | "disable" | "notify";
                };
            };
        };
        responses: {
            /** @description The org as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        /**
                         * @description What a leak report does to one of its keys: revoke (default), disable, or notify (audit event only)
                         * @enum {unknown}
                         */
                        leak_policy: "revoke" | "disable" | "notify";
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "whoami.get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The calling key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key_id: string | null;
                        /** Format: uuid */
                        org_id: string;
                        org_name: string;
                        roles: string[];
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "projects.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of projects */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            name: string;
                            description: string | null;
                            key_prefix: string | null;
                            max_keys_per_owner: number | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "projects.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string | null;
                    key_prefix?: string | null;
                    max_keys_per_owner?: number | null;
                };
            };
        };
        responses: {
            /** @description The new project */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        name: string;
                        description: string | null;
                        key_prefix: string | null;
                        max_keys_per_owner: number | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description CONFLICT: the change clashes with existing data */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "projects.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        name: string;
                        description: string | null;
                        key_prefix: string | null;
                        max_keys_per_owner: number | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "projects.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "projects.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    key_prefix?: string | null;
                    max_keys_per_owner?: number | null;
                };
            };
        };
        responses: {
            /** @description The updated project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        name: string;
                        description: string | null;
                        key_prefix: string | null;
                        max_keys_per_owner: number | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description CONFLICT: the change clashes with existing data */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
                include_revoked?: boolean;
                /** @description The platform's id for the key's owner (customer, user) */
                owner_id?: string;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            project_id: string | null;
                            name: string;
                            roles: string[];
                            /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                            preview: string;
                            enabled: boolean;
                            metadata: {
                                [key: string]: unknown;
                            };
                            rate_limit: {
                                /** @description Verifications allowed per window */
                                limit: number;
                                window_ms: number;
                                /**
                                 * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                                 * @enum {unknown}
                                 */
                                scope: "key" | "owner";
                            } | null;
                            owner_id: string | null;
                            credits: {
                                remaining: number;
                                refill: {
                                    /** @description The balance each refill resets to */
                                    amount: number;
                                    /** @description At 00:00 UTC */
                                    interval: "daily" | "monthly";
                                    /** @description Monthly only (default 1; clamped to short months) */
                                    day_of_month?: number;
                                } | null;
                                refill_at: string | null;
                            } | null;
                            allowed_ips: string[] | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                            last_used_at: string | null;
                            expires_at: string | null;
                            revoked_at: string | null;
                            /** @description Brought in by the import call (keeps its own text), not minted here */
                            imported: boolean;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.create": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    roles?: string[];
                    expires_at?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    rate_limit?: {
                        /** @description Verifications allowed per window */
                        limit: number;
                        window_ms: number;
                        /**
                         * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                         * @enum {unknown}
                         */
                        scope?: "key" | "owner";
                    } | null;
                    owner_id?: string | null;
                    credits?: {
                        /** @description Credits left; each VALID verification spends its cost */
                        remaining: number;
                        refill?: {
                            /** @description The balance each refill resets to */
                            amount: number;
                            /** @description At 00:00 UTC */
                            interval: "daily" | "monthly";
                            /** @description Monthly only (default 1; clamped to short months) */
                            day_of_month?: number;
                        } | null;
                    } | null;
                    allowed_ips?: string[] | null;
                };
            };
        };
        responses: {
            /** @description The new key, with its secret shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        name: string;
                        roles: string[];
                        /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                        preview: string;
                        enabled: boolean;
                        metadata: {
                            [key: string]: unknown;
                        };
                        rate_limit: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope: "key" | "owner";
                        } | null;
                        owner_id: string | null;
                        credits: {
                            remaining: number;
                            refill: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                            refill_at: string | null;
                        } | null;
                        allowed_ips: string[] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        last_used_at: string | null;
                        expires_at: string | null;
                        revoked_at: string | null;
                        /** @description Brought in by the import call (keeps its own text), not minted here */
                        imported: boolean;
                        /** @description The raw key. Shown once; store it now. */
                        key: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description CONFLICT: the change clashes with existing data */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "orgKeys.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
                include_revoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of org keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            project_id: string | null;
                            name: string;
                            roles: string[];
                            /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                            preview: string;
                            enabled: boolean;
                            metadata: {
                                [key: string]: unknown;
                            };
                            rate_limit: {
                                /** @description Verifications allowed per window */
                                limit: number;
                                window_ms: number;
                                /**
                                 * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                                 * @enum {unknown}
                                 */
                                scope: "key" | "owner";
                            } | null;
                            owner_id: string | null;
                            credits: {
                                remaining: number;
                                refill: {
                                    /** @description The balance each refill resets to */
                                    amount: number;
                                    /** @description At 00:00 UTC */
                                    interval: "daily" | "monthly";
                                    /** @description Monthly only (default 1; clamped to short months) */
                                    day_of_month?: number;
                                } | null;
                                refill_at: string | null;
                            } | null;
                            allowed_ips: string[] | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                            last_used_at: string | null;
                            expires_at: string | null;
                            revoked_at: string | null;
                            /** @description Brought in by the import call (keeps its own text), not minted here */
                            imported: boolean;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "orgKeys.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    roles: string[];
                    expires_at?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    rate_limit?: {
                        /** @description Verifications allowed per window */
                        limit: number;
                        window_ms: number;
                        /**
                         * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                         * @enum {unknown}
                         */
                        scope?: "key" | "owner";
                    } | null;
                    owner_id?: string | null;
                };
            };
        };
        responses: {
            /** @description The new key, with its secret shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        name: string;
                        roles: string[];
                        /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                        preview: string;
                        enabled: boolean;
                        metadata: {
                            [key: string]: unknown;
                        };
                        rate_limit: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope: "key" | "owner";
                        } | null;
                        owner_id: string | null;
                        credits: {
                            remaining: number;
                            refill: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                            refill_at: string | null;
                        } | null;
                        allowed_ips: string[] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        last_used_at: string | null;
                        expires_at: string | null;
                        revoked_at: string | null;
                        /** @description Brought in by the import call (keeps its own text), not minted here */
                        imported: boolean;
                        /** @description The raw key. Shown once; store it now. */
                        key: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "orgKeys.revokeUserKeys": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user's id: the sub of their user tokens */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many of the user's own keys were live and are now revoked */
                        revoked: number;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        name: string;
                        roles: string[];
                        /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                        preview: string;
                        enabled: boolean;
                        metadata: {
                            [key: string]: unknown;
                        };
                        rate_limit: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope: "key" | "owner";
                        } | null;
                        owner_id: string | null;
                        credits: {
                            remaining: number;
                            refill: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                            refill_at: string | null;
                        } | null;
                        allowed_ips: string[] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        last_used_at: string | null;
                        expires_at: string | null;
                        revoked_at: string | null;
                        /** @description Brought in by the import call (keeps its own text), not minted here */
                        imported: boolean;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.revoke": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key, with revoked_at set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        name: string;
                        roles: string[];
                        /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                        preview: string;
                        enabled: boolean;
                        metadata: {
                            [key: string]: unknown;
                        };
                        rate_limit: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope: "key" | "owner";
                        } | null;
                        owner_id: string | null;
                        credits: {
                            remaining: number;
                            refill: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                            refill_at: string | null;
                        } | null;
                        allowed_ips: string[] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        last_used_at: string | null;
                        expires_at: string | null;
                        revoked_at: string | null;
                        /** @description Brought in by the import call (keeps its own text), not minted here */
                        imported: boolean;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    roles?: string[];
                    enabled?: boolean;
                    expires_at?: string | null;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    rate_limit?: {
                        /** @description Verifications allowed per window */
                        limit: number;
                        window_ms: number;
                        /**
                         * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                         * @enum {unknown}
                         */
                        scope?: "key" | "owner";
                    } | null;
                    owner_id?: string | null;
                    credits?: {
                        /** @description Credits left; each VALID verification spends its cost */
                        remaining?: number;
                        refill?: {
                            /** @description The balance each refill resets to */
                            amount: number;
                            /** @description At 00:00 UTC */
                            interval: "daily" | "monthly";
                            /** @description Monthly only (default 1; clamped to short months) */
                            day_of_month?: number;
                        } | null;
                    } | null;
                    allowed_ips?: string[] | null;
                };
            };
        };
        responses: {
            /** @description The updated key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        name: string;
                        roles: string[];
                        /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                        preview: string;
                        enabled: boolean;
                        metadata: {
                            [key: string]: unknown;
                        };
                        rate_limit: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope: "key" | "owner";
                        } | null;
                        owner_id: string | null;
                        credits: {
                            remaining: number;
                            refill: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                            refill_at: string | null;
                        } | null;
                        allowed_ips: string[] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        last_used_at: string | null;
                        expires_at: string | null;
                        revoked_at: string | null;
                        /** @description Brought in by the import call (keeps its own text), not minted here */
                        imported: boolean;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description CONFLICT: the change clashes with existing data */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.roll": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @default 0 */
                    grace_seconds?: number;
                };
            };
        };
        responses: {
            /** @description The new key, with its secret shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        name: string;
                        roles: string[];
                        /** @description Prefix and last four characters, e.g. kw_proj_…a1B2 */
                        preview: string;
                        enabled: boolean;
                        metadata: {
                            [key: string]: unknown;
                        };
                        rate_limit: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope: "key" | "owner";
                        } | null;
                        owner_id: string | null;
                        credits: {
                            remaining: number;
                            refill: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                            refill_at: string | null;
                        } | null;
                        allowed_ips: string[] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                        last_used_at: string | null;
                        expires_at: string | null;
                        revoked_at: string | null;
                        /** @description Brought in by the import call (keeps its own text), not minted here */
                        imported: boolean;
                        /** @description The raw key. Shown once; store it now. */
                        key: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    roles?: string[];
                    /** @description Credits a VALID answer spends (default 1); keys without credits ignore it */
                    cost?: number;
                    /** @description Your client's address, checked against the key's allowed_ips */
                    ip?: string;
                };
            };
        };
        responses: {
            /** @description The outcome; an invalid key is still a 200 with valid: false */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        valid: boolean;
                        /** @enum {unknown} */
                        code: "VALID" | "NOT_FOUND" | "MALFORMED" | "REVOKED" | "EXPIRED" | "DISABLED" | "IP_NOT_ALLOWED" | "INSUFFICIENT_ROLES" | "RATE_LIMITED" | "USAGE_EXCEEDED";
                        /** Format: uuid */
                        key_id?: string;
                        /** Format: uuid */
                        org_id?: string;
                        project_id?: string | null;
                        name?: string;
                        roles?: string[];
                        metadata?: {
                            [key: string]: unknown;
                        };
                        expires_at?: string | null;
                        owner_id?: string | null;
                        rate_limit?: {
                            limit: number;
                            remaining: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            reset_at: string;
                        } | null;
                        credits?: {
                            remaining: number;
                            refill_at: string | null;
                        } | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.verifyBatch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    items: {
                        key: string;
                        roles?: string[];
                        /** @description Credits a VALID answer spends (default 1); keys without credits ignore it */
                        cost?: number;
                        /** @description Your client's address, checked against the key's allowed_ips */
                        ip?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description One verification per item, in the items' order, each as POST /v1/keys/verify would answer it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            valid: boolean;
                            /** @enum {unknown} */
                            code: "VALID" | "NOT_FOUND" | "MALFORMED" | "REVOKED" | "EXPIRED" | "DISABLED" | "IP_NOT_ALLOWED" | "INSUFFICIENT_ROLES" | "RATE_LIMITED" | "USAGE_EXCEEDED";
                            /** Format: uuid */
                            key_id?: string;
                            /** Format: uuid */
                            org_id?: string;
                            project_id?: string | null;
                            name?: string;
                            roles?: string[];
                            metadata?: {
                                [key: string]: unknown;
                            };
                            expires_at?: string | null;
                            owner_id?: string | null;
                            rate_limit?: {
                                limit: number;
                                remaining: number;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                reset_at: string;
                            } | null;
                            credits?: {
                                remaining: number;
                                refill_at: string | null;
                            } | null;
                        }[];
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "usage.byKey": {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Verification counts and credits spent per UTC day and outcome, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /**
                             * Format: date
                             * @description UTC day, YYYY-MM-DD
                             */
                            day: string;
                            /** @enum {unknown} */
                            code: "VALID" | "NOT_FOUND" | "MALFORMED" | "REVOKED" | "EXPIRED" | "DISABLED" | "IP_NOT_ALLOWED" | "INSUFFICIENT_ROLES" | "RATE_LIMITED" | "USAGE_EXCEEDED";
                            count: number;
                            /** @description Credits spent (VALID rows of keys with credits; else 0) */
                            spent: number;
                        }[];
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "usage.byProject": {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Verification counts and credits spent per UTC day and outcome, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /**
                             * Format: date
                             * @description UTC day, YYYY-MM-DD
                             */
                            day: string;
                            /** @enum {unknown} */
                            code: "VALID" | "NOT_FOUND" | "MALFORMED" | "REVOKED" | "EXPIRED" | "DISABLED" | "IP_NOT_ALLOWED" | "INSUFFICIENT_ROLES" | "RATE_LIMITED" | "USAGE_EXCEEDED";
                            count: number;
                            /** @description Credits spent (VALID rows of keys with credits; else 0) */
                            spent: number;
                        }[];
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "audit.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
                action?: "org.create" | "org.delete" | "project.create" | "project.update" | "project.delete" | "key.create" | "key.update" | "key.roll" | "key.revoke" | "key.credits_set" | "key.leaked" | "key.import" | "org.update" | "webhook.create" | "webhook.update" | "webhook.delete" | "webhook.rotate_secret";
                target_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of audit events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            org_id: string | null;
                            actor: {
                                /** @enum {unknown} */
                                type: "key" | "user" | "system" | "operator";
                                id: string;
                            };
                            /** @enum {unknown} */
                            action: "org.create" | "org.delete" | "project.create" | "project.update" | "project.delete" | "key.create" | "key.update" | "key.roll" | "key.revoke" | "key.credits_set" | "key.leaked" | "key.import" | "org.update" | "webhook.create" | "webhook.update" | "webhook.delete" | "webhook.rotate_secret";
                            target: {
                                /** @enum {unknown} */
                                type: "org" | "project" | "key" | "webhook";
                                id: string;
                            };
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            request_id: string | null;
                            ip: string | null;
                            /** @description What the event changed, by field (e.g. owner_id), when it says; never a secret */
                            changes?: {
                                [key: string]: {
                                    from: unknown;
                                    to: unknown;
                                };
                            };
                            details: {
                                [key: string]: unknown;
                            } | null;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.list": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description http or https; not a private address */
                    url: string;
                    events: string[];
                    enabled?: boolean;
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The new webhook and its signing secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                        };
                        /** @description The signing secret (`whsec_…`), shown this once; verify deliveries with it (Standard Webhooks) */
                        secret: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.get": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        url: string;
                        description: string | null;
                        events: string[];
                        enabled: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.update": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description http or https; not a private address */
                    url?: string;
                    events?: string[];
                    enabled?: boolean;
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The updated webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        org_id: string;
                        url: string;
                        description: string | null;
                        events: string[];
                        enabled: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        created_at: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updated_at: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.rotateSecret": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook and its new signing secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            org_id: string;
                            url: string;
                            description: string | null;
                            events: string[];
                            enabled: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            updated_at: string;
                        };
                        /** @description The signing secret (`whsec_…`), shown this once; verify deliveries with it (Standard Webhooks) */
                        secret: string;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.deliveries": {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            webhook_id: string;
                            /** @description The `webhook-id` header: the same on every attempt */
                            event_id: string;
                            /** @description One of key.created, key.updated, key.rolled, key.revoked, key.expired, key.leaked, key.rate_limited, key.credits_low, project.deleted */
                            event_type: string;
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            next_attempt_at: string | null;
                            last_attempt_at: string | null;
                            response_status: number | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            occurred_at: string;
                            attempt_log: {
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                attempted_at: string;
                                outcome: "success" | "failure" | "error";
                                latency_ms: number;
                                response_status: number | null;
                                response_body: string | null;
                                error: string | null;
                            }[];
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "webhooks.redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhookId: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        webhook_id: string;
                        /** @description The `webhook-id` header: the same on every attempt */
                        event_id: string;
                        /** @description One of key.created, key.updated, key.rolled, key.revoked, key.expired, key.leaked, key.rate_limited, key.credits_low, project.deleted */
                        event_type: string;
                        status: "pending" | "delivered" | "failed";
                        attempts: number;
                        next_attempt_at: string | null;
                        last_attempt_at: string | null;
                        response_status: number | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        occurred_at: string;
                        attempt_log: {
                            /**
                             * Format: date-time
                             * @description ISO 8601, UTC
                             */
                            attempted_at: string;
                            outcome: "success" | "failure" | "error";
                            latency_ms: number;
                            response_status: number | null;
                            response_body: string | null;
                            error: string | null;
                        }[];
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.stream": {
        parameters: {
            query?: {
                project_id?: string;
                /** @description The last `seq` the replica holds: resume after it */
                after?: number;
                /** @description The `epoch` of the stream being resumed */
                epoch?: string;
                /** @description Heartbeat period */
                heartbeat_ms?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description application/x-ndjson: one JSON object per line: hello, then keys batches (a snapshot, then every change), synced once caught up, heartbeats */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        /** @enum {string} */
                        type: "hello";
                        /** Format: uuid */
                        org_id: string;
                        project_id: string | null;
                        epoch: string;
                        local: boolean;
                        lookup_key: string | null;
                        reset: boolean;
                        seq: number;
                        heartbeat_ms: number;
                    } | {
                        /** @enum {string} */
                        type: "keys";
                        seq: number;
                        keys: {
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            project_id: string | null;
                            name: string;
                            roles: string[];
                            enabled: boolean;
                            metadata: {
                                [key: string]: unknown;
                            };
                            expires_at: string | null;
                            revoked_at: string | null;
                            owner_id: string | null;
                            lookup: string | null;
                            /** @description A usable key of this record is verified remotely (rate limit, credits or IP allowlist) */
                            remote: boolean;
                            seq: number;
                        }[];
                    } | {
                        /** @enum {string} */
                        type: "synced";
                        seq: number;
                    } | {
                        /** @enum {string} */
                        type: "heartbeat";
                        seq: number;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.reportUsage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entries: {
                        /** Format: uuid */
                        key_id: string;
                        /** @enum {unknown} */
                        code: "VALID" | "NOT_FOUND" | "MALFORMED" | "REVOKED" | "EXPIRED" | "DISABLED" | "IP_NOT_ALLOWED" | "INSUFFICIENT_ROLES" | "RATE_LIMITED" | "USAGE_EXCEEDED";
                        count: number;
                        /**
                         * Format: date-time
                         * @description The latest of these verifications
                         */
                        at: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Counted in the next usage flush */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: number;
                        /** @description Entries of keys not in your org */
                        ignored: number;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.import": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    keys: {
                        name: string;
                        roles?: string[];
                        expires_at?: string | null;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        rate_limit?: {
                            /** @description Verifications allowed per window */
                            limit: number;
                            window_ms: number;
                            /**
                             * @description key: this key's own counter; owner: one counter for every key of its owner in the project
                             * @enum {unknown}
                             */
                            scope?: "key" | "owner";
                        } | null;
                        owner_id?: string | null;
                        credits?: {
                            /** @description Credits left; each VALID verification spends its cost */
                            remaining: number;
                            refill?: {
                                /** @description The balance each refill resets to */
                                amount: number;
                                /** @description At 00:00 UTC */
                                interval: "daily" | "monthly";
                                /** @description Monthly only (default 1; clamped to short months) */
                                day_of_month?: number;
                            } | null;
                        } | null;
                        allowed_ips?: string[] | null;
                        /** @description The raw key; hashed at once, never stored */
                        key?: string;
                        /** @description The key as the platform stored it: a plain digest of the whole key's text */
                        hash?: {
                            algorithm: "sha256" | "sha512";
                            encoding: "hex" | "base64";
                            value: string;
                            /** @description The key's visible start, for its preview */
                            prefix?: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description One result per key, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One per key sent, in order: its new id, or why it was not imported */
                        data: ({
                            index: number;
                            /** Format: uuid */
                            id: string;
                        } | {
                            index: number;
                            error: {
                                /** @enum {unknown} */
                                code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                                message: string;
                                field?: string;
                            };
                        })[];
                        created: number;
                        failed: number;
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description NOT_FOUND: no such resource in your org */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "keys.leaked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Raw keys your own scanners found */
                    keys: string[];
                };
            };
        };
        responses: {
            /** @description true_positive or false_positive per key, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            index: number;
                            label: "true_positive" | "false_positive";
                        }[];
                    };
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description FORBIDDEN: the key lacks a role this call needs */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
    "leaks.report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description GitHub secret scanning partner payload: [{token, type, url, source}] */
        requestBody: {
            content: {
                "application/json": {
                    token: string;
                    type?: string;
                    url?: string | null;
                    source?: string | null;
                }[];
            };
        };
        responses: {
            /** @description A label per token, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token_raw: string;
                        token_type: string;
                        label: "true_positive" | "false_positive";
                    }[];
                };
            };
            /** @description VALIDATION: the request is malformed; `field` names the culprit */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description UNAUTHORIZED: missing, unknown, revoked, expired or disabled credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: the body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description RATE_LIMITED: too many requests from this client; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
            /** @description INTERNAL: unexpected failure; details are in the server log */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {unknown} */
                            code: "VALIDATION" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "RATE_LIMITED" | "UNAVAILABLE" | "INTERNAL";
                            message: string;
                            /** @description The request field at fault, when there is one */
                            field?: string;
                            request_id: string;
                        };
                    };
                };
            };
        };
    };
}
