/**
 * Cases: reach and compartments, lists and start pages, creating and changing cases, and the
 * findings of issue 13 in the cases area (timeline leak, views in the ledger, whole changes, no
 * silent overwrite, rules in the policy). One file over ~400 lines on purpose: the tests share the
 * setup and its helpers, and each `describe` is one capability of src/lib/server/cases/.
 *
 * The tests own their data: each builds the cases it is about (with the test-data builder, or
 * through `cases.create`) in a small region of tables and people built in `setup`; nothing is
 * looked up from the demo seed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as cases from '../../src/lib/server/cases';
import * as audit from '../../src/lib/server/audit';
import * as signals from '../../src/lib/server/signals';
import * as policy from '../../src/lib/server/policy';
import type { Ctx } from '../../src/lib/server/context';
import { caseFile, caseVeiligheid, caseZorg, signal, subject, user } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, StaleError, ValidationError } from '../../src/lib/server/errors';
import { builder } from '../support/build';
import { DAY, NOW, after, freshDb } from './helpers';

/** The calendar date `n` days after NOW (before it when negative). */
const inDays = (n: number) =>
	after(NOW, n * DAY)
		.toISOString()
		.slice(0, 10);

/**
 * A region of four tables and the people on them, named by what they are to the tests:
 *
 *   Zorgtafel   chair `zorgChair`; secretary `coordZorg`; members `coordVeiligheid`, `zorg` and
 *               `veiligheid`; `inspector` still pending
 *   AVO         chair `coordVeiligheid`; members `veiligheid`, `stuurChair`
 *   Stuurtafel  chair `stuurChair`; secretary `coordVeiligheid`; member `veiligheid`
 *   ZVH         chair `regisseur`; members `coordZorg`, `coordVeiligheid`
 *
 * and an administrator, an auditor and a front-line reporter, who are on no table. `coordZorg`,
 * `coordVeiligheid` and `regisseur` are coordinators; `zorgChair`, `coordZorg`, `zorg`,
 * `regisseur` and `reporter` work in the zorg domain, the others in veiligheid. Everyone belongs
 * to an organisation in Teststad. There are no cases: each test makes its own.
 */
