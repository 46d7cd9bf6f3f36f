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
import { builder } from '../support/build';
import { NOW, freshDb } from './helpers';

const PASSWORD = 'een-goed-wachtwoord-2026';

/**
 * The people and tables these tests need, built here: an administrator, an auditor, a reporter,
 * and three tables with their chairs and members — a Zorgtafel (chaired by `zorgChair`, with the
 * zorg member `zorg`, the veiligheid member `veiligheid`, the coordinator `coordinator` and a
 * pending `inspector`), an AVO (chaired by `coordinator`, with `veiligheid` and `stuurChair`) and
 * a Stuurtafel (chaired by `stuurChair`, with `veiligheid`).
 */
function region() {
	const db = freshDb();
	const b = builder(db, NOW);
	const org = b.org({ name: 'Stichting Hulp Teststad', domain: 'zorg', municipality: 'Teststad' });
	const admin = b.person({ name: 'Bea Beheer', domain: 'veiligheid', roles: ['admin'] });
	const auditor = b.person({ name: 'Fien Toezicht', domain: 'veiligheid', roles: ['auditor'] });
	const reporter = b.person({ name: 'Mila Melder', domain: 'zorg', roles: ['reporter'] });
	const coordinator = b.person({ name: 'Sanne Coördinator', domain: 'veiligheid', roles: ['coordinator'] });
	const zorgChair = b.person({ name: 'Ingrid Voorzitter', domain: 'zorg' });
	const stuurChair = b.person({ name: 'Joost Voorzitter', domain: 'veiligheid' });
	const zorg = b.person({ name: 'Noor Zorg', domain: 'zorg', org });
	const veiligheid = b.person({ name: 'Ruben Veilig', domain: 'veiligheid' });
	const inspector = b.person({ name: 'Dirk Inspecteur', domain: 'veiligheid' });
	const zorgtafel = b.table({ kind: 'zorgtafel', name: 'Zorgtafel Teststad' });
	const avo = b.table({ kind: 'avo', name: 'AVO Teststad' });
	const stuurtafel = b.table({ kind: 'stuurtafel', name: 'Stuurtafel Teststad' });
	b.member(zorgtafel, zorgChair, 'chair');
	b.member(zorgtafel, coordinator);
	b.member(zorgtafel, zorg);
	b.member(zorgtafel, veiligheid);
	b.member(zorgtafel, inspector, 'member', 'pending');
	b.member(avo, coordinator, 'chair');
	b.member(avo, veiligheid);
	b.member(avo, stuurChair);
	b.member(stuurtafel, stuurChair, 'chair');
	b.member(stuurtafel, veiligheid);
	/** A fresh request context for one of them. */
	const as = (who: { id: number }, clientAddress?: string) => b.ctx(who, NOW, null, clientAddress);
	return {
		db,
		b,
		as,
		org,
		people: { admin, auditor, reporter, coordinator, zorgChair, stuurChair, zorg, veiligheid, inspector },
		tables: { zorgtafel, avo, stuurtafel }
	};
}

describe('users (admin)', () => {
	it('creates a user, with Dutch messages for bad input and nothing changed', async () => {
		const { db, as, org, people } = region();
		const admin = people.admin;
		const count = () => db.select().from(user).all().length;
		const before = count();
		const good = {
			email: 'Nieuw@Voorbeeld.nl',
			name: 'Nina Nieuw',
			organisationId: String(org.id),
			domain: 'zorg',
			roles: ['coordinator']
		};
		const created = await users.create(db, as(admin), good, PASSWORD);
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
			const err = await users.create(db, as(admin), input, password).catch((e: unknown) => e);
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before + 1);
		expect(audit.list(db, { action: 'create' }).filter((r) => r.objectType === 'user')).toHaveLength(1);
	});

	it('refuses to give a member a guardian role, and an admin cannot demote themselves', () => {
		const { db, as, people } = region();
		// The zorg worker is a member of the Zorgtafel.
		const zorg = users.get(db, people.zorg.id);
		const input = {
			email: zorg.email,
			name: zorg.name,
			organisationId: String(zorg.organisationId),
			domain: zorg.domain,
			roles: ['auditor']
		};
		expect(() => users.update(db, as(people.admin), zorg.id, input, true)).toThrow(/tafellidmaatschap/);
		const beheer = users.get(db, people.admin.id);
		const self = {
			email: beheer.email,
			name: beheer.name,
			organisationId: String(beheer.organisationId),
			domain: beheer.domain,
			roles: ['admin']
		};
		expect(() => users.update(db, as(beheer), beheer.id, self, false)).toThrow(ConflictError);
	});
});

