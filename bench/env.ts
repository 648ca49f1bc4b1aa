import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Importing n8n-core writes <N8N_USER_FOLDER>/.n8n/config, so a run gets a throwaway folder
// instead of the user's home. Import this module before anything that imports n8n-core.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'prospectb2b-bench-'));
