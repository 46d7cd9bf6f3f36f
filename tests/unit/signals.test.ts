import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as signals from '../../src/lib/server/signals';
import * as audit from '../../src/lib/server/audit';
import { signal, signalEvent } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { DAY, NOW, actorOf, after, seededDb } from './helpers';

const GOOD = {
	description: 'Man aan de balie antwoordde steeds voor een jonge vrouw en hield haar paspoort vast.',
	locationKind: 'other',
	forms: ['sexual'],
	indicators: ['someone_speaks_for_them', 'no_id_papers'],
	urgency: 'high',
	contact: 'toestel 12',
	municipality: 'Dommelstroom'
};

async function setup() {
	const { db, refs } = await seededDb();
	const as = (local: string) => actorOf(db, refs, local);
	return { db, refs, as };
}

describe('submitting a signal', () => {
	it('records a reporter’s signal with a reference, a timeline entry and a log entry', async () => {
		const { db, as } = await setup();
		const melder = as('melder');
		const s = signals.submit(db, melder, { ...GOOD, source: 'anonymous' }, NOW, '10.1.1.1');
		expect(s.reference).toMatch(/^SG-2026-\d{4}$/);
		expect(s).toMatchObject({ status: 'received', source: 'reporter', reporterUserId: melder.id, registeredBy: melder.id });
		expect(db.select().from(signalEvent).where(eq(signalEvent.signalId, s.id)).all().map((e) => e.kind)).toEqual(['received']);
		expect(audit.list(db, { action: 'create' }).find((r) => r.objectType === 'signal')).toMatchObject({ objectId: String(s.id), userId: melder.id });
	});

	it('lets a coordinator register on behalf of a citizen or an anonymous source', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const citizen = signals.submit(db, c, { ...GOOD, source: 'citizen', externalReporter: 'buurvrouw' }, NOW);
		expect(citizen).toMatchObject({ source: 'citizen', reporterUserId: null, externalReporter: 'buurvrouw' });
		const anonymous = signals.submit(db, c, { ...GOOD, source: 'anonymous', externalReporter: 'naam', contact: '06' }, NOW);
		expect(anonymous).toMatchObject({ source: 'anonymous', externalReporter: null, contact: null });
	});

	it('refuses bad input with a Dutch message and stores nothing', async () => {
		const { db, as } = await setup();
		const melder = as('melder');
		const count = () => db.select().from(signal).all().length;
		const before = count();
		const bad: Array<[object, RegExp]> = [
			[{ ...GOOD, description: '' }, /Wat heeft u gezien of gehoord\? is verplicht/],
			[{ ...GOOD, description: 'kort' }, /minstens 10/],
			[{ ...GOOD, locationKind: 'maan' }, /geldige waarde voor Waar was het/],
			[{ ...GOOD, forms: ['piraterij'] }, /geldige waarde/],
			[{ ...GOOD, indicators: ['bestaat_niet'] }, /geldige waarde/],
			[{ ...GOOD, urgency: 'gisteren' }, /Urgentie/],
			[{ ...GOOD, observedOn: '2026-12-01' }, /niet in de toekomst/],
			[{ ...GOOD, observedOn: '2026-02-30' }, /geen bestaande datum/],
			[{ ...GOOD, municipality: 'Atlantis' }, /gemeente uit de lijst/],
			[{ ...GOOD, description: 'x'.repeat(5001) }, /hoogstens 5000/]
		];
		for (const [input, message] of bad) {
			const err = (() => {
				try {
					signals.submit(db, melder, input, NOW);
				} catch (e) {
					return e;
				}
			})();
			expect(err, JSON.stringify(input).slice(0, 80)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before);
	});

	it('is not for admins, auditors or table members without a signal role', async () => {
		const { db, as } = await setup();
		for (const local of ['beheer', 'fg', 'zorg', 'voorzitter.stuurtafel']) {
			expect(() => signals.submit(db, as(local), GOOD, NOW), local).toThrow(NotFoundError);
		}
	});
});