describe('organisations', () => {
	it('validates and refuses duplicates', () => {
		const { db, as, people } = region();
		const n = organisations.list(db).length;
		organisations.create(db, as(people.admin), {
			name: 'Stichting Opvang Zuid',
			defaultDomain: 'zorg',
			municipality: 'Teststad'
		});
		expect(() =>
			organisations.create(db, as(people.admin), {
				name: 'Stichting Opvang Zuid',
				defaultDomain: 'zorg',
				municipality: 'Teststad'
			})
		).toThrow(ConflictError);
		expect(() =>
			organisations.create(db, as(people.admin), {
				name: '',
				defaultDomain: 'x',
				municipality: ''
			})
		).toThrow(ValidationError);
		expect(organisations.list(db)).toHaveLength(n + 1);
	});
});

describe('tables and memberships', () => {
	it('creates a table with the default policy of its kind', () => {
		const { db, as, people } = region();
		const t = tables.create(db, as(people.admin), {
			kind: 'zvh',
			name: 'ZVH Anderstad',
			legalBasis: 'Convenant ZVH Anderstad'
		});
		expect(t.compartmentPolicy).toEqual({ zorg: ['zorg', 'veiligheid'], veiligheid: ['zorg', 'veiligheid'] });
		expect(() =>
			tables.create(db, as(people.admin), {
				kind: 'zvh',
				name: 'ZVH Anderstad',
				legalBasis: 'x y'
			})
		).toThrow(/al een tafel/);
		expect(() =>
			tables.create(db, as(people.admin), { kind: 'rechtbank', name: 'X', legalBasis: 'x y' })
		).toThrow(ValidationError);
	});

	it('a new membership gives access only after the chair confirms it', () => {
		const { db, b, as, people, tables: t } = region();
		const tableId = t.avo.id;
		const m = tables.addMember(db, as(people.admin), tableId, {
			userId: String(people.zorg.id),
			role: 'member'
		});
		expect(m.status).toBe('pending');
		expect(b.actor(people.zorg).memberships.map((x) => x.tableId)).not.toContain(tableId);

		// A plain member of the table cannot confirm; the chair of another table cannot either.
		expect(() => tables.confirmMember(db, as(people.veiligheid), tableId, m.id)).toThrow(NotFoundError);
		expect(() => tables.confirmMember(db, as(people.zorgChair), tableId, m.id)).toThrow(NotFoundError);
		// The AVO chair confirms.
		tables.confirmMember(db, as(people.coordinator), tableId, m.id);
		expect(b.actor(people.zorg).memberships.map((x) => x.tableId)).toContain(tableId);
		expect(() => tables.confirmMember(db, as(people.coordinator), tableId, m.id)).toThrow(ConflictError);

		// Ending it removes access and tells live connections.
		const events: unknown[] = [];
		const listener = (e: unknown) => events.push(e);
		collabEvents.on('access-changed', listener);
		tables.endMember(db, as(people.admin), tableId, m.id);
		collabEvents.off('access-changed', listener);
		expect(events).toEqual([{ userId: people.zorg.id, tableId }]);
		expect(b.actor(people.zorg).memberships.map((x) => x.tableId)).not.toContain(tableId);
	});

	it('refuses memberships for guardians, inactive people, missing tables and duplicates', () => {
		const { db, as, people, tables: t } = region();
		const admin = as(people.admin);
		const before = db.select().from(membership).all().length;
		expect(() =>
			tables.addMember(db, admin, t.avo.id, {
				userId: String(people.auditor.id),
				role: 'member'
			})
		).toThrow(/kunnen geen lid/);
		expect(() =>
			tables.addMember(db, admin, t.avo.id, {
				userId: String(people.admin.id),
				role: 'member'
			})
		).toThrow(/kunnen geen lid/);
		expect(() =>
			tables.addMember(db, admin, 9999, { userId: String(people.zorg.id), role: 'member' })
		).toThrow(/bestaat niet/);
		// The zorg worker is already a member of the Zorgtafel.
		expect(() =>
			tables.addMember(db, admin, t.zorgtafel.id, {
				userId: String(people.zorg.id),
				role: 'member'
			})
		).toThrow(/al lid/);
		expect(() =>
			tables.addMember(db, admin, t.avo.id, {
				userId: String(people.zorg.id),
				role: 'koning'
			})
		).toThrow(ValidationError);
		db.update(user).set({ active: false }).where(eq(user.id, people.reporter.id)).run();
		expect(() =>
			tables.addMember(db, admin, t.avo.id, {
				userId: String(people.reporter.id),
				role: 'member'
			})
		).toThrow(/gedeactiveerd/);
		expect(db.select().from(membership).all()).toHaveLength(before);
	});

	it('changing the policy changes what members see', () => {
		const { db, b, as, people, tables: t } = region();
		expect(b.actor(people.zorg).memberships.find((x) => x.tableId === t.zorgtafel.id)?.policy).toEqual({
			zorg: ['zorg'],
			veiligheid: ['veiligheid']
		});
		tables.setPolicy(db, as(people.admin), t.zorgtafel.id, {
			zorg: [],
			veiligheid: ['veiligheid']
		});
		const zorg = b.actor(people.zorg);
		expect(zorg.memberships.find((x) => x.tableId === t.zorgtafel.id)?.policy).toEqual({
			zorg: [],
			veiligheid: ['veiligheid']
		});
		expect(() => tables.setPolicy(db, as(people.admin), t.zorgtafel.id, { zorg: ['geheim'] })).toThrow(
			ValidationError
		);
	});

	it('actors carry only active memberships', () => {
		const { db, b, people } = region();
		// The inspector's only membership (of the Zorgtafel) is still pending.
		expect(actors.load(db, people.inspector.id)?.memberships).toEqual([]);
		// The veiligheid member also had a ZVH membership that has ended.
		b.member(b.table({ kind: 'zvh' }), people.veiligheid, 'member', 'ended');
		expect(
			actors
				.load(db, people.veiligheid.id)!
				.memberships.map((x) => x.tableKind)
				.sort()
		).toEqual(['avo', 'stuurtafel', 'zorgtafel']);
	});
});

