// The typed view of a referral that rules read. It is built once per referral, when the
// engine takes it in: values of the wrong JSON type are left out (schema-valid reports
// them), date and date-time strings are parsed once, and enumerated fields keep whatever
// string was written (schema-valid reports values outside the code list; rules compare
// against the codes they care about).
import { parseDate, parseDateTime, type Ymd } from './time.js';

/** A date-time as written, with its instant (undefined when it does not parse). */
export interface Moment {
  text: string;
  ms: number | undefined;
}

/** A calendar date as written, with its parts (undefined when it is not a real date). */
export interface CalendarDate {
  text: string;
  ymd: Ymd | undefined;
}

export interface Address {
  line1?: string;
  line2?: string;
  town?: string;
  postcode?: string;
}

export interface Person {
  name?: string;
  relationship?: string;
  dateOfBirth?: CalendarDate;
  parentalResponsibility?: boolean;
  phone?: string;
  email?: string;
  address?: Address;
  languages?: string[];
  interpreterNeeded?: boolean;
}

export interface Referrer {
  agency?: string;
  sector?: string;
  /** The CIN code as a string (`6` and `'6'` both become `'6'`). */
  sourceCode?: string;
  name?: string;
  role?: string;
  phone?: string;
  email?: string;
  safeguardingLeadConsulted?: boolean;
}

export interface Child {
  givenName?: string;
  familyName?: string;
  dateOfBirth?: CalendarDate;
  expectedDateOfBirth?: CalendarDate;
  sex?: string;
  ethnicity?: string;
  address?: Address;
  nhsNumber?: string;
  upn?: string;
  educationSetting?: string;
  gpPractice?: string;
  firstLanguage?: string;
  interpreterNeeded?: boolean;
  disabilities?: string[];
  currentLocation?: string;
}

export interface Concerns {
  categories?: string[];
  summary?: string;
  firstIdentifiedAt?: Moment;
  immediateRisk?: boolean;
  actionsTaken?: string;
  previousConcerns?: string;
  otherAgenciesInvolved?: string[];
  requestedOutcome?: string;
  impactOnChild?: string;
}

export interface ChildsViews {
  recorded?: boolean;
  views?: string;
  reasonNotRecorded?: string;
}

export interface Consent {
  status?: string;
  givenBy?: { name?: string; relationship?: string };
  recordedAt?: Moment;
  parentsInformed?: boolean;
  reasonNotSought?: { code?: string; details?: string };
}

export interface Threshold {
  level?: number;
  rationale?: string;
  pathway?: string;
}

export interface EarlyHelp {
  parentalViews?: string;
  parentalAgreement?: string;
  assessmentCompleted?: boolean;
}

export interface ReturnInterview {
  offeredAt?: Moment;
  completedAt?: Moment;
  declined?: boolean;
}

export interface MissingEpisode {
  startedAt?: Moment;
  returnedAt?: Moment;
  classification?: string;
  riskLevel?: string;
  reportedToPolice?: boolean;
  returnInterview?: ReturnInterview;
}

export interface ExploitationScreening {
  tool?: string;
  completedAt?: Moment;
  score?: number;
  riskLevel?: string;
  msetReferral?: boolean;
}

export interface LintIgnore {
  rule?: string;
  reason?: string;
}

export interface Referral {
  id?: string;
  receivedAt?: Moment;
  mode?: string;
  writtenConfirmationAt?: Moment;
  referrer?: Referrer;
  child?: Child;
  carers?: Person[];
  household?: Person[];
  concerns?: Concerns;
  childsViews?: ChildsViews;
  consent?: Consent;
  threshold?: Threshold;
  earlyHelp?: EarlyHelp;
  missingEpisodes?: MissingEpisode[];
  exploitationScreening?: ExploitationScreening;
  lintIgnore?: LintIgnore[];
}

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the typed view; a value of the wrong type reads as absent. */
class Reader {
  constructor(private readonly timeZone: string) {}

  str(o: JsonObject, key: string): string | undefined {
    const v = o[key];
    return typeof v === 'string' ? v : undefined;
  }

  bool(o: JsonObject, key: string): boolean | undefined {
    const v = o[key];
    return typeof v === 'boolean' ? v : undefined;
  }

