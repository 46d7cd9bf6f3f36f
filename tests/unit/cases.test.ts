/**
 * Cases: reach and compartments, lists and start pages, creating and changing cases, and the
 * findings of issue 13 in the cases area (timeline leak, views in the ledger, whole changes, no
 * silent overwrite, rules in the policy). One file over ~400 lines on purpose: the tests share the
 * setup and its helpers, and each `describe` is one capability of src/lib/server/cases/.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as cases from '../../src/lib/server/cases';
import * as audit from '../../src/lib/server/audit';
import * as signals from '../../src/lib/server/signals';
import * as policy from '../../src/lib/server/policy';
import { ACCOUNTS } from '../../src/lib/server/seed';
import { createContext, type Ctx } from '../../src/lib/server/context';
import { caseFile, caseVeiligheid, caseZorg, signal, subject, user } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, StaleError, ValidationError } from '../../src/lib/server/errors';
import { NOW, actorOf, seededDb } from './helpers';

async function setup() {
	const { db, refs } = await seededDb();
	/** A fresh request context for a demo account (its own view ledger). */
	const as = (local: string, clientAddress: string | null = null): Ctx =>
		createContext({ actor: actorOf(db, refs, local), now: NOW, clientAddress });
	const findCase = (label: string, kind: 'victim' | 'perpetrator') => {
		const rows = db.select().from(caseFile).all();
		const subjects = db.$client.prepare('select id, label from subject').all() as Array<{
			id: number;
			label: string;
		}>;
		const s = subjects.filter((x) => x.label === label).map((x) => x.id);
		return rows.find((r) => r.kind === kind && s.includes(r.subjectId))!;
	};
	/** The raw input of an edit form, with the version it would have been loaded with now. */
	const current = {
		case: (caseId: number, raw: object) => ({
			version: String(db.select().from(caseFile).where(eq(caseFile.id, caseId)).get()!.version),
			...raw
		}),
		zorg: (caseId: number, raw: object) => ({
			version: String(db.select().from(caseZorg).where(eq(caseZorg.caseId, caseId)).get()!.version),
			...raw
		}),
		veiligheid: (caseId: number, raw: object) => ({
			version: String(
				db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, caseId)).get()!.version
			),
			...raw
		})
	};
	return { db, refs, as, findCase, current };
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
		const all = db
			.select({ id: caseFile.id })
			.from(caseFile)
			.all()
			.map((r) => r.id);
		for (const account of ACCOUNTS) {
			const actor = as(account.local);
			const listed = cases
				.list(db, actor, {})
				.map((r) => r.id)
				.sort((a, b) => a - b);
			const single = all
				.filter((caseId) => {
					try {
						cases.get(db, actor, caseId);
						return true;
					} catch (e) {
						if (!(e instanceof NotFoundError)) throw e;
						return false;
					}
				})
				.sort((a, b) => a - b);
			expect(listed, account.local).toEqual(single);
			expect(
				cases.reachableIds(db, actor).sort((a, b) => a - b),
				account.local
			).toEqual(single);
		}
	});

	it('the zorg member sees care, the veiligheid member safety, on the same Zorgtafel case', async () => {
		const { db, as, findCase } = await setup();
		const anna = findCase('A.K.', 'victim');
		const zorgView = cases.get(db, as('zorg'), anna.id);
		expect(zorgView.compartments.sort()).toEqual(['shared', 'zorg']);
		expect(zorgView.zorg?.careNeeds).toContain('traumabehandeling');
		expect(zorgView.veiligheid).toBeNull();
		expect(JSON.stringify(zorgView)).not.toContain('onderzoek naar de pooier');

		const vView = cases.get(db, as('veiligheid'), anna.id);
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
		expect(throws(() => cases.get(db, as('zorg'), salon.id))).toBeInstanceOf(NotFoundError);
		expect(cases.list(db, as('zorg'), {}).every((r) => r.kind === 'victim')).toBe(true);
		const farah = findCase('F.A.', 'victim');
		const zvh = cases.get(db, as('procesregisseur.zvh'), farah.id);
		expect(zvh.compartments.sort()).toEqual(['shared', 'veiligheid', 'zorg']);
		expect(throws(() => cases.get(db, as('zorg'), farah.id))).toBeInstanceOf(NotFoundError);
	});

	it('admin, auditor and reporter reach no case at all', async () => {
		const { db, as } = await setup();
		const any = db.select().from(caseFile).get()!;
		for (const local of ['beheer', 'fg', 'melder']) {
			expect(cases.list(db, as(local), {}), local).toEqual([]);
			expect(
				throws(() => cases.get(db, as(local), any.id)),
				local
			).toBeInstanceOf(NotFoundError);
		}
	});

	it('says that a subject is in another case only to those who reach both', async () => {
		const { db, as, findCase } = await setup();
		const jayVictim = findCase('J.', 'victim');
		const jaySuspect = findCase('J.', 'perpetrator');
		expect(cases.get(db, as('zorg'), jayVictim.id).sameSubject).toEqual([]);
		expect(cases.get(db, as('zorg'), jayVictim.id).linked).toEqual([]);
		expect(cases.get(db, as('veiligheid'), jayVictim.id).sameSubject.map((c) => c.id)).toEqual([
			jaySuspect.id
		]);
	});

	it('notes one view of a case with exactly the compartments it showed, and each search with the ids shown', async () => {
		const { db, as, findCase } = await setup();
		const anna = findCase('A.K.', 'victim');
		const ctx = as('zorg', '10.9.9.9');
		const before = audit.list(db, { limit: 10_000 }).length;
		cases.get(db, ctx, anna.id);
		// Nothing is written until the ledger is flushed (by the access-log handle, after rendering).
		expect(audit.list(db, { limit: 10_000 }).length).toBe(before);
		expect(audit.flushViews(db, ctx)).toBe(1);
		const views = audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'case');
		expect(views).toHaveLength(1);
		expect(views[0]).toMatchObject({
			objectId: String(anna.id),
			compartment: 'shared,zorg',
			clientAddress: '10.9.9.9'
		});
		const vctx = as('veiligheid');
		cases.get(db, vctx, anna.id);
		audit.flushViews(db, vctx);
		expect(audit.list(db, { action: 'view' }).find((r) => r.userId === vctx.actor.id)?.compartment).toBe(
			'shared,veiligheid'
		);

		const search = as('zorg');
		const found = cases.list(db, search, { q: 'A.K' });
		audit.flushViews(db, search);
		const row = audit.list(db, { action: 'search' }).find((r) => r.objectType === 'case');
		expect(row).toMatchObject({
			objectId: null,
			compartment: 'shared',
			detail: `q=A.K: casussen ${found.map((r) => r.id).join(',')}`
		});
		// A search that finds nothing is logged too.
		const none = as('zorg');
		expect(cases.list(db, none, { q: 'bestaat-niet' })).toEqual([]);
		expect(none.views.drain()).toEqual([
			expect.objectContaining({ action: 'search', detail: 'q=bestaat-niet: casussen –' })
		]);
	});
});

