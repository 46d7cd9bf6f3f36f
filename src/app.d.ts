import type { Actor } from '$lib/server/policy';
import type { Session } from '$lib/server/db/schema';
import type { Ctx } from '$lib/server/context';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in person as the access policy sees them; null when signed out. */
			actor: (Actor & { name: string; email: string; organisationName: string }) | null;
			session: Session | null;
			/** The client address for the access log. */
			clientAddress: string;
			/** The request's clock: one `now` per request, so a page is consistent with itself. */
			now: Date;
			/** The request context, made by the first guard that asks (`requireContext`). */
			ctx?: Ctx;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
