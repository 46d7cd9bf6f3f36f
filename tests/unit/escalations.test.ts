import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as escalations from '../../src/lib/server/escalations';
import * as cases from '../../src/lib/server/cases';
import { caseFile, decision, escalation, escalationStep, meeting } from '../../src/lib/server/db/schema';
import { nextStates, RIEC_STATES, ZVH_STATES } from '../../src/lib/domain/escalations';
import * as audit from '../../src/lib/server/audit';
import * as policy from '../../src/lib/server/policy';
import { ConflictError, NotFoundError, StaleError, ValidationError } from '../../src/lib/server/errors';
import { createContext, type Ctx } from '../../src/lib/server/context';
import type { Db } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import { DAY, NOW, after, freshDb } from './helpers';
import { builder } from '../support/build';

/** A request context for one call (its own clock and view ledger). */
const cx = (actor: Actor, now: Date): Ctx => createContext({ actor, now });

/** A step form's input with the escalation's stored version (a form loaded just before). */
function ev(db: Db, raw: { escalationId: string } & Record<string, unknown>) {
	const row = db
		.select({ version: escalation.version })
		.from(escalation)
		.where(eq(escalation.id, Number(raw.escalationId)))
		.get();
	return { version: String(row?.version ?? 0), ...raw };
}

/** A decision of a (new) meeting of a table about a case: the test's own data. */
function decisionAt(
	db: Db,
	tableId: number,
	caseId: number,
	by: number,
	text: string,
	kind: 'escalate_riec' | 'escalate_zvh' | 'other' = 'other'
): number {
	const mt = db
		.insert(meeting)
		.values({ tableId, startsAt: NOW, status: 'closed', createdBy: by, createdAt: NOW })
		.returning()
		.get();
	return db
		.insert(decision)
		.values({ meetingId: mt.id, tableId, caseId, kind, text, createdBy: by, createdAt: NOW })
		.returning()
		.get().id;
}

afterEach(() => {
	delete process.env.ESCALATION_NORMS;
});

/**
 * A region of the test's own, shaped like the chain it tests: a Zorgtafel, an AVO, a Stuurtafel
 * and a ZVH case meeting with their members, victim and perpetrator cases, and escalations on
 * both routes in several states (some past their feedback norm, some ended).
 */
