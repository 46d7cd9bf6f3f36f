/**
 * Actions inside the plan documents, validated and projected by the server over a real socket.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as plans from '../../src/lib/server/actions';
import * as actors from '../../src/lib/server/actors';
import { createContext } from '../../src/lib/server/context';
import { NotFoundError } from '../../src/lib/server/errors';
import type { ActionValue } from '../../src/lib/collab/schema';
import { connect, sleep, startServer, waitFor, type TestServer } from './helpers';

let s: TestServer;
let bogdan: number;
let people: ReturnType<typeof region>['people'];
/** The open action the case's shared plan starts with (in the document and in SQL). */
let planned: ActionValue;

/**
 * A Zorgtafel with its secretary (a coordinator) and a zorg member, an AVO whose only member
 * does not reach the Zorgtafel's cases, an auditor, and a victim case on the Zorgtafel whose
 * shared plan holds one open action.
 */
function region(server: TestServer) {
	const b = server.b;
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Test' });
	const avo = b.table({ kind: 'avo', name: 'AVO Test' });
	const p = {
		zorg: b.person({ name: 'Zeynep Zorg', domain: 'zorg' }),
		'coordinator.zorg': b.person({ name: 'Sanne Secretaris', domain: 'zorg', roles: ['coordinator'] }),
		/** A police member of the AVO only. */
		'voorzitter.stuurtafel': b.person({ name: 'Stijn Stuurman', domain: 'veiligheid' }),
		fg: b.person({ name: 'Fred Gegevensbescherming', domain: 'veiligheid', roles: ['auditor'] })
	};
	b.member(zt, p['coordinator.zorg'], 'secretary');
	b.member(zt, p.zorg);
	b.member(avo, p['voorzitter.stuurtafel']);
	const c = b.caseFile({ kind: 'victim', tables: [zt], owner: p['coordinator.zorg'] });
	const [action] = b.plan(c, {
		by: p['coordinator.zorg'],
		notes: ['Werkgever wordt parallel aangepakt.'],
		actions: [{ title: 'Woning via de Wmo regelen', owner: p['coordinator.zorg'], dueDate: '2026-11-20' }]
	});
	return { people: p, caseId: c.id, action };
}

beforeAll(async () => {
	s = await startServer();
	const w = region(s);
	bogdan = w.caseId;
	people = w.people;
	planned = w.action;
});
afterAll(async () => {
	await s.stop();
});

const row = (id: string) =>
	s.db.$client.prepare('select * from case_action where id = ?').get(id) as
		Record<string, unknown> | undefined;
const events = (kind: string) =>
	s.db.$client
		.prepare('select * from case_event where case_id = ? and kind = ? order by id')
		.all(bogdan, kind) as Array<Record<string, unknown>>;

function push(doc: Y.Doc, fields: Record<string, unknown>) {
	const map = new Y.Map<unknown>();
	doc.transact(() => {
		for (const [k, v] of Object.entries(fields)) map.set(k, v);
		doc.getArray('actions').push([map]);
	});
	return map;
}

