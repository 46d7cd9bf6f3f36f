import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as meetings from '../../src/lib/server/meetings';
import * as decisions from '../../src/lib/server/decisions';
import * as minutes from '../../src/lib/server/minutes';
import * as calendar from '../../src/lib/server/calendar';
import * as audit from '../../src/lib/server/audit';
import * as policy from '../../src/lib/server/policy';
import { accessLog, agendaItem, caseTable, decision, meeting } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, StaleError, ValidationError } from '../../src/lib/server/errors';
import { createContext, type Ctx } from '../../src/lib/server/context';
import type { Db } from '../../src/lib/server/db';
import { DAY, HOUR, NOW, after, freshDb } from './helpers';
import { builder } from '../support/build';
import { amsterdamToUtc, utcToAmsterdamInput } from '../../src/lib/dates';

type Actor = policy.Actor;

/** A request context for an actor at a moment. */
const c = (actor: Actor, now: Date = NOW): Ctx => createContext({ actor, now, clientAddress: '192.0.2.7' });

/**
 * A region of the test's own for the meeting tests: a Zorgtafel (chair, a coordinator as
 * secretary, a veiligheid coordinator, a zorg and a police member), an AVO, a Stuurtafel (chair,
 * secretary, the police member) and a ZVH case meeting; victim cases on the Zorgtafel, one on the
 * ZVH and a perpetrator case on the AVO and Stuurtafel. Meetings: a closed Zorgtafel meeting two
 * weeks ago with an open decision and actions that came from it, a Zorgtafel meeting today (ready
 * to start) and one in two weeks, a closed Stuurtafel meeting with an overdue decision, and a
 * Stuurtafel draft.
 */