describe('lists and start pages', () => {
	it('search on reference and pseudonym, and filter deadlines within 14 days', async () => {
		const { db, as } = await setup();
		const z = as('zorg');
		expect(cases.list(db, z, { q: 'A.K.' }).map((r) => r.subjectLabel)).toEqual(['A.K.']);
		const first = cases.list(db, z, {})[0];
		expect(cases.list(db, z, { q: first.reference.toLowerCase() }).map((r) => r.id)).toEqual([first.id]);
		expect(cases.list(db, z, { q: '%' })).toEqual([]);
		const soon = cases.list(db, z, { deadlineSoon: true });
		expect(soon.map((r) => r.subjectLabel)).toEqual(['A.K.']);
		expect(soon[0].nextDeadline?.days).toBe(9);
		expect(cases.list(db, as('coordinator.zorg'), { deadlineSoon: true }).map((r) => r.subjectLabel)).toEqual(
			['A.K.']
		);
	});

	it('filters by kind, status, form and table within the scope', async () => {
		const { db, refs, as } = await setup();
		const v = as('veiligheid');
		expect(cases.list(db, v, { kind: 'perpetrator' }).every((r) => r.kind === 'perpetrator')).toBe(true);
		expect(cases.list(db, v, { form: 'organ_removal' }).map((r) => r.subjectLabel)).toEqual(['E.M.']);
		expect(cases.list(db, v, { tableId: refs.table['stuurtafel'] }).length).toBe(3);
		expect(cases.list(db, v, { status: 'closed' }).map((r) => r.subjectLabel)).toEqual(['G.T.']);
	});

	it('start pages show deadlines, cases waiting for a plan, the pipeline and interventions', async () => {
		const { db, as } = await setup();
		const z = cases.overview(db, as('zorg'));
		expect(z.deadlines.map((r) => r.subjectLabel)).toEqual(['A.K.']);
		expect(z.waitingForPlan.map((r) => r.subjectLabel).sort()).toEqual(['C.', 'D.V.', 'E.M.', 'J.']);
		expect(z.interventions).toEqual([]);
		const v = cases.overview(db, as('veiligheid'));
		expect(v.pipeline).toEqual([
			{ status: 'registered', count: 1 },
			{ status: 'in_preparation', count: 2 },
			{ status: 'in_progress', count: 2 }
		]);
		expect(v.interventions.length).toBeGreaterThan(2);
		const c = cases.overview(db, as('coordinator.zorg'));
		expect(c.withoutOwnerOrPlan.map((r) => r.status).every((s) => s === 'registered')).toBe(true);
	});
});

