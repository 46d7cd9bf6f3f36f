import { getDb } from '$lib/server/db';
import * as reports from '$lib/server/reports';
import { requireContext } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { amsterdamToUtc } from '$lib/dates';

export const load: PageServerLoad = (event) => {
	const ctx = requireContext(event, 'reports');
	const q = event.url.searchParams;
	const now = ctx.now;
	const day = (v: string | null, fallback: Date) =>
		v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? (amsterdamToUtc(`${v}T00:00`) ?? fallback) : fallback;
	const from = day(q.get('van'), new Date(now.getTime() - 365 * 86_400_000));
	const untilDay = day(q.get('tot'), now);
	const until = new Date(untilDay.getTime() + (q.get('tot') ? 86_400_000 : 1));
	// The figures log themselves as one search (reports.ts says why a report is logged at all).
	return { figures: reports.figures(getDb(), ctx, from, until) };
};
