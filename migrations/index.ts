import { CreateOrganisationTree1764000000000 } from './1764000000000-CreateOrganisationTree.js';
import { CreateAccountsAndMemberships1764000100000 } from './1764000100000-CreateAccountsAndMemberships.js';
import { CreatePlansAndAuditTrail1764000200000 } from './1764000200000-CreatePlansAndAuditTrail.js';
import { TrackAssignments1764000300000 } from './1764000300000-TrackAssignments.js';
import { CreateOutbox1764000400000 } from './1764000400000-CreateOutbox.js';
import { CreateReportsAndIndicators1764000500000 } from './1764000500000-CreateReportsAndIndicators.js';
import { InstallJobQueue1764000600000 } from './1764000600000-InstallJobQueue.js';
import { TrackDeadlines1764000610000 } from './1764000610000-TrackDeadlines.js';
import { CreateNotifications1764000620000 } from './1764000620000-CreateNotifications.js';
import { LinkAmendments1764000700000 } from './1764000700000-LinkAmendments.js';
import { MaterialiseCascadePaths1764000800000 } from './1764000800000-MaterialiseCascadePaths.js';
import { StoreIssuedDocuments1764000810000 } from './1764000810000-StoreIssuedDocuments.js';
import { CoverCascadePaths1764000900000 } from './1764000900000-CoverCascadePaths.js';
import { SearchUnitsByFoldedName1764001000000 } from './1764001000000-SearchUnitsByFoldedName.js';
import { RecordSentReminders1764001010000 } from './1764001010000-RecordSentReminders.js';
import { StoreReportFiles1764001020000 } from './1764001020000-StoreReportFiles.js';
import { CoverCascadeDueDates1764001030000 } from './1764001030000-CoverCascadeDueDates.js';
import { IndexIssuedDocumentsByChecksum1764001200000 } from './1764001200000-IndexIssuedDocumentsByChecksum.js';
import { StoreSealAndSignatureImages1764001210000 } from './1764001210000-StoreSealAndSignatureImages.js';
import { LogAuditEntries1764001300000 } from './1764001300000-LogAuditEntries.js';
import { RecordUnitPeriodsAndReorganisations1764001400000 } from './1764001400000-RecordUnitPeriodsAndReorganisations.js';
import { DeferImplementingPlanSourceLink1764001650000 } from './1764001650000-DeferImplementingPlanSourceLink.js';
import { ThrottleSignInPerAccountAndAddress1764001700000 } from './1764001700000-ThrottleSignInPerAccountAndAddress.js';
import { LimitSessionLifetime1764001710000 } from './1764001710000-LimitSessionLifetime.js';
import { NotifyActorChanges1764002100000 } from './1764002100000-NotifyActorChanges.js';
import { ReadUnitsAsOfADay1764002300000 } from './1764002300000-ReadUnitsAsOfADay.js';
import { RecordIssuerOfUnnumberedPlans1764002500000 } from './1764002500000-RecordIssuerOfUnnumberedPlans.js';
import { StoreIssuedPdfsUncompressed1764002600000 } from './1764002600000-StoreIssuedPdfsUncompressed.js';

/** Every migration, in order. Listed explicitly: no globbing of compiled files. */
export const MIGRATIONS = [
  CreateOrganisationTree1764000000000,
  CreateAccountsAndMemberships1764000100000,
  CreatePlansAndAuditTrail1764000200000,
  TrackAssignments1764000300000,
  CreateOutbox1764000400000,
  CreateReportsAndIndicators1764000500000,
  InstallJobQueue1764000600000,
  TrackDeadlines1764000610000,
  CreateNotifications1764000620000,
  LinkAmendments1764000700000,
  MaterialiseCascadePaths1764000800000,
  StoreIssuedDocuments1764000810000,
  CoverCascadePaths1764000900000,
  SearchUnitsByFoldedName1764001000000,
  RecordSentReminders1764001010000,
  StoreReportFiles1764001020000,
  CoverCascadeDueDates1764001030000,
  IndexIssuedDocumentsByChecksum1764001200000,
  StoreSealAndSignatureImages1764001210000,
  LogAuditEntries1764001300000,
  RecordUnitPeriodsAndReorganisations1764001400000,
  DeferImplementingPlanSourceLink1764001650000,
  ThrottleSignInPerAccountAndAddress1764001700000,
  LimitSessionLifetime1764001710000,
  NotifyActorChanges1764002100000,
  ReadUnitsAsOfADay1764002300000,
  RecordIssuerOfUnnumberedPlans1764002500000,
  StoreIssuedPdfsUncompressed1764002600000,
];