describe('access log', () => {
	it('is append-only', () => {
		const db = freshDb();
		audit.record(db, { userId: null, action: 'denied', objectType: 'page', objectId: 'admin' }, NOW);
		expect(() => db.update(accessLog).set({ result: 'ok' }).run()).toThrow(/append-only/);
		expect(() => db.delete(accessLog).run()).toThrow(/append-only/);
		expect(audit.list(db)).toHaveLength(1);
	});

	it('filters by user, action and period', () => {
		const db = freshDb();
		const b = builder(db, NOW);
		const zorg = b.person({ domain: 'zorg' });
		const veiligheid = b.person({ domain: 'veiligheid' });
		audit.record(db, { userId: zorg.id, action: 'view', objectType: 'case', objectId: 1 }, NOW);
		audit.record(
			db,
			{ userId: zorg.id, action: 'denied', objectType: 'page' },
			new Date('2026-11-29T10:00:00Z')
		);
		audit.record(db, { userId: veiligheid.id, action: 'view', objectType: 'case', objectId: 2 }, NOW);
		expect(audit.list(db, { userId: zorg.id })).toHaveLength(2);
		expect(audit.list(db, { action: 'view' })).toHaveLength(2);
		expect(audit.list(db, { from: new Date('2026-11-29T00:00:00Z') })).toHaveLength(1);
		expect(audit.list(db, { until: new Date('2026-11-29T00:00:00Z'), userId: zorg.id })[0].objectType).toBe(
			'case'
		);
	});
});

