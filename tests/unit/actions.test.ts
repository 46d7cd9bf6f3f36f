import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	normalise,
	isOverdue,
	actionsOf,
	pushAction,
	readActions,
	moveAction,
	patchAction,
	editProblem,
	type ActionValue
} from '../../src/lib/collab/schema';
import { parseDocName, planDocName } from '../../src/lib/collab/names';
import * as plans from '../../src/lib/server/actions';
import type { DocumentWriter } from '../../src/lib/server/actions';
import * as audit from '../../src/lib/server/audit';
import { csvCell, toCsv } from '../../src/lib/server/csv';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { mayChangeOnBoard, mayOwnAction, mayUseBoard } from '../../src/lib/server/policy';
import type { Compartment } from '../../src/lib/server/db/schema';
import { openMemory, type Db } from '../../src/lib/server/db';
import { createContext } from '../../src/lib/server/context';
import { BUILT_AT, builder } from '../support/build';
import { NOW } from './helpers';
import { eq } from 'drizzle-orm';
import { caseTable } from '../../src/lib/server/db/schema';

const ctx = (over: Partial<Parameters<typeof normalise>[1]> = {}) => ({
	mayOwn: (id: number) => id === 7,
	minDate: '2026-01-01',
	previous: null,
	userId: 7,
	now: 1000,
	newId: () => 'nieuw-id-1',
	...over
});
const valid = {
	id: 'actie-0001',
	title: 'Huisbezoek',
	ownerId: 7,
	dueDate: '2026-12-01',
	status: 'open',
	reason: null,
	originKind: null,
	originId: null
};

describe('action validation and repair (the collaboration document schema)', () => {
	it('accepts a valid new action and stamps creation', () => {
		const { value, repaired } = normalise(valid, ctx());
		expect(repaired).toEqual([]);
		expect(value).toMatchObject({ id: 'actie-0001', ownerId: 7, createdBy: 7, createdAt: 1000 });
	});

	it('repairs an owner who may not see the case, a due date before the case, and a bad status', () => {
		const previous = { ...valid, status: 'open', createdAt: 1, createdBy: 3 } as ActionValue;
		const { value, repaired } = normalise(
			{ ...valid, ownerId: 99, dueDate: '2025-12-31', status: 'gedaan' },
			ctx({ previous })
		);
		expect(repaired.sort()).toEqual(['dueDate', 'ownerId', 'status']);
		expect(value).toMatchObject({ ownerId: 7, dueDate: '2026-12-01', status: 'open', createdBy: 3 });
	});

	it('refuses "not possible" without a reason, and keeps the reason otherwise', () => {
		const previous = { ...valid, status: 'in_progress', createdAt: 1, createdBy: 3 } as ActionValue;
		expect(
			normalise({ ...valid, status: 'not_possible', reason: '  ' }, ctx({ previous })).value.status
		).toBe('in_progress');
		const ok = normalise(
			{ ...valid, status: 'not_undertaken', reason: 'Partner heeft geen capaciteit.' },
			ctx({ previous })
		);
		expect(ok.value).toMatchObject({ status: 'not_undertaken', reason: 'Partner heeft geen capaciteit.' });
		expect(
			normalise({ ...valid, status: 'done', reason: 'weg ermee' }, ctx({ previous })).value.reason
		).toBeNull();
		// The browser asks the same question before it writes.
		expect(editProblem({ status: 'not_possible', reason: ' ' })).toBe('reason');
		expect(editProblem({ status: 'done', reason: null })).toBeNull();
	});

	it('does not let clients set or change the origin; the server may', () => {
		expect(normalise({ ...valid, originKind: 'decision', originId: 4 }, ctx()).repaired).toContain('origin');
		expect(
			normalise({ ...valid, originKind: 'decision', originId: 4 }, ctx({ serverChange: true })).value
		).toMatchObject({ originKind: 'decision', originId: 4 });
	});

	it('gives a missing or malformed id a new one and trims titles', () => {
		const r = normalise({ ...valid, id: '<script>', title: '  Twee   spaties  ' }, ctx());
		expect(r.value.id).toBe('nieuw-id-1');
		expect(r.value.title).toBe('Twee spaties');
		expect(normalise({ ...valid, title: '' }, ctx()).value.title).toBe('Actie zonder titel');
	});

	it('knows what is overdue', () => {
		expect(isOverdue({ status: 'open', dueDate: '2026-11-27' }, '2026-11-28')).toBe(true);
		expect(isOverdue({ status: 'done', dueDate: '2026-11-27' }, '2026-11-28')).toBe(false);
		expect(isOverdue({ status: 'in_progress', dueDate: '2026-11-28' }, '2026-11-28')).toBe(false);
	});

	it('writes, reads, moves and patches actions in a document through one set of helpers', () => {
		const doc = new Y.Doc();
		pushAction(doc, {
			id: 'actie-a-0001',
			title: 'Eerste',
			status: 'open',
			ownerId: null,
			dueDate: null,
			reason: null
		});
		pushAction(doc, {
			id: 'actie-b-0002',
			title: 'Tweede',
			status: 'open',
			ownerId: null,
			dueDate: null,
			reason: null
		});
		actionsOf(doc).push(['geen actie' as unknown as Y.Map<unknown>]);
		expect(readActions(actionsOf(doc)).map((a) => a.title)).toEqual(['Eerste', 'Tweede']);
		expect(moveAction(doc, 'actie-b-0002', -1)).toBe(0);
		expect(readActions(actionsOf(doc)).map((a) => a.id)).toEqual(['actie-b-0002', 'actie-a-0001']);
		expect(patchAction(doc, 'actie-a-0001', { status: 'done' })).toBe(true);
		expect(patchAction(doc, 'bestaat-niet', { status: 'done' })).toBe(false);
		expect(readActions(actionsOf(doc))[1].status).toBe('done');
		expect(planDocName(4, 'shared')).toBe('case:4:plan');
		expect(planDocName(4, 'zorg')).toBe('case:4:zorg');
	});
});

