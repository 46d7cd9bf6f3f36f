import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as signals from '../../src/lib/server/signals';
import * as audit from '../../src/lib/server/audit';
import { signal, signalEvent } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, StaleError, ValidationError } from '../../src/lib/server/errors';
import { createContext, type Ctx } from '../../src/lib/server/context';
import type { Db } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import { builder, type Builder } from '../support/build';
import { DAY, NOW, after, freshDb } from './helpers';

/** A request context for one call (its own clock and view ledger). */
const cx = (actor: Actor, now: Date, clientAddress: string | null = null): Ctx =>
	createContext({ actor, now, clientAddress });

/** A form's input with the version of the signal as it is stored now (a form loaded just before). */
function cur(db: Db, id: number, raw: Record<string, unknown> = {}) {
	const row = db.select({ version: signal.version }).from(signal).where(eq(signal.id, id)).get();
	return { ...raw, version: String(row?.version ?? 0) };
}

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	return undefined;
}

const GOOD = {
	description: 'Man aan de balie antwoordde steeds voor een jonge vrouw en hield haar paspoort vast.',
	locationKind: 'other',
	forms: ['sexual'],
	indicators: ['someone_speaks_for_them', 'no_id_papers'],
	urgency: 'high',
	contact: 'toestel 12',
	municipality: 'Teststad'
};

/**
 * Two municipalities and the people these tests need, built here: in Teststad a front-line
 * reporter, two signal coordinators, a zorg and a veiligheid member of the Zorgtafel, the
 * Stuurtafel's chair (members without a signal role), an administrator and an auditor; in
 * Anderstad one coordinator. No signals yet: each test makes the ones it is about.
 */
function setup() {
	const db = freshDb();
	const b = builder(db);
	const teststad = b.org({ name: 'Gemeente Teststad', domain: 'veiligheid', municipality: 'Teststad' });
	const anderstad = b.org({ name: 'Gemeente Anderstad', domain: 'veiligheid', municipality: 'Anderstad' });
	const person = (
		name: string,
		domain: 'zorg' | 'veiligheid',
		roles: Array<'reporter' | 'coordinator' | 'admin' | 'auditor'> = []
	) => b.person({ name, domain, roles, org: teststad });
	const people = {
		reporter: person('Mila Melder', 'zorg', ['reporter']),
		coordinator: person('Sanne Coördinator', 'veiligheid', ['coordinator']),
		colleague: person('Yusuf Collega', 'zorg', ['coordinator']),
		zorg: person('Noor Zorg', 'zorg'),
		veiligheid: person('Ruben Veilig', 'veiligheid'),
		stuurChair: person('Joost Voorzitter', 'veiligheid'),
		admin: person('Bea Beheer', 'veiligheid', ['admin']),
		auditor: person('Fien Toezicht', 'veiligheid', ['auditor']),
		elsewhere: b.person({
			name: 'Eva Anderstad',
			domain: 'veiligheid',
			roles: ['coordinator'],
			org: anderstad
		})
	};
	const zorgtafel = b.table({ kind: 'zorgtafel' });
	const stuurtafel = b.table({ kind: 'stuurtafel' });
	b.member(zorgtafel, people.zorg);
	b.member(zorgtafel, people.veiligheid);
	b.member(stuurtafel, people.stuurChair, 'chair');
	/** The actor as the policy sees them now. */
	const as = (who: { id: number }) => b.actor(who);
	return { db, b, people, as };
}

const daysAgo = (n: number) => after(NOW, -n * DAY);

/**
 * Signals in both municipalities, of every status: nine in Teststad (four of them the reporter's
 * own; in triage an acute one newer than a normal and a high one), one in Anderstad.
 */
function signalsInBoth(b: Builder, people: ReturnType<typeof setup>['people']) {
	const { reporter, coordinator, elsewhere } = people;
	const own = (
		status: 'received' | 'forwarded' | 'closed_no_action',
		urgency: 'normal' | 'high',
		days: number
	) =>
		b.signal({
			registeredBy: reporter,
			status,
			urgency,
			receivedAt: daysAgo(days),
			settledAt: status === 'received' ? null : daysAgo(days - 1)
		});
	const onBehalf = (
		status: 'received' | 'in_triage' | 'converted',
		urgency: 'normal' | 'high' | 'acute',
		days: number,
		source: 'citizen' | 'partner' | 'anonymous' = 'citizen'
	) =>
		b.signal({
			registeredBy: coordinator,
			reporter: null,
			source,
			status,
			urgency,
			receivedAt: daysAgo(days)
		});
	const teststad = [
		own('received', 'normal', 5),
		own('received', 'high', 1),
		own('forwarded', 'high', 30),
		own('closed_no_action', 'normal', 15),
		onBehalf('received', 'normal', 2),
		onBehalf('in_triage', 'normal', 20),
		onBehalf('in_triage', 'acute', 3, 'partner'),
		onBehalf('in_triage', 'high', 10, 'anonymous'),
		onBehalf('converted', 'normal', 12, 'partner')
	];
	const anderstad = b.signal({
		registeredBy: elsewhere,
		reporter: null,
		municipality: 'Anderstad',
		receivedAt: daysAgo(3)
	});
	return { teststad, anderstad };
}

