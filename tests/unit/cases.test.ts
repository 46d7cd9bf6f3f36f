import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as cases from '../../src/lib/server/cases';
import * as audit from '../../src/lib/server/audit';
import * as signals from '../../src/lib/server/signals';
import { ACCOUNTS } from '../../src/lib/server/seed';
import { caseFile, caseVeiligheid, caseZorg, signal, user } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { NOW, actorOf, seededDb } from './helpers';

async function setup() {
	const { db, refs } = await seededDb();
	const as = (local: string) => actorOf(db, refs, local);
	const findCase = (label: string, kind: 'victim' | 'perpetrator') => {
		const rows = db.select().from(caseFile).all();
		const subjects = db.$client.prepare('select id, label from subject').all() as Array<{ id: number; label: string }>;
		const s = subjects.filter((x) => x.label === label).map((x) => x.id);
		return rows.find((r) => r.kind === kind && s.includes(r.subjectId))!;
	};
	return { db, refs, as, findCase };
}

function throws(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return undefined;
}

describe('reach and compartments on the demo data', () => {
	it('list scope and single-object checks agree for every demo account', async () => {
		const { db, as } = await setup();
		const all = db.select({ id: caseFile.id }).from(caseFile).all().map((r) => r.id);
		for (const account of ACCOUNTS) {
			const actor = as(account.local);
			const listed = cases.list(db, actor, {}, NOW).map((r) => r.id).sort((a, b) => a - b);
			const single = all
				.filter((caseId) => {
					try {
						cases.get(db, actor, caseId, NOW);
						return true;
					} catch (e) {
						if (!(e instanceof NotFoundError)) throw e;
						return false;
					}
				})
				.sort((a, b) => a - b);
			expect(listed, account.local).toEqual(single);
			expect(cases.reachableIds(db, actor).sort((a, b) => a - b), account.local).toEqual(single);
		}
	});

	it('the zorg member sees care, the veiligheid member safety, on the same Zorgtafel case', async () => {
		const { db, as, findCase } = await setup();
		const anna = findCase('A.K.', 'victim');
		const zorgView = cases.get(db, as('zorg'), anna.id, NOW);
		expect(zorgView.compartments.sort()).toEqual(['shared', 'zorg']);
		expect(zorgView.zorg?.careNeeds).toContain('traumabehandeling');
		expect(zorgView.veiligheid).toBeNull();
		expect(JSON.stringify(zorgView)).not.toContain('onderzoek naar de pooier');

		const vView = cases.get(db, as('veiligheid'), anna.id, NOW);
		expect(vView.compartments.sort()).toEqual(['shared', 'veiligheid']);
		expect(vView.veiligheid?.policeInfo).toContain('onderzoek naar de pooier');
		expect(vView.zorg).toBeNull();
		expect(JSON.stringify(vView)).not.toContain('traumabehandeling');
		// The timeline is filtered by compartment too.
		expect(vView.timeline.every((e) => e.compartment !== 'zorg')).toBe(true);
	});

	it('perpetrator cases do not exist for the zorg member; the ZVH member sees both compartments', async () => {
		const { db, as, findCase } = await setup();
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		expect(throws(() => cases.get(db, as('zorg'), salon.id, NOW))).toBeInstanceOf(NotFoundError);
		expect(cases.list(db, as('zorg'), {}, NOW).every((r) => r.kind === 'victim')).toBe(true);
		const farah = findCase('F.A.', 'victim');
		const zvh = cases.get(db, as('procesregisseur.zvh'), farah.id, NOW);
		expect(zvh.compartments.sort()).toEqual(['shared', 'veiligheid', 'zorg']);
		expect(throws(() => cases.get(db, as('zorg'), farah.id, NOW))).toBeInstanceOf(NotFoundError);
	});

	it('admin, auditor and reporter reach no case at all', async () => {
		const { db, as } = await setup();
		const any = db.select().from(caseFile).get()!;
		for (const local of ['beheer', 'fg', 'melder']) {
			expect(cases.list(db, as(local), {}, NOW), local).toEqual([]);
			expect(throws(() => cases.get(db, as(local), any.id, NOW)), local).toBeInstanceOf(NotFoundError);
		}
	});

	it('says that a subject is in another case only to those who reach both', async () => {
		const { db, as, findCase } = await setup();
		const jayVictim = findCase('J.', 'victim');
		const jaySuspect = findCase('J.', 'perpetrator');
		expect(cases.get(db, as('zorg'), jayVictim.id, NOW).sameSubject).toEqual([]);
		expect(cases.get(db, as('zorg'), jayVictim.id, NOW).linked).toEqual([]);
		expect(cases.get(db, as('veiligheid'), jayVictim.id, NOW).sameSubject.map((c) => c.id)).toEqual([jaySuspect.id]);
	});

	it('logs one view per compartment shown, and each search', async () => {
		const { db, as, findCase } = await setup();
		const anna = findCase('A.K.', 'victim');
		cases.get(db, as('zorg'), anna.id, NOW, '10.9.9.9');
		const views = audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'case');
		expect(views.map((v) => v.compartment).sort()).toEqual(['shared', 'zorg']);
		expect(views[0]).toMatchObject({ objectId: String(anna.id), clientAddress: '10.9.9.9' });
		cases.list(db, as('zorg'), { q: 'A.K' }, NOW);
		expect(audit.list(db, { action: 'search' }).find((r) => r.objectType === 'case')?.detail).toBe('q=A.K');
	});
});

