/**
 * The request-bound side of the policy: every load, action and endpoint starts with one of these.
 * Denials are logged and answered with 404, so a forbidden object looks like a missing one.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getDb } from './db';
import * as audit from './audit';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { mayUsePage, type Page } from './policy';

type Event = Pick<RequestEvent, 'locals' | 'url'>;
export type SignedIn = NonNullable<App.Locals['actor']>;

/** The signed-in actor, or a redirect to the sign-in page that returns here afterwards. */
export function requireActor(event: Event): SignedIn {
	const actor = event.locals.actor;
	if (!actor) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?terug=${encodeURIComponent(back)}`);
	}
	return actor;
}

/** Logs a denial and answers 404. */
export function deny(event: Event, objectType: string, objectId?: string | number | null, detail?: string): never {
	audit.record(
		getDb(),
		{
			userId: event.locals.actor?.id ?? null,
			action: 'denied',
			objectType,
			objectId: objectId ?? null,
			clientAddress: event.locals.clientAddress,
			detail: detail ?? `${event.url.pathname}`
		},
		event.locals.now
	);
	error(404, { message: m.err_not_found() });
}

/** The actor, provided their roles may use this top-level page; otherwise a logged 404. */
export function requirePage(event: Event, page: Page): SignedIn {
	const actor = requireActor(event);
	if (!mayUsePage(actor, page)) deny(event, 'page', page);
	return actor;
}

/**
 * Runs a domain call for a form action: validation and conflict errors become `fail(400)` with
 * the message and the user's input echoed back; a missing object becomes a logged 404.
 */
export async function attempt<T>(
	event: Event,
	values: Record<string, unknown>,
	work: () => T | Promise<T>
): Promise<T | ReturnType<typeof fail<{ message: string; fields: Record<string, string>; values: Record<string, unknown> }>>> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof ValidationError) return fail(400, { message: e.message, fields: e.fields, values });
		if (e instanceof ConflictError) return fail(409, { message: e.message, fields: {}, values });
		if (e instanceof NotFoundError || e instanceof ForbiddenError) deny(event, 'action', null, event.url.pathname);
		throw e;
	}
}

/** Translates a domain error thrown from a load into HTTP. */
export function translate(event: Event, e: unknown, objectType: string, objectId?: string | number): never {
	if (e instanceof NotFoundError || e instanceof ForbiddenError) deny(event, objectType, objectId);
	if (e instanceof DomainError) error(400, { message: e.message });
	throw e;
}

/** A route parameter as a positive integer id, or a logged 404. */
export function idParam(event: Event, value: string | undefined, objectType: string): number {
	const n = Number(value);
	if (!value || !/^\d{1,12}$/.test(value) || !Number.isSafeInteger(n) || n <= 0) deny(event, objectType, value ?? null);
	return n;
}