describe('submitting a signal', () => {
	it('records a reporter’s signal with a reference, a timeline entry and a log entry', () => {
		const { db, people, as } = setup();
		const melder = as(people.reporter);
		const s = signals.submit(db, cx(melder, NOW, '10.1.1.1'), { ...GOOD, source: 'anonymous' });
		expect(s.reference).toMatch(/^SG-2026-\d{4}$/);
		expect(s).toMatchObject({
			status: 'received',
			source: 'reporter',
			reporterUserId: melder.id,
			registeredBy: melder.id
		});
		expect(
			db
				.select()
				.from(signalEvent)
				.where(eq(signalEvent.signalId, s.id))
				.all()
				.map((e) => e.kind)
		).toEqual(['received']);
		expect(audit.list(db, { action: 'create' }).find((r) => r.objectType === 'signal')).toMatchObject({
			objectId: String(s.id),
			userId: melder.id
		});
	});

	it('lets a coordinator register on behalf of a citizen or an anonymous source', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const citizen = signals.submit(db, cx(c, NOW), {
			...GOOD,
			source: 'citizen',
			externalReporter: 'buurvrouw'
		});
		expect(citizen).toMatchObject({ source: 'citizen', reporterUserId: null, externalReporter: 'buurvrouw' });
		const anonymous = signals.submit(db, cx(c, NOW), {
			...GOOD,
			source: 'anonymous',
			externalReporter: 'naam',
			contact: '06'
		});
		expect(anonymous).toMatchObject({ source: 'anonymous', externalReporter: null, contact: null });
	});

	it('refuses bad input with a Dutch message and stores nothing', () => {
		const { db, people, as } = setup();
		const melder = as(people.reporter);
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
					signals.submit(db, cx(melder, NOW), input);
				} catch (e) {
					return e;
				}
			})();
			expect(err, JSON.stringify(input).slice(0, 80)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before);
	});

	it('is not for admins, auditors or table members without a signal role', () => {
		const { db, people, as } = setup();
		const { admin, auditor, zorg, stuurChair } = people;
		for (const [local, who] of Object.entries({ admin, auditor, zorg, stuurChair })) {
			expect(() => signals.submit(db, cx(as(who), NOW), GOOD), local).toThrow(NotFoundError);
		}
	});
});