describe('creating cases', () => {
	const person = {
		kind: 'victim',
		subjectKind: 'person',
		subjectLabel: 'M.',
		dateOfBirth: '2000-01-01',
		residenceCategory: 'third_country'
	};

	it('converts a signal into a case on a table, linked both ways', async () => {
		const { db, refs, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, as('melder'), {
			description: 'Vrouw zonder papieren bij de balie, begeleid door een man.',
			locationKind: 'other',
			forms: ['sexual'],
			urgency: 'high',
			municipality: 'Dommelstroom'
		});
		const created = cases.create(db, c, {
			...person,
			tableIds: [String(refs.table['zorgtafel'])],
			signalId: String(s.id)
		});
		expect(created.reference).toMatch(/^S-2026-\d{4}$/);
		expect(created.forms).toEqual(['sexual']);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.status).toBe('converted');
		expect(cases.fromSignal(db, c, s.id).map((x) => x.id)).toEqual([created.id]);
		expect(cases.get(db, c, created.id).signals.map((x) => x.id)).toEqual([s.id]);
		// The zorg member of the Zorgtafel now reaches it; the reporter never does.
		expect(cases.get(db, as('zorg'), created.id).compartments.sort()).toEqual(['shared', 'zorg']);
		expect(throws(() => cases.get(db, as('melder'), created.id))).toBeInstanceOf(NotFoundError);
		// A second case from the same signal is allowed.
		const second = cases.create(db, c, {
			kind: 'perpetrator',
			subjectKind: 'person',
			subjectLabel: 'X.',
			tableIds: [String(refs.table['avo'])],
			signalId: String(s.id)
		});
		expect(second.reference).toMatch(/^D-2026-/);
		expect(cases.fromSignal(db, c, s.id)).toHaveLength(2);
	});

	it('refuses a closed signal, bad input and a case its creator could not see, changing nothing', async () => {
		const { db, refs, as } = await setup();
		const c = as('coordinator.veiligheid');
		const count = () => db.select().from(caseFile).all().length;
		const before = count();
		const s = signals.submit(db, as('melder'), {
			description: 'Iets gezien bij het station, niet zeker.',
			locationKind: 'station',
			urgency: 'normal',
			municipality: 'Dommelstroom'
		});
		signals.close(db, c, s.id, { version: String(s.version), reason: 'Geen aanwijzingen.' });
		expect(throws(() => cases.create(db, c, { ...person, signalId: String(s.id) }))).toBeInstanceOf(
			ConflictError
		);
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
			const err = throws(() => cases.create(db, c, input));
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before);
		for (const local of ['zorg', 'melder', 'beheer', 'fg']) {
			expect(
				throws(() => cases.create(db, as(local), person)),
				local
			).toBeInstanceOf(NotFoundError);
		}
	});

	it('opens a perpetrator case about a victim’s subject, linked to the victim case', async () => {
		const { db, refs, as, findCase } = await setup();
		const c = as('coordinator.veiligheid');
		const bogdan = findCase('B.P.', 'victim');
		const created = cases.create(db, c, {
			kind: 'perpetrator',
			existingSubjectId: String(bogdan.subjectId),
			tableIds: [String(refs.table['avo'])]
		});
		expect(created.subjectId).toBe(bogdan.subjectId);
		expect(cases.get(db, c, created.id).linked.map((x) => x.id)).toContain(bogdan.id);
		expect(cases.get(db, as('zorg'), bogdan.id).sameSubject).toEqual([]);
	});
});

