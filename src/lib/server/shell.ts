/**
 * What the app shell needs about the signed-in person: name, organisation and the navigation
 * their roles may use. Nothing about cases.
 */
import { navigation, type Page } from './policy';
import type { SignedIn } from './guard';

/**
 * The pages that exist in this release. The policy knows every page of the design; the
 * navigation offers only those that are built, so no link leads to an empty 404.
 */
const BUILT: ReadonlySet<Page> = new Set<Page>([
	'home',
	'signals',
	'cases',
	'meetings',
	'decisions',
	'actions',
	'escalations',
	'reports',
	'tables',
	'admin',
	'audit'
]);

export function shellData(actor: SignedIn) {
	return {
		user: {
			id: actor.id,
			name: actor.name,
			organisationName: actor.organisationName,
			roles: [...actor.roles],
			domain: actor.domain
		},
		nav: navigation(actor)
			.filter((page) => BUILT.has(page))
			.map((page) => ({ page, href: page === 'home' ? '/' : `/${page}` }))
	};
}