function setup() {
	const db = freshDb();
	const b = builder(db);
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Teststad' });
	const avo = b.table({ kind: 'avo', name: 'AVO Teststad' });
	const stuur = b.table({ kind: 'stuurtafel', name: 'Stuurtafel Teststad' });
	const zvh = b.table({ kind: 'zvh', name: 'ZVH-casusoverleg Teststad' });
	const people = {
		'coordinator.zorg': b.person({ name: 'Sanne Secretaris', domain: 'zorg', roles: ['coordinator'] }),
		'coordinator.veiligheid': b.person({
			name: 'Vera Veiligheid',
			domain: 'veiligheid',
			roles: ['coordinator']
		}),
		'voorzitter.zorgtafel': b.person({ name: 'Carla Voorzitter', domain: 'zorg' }),
		'voorzitter.stuurtafel': b.person({ name: 'Stijn Stuurman', domain: 'veiligheid' }),
		zorg: b.person({ name: 'Zeynep Zorg', domain: 'zorg' }),
		veiligheid: b.person({ name: 'Pieter Politie', domain: 'veiligheid' }),
		'procesregisseur.zvh': b.person({
			name: 'Petra Procesregisseur',
			domain: 'zorg',
			roles: ['coordinator']
		}),
		melder: b.person({ name: 'Mo Melder', domain: 'zorg', roles: ['reporter'] }),
		beheer: b.person({ name: 'Bea Beheer', domain: 'veiligheid', roles: ['admin'] })
	};
	const p = people;
	const cz = p['coordinator.zorg'];
	const cv = p['coordinator.veiligheid'];
	b.member(zt, p['voorzitter.zorgtafel'], 'chair');
	b.member(zt, cz, 'secretary');
	b.member(zt, cv);
	b.member(zt, p.zorg);
	b.member(zt, p.veiligheid);
	b.member(avo, cv, 'chair');
	b.member(avo, p.veiligheid);
	b.member(avo, p['voorzitter.stuurtafel']);
	b.member(stuur, p['voorzitter.stuurtafel'], 'chair');
	b.member(stuur, cv, 'secretary');
	b.member(stuur, p.veiligheid);
	b.member(zvh, p['procesregisseur.zvh'], 'chair');
	b.member(zvh, cz);
	const anna = b.caseFile({
		kind: 'victim',
		label: 'A.K.',
		tables: [zt],
		owner: cz,
		zorg: { careNeeds: 'Veilige opvang en traumabehandeling.' }
	});
	const bogdan = b.caseFile({ kind: 'victim', label: 'B.P.', tables: [zt], owner: cz });
	const farah = b.caseFile({
		kind: 'victim',
		label: 'F.A.',
		tables: [zvh],
		owner: p['procesregisseur.zvh'],
		caseLead: cz
	});
	const salon = b.caseFile({
		kind: 'perpetrator',
		subject: b.subject({ kind: 'premises', label: 'Marktweg 12 (fictief)' }),
		tables: [avo, stuur],
		owner: cv
	});
	// The Zorgtafel: a closed meeting two weeks ago, one today (ready to start), one in two weeks.
	const ztPast = b.meeting({ table: zt, startsAt: after(NOW, -14 * DAY), status: 'closed', createdBy: cz });
	const pastItem = b.item(ztPast, { caseId: anna });
	b.item(ztPast, { caseId: bogdan });
	b.decision({
		meeting: ztPast,
		agendaItem: pastItem,
		caseId: anna,
		kind: 'start_care',
		text: 'Zorgtraject starten via de GGZ.',
		followUpOwner: p.zorg,
		followUpDate: '2026-12-05',
		createdBy: p['voorzitter.zorgtafel']
	});
	const ztToday = b.meeting({
		table: zt,
		startsAt: after(NOW, 2 * HOUR),
		status: 'published',
		createdBy: cz,
		place: 'Zaal 2'
	});
	b.item(ztToday, { caseId: anna });
	b.item(ztToday, { title: 'Rondvraag' });
	b.meeting({ table: zt, startsAt: after(NOW, 14 * DAY), status: 'published', createdBy: cz });
	// Actions that came from the closed meeting, in the shared and the zorg plan; one without origin.
	const fromPast = { kind: 'meeting' as const, id: ztPast.id };
	b.plan(anna, {
		by: cz,
		actions: [
			{ title: 'Intakegesprek met advocaat plannen', owner: p.zorg, dueDate: '2026-11-25', origin: fromPast },
			{
				title: 'Opvang verlengen',
				owner: cz,
				dueDate: '2026-12-03',
				status: 'in_progress',
				origin: fromPast
			},
			{ title: 'Tolk regelen', owner: p.zorg, dueDate: '2026-11-10', status: 'done', origin: fromPast },
			{ title: 'Terugkoppeling aangifte', owner: p.veiligheid, dueDate: '2026-12-08' }
		]
	});
	b.plan(anna, {
		compartment: 'zorg',
		by: cz,
		actions: [{ title: 'Verwijzing GGZ versturen', owner: p.zorg, dueDate: '2026-11-27', origin: fromPast }]
	});
	// The Stuurtafel: a closed meeting a month ago with an overdue and an implemented decision, and a draft.
	const stuurPast = b.meeting({
		table: stuur,
		startsAt: after(NOW, -30 * DAY),
		status: 'closed',
		createdBy: cv
	});
	const stuurItem = b.item(stuurPast, { caseId: salon });
	b.decision({
		meeting: stuurPast,
		agendaItem: stuurItem,
		caseId: salon,
		kind: 'administrative_intervention',
		text: 'Voornemen tot sluiting opstellen.',
		followUpOwner: cv,
		followUpDate: '2026-11-20',
		createdBy: p['voorzitter.stuurtafel']
	});
	b.decision({
		meeting: stuurPast,
		agendaItem: stuurItem,
		caseId: salon,
		kind: 'other',
		text: 'Controle met de Arbeidsinspectie.',
		status: 'implemented',
		createdBy: p['voorzitter.stuurtafel']
	});
	b.meeting({ table: stuur, startsAt: after(NOW, 21 * DAY), status: 'draft', createdBy: cv });
	const as = (local: keyof typeof people) => b.actor(people[local]);
	const ids = {
		table: { zorgtafel: zt.id, avo: avo.id, stuurtafel: stuur.id, zvh: zvh.id },
		user: Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.id])) as Record<
			keyof typeof people,
			number
		>
	};
	return {
		db,
		b,
		ids,
		as,
		people,
		tables: { zt, avo, stuur, zvh },
		cases: { anna, bogdan, farah, salon },
		meetings: { ztPast, ztToday, stuurPast }
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

/** The stored version of a meeting, an agenda item or a decision, as a form would post it. */
const versionOf = (db: Db, table: typeof meeting | typeof agendaItem | typeof decision, id: number) =>
	String(db.select({ v: table.version }).from(table).where(eq(table.id, id)).get()!.v);

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
		const { db, ids, as } = setup();
		const secretary = as('coordinator.zorg');
		const table = ids.table['zorgtafel'];
		const mt = meetings.create(db, c(secretary), {
			tableId: String(table),
			startsAt: FUTURE,
			durationMinutes: '90',
			place: 'Zaal 1'
		});
		expect(mt.status).toBe('draft');
		// Members do not see drafts; planners do.
		expect(throws(() => meetings.visible(db, c(as('zorg')), mt.id))).toBeInstanceOf(NotFoundError);
		expect(meetings.visible(db, c(secretary), mt.id).id).toBe(mt.id);
		// A plain member cannot publish; publishing after the start is refused.
		const v = () => versionOf(db, meeting, mt.id);
		expect(
			throws(() => meetings.advance(db, c(as('veiligheid')), mt.id, { status: 'published', version: v() }))
		).toBeInstanceOf(NotFoundError);
		expect(
			(
				throws(() =>
					meetings.advance(db, c(secretary, after(NOW, 20 * DAY)), mt.id, {
						status: 'published',
						version: v()
					})
				) as Error
			).message
		).toMatch(/verleden/);
		expect(throws(() => meetings.advance(db, c(secretary), mt.id, { status: 'closed' }))).toBeInstanceOf(
			ConflictError
		);
		meetings.advance(db, c(secretary), mt.id, { status: 'published', version: v() });
		expect(meetings.visible(db, c(as('zorg')), mt.id).status).toBe('published');
		expect(
			throws(() => meetings.advance(db, c(as('voorzitter.zorgtafel')), mt.id, { status: 'closed' }))
		).toBeInstanceOf(ConflictError);
		meetings.advance(db, c(as('voorzitter.zorgtafel')), mt.id, { status: 'in_progress', version: v() });
		meetings.advance(db, c(as('voorzitter.zorgtafel')), mt.id, { status: 'closed', version: v() });
		expect(db.select().from(meeting).where(eq(meeting.id, mt.id)).get()?.status).toBe('closed');
	});

	it('refuses bad input and meetings at tables the person cannot plan for', async () => {
		const { db, ids, as } = setup();
		const bad: Array<[object, RegExp]> = [
			[
				{ tableId: String(ids.table['zorgtafel']), startsAt: 'morgen', durationMinutes: '90' },
				/datum en tijd/
			],
			[{ tableId: String(ids.table['zorgtafel']), startsAt: FUTURE, durationMinutes: '5' }, /minuten/],
			[
				{
					tableId: String(ids.table['zorgtafel']),
					startsAt: FUTURE,
					durationMinutes: '90',
					videoLink: 'javascript:alert(1)'
				},
				/https/
			],
			[{ tableId: String(ids.table['avo']), startsAt: FUTURE, durationMinutes: '90' }, /bestaat niet/]
		];
		for (const [input, message] of bad) {
			const err = throws(() => meetings.create(db, c(as('coordinator.zorg')), input));
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		// Plain members are not planners.
		expect(
			throws(() =>
				meetings.create(db, c(as('zorg')), {
					tableId: String(ids.table['zorgtafel']),
					startsAt: FUTURE,
					durationMinutes: '60'
				})
			)
		).toBeInstanceOf(ValidationError);
	});

	it('lists the meetings of my tables, upcoming first; none for people outside', async () => {
		const { db, as, tables } = setup();
		const list = meetings.listForActor(db, c(as('zorg')));
		expect(list.length).toBeGreaterThan(2);
		expect(list.every((x) => x.tableId === tables.zt.id && x.tableName === tables.zt.name)).toBe(true);
		const firstPast = list.findIndex((x) => !x.upcoming);
		expect(list.slice(0, firstPast).every((x) => x.upcoming)).toBe(true);
		expect(list.slice(0, firstPast).map((x) => x.startsAt.getTime())).toEqual(
			[...list.slice(0, firstPast).map((x) => x.startsAt.getTime())].sort((a, b) => a - b)
		);
		expect(meetings.listForActor(db, c(as('melder')))).toEqual([]);
		expect(meetings.listForActor(db, c(as('beheer')))).toEqual([]);
		// The Stuurtafel's draft is seen by its planners only.
		expect(meetings.listForActor(db, c(as('veiligheid'))).some((x) => x.status === 'draft')).toBe(false);
		expect(meetings.listForActor(db, c(as('voorzitter.stuurtafel'))).some((x) => x.status === 'draft')).toBe(
			true
		);
	});
});