describe('changing cases', () => {
	it('follows the status lifecycle, and a closed case is read-only', async () => {
		const { db, as, findCase, current } = await setup();
		const owner = as('coordinator.zorg');
		const dmitri = findCase('D.V.', 'victim');
		expect(
			throws(() => cases.setStatus(db, owner, dmitri.id, current.case(dmitri.id, { status: 'in_progress' })))
		).toBeInstanceOf(ConflictError);
		cases.setStatus(db, owner, dmitri.id, current.case(dmitri.id, { status: 'in_discussion' }));
		cases.setStatus(db, owner, dmitri.id, current.case(dmitri.id, { status: 'closed' }));
		expect(
			throws(() => cases.updateZorg(db, owner, dmitri.id, current.zorg(dmitri.id, { careNeeds: 'nieuw' })))
		).toBeInstanceOf(ConflictError);
		expect(
			throws(() => cases.setPhase(db, owner, dmitri.id, current.case(dmitri.id, { phase: '2' })))
		).toBeInstanceOf(ConflictError);
		expect(cases.get(db, owner, dmitri.id).may).toEqual({
			manage: true,
			writeShared: false,
			writeZorg: false,
			writeVeiligheid: false
		});
		cases.setStatus(db, owner, dmitri.id, current.case(dmitri.id, { status: 'in_progress' }));
		cases.updateZorg(
			db,
			owner,
			dmitri.id,
			current.zorg(dmitri.id, { careNeeds: 'Heropend: nieuwe feiten.' })
		);
		// Members without a managing role cannot change the status.
		expect(
			throws(() => cases.setStatus(db, as('zorg'), dmitri.id, current.case(dmitri.id, { status: 'closed' })))
		).toBeInstanceOf(NotFoundError);
	});

	it('refuses a compartment the writer cannot see, even through a crafted post', async () => {
		const { db, as, findCase, current } = await setup();
		const anna = findCase('A.K.', 'victim');
		const before = db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, anna.id)).get();
		expect(
			throws(() =>
				cases.updateVeiligheid(
					db,
					as('zorg'),
					anna.id,
					current.veiligheid(anna.id, { policeInfo: 'ingebroken' })
				)
			)
		).toBeInstanceOf(NotFoundError);
		expect(
			throws(() => cases.addIntervention(db, as('zorg'), anna.id, { kind: 'closure', status: 'planned' }))
		).toBeInstanceOf(NotFoundError);
		expect(
			throws(() =>
				cases.updateZorg(db, as('veiligheid'), anna.id, current.zorg(anna.id, { careNeeds: 'ingebroken' }))
			)
		).toBeInstanceOf(NotFoundError);
		expect(db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, anna.id)).get()).toEqual(before);
	});

	it('keeps legal deadlines within three months', async () => {
		const { db, as, findCase, current } = await setup();
		const owner = as('coordinator.zorg');
		const eva = findCase('E.M.', 'victim');
		expect(
			throws(() =>
				cases.setDeadlines(
					db,
					owner,
					eva.id,
					current.case(eva.id, { reflectionStart: '2026-11-01', reflectionEnd: '2026-02-01' })
				)
			)
		).toBeInstanceOf(ValidationError);
		const tooLong = throws(() =>
			cases.setDeadlines(
				db,
				owner,
				eva.id,
				current.case(eva.id, { reflectionStart: '2026-11-30', reflectionEnd: '2027-03-01' })
			)
		);
		expect((tooLong as Error).message).toMatch(/uiterlijk tot 2027-02-28/);
		expect(
			throws(() =>
				cases.setDeadlines(db, owner, eva.id, current.case(eva.id, { reflectionEnd: '2027-01-01' }))
			)
		).toBeInstanceOf(ValidationError);
		cases.setDeadlines(
			db,
			owner,
			eva.id,
			current.case(eva.id, {
				reflectionStart: '2026-11-30',
				reflectionEnd: '2027-02-28',
				cosmStart: '2026-11-30',
				cosmEnd: '2026-12-10'
			})
		);
		const row = db.select().from(caseFile).where(eq(caseFile.id, eva.id)).get()!;
		expect([row.reflectionEnd, row.cosmEnd]).toEqual(['2027-02-28', '2026-12-10']);
		expect(cases.list(db, owner, { deadlineSoon: true }).map((r) => r.id)).toContain(eva.id);
	});

	it('applies the consent rules: under 16 a parent signs, otherwise the person; without consent a weighing', async () => {
		const { db, as, findCase, current } = await setup();
		const owner = as('coordinator.zorg');
		const chloe = findCase('C.', 'victim'); // born 2010-05-20: 16 on 2026-05-20
		const base = { consentStatus: 'given', consentScope: 'Delen aan de Zorgtafel.', comensha: 'to_do' };
		expect(
			(
				throws(() =>
					cases.updateConsent(
						db,
						owner,
						chloe.id,
						current.zorg(chloe.id, { ...base, consentBy: 'person', consentDate: '2026-04-01' })
					)
				) as Error
			).message
		).toMatch(/ouder of voogd/);
		cases.updateConsent(
			db,
			owner,
			chloe.id,
			current.zorg(chloe.id, { ...base, consentBy: 'parent_guardian', consentDate: '2026-04-01' })
		);
		expect(
			(
				throws(() =>
					cases.updateConsent(
						db,
						owner,
						chloe.id,
						current.zorg(chloe.id, { ...base, consentBy: 'parent_guardian', consentDate: '2026-06-01' })
					)
				) as Error
			).message
		).toMatch(/zelf toestemming/);
		expect(
			throws(() =>
				cases.updateConsent(
					db,
					owner,
					chloe.id,
					current.zorg(chloe.id, { ...base, consentBy: 'person', consentDate: '2026-12-30' })
				)
			)
		).toBeInstanceOf(ValidationError);
		expect(
			(
				throws(() =>
					cases.updateConsent(
						db,
						owner,
						chloe.id,
						current.zorg(chloe.id, { consentStatus: 'refused', comensha: 'to_do' })
					)
				) as Error
			).message
		).toMatch(/afweging/);
		expect(
			(
				throws(() =>
					cases.updateConsent(
						db,
						owner,
						chloe.id,
						current.zorg(chloe.id, {
							consentStatus: 'refused',
							sharingWeighing: 'Acuut gevaar.',
							comensha: 'to_do'
						})
					)
				) as Error
			).message
		).toMatch(/convenantsartikel/);
		expect(
			(
				throws(() =>
					cases.updateConsent(
						db,
						owner,
						chloe.id,
						current.zorg(chloe.id, {
							consentStatus: 'refused',
							sharingWeighing: 'Acuut gevaar.',
							covenantArticle: 'art. 7',
							comensha: 'registered',
							comenshaBy: 'other'
						})
					)
				) as Error
			).message
		).toMatch(/CoMensha/);
		cases.updateConsent(
			db,
			owner,
			chloe.id,
			current.zorg(chloe.id, {
				consentStatus: 'refused',
				sharingWeighing: 'Acuut gevaar.',
				covenantArticle: 'art. 7',
				comensha: 'registered',
				comenshaBy: 'police_kmar_nla',
				informed: 'no',
				notInformedReason: 'Informeren brengt haar in gevaar.'
			})
		);
		expect(db.select().from(caseZorg).where(eq(caseZorg.caseId, chloe.id)).get()).toMatchObject({
			consentStatus: 'refused',
			consentBy: null,
			comenshaBy: 'police_kmar_nla',
			informed: false
		});
		expect(
			(
				throws(() =>
					cases.updateConsent(
						db,
						owner,
						chloe.id,
						current.zorg(chloe.id, {
							consentStatus: 'not_asked',
							sharingWeighing: 'x',
							covenantArticle: 'y',
							comensha: 'to_do',
							informed: 'no'
						})
					)
				) as Error
			).message
		).toMatch(/niet is geïnformeerd/);
	});

	it('invites participants, who see shared plus their own domain, and refuses deactivated accounts', async () => {
		const { db, refs, as, findCase } = await setup();
		const owner = as('coordinator.veiligheid');
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		expect(throws(() => cases.get(db, as('inspecteur'), salon.id))).toBeInstanceOf(NotFoundError);
		cases.addParticipant(db, owner, salon.id, { userId: String(refs.user['inspecteur']) });
		expect(cases.get(db, as('inspecteur'), salon.id).compartments.sort()).toEqual(['shared', 'veiligheid']);
		db.update(user).set({ active: false }).where(eq(user.id, refs.user['melder'])).run();
		expect(
			(
				throws(() =>
					cases.addParticipant(db, owner, salon.id, { userId: String(refs.user['melder']) })
				) as Error
			).message
		).toMatch(/gedeactiveerd/);
		expect(
			throws(() => cases.addParticipant(db, owner, salon.id, { userId: String(refs.user['beheer']) }))
		).toBeInstanceOf(ValidationError);
		const p = cases.get(db, owner, salon.id).participants[0];
		cases.endParticipant(db, owner, salon.id, { participantId: String(p.id) });
		expect(throws(() => cases.get(db, as('inspecteur'), salon.id))).toBeInstanceOf(NotFoundError);
	});

	it('links cases, but not to itself, twice, or to a case the linker cannot see', async () => {
		const { db, as, findCase } = await setup();
		const owner = as('coordinator.veiligheid');
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		const bogdan = findCase('B.P.', 'victim');
		const farah = findCase('F.A.', 'victim');
		expect(
			(throws(() => cases.link(db, owner, salon.id, { reference: salon.reference })) as Error).message
		).toMatch(/zichzelf/);
		expect(
			(throws(() => cases.link(db, owner, salon.id, { reference: 'S-1999-0001' })) as Error).message
		).toMatch(/geen casus/);
		cases.link(db, owner, salon.id, { reference: bogdan.reference });
		expect(
			(throws(() => cases.link(db, owner, salon.id, { reference: bogdan.reference })) as Error).message
		).toMatch(/al gekoppeld/);
		// The AVO chair is on the ZVH too; the Stuurtafel chair is not, so F.A. is unknown to him.
		expect(
			(
				throws(() =>
					cases.link(db, as('voorzitter.stuurtafel'), salon.id, { reference: farah.reference })
				) as Error
			).message
		).toMatch(/geen casus/);
	});

	it('taking a case off a table removes that table’s access', async () => {
		const { db, refs, as, findCase } = await setup();
		const owner = as('coordinator.veiligheid');
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		expect(cases.get(db, as('voorzitter.stuurtafel'), salon.id)).toBeTruthy();
		cases.removeTable(db, owner, salon.id, { tableId: String(refs.table['stuurtafel']) });
		// Still a member of the AVO, so still reached — but remove that too and the chair loses it.
		cases.removeTable(db, owner, salon.id, { tableId: String(refs.table['avo']) });
		expect(throws(() => cases.get(db, as('voorzitter.stuurtafel'), salon.id))).toBeInstanceOf(NotFoundError);
		expect(cases.get(db, owner, salon.id).tables).toEqual([]);
	});
});