function setup() {
	const db = freshDb();
	const b = builder(db);
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Test' });
	const avo = b.table({ kind: 'avo', name: 'AVO Test' });
	const stuur = b.table({ kind: 'stuurtafel', name: 'Stuurtafel Test' });
	const zvh = b.table({ kind: 'zvh', name: 'ZVH-casusoverleg Test' });
	const people = {
		/** Veiligheid coordinator: AVO chair, Stuurtafel secretary, Zorgtafel and ZVH member. */
		'coordinator.veiligheid': b.person({
			name: 'Vera Veiligheid',
			domain: 'veiligheid',
			roles: ['coordinator']
		}),
		/** Zorg coordinator: Zorgtafel secretary, ZVH member. */
		'coordinator.zorg': b.person({ name: 'Zara Zorgcoördinator', domain: 'zorg', roles: ['coordinator'] }),
		'voorzitter.zorgtafel': b.person({ name: 'Zoë Voorzitter', domain: 'zorg' }),
		/** Stuurtafel chair, plain AVO member. */
		'voorzitter.stuurtafel': b.person({ name: 'Stijn Voorzitter', domain: 'veiligheid' }),
		zorg: b.person({ name: 'Zeger Zorg', domain: 'zorg' }),
		/** Police: member of the Zorgtafel, the AVO and the Stuurtafel. */
		veiligheid: b.person({ name: 'Paul Politie', domain: 'veiligheid' }),
		'procesregisseur.zvh': b.person({
			name: 'Petra Procesregisseur',
			domain: 'zorg',
			roles: ['coordinator']
		}),
		melder: b.person({ name: 'Mo Melder', domain: 'zorg', roles: ['reporter'] }),
		beheer: b.person({ name: 'Bea Beheer', domain: 'veiligheid', roles: ['admin'] }),
		fg: b.person({ name: 'Fred Gegevensbescherming', domain: 'veiligheid', roles: ['auditor'] })
	};
	const p = people;
	b.member(zt, p['voorzitter.zorgtafel'], 'chair');
	b.member(zt, p['coordinator.zorg'], 'secretary');
	b.member(zt, p['coordinator.veiligheid']);
	b.member(zt, p.zorg);
	b.member(zt, p.veiligheid);
	b.member(avo, p['coordinator.veiligheid'], 'chair');
	b.member(avo, p.veiligheid);
	b.member(avo, p['voorzitter.stuurtafel']);
	b.member(stuur, p['voorzitter.stuurtafel'], 'chair');
	b.member(stuur, p['coordinator.veiligheid'], 'secretary');
	b.member(stuur, p.veiligheid);
	b.member(zvh, p['procesregisseur.zvh'], 'chair');
	b.member(zvh, p['coordinator.zorg']);
	b.member(zvh, p['coordinator.veiligheid']);
	const cz = p['coordinator.zorg'];
	const cv = p['coordinator.veiligheid'];
	const cases_ = {
		/** A victim case without escalations (the ZVH route is walked on it). */
		dmitri: b.caseFile({ kind: 'victim', label: 'Victim-D', tables: [zt], owner: cz }),
		/** A closed victim case. */
		gina: b.caseFile({ kind: 'victim', label: 'Victim-G', tables: [zt], owner: cz, status: 'closed' }),
		/** A victim case without escalations, only on the Zorgtafel. */
		anna: b.caseFile({ kind: 'victim', label: 'Victim-A', tables: [zt], owner: cz }),
		/** A victim case on its ZVH route (submitted: now on the ZVH table too), in triage. */
		chloe: b.caseFile({ kind: 'victim', label: 'Victim-C', tables: [zt, zvh], owner: cz }),
		/** A victim case whose ZVH route was de-escalated (back on the Zorgtafel only). */
		bogdan: b.caseFile({ kind: 'victim', label: 'Victim-B', tables: [zt], owner: cz }),
		/** A perpetrator case without escalations (the RIEC route is walked on it). */
		jay: b.caseFile({ kind: 'perpetrator', label: 'Suspect-J', tables: [avo, stuur], owner: cv }),
		/** A perpetrator case with an open RIEC route, proposed 20 days ago. */
		pimp: b.caseFile({ kind: 'perpetrator', label: 'Suspect-K', tables: [avo], owner: cv }),
		/** A perpetrator case whose RIEC route has run for 5 days. */
		salon: b.caseFile({
			kind: 'perpetrator',
			subject: b.subject({ kind: 'premises', label: 'Pand-S' }),
			tables: [avo, stuur],
			owner: cv
		}),
		/** A perpetrator case whose RIEC route was declined (ended). */
		kwekerij: b.caseFile({
			kind: 'perpetrator',
			subject: b.subject({ kind: 'premises', label: 'Pand-K' }),
			tables: [stuur],
			owner: p['voorzitter.stuurtafel']
		})
	};
	const ago = (days: number) => after(NOW, -days * DAY);
	const escalations_ = {
		pimp: b.escalation({
			caseId: cases_.pimp,
			target: 'riec',
			state: 'proposed',
			since: ago(20),
			openedBy: cv
		}),
		salon: b.escalation({
			caseId: cases_.salon,
			target: 'riec',
			state: 'riec_in_progress',
			since: ago(5),
			openedBy: cv
		}),
		kwekerij: b.escalation({
			caseId: cases_.kwekerij,
			target: 'riec',
			state: 'declined',
			since: ago(45),
			closedAt: ago(45),
			openedBy: p['voorzitter.stuurtafel']
		}),
		chloe: b.escalation({
			caseId: cases_.chloe,
			target: 'zvh',
			state: 'triage',
			since: ago(20),
			fromTable: zt,
			openedBy: cz
		}),
		bogdan: b.escalation({
			caseId: cases_.bogdan,
			target: 'zvh',
			state: 'de_escalated',
			since: ago(40),
			closedAt: ago(40),
			fromTable: zt,
			openedBy: cz
		})
	};
	const as = (local: string) => {
		const person = people[local as keyof typeof people];
		if (!person) throw new Error(`geen persoon ${local}`);
		return b.actor(person);
	};
	const caseId = (key: keyof typeof cases_) => cases_[key].id;
	return {
		db,
		b,
		as,
		caseId,
		ids: { table: { zorgtafel: zt.id, avo: avo.id, stuurtafel: stuur.id, zvh: zvh.id } },
		escalations: escalations_
	};
}

