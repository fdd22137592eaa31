import { Type } from 'typebox';
import { MAX_LEAK_REPORTS } from '../../core/use-cases/leaks.js';
import { MAX_RAW_KEY_LENGTH } from '../../core/key-format.js';

/**
 * GitHub's secret scanning partner payload, as sent. Loose on purpose beyond `token`: a
 * scanner adds fields over time, and a report must not be refused for one. The cap on its
 * length is checked in core (a 400 naming `body`), after the signature.
 */
export const LeakReportBody = Type.Array(
  Type.Object({
    token: Type.String({ maxLength: 4096 }),
    type: Type.Optional(Type.String({ maxLength: 256 })),
    url: Type.Optional(Type.Union([Type.String({ maxLength: 8192 }), Type.Null()])),
    source: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  }),
  { description: 'GitHub secret scanning partner payload: [{token, type, url, source}]' },
);

export const LeakLabel = Type.Union([Type.Literal('true_positive'), Type.Literal('false_positive')]);

export const LeakReportAnswer = Type.Array(Type.Object({ token_raw: Type.String(), token_type: Type.String(), label: LeakLabel }), {
  description: 'One per reported token, in order (the partner specification)',
});

export const LeakedKeysBody = Type.Object(
  {
    keys: Type.Array(Type.String({ minLength: 1, maxLength: MAX_RAW_KEY_LENGTH }), {
      minItems: 1,
      maxItems: MAX_LEAK_REPORTS,
      description: 'Raw keys your own scanners found',
    }),
  },
  { additionalProperties: false },
);

export const LeakedKeysAnswer = Type.Object({
  data: Type.Array(Type.Object({ index: Type.Integer(), label: LeakLabel })),
});