describe('administration asks the policy itself, not only the route guard (§3.4)', () => {
	it('refuses a non-admin context for every admin change, and changes nothing', async () => {
		const { db, as, org: organisationRow, people, tables: t } = region();
		const org = String(organisationRow.id);
		const snapshot = () =>
			JSON.stringify([
				db.select().from(user).all(),
				db.select().from(membership).all(),
				organisations.list(db),
				tables.list(db)
			]);
		const before = snapshot();
		// The inspector's pending membership of the Zorgtafel, and an AVO member's (not the chair's).
		const pending = db.select().from(membership).where(eq(membership.status, 'pending')).get()!;
		expect(pending.userId).toBe(people.inspector.id);
		const active = db
			.select()
			.from(membership)
			.where(and(eq(membership.status, 'active'), eq(membership.tableId, t.avo.id)))
			.all()
			.find((x) => x.userId !== people.coordinator.id)!;
		const zorg = users.get(db, people.zorg.id);
		const { zorg: zorgWorker, coordinator, zorgChair, auditor, reporter } = people;
		for (const [local, who] of Object.entries({ zorgWorker, coordinator, zorgChair, auditor, reporter })) {
			const ctx = as(who);
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
						municipality: 'Teststad'
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					organisations.update(db, ctx, organisationRow.id, {
						name: 'Hernoemd',
						defaultDomain: 'zorg',
						municipality: 'Teststad'
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() => tables.create(db, ctx, { kind: 'zvh', name: `ZVH ${local}`, legalBasis: 'Convenant' }),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					tables.update(db, ctx, t.avo.id, {
						kind: 'avo',
						name: 'Hernoemd',
						legalBasis: 'Convenant'
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					tables.setPolicy(db, ctx, t.zorgtafel.id, {
						zorg: ['zorg', 'veiligheid'],
						veiligheid: []
					}),
				local
			).toThrow(NotFoundError);
			expect(
				() =>
					tables.addMember(db, ctx, t.avo.id, {
						userId: String(reporter.id),
						role: 'member'
					}),
				local
			).toThrow(NotFoundError);
		}
		// Confirming and ending are the chair's (of that table) and, for ending, the admin's.
		const { veiligheid, stuurChair, admin } = people;
		for (const [local, who] of Object.entries({ zorgWorker, veiligheid, stuurChair, admin, auditor })) {
			expect(() => tables.confirmMember(db, as(who), pending.tableId, pending.id), local).toThrow(
				NotFoundError
			);
		}
		for (const [local, who] of Object.entries({ zorgWorker, veiligheid, zorgChair, auditor })) {
			expect(() => tables.endMember(db, as(who), active.tableId, active.id), local).toThrow(NotFoundError);
		}
		expect(snapshot()).toBe(before);
	});

	it('each admin change is one transaction with its log row', () => {
		const { db, as, people } = region();
		const admin = as(people.admin, '10.9.9.9');
		db.$client.exec(
			"create temp trigger fail_table_log before insert on access_log when new.object_type = 'table' begin select raise(abort, 'logboek onbereikbaar'); end"
		);
		const n = tables.list(db).length;
		expect(() =>
			tables.create(db, admin, {
				kind: 'zvh',
				name: 'ZVH Anderstad',
				legalBasis: 'Convenant ZVH Anderstad'
			})
		).toThrow(/logboek onbereikbaar/);
		expect(tables.list(db)).toHaveLength(n);
		organisations.create(db, admin, {
			name: 'Stichting Opvang Noord',
			defaultDomain: 'zorg',
			municipality: 'Teststad'
		});
		expect(audit.list(db, { action: 'create' }).find((r) => r.objectType === 'organisation')).toMatchObject({
			userId: people.admin.id,
			clientAddress: '10.9.9.9',
			at: NOW
		});
	});
});