function throws(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return undefined;
}

describe('routes', () => {
	it('allow exactly the designed transitions', () => {
		expect(nextStates('riec', 'proposed')).toEqual(['on_avo_agenda']);
		expect(nextStates('riec', 'avo_advice').sort()).toEqual(['accepted', 'declined']);
		expect(nextStates('riec', 'riec_in_progress').sort()).toEqual(['completed', 'returned']);
		for (const end of ['declined', 'completed', 'returned'] as const)
			expect(nextStates('riec', end)).toEqual([]);
		expect(nextStates('zvh', 'proposed')).toEqual(['submitted']);
		expect(nextStates('zvh', 'process_direction').sort()).toEqual(['completed', 'de_escalated']);
		for (const s of RIEC_STATES) for (const to of nextStates('riec', s)) expect(RIEC_STATES).toContain(to);
		for (const s of ZVH_STATES) for (const to of nextStates('zvh', s)) expect(ZVH_STATES).toContain(to);
	});
});

describe('RIEC route', () => {
	it('goes proposed → AVO agenda → AVO advice → Stuurtafel decision → RIEC → completed, by the tables on the route', () => {
		const { db, as, caseId } = setup();
		const jay = caseId('jay');
		const e = escalations.propose(db, cx(as('coordinator.veiligheid'), NOW), jay, {
			target: 'riec',
			note: 'Netwerk rond J. breder aanpakken.'
		});
		expect(e.state).toBe('proposed');
		const step = (local: string, to: string, extra: object = {}, at = NOW) =>
			escalations.transition(db, cx(as(local), at), ev(db, { escalationId: String(e.id), to, ...extra }));
		// Skipping a state is refused; so is a step by someone not on the route.
		expect(throws(() => step('coordinator.veiligheid', 'avo_advice'))).toBeInstanceOf(ConflictError);
		expect(throws(() => step('zorg', 'on_avo_agenda'))).toBeInstanceOf(NotFoundError);
		expect((throws(() => step('voorzitter.stuurtafel', 'on_avo_agenda')) as Error).message).toMatch(
			/andere tafel/
		);
		// That refusal is a denial in the access log.
		expect(
			audit
				.list(db, { action: 'denied' })
				.some(
					(r) =>
						r.objectType === 'escalation' &&
						r.objectId === String(e.id) &&
						r.userId === as('voorzitter.stuurtafel').id
				)
		).toBe(true);
		step('coordinator.veiligheid', 'on_avo_agenda', {}, after(NOW, DAY));
		step('coordinator.veiligheid', 'avo_advice', { note: 'Positief advies.' }, after(NOW, 2 * DAY));
		// A plain police member of the Stuurtafel does not take its decisions.
		expect(throws(() => step('veiligheid', 'accepted'))).toBeInstanceOf(ValidationError);
		expect((throws(() => step('voorzitter.stuurtafel', 'declined')) as Error).message).toMatch(/toelichting/);
		step('voorzitter.stuurtafel', 'accepted', {}, after(NOW, 3 * DAY));
		step('voorzitter.stuurtafel', 'riec_in_progress', {}, after(NOW, 4 * DAY));
		expect((throws(() => step('voorzitter.stuurtafel', 'returned')) as Error).message).toMatch(/toelichting/);
		const done = step(
			'voorzitter.stuurtafel',
			'completed',
			{ note: 'Pand gesloten, vergunning ingetrokken.' },
			after(NOW, 40 * DAY)
		);
		expect(done).toMatchObject({ state: 'completed' });
		expect(done.closedAt).toEqual(after(NOW, 40 * DAY));
		const steps = db.select().from(escalationStep).where(eq(escalationStep.escalationId, e.id)).all();
		expect(steps.map((s) => s.toState)).toEqual([
			'proposed',
			'on_avo_agenda',
			'avo_advice',
			'accepted',
			'riec_in_progress',
			'completed'
		]);
		expect(steps.every((s) => s.byUserId !== null)).toBe(true);
	});

	it('moves with the AVO agenda and with escalation decisions at the right table', () => {
		const { db, ids, as, caseId } = setup();
		const jay = caseId('jay');
		const e = escalations.propose(db, cx(as('coordinator.veiligheid'), NOW), jay, { target: 'riec' });
		const avoChair = as('coordinator.veiligheid');
		// What the meetings module reports: the case put on the AVO agenda, then its escalation decision there.
		escalations.onTableEvent(db, cx(avoChair, NOW), { kind: 'agenda', tableKind: 'avo', caseId: jay });
		expect(db.select().from(escalation).where(eq(escalation.id, e.id)).get()?.state).toBe('on_avo_agenda');
		const d = decisionAt(db, ids.table['avo'], jay, avoChair.id, 'Advies: RIEC-casus.', 'escalate_riec');
		escalations.onTableEvent(db, cx(avoChair, NOW), {
			kind: 'decision',
			tableKind: 'avo',
			tableId: ids.table['avo'],
			caseId: jay,
			decisionKind: 'escalate_riec',
			decisionId: d
		});
		expect(db.select().from(escalation).where(eq(escalation.id, e.id)).get()?.state).toBe('avo_advice');
		expect(
			db.select().from(escalationStep).where(eq(escalationStep.escalationId, e.id)).all().at(-1)?.decisionId
		).toBe(d);
		// Each move is a change in the log, in the transaction of the table's change.
		expect(
			audit
				.list(db, { action: 'update' })
				.filter((r) => r.objectType === 'escalation' && r.objectId === String(e.id))
				.map((r) => r.detail)
		).toEqual([`on_avo_agenda → avo_advice (besluit ${d})`, 'proposed → on_avo_agenda (agenda)']);
		// A decision from a table that is not on the route cannot be used for a step.
		// (Even one about this very case: the table is what is wrong.)
		const zorgDecision = {
			id: decisionAt(
				db,
				ids.table['zorgtafel'],
				jay,
				as('voorzitter.zorgtafel').id,
				'Zorgtafel-besluit.',
				'escalate_riec'
			)
		};
		expect(
			(
				throws(() =>
					escalations.transition(
						db,
						cx(as('voorzitter.stuurtafel'), NOW),
						ev(db, { escalationId: String(e.id), to: 'accepted', decisionId: String(zorgDecision.id) })
					)
				) as Error
			).message
		).toMatch(/hoort niet/);
	});

	it('refuses closed cases, victim cases, and a second open escalation with the same target', () => {
		const { db, as, caseId } = setup();
		const pimp = caseId('pimp');
		expect(
			throws(() => escalations.propose(db, cx(as('coordinator.veiligheid'), NOW), pimp, { target: 'riec' }))
		).toBeInstanceOf(ConflictError);
		const anna = caseId('anna');
		expect(
			(
				throws(() =>
					escalations.propose(db, cx(as('coordinator.zorg'), NOW), anna, { target: 'riec' })
				) as Error
			).message
		).toMatch(/daderzaken/);
		const gina = caseId('gina');
		expect(
			(
				throws(() =>
					escalations.propose(db, cx(as('coordinator.zorg'), NOW), gina, { target: 'zvh' })
				) as Error
			).message
		).toMatch(/gesloten/);
		expect(
			throws(() => escalations.propose(db, cx(as('veiligheid'), NOW), anna, { target: 'zvh' }))
		).toBeInstanceOf(NotFoundError);
	});
});