describe('who sees which signal', () => {
	it('the coordinator’s inbox holds their municipality only, new and urgent first', () => {
		const { db, b, people, as } = setup();
		signalsInBoth(b, people);
		const inbox = signals.inbox(db, cx(as(people.coordinator), NOW), 'all');
		expect(inbox.length).toBeGreaterThan(8);
		const all = db.select().from(signal).all();
		const byId = new Map(all.map((s) => [s.id, s]));
		expect(inbox.every((r) => byId.get(r.id)?.municipality === 'Teststad')).toBe(true);
		const rank = (r: signals.InboxRow) => (r.status === 'received' ? 0 : r.status === 'in_triage' ? 1 : 2);
		const ranks = inbox.map(rank);
		expect([...ranks].sort()).toEqual(ranks);
		const open = signals.inbox(db, cx(as(people.coordinator), NOW), 'open');
		expect(open.every((r) => r.status === 'received' || r.status === 'in_triage')).toBe(true);
		// The new ones (received) come first; the acute one leads the in-triage group.
		const triage = open.filter((r) => r.status === 'in_triage');
		expect(triage[0].urgency).toBe('acute');

		const elsewhere = signals.inbox(db, cx(as(people.elsewhere), NOW), 'all');
		expect(elsewhere.map((r) => byId.get(r.id)?.municipality)).toEqual(['Anderstad']);
		expect(signals.inbox(db, cx(as(people.reporter), NOW), 'all')).toEqual([]);
		expect(signals.inbox(db, cx(as(people.zorg), NOW), 'all')).toEqual([]);
	});

	it('a reporter sees their own signals as status and sent feedback only', () => {
		const { db, b, people, as } = setup();
		signalsInBoth(b, people);
		const own = signals.listOwn(db, cx(as(people.reporter), NOW));
		expect(own.length).toBe(4);
		for (const s of own) {
			expect(Object.keys(s).sort()).toEqual([
				'description',
				'feedback',
				'feedbackSentAt',
				'id',
				'receivedAt',
				'reference',
				'status'
			]);
		}
		const one = signals.get(db, cx(as(people.reporter), NOW), own[0].id);
		expect(one.view).toBe('own');
		expect(one).not.toHaveProperty('forwardings');
		expect(one).not.toHaveProperty('timeline');
	});

	it('anyone else gets NotFound, and every view is logged', () => {
		const { db, b, people, as } = setup();
		signalsInBoth(b, people);
		const own = signals.listOwn(db, cx(as(people.reporter), NOW));
		const citizenSignal = db.select().from(signal).where(eq(signal.source, 'citizen')).get()!;
		expect(() => signals.get(db, cx(as(people.reporter), NOW), citizenSignal.id)).toThrow(NotFoundError);
		const { elsewhere, zorg, veiligheid, admin, auditor } = people;
		for (const [local, who] of Object.entries({ elsewhere, zorg, veiligheid, admin, auditor })) {
			expect(() => signals.get(db, cx(as(who), NOW), own[0].id), local).toThrow(NotFoundError);
		}
		expect(() => signals.get(db, cx(as(people.coordinator), NOW), 99_999)).toThrow(NotFoundError);
		const ctx = cx(as(people.coordinator), NOW, '10.2.2.2');
		const full = signals.get(db, ctx, own[0].id);
		expect(full.view).toBe('full');
		// The view is noted in the request's ledger, and written (once) when the ledger is flushed.
		expect(audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'signal')).toHaveLength(0);
		expect(audit.flushViews(db, ctx)).toBe(1);
		expect(audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'signal')).toMatchObject([
			{
				objectId: String(own[0].id),
				userId: as(people.coordinator).id,
				clientAddress: '10.2.2.2',
				at: NOW
			}
		]);
	});
});

