// A deterministic synthetic export: realistic, invented referrals for benchmarks and scale
// tests (`npm run gen -- --count N --seed S --format ndjson|json|yaml`).
//
// Every referral is built from its own small PRNG, seeded from (seed, index), so any
// referral can be made on its own (generateReferral, defectsOf) and a stream of a million
// holds one referral at a time. A referral is built clean (it passes every built-in rule
// under the default configuration) and then, at the defect rate (DefectRate: by default its
// agency's, 2% to 40%; 'realistic', about three in four), given defects from DEFECTS, each of
// which trips one known built-in rule.
//
// Everything is invented: the agencies, towns and streets; names are drawn at random from
// built-in lists; postcodes are in the areas XB, XE, XK, XN and XT, which Royal Mail does
// not use; NHS numbers start 999, a range used for test data, never issued; telephone
// numbers are in Ofcom's drama ranges (01632 960xxx, 07700 900xxx); emails are at
// example.org.
import { stringify } from 'yaml';
import { DEFAULT_MINIMUM_LEVELS } from '../../rules/threshold-consistent.js';
import { SOURCE_CODES, type ConcernCategory, type Sector } from '../../src/domain/codes.js';
import { DEFAULT_THRESHOLD_MODEL } from '../../src/domain/threshold-model.js';
import { isValidNhsNumber, UPN_LETTERS } from '../../src/domain/identifiers.js';

// ---------------------------------------------------------------------------------------
// Options and public tables

export interface GenerateOptions {
  count: number;
  seed: number;
  /** Where receivedAt starts: an ISO date (UTC midnight) or date-time with an offset; default 2026-10-01T00:00:00Z. */
  start?: string;
  /**
   * Mean seconds between two referrals' receivedAt; default 60 (about 1,400 a day, near the
   * national rate of referrals in England), so 1,000,000 referrals span about 694 days.
   * Referrals follow a weekly load curve (UTC): busiest on weekdays 08:00-17:59, quietest at
   * night. receivedAt never decreases, and strictly increases when gapSeconds is 3 or more.
   */
  gapSeconds?: number;
  /** How many referrals get defects: see DefectRate; default 'default'. */
  defectRate?: DefectRate;
  /** Called for each referral given defects, with its index (0-based) and the defects. */
  onDefect?: (index: number, defects: readonly DefectId[]) => void;
}

/**
 * How many referrals are given defects, and how many each:
 * - 'default': each agency at its own fixed rate, 2% to 40% (about 20% of referrals overall),
 *   one defect (70%) or two (30%), from the defects of DEFAULT_DEFECT_IDS; the output for a seed is
 *   the same as before the option existed;
 * - 'realistic': like a real month's export, about three referrals in four with a finding and
 *   about 2.2 findings each (agencies from about 50% to 96%), one to five defects from every
 *   defect of DEFECT_IDS, common ones (placeholders, missing analysis, lateness) more often;
 * - a number from 0 to 1: that share of referrals, whatever the agency, one defect (70%) or two
 *   (30%), from every defect of DEFECT_IDS.
 */
export type DefectRate = 'default' | 'realistic' | number;
export const DEFECT_RATES = ['default', 'realistic'] as const;

/** A DefectRate from its text ('default', 'realistic' or a number 0..1), or a RangeError. */
export function parseDefectRate(text: string): DefectRate {
  if (text === 'default' || text === 'realistic') return text;
  const value = /^(?:0|1|0?\.\d+|1\.0*)$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 1)) throw new RangeError(`defect rate must be default, realistic or a number from 0 to 1, got ${JSON.stringify(text)}`);
  return value;
}

function checkDefectRate(rate: DefectRate): void {
  if (rate === 'default' || rate === 'realistic') return;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new RangeError(`defectRate must be 'default', 'realistic' or a number from 0 to 1, got ${String(rate)}`);
}

export const DEFAULT_START = '2026-10-01T00:00:00Z';
export const DEFAULT_GAP_SECONDS = 60;