describe('ZVH route', () => {
	it('submits the case to the ZVH, raises the AVE phase as it goes, and hands it back on de-escalation', () => {
		const { db, ids, as, caseId } = setup();
		const dmitri = caseId('dmitri');
		const e = escalations.propose(db, cx(as('coordinator.zorg'), NOW), dmitri, {
			target: 'zvh',
			fromTableId: String(ids.table['zorgtafel'])
		});
		const zvhChair = as('procesregisseur.zvh');
		expect(throws(() => cases.get(db, cx(zvhChair, NOW), dmitri))).toBeInstanceOf(NotFoundError);
		escalations.transition(
			db,
			cx(as('coordinator.zorg'), NOW),
			ev(db, { escalationId: String(e.id), to: 'submitted' })
		);
		expect(cases.get(db, cx(zvhChair, NOW), dmitri).compartments.sort()).toEqual([
			'shared',
			'veiligheid',
			'zorg'
		]);
		escalations.transition(db, cx(zvhChair, NOW), ev(db, { escalationId: String(e.id), to: 'triage' }));
		escalations.transition(db, cx(zvhChair, NOW), ev(db, { escalationId: String(e.id), to: 'case_meeting' }));
		expect(db.select().from(caseFile).where(eq(caseFile.id, dmitri)).get()?.avePhase).toBe(3);
		escalations.transition(
			db,
			cx(zvhChair, NOW),
			ev(db, { escalationId: String(e.id), to: 'process_direction' })
		);
		expect(db.select().from(caseFile).where(eq(caseFile.id, dmitri)).get()?.avePhase).toBe(4);
		escalations.transition(
			db,
			cx(zvhChair, NOW),
			ev(db, { escalationId: String(e.id), to: 'de_escalated', note: 'Terug naar de Zorgtafel.' })
		);
		expect(db.select().from(caseFile).where(eq(caseFile.id, dmitri)).get()?.avePhase).toBe(2);
		expect(throws(() => cases.get(db, cx(zvhChair, NOW), dmitri))).toBeInstanceOf(NotFoundError);
	});
});

