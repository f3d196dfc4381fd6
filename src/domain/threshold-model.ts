// The local threshold document ("continuum of need") as the rules see it.
import type { ModelPathway } from './codes.js';

export interface ThresholdLevel {
  level: number;
  name: string;
  /**
   * The level's principal pathway: where a referral at this level should go, the first of
   * `pathways`. `universal` means no referral is expected.
   */
  pathway: ModelPathway;
  /**
   * Every pathway the level accepts, the principal one first (docs/rule-semantics.md 1.13):
   * `[pathway]` for a level that names one. `universal` is only ever a level's only pathway.
   * Every level the configuration resolves has it; it is optional so that code written for
   * the earlier version, which builds a level by hand, still compiles (absent means `[pathway]`).
   */
  pathways?: readonly ModelPathway[];
  /** Consent of a person with parental responsibility is needed unless an exception applies. */
  consentRequired: boolean;
  /** A child-protection (s47) level: consent need not be obtained, but parents' knowledge must be recorded. */
  childProtection: boolean;
}

export interface ThresholdModel {
  levels: ThresholdLevel[];
}

/**
 * docs/rule-semantics.md: the default four-level model. Levels 2 to 4 also accept the Families
 * First names (docs/domain-reference.md): Family Help at 2 and 3, a multi-agency child
 * protection team at 4.
 */
export const DEFAULT_THRESHOLD_MODEL: ThresholdModel = {
  levels: [
    { level: 1, name: 'Universal', pathway: 'universal', pathways: ['universal'], consentRequired: false, childProtection: false },
    { level: 2, name: 'Early help', pathway: 'early-help', pathways: ['early-help', 'family-help'], consentRequired: true, childProtection: false },
    { level: 3, name: 'Child in need', pathway: 'social-care', pathways: ['social-care', 'family-help'], consentRequired: true, childProtection: false },
    { level: 4, name: 'Child protection', pathway: 'social-care', pathways: ['social-care', 'child-protection'], consentRequired: false, childProtection: true },
  ],
};

export function levelOf(model: ThresholdModel, level: number | undefined): ThresholdLevel | undefined {
  return level === undefined ? undefined : model.levels.find((l) => l.level === level);
}

/** Whether the level accepts a pathway (an absent `pathways`, from a level built by hand, is `[pathway]`). */
export function acceptsPathway(level: ThresholdLevel, pathway: string): boolean {
  return (level.pathways ?? [level.pathway]).includes(pathway as ModelPathway);
}

/** The pathways that need the family's agreement: early help and Family Help are voluntary. */
export const VOLUNTARY_PATHWAYS: readonly ModelPathway[] = ['early-help', 'family-help'];