describe('the action rules are the policy’s', () => {
	it('board: coordinators and chairs, never the guardians; owners: who sees the compartment', () => {
		const db = openMemory();
		const b = builder(db);
		const zt = b.table({ kind: 'zorgtafel' });
		const chair = b.person({ domain: 'zorg' });
		const member = b.person({ domain: 'veiligheid' });
		const coordinator = b.person({ domain: 'zorg', roles: ['coordinator'] });
		const admin = b.person({ roles: ['admin', 'coordinator'] });
		b.member(zt, chair, 'chair');
		b.member(zt, member);
		const c = b.caseFile({ tables: [zt], owner: coordinator });
		const facts = {
			tableIds: [zt.id],
			participantIds: [],
			ownerId: coordinator.id,
			caseLeadId: null,
			processLeadId: null,
			closed: false
		};
		expect(mayUseBoard(b.actor(chair))).toBe(true);
		expect(mayUseBoard(b.actor(coordinator))).toBe(true);
		expect(mayUseBoard(b.actor(member))).toBe(false);
		expect(mayUseBoard(b.actor(admin))).toBe(false);
		expect(mayOwnAction(b.actor(member), facts, 'veiligheid')).toBe(true);
		expect(mayOwnAction(b.actor(member), facts, 'zorg')).toBe(false);
		expect(mayOwnAction(null, facts, 'shared')).toBe(false);
		expect(mayChangeOnBoard(b.actor(chair), facts, 'zorg')).toBe(true);
		expect(mayChangeOnBoard(b.actor(member), facts, 'veiligheid')).toBe(false);
		expect(mayChangeOnBoard(b.actor(chair), { ...facts, closed: true }, 'zorg')).toBe(false);
		expect(plans.ownerCheck(db, c.id, 'zorg')(member.id)).toBe(false);
		expect(plans.ownerCheck(db, c.id, 'veiligheid')(member.id)).toBe(true);
		expect(plans.ownerCheck(db, c.id, 'shared')(Number.NaN)).toBe(false);
	});
});