  num(o: JsonObject, key: string, integer = false): number | undefined {
    const v = o[key];
    return typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isInteger(v)) ? v : undefined;
  }

  moment(o: JsonObject, key: string): Moment | undefined {
    const text = this.str(o, key);
    return text === undefined ? undefined : { text, ms: parseDateTime(text, this.timeZone) };
  }

  date(o: JsonObject, key: string): CalendarDate | undefined {
    const text = this.str(o, key);
    return text === undefined ? undefined : { text, ymd: parseDate(text) };
  }

  strings(o: JsonObject, key: string): string[] | undefined {
    const v = o[key];
    return Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : undefined;
  }

  /** Keeps positions: an item that is not an object reads as an empty one, so index N is item N of the document. */
  list<T>(o: JsonObject, key: string, each: (item: JsonObject) => T): T[] | undefined {
    const v = o[key];
    return Array.isArray(v) ? v.map((item) => each(isObject(item) ? item : {})) : undefined;
  }

  child<T>(o: JsonObject, key: string, each: (item: JsonObject) => T): T | undefined {
    const v = o[key];
    return isObject(v) ? each(v) : undefined;
  }

  address = (o: JsonObject): Address => ({
    line1: this.str(o, 'line1'),
    line2: this.str(o, 'line2'),
    town: this.str(o, 'town'),
    postcode: this.str(o, 'postcode'),
  });

  person = (o: JsonObject): Person => ({
    name: this.str(o, 'name'),
    relationship: this.str(o, 'relationship'),
    dateOfBirth: this.date(o, 'dateOfBirth'),
    parentalResponsibility: this.bool(o, 'parentalResponsibility'),
    phone: this.str(o, 'phone'),
    email: this.str(o, 'email'),
    address: this.child(o, 'address', this.address),
    languages: this.strings(o, 'languages'),
    interpreterNeeded: this.bool(o, 'interpreterNeeded'),
  });

  referral(o: JsonObject): Referral {
    const sourceCode = o.referrer && isObject(o.referrer) ? o.referrer.sourceCode : undefined;
    return {
      id: this.str(o, 'id'),
      receivedAt: this.moment(o, 'receivedAt'),
      mode: this.str(o, 'mode'),
      writtenConfirmationAt: this.moment(o, 'writtenConfirmationAt'),
      referrer: this.child(o, 'referrer', (r) => ({
        agency: this.str(r, 'agency'),
        sector: this.str(r, 'sector'),
        sourceCode: typeof sourceCode === 'number' ? String(sourceCode) : this.str(r, 'sourceCode'),
        name: this.str(r, 'name'),
        role: this.str(r, 'role'),
        phone: this.str(r, 'phone'),
        email: this.str(r, 'email'),
        safeguardingLeadConsulted: this.bool(r, 'safeguardingLeadConsulted'),
      })),
      child: this.child(o, 'child', (c) => ({
        givenName: this.str(c, 'givenName'),
        familyName: this.str(c, 'familyName'),
        dateOfBirth: this.date(c, 'dateOfBirth'),
        expectedDateOfBirth: this.date(c, 'expectedDateOfBirth'),
        sex: this.str(c, 'sex'),
        ethnicity: this.str(c, 'ethnicity'),
        address: this.child(c, 'address', this.address),
        nhsNumber: this.str(c, 'nhsNumber'),
        upn: this.str(c, 'upn'),
        educationSetting: this.str(c, 'educationSetting'),
        gpPractice: this.str(c, 'gpPractice'),
        firstLanguage: this.str(c, 'firstLanguage'),
        interpreterNeeded: this.bool(c, 'interpreterNeeded'),
        disabilities: this.strings(c, 'disabilities'),
        currentLocation: this.str(c, 'currentLocation'),
      })),
      carers: this.list(o, 'carers', this.person),
      household: this.list(o, 'household', this.person),
      concerns: this.child(o, 'concerns', (c) => ({
        categories: this.strings(c, 'categories'),
        summary: this.str(c, 'summary'),
        firstIdentifiedAt: this.moment(c, 'firstIdentifiedAt'),
        immediateRisk: this.bool(c, 'immediateRisk'),
        actionsTaken: this.str(c, 'actionsTaken'),
        previousConcerns: this.str(c, 'previousConcerns'),
        otherAgenciesInvolved: this.strings(c, 'otherAgenciesInvolved'),
        requestedOutcome: this.str(c, 'requestedOutcome'),
        impactOnChild: this.str(c, 'impactOnChild'),
      })),
      childsViews: this.child(o, 'childsViews', (v) => ({
        recorded: this.bool(v, 'recorded'),
        views: this.str(v, 'views'),
        reasonNotRecorded: this.str(v, 'reasonNotRecorded'),
      })),
      consent: this.child(o, 'consent', (c) => ({
        status: this.str(c, 'status'),
        givenBy: this.child(c, 'givenBy', (g) => ({
          name: this.str(g, 'name'),
          relationship: this.str(g, 'relationship'),
        })),
        recordedAt: this.moment(c, 'recordedAt'),
        parentsInformed: this.bool(c, 'parentsInformed'),
        reasonNotSought: this.child(c, 'reasonNotSought', (r) => ({
          code: this.str(r, 'code'),
          details: this.str(r, 'details'),
        })),
      })),
      threshold: this.child(o, 'threshold', (t) => ({
        level: this.num(t, 'level', true),
        rationale: this.str(t, 'rationale'),
        pathway: this.str(t, 'pathway'),
      })),
      earlyHelp: this.child(o, 'earlyHelp', (e) => ({
        parentalViews: this.str(e, 'parentalViews'),
        parentalAgreement: this.str(e, 'parentalAgreement'),
        assessmentCompleted: this.bool(e, 'assessmentCompleted'),
      })),
      missingEpisodes: this.list(o, 'missingEpisodes', (e) => ({
        startedAt: this.moment(e, 'startedAt'),
        returnedAt: this.moment(e, 'returnedAt'),
        classification: this.str(e, 'classification'),
        riskLevel: this.str(e, 'riskLevel'),
        reportedToPolice: this.bool(e, 'reportedToPolice'),
        returnInterview: this.child(e, 'returnInterview', (ri) => ({
          offeredAt: this.moment(ri, 'offeredAt'),
          completedAt: this.moment(ri, 'completedAt'),
          declined: this.bool(ri, 'declined'),
        })),
      })),
      exploitationScreening: this.child(o, 'exploitationScreening', (s) => ({
        tool: this.str(s, 'tool'),
        completedAt: this.moment(s, 'completedAt'),
        score: this.num(s, 'score'),
        riskLevel: this.str(s, 'riskLevel'),
        msetReferral: this.bool(s, 'msetReferral'),
      })),
      lintIgnore: this.list(o, 'lintIgnore', (l) => ({
        rule: this.str(l, 'rule'),
        reason: this.str(l, 'reason'),
      })),
    };
  }
}

export function readReferral(document: JsonObject, timeZone: string): Referral {
  return new Reader(timeZone).referral(document);
}
