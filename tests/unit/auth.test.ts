import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as users from '../../src/lib/server/users';
import * as audit from '../../src/lib/server/audit';
import { session, user } from '../../src/lib/server/db/schema';
import { collabEvents } from '../../src/lib/server/events';
import { ACCOUNTS, DEMO_PASSWORD, emailOf } from '../../src/lib/server/seed';
import { builder } from '../support/build';
import { DAY, HOUR, MINUTE, NOW, after, freshDb, seededDb } from './helpers';

/** The password of the accounts these tests make (not the demo password). */
const PASSWORD = 'een-lang-test-wachtwoord';

/** A database with one person, a zorg worker without a password (the tests make sessions directly). */
function onePerson() {
	const db = freshDb();
	const b = builder(db, NOW);
	const noor = b.person({ name: 'Noor Zorg', email: 'noor@voorbeeld.nl', domain: 'zorg' });
	return { db, b, noor };
}

/** A database with accounts that sign in with PASSWORD: a zorg and a veiligheid worker. */
async function twoAccounts() {
	const db = freshDb();
	const b = builder(db, NOW);
	const noor = await b.account({
		name: 'Noor Zorg',
		email: 'noor@voorbeeld.nl',
		domain: 'zorg',
		password: PASSWORD
	});
	const ruben = await b.account({
		name: 'Ruben Veilig',
		email: 'ruben@voorbeeld.nl',
		domain: 'veiligheid',
		password: PASSWORD
	});
	return { db, b, noor, ruben };
}

afterEach(() => {
	delete process.env.KETENTAFEL_DEMO;
	delete process.env.ORIGIN;
	delete process.env.SESSION_IDLE_MINUTES;
});

describe('sessions', () => {
	it('store only the SHA-256 of the token and find the user by token', () => {
		const { db, noor } = onePerson();
		const token = sessions.generateToken();
		sessions.create(db, token, noor.id, NOW);
		const rows = db.select().from(session).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).not.toContain(token);
		expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
		const valid = sessions.validate(db, token, after(NOW, MINUTE));
		expect(valid?.user.email).toBe('noor@voorbeeld.nl');
		expect(valid?.user).not.toHaveProperty('passwordHash');
		expect(sessions.validate(db, token + 'x', NOW)).toBeNull();
	});

	it('expire after the idle time and slide with activity, never past the absolute expiry', () => {
		const { db, noor } = onePerson();
		const token = sessions.generateToken();
		sessions.create(db, token, noor.id, NOW);
		// Active every 50 minutes: survives past 60 minutes of session age.
		let t = NOW;
		for (let i = 0; i < 5; i++) {
			t = after(t, 50 * MINUTE);
			expect(sessions.validate(db, token, t), `after ${i + 1} × 50 min`).not.toBeNull();
		}
		// Idle for 61 minutes: gone, and deleted.
		expect(sessions.validate(db, token, after(t, 61 * MINUTE))).toBeNull();
		expect(db.select().from(session).all()).toHaveLength(0);

		// Absolute expiry after 12 hours, even with constant activity.
		const token2 = sessions.generateToken();
		sessions.create(db, token2, noor.id, NOW);
		t = NOW;
		while (t.getTime() < after(NOW, 12 * HOUR - 30 * MINUTE).getTime()) {
			t = after(t, 30 * MINUTE);
			expect(sessions.validate(db, token2, t)).not.toBeNull();
		}
		expect(sessions.validate(db, token2, after(NOW, 12 * HOUR))).toBeNull();
	});

	it('can be checked without writing: no sliding, and an expired one is refused but left for the next writing check', () => {
		const { db, noor } = onePerson();
		const token = sessions.generateToken();
		sessions.create(db, token, noor.id, NOW);
		const stored = () => db.select().from(session).all();
		const before = stored()[0].expiresAt.getTime();
		expect(sessions.validate(db, token, after(NOW, 50 * MINUTE), { write: false })).not.toBeNull();
		expect(stored()[0].expiresAt.getTime()).toBe(before);
		// Without the slide the session runs out after 60 minutes of the last write.
		expect(sessions.validate(db, token, after(NOW, 61 * MINUTE), { write: false })).toBeNull();
		expect(stored()).toHaveLength(1);
		expect(sessions.validate(db, token, after(NOW, 61 * MINUTE))).toBeNull();
		expect(stored()).toHaveLength(0);
	});

	it('honour a configured idle time', () => {
		process.env.SESSION_IDLE_MINUTES = '5';
		const { db, noor } = onePerson();
		const token = sessions.generateToken();
		sessions.create(db, token, noor.id, NOW);
		expect(sessions.validate(db, token, after(NOW, 4 * MINUTE))).not.toBeNull();
		expect(sessions.validate(db, token, after(NOW, 10 * MINUTE))).toBeNull();
	});

	it('end for a deactivated user, and announce it to live connections', () => {
		const { db, b, noor } = onePerson();
		const admin = b.person({ name: 'Bea Beheer', roles: ['admin'] });
		const token = sessions.generateToken();
		sessions.create(db, token, noor.id, NOW);
		const ended: string[] = [];
		const listener = (e: { sessionId: string }) => ended.push(e.sessionId);
		collabEvents.on('session-ended', listener);
		const zorg = users.get(db, noor.id);
		users.update(
			db,
			b.ctx(admin, NOW),
			zorg.id,
			{ ...zorg, organisationId: String(zorg.organisationId) },
			false
		);
		collabEvents.off('session-ended', listener);
		expect(ended).toEqual([sessions.sessionIdFor(token)]);
		expect(sessions.validate(db, token, NOW)).toBeNull();
	});
});

