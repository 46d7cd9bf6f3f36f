import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import { performAsync, requireContext } from '$lib/server/guard';
import { cookieOptions } from '$lib/server/hooks/authenticate';
import { COOKIE_NAME } from '$lib/server/auth/sessions';
import { origin, sessionAbsoluteMs } from '$lib/server/config';
import * as calendar from '$lib/server/calendar';
import { ValidationError } from '$lib/server/errors';
import { field } from '$lib/server/validation';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { actor } = requireContext(event, 'home', { kind: 'page', id: 'account' });
	const me = users.get(getDb(), actor.id);
	return {
		me: {
			name: me.name,
			email: me.email,
			organisationName: me.organisationName,
			domain: me.domain,
			roles: me.roles
		},
		changed: event.url.searchParams.has('gewijzigd'),
		hasFeed: calendar.hasFeed(getDb(), actor.id),
		calendarUse: actor.memberships.length > 0
	};
};

export const actions = {
	/** A new personal calendar feed; the secret link is shown once. Any earlier link stops working. */
	feed: async (event) => {
		const { actor } = requireContext(event, 'home', { kind: 'page', id: 'account' });
		const token = calendar.createFeed(getDb(), actor.id, event.locals.now);
		return { feedUrl: `${origin()}/calendar/${token}.ics` };
	},
	revokeFeed: async (event) => {
		const { actor } = requireContext(event, 'home', { kind: 'page', id: 'account' });
		calendar.revokeFeeds(getDb(), actor.id, event.locals.now);
		return { feedRevoked: true };
	},
	password: async (event) => {
		const ctx = requireContext(event, 'home', { kind: 'page', id: 'account' });
		const form = await event.request.formData();
		const current = field(form, 'current');
		const next = field(form, 'next');
		const repeat = field(form, 'repeat');
		// Hashing is asynchronous: changePassword runs its writes in a transaction of its own.
		const result = await performAsync(event, 'password', {}, async () => {
			if (next !== repeat)
				throw new ValidationError(m.err_password_repeat(), { repeat: m.err_password_repeat() });
			return users.changePassword(getDb(), ctx, current, next);
		});
		if (typeof result !== 'string') return result;
		event.cookies.set(
			COOKIE_NAME,
			result,
			cookieOptions(new Date(event.locals.now.getTime() + sessionAbsoluteMs()))
		);
		redirect(303, '/account?gewijzigd=1');
	}
} satisfies Actions;