describe('actions in a plan document', () => {
	it('projects a new action into SQL, attributed to its author, before the acknowledgement', async () => {
		const c = connect(s.url, `case:${bogdan}:plan`, s.cookieFor(people.zorg).cookie);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		push(c.doc, {
			id: 'actie-test-0001',
			title: 'Bellen met de opvang',
			ownerId: people['coordinator.zorg'].id,
			dueDate: '2026-12-24',
			status: 'open',
			reason: null
		});
		await waitFor(() => c.provider.unsyncedChanges === 0, 3000, 'ack');
		expect(row('actie-test-0001')).toMatchObject({
			title: 'Bellen met de opvang',
			owner_id: people['coordinator.zorg'].id,
			created_by: people.zorg.id,
			updated_by: people.zorg.id,
			compartment: 'shared'
		});
		expect(events('action_created').at(-1)).toMatchObject({
			user_id: people.zorg.id,
			detail: 'Bellen met de opvang',
			compartment: 'shared'
		});
		c.destroy();
	});

	it('repairs invalid values with a server transaction that every client sees', async () => {
		const a = connect(s.url, `case:${bogdan}:plan`, s.cookieFor(people.zorg).cookie);
		const b = connect(s.url, `case:${bogdan}:plan`, s.cookieFor(people['coordinator.zorg']).cookie);
		await waitFor(() => a.provider.isSynced && b.provider.isSynced, 5000, 'sync');
		// The police member of the AVO only (voorzitter.stuurtafel) does not reach this victim case.
		const map = push(a.doc, {
			id: 'actie-test-0002',
			title: 'Dossier opvragen',
			ownerId: people['voorzitter.stuurtafel'].id,
			dueDate: '1999-01-01',
			status: 'not_possible',
			reason: '',
			originKind: 'decision',
			originId: 12
		});
		await waitFor(
			() => map.get('ownerId') === null && map.get('status') === 'open',
			3000,
			'repair at the author'
		);
		expect(map.get('dueDate')).toBeNull();
		expect(map.get('originKind')).toBeNull();
		const atB = () =>
			b.doc
				.getArray<Y.Map<unknown>>('actions')
				.toArray()
				.find((x) => x.get('id') === 'actie-test-0002');
		await waitFor(
			() => atB()?.get('status') === 'open' && atB()?.get('ownerId') === null,
			3000,
			'repair at the other client'
		);
		expect(row('actie-test-0002')).toMatchObject({
			owner_id: null,
			status: 'open',
			due_date: null,
			origin_kind: null
		});
		expect(events('action_repaired').length).toBeGreaterThan(0);
		// A junk entry (not an action) is removed.
		a.doc.getArray('actions').push(['geen actie']);
		await waitFor(
			() =>
				a.doc
					.getArray('actions')
					.toArray()
					.every((x) => x instanceof Y.Map),
			3000,
			'junk removed'
		);
		a.destroy();
		b.destroy();
	});

	it('keeps the accepted value when an edit is invalid, and records status changes and removal', async () => {
		const c = connect(s.url, `case:${bogdan}:plan`, s.cookieFor(people['coordinator.zorg']).cookie);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const find = () =>
			c.doc
				.getArray<Y.Map<unknown>>('actions')
				.toArray()
				.find((x) => x.get('id') === 'actie-test-0001')!;
		find().set('status', 'in_progress');
		await waitFor(() => row('actie-test-0001')?.status === 'in_progress', 3000, 'projected');
		find().set('ownerId', people.fg.id);
		await waitFor(() => find().get('ownerId') === people['coordinator.zorg'].id, 3000, 'owner restored');
		c.doc.transact(() => {
			find().set('status', 'not_undertaken');
			find().set('reason', 'Opvang heeft geen plek.');
		});
		await waitFor(() => row('actie-test-0001')?.status === 'not_undertaken', 3000, 'with reason');
		const arr = c.doc.getArray<Y.Map<unknown>>('actions');
		arr.delete(
			arr.toArray().findIndex((x) => x.get('id') === 'actie-test-0001'),
			1
		);
		await waitFor(() => row('actie-test-0001')?.removed_at !== null, 3000, 'removed');
		expect(events('action_removed').at(-1)).toMatchObject({
			user_id: people['coordinator.zorg'].id,
			detail: 'Bellen met de opvang'
		});
		c.destroy();
	});

	it('a change made on the server (my actions, the board) reaches open plans at once, attributed', async () => {
		const c = connect(s.url, `case:${bogdan}:plan`, s.cookieFor(people.zorg).cookie);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const target = plans.projected(s.db, bogdan, 'shared').get(planned.id)!;
		expect(target).toMatchObject({ title: 'Woning via de Wmo regelen', status: 'open' });
		// The collaboration server is the production DocumentWriter the routes inject.
		const ctx = createContext({
			actor: actors.load(s.db, people['coordinator.zorg'].id)!,
			now: new Date()
		});
		expect(await plans.markDone(s.db, ctx, s.collab, { actionId: target.id })).toEqual({
			done: target.title
		});
		await waitFor(
			() =>
				c.doc
					.getArray<Y.Map<unknown>>('actions')
					.toArray()
					.find((x) => x.get('id') === target.id)
					?.get('status') === 'done',
			3000,
			'done at the client'
		);
		expect(row(target.id)).toMatchObject({ status: 'done', updated_by: people['coordinator.zorg'].id });
		expect(events('action_updated').at(-1)).toMatchObject({
			user_id: people['coordinator.zorg'].id,
			detail: `${target.title}: status done`
		});
		await expect(
			plans.markDone(s.db, ctx, s.collab, { actionId: 'bestaat-niet-123' })
		).rejects.toBeInstanceOf(NotFoundError);
		await sleep(50);
		c.destroy();
	});
});
