import { describe, expect, it } from 'vitest';
import * as reports from '../../src/lib/server/reports';
import * as cases from '../../src/lib/server/cases';
import * as signals from '../../src/lib/server/signals';
import * as audit from '../../src/lib/server/audit';
import { createContext } from '../../src/lib/server/context';
import { DAY, NOW, actorOf, after, seededDb } from './helpers';

describe('evaluation figures', () => {
	it('count only what the viewer may see, with no names or free text', async () => {
		const { db, refs } = await seededDb();
		const from = after(NOW, -365 * DAY);
		const until = after(NOW, DAY);
		const at = (local: string) => createContext({ actor: actorOf(db, refs, local), now: NOW });
		const coordinator = at('coordinator.veiligheid');
		const f = reports.figures(db, coordinator, from, until);
		expect(f.signals?.total).toBe(
			signals.inbox(db, at('coordinator.veiligheid'), 'all').filter((s) => s.receivedAt >= from).length
		);
		expect(f.signals?.bySource.reporter).toBeGreaterThan(0);
		expect(f.cases.total).toBe(cases.list(db, at('coordinator.veiligheid'), {}).length);
		expect(f.escalations.byTarget.riec).toBeDefined();
		const text = JSON.stringify(f);
		for (const secret of ['A.K.', 'Marktweg', 'traumabehandeling', 'Mila', 'balie'])
			expect(text).not.toContain(secret);

		// The Stuurtafel chair has no signal inbox and sees no care figures.
		const chair = reports.figures(db, at('voorzitter.stuurtafel'), from, until);
		expect(chair.signals).toBeNull();
		expect(chair.comensha).toBeNull();
		expect(chair.cases.byKind.victim).toBeUndefined();
		// Signals of another municipality are not counted for Kempenveld's coordinator and vice versa.
		expect(reports.figures(db, at('coordinator.kempenveld'), from, until).signals?.total).toBe(1);
	});

	it('time from signal to action is a median in days', async () => {
		const { db, refs } = await seededDb();
		const f = reports.figures(
			db,
			createContext({ actor: actorOf(db, refs, 'coordinator.veiligheid'), now: NOW }),
			after(NOW, -365 * DAY),
			after(NOW, DAY)
		);
		expect(f.signals?.medianDaysToAction).toBeCloseTo(2 / 24, 1);
	});

	it('a report is one search row with the compartments that fed it, the period and no case ids', async () => {
		const { db, refs } = await seededDb();
		const ctx = createContext({
			actor: actorOf(db, refs, 'coordinator.zorg'),
			now: NOW,
			clientAddress: '192.0.2.7',
			purpose: { kind: 'page', id: 'reports' }
		});
		reports.figures(db, ctx, after(NOW, -365 * DAY), after(NOW, DAY));
		// The escalation board the figures count is not logged as if its rows had been shown.
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
