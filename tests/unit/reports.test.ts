import { describe, expect, it } from 'vitest';
import * as reports from '../../src/lib/server/reports';
import * as cases from '../../src/lib/server/cases';
import * as signals from '../../src/lib/server/signals';
import { DAY, NOW, actorOf, after, seededDb } from './helpers';

describe('evaluation figures', () => {
	it('count only what the viewer may see, with no names or free text', async () => {
		const { db, refs } = await seededDb();
		const from = after(NOW, -365 * DAY);
		const until = after(NOW, DAY);
		const coordinator = actorOf(db, refs, 'coordinator.veiligheid');
		const f = reports.figures(db, coordinator, from, until, NOW);
		expect(f.signals?.total).toBe(signals.inbox(db, coordinator, 'all', NOW).filter((s) => s.receivedAt >= from).length);
		expect(f.signals?.bySource.reporter).toBeGreaterThan(0);
		expect(f.cases.total).toBe(cases.list(db, coordinator, {}, NOW).length);
		expect(f.escalations.byTarget.riec).toBeDefined();
		const text = JSON.stringify(f);
		for (const secret of ['A.K.', 'Marktweg', 'traumabehandeling', 'Mila', 'balie']) expect(text).not.toContain(secret);

		// The Stuurtafel chair has no signal inbox and sees no care figures.
		const chair = reports.figures(db, actorOf(db, refs, 'voorzitter.stuurtafel'), from, until, NOW);
		expect(chair.signals).toBeNull();
		expect(chair.comensha).toBeNull();
		expect(chair.cases.byKind.victim).toBeUndefined();
		// Signals of another municipality are not counted for Kempenveld's coordinator and vice versa.
		expect(reports.figures(db, actorOf(db, refs, 'coordinator.kempenveld'), from, until, NOW).signals?.total).toBe(1);
	});

	it('time from signal to action is a median in days', async () => {
		const { db, refs } = await seededDb();
		const f = reports.figures(db, actorOf(db, refs, 'coordinator.veiligheid'), after(NOW, -365 * DAY), after(NOW, DAY), NOW);
		expect(f.signals?.medianDaysToAction).toBeCloseTo(2 / 24, 1);
	});
});
