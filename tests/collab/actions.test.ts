/**
 * Actions inside the plan documents, validated and projected by the server over a real socket.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as plans from '../../src/lib/server/actions';
import * as actors from '../../src/lib/server/actors';
import { createContext } from '../../src/lib/server/context';
import { NotFoundError } from '../../src/lib/server/errors';
import { caseIdOf, connect, sleep, startServer, waitFor, type TestServer } from './helpers';

let s: TestServer;
let bogdan: number;
beforeAll(async () => {
	s = await startServer();
	bogdan = caseIdOf(s.db, 'B.P.', 'victim');
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
		const c = connect(s.url, `case:${bogdan}:plan`, s.cookieFor('zorg').cookie);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		push(c.doc, {
			id: 'actie-test-0001',
			title: 'Bellen met de opvang',
			ownerId: s.refs.user['coordinator.zorg'],
			dueDate: '2026-12-24',
			status: 'open',
			reason: null
		});
		await waitFor(() => c.provider.unsyncedChanges === 0, 3000, 'ack');
		expect(row('actie-test-0001')).toMatchObject({
			title: 'Bellen met de opvang',
			owner_id: s.refs.user['coordinator.zorg'],
			created_by: s.refs.user['zorg'],
			updated_by: s.refs.user['zorg'],
			compartment: 'shared'
		});
		expect(events('action_created').at(-1)).toMatchObject({
			user_id: s.refs.user['zorg'],
			detail: 'Bellen met de opvang',
			compartment: 'shared'
		});
		c.destroy();
	});

	it('repairs invalid values with a server transaction that every client sees', async () => {
		const a = connect(s.url, `case:${bogdan}:plan`, s.cookieFor('zorg').cookie);
		const b = connect(s.url, `case:${bogdan}:plan`, s.cookieFor('coordinator.zorg').cookie);
		await waitFor(() => a.provider.isSynced && b.provider.isSynced, 5000, 'sync');
		// The police member of the AVO only (voorzitter.stuurtafel) does not reach this victim case.
		const map = push(a.doc, {
			id: 'actie-test-0002',
			title: 'Dossier opvragen',
			ownerId: s.refs.user['voorzitter.stuurtafel'],
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
		const c = connect(s.url, `case:${bogdan}:plan`, s.cookieFor('coordinator.zorg').cookie);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const find = () =>
			c.doc
				.getArray<Y.Map<unknown>>('actions')
				.toArray()
				.find((x) => x.get('id') === 'actie-test-0001')!;
		find().set('status', 'in_progress');
		await waitFor(() => row('actie-test-0001')?.status === 'in_progress', 3000, 'projected');
		find().set('ownerId', s.refs.user['fg']);
		await waitFor(() => find().get('ownerId') === s.refs.user['coordinator.zorg'], 3000, 'owner restored');
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
			user_id: s.refs.user['coordinator.zorg'],
			detail: 'Bellen met de opvang'
		});
		c.destroy();
	});

	it('a change made on the server (my actions, the board) reaches open plans at once, attributed', async () => {
		const c = connect(s.url, `case:${bogdan}:plan`, s.cookieFor('zorg').cookie);
		await waitFor(() => c.provider.isSynced, 5000, 'sync');
		const open = plans.projected(s.db, bogdan, 'shared');
		const target = [...open.values()].find((a) => a.status === 'open')!;
		// The collaboration server is the production DocumentWriter the routes inject.
		const ctx = createContext({
			actor: actors.load(s.db, s.refs.user['coordinator.zorg'])!,
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
		expect(row(target.id)).toMatchObject({ status: 'done', updated_by: s.refs.user['coordinator.zorg'] });
		expect(events('action_updated').at(-1)).toMatchObject({
			user_id: s.refs.user['coordinator.zorg'],
			detail: `${target.title}: status done`
		});
		await expect(
			plans.markDone(s.db, ctx, s.collab, { actionId: 'bestaat-niet-123' })
		).rejects.toBeInstanceOf(NotFoundError);
		await sleep(50);
		c.destroy();
	});
});
