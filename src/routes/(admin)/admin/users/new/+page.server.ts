import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import * as organisations from '$lib/server/organisations';
import { performAsync, requireContext } from '$lib/server/guard';
import { formObject } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin');
	return { organisations: organisations.list(getDb()).map((o) => ({ id: o.id, name: o.name })) };
};

export const actions = {
	default: async (event) => {
		const ctx = requireContext(event, 'admin');
		const raw = formObject(await event.request.formData(), ['roles']);
		const { password, ...values } = raw;
		// Hashing the password is asynchronous; users.create runs its write in a transaction of its own.
		const result = await performAsync(event, 'user', values, () =>
			users.create(getDb(), ctx, values, typeof password === 'string' ? password : '')
		);
		if (result && 'id' in result) redirect(303, '/admin/users?opgeslagen=1');
		return result;
	}
} satisfies Actions;
