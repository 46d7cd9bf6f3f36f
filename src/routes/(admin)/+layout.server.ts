import { requireActor } from '$lib/server/guard';
import { shellData } from '$lib/server/shell';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const actor = requireActor(event);
	return shellData(actor);
};
