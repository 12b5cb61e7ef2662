export { backupDatabase } from './backup.js';
export { MANIFEST, type Manifest, type TableEntry } from './manifest.js';
export { readBackup, restoreDatabase, type RestoreResult } from './restore.js';
