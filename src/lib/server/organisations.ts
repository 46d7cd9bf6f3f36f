/**
 * Organisations (ketenpartners): municipality teams, care partners, police, RIEC, inspectorate.
 */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '../paraglide/messages.js';
import type { DbOrTx } from './db';
import { DOMAINS, organisation, type Organisation } from './db/schema';
import * as audit from './audit';
import type { Ctx } from './context';
import { ConflictError, NotFoundError } from './errors';
import { mayAdminister } from './policy';
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
	const clash = db
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.name, name))
		.get();
	if (clash && clash.id !== exceptId) throw new ConflictError(m.err_organisation_exists());
}

function insert(db: DbOrTx, raw: unknown): Organisation {
	const input = parse(organisationInput(), raw);
	assertUniqueName(db, input.name);
	return db.insert(organisation).values(input).returning().get();
}

/** Adds an organisation (admin only: the route guard is not the only check). */
export function create(db: DbOrTx, ctx: Ctx, raw: unknown): Organisation {
	if (!mayAdminister(ctx.actor)) throw new NotFoundError(m.err_not_found());
	return db.transaction((tx) => {
		const row = insert(tx, raw);
		audit.changed(tx, ctx, { action: 'create', objectType: 'organisation', objectId: row.id });
		return row;
	});
}

/** Adds an organisation from the command line (the first-admin command: no actor yet, the log row names none). */
export function createFromCommandLine(db: DbOrTx, raw: unknown, now: Date): Organisation {
	return db.transaction((tx) => {
		const row = insert(tx, raw);
		audit.record(
			tx,
			{
				userId: null,
				action: 'create',
				objectType: 'organisation',
				objectId: row.id,
				detail: 'opdrachtregel'
			},
			now
		);
		return row;
	});
}

/** Changes an organisation (admin only). */
export function update(db: DbOrTx, ctx: Ctx, id: number, raw: unknown): Organisation {
	if (!mayAdminister(ctx.actor)) throw new NotFoundError(m.err_not_found());
	return db.transaction((tx) => {
		get(tx, id);
		const input = parse(organisationInput(), raw);
		assertUniqueName(tx, input.name, id);
		const row = tx.update(organisation).set(input).where(eq(organisation.id, id)).returning().get();
		audit.changed(tx, ctx, { action: 'update', objectType: 'organisation', objectId: id });
		return row;
	});
}