describe('issue 13, finding 1: a timeline names only what its reader may see', () => {
	/** A victim case at the Zorgtafel linked to a perpetrator case on the AVO only (built here, not taken from the demo). */
	async function linkedPair() {
		const s = await setup();
		const c = s.as('coordinator.veiligheid');
		const victim = cases.create(s.db, c, {
			kind: 'victim',
			subjectKind: 'person',
			subjectLabel: 'Q.',
			tableIds: [String(s.refs.table['zorgtafel'])]
		});
		const perpetrator = cases.create(s.db, c, {
			kind: 'perpetrator',
			subjectKind: 'person',
			subjectLabel: 'R.',
			tableIds: [String(s.refs.table['avo'])]
		});
		cases.link(s.db, c, victim.id, { reference: perpetrator.reference });
		return { ...s, victim, perpetrator };
	}

	it('leaves out the link to a perpetrator case the reader does not reach, in the view and its data', async () => {
		const { db, as, victim, perpetrator } = await linkedPair();
		for (const local of ['zorg', 'coordinator.zorg', 'voorzitter.zorgtafel']) {
			const view = cases.get(db, as(local), victim.id);
			expect(() => cases.get(db, as(local), perpetrator.id), local).toThrow(NotFoundError);
			expect(
				view.timeline.some((e) => e.kind === 'linked'),
				local
			).toBe(false);
			expect(JSON.stringify(view), local).not.toContain(perpetrator.reference);
		}
		// Who reaches both cases sees the link, with the reference, from both sides.
		const both = as('coordinator.veiligheid');
		expect(cases.get(db, both, victim.id).timeline.find((e) => e.kind === 'linked')?.detail).toBe(
			perpetrator.reference
		);
		expect(cases.get(db, both, perpetrator.id).timeline.find((e) => e.kind === 'linked')?.detail).toBe(
			victim.reference
		);
	});

	it('shows the signal a case came from without its reference to those who may not open the signal; tables by name', async () => {
		const { db, refs, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, as('melder'), {
			description: 'Een jonge man slaapt op de bouwplaats, zegt niets.',
			locationKind: 'other',
			forms: ['labour'],
			urgency: 'normal',
			municipality: 'Dommelstroom'
		});
		const created = cases.create(db, c, {
			kind: 'victim',
			subjectKind: 'person',
			subjectLabel: 'S.',
			tableIds: [String(refs.table['zorgtafel'])],
			signalId: String(s.id)
		});
		cases.addTable(db, c, created.id, { tableId: String(refs.table['stuurtafel']) });
		const forZorg = cases.get(db, as('zorg'), created.id);
		expect(forZorg.timeline.find((e) => e.kind === 'from_signal')).toMatchObject({ detail: null });
		expect(JSON.stringify(forZorg)).not.toContain(s.reference);
		expect(forZorg.timeline.find((e) => e.kind === 'table_added')?.detail).toBe(
			forZorg.tables.find((t) => t.kind === 'stuurtafel')?.name
		);
		expect(cases.get(db, c, created.id).timeline.find((e) => e.kind === 'from_signal')?.detail).toBe(
			s.reference
		);
	});

	it('the policy decides per entry, over the facts of what it names', () => {
		const actor = {
			id: 1,
			roles: [],
			domain: 'zorg' as const,
			municipality: 'Dommelstroom',
			memberships: [
				{
					tableId: 1,
					tableKind: 'zorgtafel' as const,
					role: 'member' as const,
					policy: { zorg: ['zorg' as const], veiligheid: ['veiligheid' as const] }
				}
			]
		};
		const facts = (tableIds: number[]) => ({
			tableIds,
			participantIds: [],
			ownerId: null,
			caseLeadId: null,
			processLeadId: null,
			closed: false
		});
		const access = policy.caseAccess(actor, facts([1]))!;
		const view = (compartment: 'shared' | 'zorg' | 'veiligheid', mention: policy.TimelineMention) =>
			policy.timelineEntryView(actor, access, { compartment, mention });
		expect(view('shared', { kind: 'none' })).toBe('full');
		expect(view('veiligheid', { kind: 'none' })).toBe('hidden');
		expect(view('shared', { kind: 'case', case: facts([1]) })).toBe('full');
		expect(view('shared', { kind: 'case', case: facts([2]) })).toBe('hidden');
		expect(view('shared', { kind: 'case', case: null })).toBe('hidden');
		expect(view('shared', { kind: 'table' })).toBe('full');
		expect(
			view('shared', { kind: 'signal', signal: { reporterUserId: 9, municipality: 'Dommelstroom' } })
		).toBe('without_reference');
		expect(view('shared', { kind: 'signal', signal: null })).toBe('without_reference');
		const coordinator = { ...actor, roles: ['coordinator' as const] };
		expect(
			policy.timelineEntryView(coordinator, access, {
				compartment: 'shared',
				mention: { kind: 'signal', signal: { reporterUserId: 9, municipality: 'Dommelstroom' } }
			})
		).toBe('full');
	});
});