describe('who sees which signal', () => {
	it('the coordinator’s inbox holds their municipality only, new and urgent first', async () => {
		const { db, as } = await setup();
		const inbox = signals.inbox(db, as('coordinator.veiligheid'), 'all', NOW);
		expect(inbox.length).toBeGreaterThan(8);
		const all = db.select().from(signal).all();
		const byId = new Map(all.map((s) => [s.id, s]));
		expect(inbox.every((r) => byId.get(r.id)?.municipality === 'Dommelstroom')).toBe(true);
		const rank = (r: signals.InboxRow) => (r.status === 'received' ? 0 : r.status === 'in_triage' ? 1 : 2);
		const ranks = inbox.map(rank);
		expect([...ranks].sort()).toEqual(ranks);
		const open = signals.inbox(db, as('coordinator.veiligheid'), 'open', NOW);
		expect(open.every((r) => r.status === 'received' || r.status === 'in_triage')).toBe(true);
		// The new ones (received) come first; the acute one leads the in-triage group.
		const triage = open.filter((r) => r.status === 'in_triage');
		expect(triage[0].urgency).toBe('acute');

		const elsewhere = signals.inbox(db, as('coordinator.kempenveld'), 'all', NOW);
		expect(elsewhere.map((r) => byId.get(r.id)?.municipality)).toEqual(['Kempenveld']);
		expect(signals.inbox(db, as('melder'), 'all', NOW)).toEqual([]);
		expect(signals.inbox(db, as('zorg'), 'all', NOW)).toEqual([]);
	});

	it('a reporter sees their own signals as status and sent feedback only', async () => {
		const { db, as } = await setup();
		const own = signals.listOwn(db, as('melder'), NOW);
		expect(own.length).toBe(4);
		for (const s of own) {
			expect(Object.keys(s).sort()).toEqual(['description', 'feedback', 'feedbackSentAt', 'id', 'receivedAt', 'reference', 'status']);
		}
		const one = signals.get(db, as('melder'), own[0].id, NOW);
		expect(one.view).toBe('own');
		expect(one).not.toHaveProperty('forwardings');
		expect(one).not.toHaveProperty('timeline');
	});

	it('anyone else gets NotFound, and every view is logged', async () => {
		const { db, as } = await setup();
		const own = signals.listOwn(db, as('melder'), NOW);
		const citizenSignal = db.select().from(signal).where(eq(signal.source, 'citizen')).get()!;
		expect(() => signals.get(db, as('melder'), citizenSignal.id, NOW)).toThrow(NotFoundError);
		for (const local of ['coordinator.kempenveld', 'zorg', 'veiligheid', 'beheer', 'fg']) {
			expect(() => signals.get(db, as(local), own[0].id, NOW), local).toThrow(NotFoundError);
		}
		expect(() => signals.get(db, as('coordinator.veiligheid'), 99_999, NOW)).toThrow(NotFoundError);
		const full = signals.get(db, as('coordinator.veiligheid'), own[0].id, NOW);
		expect(full.view).toBe('full');
		expect(audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'signal')).toHaveLength(1);
	});
});

describe('triage, forwarding, closing and feedback', () => {
	it('walks a signal through triage to a partner, and refuses what is not allowed', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, as('melder'), GOOD, NOW);
		signals.startTriage(db, c, s.id, NOW);
		expect(() => signals.startTriage(db, c, s.id, NOW)).toThrow(ConflictError);
		signals.addNote(db, c, s.id, { note: 'Adres is bekend van eerdere handhaving.' }, NOW);
		expect(() => signals.forward(db, c, s.id, { partner: 'mi5', forwardedOn: '2026-11-28', reason: 'x y z' }, NOW)).toThrow(ValidationError);
		expect(() => signals.forward(db, c, s.id, { partner: 'police_avim', forwardedOn: '2026-12-28', reason: 'x y z' }, NOW)).toThrow(/toekomst/);
		expect(() => signals.forward(db, c, s.id, { partner: 'police_avim', forwardedOn: '2026-11-01', reason: 'x y z' }, NOW)).toThrow(/vóór de ontvangst/);
		signals.forward(db, c, s.id, { partner: 'police_avim', forwardedOn: '2026-11-28', reason: 'Aanwijzingen voor dwang.' }, NOW);
		const after1 = signals.get(db, c, s.id, NOW);
		if (after1.view !== 'full') throw new Error('full view expected');
		expect(after1.signal.status).toBe('forwarded');
		expect(after1.forwardings).toMatchObject([{ partner: 'police_avim', forwardedOn: '2026-11-28' }]);
		expect(after1.timeline.map((e) => e.kind)).toEqual(['received', 'triage_started', 'note', 'forwarded']);
		// A forwarded signal can go to a second partner, but is no longer closed "without action".
		signals.forward(db, c, s.id, { partner: 'veilig_thuis', forwardedOn: '2026-11-28', reason: 'Ook minderjarige kinderen in huis.' }, NOW);
		expect(() => signals.close(db, c, s.id, { reason: 'toch niets' }, NOW)).toThrow(ConflictError);
		// Another municipality's coordinator cannot touch it.
		expect(() => signals.addNote(db, as('coordinator.kempenveld'), s.id, { note: 'hallo daar' }, NOW)).toThrow(NotFoundError);
	});

	it('a closed signal cannot be forwarded or converted', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, as('melder'), GOOD, NOW);
		expect(() => signals.close(db, c, s.id, { reason: '' }, NOW)).toThrow(ValidationError);
		signals.close(db, c, s.id, { reason: 'Geen aanwijzingen na huisbezoek.' }, NOW);
		const before = db.select().from(signal).where(eq(signal.id, s.id)).get();
		expect(() => signals.forward(db, c, s.id, { partner: 'police_avim', forwardedOn: '2026-11-28', reason: 'x y z' }, NOW)).toThrow(/afgesloten/);
		expect(() => signals.markConverted(db, c, s.id, 'S-2026-0001', NOW)).toThrow(/afgesloten/);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()).toEqual(before);
	});

	it('the reporter sees feedback only once it is sent', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const melder = as('melder');
		const s = signals.submit(db, melder, GOOD, NOW);
		expect(() => signals.sendFeedback(db, c, s.id, NOW)).toThrow(/eerst een terugkoppeling/);
		signals.saveFeedback(db, c, s.id, { feedback: 'Dank u, we zijn ermee bezig.' }, NOW);
		expect(signals.get(db, melder, s.id, NOW)).toMatchObject({ view: 'own', feedback: null, status: 'received' });
		signals.startTriage(db, c, s.id, NOW);
		signals.sendFeedback(db, c, s.id, NOW);
		expect(signals.get(db, melder, s.id, NOW)).toMatchObject({ feedback: 'Dank u, we zijn ermee bezig.', status: 'in_progress' });
	});

	it('links only earlier signals of the same municipality', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const first = signals.submit(db, as('melder'), GOOD, NOW);
		const second = signals.submit(db, as('melder'), GOOD, after(NOW, DAY));
		const kempen = db.select().from(signal).where(eq(signal.municipality, 'Kempenveld')).get()!;
		expect(() => signals.linkEarlier(db, c, second.id, { reference: second.reference }, NOW)).toThrow(/zichzelf/);
		expect(() => signals.linkEarlier(db, c, first.id, { reference: second.reference }, NOW)).toThrow(/eerder signaal/);
		expect(() => signals.linkEarlier(db, c, second.id, { reference: kempen.reference }, NOW)).toThrow(/geen signaal met dit kenmerk/);
		signals.linkEarlier(db, c, second.id, { reference: first.reference.toLowerCase() }, NOW);
		const full = signals.get(db, c, second.id, NOW);
		expect(full.view === 'full' && full.related?.reference).toBe(first.reference);
	});
});