/** Documents in memory, projected the way the ActionsExtension does it, for the domain's writes. */
function memoryWriter(
	db: Db
): DocumentWriter & { writes: Array<{ name: string; userId: number }>; doc(name: string): Y.Doc } {
	const docs = new Map<string, Y.Doc>();
	const doc = (name: string) => {
		if (!docs.has(name)) docs.set(name, new Y.Doc());
		return docs.get(name)!;
	};
	return {
		writes: [],
		doc,
		async change(name, userId, work) {
			this.writes.push({ name, userId });
			const d = doc(name);
			d.transact(() => work(d));
			const target = parseDocName(name);
			if (target?.kind !== 'case') throw new Error(`no plan document: ${name}`);
			plans.reconcile(db, target, actionsOf(d), { userId, now: BUILT_AT, server: true });
		}
	};
}

/** A Zorgtafel with a chair (zorg), a police member, and a case with one action in each plan. */
async function planned() {
	const db = openMemory();
	const b = builder(db);
	const zt = b.table({ kind: 'zorgtafel' });
	const chair = b.person({ domain: 'zorg', name: 'Voorzitter' });
	const police = b.person({ domain: 'veiligheid', name: 'Agent' });
	const outsider = b.person({ domain: 'zorg', name: 'Buitenstaander' });
	b.member(zt, chair, 'chair');
	b.member(zt, police);
	const c = b.caseFile({ tables: [zt], owner: chair });
	const writer = memoryWriter(db);
	const seed = async (compartment: Compartment, id: string, title: string, ownerId: number | null) =>
		writer.change(planDocName(c.id, compartment), chair.id, (doc) =>
			pushAction(doc, { id, title, ownerId, dueDate: null, status: 'open', reason: null })
		);
	await seed('shared', 'actie-gedeeld-1', 'Gedeelde actie', police.id);
	await seed('zorg', 'actie-zorg-0001', 'Zorgactie', chair.id);
	await seed('veiligheid', 'actie-veilig-01', 'Politieactie', police.id);
	writer.writes.length = 0;
	return { db, b, zt, chair, police, outsider, c, writer };
}

