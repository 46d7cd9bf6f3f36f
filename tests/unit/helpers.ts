/**
 * Test helpers: fresh in-memory databases with every migration applied, optionally seeded with
 * the demo region, and actors as the policy sees them.
 */
import { openMemory, type Db } from '../../src/lib/server/db';
import * as seed from '../../src/lib/server/seed';
import * as actors from '../../src/lib/server/actors';

export const NOW = new Date('2026-11-28T10:00:00Z');

/** Minutes/hours/days after a moment. */
export const after = (base: Date, ms: number) => new Date(base.getTime() + ms);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function freshDb(): Db {
	return openMemory();
}

/**
 * For the few tests that check the demo seed itself; every other test builds its own rows with the
 * test-data builder (`tests/support/build.ts`) instead of looking up demo text.
 */
export async function seededDb(now = NOW) {
	const db = openMemory();
	const refs = await seed.demo(db, now);
	return { db, refs };
}

/** The actor for a demo account by its local part (`zorg`, `beheer`, …). */
export function actorOf(db: Db, refs: seed.SeedRefs, local: string) {
	const actor = actors.load(db, refs.user[local]);
	if (!actor) throw new Error(`geen actor voor ${local}`);
	return actor;
}