describe('agenda', () => {
	it('takes only cases on this table, once, and orders items', async () => {
		const { db, ids, as, cases } = setup();
		const secretary = c(as('coordinator.zorg'));
		const mt = meetings.create(db, secretary, {
			tableId: String(ids.table['zorgtafel']),
			startsAt: FUTURE,
			durationMinutes: '90'
		});
		const anna = cases.anna.id;
		// On the AVO and Stuurtafel only; on the ZVH only (the secretary reaches it there, as its case lead).
		const salon = cases.salon.id;
		const farah = cases.farah.id;
		meetings.addCaseItem(db, secretary, mt.id, {
			caseId: String(anna),
			plannedMinutes: '15',
			presenterId: String(ids.user['zorg'])
		});
		expect(
			(
				throws(() =>
					meetings.addCaseItem(db, secretary, mt.id, { caseId: String(anna), plannedMinutes: '15' })
				) as Error
			).message
		).toMatch(/al op de agenda/);
		expect(
			(
				throws(() =>
					meetings.addCaseItem(db, secretary, mt.id, { caseId: String(salon), plannedMinutes: '15' })
				) as Error
			).message
		).toMatch(/op deze tafel/);
		expect(
			(
				throws(() =>
					meetings.addCaseItem(db, secretary, mt.id, { caseId: String(farah), plannedMinutes: '15' })
				) as Error
			).message
		).toMatch(/op deze tafel/);
		expect(
			(
				throws(() =>
					meetings.addCaseItem(db, secretary, mt.id, {
						caseId: String(cases.bogdan.id),
						plannedMinutes: '15',
						presenterId: String(ids.user['procesregisseur.zvh'])
					})
				) as Error
			).message
		).toMatch(/actief lid/);
		expect(
			(
				throws(() =>
					meetings.addGeneralItem(db, secretary, mt.id, { title: 'x', plannedMinutes: '10' })
				) as Error
			).message
		).toMatch(/minstens 2/);
		meetings.addGeneralItem(db, secretary, mt.id, { title: 'Rondvraag', plannedMinutes: '5' });
		const items = () =>
			db.select().from(agendaItem).where(eq(agendaItem.meetingId, mt.id)).orderBy(agendaItem.position).all();
		const rondvraag = items()[1];
		meetings.moveItem(db, secretary, mt.id, { itemId: String(rondvraag.id), to: '0' });
		expect(items().map((i) => i.kind)).toEqual(['general', 'case']);
		expect(
			throws(() => meetings.moveItem(db, c(as('zorg')), mt.id, { itemId: String(rondvraag.id), to: '1' }))
		).toBeInstanceOf(NotFoundError);
	});

	it('shows a case item only to those who reach the case', async () => {
		const { db, ids, as, cases } = setup();
		const secretary = as('coordinator.zorg');
		const mt = meetings.create(db, c(secretary), {
			tableId: String(ids.table['zorgtafel']),
			startsAt: FUTURE,
			durationMinutes: '90'
		});
		const anna = cases.anna.id;
		meetings.addCaseItem(db, c(secretary), mt.id, { caseId: String(anna), plannedMinutes: '15' });
		meetings.advance(db, c(secretary), mt.id, {
			status: 'published',
			version: versionOf(db, meeting, mt.id)
		});
		// The case is then taken off the Zorgtafel: members who reached it only through the table lose it.
		db.delete(caseTable)
			.where(and(eq(caseTable.caseId, anna), eq(caseTable.tableId, ids.table['zorgtafel'])))
			.run();
		const asVeiligheid = meetings.get(db, c(as('veiligheid')), mt.id);
		expect(asVeiligheid.agenda[0]).toMatchObject({ case: null, hiddenCase: true });
		expect(JSON.stringify(asVeiligheid)).not.toContain(cases.anna.reference);
		expect(JSON.stringify(asVeiligheid)).not.toContain('A.K.');
		const asOwner = meetings.get(db, c(secretary), mt.id);
		expect(asOwner.agenda[0].case?.subjectLabel).toBe('A.K.');
	});
});

