import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as escalations from '../../src/lib/server/escalations';
import * as meetings from '../../src/lib/server/meetings';
import * as cases from '../../src/lib/server/cases';
import { caseFile, escalation, escalationStep } from '../../src/lib/server/db/schema';
import { nextStates, RIEC_STATES, ZVH_STATES } from '../../src/lib/domain/escalations';
import * as audit from '../../src/lib/server/audit';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { DAY, NOW, actorOf, after, seededDb } from './helpers';

afterEach(() => {
	delete process.env.ESCALATION_NORMS;
});

async function setup() {
	const { db, refs } = await seededDb();
	const as = (local: string) => actorOf(db, refs, local);
	const caseId = (label: string, kind: 'victim' | 'perpetrator') =>
		(db.$client.prepare('select c.id from case_file c join subject s on s.id = c.subject_id where s.label = ? and c.kind = ?').get(label, kind) as { id: number }).id;
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
		for (const end of ['declined', 'completed', 'returned'] as const) expect(nextStates('riec', end)).toEqual([]);
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
		const e = escalations.propose(db, as('coordinator.veiligheid'), jay, { target: 'riec', note: 'Netwerk rond J. breder aanpakken.' }, NOW);
		expect(e.state).toBe('proposed');
		const step = (local: string, to: string, extra: object = {}, at = NOW) => escalations.transition(db, as(local), { escalationId: String(e.id), to, ...extra }, at);
		// Skipping a state is refused; so is a step by someone not on the route.
		expect(throws(() => step('coordinator.veiligheid', 'avo_advice'))).toBeInstanceOf(ConflictError);
		expect(throws(() => step('zorg', 'on_avo_agenda'))).toBeInstanceOf(NotFoundError);
		expect((throws(() => step('voorzitter.stuurtafel', 'on_avo_agenda')) as Error).message).toMatch(/andere tafel/);
		// That refusal is a denial in the access log.
		expect(
			audit.list(db, { action: 'denied' }).some((r) => r.objectType === 'escalation' && r.objectId === String(e.id) && r.userId === as('voorzitter.stuurtafel').id)
		).toBe(true);
		step('coordinator.veiligheid', 'on_avo_agenda', {}, after(NOW, DAY));
		step('coordinator.veiligheid', 'avo_advice', { note: 'Positief advies.' }, after(NOW, 2 * DAY));
		// A plain police member of the Stuurtafel does not take its decisions.
		expect(throws(() => step('veiligheid', 'accepted'))).toBeInstanceOf(ValidationError);
		expect((throws(() => step('voorzitter.stuurtafel', 'declined')) as Error).message).toMatch(/toelichting/);
		step('voorzitter.stuurtafel', 'accepted', {}, after(NOW, 3 * DAY));
		step('voorzitter.stuurtafel', 'riec_in_progress', {}, after(NOW, 4 * DAY));
		expect((throws(() => step('voorzitter.stuurtafel', 'returned')) as Error).message).toMatch(/toelichting/);
		const done = step('voorzitter.stuurtafel', 'completed', { note: 'Pand gesloten, vergunning ingetrokken.' }, after(NOW, 40 * DAY));
		expect(done).toMatchObject({ state: 'completed' });
		expect(done.closedAt).toEqual(after(NOW, 40 * DAY));
		const steps = db.select().from(escalationStep).where(eq(escalationStep.escalationId, e.id)).all();
		expect(steps.map((s) => s.toState)).toEqual(['proposed', 'on_avo_agenda', 'avo_advice', 'accepted', 'riec_in_progress', 'completed']);
		expect(steps.every((s) => s.byUserId !== null)).toBe(true);
	});

	it('moves with the AVO agenda and with escalation decisions at the right table', async () => {
		const { db, refs, as, caseId } = await setup();
		const jay = caseId('J.', 'perpetrator');
		const e = escalations.propose(db, as('coordinator.veiligheid'), jay, { target: 'riec' }, NOW);
		const avoChair = as('coordinator.veiligheid');
		const mt = meetings.create(db, avoChair, { tableId: String(refs.table['avo']), startsAt: '2026-12-10T10:00', durationMinutes: '60' }, NOW);
		meetings.addCaseItem(db, avoChair, mt.id, { caseId: String(jay), plannedMinutes: '15' }, NOW);
		expect(db.select().from(escalation).where(eq(escalation.id, e.id)).get()?.state).toBe('on_avo_agenda');
		meetings.advance(db, avoChair, mt.id, { status: 'published' }, NOW);
		const item = meetings.get(db, avoChair, mt.id, NOW).agenda[0];
		const d = meetings.recordDecision(db, avoChair, mt.id, { agendaItemId: String(item.id), kind: 'escalate_riec', text: 'Advies: RIEC-casus.' }, NOW);
		expect(db.select().from(escalation).where(eq(escalation.id, e.id)).get()?.state).toBe('avo_advice');
		expect(db.select().from(escalationStep).where(eq(escalationStep.escalationId, e.id)).all().at(-1)?.decisionId).toBe(d.id);
		// A decision from a table that is not on the route cannot be used for a step.
		const zorgDecision = db.$client.prepare("select d.id from decision d join deliberation_table t on t.id = d.table_id where t.kind = 'zorgtafel' limit 1").get() as { id: number };
		expect((throws(() => escalations.transition(db, as('voorzitter.stuurtafel'), { escalationId: String(e.id), to: 'accepted', decisionId: String(zorgDecision.id) }, NOW)) as Error).message).toMatch(/hoort niet/);
	});

	it('refuses closed cases, victim cases, and a second open escalation with the same target', async () => {
		const { db, as, caseId } = await setup();
		const pimp = caseId('K.L.', 'perpetrator');
		expect(throws(() => escalations.propose(db, as('coordinator.veiligheid'), pimp, { target: 'riec' }, NOW))).toBeInstanceOf(ConflictError);
		const anna = caseId('A.K.', 'victim');
		expect((throws(() => escalations.propose(db, as('coordinator.zorg'), anna, { target: 'riec' }, NOW)) as Error).message).toMatch(/daderzaken/);
		const gina = caseId('G.T.', 'victim');
		expect((throws(() => escalations.propose(db, as('coordinator.zorg'), gina, { target: 'zvh' }, NOW)) as Error).message).toMatch(/gesloten/);
		expect(throws(() => escalations.propose(db, as('veiligheid'), anna, { target: 'zvh' }, NOW))).toBeInstanceOf(NotFoundError);
	});
});

