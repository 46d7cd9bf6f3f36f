import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as users from '../../src/lib/server/users';
import * as organisations from '../../src/lib/server/organisations';
import * as tables from '../../src/lib/server/tables';
import * as audit from '../../src/lib/server/audit';
import * as actors from '../../src/lib/server/actors';
import { accessLog, membership, user } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { collabEvents } from '../../src/lib/server/events';
import { createContext, type Ctx } from '../../src/lib/server/context';
import type { Db } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import { NOW, actorOf, seededDb } from './helpers';

/** A request context for a user (by id, or their actor), for one call. */
function cw(db: Db, who: number | Actor, now: Date, clientAddress: string | null = null): Ctx {
	const actor = typeof who === 'number' ? actors.load(db, who) : who;
	if (!actor) throw new Error('geen actor voor deze gebruiker');
	return createContext({ actor, now, clientAddress });
}

const PASSWORD = 'een-goed-wachtwoord-2026';

describe('users (admin)', () => {
	it('creates a user, with Dutch messages for bad input and nothing changed', async () => {
		const { db, refs } = await seededDb();
		const admin = refs.user['beheer'];
		const count = () => db.select().from(user).all().length;
		const before = count();
		const good = {
			email: 'Nieuw@Voorbeeld.nl',
			name: 'Nina Nieuw',
			organisationId: String(refs.org['vt']),
			domain: 'zorg',
			roles: ['coordinator']
		};
		const created = await users.create(db, cw(db, admin, NOW), good, PASSWORD);
		expect(created.email).toBe('nieuw@voorbeeld.nl');
		expect(created).not.toHaveProperty('passwordHash');
		expect(count()).toBe(before + 1);

		const bad: Array<[object, string, RegExp]> = [
			[{ ...good, email: 'nieuw@voorbeeld.nl' }, PASSWORD, /al een account/],
			[{ ...good, email: 'geen-adres' }, PASSWORD, /geldig e-mailadres/],
			[{ ...good, email: 'a@b.nl', name: '' }, PASSWORD, /Naam is verplicht/],
			[{ ...good, email: 'a@b.nl', name: 'x'.repeat(121) }, PASSWORD, /hoogstens 120/],
			[{ ...good, email: 'a@b.nl', domain: 'politie' }, PASSWORD, /geldige waarde/],
			[{ ...good, email: 'a@b.nl', roles: ['admin', 'coordinator'] }, PASSWORD, /niet met andere rollen/],
			[{ ...good, email: 'a@b.nl', organisationId: '9999' }, PASSWORD, /Kies een organisatie/],
			[{ ...good, email: 'a@b.nl' }, 'kort', /minstens 12/]
		];
		for (const [input, password, message] of bad) {
			const err = await users.create(db, cw(db, admin, NOW), input, password).catch((e: unknown) => e);
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before + 1);
		expect(audit.list(db, { action: 'create' }).filter((r) => r.objectType === 'user')).toHaveLength(1);
	});

	it('refuses to give a member a guardian role, and an admin cannot demote themselves', async () => {
		const { db, refs } = await seededDb();
		const zorg = users.get(db, refs.user['zorg']);
		const input = {
			email: zorg.email,
			name: zorg.name,
			organisationId: String(zorg.organisationId),
			domain: zorg.domain,
			roles: ['auditor']
		};
		expect(() => users.update(db, cw(db, refs.user['beheer'], NOW), zorg.id, input, true)).toThrow(
			/tafellidmaatschap/
		);
		const beheer = users.get(db, refs.user['beheer']);
		const self = {
			email: beheer.email,
			name: beheer.name,
			organisationId: String(beheer.organisationId),
			domain: beheer.domain,
			roles: ['admin']
		};
		expect(() => users.update(db, cw(db, beheer.id, NOW), beheer.id, self, false)).toThrow(ConflictError);
	});
});

