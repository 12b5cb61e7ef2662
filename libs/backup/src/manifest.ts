import type { SequenceValue } from './catalog.js';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'plan-cascade-backup';
export const FORMAT_VERSION = 1;

/** One table's file: PostgreSQL COPY text format (portable between server versions), gzipped. */
export interface TableEntry {
  table: string;
  columns: string[];
  file: string;
  rows: number;
  /** SHA-256 of the file as written, checked before a restore touches the database. */
  sha256: string;
  bytes: number;
}

/** Written last: a directory without it is an unfinished backup, and restore refuses it. */
export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  createdAt: string;
  /** `SHOW server_version` of the server backed up (informational: restore works across versions). */
  serverVersion: string;
  /** The schema the rows fit: restore migrates an empty database to exactly these first, then on to the code's latest. */
  migrations: string[];
  tables: TableEntry[];
  sequences: SequenceValue[];
}