function setup() {
	const db = freshDb();
	const b = builder(db);
	const person = b.person;
	const p = {
		zorgChair: person({ name: 'Ingrid Voorzitter', domain: 'zorg' }),
		coordZorg: person({ name: 'Yusuf Zorgcoördinator', domain: 'zorg', roles: ['coordinator'] }),
		coordVeiligheid: person({ name: 'Sanne Coördinator', domain: 'veiligheid', roles: ['coordinator'] }),
		stuurChair: person({ name: 'Joost Voorzitter', domain: 'veiligheid' }),
		zorg: person({ name: 'Noor Zorg', domain: 'zorg' }),
		veiligheid: person({ name: 'Ruben Veilig', domain: 'veiligheid' }),
		regisseur: person({ name: 'Lotte Procesregisseur', domain: 'zorg', roles: ['coordinator'] }),
		inspector: person({ name: 'Dirk Inspecteur', domain: 'veiligheid' }),
		admin: person({ name: 'Bea Beheer', domain: 'veiligheid', roles: ['admin'] }),
		auditor: person({ name: 'Fien Toezicht', domain: 'veiligheid', roles: ['auditor'] }),
		reporter: person({ name: 'Mila Melder', domain: 'zorg', roles: ['reporter'] })
	};
	const t = {
		zorgtafel: b.table({ kind: 'zorgtafel', name: 'Zorgtafel Teststad' }),
		avo: b.table({ kind: 'avo', name: 'AVO Teststad' }),
		stuurtafel: b.table({ kind: 'stuurtafel', name: 'Stuurtafel Teststad' }),
		zvh: b.table({ kind: 'zvh', name: 'ZVH Teststad' })
	};
	b.member(t.zorgtafel, p.zorgChair, 'chair');
	b.member(t.zorgtafel, p.coordZorg, 'secretary');
	b.member(t.zorgtafel, p.coordVeiligheid);
	b.member(t.zorgtafel, p.zorg);
	b.member(t.zorgtafel, p.veiligheid);
	b.member(t.zorgtafel, p.inspector, 'member', 'pending');
	b.member(t.avo, p.coordVeiligheid, 'chair');
	b.member(t.avo, p.veiligheid);
	b.member(t.avo, p.stuurChair);
	b.member(t.stuurtafel, p.stuurChair, 'chair');
	b.member(t.stuurtafel, p.coordVeiligheid, 'secretary');
	b.member(t.stuurtafel, p.veiligheid);
	b.member(t.zvh, p.regisseur, 'chair');
	b.member(t.zvh, p.coordZorg);
	b.member(t.zvh, p.coordVeiligheid);

	/** A fresh request context for one of the people (its own view ledger), at NOW. */
	const as = (who: { id: number }, clientAddress?: string): Ctx => b.ctx(who, NOW, null, clientAddress);

	type CaseInput = NonNullable<Parameters<typeof b.caseFile>[0]>;
	/** A victim case on the Zorgtafel, owned by the zorg coordinator, unless the input says otherwise. */
	const victim = (c: CaseInput) =>
		b.caseFile({ kind: 'victim', tables: [t.zorgtafel], owner: p.coordZorg, ...c });
	/** A perpetrator case on the AVO, owned by the veiligheid coordinator, unless the input says otherwise. */
	const perpetrator = (c: CaseInput) =>
		b.caseFile({ kind: 'perpetrator', tables: [t.avo], owner: p.coordVeiligheid, ...c });
	/**
	 * A.K.: a victim case on the Zorgtafel with content in both compartments (care needs naming a
	 * trauma treatment, police information naming an investigation) and a timeline entry in each.
	 */
	const anna = (c: CaseInput = {}) => {
		const row = victim({
			label: 'A.K.',
			status: 'plan_agreed',
			forms: ['sexual'],
			caseLead: p.zorg,
			zorg: {
				careNeeds: 'Veilige opvang en traumabehandeling.',
				health: 'Onder behandeling bij de huisarts.',
				shelter: 'Opvang, het adres is bekend bij de zorgcoördinator.'
			},
			veiligheid: { policeInfo: 'Aangifte opgenomen; onderzoek naar de pooier loopt.' },
			...c
		});
		b.event(row, { kind: 'created', by: p.coordZorg });
		b.event(row, { kind: 'zorg_updated', compartment: 'zorg', by: p.coordZorg });
		b.event(row, { kind: 'veiligheid_updated', compartment: 'veiligheid', by: p.veiligheid });
		return row;
	};
	/** The salon: a perpetrator case about premises on the AVO and the Stuurtafel, the veiligheid member its case lead. */
	const salon = () =>
		perpetrator({
			subject: b.subject({ kind: 'premises', label: 'Marktweg 12 (test)' }),
			tables: [t.avo, t.stuurtafel],
			caseLead: p.veiligheid,
			status: 'in_progress',
			avePhase: 3,
			forms: ['labour', 'sexual'],
			veiligheid: { policeInfo: 'Vier werknemers zonder contract, slapen in het pand.' }
		});
	/** F.A.: a victim case on the ZVH only, owned and led by the ZVH's process director. */
	const farah = () =>
		victim({
			label: 'F.A.',
			tables: [t.zvh],
			owner: p.regisseur,
			processLead: p.regisseur,
			caseLead: p.coordZorg,
			status: 'in_progress',
			forms: ['sexual', 'organ_removal'],
			cosmStart: inDays(-60),
			cosmEnd: inDays(20)
		});
	/** C.: a victim case on the Zorgtafel about a girl born 2010-05-20 (16 on 2026-05-20). */
	const chloe = () =>
		victim({
			subject: b.subject({ label: 'C.', dateOfBirth: '2010-05-20', residenceCategory: 'nl' }),
			status: 'in_discussion',
			forms: ['sexual'],
			processLead: p.coordVeiligheid
		});

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
	return { db, b, p, t, as, victim, perpetrator, anna, salon, farah, chloe, current };
}

/**
 * A caseload for the lists and start pages, on the tables of `setup`:
 *
 *   on the Zorgtafel  A.K. plan agreed, reflection period ends in 9 days; B.P. in progress; C. and
 *                     J. in discussion; D.V. registered; E.M. registered, organ removal, reflection
 *                     period ends in 70 days; G.T. closed, with a deadline in 5 days that no longer
 *                     counts
 *   on the ZVH        F.A. in progress, organ removal (out of the Zorgtafel members' scope), COSM
 *                     stay ends in 20 days
 *   perpetrators      Snelwerk BV (AVO) in preparation, a Bibob screening under way and an
 *                     inspection planned; the salon (AVO, Stuurtafel) in progress, a closure planned
 *                     and an inspection done; K.L. (AVO) registered; J. as suspect (AVO, Stuurtafel)
 *                     in preparation; Industrieweg 7 (Stuurtafel, owned by its chair) in progress, a
 *                     closure under way and a penalty order planned
 */
