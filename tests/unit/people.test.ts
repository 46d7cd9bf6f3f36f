import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as users from '../../src/lib/server/users';
import * as organisations from '../../src/lib/server/organisations';
import * as tables from '../../src/lib/server/tables';
import * as audit from '../../src/lib/server/audit';
import * as actors from '../../src/lib/server/actors';
import { accessLog, membership, user } from '../../src/lib/server/db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../../src/lib/server/errors';
import { collabEvents } from '../../src/lib/server/events';
import { NOW, actorOf, seededDb } from './helpers';

const PASSWORD = 'een-goed-wachtwoord-2026';

describe('users (admin)', () => {
	it('creates a user, with Dutch messages for bad input and nothing changed', async () => {
		const { db, refs } = await seededDb();
		const admin = refs.user['beheer'];
		const count = () => db.select().from(user).all().length;
		const before = count();
		const good = { email: 'Nieuw@Voorbeeld.nl', name: 'Nina Nieuw', organisationId: String(refs.org['vt']), domain: 'zorg', roles: ['coordinator'] };
		const created = await users.create(db, admin, good, PASSWORD, NOW);
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
			const err = await users.create(db, admin, input, password, NOW).catch((e: unknown) => e);
			expect(err, JSON.stringify(input)).toBeInstanceOf(ValidationError);
			expect((err as Error).message).toMatch(message);
		}
		expect(count()).toBe(before + 1);
		expect(audit.list(db, { action: 'create' }).filter((r) => r.objectType === 'user')).toHaveLength(1);
	});

	it('refuses to give a member a guardian role, and an admin cannot demote themselves', async () => {
		const { db, refs } = await seededDb();
		const zorg = users.get(db, refs.user['zorg']);
		const input = { email: zorg.email, name: zorg.name, organisationId: String(zorg.organisationId), domain: zorg.domain, roles: ['auditor'] };
		expect(() => users.update(db, refs.user['beheer'], zorg.id, input, true, NOW)).toThrow(/tafellidmaatschap/);
		const beheer = users.get(db, refs.user['beheer']);
		const self = { email: beheer.email, name: beheer.name, organisationId: String(beheer.organisationId), domain: beheer.domain, roles: ['admin'] };
		expect(() => users.update(db, beheer.id, beheer.id, self, false, NOW)).toThrow(ConflictError);
	});
});

describe('organisations', () => {
	it('validates and refuses duplicates', async () => {
		const { db, refs } = await seededDb();
		const n = organisations.list(db).length;
		organisations.create(db, refs.user['beheer'], { name: 'Stichting Opvang Zuid', defaultDomain: 'zorg', municipality: 'Dommelstroom' }, NOW);
		expect(() => organisations.create(db, refs.user['beheer'], { name: 'Stichting Opvang Zuid', defaultDomain: 'zorg', municipality: 'Dommelstroom' }, NOW)).toThrow(ConflictError);
		expect(() => organisations.create(db, refs.user['beheer'], { name: '', defaultDomain: 'x', municipality: '' }, NOW)).toThrow(ValidationError);
		expect(organisations.list(db)).toHaveLength(n + 1);
	});
});

