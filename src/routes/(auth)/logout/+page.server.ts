import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import { COOKIE_NAME } from '$lib/server/auth/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: ({ locals, cookies }) => {
		if (locals.actor && locals.session) {
			users.signOut(getDb(), locals.actor.id, locals.session.id, locals.now, locals.clientAddress);
		}
		cookies.delete(COOKIE_NAME, { path: '/' });
		redirect(303, '/login?afgemeld=1');
	}
};