describe('who sees escalations, and time in state', () => {
	it('an RIEC route only through the AVO and Stuurtafel; a ZVH route through the ZVH and the escalating table', () => {
		const { db, as } = setup();
		const riecFor = (local: string) =>
			escalations.board(db, cx(as(local), NOW), {}).filter((r) => r.target === 'riec');
		expect(riecFor('veiligheid').length).toBeGreaterThan(0);
		expect(riecFor('voorzitter.stuurtafel').length).toBeGreaterThan(0);
		for (const local of [
			'zorg',
			'coordinator.zorg',
			'voorzitter.zorgtafel',
			'procesregisseur.zvh',
			'melder',
			'beheer',
			'fg'
		])
			expect(riecFor(local), local).toEqual([]);
		const zvhFor = (local: string) =>
			escalations.board(db, cx(as(local), NOW), {}).filter((r) => r.target === 'zvh');
		expect(zvhFor('procesregisseur.zvh').length).toBe(1);
		// The escalating Zorgtafel sees its routes, the de-escalated one too; the ZVH sees what it has now.
		expect(
			zvhFor('zorg')
				.map((r) => r.state)
				.sort()
		).toEqual(['de_escalated', 'triage']);
		expect(zvhFor('voorzitter.stuurtafel')).toEqual([]);
	});

	it('counts time in the current state and flags what is past its feedback norm', () => {
		const { db, as } = setup();
		const rows = escalations.board(db, cx(as('veiligheid'), NOW), { target: 'riec' });
		const proposed = rows.find((r) => r.state === 'proposed')!;
		expect(proposed.daysInState).toBe(20);
		expect(proposed.overdue).toBe(true);
		const inProgress = rows.find((r) => r.state === 'riec_in_progress')!;
		expect(inProgress.overdue).toBe(false);
		expect(
			escalations
				.board(db, cx(as('veiligheid'), after(NOW, 200 * DAY)), { target: 'riec' })
				.find((r) => r.id === inProgress.id)?.overdue
		).toBe(true);
		process.env.ESCALATION_NORMS = JSON.stringify({ proposed: 60 });
		expect(
			escalations.board(db, cx(as('veiligheid'), NOW), { target: 'riec' }).find((r) => r.id === proposed.id)
				?.overdue
		).toBe(false);
		// Open escalations come first, ended ones last.
		const all = escalations.board(db, cx(as('veiligheid'), NOW), {});
		expect(all.findIndex((r) => !r.open)).toBeGreaterThan(all.findLastIndex((r) => r.open));
	});
});