describe('triage, forwarding, closing and feedback', () => {
	it('walks a signal through triage to a partner, and refuses what is not allowed', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const s = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		signals.startTriage(db, cx(c, NOW), s.id);
		expect(() => signals.startTriage(db, cx(c, NOW), s.id)).toThrow(ConflictError);
		signals.addNote(db, cx(c, NOW), s.id, { note: 'Adres is bekend van eerdere handhaving.' });
		expect(() =>
			signals.forward(db, cx(c, NOW), s.id, { partner: 'mi5', forwardedOn: '2026-11-28', reason: 'x y z' })
		).toThrow(ValidationError);
		expect(() =>
			signals.forward(db, cx(c, NOW), s.id, {
				partner: 'police_avim',
				forwardedOn: '2026-12-28',
				reason: 'x y z'
			})
		).toThrow(/toekomst/);
		expect(() =>
			signals.forward(db, cx(c, NOW), s.id, {
				partner: 'police_avim',
				forwardedOn: '2026-11-01',
				reason: 'x y z'
			})
		).toThrow(/vóór de ontvangst/);
		signals.forward(db, cx(c, NOW), s.id, {
			partner: 'police_avim',
			forwardedOn: '2026-11-28',
			reason: 'Aanwijzingen voor dwang.'
		});
		const after1 = signals.get(db, cx(c, NOW), s.id);
		if (after1.view !== 'full') throw new Error('full view expected');
		expect(after1.signal.status).toBe('forwarded');
		expect(after1.forwardings).toMatchObject([{ partner: 'police_avim', forwardedOn: '2026-11-28' }]);
		expect(after1.timeline.map((e) => e.kind)).toEqual(['received', 'triage_started', 'note', 'forwarded']);
		// A forwarded signal can go to a second partner, but is no longer closed "without action".
		signals.forward(db, cx(c, NOW), s.id, {
			partner: 'veilig_thuis',
			forwardedOn: '2026-11-28',
			reason: 'Ook minderjarige kinderen in huis.'
		});
		expect(() => signals.close(db, cx(c, NOW), s.id, cur(db, s.id, { reason: 'toch niets' }))).toThrow(
			ConflictError
		);
		// Another municipality's coordinator cannot touch it.
		expect(() => signals.addNote(db, cx(as(people.elsewhere), NOW), s.id, { note: 'hallo daar' })).toThrow(
			NotFoundError
		);
	});

	it('a closed signal cannot be forwarded or converted', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const s = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		expect(() => signals.close(db, cx(c, NOW), s.id, cur(db, s.id, { reason: '' }))).toThrow(ValidationError);
		signals.close(db, cx(c, NOW), s.id, cur(db, s.id, { reason: 'Geen aanwijzingen na huisbezoek.' }));
		const before = db.select().from(signal).where(eq(signal.id, s.id)).get();
		expect(() =>
			signals.forward(db, cx(c, NOW), s.id, {
				partner: 'police_avim',
				forwardedOn: '2026-11-28',
				reason: 'x y z'
			})
		).toThrow(/afgesloten/);
		expect(() => signals.markConverted(db, cx(c, NOW), s.id, 'S-2026-0001')).toThrow(/afgesloten/);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()).toEqual(before);
	});

	it('the reporter sees feedback only once it is sent', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const melder = as(people.reporter);
		const s = signals.submit(db, cx(melder, NOW), GOOD);
		expect(() => signals.sendFeedback(db, cx(c, NOW), s.id, cur(db, s.id))).toThrow(
			/eerst een terugkoppeling/
		);
		signals.saveFeedback(db, cx(c, NOW), s.id, cur(db, s.id, { feedback: 'Dank u, we zijn ermee bezig.' }));
		expect(signals.get(db, cx(melder, NOW), s.id)).toMatchObject({
			view: 'own',
			feedback: null,
			status: 'received'
		});
		signals.startTriage(db, cx(c, NOW), s.id);
		signals.sendFeedback(db, cx(c, NOW), s.id, cur(db, s.id));
		expect(signals.get(db, cx(melder, NOW), s.id)).toMatchObject({
			feedback: 'Dank u, we zijn ermee bezig.',
			status: 'in_progress'
		});
	});

	it('links only earlier signals of the same municipality', () => {
		const { db, b, people, as } = setup();
		const c = as(people.coordinator);
		// An earlier signal of Anderstad, out of this coordinator's reach.
		const kempen = b.signal({
			registeredBy: people.elsewhere,
			reporter: null,
			municipality: 'Anderstad',
			receivedAt: daysAgo(3)
		});
		const first = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		const second = signals.submit(db, cx(as(people.reporter), after(NOW, DAY)), GOOD);
		expect(() =>
			signals.linkEarlier(db, cx(c, NOW), second.id, cur(db, second.id, { reference: second.reference }))
		).toThrow(/zichzelf/);
		expect(() =>
			signals.linkEarlier(db, cx(c, NOW), first.id, cur(db, first.id, { reference: second.reference }))
		).toThrow(/eerder signaal/);
		expect(() =>
			signals.linkEarlier(db, cx(c, NOW), second.id, cur(db, second.id, { reference: kempen.reference }))
		).toThrow(/geen signaal met dit kenmerk/);
		signals.linkEarlier(
			db,
			cx(c, NOW),
			second.id,
			cur(db, second.id, { reference: first.reference.toLowerCase() })
		);
		const full = signals.get(db, cx(c, NOW), second.id);
		expect(full.view === 'full' && full.related?.reference).toBe(first.reference);
	});
});

