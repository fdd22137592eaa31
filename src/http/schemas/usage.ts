import { Type, type Static } from 'typebox';
import { VERIFY_CODES, type UsageRow } from '../../core/types.js';
import { MAX_USAGE_DAYS } from '../../core/use-cases/usage.js';
import { described } from './common.js';

export const UsageQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_USAGE_DAYS, default: 30 })),
});

export const Usage = described(
  Type.Object({
    data: Type.Array(
      Type.Object({
        day: Type.String({ format: 'date', description: 'UTC day, YYYY-MM-DD' }),
        code: Type.Enum([...VERIFY_CODES]),
        count: Type.Integer(),
        spent: Type.Integer({ description: 'Credits spent (VALID rows of keys with credits; else 0)' }),
      }),
    ),
  }),
  'Verification counts and credits spent per UTC day and outcome, oldest first',
);

export const usageToWire = (rows: readonly UsageRow[]): Static<typeof Usage> => ({
  data: rows.map((r) => ({ day: r.day, code: r.code, count: r.count, spent: r.spent })),
});