function caseload(s: ReturnType<typeof setup>) {
	const { b, p, t, victim, perpetrator } = s;
	const jay = b.subject({ label: 'J.', dateOfBirth: '2007-09-01', residenceCategory: 'nl' });
	const c = {
		anna: s.anna({ reflectionStart: inDays(-71), reflectionEnd: inDays(9) }),
		bogdan: victim({ label: 'B.P.', status: 'in_progress', forms: ['labour'] }),
		chloe: victim({ label: 'C.', status: 'in_discussion', forms: ['sexual'] }),
		dmitri: victim({ label: 'D.V.', forms: ['labour'] }),
		jay: victim({ subject: jay, status: 'in_discussion', forms: ['criminal'] }),
		eva: victim({
			label: 'E.M.',
			forms: ['organ_removal'],
			reflectionStart: inDays(-10),
			reflectionEnd: inDays(70)
		}),
		gina: victim({
			label: 'G.T.',
			status: 'closed',
			forms: ['labour'],
			reflectionStart: inDays(-80),
			reflectionEnd: inDays(5)
		}),
		farah: s.farah(),
		snelwerk: perpetrator({
			subject: b.subject({ kind: 'organisation', label: 'Snelwerk BV (test)' }),
			status: 'in_preparation',
			forms: ['labour']
		}),
		salon: s.salon(),
		kl: perpetrator({ label: 'K.L.', forms: ['sexual'] }),
		jaySuspect: perpetrator({
			subject: jay,
			tables: [t.avo, t.stuurtafel],
			status: 'in_preparation',
			forms: ['criminal']
		}),
		kwekerij: perpetrator({
			subject: b.subject({ kind: 'premises', label: 'Industrieweg 7 (test)' }),
			tables: [t.stuurtafel],
			owner: p.stuurChair,
			status: 'in_progress',
			forms: ['criminal', 'labour']
		})
	};
	const iv = (
		on: { id: number },
		kind: 'bibob_screening' | 'closure' | 'inspection' | 'penalty_order',
		status: 'planned' | 'in_progress' | 'done'
	) => b.intervention(on, { kind, status, createdBy: p.coordVeiligheid });
	iv(c.snelwerk, 'bibob_screening', 'in_progress');
	iv(c.snelwerk, 'inspection', 'planned');
	iv(c.salon, 'closure', 'planned');
	iv(c.salon, 'inspection', 'done');
	iv(c.kwekerij, 'closure', 'in_progress');
	iv(c.kwekerij, 'penalty_order', 'planned');
	return c;
}

function throws(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return undefined;
}

