import { describe, expect, it } from 'vitest';
import * as reports from '../../src/lib/server/reports';
import * as cases from '../../src/lib/server/cases';
import * as signals from '../../src/lib/server/signals';
import * as audit from '../../src/lib/server/audit';
import { createContext } from '../../src/lib/server/context';
import { builder } from '../support/build';
import { DAY, HOUR, NOW, after, freshDb } from './helpers';

/**
 * A region of the test's own: two municipalities, a Zorgtafel, an AVO and a Stuurtafel, a victim
 * and a perpetrator case, signals from a reporter and from citizens, and an escalation on each
 * route. The texts the figures must never contain are planted in names, labels, descriptions and
 * care content.
 */
function region() {
	const db = freshDb();
	const b = builder(db);
	const here = b.org({ name: 'Gemeente Teststad', municipality: 'Teststad', domain: 'veiligheid' });
	const there = b.org({ name: 'Gemeente Anderstad', municipality: 'Anderstad', domain: 'veiligheid' });
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Teststad' });
	const avo = b.table({ kind: 'avo', name: 'AVO Teststad' });
	const stuur = b.table({ kind: 'stuurtafel', name: 'Stuurtafel Teststad' });
	const reporter = b.person({ name: 'Mila Melder', domain: 'zorg', roles: ['reporter'], org: here });
	const cv = b.person({
		name: 'Coördinator Veiligheid',
		domain: 'veiligheid',
		roles: ['coordinator'],
		org: here
	});
	const cz = b.person({ name: 'Coördinator Zorg', domain: 'zorg', roles: ['coordinator'], org: here });
	const stuurChair = b.person({ name: 'Voorzitter Stuurtafel', domain: 'veiligheid', org: here });
	const elsewhere = b.person({
		name: 'Coördinator Elders',
		domain: 'veiligheid',
		roles: ['coordinator'],
		org: there
	});
	b.member(zt, cz, 'secretary');
	b.member(zt, cv);
	b.member(avo, cv, 'chair');
	b.member(stuur, stuurChair, 'chair');
	b.member(stuur, cv, 'secretary');
	const victim = b.caseFile({
		kind: 'victim',
		label: 'A.K.',
		tables: [zt],
		owner: cz,
		forms: ['sexual'],
		zorg: { careNeeds: 'Veilige opvang en traumabehandeling.', comensha: 'registered' }
	});
	const perpetrator = b.caseFile({
		kind: 'perpetrator',
		subject: b.subject({ kind: 'premises', label: 'Marktweg 12 (fictief)' }),
		tables: [avo, stuur],
		owner: cv,
		forms: ['labour']
	});
	b.escalation({ caseId: perpetrator, target: 'riec', openedBy: cv });
	b.escalation({ caseId: victim, target: 'zvh', fromTable: zt, openedBy: cz });
	// Signals: two here (a reporter at the balie, a citizen), one in the other municipality.
	const fromReporter = b.signal({
		registeredBy: reporter,
		municipality: 'Teststad',
		description: 'Aan de balie stond een vrouw.'
	});
	const fromCitizen = b.signal({
		registeredBy: cv,
		reporter: null,
		municipality: 'Teststad',
		description: 'Een busje bij de Marktweg.'
	});
	b.signal({
		registeredBy: elsewhere,
		reporter: null,
		municipality: 'Anderstad',
		description: 'Waarneming in Anderstad.'
	});
	const at = (person: { id: number }) => createContext({ actor: b.actor(person), now: NOW });
	return { db, b, cv, cz, stuurChair, elsewhere, victim, perpetrator, fromReporter, fromCitizen, at };
}

describe('evaluation figures', () => {
	it('count only what the viewer may see, with no names or free text', () => {
		const r = region();
		const { db, at } = r;
		const from = after(NOW, -365 * DAY);
		const until = after(NOW, DAY);
		const coordinator = at(r.cv);
		const f = reports.figures(db, coordinator, from, until);
		expect(f.signals?.total).toBe(
			signals.inbox(db, at(r.cv), 'all').filter((s) => s.receivedAt >= from).length
		);
		expect(f.signals?.total).toBe(2);
		expect(f.signals?.bySource.reporter).toBeGreaterThan(0);
		expect(f.cases.total).toBe(cases.list(db, at(r.cv), {}).length);
		expect(f.cases.total).toBe(2);
		expect(f.escalations.byTarget.riec).toBeDefined();
		const text = JSON.stringify(f);
		for (const secret of ['A.K.', 'Marktweg', 'traumabehandeling', 'Mila', 'balie'])
			expect(text).not.toContain(secret);

		// The Stuurtafel chair has no signal inbox and sees no care figures.
		const chair = reports.figures(db, at(r.stuurChair), from, until);
		expect(chair.signals).toBeNull();
		expect(chair.comensha).toBeNull();
		expect(chair.cases.byKind.victim).toBeUndefined();
		// Signals of another municipality are not counted for its coordinator and vice versa.
		expect(reports.figures(db, at(r.elsewhere), from, until).signals?.total).toBe(1);
	});

	it('time from signal to action is a median in days', () => {
		const r = region();
		const { db, b } = r;
		const received = r.fromReporter.receivedAt;
		// Two signals triaged two hours after they came in, a third only after five days: the median is two hours.
		b.signalEvent(r.fromReporter, { kind: 'received', at: received });
		b.signalEvent(r.fromReporter, { kind: 'triage_started', at: after(received, 2 * HOUR), by: r.cv });
		b.signalEvent(r.fromCitizen, { kind: 'received', at: received });
		b.signalEvent(r.fromCitizen, { kind: 'triage_started', at: after(received, 2 * HOUR), by: r.cv });
		const late = b.signal({ registeredBy: r.cv, reporter: null, municipality: 'Teststad' });
		b.signalEvent(late, { kind: 'received', at: received });
		b.signalEvent(late, { kind: 'note', at: after(received, 5 * DAY), by: r.cv });
		// A signal nobody acted on yet does not count.
		const untouched = b.signal({ registeredBy: r.cv, reporter: null, municipality: 'Teststad' });
		b.signalEvent(untouched, { kind: 'received', at: received });
		const f = reports.figures(db, r.at(r.cv), after(NOW, -365 * DAY), after(NOW, DAY));
		expect(f.signals?.medianDaysToAction).toBeCloseTo(2 / 24, 1);
	});

	it('a report is one search row with the compartments that fed it, the period and no case ids', () => {
		const r = region();
		const { db, b } = r;
		const ctx = createContext({
			actor: b.actor(r.cz),
			now: NOW,
			clientAddress: '192.0.2.7',
			purpose: { kind: 'page', id: 'reports' }
		});
		reports.figures(db, ctx, after(NOW, -365 * DAY), after(NOW, DAY));
		// The escalation board the figures count (the ZVH route from the Zorgtafel) is not logged as if its rows had been shown.
		expect(audit.flushViews(db, ctx)).toBe(1);
		const [row] = audit.list(db, { action: 'search' });
		expect(row).toMatchObject({
			objectType: 'report',
			objectId: null,
			clientAddress: '192.0.2.7',
			purpose: 'page:reports'
		});
		expect(row.compartment).toMatch(/^shared,zorg/);
		expect(row.detail).toBe('evaluatie 2025-11-28 t/m 2026-11-29');
	});
});
