import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as meetings from '../../src/lib/server/meetings';
import * as calendar from '../../src/lib/server/calendar';
import * as cases from '../../src/lib/server/cases';
import * as audit from '../../src/lib/server/audit';
import { agendaItem, decision, meeting } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { DAY, NOW, actorOf, after, seededDb } from './helpers';
import { amsterdamToUtc, utcToAmsterdamInput } from '../../src/lib/dates';

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

const FUTURE = '2026-12-10T14:00';

describe('time in Dutch', () => {
	it('converts local times in winter and summer, and back', () => {
		expect(amsterdamToUtc('2026-12-10T14:00')?.toISOString()).toBe('2026-12-10T13:00:00.000Z');
		expect(amsterdamToUtc('2026-07-01T09:30')?.toISOString()).toBe('2026-07-01T07:30:00.000Z');
		expect(utcToAmsterdamInput(new Date('2026-07-01T07:30:00Z'))).toBe('2026-07-01T09:30');
		expect(amsterdamToUtc('gisteren')).toBeNull();
	});
});

describe('meeting lifecycle', () => {
	it('a planner schedules, publishes only in the future, and the chair starts and closes', async () => {
		const { db, refs, as } = await setup();
		const secretary = as('coordinator.zorg');
		const table = refs.table['zorgtafel'];
		const mt = meetings.create(db, secretary, { tableId: String(table), startsAt: FUTURE, durationMinutes: '90', place: 'Zaal 1' }, NOW);
		expect(mt.status).toBe('draft');
		// Members do not see drafts; planners do.
		expect(throws(() => meetings.visible(db, as('zorg'), mt.id))).toBeInstanceOf(NotFoundError);
		expect(meetings.visible(db, secretary, mt.id).id).toBe(mt.id);
		// A plain member cannot publish; publishing after the start is refused.
		expect(throws(() => meetings.advance(db, as('veiligheid'), mt.id, { status: 'published' }, NOW))).toBeInstanceOf(NotFoundError);
		expect((throws(() => meetings.advance(db, secretary, mt.id, { status: 'published' }, after(NOW, 20 * DAY))) as Error).message).toMatch(/verleden/);
		expect(throws(() => meetings.advance(db, secretary, mt.id, { status: 'closed' }, NOW))).toBeInstanceOf(ConflictError);
		meetings.advance(db, secretary, mt.id, { status: 'published' }, NOW);
		expect(meetings.visible(db, as('zorg'), mt.id).status).toBe('published');
		expect(throws(() => meetings.advance(db, as('voorzitter.zorgtafel'), mt.id, { status: 'closed' }, NOW))).toBeInstanceOf(ConflictError);
		meetings.advance(db, as('voorzitter.zorgtafel'), mt.id, { status: 'in_progress' }, NOW);
		meetings.advance(db, as('voorzitter.zorgtafel'), mt.id, { status: 'closed' }, NOW);
		expect(db.select().from(meeting).where(eq(meeting.id, mt.id)).get()?.status).toBe('closed');
	});

	it('refuses bad input and meetings at tables the person cannot plan for', async () => {
		const { db, refs, as } = await setup();
		const bad: Array<[object, RegExp]> = [
			[{ tableId: String(refs.table['zorgtafel']), startsAt: 'morgen', durationMinutes: '90' }, /datum en tijd/],
			[{ tableId: String(refs.table['zorgtafel']), startsAt: FUTURE, durationMinutes: '5' }, /minuten/],
			[{ tableId: String(refs.table['zorgtafel']), startsAt: FUTURE, durationMinutes: '90', videoLink: 'javascript:alert(1)' }, /https/],
			[{ tableId: String(refs.table['avo']), startsAt: FUTURE, durationMinutes: '90' }, /bestaat niet/]
		];
		for (const [input, message] of bad) {
			const err = throws(() => meetings.create(db, as('coordinator.zorg'), input, NOW));
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		// Plain members are not planners.
		expect(throws(() => meetings.create(db, as('zorg'), { tableId: String(refs.table['zorgtafel']), startsAt: FUTURE, durationMinutes: '60' }, NOW))).toBeInstanceOf(ValidationError);
	});

	it('lists the meetings of my tables, upcoming first; none for people outside', async () => {
		const { db, as } = await setup();
		const list = meetings.listForActor(db, as('zorg'), NOW);
		expect(list.every((x) => x.tableName.startsWith('Zorgtafel'))).toBe(true);
		const firstPast = list.findIndex((x) => !x.upcoming);
		expect(list.slice(0, firstPast).every((x) => x.upcoming)).toBe(true);
		expect(list.slice(0, firstPast).map((x) => x.startsAt.getTime())).toEqual([...list.slice(0, firstPast).map((x) => x.startsAt.getTime())].sort((a, b) => a - b));
		expect(meetings.listForActor(db, as('melder'), NOW)).toEqual([]);
		expect(meetings.listForActor(db, as('beheer'), NOW)).toEqual([]);
		// The Stuurtafel's draft is seen by its planners only.
		expect(meetings.listForActor(db, as('veiligheid'), NOW).some((x) => x.status === 'draft')).toBe(false);
		expect(meetings.listForActor(db, as('voorzitter.stuurtafel'), NOW).some((x) => x.status === 'draft')).toBe(true);
	});
});

describe('agenda', () => {
	it('takes only cases on this table, once, and orders items', async () => {
		const { db, refs, as, caseId } = await setup();
		const secretary = as('coordinator.zorg');
		const mt = meetings.create(db, secretary, { tableId: String(refs.table['zorgtafel']), startsAt: FUTURE, durationMinutes: '90' }, NOW);
		const anna = caseId('A.K.', 'victim');
		const salon = caseId('Marktweg 12, Dommelstroom (fictief)', 'perpetrator');
		const farah = caseId('F.A.', 'victim');
		meetings.addCaseItem(db, secretary, mt.id, { caseId: String(anna), plannedMinutes: '15', presenterId: String(refs.user['zorg']) }, NOW);
		expect((throws(() => meetings.addCaseItem(db, secretary, mt.id, { caseId: String(anna), plannedMinutes: '15' }, NOW)) as Error).message).toMatch(/al op de agenda/);
		expect((throws(() => meetings.addCaseItem(db, secretary, mt.id, { caseId: String(salon), plannedMinutes: '15' }, NOW)) as Error).message).toMatch(/op deze tafel/);
		expect((throws(() => meetings.addCaseItem(db, secretary, mt.id, { caseId: String(farah), plannedMinutes: '15' }, NOW)) as Error).message).toMatch(/op deze tafel/);
		expect((throws(() => meetings.addCaseItem(db, secretary, mt.id, { caseId: String(caseId('B.P.', 'victim')), plannedMinutes: '15', presenterId: String(refs.user['procesregisseur.zvh']) }, NOW)) as Error).message).toMatch(/actief lid/);
		expect((throws(() => meetings.addGeneralItem(db, secretary, mt.id, { title: 'x', plannedMinutes: '10' }, NOW)) as Error).message).toMatch(/minstens 2/);
		meetings.addGeneralItem(db, secretary, mt.id, { title: 'Rondvraag', plannedMinutes: '5' }, NOW);
		const items = () => db.select().from(agendaItem).where(eq(agendaItem.meetingId, mt.id)).orderBy(agendaItem.position).all();
		const rondvraag = items()[1];
		meetings.moveItem(db, secretary, mt.id, { itemId: String(rondvraag.id), to: '0' }, NOW);
		expect(items().map((i) => i.kind)).toEqual(['general', 'case']);
		expect(throws(() => meetings.moveItem(db, as('zorg'), mt.id, { itemId: String(rondvraag.id), to: '1' }, NOW))).toBeInstanceOf(NotFoundError);
	});

	it('shows a case item only to those who reach the case', async () => {
		const { db, refs, as, caseId } = await setup();
		const secretary = as('coordinator.zorg');
		const mt = meetings.create(db, secretary, { tableId: String(refs.table['zorgtafel']), startsAt: FUTURE, durationMinutes: '90' }, NOW);
		const anna = caseId('A.K.', 'victim');
		meetings.addCaseItem(db, secretary, mt.id, { caseId: String(anna), plannedMinutes: '15' }, NOW);
		meetings.advance(db, secretary, mt.id, { status: 'published' }, NOW);
		// The case is then taken off the Zorgtafel: members who reached it only through the table lose it.
		cases.removeTable(db, as('coordinator.zorg'), anna, { tableId: String(refs.table['zorgtafel']) }, NOW);
		const asVeiligheid = meetings.get(db, as('veiligheid'), mt.id, NOW);
		expect(asVeiligheid.agenda[0]).toMatchObject({ case: null, hiddenCase: true });
		expect(JSON.stringify(asVeiligheid)).not.toContain('A.K.');
		const asOwner = meetings.get(db, secretary, mt.id, NOW);
		expect(asOwner.agenda[0].case?.subjectLabel).toBe('A.K.');
	});
});

describe('decisions', () => {
	it('are recorded by the chair or secretary of a running or published meeting, with valid follow-up', async () => {
		const { db, refs, as } = await setup();
		const chair = as('voorzitter.zorgtafel');
		const mt = meetings.listForActor(db, chair, NOW).find((x) => x.status === 'published')!;
		const view = meetings.get(db, chair, mt.id, NOW);
		const caseItem = view.agenda.find((i) => i.kind === 'case')!;
		const good = { agendaItemId: String(caseItem.id), kind: 'start_care', text: 'Zorgtraject starten.', followUpOwnerId: String(refs.user['zorg']), followUpDate: '2026-12-31' };
		expect(throws(() => meetings.recordDecision(db, as('zorg'), mt.id, good, NOW))).toBeInstanceOf(NotFoundError);
		expect((throws(() => meetings.recordDecision(db, chair, mt.id, { ...good, followUpDate: '2020-01-01' }, NOW)) as Error).message).toMatch(/vóór het overleg/);
		expect((throws(() => meetings.recordDecision(db, chair, mt.id, { ...good, agendaItemId: '', kind: 'close_case' }, NOW)) as Error).message).toMatch(/hoort bij een casus/);
		expect((throws(() => meetings.recordDecision(db, chair, mt.id, { ...good, kind: 'opheffen' }, NOW)) as Error)).toBeInstanceOf(ValidationError);
		const d = meetings.recordDecision(db, chair, mt.id, good, NOW);
		expect(d).toMatchObject({ tableId: refs.table['zorgtafel'], caseId: meetings.get(db, chair, mt.id, NOW).agenda[0].case?.id, status: 'open' });
		// A closed meeting takes no decisions.
		const closed = meetings.listForActor(db, chair, NOW).find((x) => x.status === 'closed')!;
		expect(throws(() => meetings.recordDecision(db, chair, closed.id, { ...good, agendaItemId: '' , kind: 'other'}, NOW))).toBeInstanceOf(ConflictError);
	});

	it('are seen only through their table, overdue first, and change status with a reason when dropped', async () => {
		const { db, as } = await setup();
		const zorg = meetings.decisions(db, as('zorg'), {}, NOW);
		expect(zorg.every((d) => d.tableName.startsWith('Zorgtafel'))).toBe(true);
		const stuur = meetings.decisions(db, as('voorzitter.stuurtafel'), {}, NOW);
		expect(stuur.some((d) => d.tableName.startsWith('Lokale Stuurtafel'))).toBe(true);
		expect(stuur.some((d) => d.tableName.startsWith('Zorgtafel'))).toBe(false);
		expect(stuur[0].overdue).toBe(true);
		expect(meetings.decisions(db, as('melder'), {}, NOW)).toEqual([]);
		const open = stuur.find((d) => d.status === 'open' && d.mayChange)!;
		expect((throws(() => meetings.setDecisionStatus(db, as('voorzitter.stuurtafel'), { decisionId: String(open.id), status: 'dropped' }, NOW)) as Error).message).toMatch(/reden/);
		expect(throws(() => meetings.setDecisionStatus(db, as('veiligheid'), { decisionId: String(open.id), status: 'implemented' }, NOW))).toBeInstanceOf(NotFoundError);
		expect(throws(() => meetings.setDecisionStatus(db, as('zorg'), { decisionId: String(open.id), status: 'implemented' }, NOW))).toBeInstanceOf(NotFoundError);
		meetings.setDecisionStatus(db, as('voorzitter.stuurtafel'), { decisionId: String(open.id), status: 'implemented' }, NOW);
		expect(db.select().from(decision).where(eq(decision.id, open.id)).get()?.status).toBe('implemented');
		expect(meetings.decisions(db, as('voorzitter.stuurtafel'), { status: 'implemented', kind: open.kind }, NOW).map((d) => d.id)).toContain(open.id);
	});
});

describe('review of earlier meetings', () => {
	it('brings back open actions and decisions, and records what the meeting concludes', async () => {
		const { db, as } = await setup();
		const secretary = as('coordinator.zorg');
		const today = meetings.listForActor(db, secretary, NOW).find((x) => x.upcoming && x.status === 'published')!;
		const entries = meetings.review(db, secretary, today.id);
		expect(entries.some((e) => e.type === 'decision' && e.title.includes('Traumazorg'.toLowerCase()) === false)).toBe(true);
		expect(entries.some((e) => e.type === 'action' && e.title === 'Intakegesprek met advocaat plannen')).toBe(true);
		// The veiligheid member does not see zorg-plan actions in the review.
		expect(meetings.review(db, as('veiligheid'), today.id).some((e) => e.compartment === 'zorg')).toBe(false);
		expect(meetings.review(db, secretary, today.id).some((e) => e.compartment === 'zorg')).toBe(true);

		const decisionEntry = entries.find((e) => e.type === 'decision')!;
		expect((throws(() => meetings.concludeReview(db, secretary, today.id, { type: 'decision', id: decisionEntry.id, outcome: 'not_possible' }, NOW)) as Error).message).toMatch(/reden/);
		expect(meetings.concludeReview(db, secretary, today.id, { type: 'decision', id: decisionEntry.id, outcome: 'done' }, NOW)).toBeNull();
		expect(db.select().from(decision).where(eq(decision.id, Number(decisionEntry.id))).get()?.status).toBe('implemented');
		const actionEntry = entries.find((e) => e.type === 'action')!;
		expect(meetings.concludeReview(db, secretary, today.id, { type: 'action', id: actionEntry.id, outcome: 'not_undertaken', reason: 'Advocaat niet beschikbaar.' }, NOW)).toMatchObject({
			actionId: actionEntry.id,
			status: 'not_undertaken',
			reason: 'Advocaat niet beschikbaar.'
		});
		expect(meetings.concludeReview(db, secretary, today.id, { type: 'action', id: entries.filter((e) => e.type === 'action')[1]?.id ?? actionEntry.id, outcome: 'carried_over' }, NOW)).toBeNull();
		expect(meetings.review(db, secretary, today.id).find((e) => e.id === actionEntry.id)?.outcome).toBe('not_undertaken');
		expect((throws(() => meetings.concludeReview(db, secretary, today.id, { type: 'action', id: 'bestaat-niet', outcome: 'done' }, NOW)) as Error).message).toMatch(/niet \(meer\) open/);
		expect(throws(() => meetings.concludeReview(db, as('zorg'), today.id, { type: 'decision', id: decisionEntry.id, outcome: 'done' }, NOW))).toBeInstanceOf(NotFoundError);
	});
});

describe('calendar files', () => {
	it('carry table, time and place only, in valid folded lines', async () => {
		const { db, as } = await setup();
		const row = meetings.visible(db, as('zorg'), meetings.listForActor(db, as('zorg'), NOW)[0].id);
		const body = calendar.ics([{ ...row, place: 'Zaal met een heel lange naam, ' + 'x'.repeat(120) }], NOW, 'http://localhost:3000', row.tableName);
		expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect(body).toContain('SUMMARY:Zorgtafel Mensenhandel Dommelstroom');
		expect(body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
		for (const caseText of ['A.K.', 'S-2026', 'traumabehandeling']) expect(body).not.toContain(caseText);
	});

	it('a personal feed works until it is revoked, and logs each use', async () => {
		const { db, refs } = await setup();
		const token = calendar.createFeed(db, refs.user['zorg'], NOW);
		const feed = calendar.feedFor(db, token, NOW, 'http://localhost:3000', '10.0.0.1');
		expect(feed).toContain('BEGIN:VEVENT');
		expect(feed).not.toContain('Lokale Stuurtafel');
		calendar.revokeFeeds(db, refs.user['zorg'], NOW);
		expect(calendar.feedFor(db, token, NOW, 'http://localhost:3000', '10.0.0.1')).toBeNull();
		expect(calendar.feedFor(db, 'niet-geldig!', NOW, 'http://localhost:3000', null)).toBeNull();
		expect(audit.list(db, { action: 'denied' }).some((r) => r.objectType === 'calendar_feed')).toBe(true);
	});
});