describe('reach and compartments', () => {
	it('list scope and single-object checks agree for everyone, along every way of reaching a case', () => {
		const s = setup();
		const { db, b, p, t, as } = s;
		const c = caseload(s);
		// Besides the tables: an invited participant, an ended invitation, a process lead of a case
		// on no table, and an ended membership.
		b.participant(c.kwekerij, p.inspector);
		b.participant(c.bogdan, p.reporter, { endedAt: NOW });
		const offTable = s.victim({ label: 'N.', tables: [], processLead: p.regisseur });
		b.member(t.zvh, p.zorg, 'member', 'ended');
		const all = db
			.select({ id: caseFile.id })
			.from(caseFile)
			.all()
			.map((r) => r.id);
		const reachedBy = (who: { id: number }) => {
			const actor = as(who);
			const listed = cases
				.list(db, actor, {})
				.map((r) => r.id)
				.sort((x, y) => x - y);
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
				.sort((x, y) => x - y);
			return { listed, single, ids: cases.reachableIds(db, actor).sort((x, y) => x - y) };
		};
		for (const [name, who] of Object.entries(p)) {
			const { listed, single, ids } = reachedBy(who);
			expect(listed, name).toEqual(single);
			expect(ids, name).toEqual(single);
		}
		// The data does exercise those ways: the pending inspector reaches only the case they were
		// invited to, the reporter none (their invitation ended), the ZVH chair also the case they lead.
		expect(reachedBy(p.inspector).single).toEqual([c.kwekerij.id]);
		expect(reachedBy(p.reporter).single).toEqual([]);
		expect(reachedBy(p.regisseur).single).toEqual([c.farah.id, offTable.id].sort((x, y) => x - y));
		expect(reachedBy(p.zorg).single).not.toContain(c.farah.id);
	});

	it('the zorg member sees care, the veiligheid member safety, on the same Zorgtafel case', () => {
		const { db, p, as, anna: makeAnna } = setup();
		const anna = makeAnna();
		const zorgView = cases.get(db, as(p.zorg), anna.id);
		expect(zorgView.compartments.sort()).toEqual(['shared', 'zorg']);
		expect(zorgView.zorg?.careNeeds).toContain('traumabehandeling');
		expect(zorgView.veiligheid).toBeNull();
		expect(JSON.stringify(zorgView)).not.toContain('onderzoek naar de pooier');

		const vView = cases.get(db, as(p.veiligheid), anna.id);
		expect(vView.compartments.sort()).toEqual(['shared', 'veiligheid']);
		expect(vView.veiligheid?.policeInfo).toContain('onderzoek naar de pooier');
		expect(vView.zorg).toBeNull();
		expect(JSON.stringify(vView)).not.toContain('traumabehandeling');
		// The timeline is filtered by compartment too (the case has an entry in each).
		expect(zorgView.timeline.map((e) => e.compartment).sort()).toEqual(['shared', 'zorg']);
		expect(vView.timeline.every((e) => e.compartment !== 'zorg')).toBe(true);
		expect(vView.timeline.map((e) => e.compartment).sort()).toEqual(['shared', 'veiligheid']);
	});

	it('perpetrator cases do not exist for the zorg member; the ZVH member sees both compartments', () => {
		const { db, p, as, anna, salon: makeSalon, farah: makeFarah } = setup();
		anna();
		const salon = makeSalon();
		expect(throws(() => cases.get(db, as(p.zorg), salon.id))).toBeInstanceOf(NotFoundError);
		const zorgList = cases.list(db, as(p.zorg), {});
		expect(zorgList.length).toBeGreaterThan(0);
		expect(zorgList.every((r) => r.kind === 'victim')).toBe(true);
		const farah = makeFarah();
		const zvh = cases.get(db, as(p.regisseur), farah.id);
		expect(zvh.compartments.sort()).toEqual(['shared', 'veiligheid', 'zorg']);
		expect(throws(() => cases.get(db, as(p.zorg), farah.id))).toBeInstanceOf(NotFoundError);
	});

	it('admin, auditor and reporter reach no case at all', () => {
		const { db, p, as, anna, salon } = setup();
		const any = anna();
		salon();
		for (const [name, who] of Object.entries({ admin: p.admin, auditor: p.auditor, reporter: p.reporter })) {
			expect(cases.list(db, as(who), {}), name).toEqual([]);
			expect(
				throws(() => cases.get(db, as(who), any.id)),
				name
			).toBeInstanceOf(NotFoundError);
		}
	});

	it('says that a subject is in another case only to those who reach both', () => {
		const { db, b, p, t, as, victim, perpetrator } = setup();
		// J.: a victim of criminal exploitation on the Zorgtafel, and a suspect on the AVO and Stuurtafel.
		const jay = b.subject({ label: 'J.' });
		const jayVictim = victim({ subject: jay, status: 'in_discussion' });
		const jaySuspect = perpetrator({ subject: jay, tables: [t.avo, t.stuurtafel] });
		b.link(jayVictim, jaySuspect);
		expect(cases.get(db, as(p.zorg), jayVictim.id).sameSubject).toEqual([]);
		expect(cases.get(db, as(p.zorg), jayVictim.id).linked).toEqual([]);
		expect(cases.get(db, as(p.veiligheid), jayVictim.id).sameSubject.map((c) => c.id)).toEqual([
			jaySuspect.id
		]);
	});

	it('notes one view of a case with exactly the compartments it showed, and each search with the ids shown', () => {
		const { db, p, as, anna: makeAnna, victim } = setup();
		const anna = makeAnna();
		victim({ label: 'B.P.' });
		const ctx = as(p.zorg, '10.9.9.9');
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
		const vctx = as(p.veiligheid);
		cases.get(db, vctx, anna.id);
		audit.flushViews(db, vctx);
		expect(audit.list(db, { action: 'view' }).find((r) => r.userId === vctx.actor.id)?.compartment).toBe(
			'shared,veiligheid'
		);

		const search = as(p.zorg);
		const found = cases.list(db, search, { q: 'A.K' });
		expect(found.map((r) => r.id)).toEqual([anna.id]);
		audit.flushViews(db, search);
		const row = audit.list(db, { action: 'search' }).find((r) => r.objectType === 'case');
		expect(row).toMatchObject({
			objectId: null,
			compartment: 'shared',
			detail: `q=A.K: casussen ${found.map((r) => r.id).join(',')}`
		});
		// A search that finds nothing is logged too.
		const none = as(p.zorg);
		expect(cases.list(db, none, { q: 'bestaat-niet' })).toEqual([]);
		expect(none.views.drain()).toEqual([
			expect.objectContaining({ action: 'search', detail: 'q=bestaat-niet: casussen –' })
		]);
	});
});

