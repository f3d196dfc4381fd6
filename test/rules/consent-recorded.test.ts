import { describe, expect, it } from 'vitest';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'consent-recorded';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

describe('consent-recorded', () => {
  it('passes a referral with consent given, by whom and when', async () => {
    const run = await runRule(RULE, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  describe('applicability', () => {
    it.each(['anonymous', 'individual'])('is not applicable to sector %s', async (sector) => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'referrer.sector': sector, consent: undefined }));
      expect(run.applicable).toBe(false);
      expect(run.findings).toEqual([]);
    });
  });

  describe('clause 1: status recorded at every level', () => {
    it('fires when consent.status is absent at level 3', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'consent.status': undefined }));
      expect(keys(run)).toEqual([finding('/consent/status')]);
    });
    it('fires when there is no consent object and no level stated', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: undefined, threshold: undefined }));
      expect(keys(run)).toEqual([finding('/consent/status')]);
    });
    it('fires at level 1 too', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: undefined, 'threshold.level': 1 }));
      expect(keys(run)).toEqual([finding('/consent/status')]);
    });
    it('does not also fire when the status is outside the code list (schema-valid reports that)', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'consent.status': 'verbal' }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('clause 2: given needs who and when', () => {
    it('fires for each missing part', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'consent.givenBy': undefined, 'consent.recordedAt': undefined }));
      expect(keys(run)).toEqual([finding('/consent/givenBy/name'), finding('/consent/givenBy/relationship'), finding('/consent/recordedAt')]);
    });
    it('treats a placeholder name as missing', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'consent.givenBy.name': 'N/A.' }));
      expect(keys(run)).toEqual([finding('/consent/givenBy/name')]);
    });
    it('does not fire when name, relationship and recordedAt are there', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 2, 'threshold.pathway': 'early-help' }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('clause 3: refused or not sought needs a reason', () => {
    it('fires when a refusal has no reason code (no level stated)', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: { status: 'refused' }, threshold: undefined }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/code')]);
    });
    it('fires when the code is other without meaningful details', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: { status: 'not-sought', reasonNotSought: { code: 'other', details: 'tbc' } }, threshold: undefined }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/details')]);
    });
    it('does not fire when other is explained', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), {
        consent: { status: 'not-sought', reasonNotSought: { code: 'other', details: 'Parent is in hospital and could not be asked.' } },
        threshold: undefined,
      }));
      expect(keys(run)).toEqual([]);
    });
    it('reports a missing code once at a consent-required level, naming the exception rule', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: { status: 'not-sought' } }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/code')]);
      expect(run.findings[0]!.message).toContain('safeguarding exception');
    });
  });

  describe('clause 4: consent-required levels need consent or a safeguarding exception', () => {
    it('fires at level 3 when consent was not sought because the family could not be contacted', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' } } }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/code')]);
      expect(run.findings[0]!.message).toContain('neither obtained nor lawfully dispensed with');
    });
    it('fires at level 2 when a refusal is explained only as other', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), {
        'threshold.level': 2,
        consent: { status: 'refused', reasonNotSought: { code: 'other', details: 'Mother did not want social care involved.' } },
      }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/code')]);
    });
    it.each(['significant-harm-risk', 'risk-to-others', 'police-investigation', 'undue-delay'])('does not fire at level 3 with the exception %s', async (code) => {
      const run = await runRule(RULE, edit(cleanReferral(), { consent: { status: 'not-sought', reasonNotSought: { code } } }));
      expect(keys(run)).toEqual([]);
    });
    it('does not apply at level 3 when the child is at immediate risk (clause 5 applies instead)', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), {
        'concerns.immediateRisk': true,
        consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' }, parentsInformed: true },
      }));
      expect(keys(run)).toEqual([]);
    });
    it('does not apply at level 4', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), {
        'threshold.level': 4,
        consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' }, parentsInformed: true },
      }));
      expect(keys(run)).toEqual([]);
    });
    it('does not apply when the level is not one of the model', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 9, consent: { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' } } }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('clause 5: child protection or immediate risk needs parentsInformed', () => {
    it('fires at level 4 when parentsInformed is not recorded', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 4, 'consent.parentsInformed': undefined }));
      expect(keys(run)).toEqual([finding('/consent/parentsInformed')]);
    });
    it('fires with immediate risk at level 2', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 2, 'concerns.immediateRisk': true, 'consent.parentsInformed': undefined }));
      expect(keys(run)).toEqual([finding('/consent/parentsInformed')]);
    });
    it('fires when parents were not informed and no reason is recorded', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 4, 'consent.parentsInformed': false }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/code')]);
    });
    it('accepts any recorded status, and any reason code, at level 4', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), {
        'threshold.level': 4,
        consent: { status: 'not-sought', parentsInformed: false, reasonNotSought: { code: 'unable-to-contact' } },
      }));
      expect(keys(run)).toEqual([]);
    });
    it('reports a missing reason code once when both clause 3 and clause 5 need it', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 4, consent: { status: 'refused', parentsInformed: false } }));
      expect(keys(run)).toEqual([finding('/consent/reasonNotSought/code')]);
    });
    it('does not require parentsInformed at level 3 without immediate risk', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'consent.parentsInformed': undefined }));
      expect(keys(run)).toEqual([]);
    });
  });

  it('carries the configured severity', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'consent.status': undefined }), { severity: 'warning' });
    expect(keys(run)).toEqual([{ ruleId: RULE, pointer: '/consent/status', severity: 'warning' }]);
  });

  it('never puts a personal value in a message', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'consent.givenBy.relationship': undefined, 'consent.recordedAt': undefined }));
    for (const f of run.findings) expect(f.message).not.toContain('Testparent');
  });
});
