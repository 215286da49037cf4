// The linking data the CLI uses by default (newswindow tag): the bundled security master through
// referenceDataFromMaster, the tagger's curated issuers over it. Shared by the benchmark and the evaluation script.
import { loadSecurityMaster, timeZoneOfCalendar } from '@newswindow/reference';
import { defaultReferenceData, referenceDataFromMaster } from '@newswindow/tagger';
import type { ReferenceData } from '@newswindow/tagger';

export function masterReferenceData(): ReferenceData {
  return referenceDataFromMaster(loadSecurityMaster().issuers, timeZoneOfCalendar, defaultReferenceData);
}