describe('decisions', () => {
	it('are recorded by the chair or secretary of a running or published meeting, with valid follow-up', async () => {
		const { db, ids, as } = setup();
		const chair = c(as('voorzitter.zorgtafel'));
		const mt = meetings.listForActor(db, chair).find((x) => x.status === 'published')!;
		const view = meetings.get(db, chair, mt.id);
		const caseItem = view.agenda.find((i) => i.kind === 'case')!;
		const good = {
			agendaItemId: String(caseItem.id),
			kind: 'start_care',
			text: 'Zorgtraject starten.',
			followUpOwnerId: String(ids.user['zorg']),
			followUpDate: '2026-12-31'
		};
		expect(throws(() => decisions.recordDecision(db, c(as('zorg')), mt.id, good))).toBeInstanceOf(
			NotFoundError
		);
		expect(
			(
				throws(() =>
					decisions.recordDecision(db, chair, mt.id, { ...good, followUpDate: '2020-01-01' })
				) as Error
			).message
		).toMatch(/vóór het overleg/);
		expect(
			(
				throws(() =>
					decisions.recordDecision(db, chair, mt.id, { ...good, agendaItemId: '', kind: 'close_case' })
				) as Error
			).message
		).toMatch(/hoort bij een casus/);
		expect(
			throws(() => decisions.recordDecision(db, chair, mt.id, { ...good, kind: 'opheffen' }))
		).toBeInstanceOf(ValidationError);
		const d = decisions.recordDecision(db, chair, mt.id, good);
		expect(d).toMatchObject({
			tableId: ids.table['zorgtafel'],
			caseId: meetings.get(db, chair, mt.id).agenda[0].case?.id,
			status: 'open'
		});
		// A closed meeting takes no decisions.
		const closed = meetings.listForActor(db, chair).find((x) => x.status === 'closed')!;
		expect(
			throws(() =>
				decisions.recordDecision(db, chair, closed.id, { ...good, agendaItemId: '', kind: 'other' })
			)
		).toBeInstanceOf(ConflictError);
	});

	it('are seen only through their table, overdue first, and change status with a reason when dropped', async () => {
		const { db, as, tables } = setup();
		const zorg = decisions.list(db, c(as('zorg')), {});
		expect(zorg.length).toBeGreaterThan(0);
		expect(zorg.every((d) => d.tableName === tables.zt.name)).toBe(true);
		const chair = c(as('voorzitter.stuurtafel'));
		const stuur = decisions.list(db, chair, {});
		expect(stuur.some((d) => d.tableName === tables.stuur.name)).toBe(true);
		expect(stuur.some((d) => d.tableName === tables.zt.name)).toBe(false);
		expect(stuur[0].overdue).toBe(true);
		expect(decisions.list(db, c(as('melder')), {})).toEqual([]);
		const open = stuur.find((d) => d.status === 'open' && d.mayChange)!;
		const version = String(open.version);
		expect(
			(
				throws(() =>
					decisions.setDecisionStatus(db, chair, { decisionId: String(open.id), status: 'dropped', version })
				) as Error
			).message
		).toMatch(/reden/);
		expect(
			throws(() =>
				decisions.setDecisionStatus(db, c(as('veiligheid')), {
					decisionId: String(open.id),
					status: 'implemented',
					version
				})
			)
		).toBeInstanceOf(NotFoundError);
		expect(
			throws(() =>
				decisions.setDecisionStatus(db, c(as('zorg')), {
					decisionId: String(open.id),
					status: 'implemented',
					version
				})
			)
		).toBeInstanceOf(NotFoundError);
		decisions.setDecisionStatus(db, chair, { decisionId: String(open.id), status: 'implemented', version });
		expect(db.select().from(decision).where(eq(decision.id, open.id)).get()?.status).toBe('implemented');
		expect(decisions.list(db, chair, { status: 'implemented', kind: open.kind }).map((d) => d.id)).toContain(
			open.id
		);
	});
});