describe('issue 13, finding 3: the start page notes what it shows', () => {
	it('notes one view naming the cases shown, with the veiligheid compartment only when it shows interventions', async () => {
		const { db, as } = await setup();
		const z = as('zorg');
		const shown = cases.overview(db, z);
		const zIds = [...new Set([...shown.deadlines, ...shown.waitingForPlan].map((r) => r.id))].sort(
			(a, b) => a - b
		);
		expect(zIds.length).toBeGreaterThan(0);
		expect(z.views.drain()).toEqual([
			{
				action: 'view',
				objectType: 'case',
				objectId: null,
				compartments: ['shared'],
				detail: `start: casussen ${zIds.join(',')}`
			}
		]);

		const v = as('veiligheid');
		const vShown = cases.overview(db, v);
		expect(vShown.interventions.length).toBeGreaterThan(0);
		expect(vShown.waitingForPlan).toEqual([]); // not a section of the veiligheid start page, so not loaded
		const [note] = v.views.drain();
		expect(note.compartments).toEqual(['shared', 'veiligheid']);
		for (const i of vShown.interventions) expect(note.detail).toMatch(new RegExp(`[ ,]${i.caseId}(,|$)`));

		for (const local of ['beheer', 'fg', 'melder']) {
			const g = as(local);
			cases.overview(db, g);
			expect(g.views.size, local).toBe(0);
		}
	});

	it('notes the cases of a signal and the subjects offered for a new case', async () => {
		const { db, refs, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, as('melder'), {
			description: 'Twee vrouwen worden elke ochtend opgehaald bij het station.',
			locationKind: 'station',
			urgency: 'normal',
			municipality: 'Dommelstroom'
		});
		const created = cases.create(db, c, {
			kind: 'victim',
			subjectKind: 'person',
			subjectLabel: 'T.',
			tableIds: [String(refs.table['zorgtafel'])],
			signalId: String(s.id)
		});
		const reader = as('coordinator.veiligheid');
		cases.fromSignal(db, reader, s.id);
		expect(reader.views.drain()).toEqual([
			expect.objectContaining({
				action: 'view',
				objectType: 'case',
				detail: `signaal ${s.id}: casussen ${created.id}`
			})
		]);
		const offered = as('coordinator.veiligheid');
		expect(cases.subjectsForActor(db, offered).length).toBeGreaterThan(0);
		expect(offered.views.drain()[0].detail).toMatch(
			new RegExp(`^betrokkenen: casussen .*\\b${created.id}\\b`)
		);
	});
});

