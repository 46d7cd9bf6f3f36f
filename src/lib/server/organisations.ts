/**
 * Organisations (ketenpartners): municipality teams, care partners, police, RIEC, inspectorate.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { DOMAINS, organisation, type Organisation } from './db/schema';
import * as audit from './audit';
import { ConflictError, NotFoundError } from './errors';
import { oneOf, parse, text } from './validation';

export function organisationInput() {
	return z.object({
		name: text(m.field_name(), 2, 120),
		defaultDomain: oneOf(DOMAINS, m.field_default_domain()),
		municipality: text(m.field_municipality(), 2, 80)
	});
}

/** All organisations by name. */
export function list(db: DbOrTx): Organisation[] {
	return db.select().from(organisation).orderBy(asc(organisation.name)).all();
}

/** One organisation. */
export function get(db: DbOrTx, id: number): Organisation {
	const row = db.select().from(organisation).where(eq(organisation.id, id)).get();
	if (!row) throw new NotFoundError(m.err_not_found());
	return row;
}

/** The distinct municipalities organisations work for. */
export function municipalities(db: DbOrTx): string[] {
	return [...new Set(list(db).map((o) => o.municipality))].sort((a, b) => a.localeCompare(b, 'nl'));
}

function assertUniqueName(db: DbOrTx, name: string, exceptId?: number) {
	const clash = db.select({ id: organisation.id }).from(organisation).where(eq(organisation.name, name)).get();
	if (clash && clash.id !== exceptId) throw new ConflictError(m.err_organisation_exists());
}

/** Adds an organisation (admin). */
export function create(db: DbOrTx, actorId: number | null, raw: unknown, now: Date): Organisation {
	const input = parse(organisationInput(), raw);
	assertUniqueName(db, input.name);
	const row = db.insert(organisation).values(input).returning().get();
	audit.record(db, { userId: actorId, action: 'create', objectType: 'organisation', objectId: row.id }, now);
	return row;
}

/** Changes an organisation (admin). */
export function update(db: DbOrTx, actorId: number, id: number, raw: unknown, now: Date): Organisation {
	get(db, id);
	const input = parse(organisationInput(), raw);
	assertUniqueName(db, input.name, id);
	const row = db.update(organisation).set(input).where(eq(organisation.id, id)).returning().get();
	audit.record(db, { userId: actorId, action: 'update', objectType: 'organisation', objectId: id }, now);
	return row;
}