describe('review of earlier meetings', () => {
	it('brings back open actions and decisions, and records what the meeting concludes', async () => {
		const { db, as } = setup();
		const secretary = c(as('coordinator.zorg'));
		const today = meetings.listForActor(db, secretary).find((x) => x.upcoming && x.status === 'published')!;
		const entries = meetings.review(db, secretary, today.id);
		expect(
			entries.some((e) => e.type === 'decision' && e.title.includes('Traumazorg'.toLowerCase()) === false)
		).toBe(true);
		expect(entries.some((e) => e.type === 'action' && e.title === 'Intakegesprek met advocaat plannen')).toBe(
			true
		);
		// The veiligheid member does not see zorg-plan actions in the review.
		expect(meetings.review(db, c(as('veiligheid')), today.id).some((e) => e.compartment === 'zorg')).toBe(
			false
		);
		expect(meetings.review(db, secretary, today.id).some((e) => e.compartment === 'zorg')).toBe(true);

		const decisionEntry = entries.find((e) => e.type === 'decision')!;
		expect(
			(
				throws(() =>
					meetings.concludeReview(db, secretary, today.id, {
						type: 'decision',
						id: decisionEntry.id,
						outcome: 'not_possible'
					})
				) as Error
			).message
		).toMatch(/reden/);
		expect(
			meetings.concludeReview(db, secretary, today.id, {
				type: 'decision',
				id: decisionEntry.id,
				outcome: 'done'
			})
		).toBeNull();
		expect(
			db
				.select()
				.from(decision)
				.where(eq(decision.id, Number(decisionEntry.id)))
				.get()?.status
		).toBe('implemented');
		const actionEntry = entries.find((e) => e.type === 'action')!;
		expect(
			meetings.concludeReview(db, secretary, today.id, {
				type: 'action',
				id: actionEntry.id,
				outcome: 'not_undertaken',
				reason: 'Advocaat niet beschikbaar.'
			})
		).toMatchObject({
			actionId: actionEntry.id,
			status: 'not_undertaken',
			reason: 'Advocaat niet beschikbaar.'
		});
		expect(
			meetings.concludeReview(db, secretary, today.id, {
				type: 'action',
				id: entries.filter((e) => e.type === 'action')[1]?.id ?? actionEntry.id,
				outcome: 'carried_over'
			})
		).toBeNull();
		expect(meetings.review(db, secretary, today.id).find((e) => e.id === actionEntry.id)?.outcome).toBe(
			'not_undertaken'
		);
		expect(
			(
				throws(() =>
					meetings.concludeReview(db, secretary, today.id, {
						type: 'action',
						id: 'bestaat-niet',
						outcome: 'done'
					})
				) as Error
			).message
		).toMatch(/niet \(meer\) open/);
		expect(
			throws(() =>
				meetings.concludeReview(db, c(as('zorg')), today.id, {
					type: 'decision',
					id: decisionEntry.id,
					outcome: 'done'
				})
			)
		).toBeInstanceOf(NotFoundError);
	});
});