describe('issue 13, finding 4: a change is whole or absent', () => {
	it('leaves no half-written change when its log entry cannot be written', async () => {
		const { db, as, findCase, current } = await setup();
		const anna = findCase('A.K.', 'victim');
		const zorgBefore = db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get();
		const events = () =>
			db.$client.prepare('select count(*) as n from case_event where case_id = ?').get(anna.id) as {
				n: number;
			};
		const eventsBefore = events().n;
		db.$client.exec(
			`create temp trigger no_log before insert on access_log begin select raise(abort, 'schijf vol'); end`
		);
		expect(() =>
			cases.updateZorg(db, as('zorg'), anna.id, current.zorg(anna.id, { careNeeds: 'half geschreven' }))
		).toThrow(/schijf vol/);
		expect(() =>
			cases.setStatus(db, as('coordinator.zorg'), anna.id, current.case(anna.id, { status: 'closed' }))
		).toThrow(/schijf vol/);
		db.$client.exec('drop trigger no_log');
		expect(db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get()).toEqual(zorgBefore);
		expect(db.select().from(caseFile).where(eq(caseFile.id, anna.id)).get()?.status).not.toBe('closed');
		expect(events().n).toBe(eventsBefore);
	});
});

describe('issue 13, finding 5: no silent overwrite between tabs', () => {
	it('refuses the second of two care saves from the same loaded version, naming the fields, and changes nothing', async () => {
		const { db, as, findCase } = await setup();
		const anna = findCase('A.K.', 'victim');
		const loaded = cases.get(db, as('zorg'), anna.id).zorg!;
		const tabA = {
			version: String(loaded.version),
			careNeeds: 'Tab A: traumabehandeling gestart.',
			health: loaded.health ?? '',
			shelter: loaded.shelter ?? ''
		};
		const tabB = {
			version: String(loaded.version),
			careNeeds: loaded.careNeeds ?? '',
			health: 'Tab B: huisarts ingeschakeld.',
			shelter: loaded.shelter ?? ''
		};
		cases.updateZorg(db, as('zorg'), anna.id, tabA);
		const saved = db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get()!;
		expect(saved).toMatchObject({ careNeeds: tabA.careNeeds, version: loaded.version + 1 });
		const logBefore = audit.list(db, { limit: 10_000 }).length;
		const err = throws(() => cases.updateZorg(db, as('coordinator.zorg'), anna.id, tabB));
		expect(err).toBeInstanceOf(StaleError);
		// Tab B's form differs from what is stored now in care needs (tab A's save) and health (its own input).
		expect((err as Error).message).toContain('Noor Hendriks');
		expect((err as Error).message).toContain('Zorgbehoeften, Gezondheid');
		expect(db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get()).toEqual(saved);
		expect(audit.list(db, { limit: 10_000 }).length).toBe(logBefore);
		// Saved again from the new version, it goes through.
		cases.updateZorg(db, as('coordinator.zorg'), anna.id, { ...tabB, version: String(saved.version) });
	});

	it('versions every edit form of a case: status, phase, leads, deadlines, subject, consent, veiligheid, interventions', async () => {
		const { db, refs, as, findCase } = await setup();
		const salon = findCase('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		const owner = as('coordinator.veiligheid');
		const row = () => db.select().from(caseFile).where(eq(caseFile.id, salon.id)).get()!;
		const stale = (fn: () => unknown) => {
			const err = throws(fn);
			expect(err).toBeInstanceOf(StaleError);
			return (err as Error).message;
		};
		const old = String(row().version);
		cases.setDeadlines(db, owner, salon.id, { version: old, cosmStart: '2026-11-01', cosmEnd: '2026-12-01' });
		const afterDeadlines = row();
		expect(
			stale(() =>
				cases.setPhase(db, owner, salon.id, {
					version: old,
					phase: String(afterDeadlines.avePhase === 4 ? 3 : afterDeadlines.avePhase + 1)
				})
			)
		).toContain('AVE-fase');
		expect(stale(() => cases.setStatus(db, owner, salon.id, { version: old, status: 'closed' }))).toContain(
			'Status'
		);
		expect(
			stale(() =>
				cases.setLeads(db, owner, salon.id, { version: old, ownerId: String(refs.user['veiligheid']) })
			)
		).toContain('Eigenaar');
		expect(row()).toEqual(afterDeadlines);

		const subj = db.select().from(subject).where(eq(subject.id, salon.subjectId)).get()!;
		cases.updateSubject(db, owner, salon.id, { version: String(subj.version), label: 'Marktweg 12a' });
		expect(
			stale(() =>
				cases.updateSubject(db, owner, salon.id, { version: String(subj.version), label: 'Marktweg 14' })
			)
		).toContain('Pseudoniem');
		expect(db.select().from(subject).where(eq(subject.id, salon.subjectId)).get()?.label).toBe(
			'Marktweg 12a'
		);

		const v = db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, salon.id)).get()!;
		cases.updateVeiligheid(db, owner, salon.id, { version: String(v.version), policeInfo: 'Tab A' });
		expect(
			stale(() =>
				cases.updateVeiligheid(db, owner, salon.id, { version: String(v.version), policeInfo: 'Tab B' })
			)
		).toContain('Politie-informatie');
		const view = cases.get(db, owner, salon.id);
		const iv = view.veiligheid!.interventions[0];
		cases.setInterventionStatus(db, owner, salon.id, {
			version: String(view.veiligheid!.version),
			interventionId: String(iv.id),
			status: 'dropped'
		});
		expect(
			stale(() =>
				cases.setInterventionStatus(db, owner, salon.id, {
					version: String(view.veiligheid!.version),
					interventionId: String(iv.id),
					status: 'done'
				})
			)
		).toContain('Status');

		// Consent shares the zorg compartment's version with the care form.
		const chloe = findCase('C.', 'victim');
		const zc = as('coordinator.zorg');
		const z = db.select().from(caseZorg).where(eq(caseZorg.caseId, chloe.id)).get()!;
		cases.updateZorg(db, zc, chloe.id, { version: String(z.version), careNeeds: 'Nieuw' });
		expect(
			stale(() =>
				cases.updateConsent(db, zc, chloe.id, {
					version: String(z.version),
					consentStatus: 'refused',
					sharingWeighing: 'Acuut gevaar.',
					covenantArticle: 'art. 7',
					comensha: 'to_do'
				})
			)
		).toContain('Toestemming');

		// A form without a version is refused rather than guessed.
		expect(throws(() => cases.setPhase(db, owner, salon.id, { phase: '2' }))).toBeInstanceOf(ValidationError);
	});
});