describe('retention', () => {
	it('anonymises signals that ended without a case after the retention period, keeping the statistics', () => {
		const { db, b, people, as } = setup();
		const c = as(people.coordinator);
		// One signal was closed ~200 days ago: it is due now; one closed 100 days ago and one
		// forwarded 30 days ago are not yet.
		const registeredBy = people.reporter;
		b.signal({
			registeredBy,
			status: 'closed_no_action',
			closedReason: 'Niets gevonden.',
			receivedAt: daysAgo(201),
			settledAt: daysAgo(200)
		});
		b.signal({
			registeredBy,
			status: 'closed_no_action',
			closedReason: 'Niets gevonden.',
			receivedAt: daysAgo(101),
			settledAt: daysAgo(100)
		});
		b.signal({ registeredBy, status: 'forwarded', receivedAt: daysAgo(31), settledAt: daysAgo(30) });
		expect(signals.anonymiseExpired(db, NOW, 183)).toBe(1);
		expect(signals.anonymiseExpired(db, NOW, 183)).toBe(0);

		const s = signals.submit(db, cx(as(people.reporter), NOW), { ...GOOD, address: 'Dorpsstraat 1' });
		signals.addNote(db, cx(c, NOW), s.id, { note: 'Gevoelige notitie over de buren.' });
		signals.close(db, cx(c, NOW), s.id, cur(db, s.id, { reason: 'Geen aanwijzingen gevonden.' }));
		const descriptionOf = () => db.select().from(signal).where(eq(signal.id, s.id)).get()?.description;
		signals.anonymiseExpired(db, after(NOW, 182 * DAY), 183);
		expect(descriptionOf()).toBe(GOOD.description);
		expect(signals.anonymiseExpired(db, after(NOW, 184 * DAY), 183)).toBe(1);
		expect(descriptionOf()).toBeNull();

		const row = db.select().from(signal).where(eq(signal.id, s.id)).get()!;
		expect(row).toMatchObject({
			description: null,
			address: null,
			contact: null,
			closedReason: null,
			status: 'closed_no_action'
		});
		expect(row).toMatchObject({
			forms: ['sexual'],
			urgency: 'high',
			locationKind: 'other',
			municipality: 'Teststad',
			source: 'reporter'
		});
		expect(row.anonymisedAt).toEqual(after(NOW, 184 * DAY));
		const details = db
			.select()
			.from(signalEvent)
			.where(eq(signalEvent.signalId, s.id))
			.all()
			.map((e) => e.detail);
		expect(details.every((d) => d === null)).toBe(true);
		const file = JSON.stringify(db.select().from(signal).all());
		expect(file).not.toContain('Dorpsstraat');
		expect(() => signals.addNote(db, cx(c, NOW), s.id, { note: 'nog iets' })).toThrow(ConflictError);
	});

	it('keeps open and converted signals however old', () => {
		const { db, b, people, as } = setup();
		const { coordinator } = people;
		// Long ago: one forwarded (due), one converted into a case and one still in triage (never due).
		b.signal({
			registeredBy: coordinator,
			reporter: null,
			status: 'forwarded',
			receivedAt: daysAgo(401),
			settledAt: daysAgo(400)
		});
		b.signal({ registeredBy: coordinator, reporter: null, status: 'converted', receivedAt: daysAgo(400) });
		const old = b.signal({
			registeredBy: coordinator,
			reporter: null,
			status: 'in_triage',
			receivedAt: daysAgo(400)
		});
		const s = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		expect(signals.anonymiseExpired(db, after(NOW, 1000 * DAY), 183)).toBeGreaterThan(0);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.description).toBe(GOOD.description);
		expect(db.select().from(signal).where(eq(signal.id, old.id)).get()?.description).toBe(old.description);
		const converted = db.select().from(signal).where(eq(signal.status, 'converted')).all();
		expect(converted.length).toBeGreaterThan(0);
		expect(converted.every((r) => r.description !== null)).toBe(true);
	});
});

describe('a change is whole (finding 4: half-written state)', () => {
	it('a failure in the middle of submitting leaves no signal, no event and no log row', () => {
		const { db, people, as } = setup();
		const count = (table: string) =>
			(db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
		const before = { signal: count('signal'), event: count('signal_event'), log: count('access_log') };
		// The last of the three writes fails, as if the process died between them.
		db.$client.exec(
			"create temp trigger fail_signal_log before insert on access_log when new.object_type = 'signal' begin select raise(abort, 'logboek onbereikbaar'); end"
		);
		expect(() => signals.submit(db, cx(as(people.reporter), NOW), GOOD)).toThrow(/logboek onbereikbaar/);
		expect({ signal: count('signal'), event: count('signal_event'), log: count('access_log') }).toEqual(
			before
		);
	});

	it('so does a failure in the middle of closing: status, event and log row together or not at all', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const s = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		const stored = () => db.select().from(signal).where(eq(signal.id, s.id)).get();
		const events = () => db.select().from(signalEvent).where(eq(signalEvent.signalId, s.id)).all().length;
		const [row, n] = [stored(), events()];
		db.$client.exec(
			"create temp trigger fail_signal_log before insert on access_log when new.object_type = 'signal' begin select raise(abort, 'logboek onbereikbaar'); end"
		);
		expect(() =>
			signals.close(db, cx(c, NOW), s.id, cur(db, s.id, { reason: 'Geen aanwijzingen gevonden.' }))
		).toThrow(/logboek onbereikbaar/);
		expect(stored()).toEqual(row);
		expect(events()).toBe(n);
	});
});