describe('a decision cited by a step is seen only through its own table (finding 2, §3.3)', () => {
	it('the policy rule: the decision’s table, not the route', () => {
		const { ids, as } = setup();
		const zvh = ids.table['zvh'];
		expect(policy.maySeeCitedDecision(as('procesregisseur.zvh'), zvh)).toBe(true);
		for (const local of ['zorg', 'voorzitter.zorgtafel', 'veiligheid', 'beheer', 'fg'])
			expect(policy.maySeeCitedDecision(as(local), zvh), local).toBe(false);
		expect(policy.maySeeCitedDecision(as('zorg'), ids.table['zorgtafel'])).toBe(true);
	});

	it('a ZVH decision moving a ZVH route is not shown to Zorgtafel members who are not on the ZVH; the step still is', () => {
		const { db, ids, as, caseId } = setup();
		const chloe = caseId('chloe');
		const e = db
			.select()
			.from(escalation)
			.where(eq(escalation.caseId, chloe))
			.all()
			.find((x) => x.target === 'zvh' && x.closedAt === null)!;
		expect(e.state).toBe('triage');
		const zvhChair = as('procesregisseur.zvh');
		const marker = 'Mx-ZVH-besluit: alleen voor de ZVH-casustafel';
		const d = decisionAt(db, ids.table['zvh'], chloe, zvhChair.id, marker);
		escalations.transition(
			db,
			cx(zvhChair, NOW),
			ev(db, { escalationId: String(e.id), to: 'case_meeting', decisionId: String(d) })
		);
		// The ZVH sees its own decision with the step.
		expect(escalations.get(db, cx(zvhChair, NOW), e.id).steps.at(-1)).toMatchObject({
			toState: 'case_meeting',
			decisionText: marker
		});
		for (const local of ['zorg', 'voorzitter.zorgtafel', 'veiligheid']) {
			const view = escalations.get(db, cx(as(local), NOW), e.id);
			expect(view.steps.at(-1), local).toMatchObject({
				toState: 'case_meeting',
				at: NOW,
				decisionText: null
			});
			expect(JSON.stringify(view), local).not.toContain('Mx-ZVH-besluit');
			expect(
				view.decisions.map((x) => x.id),
				local
			).not.toContain(d);
		}
	});

	it('a step cannot cite a decision of a route table the stepping actor does not sit at', () => {
		const { db, ids, as, caseId } = setup();
		const chloe = caseId('chloe');
		const e = db
			.select()
			.from(escalation)
			.where(eq(escalation.caseId, chloe))
			.all()
			.find((x) => x.target === 'zvh' && x.closedAt === null)!;
		const zorgtafelDecision = decisionAt(
			db,
			ids.table['zorgtafel'],
			chloe,
			as('voorzitter.zorgtafel').id,
			'Mx Zorgtafel-besluit'
		);
		const err = throws(() =>
			escalations.transition(
				db,
				cx(as('procesregisseur.zvh'), NOW),
				ev(db, { escalationId: String(e.id), to: 'case_meeting', decisionId: String(zorgtafelDecision) })
			)
		);
		expect((err as Error).message).toMatch(/hoort niet/);
	});
});

