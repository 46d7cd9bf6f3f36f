import type { Handle } from '@sveltejs/kit';
import { getDb } from '../db';
import * as sessions from '../auth/sessions';
import * as actors from '../actors';
import { isLocalOrigin } from '../config';

/** Session cookie options (HttpOnly, SameSite=Lax, Secure outside localhost). */
export function cookieOptions(expires: Date) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: !isLocalOrigin(), expires };
}

/** Validates the session cookie and puts the actor on `locals`. */
export const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.now = new Date();
	event.locals.clientAddress = safeClientAddress(event.getClientAddress);
	event.locals.actor = null;
	event.locals.session = null;
	const token = event.cookies.get(sessions.COOKIE_NAME);
	if (token) {
		const db = getDb();
		const valid = token.length <= 64 ? sessions.validate(db, token, event.locals.now) : null;
		const actor = valid ? actors.load(db, valid.user.id) : null;
		if (valid && actor) {
			event.locals.session = valid.session;
			event.locals.actor = actor;
			event.cookies.set(sessions.COOKIE_NAME, token, cookieOptions(valid.session.expiresAt));
		} else {
			event.cookies.delete(sessions.COOKIE_NAME, { path: '/' });
		}
	}
	return resolve(event);
};

function safeClientAddress(get: () => string): string {
	try {
		return get();
	} catch {
		return 'onbekend';
	}
}