describe('sign-in', () => {
	it('accepts the right password, starts a fresh session and logs it', async () => {
		const { db, noor } = await twoAccounts();
		const a = await users.signIn(db, 'noor@voorbeeld.nl', PASSWORD, NOW, '10.0.0.1');
		const b = await users.signIn(db, ' NOOR@Voorbeeld.nl ', PASSWORD, NOW, '10.0.0.1');
		expect(a.ok && b.ok).toBe(true);
		if (!a.ok || !b.ok) return;
		expect(a.token).not.toBe(b.token);
		expect(db.select().from(session).where(eq(session.userId, noor.id)).all()).toHaveLength(2);
		const log = audit.list(db, { action: 'sign_in' });
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({ userId: noor.id, clientAddress: '10.0.0.1', result: 'ok' });
	});

	it('answers unknown email, wrong password and deactivated account alike', async () => {
		const { db, b } = await twoAccounts();
		const mila = await b.account({
			name: 'Mila Melder',
			email: 'mila@voorbeeld.nl',
			roles: ['reporter'],
			password: PASSWORD
		});
		db.update(user).set({ active: false }).where(eq(user.id, mila.id)).run();
		const results = [
			await users.signIn(db, 'niemand@voorbeeld.nl', PASSWORD, NOW, '10.0.0.2'),
			await users.signIn(db, 'noor@voorbeeld.nl', 'verkeerd-wachtwoord', NOW, '10.0.0.2'),
			await users.signIn(db, 'mila@voorbeeld.nl', PASSWORD, NOW, '10.0.0.2')
		];
		expect(results).toEqual([
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' }
		]);
		expect(audit.list(db, { action: 'sign_in_failed' })).toHaveLength(3);
	});

	it('refuses demo accounts outside demo mode', async () => {
		const { db, b } = await twoAccounts();
		await b.account({ name: 'Demo Zorg', email: 'demo@voorbeeld.nl', demo: true, password: PASSWORD });
		process.env.ORIGIN = 'https://ketentafel.voorbeeld.example';
		expect((await users.signIn(db, 'demo@voorbeeld.nl', PASSWORD, NOW, '10.0.0.3')).ok).toBe(false);
		// It is the demo mark that is refused: an ordinary account signs in on the same server.
		expect((await users.signIn(db, 'noor@voorbeeld.nl', PASSWORD, NOW, '10.0.0.3')).ok).toBe(true);
		process.env.KETENTAFEL_DEMO = '1';
		expect((await users.signIn(db, 'demo@voorbeeld.nl', PASSWORD, NOW, '10.0.0.3')).ok).toBe(true);
	});

	// This one checks the demo seed itself, so it stays on the seed: its accounts, whose password
	// is published, are all marked as demo accounts and so are useless outside demo mode.
	it('the demo seed marks every account as a demo account', async () => {
		const { db } = await seededDb();
		const rows = db.select({ email: user.email, isDemo: user.isDemo }).from(user).all();
		expect(rows.map((r) => r.email).sort()).toEqual(ACCOUNTS.map((a) => emailOf(a.local)).sort());
		expect(rows.every((r) => r.isDemo)).toBe(true);
		process.env.ORIGIN = 'https://ketentafel.dommelstroom.example';
		expect((await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, NOW, '10.0.0.3')).ok).toBe(false);
		process.env.KETENTAFEL_DEMO = '1';
		expect((await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, NOW, '10.0.0.3')).ok).toBe(true);
	});

	it('throttles an account after five failures, whatever the password, and lets it go later', async () => {
		const { db } = await twoAccounts();
		for (let i = 0; i < 5; i++) {
			expect((await users.signIn(db, 'noor@voorbeeld.nl', `fout-${i}`, NOW, `10.0.1.${i}`)).ok).toBe(false);
		}
		const locked = await users.signIn(db, 'noor@voorbeeld.nl', PASSWORD, after(NOW, MINUTE), '10.0.1.9');
		expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
		// Another account from the same addresses is not affected.
		expect((await users.signIn(db, 'ruben@voorbeeld.nl', PASSWORD, after(NOW, MINUTE), '10.0.1.8')).ok).toBe(
			true
		);
		expect(
			(await users.signIn(db, 'noor@voorbeeld.nl', PASSWORD, after(NOW, 16 * MINUTE), '10.0.1.9')).ok
		).toBe(true);
	});

	it('throttles unknown accounts too, so a lock reveals nothing', async () => {
		const db = freshDb();
		for (let i = 0; i < 5; i++) await users.signIn(db, 'niemand@voorbeeld.nl', 'x', NOW, '10.0.2.1');
		expect(await users.signIn(db, 'niemand@voorbeeld.nl', 'x', NOW, '10.0.2.2')).toMatchObject({
			reason: 'throttled'
		});
	});

	it('throttles a client address after twenty failures across accounts', async () => {
		const { db } = await twoAccounts();
		for (let i = 0; i < 20; i++) await users.signIn(db, `probeer${i}@voorbeeld.nl`, 'x', NOW, '10.0.3.1');
		expect(await users.signIn(db, 'ruben@voorbeeld.nl', PASSWORD, NOW, '10.0.3.1')).toMatchObject({
			reason: 'throttled'
		});
		expect((await users.signIn(db, 'ruben@voorbeeld.nl', PASSWORD, NOW, '10.0.3.2')).ok).toBe(true);
	});
});