describe('rules live in the policy', () => {
	it('who may hold a case role, which tables a case may be put on, and where an escalation may start', () => {
		expect(policy.caseRoleEligibility({ active: true, roles: [] })).toBe('eligible');
		expect(policy.caseRoleEligibility({ active: false, roles: ['coordinator'] })).toBe('inactive');
		expect(policy.caseRoleEligibility({ active: true, roles: ['auditor'] })).toBe('guardian');
		const member = {
			id: 1,
			roles: [],
			domain: 'veiligheid' as const,
			municipality: 'D',
			memberships: [
				{
					tableId: 1,
					tableKind: 'avo' as const,
					role: 'chair' as const,
					policy: { zorg: [], veiligheid: ['veiligheid' as const] }
				}
			]
		};
		expect(policy.mayPutCaseOnTable(member, 1)).toBe(true);
		expect(policy.mayPutCaseOnTable(member, 2)).toBe(false);
		expect(policy.mayPutCaseOnTable({ ...member, roles: ['coordinator'] }, 2)).toBe(true);
		expect(policy.mayPutCaseOnTable({ ...member, roles: ['admin'], memberships: [] }, 2)).toBe(false);
		const onAvoAndZvh = {
			tableIds: [1, 3],
			participantIds: [],
			ownerId: null,
			caseLeadId: null,
			processLeadId: null,
			closed: false
		};
		const tables = [
			{ id: 1, kind: 'avo' as const },
			{ id: 3, kind: 'zvh' as const }
		];
		expect(policy.escalationSourceTables(member, onAvoAndZvh, tables)).toEqual([{ id: 1, kind: 'avo' }]);
		expect(
			policy.escalationSourceTables(
				{ ...member, memberships: [{ ...member.memberships[0], role: 'member' as const }] },
				onAvoAndZvh,
				tables
			)
		).toEqual([]);
	});

	it('the start page sections follow domain and roles', () => {
		const base = { id: 1, roles: [] as Array<'coordinator' | 'admin'>, municipality: 'D', memberships: [] };
		expect(policy.startSections({ ...base, domain: 'zorg' })).toMatchObject({
			deadlines: true,
			waitingForPlan: true,
			pipeline: false,
			withoutOwnerOrPlan: false
		});
		expect(
			policy.startSections({
				...base,
				domain: 'veiligheid',
				memberships: [
					{
						tableId: 4,
						tableKind: 'stuurtafel',
						role: 'member',
						policy: { zorg: [], veiligheid: ['veiligheid'] }
					}
				]
			})
		).toMatchObject({ waitingForPlan: false, pipeline: true, pipelineTableIds: [4] });
		expect(policy.startSections({ ...base, domain: 'zorg', roles: ['coordinator'] }).withoutOwnerOrPlan).toBe(
			true
		);
		expect(
			Object.values(policy.startSections({ ...base, domain: 'zorg', roles: ['admin'] })).filter(
				(x) => x === true
			)
		).toEqual([]);
	});
});
