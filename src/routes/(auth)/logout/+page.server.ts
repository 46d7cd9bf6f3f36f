import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import { COOKIE_NAME } from '$lib/server/auth/sessions';
import { createContext } from '$lib/server/context';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
	// Signing out is open to everyone (a signed-out visitor just lands on the sign-in page).
	default: ({ locals, cookies }) => {
		if (locals.actor && locals.session) {
			const ctx =
				locals.ctx ??
				createContext({
					actor: locals.actor,
					now: locals.now,
					clientAddress: locals.clientAddress,
					purpose: { kind: 'page', id: 'logout' }
				});
			users.signOut(getDb(), ctx, locals.session.id);
		}
		cookies.delete(COOKIE_NAME, { path: '/' });
		redirect(303, '/login?afgemeld=1');
	}
} satisfies Actions;
