import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as signals from '../../src/lib/server/signals';
import * as audit from '../../src/lib/server/audit';
import { signal, signalEvent } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, StaleError, ValidationError } from '../../src/lib/server/errors';
import { createContext, type Ctx } from '../../src/lib/server/context';
import type { Db } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import { DAY, NOW, actorOf, after, seededDb } from './helpers';

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

	it('lets a coordinator register on behalf of a citizen or an anonymous source', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
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

	it('is not for admins, auditors or table members without a signal role', async () => {
		const { db, as } = await setup();
		for (const local of ['beheer', 'fg', 'zorg', 'voorzitter.stuurtafel']) {
			expect(() => signals.submit(db, cx(as(local), NOW), GOOD), local).toThrow(NotFoundError);
		}
	});
});

describe('who sees which signal', () => {
	it('the coordinator’s inbox holds their municipality only, new and urgent first', async () => {
		const { db, as } = await setup();
		const inbox = signals.inbox(db, cx(as('coordinator.veiligheid'), NOW), 'all');
		expect(inbox.length).toBeGreaterThan(8);
		const all = db.select().from(signal).all();
		const byId = new Map(all.map((s) => [s.id, s]));
		expect(inbox.every((r) => byId.get(r.id)?.municipality === 'Dommelstroom')).toBe(true);
		const rank = (r: signals.InboxRow) => (r.status === 'received' ? 0 : r.status === 'in_triage' ? 1 : 2);
		const ranks = inbox.map(rank);
		expect([...ranks].sort()).toEqual(ranks);
		const open = signals.inbox(db, cx(as('coordinator.veiligheid'), NOW), 'open');
		expect(open.every((r) => r.status === 'received' || r.status === 'in_triage')).toBe(true);
		// The new ones (received) come first; the acute one leads the in-triage group.
		const triage = open.filter((r) => r.status === 'in_triage');
		expect(triage[0].urgency).toBe('acute');

		const elsewhere = signals.inbox(db, cx(as('coordinator.kempenveld'), NOW), 'all');
		expect(elsewhere.map((r) => byId.get(r.id)?.municipality)).toEqual(['Kempenveld']);
		expect(signals.inbox(db, cx(as('melder'), NOW), 'all')).toEqual([]);
		expect(signals.inbox(db, cx(as('zorg'), NOW), 'all')).toEqual([]);
	});

	it('a reporter sees their own signals as status and sent feedback only', async () => {
		const { db, as } = await setup();
		const own = signals.listOwn(db, cx(as('melder'), NOW));
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
		const one = signals.get(db, cx(as('melder'), NOW), own[0].id);
		expect(one.view).toBe('own');
		expect(one).not.toHaveProperty('forwardings');
		expect(one).not.toHaveProperty('timeline');
	});

	it('anyone else gets NotFound, and every view is logged', async () => {
		const { db, as } = await setup();
		const own = signals.listOwn(db, cx(as('melder'), NOW));
		const citizenSignal = db.select().from(signal).where(eq(signal.source, 'citizen')).get()!;
		expect(() => signals.get(db, cx(as('melder'), NOW), citizenSignal.id)).toThrow(NotFoundError);
		for (const local of ['coordinator.kempenveld', 'zorg', 'veiligheid', 'beheer', 'fg']) {
			expect(() => signals.get(db, cx(as(local), NOW), own[0].id), local).toThrow(NotFoundError);
		}
		expect(() => signals.get(db, cx(as('coordinator.veiligheid'), NOW), 99_999)).toThrow(NotFoundError);
		const ctx = cx(as('coordinator.veiligheid'), NOW, '10.2.2.2');
		const full = signals.get(db, ctx, own[0].id);
		expect(full.view).toBe('full');
		// The view is noted in the request's ledger, and written (once) when the ledger is flushed.
		expect(audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'signal')).toHaveLength(0);
		expect(audit.flushViews(db, ctx)).toBe(1);
		expect(audit.list(db, { action: 'view' }).filter((r) => r.objectType === 'signal')).toMatchObject([
			{
				objectId: String(own[0].id),
				userId: as('coordinator.veiligheid').id,
				clientAddress: '10.2.2.2',
				at: NOW
			}
		]);
	});
});

