import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as users from '../../src/lib/server/users';
import * as audit from '../../src/lib/server/audit';
import { session, user } from '../../src/lib/server/db/schema';
import { collabEvents } from '../../src/lib/server/events';
import { DEMO_PASSWORD, emailOf } from '../../src/lib/server/seed';
import * as actors from '../../src/lib/server/actors';
import { createContext, type Ctx } from '../../src/lib/server/context';
import type { Db } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/policy';
import { DAY, HOUR, MINUTE, NOW, after, seededDb } from './helpers';

/** A request context for a user (by id, or their actor), for one call. */
function cw(db: Db, who: number | Actor, now: Date, clientAddress: string | null = null): Ctx {
	const actor = typeof who === 'number' ? actors.load(db, who) : who;
	if (!actor) throw new Error('geen actor voor deze gebruiker');
	return createContext({ actor, now, clientAddress });
}

afterEach(() => {
	delete process.env.KETENTAFEL_DEMO;
	delete process.env.ORIGIN;
	delete process.env.SESSION_IDLE_MINUTES;
});

describe('sessions', () => {
	it('store only the SHA-256 of the token and find the user by token', async () => {
		const { db, refs } = await seededDb();
		const token = sessions.generateToken();
		sessions.create(db, token, refs.user['zorg'], NOW);
		const rows = db.select().from(session).all();
		expect(rows).toHaveLength(1);
		expect(rows[0].id).not.toContain(token);
		expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
		const valid = sessions.validate(db, token, after(NOW, MINUTE));
		expect(valid?.user.email).toBe(emailOf('zorg'));
		expect(valid?.user).not.toHaveProperty('passwordHash');
		expect(sessions.validate(db, token + 'x', NOW)).toBeNull();
	});

	it('expire after the idle time and slide with activity, never past the absolute expiry', async () => {
		const { db, refs } = await seededDb();
		const token = sessions.generateToken();
		sessions.create(db, token, refs.user['zorg'], NOW);
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
		sessions.create(db, token2, refs.user['zorg'], NOW);
		t = NOW;
		while (t.getTime() < after(NOW, 12 * HOUR - 30 * MINUTE).getTime()) {
			t = after(t, 30 * MINUTE);
			expect(sessions.validate(db, token2, t)).not.toBeNull();
		}
		expect(sessions.validate(db, token2, after(NOW, 12 * HOUR))).toBeNull();
	});

	it('can be checked without writing: no sliding, and an expired one is refused but left for the next writing check', async () => {
		const { db, refs } = await seededDb();
		const token = sessions.generateToken();
		sessions.create(db, token, refs.user['zorg'], NOW);
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

	it('honour a configured idle time', async () => {
		process.env.SESSION_IDLE_MINUTES = '5';
		const { db, refs } = await seededDb();
		const token = sessions.generateToken();
		sessions.create(db, token, refs.user['zorg'], NOW);
		expect(sessions.validate(db, token, after(NOW, 4 * MINUTE))).not.toBeNull();
		expect(sessions.validate(db, token, after(NOW, 10 * MINUTE))).toBeNull();
	});

	it('end for a deactivated user, and announce it to live connections', async () => {
		const { db, refs } = await seededDb();
		const token = sessions.generateToken();
		sessions.create(db, token, refs.user['zorg'], NOW);
		const ended: string[] = [];
		const listener = (e: { sessionId: string }) => ended.push(e.sessionId);
		collabEvents.on('session-ended', listener);
		const zorg = users.get(db, refs.user['zorg']);
		users.update(
			db,
			cw(db, refs.user['beheer'], NOW),
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
		const { db, refs } = await seededDb();
		const a = await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, NOW, '10.0.0.1');
		const b = await users.signIn(db, ' ZORG@ketentafel.test ', DEMO_PASSWORD, NOW, '10.0.0.1');
		expect(a.ok && b.ok).toBe(true);
		if (!a.ok || !b.ok) return;
		expect(a.token).not.toBe(b.token);
		expect(db.select().from(session).where(eq(session.userId, refs.user['zorg'])).all()).toHaveLength(2);
		const log = audit.list(db, { action: 'sign_in' });
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({ userId: refs.user['zorg'], clientAddress: '10.0.0.1', result: 'ok' });
	});

	it('answers unknown email, wrong password and deactivated account alike', async () => {
		const { db, refs } = await seededDb();
		db.update(user).set({ active: false }).where(eq(user.id, refs.user['melder'])).run();
		const results = [
			await users.signIn(db, 'niemand@ketentafel.test', DEMO_PASSWORD, NOW, '10.0.0.2'),
			await users.signIn(db, emailOf('zorg'), 'verkeerd-wachtwoord', NOW, '10.0.0.2'),
			await users.signIn(db, emailOf('melder'), DEMO_PASSWORD, NOW, '10.0.0.2')
		];
		expect(results).toEqual([
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' },
			{ ok: false, reason: 'invalid' }
		]);
		expect(audit.list(db, { action: 'sign_in_failed' })).toHaveLength(3);
	});

	it('refuses demo accounts outside demo mode', async () => {
		const { db } = await seededDb();
		process.env.ORIGIN = 'https://ketentafel.dommelstroom.example';
		expect((await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, NOW, '10.0.0.3')).ok).toBe(false);
		process.env.KETENTAFEL_DEMO = '1';
		expect((await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, NOW, '10.0.0.3')).ok).toBe(true);
	});

	it('throttles an account after five failures, whatever the password, and lets it go later', async () => {
		const { db } = await seededDb();
		for (let i = 0; i < 5; i++) {
			expect((await users.signIn(db, emailOf('zorg'), `fout-${i}`, NOW, `10.0.1.${i}`)).ok).toBe(false);
		}
		const locked = await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, after(NOW, MINUTE), '10.0.1.9');
		expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
		// Another account from the same addresses is not affected.
		expect(
			(await users.signIn(db, emailOf('veiligheid'), DEMO_PASSWORD, after(NOW, MINUTE), '10.0.1.8')).ok
		).toBe(true);
		expect(
			(await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, after(NOW, 16 * MINUTE), '10.0.1.9')).ok
		).toBe(true);
	});

	it('throttles unknown accounts too, so a lock reveals nothing', async () => {
		const { db } = await seededDb();
		for (let i = 0; i < 5; i++) await users.signIn(db, 'niemand@ketentafel.test', 'x', NOW, '10.0.2.1');
		expect(await users.signIn(db, 'niemand@ketentafel.test', 'x', NOW, '10.0.2.2')).toMatchObject({
			reason: 'throttled'
		});
	});

	it('throttles a client address after twenty failures across accounts', async () => {
		const { db } = await seededDb();
		for (let i = 0; i < 20; i++) await users.signIn(db, `probeer${i}@ketentafel.test`, 'x', NOW, '10.0.3.1');
		expect(await users.signIn(db, emailOf('veiligheid'), DEMO_PASSWORD, NOW, '10.0.3.1')).toMatchObject({
			reason: 'throttled'
		});
		expect((await users.signIn(db, emailOf('veiligheid'), DEMO_PASSWORD, NOW, '10.0.3.2')).ok).toBe(true);
	});
});