describe('changes from pages go through the injected document writer, with the checks in the domain', () => {
	it('marks an action done in its plan document, attributed and logged as a change', async () => {
		const { db, b, police, writer, c } = await planned();
		const ctx = b.ctx(police);
		expect(await plans.markDone(db, ctx, writer, { actionId: 'actie-veilig-01' })).toEqual({
			done: 'Politieactie'
		});
		expect(writer.writes).toEqual([{ name: planDocName(c.id, 'veiligheid'), userId: police.id }]);
		expect(plans.forChange(db, ctx, 'actie-veilig-01').status).toBe('done');
		const log = audit.list(db, { action: 'update' }).find((r) => r.objectType === 'action');
		expect(log).toMatchObject({
			objectId: 'actie-veilig-01',
			compartment: 'veiligheid',
			userId: police.id,
			clientAddress: '192.0.2.1'
		});
	});

	it('refuses an action the actor may not change as missing, without writing any document', async () => {
		const { db, b, police, outsider, writer } = await planned();
		await expect(
			plans.markDone(db, b.ctx(police), writer, { actionId: 'actie-zorg-0001' })
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			plans.markDone(db, b.ctx(outsider), writer, { actionId: 'actie-gedeeld-1' })
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(plans.markDone(db, b.ctx(police), writer, {})).rejects.toBeInstanceOf(NotFoundError);
		expect(writer.writes).toEqual([]);
	});

	it('the board: only its users; owners who see the compartment; real dates not before the case', async () => {
		const { db, b, chair, police, writer } = await planned();
		const ctx = b.ctx(chair);
		// The police member may change the shared action, but has no board.
		await expect(
			plans.change(db, b.ctx(police), writer, { actionId: 'actie-gedeeld-1', ownerId: '', dueDate: '' })
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			plans.change(db, ctx, writer, { actionId: 'actie-zorg-0001', ownerId: String(police.id), dueDate: '' })
		).rejects.toMatchObject({
			fields: { ownerId: 'Deze persoon mag deze casus niet zien en kan dus geen eigenaar van de actie zijn.' }
		});
		await expect(
			plans.change(db, ctx, writer, { actionId: 'actie-zorg-0001', ownerId: '', dueDate: '2026-02-30' })
		).rejects.toMatchObject({ fields: { dueDate: 'Uiterlijk is geen bestaande datum.' } });
		await expect(
			plans.change(db, ctx, writer, { actionId: 'actie-zorg-0001', ownerId: '', dueDate: '2026-11-01' })
		).rejects.toBeInstanceOf(ValidationError);
		expect(writer.writes).toEqual([]);
		expect(
			await plans.change(db, ctx, writer, {
				actionId: 'actie-gedeeld-1',
				ownerId: String(chair.id),
				dueDate: '2026-12-01'
			})
		).toEqual({ done: 'Gedeelde actie' });
		expect(plans.forChange(db, ctx, 'actie-gedeeld-1')).toMatchObject({
			ownerId: chair.id,
			dueDate: '2026-12-01'
		});
	});

	it('a conflict when the action is gone from its document', async () => {
		const { db, b, chair, writer, c } = await planned();
		writer.doc(planDocName(c.id, 'zorg')).getArray('actions').delete(0, 1);
		await expect(
			plans.markDone(db, b.ctx(chair), writer, { actionId: 'actie-zorg-0001' })
		).rejects.toBeInstanceOf(ConflictError);
	});

	it('an action from a meeting: the owner rule, then into the plan with the meeting as origin', async () => {
		const { db, b, chair, police, writer, c } = await planned();
		const ctx = b.ctx(chair);
		await expect(
			plans.addFromMeeting(db, ctx, writer, 5, {
				caseId: c.id,
				compartment: 'zorg',
				title: 'Uit het overleg',
				ownerId: police.id,
				dueDate: null
			})
		).rejects.toBeInstanceOf(ValidationError);
		const { id } = await plans.addFromMeeting(db, ctx, writer, 5, {
			caseId: c.id,
			compartment: 'shared',
			title: 'Uit het overleg',
			ownerId: police.id,
			dueDate: null
		});
		expect(plans.projected(db, c.id, 'shared').get(id)).toMatchObject({
			title: 'Uit het overleg',
			originKind: 'meeting',
			originId: 5,
			createdBy: chair.id
		});
		await plans.concludeFromReview(db, ctx, writer, {
			actionId: id,
			caseId: c.id,
			compartment: 'shared',
			status: 'not_possible',
			reason: 'Geen plek.'
		});
		expect(plans.projected(db, c.id, 'shared').get(id)).toMatchObject({
			status: 'not_possible',
			reason: 'Geen plek.'
		});
	});
});

describe('action lists note what they showed in the view ledger', () => {
	it('the board (finding 3): one search with both compartments and the case ids it showed', async () => {
		const { db, b, chair, police, c } = await planned();
		const ctx = b.ctx(chair);
		const rows = plans.board(db, ctx, {});
		expect(rows.map((r) => r.compartment).sort()).toEqual(['shared', 'zorg']);
		expect(audit.flushViews(db, ctx)).toBe(1);
		const row = audit.list(db, { action: 'search' }).find((r) => r.objectType === 'action');
		expect(row).toMatchObject({
			userId: chair.id,
			compartment: 'shared,zorg',
			detail: `actiebord: casussen ${c.id}`,
			clientAddress: '192.0.2.1'
		});
		// A police member is no board user: nothing shown, nothing noted.
		const pctx = b.ctx(police);
		expect(plans.board(db, pctx, {})).toEqual([]);
		expect(pctx.views.size).toBe(0);
	});

	it('my actions and the case’s actions, and the exports as exports', async () => {
		const { db, b, police, c } = await planned();
		const ctx = createContext({
			actor: b.actor(police),
			now: BUILT_AT,
			clientAddress: '192.0.2.9',
			purpose: { kind: 'page', id: 'actions' }
		});
		expect(
			plans
				.mine(db, ctx)
				.map((a) => a.id)
				.sort()
		).toEqual(['actie-gedeeld-1', 'actie-veilig-01']);
		expect(
			plans
				.forCase(db, ctx, c.id)
				.map((a) => a.compartment)
				.sort()
		).toEqual(['shared', 'veiligheid']);
		expect(plans.exportForCase(db, ctx, c.id)).toHaveLength(2);
		expect(plans.exportBoard(db, ctx, {})).toEqual([]);
		expect(audit.flushViews(db, ctx)).toBe(4);
		const rows = audit.list(db, {}).filter((r) => r.userId === police.id);
		expect(rows.map((r) => [r.action, r.objectType, r.objectId, r.compartment, r.detail]).sort()).toEqual(
			[
				['export', 'action', null, null, 'actiebord (0): geen casussen'],
				['export', 'case', String(c.id), 'shared,veiligheid', 'acties (2)'],
				['search', 'action', null, 'shared,veiligheid', `mijn acties: casussen ${c.id}`],
				['view', 'case', String(c.id), 'shared,veiligheid', null]
			].sort()
		);
		expect(rows.every((r) => r.purpose === 'page:actions' && r.clientAddress === '192.0.2.9')).toBe(true);
	});
});

/**
 * A small region of the test's own: a Zorgtafel (zorg chair, zorg and veiligheid coordinators,
 * a zorg and a police member) and an AVO, a victim case on the Zorgtafel and a perpetrator case
 * on the AVO, with actions in every plan they have; a reporter and an admin who have no board.
 */
function region() {
	const db = openMemory();
	const b = builder(db);
	const zt = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Test' });
	const avo = b.table({ kind: 'avo', name: 'AVO Test' });
	const people = {
		chair: b.person({ domain: 'zorg', name: 'Voorzitter Zorgtafel' }),
		cz: b.person({ domain: 'zorg', roles: ['coordinator'], name: 'Coördinator Zorg' }),
		cv: b.person({ domain: 'veiligheid', roles: ['coordinator'], name: 'Coördinator Veiligheid' }),
		zorg: b.person({ domain: 'zorg', name: 'Lid Zorg' }),
		police: b.person({ domain: 'veiligheid', name: 'Lid Politie' }),
		reporter: b.person({ domain: 'zorg', roles: ['reporter'], name: 'Melder' }),
		admin: b.person({ domain: 'veiligheid', roles: ['admin'], name: 'Beheerder' })
	};
	const { chair, cz, cv, zorg, police } = people;
	b.member(zt, chair, 'chair');
	b.member(zt, cz, 'secretary');
	b.member(zt, cv);
	b.member(zt, zorg);
	b.member(zt, police);
	b.member(avo, cv, 'chair');
	b.member(avo, police);
	const victim = b.caseFile({ kind: 'victim', tables: [zt], owner: cz });
	const perpetrator = b.caseFile({ kind: 'perpetrator', tables: [avo], owner: cv });
	// A case the zorg member owned an action in, then stopped reaching (it left the Zorgtafel).
	const gone = b.caseFile({ kind: 'victim', tables: [zt], owner: cz });
	b.plan(victim, {
		by: cz,
		actions: [
			{ title: 'Later, in behandeling', owner: zorg, dueDate: '2026-12-15', status: 'in_progress' },
			{ title: 'Te laat, open', owner: zorg, dueDate: '2026-11-20' },
			{ title: 'Al gedaan', owner: zorg, dueDate: '2026-11-10', status: 'done' },
			{ title: 'Van de politie', owner: police, dueDate: '2026-11-15' }
		]
	});
	b.plan(victim, {
		compartment: 'zorg',
		by: cz,
		actions: [{ title: 'Zorgactie', owner: zorg, dueDate: '2026-12-01' }]
	});
	b.plan(victim, { compartment: 'veiligheid', by: cv, actions: [{ title: 'Politieactie', owner: police }] });
	b.plan(perpetrator, { by: cv, actions: [{ title: 'Gedeelde daderactie', owner: cv }] });
	b.plan(perpetrator, {
		compartment: 'veiligheid',
		by: cv,
		actions: [{ title: 'Daderactie', owner: police }]
	});
	b.plan(gone, {
		by: cz,
		actions: [{ title: 'Uit een casus buiten bereik', owner: zorg, dueDate: '2026-11-05' }]
	});
	db.delete(caseTable).where(eq(caseTable.caseId, gone.id)).run();
	const at = (person: { id: number }) => createContext({ actor: b.actor(person), now: NOW });
	return { db, b, zt, people, at };
}

describe('action lists over a region of the test’s own', () => {
	it('"my actions" holds my open actions in cases I reach, overdue first', () => {
		const { db, people, at } = region();
		const zorg = at(people.zorg).actor;
		const mine = plans.mine(db, createContext({ actor: zorg, now: NOW }));
		expect(mine.length).toBeGreaterThan(1);
		expect(
			mine.every((a) => a.ownerId === zorg.id && (a.status === 'open' || a.status === 'in_progress'))
		).toBe(true);
		expect(mine[0].overdue).toBe(true);
		expect(mine.map((a) => a.compartment)).not.toContain('veiligheid');
		expect(mine.map((a) => a.title).sort()).toEqual(['Later, in behandeling', 'Te laat, open', 'Zorgactie']);
	});

	it('the board shows only what the policy lets each coordinator or chair see', () => {
		const { db, people, zt, at } = region();
		for (const [name, person] of Object.entries(people)) {
			const ctx = at(person);
			const rows = plans.board(db, ctx, {});
			if (!plans.mayUseBoard(ctx.actor)) {
				expect(rows, name).toEqual([]);
				continue;
			}
			expect(rows.length, name).toBeGreaterThan(0);
			for (const r of rows) {
				expect(
					plans.forCase(db, ctx, r.caseId).map((x) => x.id),
					name
				).toContain(r.id);
			}
		}
		const czRows = plans.board(db, at(people.cz), {});
		expect(czRows.some((r) => r.compartment === 'zorg')).toBe(true);
		expect(
			czRows.filter((r) => r.tables.includes(zt.name)).every((r) => r.compartment !== 'veiligheid')
		).toBe(true);
		const cvRows = plans.board(db, at(people.cv), {}).filter((r) => r.tables.includes(zt.name));
		expect(cvRows.some((r) => r.compartment === 'veiligheid')).toBe(true);
		expect(cvRows.every((r) => r.compartment !== 'zorg')).toBe(true);
	});
});

describe('CSV (one helper for every export)', () => {
	it('neutralises spreadsheet formulas and quotes separators', () => {
		expect(csvCell('=SOM(A1)')).toBe("'=SOM(A1)");
		expect(csvCell('+31 6')).toBe("'+31 6");
		expect(csvCell('-2')).toBe("'-2");
		expect(csvCell('@user')).toBe("'@user");
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('zei "ja"')).toBe('"zei ""ja"""');
		const csv = toCsv(['Actie'], [['=HYPERLINK("http://x")']]);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(csv.startsWith('\uFEFF')).toBe(true);
	});
});