describe('lists and start pages', () => {
	it('search on reference and pseudonym, and filter deadlines within 14 days', () => {
		const s = setup();
		const { db, p, as } = s;
		caseload(s);
		const z = as(p.zorg);
		expect(cases.list(db, z, { q: 'A.K.' }).map((r) => r.subjectLabel)).toEqual(['A.K.']);
		const first = cases.list(db, z, {})[0];
		expect(cases.list(db, z, { q: first.reference.toLowerCase() }).map((r) => r.id)).toEqual([first.id]);
		expect(cases.list(db, z, { q: '%' })).toEqual([]);
		const soon = cases.list(db, z, { deadlineSoon: true });
		expect(soon.map((r) => r.subjectLabel)).toEqual(['A.K.']);
		expect(soon[0].nextDeadline?.days).toBe(9);
		expect(cases.list(db, as(p.coordZorg), { deadlineSoon: true }).map((r) => r.subjectLabel)).toEqual([
			'A.K.'
		]);
	});

	it('filters by kind, status, form and table within the scope', () => {
		const s = setup();
		const { db, p, t, as } = s;
		caseload(s);
		const v = as(p.veiligheid);
		const perpetrators = cases.list(db, v, { kind: 'perpetrator' });
		expect(perpetrators.length).toBe(5);
		expect(perpetrators.every((r) => r.kind === 'perpetrator')).toBe(true);
		// F.A. (organ removal too) is on the ZVH, out of the veiligheid member's scope.
		expect(cases.list(db, v, { form: 'organ_removal' }).map((r) => r.subjectLabel)).toEqual(['E.M.']);
		expect(cases.list(db, v, { tableId: t.stuurtafel.id }).length).toBe(3);
		expect(cases.list(db, v, { status: 'closed' }).map((r) => r.subjectLabel)).toEqual(['G.T.']);
	});

	it('start pages show deadlines, cases waiting for a plan, the pipeline and interventions', () => {
		const s = setup();
		const { db, p, as } = s;
		caseload(s);
		const z = cases.overview(db, as(p.zorg));
		expect(z.deadlines.map((r) => r.subjectLabel)).toEqual(['A.K.']);
		expect(z.waitingForPlan.map((r) => r.subjectLabel).sort()).toEqual(['C.', 'D.V.', 'E.M.', 'J.']);
		expect(z.interventions).toEqual([]);
		const v = cases.overview(db, as(p.veiligheid));
		expect(v.pipeline).toEqual([
			{ status: 'registered', count: 1 },
			{ status: 'in_preparation', count: 2 },
			{ status: 'in_progress', count: 2 }
		]);
		expect(v.interventions.length).toBeGreaterThan(2);
		const c = cases.overview(db, as(p.coordZorg));
		expect(c.withoutOwnerOrPlan.length).toBeGreaterThan(0);
		expect(c.withoutOwnerOrPlan.map((r) => r.status).every((st) => st === 'registered')).toBe(true);
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

	it('converts a signal into a case on a table, linked both ways', () => {
		const { db, p, t, as } = setup();
		const c = as(p.coordVeiligheid);
		const s = signals.submit(db, as(p.reporter), {
			description: 'Vrouw zonder papieren bij de balie, begeleid door een man.',
			locationKind: 'other',
			forms: ['sexual'],
			urgency: 'high',
			municipality: 'Teststad'
		});
		const created = cases.create(db, c, {
			...person,
			tableIds: [String(t.zorgtafel.id)],
			signalId: String(s.id)
		});
		expect(created.reference).toMatch(/^S-2026-\d{4}$/);
		expect(created.forms).toEqual(['sexual']);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.status).toBe('converted');
		expect(cases.fromSignal(db, c, s.id).map((x) => x.id)).toEqual([created.id]);
		expect(cases.get(db, c, created.id).signals.map((x) => x.id)).toEqual([s.id]);
		// The zorg member of the Zorgtafel now reaches it; the reporter never does.
		expect(cases.get(db, as(p.zorg), created.id).compartments.sort()).toEqual(['shared', 'zorg']);
		expect(throws(() => cases.get(db, as(p.reporter), created.id))).toBeInstanceOf(NotFoundError);
		// A second case from the same signal is allowed.
		const second = cases.create(db, c, {
			kind: 'perpetrator',
			subjectKind: 'person',
			subjectLabel: 'X.',
			tableIds: [String(t.avo.id)],
			signalId: String(s.id)
		});
		expect(second.reference).toMatch(/^D-2026-/);
		expect(cases.fromSignal(db, c, s.id)).toHaveLength(2);
	});

	it('refuses a closed signal, bad input and a case its creator could not see, changing nothing', () => {
		const { db, p, as } = setup();
		const c = as(p.coordVeiligheid);
		const count = () => db.select().from(caseFile).all().length;
		const before = count();
		const s = signals.submit(db, as(p.reporter), {
			description: 'Iets gezien bij het station, niet zeker.',
			locationKind: 'station',
			urgency: 'normal',
			municipality: 'Teststad'
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
			[{ ...person, ownerId: String(p.auditor.id) }, /Beheerders en privacyfunctionarissen/],
			[{ ...person, ownerId: String(p.zorg.id) }, /niet meer kunnen zien/],
			[{ ...person, existingSubjectId: '99999' }, /betrokkene uit een casus/]
		];
		for (const [input, message] of bad) {
			const err = throws(() => cases.create(db, c, input));
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before);
		for (const [name, who] of Object.entries({
			zorg: p.zorg,
			reporter: p.reporter,
			admin: p.admin,
			auditor: p.auditor
		})) {
			expect(
				throws(() => cases.create(db, as(who), person)),
				name
			).toBeInstanceOf(NotFoundError);
		}
	});

	it('opens a perpetrator case about a victim’s subject, linked to the victim case', () => {
		const { db, p, t, as, victim } = setup();
		const c = as(p.coordVeiligheid);
		const bogdan = victim({ label: 'B.P.', status: 'in_progress', forms: ['labour'] });
		const created = cases.create(db, c, {
			kind: 'perpetrator',
			existingSubjectId: String(bogdan.subjectId),
			tableIds: [String(t.avo.id)]
		});
		expect(created.subjectId).toBe(bogdan.subjectId);
		expect(cases.get(db, c, created.id).linked.map((x) => x.id)).toContain(bogdan.id);
		expect(cases.get(db, as(p.zorg), bogdan.id).sameSubject).toEqual([]);
	});
});

describe('changing cases', () => {
	it('follows the status lifecycle, and a closed case is read-only', () => {
		const { db, p, as, victim, current } = setup();
		const owner = as(p.coordZorg);
		const dmitri = victim({ label: 'D.V.', status: 'registered' });
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
			throws(() => cases.setStatus(db, as(p.zorg), dmitri.id, current.case(dmitri.id, { status: 'closed' })))
		).toBeInstanceOf(NotFoundError);
	});

	it('refuses a compartment the writer cannot see, even through a crafted post', () => {
		const { db, p, as, anna: makeAnna, current } = setup();
		const anna = makeAnna();
		const before = db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, anna.id)).get();
		expect(
			throws(() =>
				cases.updateVeiligheid(
					db,
					as(p.zorg),
					anna.id,
					current.veiligheid(anna.id, { policeInfo: 'ingebroken' })
				)
			)
		).toBeInstanceOf(NotFoundError);
		expect(
			throws(() => cases.addIntervention(db, as(p.zorg), anna.id, { kind: 'closure', status: 'planned' }))
		).toBeInstanceOf(NotFoundError);
		expect(
			throws(() =>
				cases.updateZorg(db, as(p.veiligheid), anna.id, current.zorg(anna.id, { careNeeds: 'ingebroken' }))
			)
		).toBeInstanceOf(NotFoundError);
		expect(db.select().from(caseVeiligheid).where(eq(caseVeiligheid.caseId, anna.id)).get()).toEqual(before);
	});

	it('keeps legal deadlines within three months', () => {
		const { db, p, as, victim, current } = setup();
		const owner = as(p.coordZorg);
		const eva = victim({ label: 'E.M.', forms: ['organ_removal'] });
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

	it('applies the consent rules: under 16 a parent signs, otherwise the person; without consent a weighing', () => {
		const { db, p, as, chloe: makeChloe, current } = setup();
		const owner = as(p.coordZorg);
		const chloe = makeChloe(); // born 2010-05-20: 16 on 2026-05-20
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

	it('invites participants, who see shared plus their own domain, and refuses deactivated accounts', () => {
		const { db, p, as, salon: makeSalon } = setup();
		const owner = as(p.coordVeiligheid);
		const salon = makeSalon();
		// The inspector's membership of the Zorgtafel is still pending: they reach nothing yet.
		expect(throws(() => cases.get(db, as(p.inspector), salon.id))).toBeInstanceOf(NotFoundError);
		cases.addParticipant(db, owner, salon.id, { userId: String(p.inspector.id) });
		expect(cases.get(db, as(p.inspector), salon.id).compartments.sort()).toEqual(['shared', 'veiligheid']);
		db.update(user).set({ active: false }).where(eq(user.id, p.reporter.id)).run();
		expect(
			(throws(() => cases.addParticipant(db, owner, salon.id, { userId: String(p.reporter.id) })) as Error)
				.message
		).toMatch(/gedeactiveerd/);
		expect(
			throws(() => cases.addParticipant(db, owner, salon.id, { userId: String(p.admin.id) }))
		).toBeInstanceOf(ValidationError);
		const participant = cases.get(db, owner, salon.id).participants[0];
		cases.endParticipant(db, owner, salon.id, { participantId: String(participant.id) });
		expect(throws(() => cases.get(db, as(p.inspector), salon.id))).toBeInstanceOf(NotFoundError);
	});

	it('links cases, but not to itself, twice, or to a case the linker cannot see', () => {
		const { db, p, as, victim, salon: makeSalon, farah: makeFarah } = setup();
		const owner = as(p.coordVeiligheid);
		const salon = makeSalon();
		const bogdan = victim({ label: 'B.P.', status: 'in_progress' });
		const farah = makeFarah();
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
		expect(cases.get(db, owner, farah.id)).toBeTruthy();
		expect(
			(throws(() => cases.link(db, as(p.stuurChair), salon.id, { reference: farah.reference })) as Error)
				.message
		).toMatch(/geen casus/);
	});

	it('taking a case off a table removes that table’s access', () => {
		const { db, p, t, as, salon: makeSalon } = setup();
		const owner = as(p.coordVeiligheid);
		const salon = makeSalon();
		expect(cases.get(db, as(p.stuurChair), salon.id)).toBeTruthy();
		cases.removeTable(db, owner, salon.id, { tableId: String(t.stuurtafel.id) });
		// Still a member of the AVO, so still reached — but remove that too and the chair loses it.
		expect(cases.get(db, as(p.stuurChair), salon.id)).toBeTruthy();
		cases.removeTable(db, owner, salon.id, { tableId: String(t.avo.id) });
		expect(throws(() => cases.get(db, as(p.stuurChair), salon.id))).toBeInstanceOf(NotFoundError);
		expect(cases.get(db, owner, salon.id).tables).toEqual([]);
	});
});

describe('issue 13, finding 1: a timeline names only what its reader may see', () => {
	/** A victim case at the Zorgtafel linked to a perpetrator case on the AVO only. */
	function linkedPair() {
		const s = setup();
		const c = s.as(s.p.coordVeiligheid);
		const victim = cases.create(s.db, c, {
			kind: 'victim',
			subjectKind: 'person',
			subjectLabel: 'Q.',
			tableIds: [String(s.t.zorgtafel.id)]
		});
		const perpetrator = cases.create(s.db, c, {
			kind: 'perpetrator',
			subjectKind: 'person',
			subjectLabel: 'R.',
			tableIds: [String(s.t.avo.id)]
		});
		cases.link(s.db, c, victim.id, { reference: perpetrator.reference });
		return { ...s, victim, perpetrator };
	}

	it('leaves out the link to a perpetrator case the reader does not reach, in the view and its data', () => {
		const { db, p, as, victim, perpetrator } = linkedPair();
		const { zorg, coordZorg, zorgChair } = p;
		for (const [name, who] of Object.entries({ zorg, coordZorg, zorgChair })) {
			const view = cases.get(db, as(who), victim.id);
			expect(() => cases.get(db, as(who), perpetrator.id), name).toThrow(NotFoundError);
			expect(
				view.timeline.some((e) => e.kind === 'linked'),
				name
			).toBe(false);
			expect(JSON.stringify(view), name).not.toContain(perpetrator.reference);
		}
		// Who reaches both cases sees the link, with the reference, from both sides.
		const both = as(p.coordVeiligheid);
		expect(cases.get(db, both, victim.id).timeline.find((e) => e.kind === 'linked')?.detail).toBe(
			perpetrator.reference
		);
		expect(cases.get(db, both, perpetrator.id).timeline.find((e) => e.kind === 'linked')?.detail).toBe(
			victim.reference
		);
	});

	it('shows the signal a case came from without its reference to those who may not open the signal; tables by name', () => {
		const { db, p, t, as } = setup();
		const c = as(p.coordVeiligheid);
		const s = signals.submit(db, as(p.reporter), {
			description: 'Een jonge man slaapt op de bouwplaats, zegt niets.',
			locationKind: 'other',
			forms: ['labour'],
			urgency: 'normal',
			municipality: 'Teststad'
		});
		const created = cases.create(db, c, {
			kind: 'victim',
			subjectKind: 'person',
			subjectLabel: 'S.',
			tableIds: [String(t.zorgtafel.id)],
			signalId: String(s.id)
		});
		cases.addTable(db, c, created.id, { tableId: String(t.stuurtafel.id) });
		const forZorg = cases.get(db, as(p.zorg), created.id);
		expect(forZorg.timeline.find((e) => e.kind === 'from_signal')).toMatchObject({ detail: null });
		expect(JSON.stringify(forZorg)).not.toContain(s.reference);
		expect(forZorg.timeline.find((e) => e.kind === 'table_added')?.detail).toBe(
			forZorg.tables.find((x) => x.kind === 'stuurtafel')?.name
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
	it('notes one view naming the cases shown, with the veiligheid compartment only when it shows interventions', () => {
		const { db, b, p, as, anna, victim, perpetrator } = setup();
		// For the zorg member: a deadline soon and a registered victim case; for the veiligheid
		// member also a perpetrator case on the AVO with interventions under way.
		anna({ reflectionStart: inDays(-71), reflectionEnd: inDays(9) });
		victim({ label: 'D.V.' });
		const snelwerk = perpetrator({ label: 'Snelwerk BV (test)', status: 'in_preparation' });
		b.intervention(snelwerk, {
			kind: 'bibob_screening',
			status: 'in_progress',
			createdBy: p.coordVeiligheid
		});
		b.intervention(snelwerk, { kind: 'inspection', status: 'planned', createdBy: p.coordVeiligheid });
		const z = as(p.zorg);
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

		const v = as(p.veiligheid);
		const vShown = cases.overview(db, v);
		expect(vShown.interventions.length).toBeGreaterThan(0);
		expect(vShown.waitingForPlan).toEqual([]); // not a section of the veiligheid start page, so not loaded
		const [note] = v.views.drain();
		expect(note.compartments).toEqual(['shared', 'veiligheid']);
		for (const i of vShown.interventions) expect(note.detail).toMatch(new RegExp(`[ ,]${i.caseId}(,|$)`));

		for (const [name, who] of Object.entries({ admin: p.admin, auditor: p.auditor, reporter: p.reporter })) {
			const g = as(who);
			cases.overview(db, g);
			expect(g.views.size, name).toBe(0);
		}
	});

	it('notes the cases of a signal and the subjects offered for a new case', () => {
		const { db, p, t, as } = setup();
		const c = as(p.coordVeiligheid);
		const s = signals.submit(db, as(p.reporter), {
			description: 'Twee vrouwen worden elke ochtend opgehaald bij het station.',
			locationKind: 'station',
			urgency: 'normal',
			municipality: 'Teststad'
		});
		const created = cases.create(db, c, {
			kind: 'victim',
			subjectKind: 'person',
			subjectLabel: 'T.',
			tableIds: [String(t.zorgtafel.id)],
			signalId: String(s.id)
		});
		const reader = as(p.coordVeiligheid);
		cases.fromSignal(db, reader, s.id);
		expect(reader.views.drain()).toEqual([
			expect.objectContaining({
				action: 'view',
				objectType: 'case',
				detail: `signaal ${s.id}: casussen ${created.id}`
			})
		]);
		const offered = as(p.coordVeiligheid);
		expect(cases.subjectsForActor(db, offered).length).toBeGreaterThan(0);
		expect(offered.views.drain()[0].detail).toMatch(
			new RegExp(`^betrokkenen: casussen .*\\b${created.id}\\b`)
		);
	});
});

describe('issue 13, finding 4: a change is whole or absent', () => {
	it('leaves no half-written change when its log entry cannot be written', () => {
		const { db, p, as, anna: makeAnna, current } = setup();
		const anna = makeAnna();
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
			cases.updateZorg(db, as(p.zorg), anna.id, current.zorg(anna.id, { careNeeds: 'half geschreven' }))
		).toThrow(/schijf vol/);
		expect(() =>
			cases.setStatus(db, as(p.coordZorg), anna.id, current.case(anna.id, { status: 'closed' }))
		).toThrow(/schijf vol/);
		db.$client.exec('drop trigger no_log');
		expect(db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get()).toEqual(zorgBefore);
		expect(db.select().from(caseFile).where(eq(caseFile.id, anna.id)).get()?.status).not.toBe('closed');
		expect(events().n).toBe(eventsBefore);
	});
});

describe('issue 13, finding 5: no silent overwrite between tabs', () => {
	it('refuses the second of two care saves from the same loaded version, naming the fields, and changes nothing', () => {
		const { db, p, as, anna: makeAnna } = setup();
		const anna = makeAnna();
		const loaded = cases.get(db, as(p.zorg), anna.id).zorg!;
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
		cases.updateZorg(db, as(p.zorg), anna.id, tabA);
		const saved = db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get()!;
		expect(saved).toMatchObject({ careNeeds: tabA.careNeeds, version: loaded.version + 1 });
		const logBefore = audit.list(db, { limit: 10_000 }).length;
		const err = throws(() => cases.updateZorg(db, as(p.coordZorg), anna.id, tabB));
		expect(err).toBeInstanceOf(StaleError);
		// Tab B's form differs from what is stored now in care needs (tab A's save) and health (its own input).
		expect((err as Error).message).toContain('Noor Zorg');
		expect((err as Error).message).toContain('Zorgbehoeften, Gezondheid');
		expect(db.select().from(caseZorg).where(eq(caseZorg.caseId, anna.id)).get()).toEqual(saved);
		expect(audit.list(db, { limit: 10_000 }).length).toBe(logBefore);
		// Saved again from the new version, it goes through.
		cases.updateZorg(db, as(p.coordZorg), anna.id, { ...tabB, version: String(saved.version) });
	});

	it('versions every edit form of a case: status, phase, leads, deadlines, subject, consent, veiligheid, interventions', () => {
		const { db, b, p, as, salon: makeSalon, chloe: makeChloe } = setup();
		const salon = makeSalon();
		b.intervention(salon, { kind: 'closure', status: 'planned', createdBy: p.coordVeiligheid });
		const owner = as(p.coordVeiligheid);
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
			stale(() => cases.setLeads(db, owner, salon.id, { version: old, ownerId: String(p.veiligheid.id) }))
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
		const chloe = makeChloe();
		const zc = as(p.coordZorg);
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