describe('triage, forwarding, closing and feedback', () => {
	it('walks a signal through triage to a partner, and refuses what is not allowed', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, cx(as('melder'), NOW), GOOD);
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
		expect(() =>
			signals.addNote(db, cx(as('coordinator.kempenveld'), NOW), s.id, { note: 'hallo daar' })
		).toThrow(NotFoundError);
	});

	it('a closed signal cannot be forwarded or converted', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, cx(as('melder'), NOW), GOOD);
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

	it('the reporter sees feedback only once it is sent', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const melder = as('melder');
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

	it('links only earlier signals of the same municipality', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const first = signals.submit(db, cx(as('melder'), NOW), GOOD);
		const second = signals.submit(db, cx(as('melder'), after(NOW, DAY)), GOOD);
		const kempen = db.select().from(signal).where(eq(signal.municipality, 'Kempenveld')).get()!;
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
	it('anonymises signals that ended without a case after the retention period, keeping the statistics', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		// The seed holds one signal closed ~200 days ago: it is due now.
		expect(signals.anonymiseExpired(db, NOW, 183)).toBe(1);
		expect(signals.anonymiseExpired(db, NOW, 183)).toBe(0);

		const s = signals.submit(db, cx(as('melder'), NOW), { ...GOOD, address: 'Dorpsstraat 1' });
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
			municipality: 'Dommelstroom',
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

	it('keeps open and converted signals however old', async () => {
		const { db, as } = await setup();
		const s = signals.submit(db, cx(as('melder'), NOW), GOOD);
		expect(signals.anonymiseExpired(db, after(NOW, 1000 * DAY), 183)).toBeGreaterThan(0);
		expect(db.select().from(signal).where(eq(signal.id, s.id)).get()?.description).toBe(GOOD.description);
		const converted = db.select().from(signal).where(eq(signal.status, 'converted')).all();
		expect(converted.every((r) => r.description !== null)).toBe(true);
	});
});

describe('a change is whole (finding 4: half-written state)', () => {
	it('a failure in the middle of submitting leaves no signal, no event and no log row', async () => {
		const { db, as } = await setup();
		const count = (table: string) =>
			(db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
		const before = { signal: count('signal'), event: count('signal_event'), log: count('access_log') };
		// The last of the three writes fails, as if the process died between them.
		db.$client.exec(
			"create temp trigger fail_signal_log before insert on access_log when new.object_type = 'signal' begin select raise(abort, 'logboek onbereikbaar'); end"
		);
		expect(() => signals.submit(db, cx(as('melder'), NOW), GOOD)).toThrow(/logboek onbereikbaar/);
		expect({ signal: count('signal'), event: count('signal_event'), log: count('access_log') }).toEqual(
			before
		);
	});

	it('so does a failure in the middle of closing: status, event and log row together or not at all', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, cx(as('melder'), NOW), GOOD);
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
	it('the inbox, the own list and link candidates note what they returned; nothing is written before the flush', async () => {
		const { db, as } = await setup();
		const ctx = cx(as('coordinator.veiligheid'), NOW);
		const rows = signals.inbox(db, ctx, 'open');
		const one = signals.get(db, ctx, rows[0].id);
		if (one.view !== 'full') throw new Error('full view expected');
		signals.linkCandidates(db, ctx, one.signal);
		const melder = cx(as('melder'), NOW);
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
	it('a feedback text saved from an older version is refused with a Dutch message and nothing changes', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const other = as('coordinator.zorg');
		const s = signals.submit(db, cx(as('melder'), NOW), GOOD);
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

	it('sending, closing and linking carry the version; notes, triage and forwarding do not', async () => {
		const { db, as } = await setup();
		const c = as('coordinator.veiligheid');
		const s = signals.submit(db, cx(as('melder'), NOW), GOOD);
		const first = signals.submit(db, cx(as('melder'), after(NOW, -DAY)), GOOD);
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
