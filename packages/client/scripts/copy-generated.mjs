// tsc emits no file for a hand-placed .d.ts: copy the generated API types beside the
// declarations that import them, so dist/ is complete for type-checking consumers.
import { cpSync } from 'node:fs';

cpSync(new URL('../src/generated', import.meta.url), new URL('../dist/generated', import.meta.url), { recursive: true });