describe('retention', () => {
	it('anonymises signals that ended without a case after the retention period, keeping the statistics', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		// The seed holds one signal closed ~200 days ago: it is due now.
		expect(signals.anonymiseExpired(db, NOW, 183)).toBe(1);
		expect(signals.anonymiseExpired(db, NOW, 183)).toBe(0);

		const s = signals.submit(db, as('melder'), { ...GOOD, address: 'Dorpsstraat 1' }, NOW);
		signals.addNote(db, c, s.id, { note: 'Gevoelige notitie over de buren.' }, NOW);
		signals.close(db, c, s.id, { reason: 'Geen aanwijzingen gevonden.' }, NOW);
		const descriptionOf = () => db.select().from(signal).where(eq(signal.id, s.id)).get()?.description;
		signals.anonymiseExpired(db, after(NOW, 182 * DAY), 183);
		expect(descriptionOf()).toBe(GOOD.description);
		expect(signals.anonymiseExpired(db, after(NOW, 184 * DAY), 183)).toBe(1);
		expect(descriptionOf()).toBeNull();

		const row = db.select().from(signal).where(eq(signal.id, s.id)).get()!;
		expect(row).toMatchObject({ description: null, address: null, contact: null, closedReason: null, status: 'closed_no_action' });
		expect(row).toMatchObject({ forms: ['sexual'], urgency: 'high', locationKind: 'other', municipality: 'Dommelstroom', source: 'reporter' });
		expect(row.anonymisedAt).toEqual(after(NOW, 184 * DAY));
		const details = db.select().from(signalEvent).where(eq(signalEvent.signalId, s.id)).all().map((e) => e.detail);
		expect(details.every((d) => d === null)).toBe(true);
		const file = JSON.stringify(db.select().from(signal).all());
		expect(file).not.toContain('Dorpsstraat');
		expect(() => signals.addNote(db, c, s.id, { note: 'nog iets' }, NOW)).toThrow(ConflictError);
	});

	it('keeps open and converted signals however old', async () => {
		const { db, as } = await setup();
		const s = signals.submit(db, as('melder'), GOOD, NOW);
		expect(signals.anonymiseExpired(db, after(NOW, 1000 * DAY), 183)).toBeGreaterThan(0);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.description).toBe(GOOD.description);
		const converted = db.select().from(signal).where(eq(signal.status, 'converted')).all();
		expect(converted.every((r) => r.description !== null)).toBe(true);
	});
});
