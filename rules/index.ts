// The built-in rules, in the order reports list them. schema-valid comes first: the runner
// drops other rules' findings at fields it has already reported.
import type { Rule } from '../src/rule-api/rule.js';
import childVoiceRecorded from './child-voice-recorded.js';
import consentRecorded from './consent-recorded.js';
import datesPlausible from './dates-plausible.js';
import earlyHelpAgreement from './early-help-agreement.js';
import exploitationScreening from './exploitation-screening.js';
import identifiersValid from './identifiers-valid.js';
import keyInformationPresent from './key-information-present.js';
import missingEpisodesRecorded from './missing-episodes-recorded.js';
import referralPurposeClear from './referral-purpose-clear.js';
import referralTimely from './referral-timely.js';
import returnInterviewTimely from './return-interview-timely.js';
import schemaValid from './schema-valid.js';
import sourceCodeConsistent from './source-code-consistent.js';
import thresholdApplied from './threshold-applied.js';
import thresholdConsistent from './threshold-consistent.js';
import suppressionValid from './suppression-valid.js';
import uniqueReferral from './unique-referral.js';
import unusedSuppression from './unused-suppression.js';

export const builtInRules: readonly Rule<object>[] = [
  schemaValid,
  keyInformationPresent,
  consentRecorded,
  earlyHelpAgreement,
  thresholdApplied,
  thresholdConsistent,
  missingEpisodesRecorded,
  returnInterviewTimely,
  exploitationScreening,
  referralTimely,
  childVoiceRecorded,
  identifiersValid,
  sourceCodeConsistent,
  datesPlausible,
  uniqueReferral,
  referralPurposeClear,
  suppressionValid,
  unusedSuppression,
] as Rule<object>[];