describe('a step is whole, and not made from an older version', () => {
	it('a failure in the middle of a step leaves the escalation, its steps and the case as they were', () => {
		const { db, as, caseId } = setup();
		const chloe = caseId('chloe');
		const e = db
			.select()
			.from(escalation)
			.where(eq(escalation.caseId, chloe))
			.all()
			.find((x) => x.target === 'zvh' && x.closedAt === null)!;
		const snapshot = () =>
			JSON.stringify([
				db.select().from(escalation).all(),
				db.select().from(escalationStep).all(),
				db.select().from(caseFile).where(eq(caseFile.id, chloe)).all()
			]);
		const before = snapshot();
		db.$client.exec(
			"create temp trigger fail_escalation_log before insert on access_log when new.object_type = 'escalation' begin select raise(abort, 'logboek onbereikbaar'); end"
		);
		expect(() =>
			escalations.transition(
				db,
				cx(as('procesregisseur.zvh'), NOW),
				ev(db, { escalationId: String(e.id), to: 'case_meeting' })
			)
		).toThrow(/logboek onbereikbaar/);
		expect(snapshot()).toBe(before);
	});

	it('a step from a page loaded before someone else stepped is refused with a Dutch message', () => {
		const { db, as, caseId } = setup();
		const chloe = caseId('chloe');
		const e = db
			.select()
			.from(escalation)
			.where(eq(escalation.caseId, chloe))
			.all()
			.find((x) => x.target === 'zvh' && x.closedAt === null)!;
		const zvhChair = as('procesregisseur.zvh');
		const loaded = escalations.get(db, cx(zvhChair, NOW), e.id).version;
		escalations.transition(db, cx(zvhChair, after(NOW, 60_000)), {
			escalationId: String(e.id),
			to: 'case_meeting',
			version: String(loaded)
		});
		const state = () => db.select().from(escalation).where(eq(escalation.id, e.id)).get();
		const now = state();
		expect(now?.version).toBe(loaded + 1);
		// The other tab still shows "triage" and offers "de-escalated".
		const err = throws(() =>
			escalations.transition(db, cx(zvhChair, after(NOW, 120_000)), {
				escalationId: String(e.id),
				to: 'de_escalated',
				note: 'Terug.',
				version: String(loaded)
			})
		);
		expect(err).toBeInstanceOf(StaleError);
		expect((err as Error).message).toMatch(/intussen gewijzigd door .+: Stap/);
		// A form without a version is refused too.
		expect(
			(
				throws(() =>
					escalations.transition(db, cx(zvhChair, NOW), {
						escalationId: String(e.id),
						to: 'process_direction'
					})
				) as Error
			).message
		).toMatch(/verouderd/);
		expect(state()).toEqual(now);
	});
});

describe('escalation views go through the ledger (finding 3)', () => {
	it('the board, the page, a case’s routes and the export note what they returned', () => {
		const { db, as } = setup();
		const ctx = cx(as('veiligheid'), NOW);
		const rows = escalations.board(db, ctx, {});
		escalations.get(db, ctx, rows[0].id);
		escalations.forCase(db, ctx, rows[0].caseId);
		escalations.exportBoard(db, ctx, {});
		expect(audit.list(db).filter((r) => r.objectType === 'escalation')).toEqual([]);
		expect(audit.flushViews(db, ctx)).toBe(4);
		const logged = audit.list(db).filter((r) => r.objectType === 'escalation');
		const ids = rows.map((r) => r.id).join(',');
		expect(logged.map((r) => [r.action, r.objectId, r.compartment])).toEqual(
			expect.arrayContaining([
				['view', null, 'shared'],
				['view', String(rows[0].id), 'shared'],
				['export', null, 'shared']
			])
		);
		expect(
			logged.find((r) => r.action === 'view' && r.objectId === null && r.detail?.startsWith('opschalingen:'))
				?.detail
		).toBe(`opschalingen: ${ids}`);
		// Counting for figures notes nothing.
		const quiet = cx(as('veiligheid'), NOW);
		escalations.visibleRows(db, quiet, {});
		expect(quiet.views.size).toBe(0);
	});
});
