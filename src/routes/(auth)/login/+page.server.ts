import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import { cookieOptions } from '$lib/server/hooks/authenticate';
import { COOKIE_NAME } from '$lib/server/auth/sessions';
import { demoMode, sessionAbsoluteMs } from '$lib/server/config';
import { field } from '$lib/server/validation';
import { ACCOUNTS, DEMO_PASSWORD, emailOf } from '$lib/server/seed';
import type { Actions, PageServerLoad } from './$types';

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeReturn(value: string | null): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
	return value;
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeReturn(url.searchParams.get('terug')));
	return {
		demoAccounts: demoMode()
			? ACCOUNTS.map((a) => ({ email: emailOf(a.local), description: a.description }))
			: [],
		demoPassword: demoMode() ? DEMO_PASSWORD : null,
		signedOut: url.searchParams.has('afgemeld')
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const form = await request.formData();
		const email = field(form, 'email');
		const password = field(form, 'password');
		const values = { email: email.slice(0, 254) };
		const fields: Record<string, string> = {};
		if (!email.trim()) fields.email = m.err_required({ label: m.field_email() });
		else if (email.length > 254) fields.email = m.err_too_long({ label: m.field_email(), max: 254 });
		if (!password) fields.password = m.err_required({ label: m.field_password() });
		else if (password.length > 256) fields.password = m.err_too_long({ label: m.field_password(), max: 256 });
		if (Object.keys(fields).length === 0) {
			const result = await users.signIn(getDb(), email, password, locals.now, locals.clientAddress);
			if (result.ok) {
				cookies.set(
					COOKIE_NAME,
					result.token,
					cookieOptions(new Date(locals.now.getTime() + sessionAbsoluteMs()))
				);
				redirect(303, safeReturn(url.searchParams.get('terug')));
			}
			const message =
				result.reason === 'throttled'
					? m.sign_in_throttled({ minutes: result.retryAfterMinutes ?? 15 })
					: m.sign_in_invalid();
			return fail(result.reason === 'throttled' ? 429 : 400, { message, fields, values });
		}
		return fail(400, { message: Object.values(fields)[0], fields, values });
	}
};