describe('password change', () => {
	it('checks the current password and the new one, and ends every other session', async () => {
		const { db, b, noor } = await twoAccounts();
		const other = sessions.generateToken();
		sessions.create(db, other, noor.id, NOW);
		await expect(
			users.changePassword(db, b.ctx(noor, NOW), 'fout', 'een-nieuw-lang-wachtwoord')
		).rejects.toThrow(/huidige wachtwoord/);
		await expect(users.changePassword(db, b.ctx(noor, NOW), PASSWORD, 'kort')).rejects.toThrow(/minstens 12/);
		await expect(users.changePassword(db, b.ctx(noor, NOW), PASSWORD, 'aaaaaaaaaaaaaaaa')).rejects.toThrow(
			/verschillende/
		);
		expect(sessions.validate(db, other, NOW)).not.toBeNull();

		const fresh = await users.changePassword(db, b.ctx(noor, NOW), PASSWORD, 'een-nieuw-lang-wachtwoord');
		expect(sessions.validate(db, other, NOW)).toBeNull();
		expect(sessions.validate(db, fresh, NOW)).not.toBeNull();
		expect((await users.signIn(db, 'noor@voorbeeld.nl', PASSWORD, after(NOW, DAY), 'x')).ok).toBe(false);
		expect(
			(await users.signIn(db, 'noor@voorbeeld.nl', 'een-nieuw-lang-wachtwoord', after(NOW, DAY), 'x')).ok
		).toBe(true);
	});
});
