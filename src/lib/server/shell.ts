/**
 * What the app shell needs about the signed-in person: name, organisation and the navigation
 * their roles may use. Nothing about cases.
 */
import { navigation } from './policy';
import type { SignedIn } from './guard';

export function shellData(actor: SignedIn) {
	return {
		user: {
			id: actor.id,
			name: actor.name,
			organisationName: actor.organisationName,
			roles: [...actor.roles],
			domain: actor.domain
		},
		nav: navigation(actor).map((page) => ({ page, href: page === 'home' ? '/' : `/${page}` }))
	};
}
