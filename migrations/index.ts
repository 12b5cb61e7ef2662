import { CreateOrganisationTree1764000000000 } from './1764000000000-CreateOrganisationTree.js';
import { CreateAccountsAndMemberships1764000100000 } from './1764000100000-CreateAccountsAndMemberships.js';
import { CreatePlansAndAuditTrail1764000200000 } from './1764000200000-CreatePlansAndAuditTrail.js';
import { TrackAssignments1764000300000 } from './1764000300000-TrackAssignments.js';
import { CreateOutbox1764000400000 } from './1764000400000-CreateOutbox.js';
import { CreateReportsAndIndicators1764000500000 } from './1764000500000-CreateReportsAndIndicators.js';

/** Every migration, in order. Listed explicitly: no globbing of compiled files. */
export const MIGRATIONS = [
  CreateOrganisationTree1764000000000,
  CreateAccountsAndMemberships1764000100000,
  CreatePlansAndAuditTrail1764000200000,
  TrackAssignments1764000300000,
  CreateOutbox1764000400000,
  CreateReportsAndIndicators1764000500000,
];