describe('views go through the ledger (finding 3)', () => {
	it('the inbox, the own list and link candidates note what they returned; nothing is written before the flush', () => {
		const { db, b, people, as } = setup();
		signalsInBoth(b, people);
		const ctx = cx(as(people.coordinator), NOW);
		const rows = signals.inbox(db, ctx, 'open');
		const one = signals.get(db, ctx, rows[0].id);
		if (one.view !== 'full') throw new Error('full view expected');
		signals.linkCandidates(db, ctx, one.signal);
		const melder = cx(as(people.reporter), NOW);
		const own = signals.listOwn(db, melder);
		expect(audit.list(db).filter((r) => r.objectType === 'signal')).toEqual([]);
		const notes = ctx.views.drain();
		expect(notes.map((n) => [n.action, n.objectId ?? null])).toEqual([
			['search', null],
			['view', rows[0].id],
			['search', null]
		]);
		expect(notes[0].detail).toBe(`inbox open: signalen ${rows.map((r) => r.id).join(',')}`);
		expect(melder.views.drain()).toMatchObject([
			{ action: 'search', detail: `eigen signalen: ${own.map((r) => r.id).join(',')}` }
		]);
	});
});

describe('no silent overwrite (versions)', () => {
	it('a feedback text saved from an older version is refused with a Dutch message and nothing changes', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const other = as(people.colleague);
		const s = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		const loaded = cur(db, s.id);
		// Another coordinator saves a text meanwhile.
		signals.saveFeedback(db, cx(other, after(NOW, 60_000)), s.id, {
			...loaded,
			feedback: 'Eerste tekst van de collega.'
		});
		const row = db.select().from(signal).where(eq(signal.id, s.id)).get();
		const err = thrown(() =>
			signals.saveFeedback(db, cx(c, after(NOW, 120_000)), s.id, { ...loaded, feedback: 'Mijn eigen tekst.' })
		);
		expect(err).toBeInstanceOf(StaleError);
		expect((err as Error).message).toMatch(
			/intussen gewijzigd door .+: Terugkoppeling aan de melder\. Uw invoer is niet opgeslagen/
		);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()).toEqual(row);
		// With the current version it saves, and bumps the version.
		signals.saveFeedback(
			db,
			cx(c, after(NOW, 180_000)),
			s.id,
			cur(db, s.id, { feedback: 'Mijn eigen tekst.' })
		);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()).toMatchObject({
			feedback: 'Mijn eigen tekst.',
			version: row!.version + 1
		});
	});

	it('sending, closing and linking carry the version; notes, triage and forwarding do not', () => {
		const { db, people, as } = setup();
		const c = as(people.coordinator);
		const s = signals.submit(db, cx(as(people.reporter), NOW), GOOD);
		const first = signals.submit(db, cx(as(people.reporter), after(NOW, -DAY)), GOOD);
		signals.saveFeedback(db, cx(c, NOW), s.id, cur(db, s.id, { feedback: 'Dank u, we zijn ermee bezig.' }));
		const stale = cur(db, s.id);
		// A note (append-only, no version) moves the version on.
		signals.addNote(db, cx(c, NOW), s.id, { note: 'Adres is bekend.' });
		expect(thrown(() => signals.sendFeedback(db, cx(c, NOW), s.id, stale))).toBeInstanceOf(StaleError);
		expect(
			thrown(() => signals.close(db, cx(c, NOW), s.id, { ...stale, reason: 'Geen aanwijzingen.' }))
		).toBeInstanceOf(StaleError);
		expect(
			thrown(() => signals.linkEarlier(db, cx(c, NOW), s.id, { ...stale, reference: first.reference }))
		).toBeInstanceOf(StaleError);
		// A versioned form without a version is refused, not guessed.
		expect(
			(
				thrown(() =>
					signals.saveFeedback(db, cx(c, NOW), s.id, { feedback: 'Zonder versie verstuurd.' })
				) as Error
			).message
		).toMatch(/verouderd/);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()).toMatchObject({
			status: 'in_triage',
			feedbackSentAt: null,
			relatedSignalId: null
		});
		signals.forward(db, cx(c, NOW), s.id, {
			partner: 'police_avim',
			forwardedOn: '2026-11-28',
			reason: 'Aanwijzingen voor dwang.'
		});
		signals.sendFeedback(db, cx(c, NOW), s.id, cur(db, s.id));
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.feedbackSentAt).toEqual(NOW);
	});
});
