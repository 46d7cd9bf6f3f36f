import { requireActor } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const actor = requireActor(event);
	return { userName: actor.name };
};