export const EXPORT_FORMATS = ['ndjson', 'json', 'yaml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Weighted<T> = readonly (readonly [T, number])[];

export interface AgencyProfile {
  name: string;
  sector: Sector;
  /** The CIN source code that agrees with the sector (individuals: by the referrer's role). */
  sourceCode: string;
  /** Relative share of referrals (in office hours; out of hours only the `always` agencies refer). */
  weight: number;
  /** office: refers on weekdays 08:00-17:59 UTC only; always: at any hour. */
  hours: 'office' | 'always';
  /** The ages of the children this agency refers. */
  minAge: number;
  maxAge: number;
  /** Fraction of this agency's referrals given defects: 2% to 40%, fixed by the agency's index. */
  defectRate: number;
  roles: readonly string[];
  categories: Weighted<ConcernCategory>;
  /** The school the agency is, for children it refers (their educationSetting). */
  school?: boolean;
}

// Concern mixes by kind of agency.
const POLICE: Weighted<ConcernCategory> = [['domestic-abuse', 35], ['physical-abuse', 12], ['missing', 12], ['cse', 6], ['cce', 8], ['sexual-abuse', 6], ['neglect', 10], ['substance-misuse', 5], ['gangs', 4], ['trafficking', 1], ['radicalisation', 1]];
const GP: Weighted<ConcernCategory> = [['neglect', 20], ['parental-mental-health', 25], ['substance-misuse', 10], ['fgm', 5], ['self-harm', 10], ['physical-abuse', 10], ['domestic-abuse', 15], ['emotional-abuse', 5]];
const HEALTH_VISITING: Weighted<ConcernCategory> = [['neglect', 35], ['parental-mental-health', 25], ['domestic-abuse', 25], ['physical-abuse', 10], ['substance-misuse', 5]];
const SCHOOL_NURSING: Weighted<ConcernCategory> = [['self-harm', 30], ['neglect', 20], ['sexual-abuse', 10], ['emotional-abuse', 15], ['fgm', 5], ['cse', 10], ['substance-misuse', 10]];
const EMERGENCY: Weighted<ConcernCategory> = [['physical-abuse', 35], ['self-harm', 25], ['substance-misuse', 15], ['neglect', 10], ['sexual-abuse', 5], ['cse', 5], ['domestic-abuse', 5]];
const CAMHS: Weighted<ConcernCategory> = [['self-harm', 45], ['emotional-abuse', 20], ['parental-mental-health', 15], ['sexual-abuse', 10], ['cse', 10]];
const HOSPICE: Weighted<ConcernCategory> = [['neglect', 40], ['other', 40], ['emotional-abuse', 20]];
const MIDWIFERY: Weighted<ConcernCategory> = [['domestic-abuse', 35], ['substance-misuse', 30], ['parental-mental-health', 35]];
const SCHOOL: Weighted<ConcernCategory> = [['neglect', 25], ['emotional-abuse', 15], ['domestic-abuse', 15], ['physical-abuse', 15], ['sexual-abuse', 6], ['self-harm', 8], ['cse', 4], ['radicalisation', 2], ['fgm', 1], ['private-fostering', 2], ['other', 7]];
const EDUCATION_WELFARE: Weighted<ConcernCategory> = [['neglect', 50], ['other', 30], ['emotional-abuse', 20]];
const EARLY_YEARS: Weighted<ConcernCategory> = [['neglect', 40], ['physical-abuse', 20], ['emotional-abuse', 15], ['domestic-abuse', 25]];
const FAMILY_HUB: Weighted<ConcernCategory> = [['neglect', 35], ['emotional-abuse', 20], ['parental-mental-health', 20], ['domestic-abuse', 25]];
const ADULT_CARE: Weighted<ConcernCategory> = [['parental-mental-health', 50], ['substance-misuse', 30], ['neglect', 20]];
const OTHER_AUTHORITY: Weighted<ConcernCategory> = [['other', 50], ['neglect', 25], ['domestic-abuse', 25]];
const HOUSING: Weighted<ConcernCategory> = [['neglect', 45], ['domestic-abuse', 30], ['other', 25]];
const PROBATION: Weighted<ConcernCategory> = [['domestic-abuse', 50], ['sexual-abuse', 20], ['other', 30]];
const YOUTH_JUSTICE: Weighted<ConcernCategory> = [['cce', 40], ['gangs', 25], ['missing', 20], ['substance-misuse', 15]];
const YOUTH_PROJECT: Weighted<ConcernCategory> = [['cse', 25], ['cce', 20], ['missing', 20], ['substance-misuse', 15], ['self-harm', 10], ['gangs', 10]];
const WOMENS_AID: Weighted<ConcernCategory> = [['domestic-abuse', 85], ['emotional-abuse', 15]];
const YOUNG_CARERS: Weighted<ConcernCategory> = [['parental-mental-health', 50], ['neglect', 30], ['other', 20]];
const FOSTERING: Weighted<ConcernCategory> = [['other', 60], ['private-fostering', 20], ['emotional-abuse', 20]];
const PUBLIC: Weighted<ConcernCategory> = [['neglect', 35], ['physical-abuse', 20], ['domestic-abuse', 20], ['emotional-abuse', 15], ['substance-misuse', 10]];
const ANONYMOUS: Weighted<ConcernCategory> = [['neglect', 45], ['domestic-abuse', 25], ['physical-abuse', 20], ['substance-misuse', 10]];

type AgencySpec = Omit<AgencyProfile, 'defectRate'>;

/** A member of the public's role and the CIN code it takes (1A family, 1B acquaintance or neighbour, 1D other). */
const PUBLIC_ROLES: Weighted<string> = [['Grandmother', 3], ['Aunt', 2], ['Uncle', 1], ['Neighbour', 3], ['Family friend', 1], ['Member of the public', 1]];
const PUBLIC_ROLE_CODES: Record<string, string> = { Grandmother: '1A', Aunt: '1A', Uncle: '1A', Neighbour: '1B', 'Family friend': '1B', 'Member of the public': '1D' };

const AGENCY_SPECS: readonly AgencySpec[] = [
  { name: 'Saltmere Constabulary', sector: 'police', sourceCode: '6', weight: 5, hours: 'always', minAge: 0, maxAge: 17, roles: ['Police Constable, response team', 'Police Sergeant, MASH police desk'], categories: POLICE },
  { name: 'Saltmere Constabulary CAIT', sector: 'police', sourceCode: '6', weight: 3, hours: 'always', minAge: 0, maxAge: 17, roles: ['Detective Constable, child abuse investigation team'], categories: POLICE },
  { name: 'Brackenford Police Missing Persons Unit', sector: 'police', sourceCode: '6', weight: 2, hours: 'always', minAge: 10, maxAge: 17, roles: ['Missing from home coordinator', 'Police Constable, missing persons unit'], categories: YOUTH_PROJECT },
  { name: 'Eastholm Police Station', sector: 'police', sourceCode: '6', weight: 2, hours: 'always', minAge: 0, maxAge: 17, roles: ['Police Constable, neighbourhood team'], categories: POLICE },
  { name: 'Kelbridge Road Medical Practice', sector: 'health', sourceCode: '3A', weight: 2, hours: 'office', minAge: 0, maxAge: 17, roles: ['GP partner and practice safeguarding lead', 'Salaried GP'], categories: GP },
  { name: 'Harbourside Surgery', sector: 'health', sourceCode: '3A', weight: 1.5, hours: 'office', minAge: 0, maxAge: 17, roles: ['GP partner', 'Practice nurse'], categories: GP },
  { name: 'Saltmere Health Visiting Team', sector: 'health', sourceCode: '3B', weight: 2.5, hours: 'office', minAge: 0, maxAge: 4, roles: ['Health visitor', 'Specialist community public health nurse'], categories: HEALTH_VISITING },
  { name: 'Saltmere School Nursing Service', sector: 'health', sourceCode: '3C', weight: 1.5, hours: 'office', minAge: 5, maxAge: 17, roles: ['School nurse'], categories: SCHOOL_NURSING },
  { name: 'Northfell CAMHS', sector: 'health', sourceCode: '3D', weight: 1.5, hours: 'office', minAge: 5, maxAge: 17, roles: ['CAMHS clinician', 'Clinical psychologist'], categories: CAMHS },
  { name: 'Saltmere Community Midwives', sector: 'health', sourceCode: '3D', weight: 1, hours: 'office', minAge: 0, maxAge: 0, roles: ['Community midwife', 'Safeguarding midwife'], categories: MIDWIFERY },
  { name: 'Saltmere District Hospital Emergency Department', sector: 'health', sourceCode: '3E', weight: 4, hours: 'always', minAge: 0, maxAge: 17, roles: ['Paediatric registrar, emergency department', 'Emergency department nurse'], categories: EMERGENCY },
  { name: "Brackenford Children's Hospice", sector: 'health', sourceCode: '3F', weight: 0.5, hours: 'office', minAge: 0, maxAge: 17, roles: ['Family support worker'], categories: HOSPICE },
  { name: 'Westmere Primary School', sector: 'school', sourceCode: '2A', weight: 5, hours: 'office', minAge: 4, maxAge: 10, roles: ['Designated safeguarding lead', 'Deputy headteacher and designated safeguarding lead'], categories: SCHOOL, school: true },
  { name: "St Aldhelm's RC Primary School", sector: 'school', sourceCode: '2A', weight: 3, hours: 'office', minAge: 4, maxAge: 10, roles: ['Headteacher', 'Learning mentor'], categories: SCHOOL, school: true },
  { name: 'Kelbridge Academy', sector: 'school', sourceCode: '2A', weight: 6, hours: 'office', minAge: 11, maxAge: 17, roles: ['Designated safeguarding lead', 'Head of year', 'Pastoral manager'], categories: SCHOOL, school: true },
  { name: 'Saltmere High School', sector: 'school', sourceCode: '2A', weight: 4, hours: 'office', minAge: 11, maxAge: 17, roles: ['Designated safeguarding lead', 'Pastoral manager'], categories: SCHOOL, school: true },
  { name: 'Brackenford Pupil Referral Unit', sector: 'school', sourceCode: '2A', weight: 1.5, hours: 'office', minAge: 11, maxAge: 15, roles: ['Teacher in charge', 'Designated safeguarding lead'], categories: SCHOOL, school: true },
  { name: 'Saltmere Education Welfare Service', sector: 'education-services', sourceCode: '2B', weight: 1.5, hours: 'office', minAge: 5, maxAge: 15, roles: ['Education welfare officer'], categories: EDUCATION_WELFARE },
  { name: 'Little Acorns Day Nursery', sector: 'early-years', sourceCode: '8', weight: 1, hours: 'office', minAge: 0, maxAge: 4, roles: ['Nursery manager', 'Key worker'], categories: EARLY_YEARS },
  { name: 'Harbour Lane Childminders', sector: 'early-years', sourceCode: '1B', weight: 0.5, hours: 'office', minAge: 0, maxAge: 4, roles: ['Registered childminder'], categories: EARLY_YEARS },
  { name: 'Saltmere Family Hub', sector: 'early-help', sourceCode: '5D', weight: 3, hours: 'office', minAge: 0, maxAge: 17, roles: ['Family support practitioner', 'Early help coordinator'], categories: FAMILY_HUB },
  { name: 'Saltmere Adult Social Care', sector: 'local-authority', sourceCode: '5A', weight: 2, hours: 'office', minAge: 0, maxAge: 17, roles: ['Adult social worker', 'Community care officer'], categories: ADULT_CARE },
  { name: "Brackenford City Council Children's Services", sector: 'local-authority', sourceCode: '5C', weight: 1.5, hours: 'office', minAge: 0, maxAge: 17, roles: ['Social worker', 'Team manager'], categories: OTHER_AUTHORITY },
  { name: 'Saltmere Homes', sector: 'housing', sourceCode: '4', weight: 1.5, hours: 'office', minAge: 0, maxAge: 17, roles: ['Housing officer', 'Tenancy sustainment officer'], categories: HOUSING },
  { name: 'Coastline Housing Association', sector: 'housing', sourceCode: '4', weight: 1, hours: 'office', minAge: 0, maxAge: 17, roles: ['Neighbourhood officer'], categories: HOUSING },
  { name: 'Northfell Probation Delivery Unit', sector: 'probation-courts', sourceCode: '7', weight: 1.5, hours: 'office', minAge: 0, maxAge: 17, roles: ['Probation officer', 'Senior probation officer'], categories: PROBATION },
  { name: 'Saltmere Youth Justice Service', sector: 'youth-justice', sourceCode: '5B', weight: 1.5, hours: 'office', minAge: 10, maxAge: 17, roles: ['Youth justice worker', 'Youth justice team manager'], categories: YOUTH_JUSTICE },
  { name: "Tideway Young People's Project", sector: 'voluntary', sourceCode: '8', weight: 1.5, hours: 'office', minAge: 11, maxAge: 17, roles: ['Senior youth worker', 'Outreach worker'], categories: YOUTH_PROJECT },
  { name: "Harbour Women's Aid", sector: 'voluntary', sourceCode: '8', weight: 1.5, hours: 'always', minAge: 0, maxAge: 17, roles: ['Outreach worker', "Children's domestic abuse practitioner"], categories: WOMENS_AID },
  { name: 'Saltmere Young Carers', sector: 'voluntary', sourceCode: '8', weight: 0.5, hours: 'office', minAge: 8, maxAge: 17, roles: ['Young carers project worker'], categories: YOUNG_CARERS },
  { name: 'Brightside Independent Fostering Agency', sector: 'other', sourceCode: '8', weight: 0.5, hours: 'office', minAge: 0, maxAge: 17, roles: ['Supervising social worker'], categories: FOSTERING },
  { name: 'Member of the public', sector: 'individual', sourceCode: '1A', weight: 3, hours: 'always', minAge: 0, maxAge: 17, roles: PUBLIC_ROLES.map(([r]) => r), categories: PUBLIC },
  { name: 'Anonymous', sector: 'anonymous', sourceCode: '9', weight: 1, hours: 'always', minAge: 0, maxAge: 17, roles: [], categories: ANONYMOUS },
];

/** Agency i's defect rate: 2% to 40%, spread over the agencies by (13 i mod n), so rates do not follow the order or the sector. */
function defectRateOf(i: number, n: number): number {
  return (2 + Math.round((38 * ((i * 13) % n)) / (n - 1))) / 100;
}

/** The referring agencies, each with its fixed defect rate. */
export const AGENCIES: readonly AgencyProfile[] = AGENCY_SPECS.map((spec, i) => ({ ...spec, defectRate: defectRateOf(i, AGENCY_SPECS.length) }));

export const DEFECT_IDS = [
  'consent-status-missing',
  'consent-giver-missing',
  'consent-reason-missing',
  'child-views-missing',
  'child-views-placeholder',
  'nhs-number-check-digit',
  'upn-check-letter',
  'postcode-malformed',
  'child-address-missing',
  'carer-with-pr-missing',
  'summary-placeholder',
  'actions-taken-missing',
  'threshold-rationale-placeholder',
  'threshold-pathway-missing',
  'pathway-above-level',
  'level-below-indicators',
  'early-help-not-asked',
  'early-help-views-missing',
  'referral-late',
  'written-confirmation-late',
  'episode-classified-absent',
  'episode-risk-missing',
  'return-interview-late',
  'screening-missing',
  'screening-tool-placeholder',
  'source-code-mismatch',
  'child-over-17',
  'first-identified-after-received',
  'ethnicity-free-text',
  'requested-outcome-missing',
  'impact-missing',
  'impact-too-short',
] as const;
export type DefectId = (typeof DEFECT_IDS)[number];

/** The defects defectRate 'default' draws from (the list before the others were added: its output must not change). */
export const DEFAULT_DEFECT_IDS: readonly DefectId[] = DEFECT_IDS.slice(0, DEFECT_IDS.indexOf('ethnicity-free-text') + 1);

export interface DefectInfo {
  id: DefectId;
  /** The built-in rule it trips (and the only one). */
  rule: string;
  description: string;
}

// ---------------------------------------------------------------------------------------
// The referral as built (plain JSON, keys in docs/referral-format.md order)

interface Address { line1: string; line2?: string; town: string; postcode: string }
interface Person {
  name: string;
  relationship: string;
  dateOfBirth?: string;
  parentalResponsibility?: boolean;
  phone?: string;
  address?: Address;
  languages?: string[];
  interpreterNeeded?: boolean;
}
interface Episode {
  startedAt: string;
  returnedAt?: string;
  classification?: string;
  riskLevel?: string;
  reportedToPolice: boolean;
  returnInterview?: { offeredAt?: string; completedAt?: string; declined?: boolean };
}
interface Built {
  id: string;
  receivedAt: string;
  mode: string;
  writtenConfirmationAt?: string;
  referrer: { agency: string; sector: string; sourceCode?: string | number; name?: string; role?: string; phone?: string; email?: string; safeguardingLeadConsulted?: boolean };
  child: {
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    sex: string;
    ethnicity?: string;
    address?: Address;
    nhsNumber?: string;
    upn?: string;
    educationSetting?: string;
    gpPractice?: string;
    firstLanguage?: string;
    interpreterNeeded?: boolean;
    disabilities?: string[];
  };
  carers?: Person[];
  household?: Person[];
  concerns: {
    categories: string[];
    summary?: string;
    firstIdentifiedAt: string;
    immediateRisk: boolean;
    actionsTaken?: string;
    previousConcerns?: string;
    otherAgenciesInvolved?: string[];
    requestedOutcome?: string;
    impactOnChild?: string;
  };
  childsViews?: { recorded: boolean; views?: string; reasonNotRecorded?: string };
  consent?: {
    status?: string;
    givenBy?: { name: string; relationship: string };
    recordedAt?: string;
    parentsInformed?: boolean;
    reasonNotSought?: { code: string; details: string };
  };
  threshold: { level: number; rationale: string; pathway?: string };
  earlyHelp?: { parentalViews?: string; parentalAgreement: string; assessmentCompleted: boolean };
  missingEpisodes?: Episode[];
  exploitationScreening?: { tool: string; completedAt: string; score?: number; riskLevel: string; msetReferral: boolean };
}

/** What the defects need to know about a clean referral besides the referral itself. */
interface Facts {
  index: number;
  seed: number;
  agency: AgencyProfile;
  receivedMs: number;
  /** Whole years, from days since birth (at most one off the calendar age: decisions allow for it). */
  age: number;
  /** The highest minimum level demanded by the categories and immediate risk (not screening). */
  demanded: number;
}

// ---------------------------------------------------------------------------------------
// PRNG: sfc32, one stream per (seed, index)

function mix32(x: number): number {
  let a = x >>> 0;
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return (a ^ (a >>> 16)) >>> 0;
}

class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
    this.a = mix32(lo ^ 0x9e3779b9);
    this.b = mix32(hi ^ mix32(stream ^ 0x632be5ab));
    this.c = mix32((stream >>> 0) + 0x7f4a7c15);
    this.d = mix32(Math.floor(stream / 0x1_0000_0000) ^ 0x2545f491) | 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: Weighted<T>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------
// Names, places, text fragments (all invented)

type Heritage = 'british' | 'polish' | 'south-asian' | 'african' | 'caribbean';

const HERITAGES: Weighted<Heritage> = [['british', 72], ['polish', 7], ['south-asian', 11], ['african', 6], ['caribbean', 4]];

interface NamePool {
  boys: readonly string[];
  girls: readonly string[];
  men: readonly string[];
  women: readonly string[];
  ethnicity: Weighted<string>;
  languages: Weighted<string>;
}

const NAMES: Record<Heritage, NamePool> = {
  british: {
    boys: ['Archie', 'Alfie', 'Caleb', 'Charlie', 'Dylan', 'Ethan', 'Finley', 'Freddie', 'George', 'Harley', 'Harrison', 'Jack', 'Jacob', 'Jayden', 'Kai', 'Leo', 'Logan', 'Mason', 'Noah', 'Oliver', 'Oscar', 'Reece', 'Riley', 'Rory', 'Theo', 'Tyler'],
    girls: ['Amelia', 'Ava', 'Bella', 'Chloe', 'Darcy', 'Ellie', 'Evie', 'Freya', 'Grace', 'Harper', 'Isla', 'Jessica', 'Layla', 'Lily', 'Maisie', 'Mia', 'Millie', 'Olivia', 'Poppy', 'Rosie', 'Ruby', 'Scarlett', 'Sienna', 'Willow', 'Zoë'],
    men: ['Craig', 'Darren', 'Dean', 'Gary', 'Jamie', 'Kevin', 'Lee', 'Mark', 'Martin', 'Neil', 'Paul', 'Ryan', 'Scott', 'Shaun', 'Steven', 'Wayne'],
    women: ['Amy', 'Claire', 'Danielle', 'Donna', 'Emma', 'Gemma', 'Hayley', 'Jade', 'Kelly', 'Kirsty', 'Laura', 'Lisa', 'Michelle', 'Nicola', 'Sarah', 'Shannon', 'Stacey', 'Tina'],
    ethnicity: [['WBRI', 88], ['WIRI', 2], ['WOTH', 3], ['MWBC', 3], ['MWAS', 2], ['NOBT', 2]],
    languages: [['English', 1]],
  },
  polish: {
    boys: ['Jakub', 'Kacper', 'Szymon', 'Filip', 'Antoni', 'Igor', 'Mikołaj', 'Wojtek'],
    girls: ['Oliwia', 'Zuzanna', 'Maja', 'Lena', 'Hanna', 'Julia', 'Natalia', 'Wiktoria'],
    men: ['Piotr', 'Tomasz', 'Marek', 'Krzysztof', 'Paweł', 'Andrzej'],
    women: ['Agnieszka', 'Katarzyna', 'Magdalena', 'Joanna', 'Ewa', 'Marta'],
    ethnicity: [['WOTH', 95], ['NOBT', 5]],
    languages: [['Polish', 8], ['English', 2]],
  },
  'south-asian': {
    boys: ['Ayaan', 'Hassan', 'Ibrahim', 'Zain', 'Yusuf', 'Rayyan', 'Arjun', 'Aryan', 'Rohan'],
    girls: ['Aisha', 'Amira', 'Hafsa', 'Inaya', 'Maryam', 'Zara', 'Priya', 'Anaya', 'Simran'],
    men: ['Imran', 'Tariq', 'Asif', 'Kamran', 'Sanjay', 'Rajesh', 'Faisal'],
    women: ['Nasreen', 'Farida', 'Shabana', 'Rubina', 'Anjali', 'Sunita', 'Saima'],
    ethnicity: [['APKN', 45], ['ABAN', 30], ['AIND', 20], ['AOTH', 5]],
    languages: [['English', 5], ['Urdu', 2], ['Bengali', 2], ['Punjabi', 1]],
  },
  african: {
    boys: ['Abdi', 'Kwame', 'Tobi', 'Samuel', 'David', 'Emmanuel', 'Mohamed'],
    girls: ['Amina', 'Ifeoma', 'Hodan', 'Grace', 'Blessing', 'Favour', 'Nadia'],
    men: ['Ahmed', 'Kofi', 'Oluwaseun', 'Daniel', 'Abdirahman'],
    women: ['Fatuma', 'Adaeze', 'Ngozi', 'Hibaq', 'Esther', 'Mercy'],
    ethnicity: [['BAFR', 85], ['MWBA', 10], ['REFU', 5]],
    languages: [['English', 6], ['Somali', 2], ['Arabic', 1], ['Tigrinya', 1]],
  },
  caribbean: {
    boys: ['Jayden', 'Tyrese', 'Kian', 'Marcus', 'Isaiah', 'Joel'],
    girls: ['Aaliyah', 'Imani', 'Kayla', 'Nia', 'Shanice', 'Tia'],
    men: ['Delroy', 'Andre', 'Clive', 'Winston', 'Leon'],
    women: ['Marcia', 'Sharon', 'Paulette', 'Natasha', 'Simone'],
    ethnicity: [['BCRB', 80], ['MWBC', 15], ['BOTH', 5]],
    languages: [['English', 1]],
  },
};

// Surnames are composed from two parts, so they look plausible without being anyone's.
const SURNAME_STARTS: Record<Heritage, readonly string[]> = {
  british: ['Ash', 'Bram', 'Carr', 'Dun', 'Elm', 'Fen', 'Gar', 'Hal', 'Ing', 'Kel', 'Lan', 'Mar', 'Nor', 'Os', 'Pen', 'Rad', 'Sal', 'Thorn', 'Wen', 'Yar', 'Brack', 'Hods', 'Win', 'Crag'],
  polish: ['Wis', 'Kor', 'Zaw', 'Ban', 'Mal', 'Sob', 'Lesz', 'Dab', 'Grab', 'Ryb'],
  'south-asian': ['Rah', 'Hus', 'Akh', 'Chow', 'Mah', 'Qur', 'Sidd', 'Pat', 'Shar', 'Bhat'],
  african: ['Okon', 'Adeb', 'Mens', 'Warsa', 'Osei', 'Abdil', 'Nwa', 'Haa'],
  caribbean: ['Camp', 'Grant', 'Rich', 'Thom', 'Bail', 'Mor', 'Ell', 'Fos'],
};
const SURNAME_ENDS: Record<Heritage, readonly string[]> = {
  british: ['by', 'combe', 'den', 'field', 'ford', 'gate', 'ham', 'hurst', 'ley', 'mere', 'ridge', 'stow', 'thwaite', 'ton', 'well', 'wick', 'worth'],
  polish: ['niak', 'czyk', 'owski', 'iewicz', 'ecki', 'arek'],
  'south-asian': ['ani', 'eem', 'tar', 'dhury', 'mood', 'eshi', 'iqui', 'el', 'ma'],
  african: ['kwo', 'ayo', 'ah', 'me', 'ei', 'ahi', 'chukwu', 'san'],
  caribbean: ['bell', 'ley', 'ards', 'pson', 'ey', 'gan', 'iston', 'ter'],
};

const TOWNS: readonly { town: string; area: string; districts: number }[] = [
  { town: 'Saltmere', area: 'XT', districts: 9 },
  { town: 'Brackenford', area: 'XB', districts: 6 },
  { town: 'Kelbridge', area: 'XK', districts: 4 },
  { town: 'Eastholm', area: 'XE', districts: 3 },
  { town: 'Northfell', area: 'XN', districts: 3 },
];
const TOWN_WEIGHTS: Weighted<number> = [[0, 45], [1, 25], [2, 15], [3, 10], [4, 5]];
const STREET_NAMES = ['Alder', 'Beacon', 'Bracken', 'Cinder', 'Copper', 'Ferry', 'Gorse', 'Heron', 'Kestrel', 'Lantern', 'Mill', 'Orchard', 'Quarry', 'Rowan', 'Saltpan', 'Sandpiper', 'Tannery', 'Thistle', 'Wherry', 'Willow', 'Larkspur', 'Foundry', 'Chapel', 'Ropery'];
const STREET_TYPES = ['Street', 'Road', 'Terrace', 'Close', 'Avenue', 'Gardens', 'Lane', 'Crescent', 'Way', 'Court', 'Walk', 'Grove'];
/** Royal Mail never uses C, I, K, M, O or V in the inward code's letters. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

const NURSERIES = ['Little Acorns Day Nursery', "Saltmere Children's Centre Nursery", 'Busy Bees Pre-school, Kelbridge', 'Harbour Lane Childminders'];
const PRIMARIES = ['Westmere Primary School', "St Aldhelm's RC Primary School", 'Eastholm Primary School', 'Northfell Village Primary School', 'Brackenford Church of England Primary'];
const SECONDARIES = ['Kelbridge Academy', 'Saltmere High School', 'Brackenford Pupil Referral Unit', 'Eastholm Community College'];
const COLLEGES = ['Saltmere College', 'Kelbridge Academy sixth form', 'Brackenford Training Centre apprenticeship'];
const GP_PRACTICES = ['Kelbridge Road Medical Practice', 'Harbourside Surgery', 'Eastholm Health Centre', 'Northfell Family Practice'];
const DISABILITIES: Weighted<string> = [['LD', 3], ['AUT', 4], ['COMM', 2], ['BEH', 3], ['HEAR', 1], ['MOB', 1], ['VIS', 1], ['CON', 1]];

/** Ages from which a category is plausible as the child's own concern. */
const CATEGORY_MIN_AGE: Partial<Record<ConcernCategory, number>> = {
  cse: 11, cce: 11, gangs: 12, missing: 10, 'self-harm': 10, radicalisation: 11, trafficking: 8, fgm: 2, 'private-fostering': 5,
};
const COMPANIONS: Partial<Record<ConcernCategory, readonly ConcernCategory[]>> = {
  missing: ['cse', 'cce'], cse: ['missing'], cce: ['missing', 'gangs'], gangs: ['cce'], 'domestic-abuse': ['emotional-abuse'],
  neglect: ['parental-mental-health', 'substance-misuse'], 'parental-mental-health': ['neglect'], 'substance-misuse': ['neglect'],
  'self-harm': ['emotional-abuse'], 'physical-abuse': ['domestic-abuse'], 'emotional-abuse': ['domestic-abuse'],
};
/** The level a referrer typically chooses for a category (before the minimums). */
const BASE_LEVELS: Record<ConcernCategory, Weighted<number>> = {
  neglect: [[2, 60], [3, 40]], 'emotional-abuse': [[2, 55], [3, 45]], 'domestic-abuse': [[2, 30], [3, 55], [4, 15]],
  'parental-mental-health': [[2, 50], [3, 50]], 'substance-misuse': [[2, 45], [3, 55]], 'self-harm': [[2, 40], [3, 60]],
  other: [[2, 60], [3, 40]], radicalisation: [[3, 1]], gangs: [[3, 80], [4, 20]], 'private-fostering': [[3, 1]],
  'physical-abuse': [[3, 70], [4, 30]], cse: [[3, 60], [4, 40]], cce: [[3, 65], [4, 35]], missing: [[3, 80], [4, 20]],
  'sexual-abuse': [[4, 1]], trafficking: [[4, 1]], fgm: [[4, 1]],
};

// Text templates: {name} the child's given name; {he} {his} {him} {He} {His} pronouns.
const WHAT: Record<ConcernCategory, readonly string[]> = {
  neglect: [
    '{name} has arrived at school hungry and in the same unwashed clothes most days this month, and has had untreated head lice for weeks.',
    'On a home visit the house was cold, there was little food in the kitchen and {name} was sleeping on a bare mattress.',
    '{name} has missed four health appointments, including a hearing test, and has visible untreated tooth decay.',
    '{name} was found alone at home in the evening by a neighbour; {his} mother returned two hours later.',
  ],
  'physical-abuse': [
    '{name} has a bruise shaped like a hand on {his} upper arm and said {his} stepfather grabbed {him} during an argument.',
    '{name} was brought in with a fractured wrist; the explanation the adults gave changed twice.',
    '{name} told staff that {his} father hits {him} with a slipper when {he} is naughty, and a red mark was seen on {his} leg.',
  ],
  'sexual-abuse': [
    '{name} disclosed to a member of staff that an adult family friend has been touching {him} when babysitting.',
    '{name} has shown sexualised behaviour not expected for {his} age and said it is a secret game with an older cousin.',
    "{name} told a friend, who told staff, that {his} mother's partner comes into {his} bedroom at night.",
  ],
  'emotional-abuse': [
    '{name} is often shouted at and called names by {his} mother at the school gate, and has become withdrawn and anxious.',
    '{name} says {he} is told at home that {he} is stupid and unwanted, and {his} attendance and behaviour have worsened.',
  ],
  'domestic-abuse': [
    "Police attended a domestic incident at the family home at night; {name} was present and heard {his} father threatening {his} mother.",
    "{name}'s mother disclosed controlling behaviour and threats from her partner; {name} has seen at least one assault.",
    'This is the third domestic incident at the address this year; furniture was damaged while {name} was upstairs.',
  ],
  cse: [
    '{name} has been seen getting into cars driven by older men near the town centre and has a new phone and clothes the family cannot explain.',
    '{name} has been sending images to an adult {he} met online, who is pressing {him} to meet.',
    '{name} was found in the early hours at an address known to police for parties where older men give alcohol to young people.',
  ],
  cce: [
    '{name} was stopped by police in another town carrying cash and two phones, and would not say who {he} was with.',
    '{name} has been missing school and is believed to be carrying drugs for an older group; {he} has unexplained injuries.',
  ],
  missing: [
    '{name} has been reported missing twice in the last month, returning in the early hours and refusing to say where {he} had been.',
    '{name} went missing overnight after an argument at home and was found by police in another town.',
  ],
  trafficking: ['{name} arrived in the area recently with an adult who says he is an uncle; {he} has no documents and is not in school.'],
  fgm: [
    "{name}'s mother told the school nurse that {name} will travel abroad this summer for a family ceremony; an older sister has had FGM.",
    "A family history of FGM was disclosed at a consultation, and {name} is due to travel to the family's country of origin.",
  ],
  radicalisation: ['{name} has been sharing extremist material with classmates and has voiced support for violence against a group.'],
  gangs: ['{name} has been spending time with a group involved in local violence and was present when another young person was stabbed.'],
  'substance-misuse': [
    "{name}'s mother was found intoxicated while caring for {name}, and drug paraphernalia was within {his} reach.",
    "{name}'s father has relapsed into heavy drinking and was unable to collect {him} from school twice this week.",
  ],
  'parental-mental-health': [
    "{name}'s mother has been admitted to hospital after a mental health crisis; {name} is staying with a neighbour with no plan in place.",
    "{name}'s father has severe depression and has stopped getting up; {name} is doing most of the caring at home.",
  ],
  'self-harm': [
    '{name} has cuts on {his} forearms and told staff {he} has been hurting {him}self for several months.',
    '{name} attended the emergency department after taking an overdose of paracetamol.',
  ],
  'private-fostering': ['{name} has been living with a family friend for over a month while {his} mother is abroad, and the local authority has not been told.'],
  other: [
    "{name}'s family moved into the area after an eviction; the previous local authority had an open child in need plan.",
    '{name} is a young carer for a disabled parent and is falling behind at school.',
  ],
};
const CONTEXT = [
  'This has been noticed several times since the start of term.',
  'Staff have seen a change in {him} over the past month.',
  'It was reported to us today.',
  'The family are known to have had difficulties in the past.',
  '{He} seemed frightened when talking about it.',
  'Other professionals have raised similar worries recently.',
];
/** Members of the public write in the first person. */
const PUBLIC_CONTEXT = [
  'I have seen this several times over the last few weeks.',
  'I saw this myself yesterday and again today.',
  '{He} told me about it when I asked if {he} was all right.',
];
const PUBLIC_WORRY = ["I am worried nobody is looking after {name} properly.", "I am frightened something will happen to {name} if nobody does anything."];
const WORRY: Record<number, readonly string[]> = {
  2: ["We are worried that {name}'s needs are not being met and the family need support to stop things getting worse.", 'We think the family would benefit from early help and they have said they want it.'],
  3: ["We are worried that {name}'s needs will not be met without social care involvement.", 'We think {name} is a child in need and the family have not been able to make changes with the support offered so far.'],
  4: ['We are worried that {name} is suffering, or is likely to suffer, significant harm.', 'We believe {name} is at risk of significant harm and needs a strategy discussion.'],
};
const INDICATORS: Record<ConcernCategory, string> = {
  neglect: 'neglect of basic care that support has not yet changed',
  'physical-abuse': 'a physical injury with an inconsistent explanation',
  'sexual-abuse': 'a disclosure of sexual abuse',
  'emotional-abuse': 'persistent emotional harm affecting the child\'s development',
  'domestic-abuse': 'domestic abuse in the home with the child present',
  cse: 'indicators of child sexual exploitation',
  cce: 'indicators of child criminal exploitation',
  missing: 'repeated missing episodes',
  trafficking: 'indicators of trafficking',
  fgm: 'a risk of female genital mutilation',
  radicalisation: 'a risk of radicalisation',
  gangs: 'involvement with a violent group',
  'substance-misuse': 'substance misuse affecting the care of the child',
  'parental-mental-health': "a parent's mental ill-health affecting the care of the child",
  'self-harm': 'self-harm',
  'private-fostering': 'an unassessed private fostering arrangement',
  other: 'needs the family cannot meet without help',
};
/** What a professional referrer asks the front door to do, by level (4 split by immediate risk). */
const REQUESTED_OUTCOMES: Record<number, string> = {
  2: "Early help for the family, with the parents' agreement: a family support worker and a team around the family meeting.",
  3: "An assessment by children's social care (child in need, section 17).",
  4: 'A strategy discussion and an assessment under section 47.',
};
const REQUESTED_OUTCOME_IMMEDIATE = 'A strategy discussion today and a child protection enquiry (section 47): {name} is at immediate risk.';
/** A family member's request and analysis, in their own words. */
const PUBLIC_OUTCOME = "Someone from children's services to check that {name} is safe and that the family get help.";
const PUBLIC_IMPACT = '{He} seems frightened and unhappy when I see {him}, and it has been getting worse over the last few weeks.';
/** Members of the public who say what they want: family (CIN code 1A); neighbours, friends and strangers, and anonymous callers, do not. */
const PUBLIC_ROLES_WITH_PURPOSE = new Set(Object.entries(PUBLIC_ROLE_CODES).filter(([, code]) => code === '1A').map(([r]) => r));

/**
 * The referrer's requested outcome and analysis of the impact on the child, derived from the level,
 * the main concern and the immediate risk: no draw of the PRNG. `who` is 'professional', or a member
 * of the public's role (undefined for an anonymous caller).
 */
function purposeOf(level: number, first: ConcernCategory, immediateRisk: boolean, who: string | undefined, words: Readonly<Record<string, string>>): { requestedOutcome: string; impactOnChild: string } | undefined {
  if (who !== 'professional') {
    return who !== undefined && PUBLIC_ROLES_WITH_PURPOSE.has(who) ? { requestedOutcome: fill(PUBLIC_OUTCOME, words), impactOnChild: fill(PUBLIC_IMPACT, words) } : undefined;
  }
  const impact =
    level === 2
      ? `{name}'s needs are not fully met at home and it is starting to show in {his} wellbeing (${INDICATORS[first]}); the family need help now, before things get worse.`
      : level === 3
        ? `{name}'s health and development are being impaired by ${INDICATORS[first]}; the concerns have grown over recent weeks and are now more than the family can manage alone.`
        : immediateRisk
          ? `{name} is at risk of significant harm from ${INDICATORS[first]}; what happened today means {he} may not be safe tonight.`
          : `{name} is at risk of significant harm from ${INDICATORS[first]}; the latest incident shows the risk is rising.`;
  return {
    requestedOutcome: fill(level === 4 && immediateRisk ? REQUESTED_OUTCOME_IMMEDIATE : REQUESTED_OUTCOMES[level]!, words),
    impactOnChild: fill(impact, words),
  };
}
const LEVEL_NAMES: Record<number, string> = Object.fromEntries(DEFAULT_THRESHOLD_MODEL.levels.map((l) => [l.level, l.name]));
const VIEWS = [
  '{He} said {he} wants things to be calmer at home.',
  '{He} said {he} likes school because it is warm and there is breakfast.',
  '{He} said {he} is scared to go home tonight.',
  '{He} said {he} does not want anyone to get into trouble.',
  '{He} said {he} wants to stay with {his} mum but wants the shouting to stop.',
  '{He} said {he} would like someone to talk to.',
];
const TEEN_VIEWS = ['{He} said {he} is fine and everyone is overreacting.', '{He} said {he} does not trust the police but would talk to {his} youth worker.'];
const REASONS_NOT_RECORDED = [
  'Not safe to ask before the strategy discussion: the alleged abuser lives in the home.',
  '{He} has no speech and communicates with a few signs; {his} views could not be gathered today.',
];
const REASONS_TOO_YOUNG = ['Too young to give views in words; observed to be quiet and watchful.', 'Pre-verbal; observed to be alert and settled with {his} grandmother.'];
const ACTIONS: Record<Sector, readonly string[]> = {
  police: ['Officers attended, spoke to the adults separately and completed a DASH risk assessment.', 'The suspect was arrested and bailed with conditions not to contact the child.', "Intelligence submitted and the child's details shared with the exploitation team."],
  health: ['Child examined and injuries recorded on a body map; paediatrician consulted.', 'Discussed with the safeguarding lead; follow-up appointment booked.', 'Contact increased to weekly visits while the referral is considered.'],
  school: ["Spoke to the child with the designated safeguarding lead; concern logged on the school's safeguarding system.", 'Breakfast club place and spare uniform offered; attendance monitored daily.', 'Parents invited to a meeting with the pastoral team.'],
  'education-services': ['Home visit made; attendance plan agreed with the parent.', 'Attendance panel held and parenting support offered.'],
  'early-years': ['Concern recorded and discussed with the setting safeguarding lead; key worker monitoring daily.', 'Parent spoken to at collection; setting will record any further marks.'],
  'early-help': ['Family support worker has visited weekly for six weeks; team around the family meeting held.', 'Early help assessment completed and a family plan agreed.'],
  'local-authority': ["Adult social worker discussed the children's needs with the parent and informed the duty manager.", 'Case records shared with the receiving authority.'],
  housing: ['Tenancy visit completed; repairs reported; family referred to the tenancy sustainment team.', 'Emergency accommodation arranged for the mother and children.'],
  'probation-courts': ['Risk assessment updated and shared with the offender manager.', 'Licence conditions reviewed with the supervising officer.'],
  'youth-justice': ['Youth justice worker increased contact and completed an exploitation screening.', 'Safety plan agreed with the young person and the parent.'],
  voluntary: ['Youth worker spoke with the young person and shared the safety plan with the family.', 'Support worker has met the family weekly and offered group work.'],
  individual: ["I spoke to the child's mother but she did not want to talk about it.", 'I have not spoken to the family; I called as soon as I could.'],
  anonymous: ['The caller has taken no action and did not want to give their name.'],
  other: ['Supervising social worker discussed the concern with the placing authority.', 'Concern logged and the agency safeguarding lead informed.'],
};
const PREVIOUS = [
  'Two previous referrals in 2025, both closed after assessment.',
  'Child in need plan closed eight months ago.',
  'Early help support offered last year was not taken up.',
  'Police attended the address for a domestic incident in the spring.',
];
const PARENTAL_VIEWS = [
  'Mother agrees the family needs help with routines and school attendance.',
  "Parents want support with {name}'s behaviour and are willing to work with the family hub.",
  'Mother says she has been struggling since the separation and would welcome help.',
  'Father says he wants help to manage at home while the mother is unwell.',
];
const PARENTAL_VIEWS_DECLINED = ['Father feels the family can manage without help and does not want services involved.', 'Mother does not accept there is a problem and declined support for now.'];
const NOT_SOUGHT: Weighted<'police-investigation' | 'significant-harm-risk' | 'risk-to-others'> = [['significant-harm-risk', 4], ['risk-to-others', 3], ['police-investigation', 3]];
const NOT_SOUGHT_DETAILS: Record<string, string> = {
  'police-investigation': 'Seeking consent could alert the suspect and prejudice the police investigation.',
  'significant-harm-risk': 'Telling the parents before a strategy discussion could place {name} at increased risk of harm.',
  'risk-to-others': "Informing the father could raise the risk to the mother, who is a victim of domestic abuse.",
};
const MODES: Partial<Record<Sector, Weighted<string>>> = {
  police: [['written', 50], ['telephone', 30], ['online', 20]],
  health: [['telephone', 40], ['online', 40], ['written', 20]],
  school: [['online', 70], ['telephone', 20], ['in-person', 10]],
  individual: [['telephone', 60], ['online', 30], ['in-person', 10]],
  anonymous: [['telephone', 90], ['online', 10]],
};
const OTHER_MODES: Weighted<string> = [['online', 50], ['written', 30], ['telephone', 20]];

const PRONOUNS = {
  M: { he: 'he', He: 'He', his: 'his', His: 'His', him: 'him' },
  F: { he: 'she', He: 'She', his: 'her', His: 'Her', him: 'her' },
} as const;

// ---------------------------------------------------------------------------------------
// Helpers

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;

/** RFC 3339 in UTC, to the second. */
function isoAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}
/** RFC 3339 in UTC, truncated to the minute (never later than ms). */
function isoMinute(ms: number): string {
  return isoAt(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
}
const ymdOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function fill(template: string, words: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => words[key] ?? key);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const asciiLower = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

function surname(rng: Rng, heritage: Heritage): string {
  return rng.pick(SURNAME_STARTS[heritage]) + rng.pick(SURNAME_ENDS[heritage]);
}

function address(rng: Rng): Address {
  const t = TOWNS[rng.weighted(TOWN_WEIGHTS)]!;
  const street = `${rng.pick(STREET_NAMES)} ${rng.pick(STREET_TYPES)}`;
  const number = rng.int(1, 120);
  const postcode = `${t.area}${rng.int(1, t.districts)} ${rng.int(0, 9)}${INWARD_LETTERS[rng.int(0, INWARD_LETTERS.length - 1)]}${INWARD_LETTERS[rng.int(0, INWARD_LETTERS.length - 1)]}`;
  return rng.chance(0.15)
    ? { line1: `Flat ${rng.int(1, 24)}`, line2: `${number} ${street}`, town: t.town, postcode }
    : { line1: `${number} ${street}`, town: t.town, postcode };
}

const landline = (rng: Rng): string => `01632 960${pad(rng.int(0, 999), 3)}`;
const mobile = (rng: Rng): string => `07700 900${pad(rng.int(0, 999), 3)}`;

/** NHS check digit for 9 digits, or undefined when no valid number exists (check 10). */
function nhsCheck(nine: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 10 ? undefined : check === 11 ? 0 : check;
}

/** UPN 2.0 check letter for the 12 characters after it (all digits here). */
function upnCheck(twelve: string): string {
  let sum = 0;
  for (let p = 2; p <= 13; p++) sum += Number(twelve[p - 2]) * p;
  return UPN_LETTERS[sum % 23]!;
}

const NHS_STRIDE = 7_001; // coprime with 10^6: consecutive indices never share a number
const DOB_STRIDE = 7_919; // prime, above every age span in days: same agency, nearby indices never share a birthday

// ---------------------------------------------------------------------------------------
// Building a clean referral

/**
 * Relative referral volume in each hour of the week (UTC, Monday 00:00 first): weekdays
 * 08:00-17:59 busiest, then weekday evenings, weekend days, nights.
 */
const HOURLY_LOAD: readonly number[] = Array.from({ length: 168 }, (_, h) => {
  const hour = h % 24;
  if (h < 5 * 24) return hour >= 8 && hour < 18 ? 4 : hour >= 18 && hour < 23 ? 1.5 : 0.4;
  return hour >= 9 && hour < 22 ? 1 : 0.4;
});
const WEEK_S = 7 * 24 * 3600;
/** LOAD_CDF[h]: the share of a week's referrals received before hour h. */
const LOAD_CDF: readonly number[] = (() => {
  const total = HOURLY_LOAD.reduce((a, b) => a + b, 0);
  const cdf = [0];
  for (const load of HOURLY_LOAD) cdf.push(cdf[cdf.length - 1]! + load / total);
  cdf[168] = 1;
  return cdf;
})();

/** Seconds into the week by which `share` of the week's referrals have been received (inverse of the load curve). */
function weekSecondsAt(share: number): number {
  let lo = 0;
  let hi = 167;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (LOAD_CDF[mid]! <= share) lo = mid;
    else hi = mid - 1;
  }
  const from = LOAD_CDF[lo]!;
  return (lo + (share - from) / (LOAD_CDF[lo + 1]! - from)) * 3600;
}

