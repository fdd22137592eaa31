import type { Surface } from './hostile-world.js';
import type { Answer } from './inject-stream.js';

/**
 * What every answer to a hostile request must look like: never a 5xx, and a 4xx in the
 * error body of the surface that answered it (native or the platform's), naming the field
 * of a 400 where the shape has a place for it, with no trace of the machinery inside.
 */

/** Traces of internals: stack frames, file paths, driver and engine messages, JS error names. */
const INTERNAL_DETAIL: readonly RegExp[] = [
  /\bat .+:\d+:\d+/,
  /node_modules/,
  /\/work\/|\/home\/|\/src\/|\.ts:\d/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|AssertionError)\b/,
  /SQLITE_|better-sqlite|sqlite3/i,
  /postgres|relation "|violates|duplicate key|syntax error at/i,
  /kysely/i,
  /Maximum call stack/i,
  /Cannot read propert/i,
  /undefined is not|is not a function/i,
];

/** Things a file read past the web root would show. */
const LEAKED_FILES: readonly RegExp[] = [/root:x:0:0/, /"name":\s*"keyward"/, /KEYWARD_PEPPER=/];

type Json = Record<string, unknown>;
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const keysAre = (o: Json, allowed: readonly string[], required: readonly string[]): boolean =>
  Object.keys(o).every((k) => allowed.includes(k)) && required.every((k) => k in o);

/** Checks one surface's error body; returns what is wrong, or null. */
function errorBodyProblem(surface: Surface, status: number, body: Json): string | null {
  switch (surface) {
    case 'native':
    case 'ops':
    case 'dashboard':
    case 'docs': {
      const e = body['error'] as Json | undefined;
      if (!keysAre(body, ['error'], ['error']) || typeof e !== 'object' || e === null) return 'not {error: {...}}';
      if (!keysAre(e, ['code', 'message', 'field', 'request_id'], ['code', 'message', 'request_id'])) return 'error has other keys';
      if (!isStr(e['code']) || !isStr(e['message']) || !isStr(e['request_id'])) return 'code/message/request_id not strings';
      if (status === 400 && !isStr(e['field'])) return 'a 400 that names no field';
      return null;
    }
    case 'langtrace': {
      const e = body['error'] as Json | undefined;
      return keysAre(body, ['message', 'error'], ['message', 'error']) && isStr(body['message']) && e && isStr(e['message'])
        ? null
        : 'not Langtrace {message, error: {message}}';
    }
    case 'basic':
      return keysAre(body, ['error', 'message'], ['error', 'message']) && isStr(body['error']) && isStr(body['message'])
        ? null
        : 'not Basic {error, message}';
    case 'confident':
      return keysAre(body, ['success', 'error', 'deprecated'], ['success', 'error', 'deprecated']) &&
        body['success'] === false &&
        isStr(body['error'])
        ? null
        : 'not Confident {success: false, error, deprecated}';
    case 'braintrust':
      return keysAre(body, ['message'], ['message']) && isStr(body['message']) ? null : 'not Braintrust {message}';
    case 'openlayer':
      return keysAre(body, ['error', 'message'], ['error', 'message']) && isStr(body['message']) ? null : 'not Openlayer {error, message}';
  }
}

/** Every problem with one answer (empty when it is acceptable). */
export function answerProblems(res: Answer, surface: Surface, method: string, unbuiltDashboardPage: boolean): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  const text = res.body;
  // Without a build the dashboard's pages answer 503 on purpose (they explain how to build it).
  // (The page's route surface is passed apart: `surface` is the one whose error shape applies.)
  const unbuiltDashboard = status === 503 && unbuiltDashboardPage;
  if (status >= 500 && !unbuiltDashboard) problems.push(`status ${status}`);
  for (const re of INTERNAL_DETAIL) if (re.test(text)) problems.push(`internal detail ${re}`);
  for (const re of LEAKED_FILES) if (re.test(text)) problems.push(`a file leaked ${re}`);
  if (status >= 400 && status < 500 && method !== 'HEAD') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push('a 4xx whose body is not JSON');
    }
    if (body !== undefined) {
      const problem = typeof body === 'object' && body !== null ? errorBodyProblem(surface, status, body as Json) : 'not an object';
      if (problem) problems.push(problem);
    }
    if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push('a 4xx that is not application/json');
  }
  return problems;
}

/** A fingerprint of the built-in prototypes: any pollution changes it. */
export function prototypeFingerprint(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
  return protos.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|') + `|${String(({} as Json)['polluted'])}`;
}
