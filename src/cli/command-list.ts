import type { Command, CommandGroup } from './command.js';
import { auditCommand } from './commands/audit.js';
import { copyCommand } from './commands/copy.js';
import { initCommand } from './commands/init.js';
import { keysGroup } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { orgsGroup } from './commands/orgs.js';
import { projectsGroup } from './commands/projects.js';
import { adminKeyGroup, rootKeyGroup } from './commands/recovery.js';
import { serveCommand } from './commands/serve.js';
import { whoamiCommand } from './commands/whoami.js';
import { webhooksGroup } from './commands/webhooks.js';

/** Commands that open the database named by KEYWARD_DATABASE_URL themselves. */
export const LOCAL_COMMANDS: ReadonlyArray<Command | CommandGroup> = [
  serveCommand,
  initCommand,
  migrateCommand,
  adminKeyGroup,
  rootKeyGroup,
  copyCommand,
];

/** Commands that call a running server's /v1 API. */
export const REMOTE_COMMANDS: ReadonlyArray<Command | CommandGroup> = [
  orgsGroup,
  projectsGroup,
  keysGroup,
  auditCommand,
  whoamiCommand,
  webhooksGroup,
];