describe('lists and start pages', () => {
	it('search on reference and pseudonym, and filter deadlines within 14 days', async () => {
		const { db, as } = await setup();
		const z = as('zorg');
		expect(cases.list(db, z, { q: 'A.K.' }, NOW).map((r) => r.subjectLabel)).toEqual(['A.K.']);
		const first = cases.list(db, z, {}, NOW)[0];
		expect(cases.list(db, z, { q: first.reference.toLowerCase() }, NOW).map((r) => r.id)).toEqual([first.id]);
		expect(cases.list(db, z, { q: '%' }, NOW)).toEqual([]);
		const soon = cases.list(db, z, { deadlineSoon: true }, NOW);
		expect(soon.map((r) => r.subjectLabel)).toEqual(['A.K.']);
		expect(soon[0].nextDeadline?.days).toBe(9);
		expect(cases.list(db, as('coordinator.zorg'), { deadlineSoon: true }, NOW).map((r) => r.subjectLabel)).toEqual(['A.K.']);
	});

	it('filters by kind, status, form and table within the scope', async () => {
		const { db, refs, as } = await setup();
		const v = as('veiligheid');
		expect(cases.list(db, v, { kind: 'perpetrator' }, NOW).every((r) => r.kind === 'perpetrator')).toBe(true);
		expect(cases.list(db, v, { form: 'organ_removal' }, NOW).map((r) => r.subjectLabel)).toEqual(['E.M.']);
		expect(cases.list(db, v, { tableId: refs.table['stuurtafel'] }, NOW).length).toBe(3);
		expect(cases.list(db, v, { status: 'closed' }, NOW).map((r) => r.subjectLabel)).toEqual(['G.T.']);
	});

	it('start pages show deadlines, cases waiting for a plan, the pipeline and interventions', async () => {
		const { db, as } = await setup();
		const z = cases.overview(db, as('zorg'), NOW);
		expect(z.deadlines.map((r) => r.subjectLabel)).toEqual(['A.K.']);
		expect(z.waitingForPlan.map((r) => r.subjectLabel).sort()).toEqual(['C.', 'D.V.', 'E.M.', 'J.']);
		expect(z.interventions).toEqual([]);
		const v = cases.overview(db, as('veiligheid'), NOW);
		expect(v.pipeline).toEqual([
			{ status: 'registered', count: 1 },
			{ status: 'in_preparation', count: 2 },
			{ status: 'in_progress', count: 2 }
		]);
		expect(v.interventions.length).toBeGreaterThan(2);
		const c = cases.overview(db, as('coordinator.zorg'), NOW);
		expect(c.withoutOwnerOrPlan.map((r) => r.status).every((s) => s === 'registered')).toBe(true);
	});
});

