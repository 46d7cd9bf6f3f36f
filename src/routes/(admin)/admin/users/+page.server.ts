import { getDb } from '$lib/server/db';
import * as users from '$lib/server/users';
import { requireContext } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireContext(event, 'admin');
	return {
		users: users.list(getDb()).map((u) => ({
			id: u.id,
			name: u.name,
			email: u.email,
			organisationName: u.organisationName,
			domain: u.domain,
			roles: u.roles,
			active: u.active
		})),
		saved: event.url.searchParams.get('opgeslagen')
	};
};