describe('organisations', () => {
	it('validates and refuses duplicates', async () => {
		const { db, refs } = await seededDb();
		const n = organisations.list(db).length;
		organisations.create(db, cw(db, refs.user['beheer'], NOW), {
			name: 'Stichting Opvang Zuid',
			defaultDomain: 'zorg',
			municipality: 'Dommelstroom'
		});
		expect(() =>
			organisations.create(db, cw(db, refs.user['beheer'], NOW), {
				name: 'Stichting Opvang Zuid',
				defaultDomain: 'zorg',
				municipality: 'Dommelstroom'
			})
		).toThrow(ConflictError);
		expect(() =>
			organisations.create(db, cw(db, refs.user['beheer'], NOW), {
				name: '',
				defaultDomain: 'x',
				municipality: ''
			})
		).toThrow(ValidationError);
		expect(organisations.list(db)).toHaveLength(n + 1);
	});
});

describe('tables and memberships', () => {
	it('creates a table with the default policy of its kind', async () => {
		const { db, refs } = await seededDb();
		const t = tables.create(db, cw(db, refs.user['beheer'], NOW), {
			kind: 'zvh',
			name: 'ZVH Kempenveld',
			legalBasis: 'Convenant ZVH Kempenveld'
		});
		expect(t.compartmentPolicy).toEqual({ zorg: ['zorg', 'veiligheid'], veiligheid: ['zorg', 'veiligheid'] });
		expect(() =>
			tables.create(db, cw(db, refs.user['beheer'], NOW), {
				kind: 'zvh',
				name: 'ZVH Kempenveld',
				legalBasis: 'x y'
			})
		).toThrow(/al een tafel/);
		expect(() =>
			tables.create(db, cw(db, refs.user['beheer'], NOW), { kind: 'rechtbank', name: 'X', legalBasis: 'x y' })
		).toThrow(ValidationError);
	});

	it('a new membership gives access only after the chair confirms it', async () => {
		const { db, refs } = await seededDb();
		const tableId = refs.table['avo'];
		const m = tables.addMember(db, cw(db, refs.user['beheer'], NOW), tableId, {
			userId: String(refs.user['zorg']),
			role: 'member'
		});
		expect(m.status).toBe('pending');
		expect(actorOf(db, refs, 'zorg').memberships.map((x) => x.tableId)).not.toContain(tableId);

		// A plain member of the table cannot confirm; the chair of another table cannot either.
		expect(() =>
			tables.confirmMember(db, cw(db, actorOf(db, refs, 'veiligheid'), NOW), tableId, m.id)
		).toThrow(NotFoundError);
		expect(() =>
			tables.confirmMember(db, cw(db, actorOf(db, refs, 'voorzitter.zorgtafel'), NOW), tableId, m.id)
		).toThrow(NotFoundError);
		// The AVO chair confirms.
		tables.confirmMember(db, cw(db, actorOf(db, refs, 'coordinator.veiligheid'), NOW), tableId, m.id);
		expect(actorOf(db, refs, 'zorg').memberships.map((x) => x.tableId)).toContain(tableId);
		expect(() =>
			tables.confirmMember(db, cw(db, actorOf(db, refs, 'coordinator.veiligheid'), NOW), tableId, m.id)
		).toThrow(ConflictError);

		// Ending it removes access and tells live connections.
		const events: unknown[] = [];
		const listener = (e: unknown) => events.push(e);
		collabEvents.on('access-changed', listener);
		tables.endMember(db, cw(db, actorOf(db, refs, 'beheer'), NOW), tableId, m.id);
		collabEvents.off('access-changed', listener);
		expect(events).toEqual([{ userId: refs.user['zorg'], tableId }]);
		expect(actorOf(db, refs, 'zorg').memberships.map((x) => x.tableId)).not.toContain(tableId);
	});

	it('refuses memberships for guardians, inactive people, missing tables and duplicates', async () => {
		const { db, refs } = await seededDb();
		const admin = refs.user['beheer'];
		const before = db.select().from(membership).all().length;
		expect(() =>
			tables.addMember(db, cw(db, admin, NOW), refs.table['avo'], {
				userId: String(refs.user['fg']),
				role: 'member'
			})
		).toThrow(/kunnen geen lid/);
		expect(() =>
			tables.addMember(db, cw(db, admin, NOW), refs.table['avo'], {
				userId: String(refs.user['beheer']),
				role: 'member'
			})
		).toThrow(/kunnen geen lid/);
		expect(() =>
			tables.addMember(db, cw(db, admin, NOW), 9999, { userId: String(refs.user['zorg']), role: 'member' })
		).toThrow(/bestaat niet/);
		expect(() =>
			tables.addMember(db, cw(db, admin, NOW), refs.table['zorgtafel'], {
				userId: String(refs.user['zorg']),
				role: 'member'
			})
		).toThrow(/al lid/);
		expect(() =>
			tables.addMember(db, cw(db, admin, NOW), refs.table['avo'], {
				userId: String(refs.user['zorg']),
				role: 'koning'
			})
		).toThrow(ValidationError);
		db.update(user).set({ active: false }).where(eq(user.id, refs.user['melder'])).run();
		expect(() =>
			tables.addMember(db, cw(db, admin, NOW), refs.table['avo'], {
				userId: String(refs.user['melder']),
				role: 'member'
			})
		).toThrow(/gedeactiveerd/);
		expect(db.select().from(membership).all()).toHaveLength(before);
	});

	it('changing the policy changes what members see', async () => {
		const { db, refs } = await seededDb();
		tables.setPolicy(db, cw(db, refs.user['beheer'], NOW), refs.table['zorgtafel'], {
			zorg: [],
			veiligheid: ['veiligheid']
		});
		const zorg = actorOf(db, refs, 'zorg');
		expect(zorg.memberships.find((x) => x.tableId === refs.table['zorgtafel'])?.policy).toEqual({
			zorg: [],
			veiligheid: ['veiligheid']
		});
		expect(() =>
			tables.setPolicy(db, cw(db, refs.user['beheer'], NOW), refs.table['zorgtafel'], { zorg: ['geheim'] })
		).toThrow(ValidationError);
	});

	it('actors carry only active memberships', async () => {
		const { db, refs } = await seededDb();
		// The seeded inspector is pending at the Zorgtafel.
		expect(actors.load(db, refs.user['inspecteur'])?.memberships).toEqual([]);
		expect(
			actorOf(db, refs, 'veiligheid')
				.memberships.map((x) => x.tableKind)
				.sort()
		).toEqual(['avo', 'stuurtafel', 'zorgtafel']);
	});
});

