import { describe, expect, it } from 'vitest';
import { openMemory } from '../../src/lib/server/db';
import { GroupCommit } from '../../src/lib/server/db/group-commit';

function setup() {
	const db = openMemory();
	db.$client.exec('create table t (v text not null)');
	const rows = () =>
		(db.$client.prepare('select v from t order by rowid').all() as Array<{ v: string }>).map((r) => r.v);
	const insert = (v: string) => db.$client.prepare('insert into t (v) values (?)').run(v);
	return { db, rows, insert };
}

describe('group commit', () => {
	it('commits writes queued in the same turn in one transaction, in order, before resolving', async () => {
		const { db, rows, insert } = setup();
		const commits = new GroupCommit(db);
		const seen: string[][] = [];
		const done = ['a', 'b', 'c'].map((v) => commits.run(() => insert(v)).then(() => seen.push(rows())));
		expect(rows()).toEqual([]);
		await Promise.all(done);
		expect(rows()).toEqual(['a', 'b', 'c']);
		expect(seen.every((s) => s.length === 3)).toBe(true);
		expect(commits.stats).toEqual({ transactions: 1, units: 3 });
		await commits.run(() => insert('d'));
		expect(commits.stats).toEqual({ transactions: 2, units: 4 });
	});

	it('rejects only the unit that threw and keeps what it wrote before throwing', async () => {
		const { db, rows, insert } = setup();
		const commits = new GroupCommit(db);
		const results = await Promise.allSettled([
			commits.run(() => insert('before')),
			commits.run(() => {
				insert('logged');
				throw new Error('geweigerd');
			}),
			commits.run(() => 42)
		]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect((results[2] as PromiseFulfilledResult<number>).value).toBe(42);
		expect(rows()).toEqual(['before', 'logged']);
	});

	it('rejects every unit of a batch whose commit fails, and nothing of it is kept', async () => {
		const { db, rows, insert } = setup();
		const commits = new GroupCommit(db);
		// A deferred foreign key is checked at COMMIT: the commit of the whole batch fails.
		db.$client.exec(
			'create table parent (id integer primary key); create table child (parent_id integer references parent (id) deferrable initially deferred)'
		);
		const results = await Promise.allSettled([
			commits.run(() => insert('x')),
			commits.run(() => db.$client.prepare('insert into child (parent_id) values (99)').run())
		]);
		expect(db.$client.inTransaction).toBe(false);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(rows()).toEqual([]);
	});
});
