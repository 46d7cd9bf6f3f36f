/**
 * Live meeting documents: who may open and steer them, notes per compartment, corrections after
 * closing, and minutes (page data and PDF) that hold only what each reader may see.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actors from '../../src/lib/server/actors';
import * as meetings from '../../src/lib/server/meetings';
import * as minutes from '../../src/lib/server/minutes';
import { createContext } from '../../src/lib/server/context';
import { render } from '../../src/lib/server/minutes-pdf';
import { connect, sleep, startServer, waitFor, type TestServer } from './helpers';

let s: TestServer;
let meetingId: number;
let nextMeetingId: number;
let annaItem: number;
let people: ReturnType<typeof region>['people'];
type Who = keyof ReturnType<typeof region>['people'];
const actor = (local: Who) => actors.load(s.db, people[local].id)!;
const cookie = (local: Who) => s.cookieFor(people[local]).cookie;
/** A request context for one of the built people at a moment. */
const ctx = (local: Who, now = new Date()) =>
	createContext({ actor: actor(local), now, clientAddress: '192.0.2.5' });
/** The meeting's stored version, as its status form posts it. */
const version = (id: number) =>
	String(
		(s.db.$client.prepare('select version from meeting where id = ?').get(id) as { version: number }).version
	);

/**
 * A Zorgtafel (chair, a coordinator as secretary, a zorg and a police member) and a Stuurtafel
 * whose chair is not on the Zorgtafel; a victim case on the Zorgtafel; a published Zorgtafel
 * meeting today with the case as its first item, and the next one in two weeks.
 */
function region(server: TestServer) {
	const b = server.b;
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Test' });
	const stuur = b.table({ kind: 'stuurtafel', name: 'Stuurtafel Test' });
	const p = {
		'voorzitter.zorgtafel': b.person({ name: 'Carla Voorzitter', domain: 'zorg' }),
		'coordinator.zorg': b.person({ name: 'Sanne Secretaris', domain: 'zorg', roles: ['coordinator'] }),
		zorg: b.person({ name: 'Zeynep Zorg', domain: 'zorg' }),
		veiligheid: b.person({ name: 'Pieter Politie', domain: 'veiligheid' }),
		'voorzitter.stuurtafel': b.person({ name: 'Stijn Stuurman', domain: 'veiligheid' })
	};
	b.member(zt, p['voorzitter.zorgtafel'], 'chair');
	b.member(zt, p['coordinator.zorg'], 'secretary');
	b.member(zt, p.zorg);
	b.member(zt, p.veiligheid);
	b.member(stuur, p['voorzitter.stuurtafel'], 'chair');
	const anna = b.caseFile({ kind: 'victim', tables: [zt], owner: p['coordinator.zorg'] });
	const now = Date.now();
	const today = b.meeting({
		table: zt,
		startsAt: new Date(now + 60 * 60_000),
		status: 'published',
		createdBy: p['coordinator.zorg']
	});
	const item = b.item(today, { caseId: anna });
	b.item(today, { title: 'Rondvraag' });
	const next = b.meeting({
		table: zt,
		startsAt: new Date(now + 14 * 86_400_000),
		status: 'published',
		createdBy: p['coordinator.zorg']
	});
	b.item(next, { caseId: anna });
	return { people: p, meetingId: today.id, itemId: item.id, nextMeetingId: next.id };
}

beforeAll(async () => {
	s = await startServer();
	const w = region(s);
	people = w.people;
	// The Zorgtafel meeting of today, ready to start, and its first item (the case).
	meetingId = w.meetingId;
	annaItem = w.itemId;
	nextMeetingId = w.nextMeetingId;
});
afterAll(async () => {
	await s.stop();
});

function pdfText(pdf: Buffer): string {
	// pdfkit writes text of the standard fonts as hex strings: <48656c6c6f> Tj
	return [...pdf.toString('latin1').matchAll(/<([0-9a-fA-F]+)>/g)]
		.map(([, hex]) => Buffer.from(hex, 'hex').toString('latin1'))
		.join(' ');
}