describe('access log', () => {
	it('is append-only', async () => {
		const { db } = await seededDb();
		audit.record(db, { userId: null, action: 'denied', objectType: 'page', objectId: 'admin' }, NOW);
		expect(() => db.update(accessLog).set({ result: 'ok' }).run()).toThrow(/append-only/);
		expect(() => db.delete(accessLog).run()).toThrow(/append-only/);
		expect(audit.list(db)).toHaveLength(1);
	});

	it('filters by user, action and period', async () => {
		const { db, refs } = await seededDb();
		audit.record(db, { userId: refs.user['zorg'], action: 'view', objectType: 'case', objectId: 1 }, NOW);
		audit.record(
			db,
			{ userId: refs.user['zorg'], action: 'denied', objectType: 'page' },
			new Date('2026-11-29T10:00:00Z')
		);
		audit.record(
			db,
			{ userId: refs.user['veiligheid'], action: 'view', objectType: 'case', objectId: 2 },
			NOW
		);
		expect(audit.list(db, { userId: refs.user['zorg'] })).toHaveLength(2);
		expect(audit.list(db, { action: 'view' })).toHaveLength(2);
		expect(audit.list(db, { from: new Date('2026-11-29T00:00:00Z') })).toHaveLength(1);
		expect(
			audit.list(db, { until: new Date('2026-11-29T00:00:00Z'), userId: refs.user['zorg'] })[0].objectType
		).toBe('case');
	});
});

