import { getDb } from '$lib/server/db';
import * as audit from '$lib/server/audit';
import { ACCESS_ACTIONS, type AccessAction } from '$lib/server/audit';
import * as users from '$lib/server/users';
import { requireContext } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

/** A `YYYY-MM-DD` filter as the start of that day in Dutch time (approximated as UTC+1/+2 by Intl). */
function dayStart(value: string | null): Date | undefined {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
	const d = new Date(`${value}T00:00:00`);
	return Number.isNaN(d.getTime()) ? undefined : d;
}

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'audit');
	const q = event.url.searchParams;
	const userId = Number(q.get('gebruiker')) || undefined;
	const actionParam = q.get('handeling');
	const action = ACCESS_ACTIONS.includes(actionParam as AccessAction)
		? (actionParam as AccessAction)
		: undefined;
	const from = dayStart(q.get('van'));
	const untilDay = dayStart(q.get('tot'));
	const until = untilDay ? new Date(untilDay.getTime() + 86_400_000) : undefined;
	const page = Math.max(1, Math.min(10_000, Number(q.get('pagina')) || 1));
	const db = getDb();
	const rows = audit.list(db, {
		userId,
		action,
		from,
		until,
		limit: PAGE_SIZE + 1,
		offset: (page - 1) * PAGE_SIZE
	});
	// The auditor's search is itself in the log, written with the request's other views.
	audit.viewed(ctx, {
		action: 'search',
		objectType: 'access_log',
		objectId: null,
		detail: q.toString() || null
	});
	return {
		rows: rows.slice(0, PAGE_SIZE),
		hasMore: rows.length > PAGE_SIZE,
		page,
		filter: {
			userId: userId ?? null,
			action: action ?? '',
			from: q.get('van') ?? '',
			until: q.get('tot') ?? ''
		},
		users: users.list(db).map((u) => ({ id: u.id, label: `${u.name} (${u.email})` })),
		actions: [...ACCESS_ACTIONS]
	};
};