/** The share of the week's referrals received in the first `seconds` of the week. */
function shareAt(seconds: number): number {
  const hour = Math.min(167, Math.floor(seconds / 3600));
  return LOAD_CDF[hour]! + ((seconds - hour * 3600) / 3600) * (LOAD_CDF[hour + 1]! - LOAD_CDF[hour]!);
}

interface Timing {
  /** Monday 00:00 UTC of the week of start. */
  mondayMs: number;
  /** Where start falls in its week, in weeks (share of the week's referrals). */
  offset: number;
  /** Weeks per referral: gapSeconds / one week. */
  step: number;
}

/** `YYYY-MM-DD`, or a date-time with `Z` or an offset. */
export const ISO_START = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function timingOf(options: { start?: string; gapSeconds?: number }): Timing {
  const start = options.start ?? DEFAULT_START;
  // A date-time needs its offset: without one Date.parse would read it in the local time zone.
  const startMs = ISO_START.test(start) ? Date.parse(start) : NaN;
  if (!Number.isFinite(startMs)) throw new RangeError(`start must be an ISO date (UTC) or date-time with an offset, got ${JSON.stringify(start)}`);
  const gap = options.gapSeconds ?? DEFAULT_GAP_SECONDS;
  if (!Number.isInteger(gap) || gap < 1) throw new RangeError(`gapSeconds must be a whole number of seconds, at least 1, got ${gap}`);
  const day = new Date(startMs);
  const mondayMs = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return { mondayMs, offset: shareAt((startMs - mondayMs) / 1000), step: gap / WEEK_S };
}