describe('creating cases', () => {
	const person = { kind: 'victim', subjectKind: 'person', subjectLabel: 'M.', dateOfBirth: '2000-01-01', residenceCategory: 'third_country' };

	it('converts a signal into a case on a table, linked both ways', async () => {
		const { db, refs, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, as('melder'), { description: 'Vrouw zonder papieren bij de balie, begeleid door een man.', locationKind: 'other', forms: ['sexual'], urgency: 'high', municipality: 'Dommelstroom' }, NOW);
		const created = cases.create(db, c, { ...person, tableIds: [String(refs.table['zorgtafel'])], signalId: String(s.id) }, NOW);
		expect(created.reference).toMatch(/^S-2026-\d{4}$/);
		expect(created.forms).toEqual(['sexual']);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.status).toBe('converted');
		expect(cases.fromSignal(db, c, s.id).map((x) => x.id)).toEqual([created.id]);
		expect(cases.get(db, c, created.id, NOW).signals.map((x) => x.id)).toEqual([s.id]);
		// The zorg member of the Zorgtafel now reaches it; the reporter never does.
		expect(cases.get(db, as('zorg'), created.id, NOW).compartments.sort()).toEqual(['shared', 'zorg']);
		expect(throws(() => cases.get(db, as('melder'), created.id, NOW))).toBeInstanceOf(NotFoundError);
		// A second case from the same signal is allowed.
		const second = cases.create(db, c, { kind: 'perpetrator', subjectKind: 'person', subjectLabel: 'X.', tableIds: [String(refs.table['avo'])], signalId: String(s.id) }, NOW);
		expect(second.reference).toMatch(/^D-2026-/);
		expect(cases.fromSignal(db, c, s.id)).toHaveLength(2);
	});

	it('refuses a closed signal, bad input and a case its creator could not see, changing nothing', async () => {
		const { db, refs, as } = await setup();
		const c = as('coordinator.veiligheid');
		const count = () => db.select().from(caseFile).all().length;
		const before = count();
		const s = signals.submit(db, as('melder'), { description: 'Iets gezien bij het station, niet zeker.', locationKind: 'station', urgency: 'normal', municipality: 'Dommelstroom' }, NOW);
		signals.close(db, c, s.id, { reason: 'Geen aanwijzingen.' }, NOW);
		expect(throws(() => cases.create(db, c, { ...person, signalId: String(s.id) }, NOW))).toBeInstanceOf(ConflictError);
		const bad: Array<[object, RegExp]> = [
			[{ ...person, dateOfBirth: '2030-01-01' }, /toekomst/],
			[{ ...person, kind: 'getuige' }, /Soort casus/],
			[{ ...person, residenceCategory: 'mars' }, /Verblijfscategorie/],
			[{ ...person, subjectKind: 'dier' }, /geldige waarde/],
			[{ ...person, subjectLabel: '' }, /verplicht/],
			[{ ...person, tableIds: ['9999'] }, /bestaat niet/],
			[{ ...person, ownerId: String(refs.user['fg']) }, /Beheerders en privacyfunctionarissen/],
			[{ ...person, ownerId: String(refs.user['zorg']) }, /niet meer kunnen zien/],
			[{ ...person, existingSubjectId: '99999' }, /betrokkene uit een casus/]
		];
		for (const [input, message] of bad) {
			const err = throws(() => cases.create(db, c, input, NOW));
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before);
		for (const local of ['zorg', 'melder', 'beheer', 'fg']) {
			expect(throws(() => cases.create(db, as(local), person, NOW)), local).toBeInstanceOf(NotFoundError);
		}
	});

	it('opens a perpetrator case about a victim’s subject, linked to the victim case', async () => {
		const { db, refs, as, findCase } = await setup();
		const c = as('coordinator.veiligheid');
		const bogdan = findCase('B.P.', 'victim');
		const created = cases.create(db, c, { kind: 'perpetrator', existingSubjectId: String(bogdan.subjectId), tableIds: [String(refs.table['avo'])] }, NOW);
		expect(created.subjectId).toBe(bogdan.subjectId);
		expect(cases.get(db, c, created.id, NOW).linked.map((x) => x.id)).toContain(bogdan.id);
		expect(cases.get(db, as('zorg'), bogdan.id, NOW).sameSubject).toEqual([]);
	});
});

