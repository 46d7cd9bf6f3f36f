/**
 * The request-bound side of the policy: every load, action and endpoint starts with one of these.
 * Denials are logged and answered with 404, so a forbidden object looks like a missing one.
 */
import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import type { FormFailure } from '$lib/forms';
import { getDb, type Tx } from './db';
import * as audit from './audit';
import { createContext, type Ctx, type Purpose } from './context';
import {
	ConflictError,
	DomainError,
	ForbiddenError,
	NotFoundError,
	StaleError,
	ValidationError
} from './errors';
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
export function deny(
	event: Event,
	objectType: string,
	objectId?: string | number | null,
	detail?: string
): never {
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
 * The request context for a signed-in actor who may use this page: one per request, so a form
 * action and the load that follows it share one clock and one view ledger (written by the
 * access-log handle before the response leaves). `purpose` is the setting: the case, meeting or
 * table the page is about.
 */
export function requireContext(event: Event, page: Page, purpose?: Purpose): Ctx & { actor: SignedIn } {
	const actor = requirePage(event, page);
	const existing = event.locals.ctx;
	if (existing && existing.actor.id === actor.id) {
		return purpose ? { ...existing, actor, purpose } : { ...existing, actor };
	}
	const ctx = createContext({
		actor,
		now: event.locals.now,
		clientAddress: event.locals.clientAddress,
		purpose: purpose ?? { kind: 'page', id: page }
	});
	event.locals.ctx = ctx;
	return { ...ctx, actor };
}

function failure(
	status: 400 | 409,
	form: string,
	e: ValidationError | ConflictError,
	values: Record<string, unknown>
): ActionFailure<FormFailure> {
	return fail(status, {
		form,
		message: e.message,
		fields: e instanceof ValidationError ? e.fields : {},
		values,
		stale: e instanceof StaleError
	});
}

/**
 * Runs one form's domain work in ONE database transaction: the change, its timeline event and its
 * access-log entry commit together or not at all (a crash in between leaves nothing). Validation
 * and conflict errors roll back and become `fail()` naming the form, with the input echoed back;
 * a missing or unreachable object becomes a logged 404.
 */
export function perform<T>(
	event: Event,
	form: string,
	values: Record<string, unknown>,
	work: (tx: Tx) => T
): T | ActionFailure<FormFailure> {
	try {
		return getDb().transaction((tx) => {
			const result = work(tx);
			if (result instanceof Promise)
				throw new TypeError('perform() takes synchronous work; use performAsync for document writes');
			return result;
		});
	} catch (e) {
		if (e instanceof ValidationError) return failure(400, form, e, values);
		if (e instanceof ConflictError) return failure(409, form, e, values);
		if (e instanceof NotFoundError || e instanceof ForbiddenError)
			deny(event, 'action', null, event.url.pathname);
		throw e;
	}
}

/**
 * For work that writes into collaboration documents: no SQL transaction can span it, because the
 * document writer commits through the collaboration server, whose write-ahead store makes each
 * document change (and the projection and timeline it causes) one transaction of its own.
 */
export async function performAsync<T>(
	event: Event,
	form: string,
	values: Record<string, unknown>,
	work: () => Promise<T>
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof ValidationError) return failure(400, form, e, values);
		if (e instanceof ConflictError) return failure(409, form, e, values);
		if (e instanceof NotFoundError || e instanceof ForbiddenError)
			deny(event, 'action', null, event.url.pathname);
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
	if (!value || !/^\d{1,12}$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
		deny(event, objectType, value ?? null);
	return n;
}