describe('administration asks the policy itself, not only the route guard (§3.4)', () => {
	it('refuses a non-admin context for every admin change, and changes nothing', async () => {
		const { db, refs } = await seededDb();
		const org = String(refs.org['vt']);
		const snapshot = () =>
			JSON.stringify([
				db.select().from(user).all(),
				db.select().from(membership).all(),
				organisations.list(db),
				tables.list(db)
			]);
		const before = snapshot();
		const pending = db.select().from(membership).where(eq(membership.status, 'pending')).get()!;
		const active = db
			.select()
			.from(membership)
			.where(and(eq(membership.status, 'active'), eq(membership.tableId, refs.table['avo'])))
			.all()
			.find((x) => x.userId !== refs.user['coordinator.veiligheid'])!;
		const zorg = users.get(db, refs.user['zorg']);
		for (const local of ['zorg', 'coordinator.veiligheid', 'voorzitter.zorgtafel', 'fg', 'melder']) {
			const ctx = cw(db, refs.user[local], NOW);
			await expect(
				users.create(
					db,
					ctx,
					{
						email: `x-${local}@voorbeeld.nl`,
						name: 'Nina Nieuw',
						organisationId: org,
						domain: 'zorg',
						roles: []
					},
					PASSWORD
				),
				local
			).rejects.toThrow(NotFoundError);
			expect(
				() =>
					users.update(
						db,
						ctx,
						zorg.id,
						{
							email: zorg.email,
							name: 'Andere naam',
							organisationId: String(zorg.organisationId),
							domain: zorg.domain,
							roles: zorg.roles
						},
						true
					),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					organisations.create(db, ctx, {
						name: `Org ${local}`,
						defaultDomain: 'zorg',
						municipality: 'Dommelstroom'
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					organisations.update(db, ctx, refs.org['vt'], {
						name: 'Hernoemd',
						defaultDomain: 'zorg',
						municipality: 'Dommelstroom'
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() => tables.create(db, ctx, { kind: 'zvh', name: `ZVH ${local}`, legalBasis: 'Convenant' }),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					tables.update(db, ctx, refs.table['avo'], {
						kind: 'avo',
						name: 'Hernoemd',
						legalBasis: 'Convenant'
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					tables.setPolicy(db, ctx, refs.table['zorgtafel'], {
						zorg: ['zorg', 'veiligheid'],
						veiligheid: []
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					tables.addMember(db, ctx, refs.table['avo'], {
						userId: String(refs.user['melder']),
						role: 'member'
					}),
				local
			).toThrow(NotFoundError);
		}
		// Confirming and ending are the chair's (of that table) and, for ending, the admin's.
		for (const local of ['zorg', 'veiligheid', 'voorzitter.stuurtafel', 'beheer', 'fg']) {
			expect(
				() => tables.confirmMember(db, cw(db, refs.user[local], NOW), pending.tableId, pending.id),
				local
			).toThrow(NotFoundError);
		}
		for (const local of ['zorg', 'veiligheid', 'voorzitter.zorgtafel', 'fg']) {
			expect(
				() => tables.endMember(db, cw(db, refs.user[local], NOW), active.tableId, active.id),
				local
			).toThrow(NotFoundError);
		}
		expect(snapshot()).toBe(before);
	});

	it('each admin change is one transaction with its log row', async () => {
		const { db, refs } = await seededDb();
		const admin = cw(db, refs.user['beheer'], NOW, '10.9.9.9');
		db.$client.exec(
			"create temp trigger fail_table_log before insert on access_log when new.object_type = 'table' begin select raise(abort, 'logboek onbereikbaar'); end"
		);
		const n = tables.list(db).length;
		expect(() =>
			tables.create(db, admin, {
				kind: 'zvh',
				name: 'ZVH Kempenveld',
				legalBasis: 'Convenant ZVH Kempenveld'
			})
		).toThrow(/logboek onbereikbaar/);
		expect(tables.list(db)).toHaveLength(n);
		organisations.create(db, admin, {
			name: 'Stichting Opvang Noord',
			defaultDomain: 'zorg',
			municipality: 'Dommelstroom'
		});
		expect(audit.list(db, { action: 'create' }).find((r) => r.objectType === 'organisation')).toMatchObject({
			userId: refs.user['beheer'],
			clientAddress: '10.9.9.9',
			at: NOW
		});
	});
});