describe('live meeting documents', () => {
	it('are closed before the meeting starts, then only the chair or secretary steers', async () => {
		const early = connect(s.url, `meeting:${meetingId}:item:${annaItem}:shared`, cookie('zorg'));
		await waitFor(
			() => early.events.some(([e]) => e === 'authFailed'),
			5000,
			'notes refused before the start'
		);
		early.destroy();
		meetings.advance(s.db, ctx('voorzitter.zorgtafel'), meetingId, {
			status: 'in_progress',
			version: version(meetingId)
		});

		const chair = connect(s.url, `meeting:${meetingId}`, cookie('voorzitter.zorgtafel'));
		const member = connect(s.url, `meeting:${meetingId}`, cookie('zorg'));
		await waitFor(() => chair.provider.isSynced && member.provider.isSynced, 5000, 'sync');
		expect(chair.events).toContainEqual(['authenticated', 'read-write']);
		expect(member.events).toContainEqual(['authenticated', 'readonly']);
		chair.doc.transact(() => {
			chair.doc.getMap('live').set('currentItemId', annaItem);
			chair.doc.getMap('live').set('startedAt', Date.now());
		});
		await waitFor(() => member.doc.getMap('live').get('currentItemId') === annaItem, 3000, 'member follows');
		// An item of another meeting is repaired back.
		chair.doc.getMap('live').set('currentItemId', 999_999);
		await waitFor(() => chair.doc.getMap('live').get('currentItemId') === annaItem, 3000, 'repaired');
		// The member cannot steer.
		member.doc.getMap('live').set('currentItemId', null);
		await sleep(300);
		expect(chair.doc.getMap('live').get('currentItemId')).toBe(annaItem);
		chair.destroy();
		member.destroy();

		const outsider = connect(s.url, `meeting:${meetingId}`, cookie('voorzitter.stuurtafel'));
		await waitFor(() => outsider.events.some(([e]) => e === 'authFailed'), 5000, 'outsider refused');
		outsider.destroy();
	});

	it('keep notes per compartment: zorg and veiligheid each write their own, nobody the other', async () => {
		const names = (c: string) => `meeting:${meetingId}:item:${annaItem}:${c}`;
		const zorgNotes = connect(s.url, names('zorg'), cookie('zorg'));
		const vNotes = connect(s.url, names('veiligheid'), cookie('veiligheid'));
		const shared = connect(s.url, names('shared'), cookie('veiligheid'));
		await waitFor(
			() => zorgNotes.provider.isSynced && vNotes.provider.isSynced && shared.provider.isSynced,
			5000,
			'sync'
		);
		const write = (c: ReturnType<typeof connect>, text: string) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(text)]);
			c.doc.getXmlFragment('notes').push([p]);
		};
		write(zorgNotes, 'ZORG-MARKER-alpha opvang geregeld');
		write(vNotes, 'VEILIGHEID-MARKER-beta aangifte loopt');
		write(shared, 'GEDEELD-MARKER-gamma volgende keer terug');
		await waitFor(
			() =>
				zorgNotes.provider.unsyncedChanges === 0 &&
				vNotes.provider.unsyncedChanges === 0 &&
				shared.provider.unsyncedChanges === 0,
			3000,
			'ack'
		);
		for (const [name, refused] of [
			[names('veiligheid'), cookie('zorg')],
			[names('zorg'), cookie('veiligheid')],
			[names('zorg'), cookie('voorzitter.stuurtafel')]
		] as const) {
			const c = connect(s.url, name, refused);
			await waitFor(() => c.events.some(([e]) => e === 'authFailed'), 5000, `refused ${name}`);
			c.destroy();
		}
		zorgNotes.destroy();
		vNotes.destroy();
		shared.destroy();
	});

	it('records corrections after closing, and minutes hold only what each reader may see', async () => {
		meetings.advance(s.db, ctx('voorzitter.zorgtafel'), meetingId, {
			status: 'closed',
			version: version(meetingId)
		});
		await sleep(200);
		const late = connect(s.url, `meeting:${meetingId}:item:${annaItem}:zorg`, cookie('coordinator.zorg'));
		await waitFor(() => late.provider.isSynced, 5000, 'sync');
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Correctie: ook huisarts informeren.')]);
		late.doc.getXmlFragment('notes').push([p]);
		await waitFor(() => late.provider.unsyncedChanges === 0, 3000, 'ack');
		late.destroy();
		await sleep(300);
		expect(meetings.corrections(s.db, ctx('coordinator.zorg'), meetingId).map((c) => c.userName)).toContain(
			people['coordinator.zorg'].name
		);
		expect(meetings.corrections(s.db, ctx('veiligheid'), meetingId)).toEqual([]);

		const load = (name: string) => s.collab.store.load(name).doc;
		const asZorg = minutes.compose(s.db, ctx('zorg'), meetingId, load, 'verborgen');
		const asV = minutes.compose(s.db, ctx('veiligheid'), meetingId, load, 'verborgen');
		const z = JSON.stringify(asZorg);
		const v = JSON.stringify(asV);
		expect(z).toContain('ZORG-MARKER-alpha');
		expect(z).toContain('GEDEELD-MARKER-gamma');
		expect(z).not.toContain('VEILIGHEID-MARKER-beta');
		expect(v).toContain('VEILIGHEID-MARKER-beta');
		expect(v).not.toContain('ZORG-MARKER-alpha');
		expect(v).not.toContain('huisarts');

		const labels = {
			compartment: (c: string) => c,
			attendance: (c: string | null) => c ?? '-',
			decisionKind: (c: string) => c,
			decisionStatus: (c: string) => c,
			actionStatus: (c: string) => c,
			dateTime: (d: Date) => d.toISOString(),
			date: (d: string | Date | null) => String(d)
		};
		const zorgPdf = pdfText(await render(asZorg, people.zorg.name, labels));
		const vPdf = pdfText(await render(asV, people.veiligheid.name, labels));
		expect(zorgPdf).toContain('ZORG-MARKER-alpha');
		expect(zorgPdf).not.toContain('VEILIGHEID-MARKER-beta');
		expect(vPdf).toContain('VEILIGHEID-MARKER-beta');
		expect(vPdf).not.toContain('ZORG-MARKER-alpha');
	});

	it('after approval in the next meeting, the notes are read-only', async () => {
		// The next Zorgtafel meeting (the one after today's, which is closed now).
		const next = { id: nextMeetingId };
		const chair = () => ctx('voorzitter.zorgtafel');
		expect(() => meetings.approveMinutes(s.db, chair(), next.id)).toThrow();
		meetings.advance(
			s.db,
			ctx('voorzitter.zorgtafel', new Date(Date.now() - 60_000 * 60 * 24 * 30)),
			next.id,
			{ status: 'in_progress', version: version(next.id) }
		);
		expect(meetings.minutesToApprove(s.db, chair(), next.id)?.id).toBe(meetingId);
		meetings.approveMinutes(s.db, chair(), next.id);
		const c = connect(s.url, `meeting:${meetingId}:item:${annaItem}:zorg`, cookie('coordinator.zorg'));
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		expect(c.events).toContainEqual(['authenticated', 'readonly']);
		c.destroy();
	});
});
