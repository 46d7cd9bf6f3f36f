/**
 * Migrations must never lose rows (STACK.md pitfall): drizzle-kit rebuilds SQLite tables by
 * dropping them, which would cascade-delete children if foreign keys were enforced.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open, runMigrations, migrationsFolder } from '../../src/lib/server/db';
import * as schema from '../../src/lib/server/db/schema';
import { builder } from '../support/build';
import { NOW } from './helpers';

const temp: string[] = [];
afterEach(() => {
	for (const dir of temp.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real migrations plus one that rebuilds the `user` table the way drizzle-kit does. */
function foldersWithRebuild(): { base: string; extended: string } {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kt-mig-'));
	temp.push(root);
	const base = path.join(root, 'base');
	const extended = path.join(root, 'extended');
	fs.cpSync(migrationsFolder(), base, { recursive: true });
	fs.cpSync(migrationsFolder(), extended, { recursive: true });
	const journalPath = path.join(extended, 'meta', '_journal.json');
	const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as {
		entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }>;
	};
	const last = journal.entries[journal.entries.length - 1];
	const tag = `${String(last.idx + 1).padStart(4, '0')}_test_rebuild_user`;
	journal.entries.push({
		idx: last.idx + 1,
		version: last.version,
		when: last.when + 1000,
		tag,
		breakpoints: true
	});
	fs.writeFileSync(journalPath, JSON.stringify(journal));
	const cols =
		'id, email, name, organisation_id, domain, roles, password_hash, active, is_demo, password_changed_at, created_at';
	fs.writeFileSync(
		path.join(extended, `${tag}.sql`),
		[
			'PRAGMA foreign_keys=OFF;',
			`CREATE TABLE \`__new_user\` (\`id\` integer PRIMARY KEY AUTOINCREMENT NOT NULL, \`email\` text NOT NULL, \`name\` text NOT NULL, \`organisation_id\` integer NOT NULL REFERENCES organisation(id), \`domain\` text NOT NULL, \`roles\` text NOT NULL, \`password_hash\` text NOT NULL, \`active\` integer DEFAULT true NOT NULL, \`is_demo\` integer DEFAULT false NOT NULL, \`password_changed_at\` integer, \`created_at\` integer NOT NULL, \`extra\` text);`,
			`INSERT INTO \`__new_user\`(${cols}) SELECT ${cols} FROM \`user\`;`,
			'DROP TABLE `user`;',
			'ALTER TABLE `__new_user` RENAME TO `user`;',
			'PRAGMA foreign_keys=ON;'
		].join('\n--> statement-breakpoint\n')
	);
	return { base, extended };
}

function counts(client: Database.Database) {
	const n = (t: string) => (client.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n;
	return { users: n('user'), sessions: n('session'), memberships: n('membership') };
}

/**
 * A database file with rows that hang off `user`: a table with two members (memberships) and a
 * signed-in member (a session), so a rebuild of `user` that cascades would visibly lose them.
 */
function fileWithChildRows(folder: string) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kt-db-'));
	temp.push(dir);
	const file = path.join(dir, 'test.db');
	const db = open(file);
	runMigrations(db, folder);
	const b = builder(db, NOW);
	const zorgtafel = b.table({ kind: 'zorgtafel' });
	const chair = b.person({ domain: 'zorg' });
	const member = b.person({ domain: 'veiligheid' });
	b.member(zorgtafel, chair, 'chair');
	b.member(zorgtafel, member);
	db.insert(schema.session)
		.values({
			id: 'abc',
			userId: member.id,
			createdAt: NOW,
			lastSeenAt: NOW,
			expiresAt: NOW,
			absoluteExpiresAt: NOW
		})
		.run();
	return { db, file };
}

describe('migrations', () => {
	it('apply to an empty database and leave foreign keys on', () => {
		const db = open(':memory:');
		runMigrations(db);
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.$client.pragma('journal_mode', { simple: true })).toBe('memory');
		expect(db.$client.pragma('secure_delete', { simple: true })).toBe(1);
	});

	it('keep every child row when a parent table is rebuilt', () => {
		const { base, extended } = foldersWithRebuild();
		const { db } = fileWithChildRows(base);
		const before = counts(db.$client);
		expect(before.sessions).toBe(1);
		expect(before.memberships).toBeGreaterThan(0);
		runMigrations(db, extended);
		expect(counts(db.$client)).toEqual(before);
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		const cols = db.$client.prepare("select name from pragma_table_info('user')").all() as Array<{
			name: string;
		}>;
		expect(cols.map((c) => c.name)).toContain('extra');
	});

	it('would lose child rows with the naive procedure (the test can see loss)', () => {
		const { base, extended } = foldersWithRebuild();
		const { db } = fileWithChildRows(base);
		// Naive: migrate with foreign keys enforced, as drizzle's migrator does by default.
		const naive = drizzle(db.$client, { schema });
		db.$client.pragma('foreign_keys = ON');
		try {
			migrate(naive, { migrationsFolder: extended });
		} catch {
			// Either rows cascade away or the drop fails; both are data-loss hazards.
		}
		const after = counts(db.$client);
		expect(
			after.sessions === 0 || after.users === 0 || after.memberships === 0 || !hasExtra(db.$client)
		).toBe(true);
	});
});

function hasExtra(client: Database.Database): boolean {
	const cols = client.prepare("select name from pragma_table_info('user')").all() as Array<{ name: string }>;
	return cols.some((c) => c.name === 'extra');
}