describe('tables and memberships', () => {
	it('creates a table with the default policy of its kind', async () => {
		const { db, refs } = await seededDb();
		const t = tables.create(db, refs.user['beheer'], { kind: 'zvh', name: 'ZVH Kempenveld', legalBasis: 'Convenant ZVH Kempenveld' }, NOW);
		expect(t.compartmentPolicy).toEqual({ zorg: ['zorg', 'veiligheid'], veiligheid: ['zorg', 'veiligheid'] });
		expect(() => tables.create(db, refs.user['beheer'], { kind: 'zvh', name: 'ZVH Kempenveld', legalBasis: 'x y' }, NOW)).toThrow(/al een tafel/);
		expect(() => tables.create(db, refs.user['beheer'], { kind: 'rechtbank', name: 'X', legalBasis: 'x y' }, NOW)).toThrow(ValidationError);
	});

	it('a new membership gives access only after the chair confirms it', async () => {
		const { db, refs } = await seededDb();
		const tableId = refs.table['avo'];
		const m = tables.addMember(db, refs.user['beheer'], tableId, { userId: String(refs.user['zorg']), role: 'member' }, NOW);
		expect(m.status).toBe('pending');
		expect(actorOf(db, refs, 'zorg').memberships.map((x) => x.tableId)).not.toContain(tableId);

		// A plain member of the table cannot confirm; the chair of another table cannot either.
		expect(() => tables.confirmMember(db, actorOf(db, refs, 'veiligheid'), tableId, m.id, NOW)).toThrow(NotFoundError);
		expect(() => tables.confirmMember(db, actorOf(db, refs, 'voorzitter.zorgtafel'), tableId, m.id, NOW)).toThrow(NotFoundError);
		// The AVO chair confirms.
		tables.confirmMember(db, actorOf(db, refs, 'coordinator.veiligheid'), tableId, m.id, NOW);
		expect(actorOf(db, refs, 'zorg').memberships.map((x) => x.tableId)).toContain(tableId);
		expect(() => tables.confirmMember(db, actorOf(db, refs, 'coordinator.veiligheid'), tableId, m.id, NOW)).toThrow(ConflictError);

		// Ending it removes access and tells live connections.
		const events: unknown[] = [];
		const listener = (e: unknown) => events.push(e);
		collabEvents.on('access-changed', listener);
		tables.endMember(db, actorOf(db, refs, 'beheer'), tableId, m.id, NOW);
		collabEvents.off('access-changed', listener);
		expect(events).toEqual([{ userId: refs.user['zorg'], tableId }]);
		expect(actorOf(db, refs, 'zorg').memberships.map((x) => x.tableId)).not.toContain(tableId);
	});

	it('refuses memberships for guardians, inactive people, missing tables and duplicates', async () => {
		const { db, refs } = await seededDb();
		const admin = refs.user['beheer'];
		const before = db.select().from(membership).all().length;
		expect(() => tables.addMember(db, admin, refs.table['avo'], { userId: String(refs.user['fg']), role: 'member' }, NOW)).toThrow(/kunnen geen lid/);
		expect(() => tables.addMember(db, admin, refs.table['avo'], { userId: String(refs.user['beheer']), role: 'member' }, NOW)).toThrow(/kunnen geen lid/);
		expect(() => tables.addMember(db, admin, 9999, { userId: String(refs.user['zorg']), role: 'member' }, NOW)).toThrow(/bestaat niet/);
		expect(() => tables.addMember(db, admin, refs.table['zorgtafel'], { userId: String(refs.user['zorg']), role: 'member' }, NOW)).toThrow(/al lid/);
		expect(() => tables.addMember(db, admin, refs.table['avo'], { userId: String(refs.user['zorg']), role: 'koning' }, NOW)).toThrow(ValidationError);
		db.update(user).set({ active: false }).where(eq(user.id, refs.user['melder'])).run();
		expect(() => tables.addMember(db, admin, refs.table['avo'], { userId: String(refs.user['melder']), role: 'member' }, NOW)).toThrow(/gedeactiveerd/);
		expect(db.select().from(membership).all()).toHaveLength(before);
	});

	it('changing the policy changes what members see', async () => {
		const { db, refs } = await seededDb();
		tables.setPolicy(db, refs.user['beheer'], refs.table['zorgtafel'], { zorg: [], veiligheid: ['veiligheid'] }, NOW);
		const zorg = actorOf(db, refs, 'zorg');
		expect(zorg.memberships.find((x) => x.tableId === refs.table['zorgtafel'])?.policy).toEqual({ zorg: [], veiligheid: ['veiligheid'] });
		expect(() => tables.setPolicy(db, refs.user['beheer'], refs.table['zorgtafel'], { zorg: ['geheim'] }, NOW)).toThrow(ValidationError);
	});

	it('actors carry only active memberships', async () => {
		const { db, refs } = await seededDb();
		// The seeded inspector is pending at the Zorgtafel.
		expect(actors.load(db, refs.user['inspecteur'])?.memberships).toEqual([]);
		expect(actorOf(db, refs, 'veiligheid').memberships.map((x) => x.tableKind).sort()).toEqual(['avo', 'stuurtafel', 'zorgtafel']);
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
		audit.record(db, { userId: refs.user['zorg'], action: 'denied', objectType: 'page' }, new Date('2026-11-29T10:00:00Z'));
		audit.record(db, { userId: refs.user['veiligheid'], action: 'view', objectType: 'case', objectId: 2 }, NOW);
		expect(audit.list(db, { userId: refs.user['zorg'] })).toHaveLength(2);
		expect(audit.list(db, { action: 'view' })).toHaveLength(2);
		expect(audit.list(db, { from: new Date('2026-11-29T00:00:00Z') })).toHaveLength(1);
		expect(audit.list(db, { until: new Date('2026-11-29T00:00:00Z'), userId: refs.user['zorg'] })[0].objectType).toBe('case');
	});
});