describe('calendar files', () => {
	it('carry table, time and place only, in valid folded lines', async () => {
		const { db, as, tables, cases } = setup();
		const zorg = c(as('zorg'));
		const row = meetings.visible(db, zorg, meetings.listForActor(db, zorg)[0].id);
		const body = calendar.ics(
			[{ ...row, place: 'Zaal met een heel lange naam, ' + 'x'.repeat(120) }],
			NOW,
			'http://localhost:3000',
			row.tableName
		);
		expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect(body).toContain(`SUMMARY:${tables.zt.name}`);
		// The meeting has the case on its agenda; none of it is in the file.
		expect(meetings.get(db, zorg, row.id).agenda.some((i) => i.case?.id === cases.anna.id)).toBe(true);
		expect(body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
		for (const caseText of ['A.K.', 'S-2026', 'traumabehandeling']) expect(body).not.toContain(caseText);
	});

	it('a personal feed works until it is revoked, and logs each use', async () => {
		const { db, ids, tables } = setup();
		const token = calendar.createFeed(db, ids.user['zorg'], NOW);
		const feed = calendar.feedFor(db, token, NOW, 'http://localhost:3000', '10.0.0.1');
		expect(feed).toContain('BEGIN:VEVENT');
		expect(feed).toContain(`SUMMARY:${tables.zt.name}`);
		expect(feed).not.toContain(tables.stuur.name);
		calendar.revokeFeeds(db, ids.user['zorg'], NOW);
		expect(calendar.feedFor(db, token, NOW, 'http://localhost:3000', '10.0.0.1')).toBeNull();
		expect(calendar.feedFor(db, 'niet-geldig!', NOW, 'http://localhost:3000', null)).toBeNull();
		expect(audit.list(db, { action: 'denied' }).some((r) => r.objectType === 'calendar_feed')).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------
// Built data: each test makes the rows it needs (tests/support/build.ts).

/** A Zorgtafel with a secretary (coordinator), a chair, a zorg and a veiligheid member, one case on it and a meeting. */
function table(status: 'draft' | 'published' | 'in_progress' | 'closed' = 'published') {
	const db = freshDb();
	const b = builder(db);
	const zt = b.table({ kind: 'zorgtafel' });
	const secretary = b.person({ name: 'Sanne Secretaris', domain: 'zorg', roles: ['coordinator'] });
	const chair = b.person({ name: 'Carla Voorzitter', domain: 'veiligheid' });
	const zorg = b.person({ name: 'Zeynep Zorg', domain: 'zorg' });
	const police = b.person({ name: 'Pieter Politie', domain: 'veiligheid' });
	b.member(zt, secretary, 'secretary');
	b.member(zt, chair, 'chair');
	b.member(zt, zorg);
	b.member(zt, police);
	const caseRow = b.caseFile({ kind: 'victim', tables: [zt], owner: secretary, label: 'Q.Z.' });
	const mt = b.meeting({ table: zt, startsAt: after(NOW, 10 * DAY), status, createdBy: secretary });
	const caseItem = b.item(mt, { caseId: caseRow });
	const general = b.item(mt, { title: 'Rondvraag' });
	const at = (person: { id: number }, now: Date = NOW) =>
		createContext({
			actor: b.actor(person),
			now,
			clientAddress: '198.51.100.4',
			purpose: { kind: 'meeting', id: mt.id }
		});
	return { db, b, zt, secretary, chair, zorg, police, caseRow, mt, caseItem, general, at };
}

const logRows = (db: Db) => db.select().from(accessLog).all();

describe('views through the ledger (issue 13, finding 3)', () => {
	it('opening a meeting as a planner writes one access-log row, with client address and the request time', () => {
		const t = table('published');
		const requestTime = new Date('2026-11-28T10:00:00.123Z');
		const ctx = t.at(t.secretary, requestTime);
		const before = logRows(t.db).length;
		// What the meeting page's load reads for a planner.
		const view = meetings.get(t.db, ctx, t.mt.id);
		meetings.casesForAgenda(t.db, ctx, t.mt.id);
		meetings.minutesToApprove(t.db, ctx, t.mt.id);
		meetings.tableMembers(t.db, view.meeting.tableId);
		expect(view.may.plan).toBe(true);
		audit.flushViews(t.db, ctx);
		const rows = logRows(t.db).slice(before);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			action: 'view',
			objectType: 'meeting',
			objectId: String(t.mt.id),
			clientAddress: '198.51.100.4',
			compartment: 'shared',
			userId: t.secretary.id
		});
		expect(rows[0].at.getTime()).toBe(requestTime.getTime());
	});

	it('the minutes view row names the compartments the minutes contained', () => {
		const t = table('closed');
		const doc = (name: string) => {
			const d = new Y.Doc();
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(`notities ${name}`)]);
			d.getXmlFragment('notes').push([p]);
			return d;
		};
		const zorg = t.at(t.zorg);
		const asZorg = minutes.compose(t.db, zorg, t.mt.id, doc, 'verborgen');
		expect(asZorg.items.find((i) => i.id === t.caseItem.id)!.notes.map((n) => n.compartment)).toEqual([
			'shared',
			'zorg'
		]);
		const police = t.at(t.police);
		minutes.compose(t.db, police, t.mt.id, doc, 'verborgen', 'export');
		const before = logRows(t.db).length;
		audit.flushViews(t.db, zorg);
		audit.flushViews(t.db, police);
		const rows = logRows(t.db).slice(before);
		expect(rows.map((r) => [r.userId, r.action, r.objectType, r.objectId, r.compartment, r.detail])).toEqual([
			[t.zorg.id, 'view', 'minutes', String(t.mt.id), 'shared,zorg', null],
			[t.police.id, 'export', 'minutes', String(t.mt.id), 'shared,veiligheid', 'pdf']
		]);
	});

	it('the decision list and its export note the decisions they returned; the projector notes shared content only', () => {
		const t = table('in_progress');
		const d = t.b.decision({ meeting: t.mt, caseId: t.caseRow, createdBy: t.chair, text: 'Zorg starten' });
		const ctx = t.at(t.zorg);
		expect(decisions.list(t.db, ctx, {}).map((x) => x.id)).toEqual([d.id]);
		decisions.exportList(t.db, ctx, { status: 'open' });
		const projected = meetings.projector(t.db, ctx, t.mt.id, 'verborgen');
		expect(projected.items.map((i) => i.label)).toEqual([`${t.caseRow.reference} – Q.Z.`, 'Rondvraag']);
		const notes = ctx.views
			.drain()
			.map((n) => [n.action, n.objectType, n.objectId ?? null, n.compartments.join(','), n.detail]);
		expect(notes).toEqual([
			['search', 'decision', null, 'shared', `besluitenlijst: besluiten ${d.id}`],
			['export', 'decision', null, 'shared', `besluitenlijst (status=open): besluiten ${d.id}`],
			['view', 'meeting', t.mt.id, 'shared', 'projector']
		]);
	});

	it('the invitation is noted as an export of the meeting', () => {
		const t = table('published');
		const ctx = t.at(t.police);
		expect(calendar.invitation(t.db, ctx, t.mt.id, 'http://localhost:3000')).toContain(
			`UID:overleg-${t.mt.id}@localhost`
		);
		expect(ctx.views.drain()).toMatchObject([
			{ action: 'export', objectType: 'meeting', objectId: t.mt.id, detail: 'uitnodiging' }
		]);
	});
});

describe('changes are whole (one transaction with their log row)', () => {
	it('a decision, its escalation step and its log row: a refused decision leaves no row and no log entry', () => {
		const t = table('in_progress');
		const before = logRows(t.db).length;
		expect(() =>
			decisions.recordDecision(t.db, t.at(t.chair), t.mt.id, {
				agendaItemId: '',
				kind: 'close_case',
				text: 'Sluiten'
			})
		).toThrow(ValidationError);
		expect(logRows(t.db)).toHaveLength(before);
		const d = decisions.recordDecision(t.db, t.at(t.chair), t.mt.id, {
			agendaItemId: String(t.caseItem.id),
			kind: 'other',
			text: 'Volgende keer terug'
		});
		expect(logRows(t.db).slice(before)).toMatchObject([
			{
				action: 'create',
				objectType: 'decision',
				objectId: String(d.id),
				clientAddress: '198.51.100.4',
				purpose: `meeting:${t.mt.id}`
			}
		]);
	});
});

describe('versions: a stale save is refused with a Dutch message and changes nothing (issue 13, finding 5)', () => {
	it('reschedule', () => {
		const t = table('draft');
		const loaded = versionOf(t.db, meeting, t.mt.id);
		meetings.reschedule(t.db, t.at(t.secretary), t.mt.id, {
			startsAt: '2026-12-09T10:00',
			durationMinutes: '60',
			place: 'Zaal A',
			videoLink: '',
			version: loaded
		});
		// The chair (a planner too) saves from a tab loaded before that change.
		const stale = throws(() =>
			meetings.reschedule(t.db, t.at(t.chair), t.mt.id, {
				startsAt: '2026-12-09T10:00',
				durationMinutes: '90',
				place: 'Zaal B',
				videoLink: '',
				version: loaded
			})
		);
		expect(stale).toBeInstanceOf(StaleError);
		expect((stale as Error).message).toMatch(
			/^Dit is intussen gewijzigd door Sanne Secretaris .*: Duur \(minuten\), Plaats\./
		);
		expect(t.db.select().from(meeting).where(eq(meeting.id, t.mt.id)).get()).toMatchObject({
			place: 'Zaal A',
			durationMinutes: 60,
			version: 2
		});
	});

	it('status advance', () => {
		const t = table('published');
		const loaded = versionOf(t.db, meeting, t.mt.id);
		meetings.advance(t.db, t.at(t.chair), t.mt.id, { status: 'in_progress', version: loaded });
		// The secretary's tab still shows "published" and asks to start it as well.
		const stale = throws(() =>
			meetings.advance(t.db, t.at(t.secretary), t.mt.id, { status: 'in_progress', version: loaded })
		);
		expect(stale).toBeInstanceOf(StaleError);
		expect((stale as Error).message).toMatch(/Carla Voorzitter .*: Status\./);
		// A reschedule from the time before the start is stale too (it would have been refused anyway: started).
		const t2 = table('published');
		const v2 = versionOf(t2.db, meeting, t2.mt.id);
		meetings.reschedule(t2.db, t2.at(t2.secretary), t2.mt.id, {
			startsAt: '2026-12-09T10:00',
			durationMinutes: '90',
			place: 'Zaal A',
			videoLink: '',
			version: v2
		});
		expect(
			throws(() => meetings.advance(t2.db, t2.at(t2.chair), t2.mt.id, { status: 'in_progress', version: v2 }))
		).toBeInstanceOf(StaleError);
		expect(t2.db.select().from(meeting).where(eq(meeting.id, t2.mt.id)).get()?.status).toBe('published');
	});

	it('agenda item edit', () => {
		const t = table('published');
		const loaded = versionOf(t.db, agendaItem, t.general.id);
		meetings.updateItem(t.db, t.at(t.secretary), t.mt.id, {
			itemId: String(t.general.id),
			title: 'Rondvraag en sluiting',
			presenterId: '',
			plannedMinutes: '10',
			version: loaded
		});
		const stale = throws(() =>
			meetings.updateItem(t.db, t.at(t.secretary), t.mt.id, {
				itemId: String(t.general.id),
				title: 'Rondvraag',
				presenterId: String(t.zorg.id),
				plannedMinutes: '5',
				version: loaded
			})
		);
		expect(stale).toBeInstanceOf(StaleError);
		expect((stale as Error).message).toMatch(/Onderwerp, Inbreng door, Geplande minuten/);
		expect(t.db.select().from(agendaItem).where(eq(agendaItem.id, t.general.id)).get()).toMatchObject({
			title: 'Rondvraag en sluiting',
			plannedMinutes: 10,
			presenterId: null,
			version: 2
		});
		// Reordering does not make an open item form stale.
		meetings.moveItem(t.db, t.at(t.secretary), t.mt.id, { itemId: String(t.general.id), to: '0' });
		meetings.updateItem(t.db, t.at(t.secretary), t.mt.id, {
			itemId: String(t.general.id),
			title: 'Rondvraag',
			presenterId: '',
			plannedMinutes: '5',
			version: '2'
		});
	});

	it('decision status', () => {
		const t = table('in_progress');
		const d = t.b.decision({ meeting: t.mt, createdBy: t.chair, text: 'Huisarts informeren' });
		const loaded = versionOf(t.db, decision, d.id);
		decisions.setDecisionStatus(t.db, t.at(t.chair), {
			decisionId: String(d.id),
			status: 'implemented',
			version: loaded
		});
		const stale = throws(() =>
			decisions.setDecisionStatus(t.db, t.at(t.secretary), {
				decisionId: String(d.id),
				status: 'dropped',
				reason: 'Niet meer nodig',
				version: loaded
			})
		);
		expect(stale).toBeInstanceOf(StaleError);
		expect((stale as Error).message).toMatch(/Carla Voorzitter/);
		expect(t.db.select().from(decision).where(eq(decision.id, d.id)).get()).toMatchObject({
			status: 'implemented',
			statusReason: null,
			version: 2
		});
		// A form without a version is refused, not guessed.
		expect(
			throws(() =>
				decisions.setDecisionStatus(t.db, t.at(t.chair), { decisionId: String(d.id), status: 'open' })
			)
		).toBeInstanceOf(ValidationError);
	});
});

describe('the meeting rules of the policy (pure, over facts)', () => {
	it('planning, deciding, seeing and the documents', () => {
		const t = table('published');
		const [secretary, chair, zorg, police] = [t.secretary, t.chair, t.zorg, t.police].map((p) =>
			t.b.actor(p)
		);
		const outsider = t.b.actor(t.b.person({ roles: ['coordinator'] }));
		const tableId = t.zt.id;
		expect([secretary, chair, zorg, police, outsider].map((a) => policy.mayPlan(a, tableId))).toEqual([
			true,
			true,
			false,
			false,
			false
		]);
		expect([secretary, chair, zorg, police, outsider].map((a) => policy.mayDecide(a, tableId))).toEqual([
			true,
			true,
			false,
			false,
			false
		]);
		const draft = { tableId, status: 'draft' as const };
		expect([secretary, zorg, outsider].map((a) => policy.maySeeMeeting(a, draft))).toEqual([
			true,
			false,
			false
		]);
		const facts = meetings.noteCompartments(t.db, zorg, t.mt.id);
		expect(facts.get(t.caseItem.id)).toEqual(['shared', 'zorg']);
		expect(meetings.noteCompartments(t.db, police, t.mt.id).get(t.general.id)).toEqual([
			'shared',
			'veiligheid'
		]);
		const running = { tableId, status: 'in_progress' as const };
		expect([chair, zorg, outsider].map((a) => policy.liveDocAccess(a, running))).toEqual([
			'write',
			'read',
			null
		]);
		const item = { caseId: null, case: null };
		expect(policy.itemDocAccess(zorg, { tableId, status: 'closed' }, item, 'zorg')).toBe('write');
		expect(policy.itemDocAccess(zorg, { tableId, status: 'minutes_approved' }, item, 'zorg')).toBe('read');
		expect(policy.itemDocAccess(zorg, { tableId, status: 'published' }, item, 'zorg')).toBeNull();
		expect(policy.itemDocAccess(zorg, running, item, 'veiligheid')).toBeNull();
		expect(policy.mayRecordAttendance(zorg, running)).toBe(false);
		expect(policy.mayApproveMinutes(chair, running)).toBe(true);
		expect(policy.inCalendarFeed(zorg, draft)).toBe(false);
	});
});