describe('changing cases', () => {
	it('follows the status lifecycle, and a closed case is read-only', async () => {
		const { db, as, findCase } = await setup();
		const owner = as('coordinator.zorg');
		const dmitri = findCase('D.V.', 'victim');
		expect(throws(() => cases.setStatus(db, owner, dmitri.id, { status: 'in_progress' }, NOW))).toBeInstanceOf(ConflictError);
		cases.setStatus(db, owner, dmitri.id, { status: 'in_discussion' }, NOW);
		cases.setStatus(db, owner, dmitri.id, { status: 'closed' }, NOW);
		expect(throws(() => cases.updateZorg(db, owner, dmitri.id, { careNeeds: 'nieuw' }, NOW))).toBeInstanceOf(ConflictError);
		expect(throws(() => cases.setPhase(db, owner, dmitri.id, { phase: '2' }, NOW))).toBeInstanceOf(ConflictError);
		expect(cases.get(db, owner, dmitri.id, NOW).may).toEqual({ manage: true, writeShared: false, writeZorg: false, writeVeiligheid: false });
		cases.setStatus(db, owner, dmitri.id, { status: 'in_progress' }, NOW);
		cases.updateZorg(db, owner, dmitri.id, { careNeeds: 'Heropend: nieuwe feiten.' }, NOW);
		// Members without a managing role cannot change the status.
		expect(throws(() => cases.setStatus(db, as('zorg'), dmitri.id, { status: 'closed' }, NOW))).toBeInstanceOf(NotFoundError);
	});

	it('refuses a compartment the writer cannot see, even through a crafted post', async () => {
		const { db, as, findCase } = await setup();
		const anna = findCase('A.K.', 'victim');
		const before = db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, anna.id)).get();
		expect(throws(() => cases.updateVeiligheid(db, as('zorg'), anna.id, { policeInfo: 'ingebroken' }, NOW))).toBeInstanceOf(NotFoundError);
		expect(throws(() => cases.addIntervention(db, as('zorg'), anna.id, { kind: 'closure', status: 'planned' }, NOW))).toBeInstanceOf(NotFoundError);
		expect(throws(() => cases.updateZorg(db, as('veiligheid'), anna.id, { careNeeds: 'ingebroken' }, NOW))).toBeInstanceOf(NotFoundError);
		expect(db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, anna.id)).get()).toEqual(before);
	});

	it('keeps legal deadlines within three months', async () => {
		const { db, as, findCase } = await setup();
		const owner = as('coordinator.zorg');
		const eva = findCase('E.M.', 'victim');
		expect(throws(() => cases.setDeadlines(db, owner, eva.id, { reflectionStart: '2026-11-01', reflectionEnd: '2026-02-01' }, NOW))).toBeInstanceOf(ValidationError);
		const tooLong = throws(() => cases.setDeadlines(db, owner, eva.id, { reflectionStart: '2026-11-30', reflectionEnd: '2027-03-01' }, NOW));
		expect((tooLong as Error).message).toMatch(/uiterlijk tot 2027-02-28/);
		expect(throws(() => cases.setDeadlines(db, owner, eva.id, { reflectionEnd: '2027-01-01' }, NOW))).toBeInstanceOf(ValidationError);
		cases.setDeadlines(db, owner, eva.id, { reflectionStart: '2026-11-30', reflectionEnd: '2027-02-28', cosmStart: '2026-11-30', cosmEnd: '2026-12-10' }, NOW);
		const row = db.select().from(caseFile).where(eq(caseFile.id, eva.id)).get()!;
		expect([row.reflectionEnd, row.cosmEnd]).toEqual(['2027-02-28', '2026-12-10']);
		expect(cases.list(db, owner, { deadlineSoon: true }, NOW).map((r) => r.id)).toContain(eva.id);
	});

	it('applies the consent rules: under 16 a parent signs, otherwise the person; without consent a weighing', async () => {
		const { db, as, findCase } = await setup();
		const owner = as('coordinator.zorg');
		const chloe = findCase('C.', 'victim'); // born 2010-05-20: 16 on 2026-05-20
		const base = { consentStatus: 'given', consentScope: 'Delen aan de Zorgtafel.', comensha: 'to_do' };
		expect((throws(() => cases.updateConsent(db, owner, chloe.id, { ...base, consentBy: 'person', consentDate: '2026-04-01' }, NOW)) as Error).message).toMatch(/ouder of voogd/);
		cases.updateConsent(db, owner, chloe.id, { ...base, consentBy: 'parent_guardian', consentDate: '2026-04-01' }, NOW);
		expect((throws(() => cases.updateConsent(db, owner, chloe.id, { ...base, consentBy: 'parent_guardian', consentDate: '2026-06-01' }, NOW)) as Error).message).toMatch(/zelf toestemming/);
		expect(throws(() => cases.updateConsent(db, owner, chloe.id, { ...base, consentBy: 'person', consentDate: '2026-12-30' }, NOW))).toBeInstanceOf(ValidationError);
		expect((throws(() => cases.updateConsent(db, owner, chloe.id, { consentStatus: 'refused', comensha: 'to_do' }, NOW)) as Error).message).toMatch(/afweging/);
		expect((throws(() => cases.updateConsent(db, owner, chloe.id, { consentStatus: 'refused', sharingWeighing: 'Acuut gevaar.', comensha: 'to_do' }, NOW)) as Error).message).toMatch(/convenantsartikel/);
		expect((throws(() => cases.updateConsent(db, owner, chloe.id, { consentStatus: 'refused', sharingWeighing: 'Acuut gevaar.', covenantArticle: 'art. 7', comensha: 'registered', comenshaBy: 'other' }, NOW)) as Error).message).toMatch(/CoMensha/);
		cases.updateConsent(db, owner, chloe.id, { consentStatus: 'refused', sharingWeighing: 'Acuut gevaar.', covenantArticle: 'art. 7', comensha: 'registered', comenshaBy: 'police_kmar_nla', informed: 'no', notInformedReason: 'Informeren brengt haar in gevaar.' }, NOW);
		expect(db.select().from(caseZorg).where(eq(caseZorg.caseId, chloe.id)).get()).toMatchObject({ consentStatus: 'refused', consentBy: null, comenshaBy: 'police_kmar_nla', informed: false });
		expect((throws(() => cases.updateConsent(db, owner, chloe.id, { consentStatus: 'not_asked', sharingWeighing: 'x', covenantArticle: 'y', comensha: 'to_do', informed: 'no' }, NOW)) as Error).message).toMatch(/niet is geïnformeerd/);
	});

	it('invites participants, who see shared plus their own domain, and refuses deactivated accounts', async () => {
		const { db, refs, as, findCase } = await setup();
		const owner = as('coordinator.veiligheid');
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		expect(throws(() => cases.get(db, as('inspecteur'), salon.id, NOW))).toBeInstanceOf(NotFoundError);
		cases.addParticipant(db, owner, salon.id, { userId: String(refs.user['inspecteur']) }, NOW);
		expect(cases.get(db, as('inspecteur'), salon.id, NOW).compartments.sort()).toEqual(['shared', 'veiligheid']);
		db.update(user).set({ active: false }).where(eq(user.id, refs.user['melder'])).run();
		expect((throws(() => cases.addParticipant(db, owner, salon.id, { userId: String(refs.user['melder']) }, NOW)) as Error).message).toMatch(/gedeactiveerd/);
		expect(throws(() => cases.addParticipant(db, owner, salon.id, { userId: String(refs.user['beheer']) }, NOW))).toBeInstanceOf(ValidationError);
		const p = cases.get(db, owner, salon.id, NOW).participants[0];
		cases.endParticipant(db, owner, salon.id, { participantId: String(p.id) }, NOW);
		expect(throws(() => cases.get(db, as('inspecteur'), salon.id, NOW))).toBeInstanceOf(NotFoundError);
	});

	it('links cases, but not to itself, twice, or to a case the linker cannot see', async () => {
		const { db, as, findCase } = await setup();
		const owner = as('coordinator.veiligheid');
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		const bogdan = findCase('B.P.', 'victim');
		const farah = findCase('F.A.', 'victim');
		expect((throws(() => cases.link(db, owner, salon.id, { reference: salon.reference }, NOW)) as Error).message).toMatch(/zichzelf/);
		expect((throws(() => cases.link(db, owner, salon.id, { reference: 'S-1999-0001' }, NOW)) as Error).message).toMatch(/geen casus/);
		cases.link(db, owner, salon.id, { reference: bogdan.reference }, NOW);
		expect((throws(() => cases.link(db, owner, salon.id, { reference: bogdan.reference }, NOW)) as Error).message).toMatch(/al gekoppeld/);
		// The AVO chair is on the ZVH too; the Stuurtafel chair is not, so F.A. is unknown to him.
		expect((throws(() => cases.link(db, as('voorzitter.stuurtafel'), salon.id, { reference: farah.reference }, NOW)) as Error).message).toMatch(/geen casus/);
	});

	it('taking a case off a table removes that table’s access', async () => {
		const { db, refs, as, findCase } = await setup();
		const owner = as('coordinator.veiligheid');
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		expect(cases.get(db, as('voorzitter.stuurtafel'), salon.id, NOW)).toBeTruthy();
		cases.removeTable(db, owner, salon.id, { tableId: String(refs.table['stuurtafel']) }, NOW);
		// Still a member of the AVO, so still reached — but remove that too and the chair loses it.
		cases.removeTable(db, owner, salon.id, { tableId: String(refs.table['avo']) }, NOW);
		expect(throws(() => cases.get(db, as('voorzitter.stuurtafel'), salon.id, NOW))).toBeInstanceOf(NotFoundError);
		expect(cases.get(db, owner, salon.id, NOW).tables).toEqual([]);
	});
});
