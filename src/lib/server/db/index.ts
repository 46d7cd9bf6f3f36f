/**
 * The SQLite connection: one per process, opened lazily, migrated before first use.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; domain functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Where the committed migrations live; the production server runs from the project root. */
export function migrationsFolder(): string {
	return process.env.MIGRATIONS_PATH ?? path.resolve(process.cwd(), 'drizzle');
}

/** Opens a database file (or `:memory:`) with the pragmas Ketentafel relies on. */
export function open(file: string): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const client = new Database(file);
	client.pragma('journal_mode = WAL');
	client.pragma('synchronous = FULL');
	client.pragma('busy_timeout = 5000');
	// Deleted case text must not linger in free pages of the file (DESIGN.md §4).
	client.pragma('secure_delete = ON');
	client.pragma('foreign_keys = ON');
	return drizzle(client, { schema });
}

/**
 * Applies all pending migrations without losing rows. drizzle-kit rebuilds SQLite tables for
 * some changes, and `PRAGMA foreign_keys=OFF` inside its transaction is a no-op, so dropping a
 * parent table would cascade-delete children. We switch enforcement off on the connection
 * before migrating, verify integrity afterwards, and only then switch it back on.
 */
export function runMigrations(db: Db, folder = migrationsFolder()): void {
	const client = db.$client;
	client.pragma('foreign_keys = OFF');
	try {
		migrate(db, { migrationsFolder: folder });
		const violations = client.pragma('foreign_key_check') as unknown[];
		if (violations.length > 0) {
			throw new Error(`Migratie laat ${violations.length} verweesde verwijzingen achter`);
		}
	} finally {
		client.pragma('foreign_keys = ON');
	}
}

/** A fresh, fully migrated in-memory database, for tests and benchmarks. */
export function openMemory(): Db {
	const db = open(':memory:');
	runMigrations(db);
	return db;
}

const holder = globalThis as typeof globalThis & { __ketentafelDb?: Db };

/** The process-wide database, opened and migrated on first use. */
export function getDb(): Db {
	if (!holder.__ketentafelDb) {
		const db = open(process.env.DATABASE_PATH ?? './data/ketentafel.db');
		runMigrations(db);
		holder.__ketentafelDb = db;
	}
	return holder.__ketentafelDb;
}

/** Closes the process-wide database (graceful shutdown, tests). */
export function closeDb(): void {
	holder.__ketentafelDb?.$client.close();
	holder.__ketentafelDb = undefined;
}

export { schema };
