import { describe, expect, it } from 'vitest';
import { normalise, isOverdue, type ActionValue } from '../../src/lib/domain/actions';
import * as plans from '../../src/lib/server/actions';
import { ACCOUNTS } from '../../src/lib/server/seed';
import { NOW, actorOf, seededDb } from './helpers';

const ctx = (over: Partial<Parameters<typeof normalise>[1]> = {}) => ({
	mayOwn: (id: number) => id === 7,
	minDate: '2026-01-01',
	previous: null,
	userId: 7,
	now: 1000,
	newId: () => 'nieuw-id-1',
	...over
});
const valid = { id: 'actie-0001', title: 'Huisbezoek', ownerId: 7, dueDate: '2026-12-01', status: 'open', reason: null, originKind: null, originId: null };

describe('action validation and repair', () => {
	it('accepts a valid new action and stamps creation', () => {
		const { value, repaired } = normalise(valid, ctx());
		expect(repaired).toEqual([]);
		expect(value).toMatchObject({ id: 'actie-0001', ownerId: 7, createdBy: 7, createdAt: 1000 });
	});

	it('repairs an owner who may not see the case, a due date before the case, and a bad status', () => {
		const previous = { ...valid, status: 'open', createdAt: 1, createdBy: 3 } as ActionValue;
		const { value, repaired } = normalise({ ...valid, ownerId: 99, dueDate: '2025-12-31', status: 'gedaan' }, ctx({ previous }));
		expect(repaired.sort()).toEqual(['dueDate', 'ownerId', 'status']);
		expect(value).toMatchObject({ ownerId: 7, dueDate: '2026-12-01', status: 'open', createdBy: 3 });
	});

	it('refuses "not possible" without a reason, and keeps the reason otherwise', () => {
		const previous = { ...valid, status: 'in_progress', createdAt: 1, createdBy: 3 } as ActionValue;
		expect(normalise({ ...valid, status: 'not_possible', reason: '  ' }, ctx({ previous })).value.status).toBe('in_progress');
		const ok = normalise({ ...valid, status: 'not_undertaken', reason: 'Partner heeft geen capaciteit.' }, ctx({ previous }));
		expect(ok.value).toMatchObject({ status: 'not_undertaken', reason: 'Partner heeft geen capaciteit.' });
		expect(normalise({ ...valid, status: 'done', reason: 'weg ermee' }, ctx({ previous })).value.reason).toBeNull();
	});

	it('does not let clients set or change the origin; the server may', () => {
		expect(normalise({ ...valid, originKind: 'decision', originId: 4 }, ctx()).repaired).toContain('origin');
		expect(normalise({ ...valid, originKind: 'decision', originId: 4 }, ctx({ serverChange: true })).value).toMatchObject({ originKind: 'decision', originId: 4 });
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
});

describe('action lists', () => {
	it('"my actions" holds my open actions in cases I reach, overdue first', async () => {
		const { db, refs } = await seededDb();
		const zorg = actorOf(db, refs, 'zorg');
		const mine = plans.mine(db, zorg, NOW);
		expect(mine.length).toBeGreaterThan(1);
		expect(mine.every((a) => a.ownerId === zorg.id && (a.status === 'open' || a.status === 'in_progress'))).toBe(true);
		expect(mine[0].overdue).toBe(true);
		expect(mine.map((a) => a.compartment)).not.toContain('veiligheid');
	});

	it('the board shows only what the policy lets each coordinator or chair see', async () => {
		const { db, refs } = await seededDb();
		for (const account of ACCOUNTS) {
			const actor = actorOf(db, refs, account.local);
			const rows = plans.board(db, actor, {}, NOW);
			if (!plans.mayUseBoard(actor)) {
				expect(rows, account.local).toEqual([]);
				continue;
			}
			for (const r of rows) {
				expect(plans.forCase(db, actor, r.caseId, NOW).map((x) => x.id), account.local).toContain(r.id);
			}
		}
		const cz = actorOf(db, refs, 'coordinator.zorg');
		const czRows = plans.board(db, cz, {}, NOW);
		expect(czRows.some((r) => r.compartment === 'zorg')).toBe(true);
		expect(czRows.filter((r) => r.tables.includes('Zorgtafel Mensenhandel Dommelstroom')).every((r) => r.compartment !== 'veiligheid')).toBe(true);
		const cv = actorOf(db, refs, 'coordinator.veiligheid');
		expect(plans.board(db, cv, {}, NOW).filter((r) => r.tables.includes('Zorgtafel Mensenhandel Dommelstroom')).every((r) => r.compartment !== 'zorg')).toBe(true);
	});
});

describe('CSV', () => {
	it('neutralises spreadsheet formulas and quotes separators', () => {
		expect(plans.csvCell('=SOM(A1)')).toBe("'=SOM(A1)");
		expect(plans.csvCell('+31 6')).toBe("'+31 6");
		expect(plans.csvCell('-2')).toBe("'-2");
		expect(plans.csvCell('@user')).toBe("'@user");
		expect(plans.csvCell('a;b')).toBe('"a;b"');
		expect(plans.csvCell('zei "ja"')).toBe('"zei ""ja"""');
		const csv = plans.toCsv(['Actie'], [['=HYPERLINK("http://x")']]);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(csv.startsWith('\uFEFF')).toBe(true);
	});
});