/** Seconds after timing.mondayMs at which referral slot `i` begins. */
function slotStart(timing: Timing, i: number): number {
  const x = timing.offset + i * timing.step;
  const week = Math.floor(x);
  return week * WEEK_S + weekSecondsAt(x - week);
}

/**
 * receivedAt of referral `index`, in whole seconds: referral i falls in its slot (in the
 * load curve, each slot holds the same share of referrals), so receivedAt never decreases,
 * and strictly increases whenever every slot is at least a second long (gapSeconds 3 or more).
 */
function receivedAtOf(timing: Timing, index: number, jitter: number): number {
  const from = Math.ceil(slotStart(timing, index) - 1e-6);
  const to = Math.ceil(slotStart(timing, index + 1) - 1e-6);
  return timing.mondayMs + (from + Math.floor(jitter * Math.max(0, to - from))) * 1000;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
}

const ALL_HOURS = AGENCIES.map((a, i) => [i, a.weight] as const);
const OUT_OF_HOURS = AGENCIES.flatMap((a, i) => (a.hours === 'always' ? [[i, a.weight] as const] : []));

function build(seed: number, index: number, timing: Timing): { referral: Built; facts: Facts; rng: Rng } {
  const rng = new Rng(seed, index);
  const receivedMs = receivedAtOf(timing, index, rng.next());
  const when = new Date(receivedMs);
  const officeHours = when.getUTCDay() >= 1 && when.getUTCDay() <= 5 && when.getUTCHours() >= 8 && when.getUTCHours() < 18;
  const agency = AGENCIES[rng.weighted(officeHours ? ALL_HOURS : OUT_OF_HOURS)]!;
  const sector = agency.sector;

  // The child: age from the index (distinct birthdays for nearby referrals of one agency).
  const minDays = Math.ceil(agency.minAge * 365.25) + 2;
  const maxDays = Math.floor((agency.maxAge + 1) * 365.25) - 3;
  const span = maxDays - minDays + 1;
  const daysBack = minDays + ((index % span) * DOB_STRIDE + mix32(seed ^ 0x5bd1e995)) % span;
  const age = Math.floor(daysBack / 365.25);
  const receivedDayMs = Date.UTC(when.getUTCFullYear(), when.getUTCMonth(), when.getUTCDate());
  const dateOfBirth = ymdOf(receivedDayMs - daysBack * DAY_MS);
  const sex = rng.chance(0.5) ? 'M' : 'F';
  const heritage = rng.weighted(HERITAGES);
  const names = NAMES[heritage];
  const givenName = rng.pick(sex === 'M' ? names.boys : names.girls);
  const familyName = surname(rng, heritage);
  const p = PRONOUNS[sex];
  const words: Record<string, string> = { name: givenName, ...p };
  const home = address(rng);
  const language = rng.weighted(names.languages);

  // Concerns and the level they call for.
  const own = agency.categories.filter(([c]) => age >= (CATEGORY_MIN_AGE[c] ?? 0));
  const first: ConcernCategory = own.length > 0 ? rng.weighted(own) : 'neglect';
  const categories: ConcernCategory[] = [first];
  const companions = (COMPANIONS[first] ?? []).filter((c) => age >= (CATEGORY_MIN_AGE[c] ?? 0));
  if (companions.length > 0 && rng.chance(0.3)) categories.push(rng.pick(companions));
  const minimums = DEFAULT_MINIMUM_LEVELS.categories;
  let level = Math.max(...categories.map((c) => rng.weighted(BASE_LEVELS[c])), ...categories.map((c) => minimums[c] ?? 0));
  const exploited = categories.includes('cse') || categories.includes('cce');
  const screeningRisk = exploited ? (level >= 4 ? (rng.chance(0.7) ? 'high' : 'medium') : rng.chance(0.8) ? 'medium' : 'high') : undefined;
  if (screeningRisk !== undefined) level = Math.max(level, DEFAULT_MINIMUM_LEVELS.exploitationRisk[screeningRisk as 'high' | 'medium'] ?? 0);
  const immediateRisk = level === 4 && rng.chance(0.35);
  const demanded = Math.max(0, ...categories.map((c) => minimums[c] ?? 0), immediateRisk ? DEFAULT_MINIMUM_LEVELS.immediateRisk : 0);
  const pathway = level === 2 ? 'early-help' : 'social-care';

  // Times: the concern arose shortly before the referral (within 2 hours at immediate risk).
  const firstMs = immediateRisk ? receivedMs - rng.int(10, 110) * MINUTE_MS : receivedMs - rng.int(15, 22 * 60) * MINUTE_MS;
  const mode = rng.weighted(MODES[sector] ?? OTHER_MODES);
  const spoken = mode === 'telephone' || mode === 'in-person';

  // Referrer.
  const role = sector === 'individual' ? rng.weighted(PUBLIC_ROLES) : sector === 'anonymous' ? undefined : rng.pick(agency.roles);
  let sourceCode: string | number = sector === 'individual' ? PUBLIC_ROLE_CODES[role!]! : agency.sourceCode;
  if (/^\d+$/.test(sourceCode) && rng.chance(0.15)) sourceCode = Number(sourceCode);
  const referrer: Built['referrer'] = { agency: agency.name, sector, sourceCode };
  if (sector !== 'anonymous') {
    const rHeritage = rng.weighted(HERITAGES);
    const female = rng.chance(0.7);
    const first = rng.pick(female ? NAMES[rHeritage].women : NAMES[rHeritage].men);
    const last = surname(rng, rHeritage);
    referrer.name = `${first} ${last}`;
    referrer.role = role!;
    if (sector === 'individual') {
      referrer.phone = mobile(rng);
    } else {
      referrer.phone = rng.chance(0.7) ? landline(rng) : mobile(rng);
      referrer.email = `${asciiLower(first)}.${asciiLower(last)}@example.org`;
      if (sector === 'school' || sector === 'health') referrer.safeguardingLeadConsulted = rng.chance(0.85);
    }
  }

  // Child.
  const child: Built['child'] = { givenName, familyName, dateOfBirth, sex, ethnicity: rng.weighted(names.ethnicity), address: home };
  const nhsWanted = rng.chance(sector === 'health' ? 0.98 : 0.88);
  if (nhsWanted) {
    const nine = `999${pad(((index % 1_000_000) * NHS_STRIDE + mix32(seed ^ 0x27d4eb2f)) % 1_000_000, 6)}`;
    const check = nhsCheck(nine);
    const number = check === undefined ? undefined : nine + check;
    if (number !== undefined && isValidNhsNumber(number)) {
      child.nhsNumber = rng.chance(0.3) ? `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}` : number;
    }
  }
  let setting: string | undefined;
  if (agency.school) setting = agency.name;
  else if (age >= 16) setting = rng.pick(COLLEGES);
  else if (age >= 11) setting = rng.pick(SECONDARIES);
  else if (age >= 4) setting = rng.pick(PRIMARIES);
  else if (age >= 2) setting = rng.pick(NURSERIES);
  if (age >= 5 && rng.chance(sector === 'school' || sector === 'education-services' ? 0.7 : 0.2)) {
    const twelve = `983${pad(rng.int(2000, 4999), 4)}${pad((Number(dateOfBirth.slice(0, 4)) + 5) % 100, 2)}${pad(rng.int(0, 999), 3)}`;
    child.upn = upnCheck(twelve) + twelve;
  }
  if (setting !== undefined) child.educationSetting = setting;
  if (rng.chance(0.5)) child.gpPractice = rng.pick(GP_PRACTICES);
  child.firstLanguage = language;
  if (language !== 'English') child.interpreterNeeded = age >= 4 && rng.chance(0.3);
  if (rng.chance(0.12)) child.disabilities = [rng.weighted(DISABILITIES)];

  // Carers: the first always has parental responsibility.
  const receivedYear = when.getUTCFullYear();
  const carerSurname = rng.chance(0.8) ? familyName : surname(rng, heritage);
  const mother: Person = { name: `${rng.pick(names.women)} ${carerSurname}`, relationship: 'mother', parentalResponsibility: true };
  const carers: Person[] = [];
  if (rng.chance(0.08)) {
    carers.push({ name: `${rng.pick(names.women)} ${familyName}`, relationship: 'grandparent', parentalResponsibility: true, phone: mobile(rng) });
  } else {
    if (rng.chance(0.5)) mother.dateOfBirth = `${receivedYear - age - rng.int(18, 38)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
    mother.phone = mobile(rng);
    if (language !== 'English') {
      mother.languages = [language];
      mother.interpreterNeeded = rng.chance(0.5);
    }
    carers.push(mother);
  }
  if (rng.chance(0.55)) {
    const father: Person = { name: `${rng.pick(names.men)} ${rng.chance(0.6) ? familyName : surname(rng, heritage)}`, relationship: rng.chance(0.8) ? 'father' : 'step-parent' };
    father.parentalResponsibility = father.relationship === 'father' && rng.chance(0.85);
    if (rng.chance(0.35)) father.address = address(rng);
    else if (rng.chance(0.5)) father.phone = mobile(rng);
    carers.push(father);
  }
  const household: Person[] = [];
  for (let k = rng.chance(0.4) ? rng.int(1, 3) : 0; k > 0; k--) {
    const girl = rng.chance(0.5);
    const siblingAge = rng.int(0, 17);
    household.push({
      name: `${rng.pick(girl ? names.girls : names.boys)} ${familyName}`,
      relationship: 'sibling',
      dateOfBirth: ymdOf(receivedDayMs - (siblingAge * 365 + rng.int(10, 350)) * DAY_MS),
    });
  }
  const pr = carers[0]!;

  // Concerns text.
  const lay = sector === 'individual' || sector === 'anonymous';
  const summary = [
    fill(rng.pick(WHAT[first]), words),
    fill(rng.pick(lay ? PUBLIC_CONTEXT : CONTEXT), words),
    fill(rng.pick(lay ? PUBLIC_WORRY : WORRY[level]!), words),
  ].join(' ');
  const concerns: Built['concerns'] = {
    categories: [...categories],
    summary,
    firstIdentifiedAt: isoMinute(firstMs),
    immediateRisk,
    actionsTaken: rng.pick(ACTIONS[sector]),
  };
  if (rng.chance(0.3)) concerns.previousConcerns = rng.pick(PREVIOUS);
  if (rng.chance(0.3)) {
    const others = new Set<string>();
    for (let k = rng.int(1, 2); k > 0; k--) {
      const other = rng.pick(AGENCIES);
      if (other !== agency && other.sector !== 'individual' && other.sector !== 'anonymous') others.add(other.name);
    }
    if (others.size > 0) concerns.otherAgenciesInvolved = [...others];
  }
  // What the referrer asks for and their analysis, from what is drawn above (no draw of their own,
  // so every other field is as before): every professional says both; of the public, family do.
  const purpose = purposeOf(level, first, immediateRisk, lay ? role : 'professional', words);
  if (purpose !== undefined) {
    concerns.requestedOutcome = purpose.requestedOutcome;
    concerns.impactOnChild = purpose.impactOnChild;
  }

  // The child's voice: the under-4s (and some others) with the reason it was not recorded.
  let childsViews: Built['childsViews'];
  if (age < 4) childsViews = { recorded: false, reasonNotRecorded: fill(rng.pick(REASONS_TOO_YOUNG), words) };
  else if (rng.chance(0.08)) childsViews = { recorded: false, reasonNotRecorded: fill(rng.pick(REASONS_NOT_RECORDED), words) };
  else childsViews = { recorded: true, views: fill(exploited && rng.chance(0.6) ? rng.pick(TEEN_VIEWS) : rng.pick(VIEWS), words) };

  // Consent (not asked of members of the public).
  let consent: Built['consent'];
  if (sector !== 'individual' && sector !== 'anonymous') {
    const givenShare = level === 2 ? 1 : level === 3 ? 0.7 : 0.25;
    const recordedAt = isoMinute(firstMs + Math.floor(rng.next() * (receivedMs - firstMs)));
    if (rng.chance(givenShare)) {
      const byChild = age >= 16 && rng.chance(0.3);
      consent = {
        status: 'given',
        givenBy: byChild ? { name: `${givenName} ${familyName}`, relationship: 'the child' } : { name: pr.name, relationship: pr.relationship },
        recordedAt,
        parentsInformed: true,
      };
    } else {
      const refused = level === 3 && rng.chance(0.2);
      const code = refused ? 'significant-harm-risk' : sector === 'police' && rng.chance(0.5) ? 'police-investigation' : rng.weighted(NOT_SOUGHT);
      consent = {
        status: refused ? 'refused' : 'not-sought',
        parentsInformed: refused || rng.chance(0.4),
        reasonNotSought: {
          code,
          details: refused ? 'Mother refused consent; the concerns meet the threshold for a referral without it.' : fill(NOT_SOUGHT_DETAILS[code]!, words),
        },
      };
    }
  }

  const threshold: Built['threshold'] = {
    level,
    rationale: `${LEVEL_NAMES[level]} (level ${level}): ${categories.map((c) => INDICATORS[c]).join(' and ')}.`,
    pathway,
  };

  // Keys are assigned in docs/referral-format.md order; the required ones all are, below.
  const referral = { id: `GEN-${seed}-${pad(index + 1, 7)}`, receivedAt: isoAt(receivedMs), mode } as Built;
  if (spoken && sector !== 'anonymous') referral.writtenConfirmationAt = isoMinute(receivedMs + rng.int(60, 40 * 60) * MINUTE_MS);
  referral.referrer = referrer;
  referral.child = child;
  referral.carers = carers;
  if (household.length > 0) referral.household = household;
  referral.concerns = concerns;
  referral.childsViews = childsViews;
  if (consent) referral.consent = consent;
  referral.threshold = threshold;
  if (level === 2) {
    const agreed = rng.chance(0.85);
    referral.earlyHelp = {
      parentalViews: fill(rng.pick(agreed ? PARENTAL_VIEWS : PARENTAL_VIEWS_DECLINED), words),
      parentalAgreement: agreed ? 'agreed' : 'declined',
      assessmentCompleted: rng.chance(0.4),
    };
  }
  if (categories.includes('missing')) referral.missingEpisodes = episodes(rng, firstMs, receivedMs);
  if (screeningRisk !== undefined) {
    const seraf = rng.chance(0.6);
    referral.exploitationScreening = {
      tool: seraf ? 'SERAF' : 'Saltmere exploitation screening tool',
      completedAt: isoMinute(receivedMs - rng.int(0, 48 * 60) * MINUTE_MS),
      ...(seraf ? { score: screeningRisk === 'high' ? rng.int(16, 24) : rng.int(11, 15) } : {}),
      riskLevel: screeningRisk,
      msetReferral: rng.chance(0.5),
    };
  }
  return { referral, facts: { index, seed, agency, receivedMs, age, demanded }, rng };
}

/** One to three missing episodes before the concern, each with a timely return interview when one was due. */
function episodes(rng: Rng, firstMs: number, receivedMs: number): Episode[] {
  const list: Episode[] = [];
  let end = firstMs - rng.int(1, 12) * HOUR_MS;
  for (let k = rng.int(1, 3); k > 0; k--) {
    const returned = end - rng.int(0, 6 * 24) * HOUR_MS;
    const started = returned - rng.int(3, 40) * HOUR_MS;
    const episode: Episode = {
      startedAt: isoMinute(started),
      returnedAt: isoMinute(returned),
      classification: 'missing',
      riskLevel: rng.weighted([['low', 3], ['medium', 5], ['high', 2], ['very-low', 1]]),
      reportedToPolice: rng.chance(0.9),
    };
    const returnedMs = Math.floor(returned / MINUTE_MS) * MINUTE_MS;
    // Offered within 72 hours, and no later than the referral.
    const latest = Math.min(returnedMs + 70 * HOUR_MS, receivedMs);
    if (latest - returnedMs >= 2 * HOUR_MS) {
      const offered = returnedMs + rng.int(2 * 60, Math.floor((latest - returnedMs) / MINUTE_MS)) * MINUTE_MS;
      const interview: Episode['returnInterview'] = { offeredAt: isoMinute(offered) };
      if (rng.chance(0.2)) interview.declined = true;
      else if (offered + 48 * HOUR_MS <= receivedMs && rng.chance(0.6)) interview.completedAt = isoMinute(offered + rng.int(1, 48) * HOUR_MS);
      episode.returnInterview = interview;
    }
    list.unshift(episode);
    end = started - rng.int(2, 10) * DAY_MS;
  }
  return list;
}

// ---------------------------------------------------------------------------------------
// Defects

interface Defect extends DefectInfo {
  /** Defects sharing a group touch the same fields and are never combined. */
  group: string;
  applies(r: Built, f: Facts): boolean;
  apply(r: Built, f: Facts, rng: Rng): void;
}

const hasConsent = (r: Built): boolean => r.consent !== undefined;
const isProfessionalWithPurpose = (r: Built): boolean => r.referrer.sector !== 'individual' && r.referrer.sector !== 'anonymous' && r.concerns.requestedOutcome !== undefined && r.concerns.impactOnChild !== undefined;
const isSpoken = (r: Built): boolean => r.mode === 'telephone' || r.mode === 'in-person';

const DEFECT_LIST: readonly Defect[] = [
  { id: 'consent-status-missing', rule: 'consent-recorded', group: 'consent', description: 'consent.status removed', applies: hasConsent, apply: (r) => void delete r.consent!.status },
  { id: 'consent-giver-missing', rule: 'consent-recorded', group: 'consent', description: 'consent given, but consent.givenBy removed', applies: (r) => r.consent?.status === 'given', apply: (r) => void delete r.consent!.givenBy },
  { id: 'consent-reason-missing', rule: 'consent-recorded', group: 'consent', description: 'consent refused or not sought, but consent.reasonNotSought removed', applies: (r) => r.consent?.reasonNotSought !== undefined, apply: (r) => void delete r.consent!.reasonNotSought },
  { id: 'child-views-missing', rule: 'child-voice-recorded', group: 'voice', description: 'childsViews removed (child 5 or over)', applies: (_r, f) => f.age >= 5, apply: (r) => void delete r.childsViews },
  { id: 'child-views-placeholder', rule: 'child-voice-recorded', group: 'voice', description: "childsViews.views 'n/a' (child 5 or over)", applies: (r, f) => f.age >= 5 && r.childsViews?.recorded === true, apply: (r) => void (r.childsViews!.views = 'n/a') },
  {
    id: 'nhs-number-check-digit', rule: 'identifiers-valid', group: 'nhs', description: 'child.nhsNumber with a wrong check digit',
    applies: (r) => r.child.nhsNumber !== undefined,
    apply: (r, _f, rng) => {
      const n = r.child.nhsNumber!;
      r.child.nhsNumber = n.slice(0, -1) + String((Number(n.slice(-1)) + rng.int(1, 9)) % 10);
    },
  },
  {
    id: 'upn-check-letter', rule: 'identifiers-valid', group: 'upn', description: 'child.upn with a wrong check letter',
    applies: (r) => r.child.upn !== undefined,
    apply: (r, _f, rng) => {
      const u = r.child.upn!;
      r.child.upn = UPN_LETTERS[(UPN_LETTERS.indexOf(u[0]!) + rng.int(1, 22)) % 23]! + u.slice(1);
    },
  },
  { id: 'postcode-malformed', rule: 'identifiers-valid', group: 'address', description: 'child.address.postcode cut to its outward code', applies: (r) => r.child.address !== undefined, apply: (r) => void (r.child.address!.postcode = r.child.address!.postcode.split(' ')[0]!) },
  { id: 'child-address-missing', rule: 'key-information-present', group: 'address', description: 'child.address removed', applies: (r) => r.child.address !== undefined, apply: (r) => void delete r.child.address },
  { id: 'carer-with-pr-missing', rule: 'key-information-present', group: 'carers', description: 'carers removed', applies: () => true, apply: (r) => void delete r.carers },
  { id: 'summary-placeholder', rule: 'key-information-present', group: 'summary', description: "concerns.summary 'see attached'", applies: () => true, apply: (r) => void (r.concerns.summary = 'see attached') },
  { id: 'actions-taken-missing', rule: 'key-information-present', group: 'actions', description: 'concerns.actionsTaken removed', applies: () => true, apply: (r) => void delete r.concerns.actionsTaken },
  { id: 'threshold-rationale-placeholder', rule: 'threshold-applied', group: 'rationale', description: "threshold.rationale 'n/a'", applies: () => true, apply: (r) => void (r.threshold.rationale = 'n/a') },
  { id: 'threshold-pathway-missing', rule: 'threshold-applied', group: 'pathway', description: 'threshold.pathway removed', applies: () => true, apply: (r) => void delete r.threshold.pathway },
  { id: 'pathway-above-level', rule: 'threshold-consistent', group: 'pathway', description: 'level 2 (early help) referral asking for social-care', applies: (r) => r.threshold.level === 2, apply: (r) => void (r.threshold.pathway = 'social-care') },
  { id: 'level-below-indicators', rule: 'threshold-consistent', group: 'level', description: 'level 4 lowered to 3 although a category or immediate risk demands 4', applies: (r, f) => r.threshold.level === 4 && f.demanded >= 4, apply: (r) => void (r.threshold.level = 3) },
  { id: 'early-help-not-asked', rule: 'early-help-agreement', group: 'early-help', description: "earlyHelp.parentalAgreement 'not-asked'", applies: (r) => r.earlyHelp !== undefined, apply: (r) => void (r.earlyHelp!.parentalAgreement = 'not-asked') },
  { id: 'early-help-views-missing', rule: 'early-help-agreement', group: 'early-help', description: 'earlyHelp.parentalViews removed', applies: (r) => r.earlyHelp !== undefined, apply: (r) => void delete r.earlyHelp!.parentalViews },
  {
    id: 'referral-late', rule: 'referral-timely', group: 'first-identified', description: 'concerns.firstIdentifiedAt 3 to 21 days before receivedAt',
    applies: () => true,
    apply: (r, f, rng) => void (r.concerns.firstIdentifiedAt = isoMinute(f.receivedMs - rng.int(3 * 24, 21 * 24) * HOUR_MS)),
  },
  {
    id: 'written-confirmation-late', rule: 'referral-timely', group: 'confirmation', description: 'telephone or in-person referral confirmed in writing 3 to 7 days later',
    applies: (r) => isSpoken(r) && r.writtenConfirmationAt !== undefined,
    apply: (r, f, rng) => void (r.writtenConfirmationAt = isoMinute(f.receivedMs + rng.int(3 * 24, 7 * 24) * HOUR_MS)),
  },
  { id: 'episode-classified-absent', rule: 'missing-episodes-recorded', group: 'episodes', description: "last missing episode classified 'absent'", applies: (r) => (r.missingEpisodes?.length ?? 0) > 0, apply: (r) => void (r.missingEpisodes!.at(-1)!.classification = 'absent') },
  { id: 'episode-risk-missing', rule: 'missing-episodes-recorded', group: 'episodes', description: 'first missing episode without riskLevel', applies: (r) => (r.missingEpisodes?.length ?? 0) > 0, apply: (r) => void delete r.missingEpisodes![0]!.riskLevel },
  {
    id: 'return-interview-late', rule: 'return-interview-timely', group: 'episodes', description: 'return interview offered 4 to 5 days after the return',
    applies: (r, f) => {
      const e = r.missingEpisodes?.[0];
      return e?.returnedAt !== undefined && Date.parse(e.returnedAt) + 5 * DAY_MS <= f.receivedMs;
    },
    apply: (r, _f, rng) => {
      const e = r.missingEpisodes![0]!;
      e.returnInterview = { offeredAt: isoMinute(Date.parse(e.returnedAt!) + rng.int(96, 120) * HOUR_MS) };
    },
  },
  { id: 'screening-missing', rule: 'exploitation-screening', group: 'screening', description: 'exploitationScreening removed from a cse/cce referral', applies: (r) => r.exploitationScreening !== undefined, apply: (r) => void delete r.exploitationScreening },
  { id: 'screening-tool-placeholder', rule: 'exploitation-screening', group: 'screening', description: "exploitationScreening.tool 'unknown'", applies: (r) => r.exploitationScreening !== undefined, apply: (r) => void (r.exploitationScreening!.tool = 'unknown') },
  {
    id: 'source-code-mismatch', rule: 'source-code-consistent', group: 'source', description: "referrer.sourceCode of another sector",
    applies: () => true,
    apply: (r, _f, rng) => {
      const wrong = SOURCE_CODES.filter((c) => c.sectors !== 'any' && !(c.sectors as readonly string[]).includes(r.referrer.sector));
      r.referrer.sourceCode = rng.pick(wrong).code;
    },
  },
  {
    id: 'child-over-17', rule: 'dates-plausible', group: 'dob', description: 'child.dateOfBirth making the child 18',
    applies: () => true,
    apply: (r, f, rng) => {
      const day = new Date(f.receivedMs);
      r.child.dateOfBirth = ymdOf(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - (18 * 366 + rng.int(2, 300)) * DAY_MS);
    },
  },
  {
    id: 'first-identified-after-received', rule: 'dates-plausible', group: 'first-identified', description: 'concerns.firstIdentifiedAt 1 to 6 hours after receivedAt',
    applies: () => true,
    apply: (r, f, rng) => void (r.concerns.firstIdentifiedAt = isoMinute(f.receivedMs + rng.int(61, 360) * MINUTE_MS)),
  },
  { id: 'ethnicity-free-text', rule: 'schema-valid', group: 'ethnicity', description: "child.ethnicity as free text ('White British'), not a CIN code", applies: () => true, apply: (r) => void (r.child.ethnicity = 'White British') },
  // Not in DEFAULT_DEFECT_IDS (defectRate 'default' never draws them).
  { id: 'requested-outcome-missing', rule: 'referral-purpose-clear', group: 'outcome', description: 'concerns.requestedOutcome removed (a professional referrer)', applies: isProfessionalWithPurpose, apply: (r) => void delete r.concerns.requestedOutcome },
  { id: 'impact-missing', rule: 'referral-purpose-clear', group: 'impact', description: 'concerns.impactOnChild removed (a professional referrer)', applies: isProfessionalWithPurpose, apply: (r) => void delete r.concerns.impactOnChild },
  {
    id: 'impact-too-short', rule: 'referral-purpose-clear', group: 'impact', description: 'concerns.impactOnChild cut to a phrase under 40 characters (a professional referrer)',
    applies: isProfessionalWithPurpose,
    apply: (r, _f, rng) => void (r.concerns.impactOnChild = rng.pick(SHORT_IMPACTS)),
  },
];

/** What a hurried referrer writes as the impact on the child: meaningful, but under 40 characters. */
const SHORT_IMPACTS = ['Child is at risk at home.', 'Family struggling, child affected.', 'Impact on the child is significant.', 'Worried about this child.'];

/**
 * How often each defect is drawn under defectRate 'realistic', relative to 1 (the others): what
 * front-door audits find most (thin analysis, placeholders, missing voice and consent, lateness).
 */
const REALISTIC_WEIGHTS: Partial<Record<DefectId, number>> = {
  'impact-too-short': 4, 'impact-missing': 2, 'requested-outcome-missing': 3, 'summary-placeholder': 2, 'threshold-rationale-placeholder': 3,
  'child-views-missing': 3, 'child-views-placeholder': 2, 'consent-status-missing': 2, 'consent-reason-missing': 2, 'actions-taken-missing': 3,
  'referral-late': 3, 'written-confirmation-late': 2, 'ethnicity-free-text': 2, 'source-code-mismatch': 2,
};

/** Every defect the generator injects, the one built-in rule it trips, and what it does. */
export const DEFECTS: readonly DefectInfo[] = DEFECT_LIST.map(({ id, rule, description }) => ({ id, rule, description }));

const DEFAULT_DEFECT_LIST = DEFECT_LIST.filter((d) => DEFAULT_DEFECT_IDS.includes(d.id));
/** How many defects a defective referral gets under 'realistic': 1 to 5, 2.2 on average. */
const REALISTIC_COUNTS: Weighted<number> = [[1, 38], [2, 30], [3, 19], [4, 9], [5, 4]];

/** An agency's defect rate under 'realistic': its default rate (2% to 40%) stretched to about 50% to 96%. */
export function realisticRateOf(agency: AgencyProfile): number {
  return Math.round(52 + (46 * (agency.defectRate - 0.02)) / 0.38) / 100;
}

/**
 * Gives a clean referral its share of defects (see DefectRate), never two in the same fields.
 * 'default' draws exactly as before the option existed.
 */
function injectDefects(r: Built, f: Facts, rng: Rng, rate: DefectRate): DefectId[] {
  const realistic = rate === 'realistic';
  if (!rng.chance(rate === 'default' ? f.agency.defectRate : realistic ? realisticRateOf(f.agency) : rate)) return [];
  const chosen: Defect[] = [];
  const wanted = realistic ? rng.weighted(REALISTIC_COUNTS) : rng.chance(0.3) ? 2 : 1;
  let candidates = (rate === 'default' ? DEFAULT_DEFECT_LIST : DEFECT_LIST).filter((d) => d.applies(r, f));
  while (chosen.length < wanted && candidates.length > 0) {
    const d = realistic ? rng.weighted(candidates.map((c) => [c, REALISTIC_WEIGHTS[c.id] ?? 1] as const)) : rng.pick(candidates);
    chosen.push(d);
    candidates = candidates.filter((c) => c.group !== d.group);
  }
  // Applied in list order, so the result does not depend on the order they were picked in.
  chosen.sort((a, b) => DEFECT_LIST.indexOf(a) - DEFECT_LIST.indexOf(b));
  for (const d of chosen) d.apply(r, f, rng);
  return chosen.map((d) => d.id);
}

// ---------------------------------------------------------------------------------------
// Public API

/** The referral at `index` (0-based) of the export `seed` makes, and its defects; each referral can be made on its own. */
export function generateReferral(
  options: { seed: number; start?: string; gapSeconds?: number; defectRate?: DefectRate },
  index: number,
): { referral: Record<string, unknown>; defects: DefectId[] } {
  checkSeed(options.seed);
  const rate = options.defectRate ?? 'default';
  checkDefectRate(rate);
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`index must be a non-negative integer, got ${index}`);
  return make(options.seed, index, timingOf(options), rate);
}

function make(seed: number, index: number, timing: Timing, rate: DefectRate): { referral: Record<string, unknown>; defects: DefectId[] } {
  const { referral, facts, rng } = build(seed, index, timing);
  const defects = injectDefects(referral, facts, rng, rate);
  return { referral: referral as unknown as Record<string, unknown>, defects };
}

/** The defects of referral `index` of the export `seed` makes (empty for a clean referral). */
export function defectsOf(seed: number, index: number, options: { start?: string; gapSeconds?: number; defectRate?: DefectRate } = {}): DefectId[] {
  return generateReferral({ ...options, seed }, index).defects;
}

/** Yields `count` referrals, deterministically from the seed, receivedAt strictly increasing. */
export function* generateReferrals(options: GenerateOptions): Generator<Record<string, unknown>> {
  const { count, seed, onDefect } = options;
  const rate = options.defectRate ?? 'default';
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  checkSeed(seed);
  checkDefectRate(rate);
  const timing = timingOf(options);
  for (let index = 0; index < count; index++) {
    const { referral, defects } = make(seed, index, timing, rate);
    if (defects.length > 0) onDefect?.(index, defects);
    yield referral;
  }
}

/**
 * The export as chunks of text, one referral at a time:
 * - ndjson: one referral per line;
 * - json: the envelope `{"export":{...},"referrals":[` on line 1, then referral k on line k + 2, then `]}`;
 * - yaml: one document per referral, each starting `---` (an empty export is `--- []`, zero referrals).
 */
export function* exportChunks(
  referrals: Iterable<Record<string, unknown>>,
  format: ExportFormat,
  header: Record<string, unknown> = { generator: 'referral-lint gen' },
): Generator<string> {
  switch (format) {
    case 'ndjson':
      for (const r of referrals) yield JSON.stringify(r) + '\n';
      return;
    case 'json': {
      yield `{"export":${JSON.stringify(header)},"referrals":[\n`;
      let first = true;
      for (const r of referrals) {
        yield (first ? '' : ',\n') + JSON.stringify(r);
        first = false;
      }
      yield first ? ']}\n' : '\n]}\n';
      return;
    }
    case 'yaml': {
      let any = false;
      for (const r of referrals) {
        yield '---\n' + stringify(r, { lineWidth: 0 });
        any = true;
      }
      if (!any) yield '--- []\n';
      return;
    }
    default:
      throw new RangeError(`format must be one of ${EXPORT_FORMATS.join(', ')}, got ${String(format)}`);
  }
}

/** Streams the export through `write`, never holding more than one referral's text. */
export function writeExport(
  referrals: Iterable<Record<string, unknown>>,
  format: ExportFormat,
  write: (chunk: string) => void,
  header?: Record<string, unknown>,
): void {
  for (const chunk of exportChunks(referrals, format, header)) write(chunk);
}
