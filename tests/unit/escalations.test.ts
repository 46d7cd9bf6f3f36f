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
import { DAY, NOW, actorOf, after, seededDb } from './helpers';

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

async function setup() {
	const { db, refs } = await seededDb();
	const as = (local: string) => actorOf(db, refs, local);
	const caseId = (label: string, kind: 'victim' | 'perpetrator') =>
		(
			db.$client
				.prepare(
					'select c.id from case_file c join subject s on s.id = c.subject_id where s.label = ? and c.kind = ?'
				)
				.get(label, kind) as { id: number }
		).id;
	return { db, refs, as, caseId };
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
	it('goes proposed → AVO agenda → AVO advice → Stuurtafel decision → RIEC → completed, by the tables on the route', async () => {
		const { db, as, caseId } = await setup();
		const jay = caseId('J.', 'perpetrator');
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

	it('moves with the AVO agenda and with escalation decisions at the right table', async () => {
		const { db, refs, as, caseId } = await setup();
		const jay = caseId('J.', 'perpetrator');
		const e = escalations.propose(db, cx(as('coordinator.veiligheid'), NOW), jay, { target: 'riec' });
		const avoChair = as('coordinator.veiligheid');
		// What the meetings module reports: the case put on the AVO agenda, then its escalation decision there.
		escalations.onTableEvent(db, cx(avoChair, NOW), { kind: 'agenda', tableKind: 'avo', caseId: jay });
		expect(db.select().from(escalation).where(eq(escalation.id, e.id)).get()?.state).toBe('on_avo_agenda');
		const d = decisionAt(db, refs.table['avo'], jay, avoChair.id, 'Advies: RIEC-casus.', 'escalate_riec');
		escalations.onTableEvent(db, cx(avoChair, NOW), {
			kind: 'decision',
			tableKind: 'avo',
			tableId: refs.table['avo'],
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
		const zorgDecision = db.$client
			.prepare(
				"select d.id from decision d join deliberation_table t on t.id = d.table_id where t.kind = 'zorgtafel' limit 1"
			)
			.get() as { id: number };
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

	it('refuses closed cases, victim cases, and a second open escalation with the same target', async () => {
		const { db, as, caseId } = await setup();
		const pimp = caseId('K.L.', 'perpetrator');
		expect(
			throws(() => escalations.propose(db, cx(as('coordinator.veiligheid'), NOW), pimp, { target: 'riec' }))
		).toBeInstanceOf(ConflictError);
		const anna = caseId('A.K.', 'victim');
		expect(
			(
				throws(() =>
					escalations.propose(db, cx(as('coordinator.zorg'), NOW), anna, { target: 'riec' })
				) as Error
			).message
		).toMatch(/daderzaken/);
		const gina = caseId('G.T.', 'victim');
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
	it('submits the case to the ZVH, raises the AVE phase as it goes, and hands it back on de-escalation', async () => {
		const { db, refs, as, caseId } = await setup();
		const dmitri = caseId('D.V.', 'victim');
		const e = escalations.propose(db, cx(as('coordinator.zorg'), NOW), dmitri, {
			target: 'zvh',
			fromTableId: String(refs.table['zorgtafel'])
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
	it('an RIEC route only through the AVO and Stuurtafel; a ZVH route through the ZVH and the escalating table', async () => {
		const { db, as } = await setup();
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

	it('counts time in the current state and flags what is past its feedback norm', async () => {
		const { db, as } = await setup();
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
	it('the policy rule: the decision’s table, not the route', async () => {
		const { refs, as } = await setup();
		const zvh = refs.table['zvh'];
		expect(policy.maySeeCitedDecision(as('procesregisseur.zvh'), zvh)).toBe(true);
		for (const local of ['zorg', 'voorzitter.zorgtafel', 'veiligheid', 'beheer', 'fg'])
			expect(policy.maySeeCitedDecision(as(local), zvh), local).toBe(false);
		expect(policy.maySeeCitedDecision(as('zorg'), refs.table['zorgtafel'])).toBe(true);
	});

	it('a ZVH decision moving a ZVH route is not shown to Zorgtafel members who are not on the ZVH; the step still is', async () => {
		const { db, refs, as, caseId } = await setup();
		const chloe = caseId('C.', 'victim');
		const e = db
			.select()
			.from(escalation)
			.where(eq(escalation.caseId, chloe))
			.all()
			.find((x) => x.target === 'zvh' && x.closedAt === null)!;
		expect(e.state).toBe('triage');
		const zvhChair = as('procesregisseur.zvh');
		const marker = 'Mx-ZVH-besluit: alleen voor de ZVH-casustafel';
		const d = decisionAt(db, refs.table['zvh'], chloe, zvhChair.id, marker);
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

	it('a step cannot cite a decision of a route table the stepping actor does not sit at', async () => {
		const { db, refs, as, caseId } = await setup();
		const chloe = caseId('C.', 'victim');
		const e = db
			.select()
			.from(escalation)
			.where(eq(escalation.caseId, chloe))
			.all()
			.find((x) => x.target === 'zvh' && x.closedAt === null)!;
		const zorgtafelDecision = decisionAt(
			db,
			refs.table['zorgtafel'],
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
	it('a failure in the middle of a step leaves the escalation, its steps and the case as they were', async () => {
		const { db, as, caseId } = await setup();
		const chloe = caseId('C.', 'victim');
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

	it('a step from a page loaded before someone else stepped is refused with a Dutch message', async () => {
		const { db, as, caseId } = await setup();
		const chloe = caseId('C.', 'victim');
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
	it('the board, the page, a case’s routes and the export note what they returned', async () => {
		const { db, as } = await setup();
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