describe('ZVH route', () => {
	it('submits the case to the ZVH, raises the AVE phase as it goes, and hands it back on de-escalation', async () => {
		const { db, refs, as, caseId } = await setup();
		const dmitri = caseId('D.V.', 'victim');
		const e = escalations.propose(db, as('coordinator.zorg'), dmitri, { target: 'zvh', fromTableId: String(refs.table['zorgtafel']) }, NOW);
		const zvhChair = as('procesregisseur.zvh');
		expect(throws(() => cases.get(db, zvhChair, dmitri, NOW))).toBeInstanceOf(NotFoundError);
		escalations.transition(db, as('coordinator.zorg'), { escalationId: String(e.id), to: 'submitted' }, NOW);
		expect(cases.get(db, zvhChair, dmitri, NOW).compartments.sort()).toEqual(['shared', 'veiligheid', 'zorg']);
		escalations.transition(db, zvhChair, { escalationId: String(e.id), to: 'triage' }, NOW);
		escalations.transition(db, zvhChair, { escalationId: String(e.id), to: 'case_meeting' }, NOW);
		expect(db.select().from(caseFile).where(eq(caseFile.id, dmitri)).get()?.avePhase).toBe(3);
		escalations.transition(db, zvhChair, { escalationId: String(e.id), to: 'process_direction' }, NOW);
		expect(db.select().from(caseFile).where(eq(caseFile.id, dmitri)).get()?.avePhase).toBe(4);
		escalations.transition(db, zvhChair, { escalationId: String(e.id), to: 'de_escalated', note: 'Terug naar de Zorgtafel.' }, NOW);
		expect(db.select().from(caseFile).where(eq(caseFile.id, dmitri)).get()?.avePhase).toBe(2);
		expect(throws(() => cases.get(db, zvhChair, dmitri, NOW))).toBeInstanceOf(NotFoundError);
	});
});

describe('who sees escalations, and time in state', () => {
	it('an RIEC route only through the AVO and Stuurtafel; a ZVH route through the ZVH and the escalating table', async () => {
		const { db, as } = await setup();
		const riecFor = (local: string) => escalations.board(db, as(local), {}, NOW).filter((r) => r.target === 'riec');
		expect(riecFor('veiligheid').length).toBeGreaterThan(0);
		expect(riecFor('voorzitter.stuurtafel').length).toBeGreaterThan(0);
		for (const local of ['zorg', 'coordinator.zorg', 'voorzitter.zorgtafel', 'procesregisseur.zvh', 'melder', 'beheer', 'fg']) expect(riecFor(local), local).toEqual([]);
		const zvhFor = (local: string) => escalations.board(db, as(local), {}, NOW).filter((r) => r.target === 'zvh');
		expect(zvhFor('procesregisseur.zvh').length).toBe(1);
		// The escalating Zorgtafel sees its routes, the de-escalated one too; the ZVH sees what it has now.
		expect(zvhFor('zorg').map((r) => r.state).sort()).toEqual(['de_escalated', 'triage']);
		expect(zvhFor('voorzitter.stuurtafel')).toEqual([]);
	});

	it('counts time in the current state and flags what is past its feedback norm', async () => {
		const { db, as } = await setup();
		const rows = escalations.board(db, as('veiligheid'), { target: 'riec' }, NOW);
		const proposed = rows.find((r) => r.state === 'proposed')!;
		expect(proposed.daysInState).toBe(20);
		expect(proposed.overdue).toBe(true);
		const inProgress = rows.find((r) => r.state === 'riec_in_progress')!;
		expect(inProgress.overdue).toBe(false);
		expect(escalations.board(db, as('veiligheid'), { target: 'riec' }, after(NOW, 200 * DAY)).find((r) => r.id === inProgress.id)?.overdue).toBe(true);
		process.env.ESCALATION_NORMS = JSON.stringify({ proposed: 60 });
		expect(escalations.board(db, as('veiligheid'), { target: 'riec' }, NOW).find((r) => r.id === proposed.id)?.overdue).toBe(false);
		// Open escalations come first, ended ones last.
		const all = escalations.board(db, as('veiligheid'), {}, NOW);
		expect(all.findIndex((r) => !r.open)).toBeGreaterThan(all.findLastIndex((r) => r.open));
	});
});
