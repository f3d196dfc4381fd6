// The local threshold document ("continuum of need") as the rules see it.
import type { ModelPathway } from './codes.js';

export interface ThresholdLevel {
  level: number;
  name: string;
  /** Where a referral at this level should go; `universal` means no referral is expected. */
  pathway: ModelPathway;
  /** Consent of a person with parental responsibility is needed unless an exception applies. */
  consentRequired: boolean;
  /** A child-protection (s47) level: consent need not be obtained, but parents' knowledge must be recorded. */
  childProtection: boolean;
}

export interface ThresholdModel {
  levels: ThresholdLevel[];
}

/** docs/rule-semantics.md: the default four-level model. */
export const DEFAULT_THRESHOLD_MODEL: ThresholdModel = {
  levels: [
    { level: 1, name: 'Universal', pathway: 'universal', consentRequired: false, childProtection: false },
    { level: 2, name: 'Early help', pathway: 'early-help', consentRequired: true, childProtection: false },
    { level: 3, name: 'Child in need', pathway: 'social-care', consentRequired: true, childProtection: false },
    { level: 4, name: 'Child protection', pathway: 'social-care', consentRequired: false, childProtection: true },
  ],
};

export function levelOf(model: ThresholdModel, level: number | undefined): ThresholdLevel | undefined {
  return level === undefined ? undefined : model.levels.find((l) => l.level === level);
}
