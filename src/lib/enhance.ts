import type { SubmitFunction } from '@sveltejs/kit';
import { invalidateAll } from '$app/navigation';

/**
 * For `use:enhance` on the case page's edit forms: after a save refused as stale, the page data is
 * reloaded too (SvelteKit reloads it only after a success), so the panel shows what was saved
 * meanwhile and the form carries the new version, while the form keeps the user's input from the
 * failure for another try.
 */
export const refreshOnStale: SubmitFunction = () => {
	return async ({ result, update }) => {
		await update();
		if (result.type === 'failure' && (result.data as { stale?: unknown } | undefined)?.stale === true)
			await invalidateAll();
	};
};