describe('password change', () => {
	it('checks the current password and the new one, and ends every other session', async () => {
		const { db, refs } = await seededDb();
		const id = refs.user['zorg'];
		const other = sessions.generateToken();
		sessions.create(db, other, id, NOW);
		await expect(
			users.changePassword(db, cw(db, id, NOW, null), 'fout', 'een-nieuw-lang-wachtwoord')
		).rejects.toThrow(/huidige wachtwoord/);
		await expect(users.changePassword(db, cw(db, id, NOW, null), DEMO_PASSWORD, 'kort')).rejects.toThrow(
			/minstens 12/
		);
		await expect(
			users.changePassword(db, cw(db, id, NOW, null), DEMO_PASSWORD, 'aaaaaaaaaaaaaaaa')
		).rejects.toThrow(/verschillende/);
		expect(sessions.validate(db, other, NOW)).not.toBeNull();

		const fresh = await users.changePassword(
			db,
			cw(db, id, NOW, null),
			DEMO_PASSWORD,
			'een-nieuw-lang-wachtwoord'
		);
		expect(sessions.validate(db, other, NOW)).toBeNull();
		expect(sessions.validate(db, fresh, NOW)).not.toBeNull();
		expect((await users.signIn(db, emailOf('zorg'), DEMO_PASSWORD, after(NOW, DAY), 'x')).ok).toBe(false);
		expect(
			(await users.signIn(db, emailOf('zorg'), 'een-nieuw-lang-wachtwoord', after(NOW, DAY), 'x')).ok
		).toBe(true);
	});
});
