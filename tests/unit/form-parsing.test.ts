/**
 * Form bodies (issue 14, "Hostile or broken input"): `formObject` parses in one pass with the old
 * semantics, refuses forms over the field and size caps with a Dutch 413, and the body hook
 * refuses a 50,000-field post, a broken multipart body and a body over BODY_SIZE_LIMIT before the
 * route sees a form — as a Dutch 413/400, never a 500.
 */
import { describe, expect, it } from 'vitest';
import { isHttpError, type RequestEvent, type ResolveOptions } from '@sveltejs/kit';
import { FORM_LIMITS, field, formObject } from '../../src/lib/server/validation';
import { checkBodies, expectedBodyError } from '../../src/lib/server/hooks/bodies';

const TOO_MANY = 'Dit formulier bevat te veel velden.';
const TOO_LARGE = 'Dit formulier is te groot.';

function formOf(entries: Array<[string, string | Blob]>): FormData {
	const form = new FormData();
	for (const [k, v] of entries) form.append(k, v);
	return form;
}

/** What a call throws (or undefined). */
async function thrown(fn: () => unknown): Promise<unknown> {
	try {
		await fn();
	} catch (e) {
		return e;
	}
	return undefined;
}

function expectRefusal(e: unknown, status: number, message: string | RegExp) {
	expect(isHttpError(e), `expected an HttpError, got ${String(e)}`).toBe(true);
	if (!isHttpError(e)) return;
	expect(e.status).toBe(status);
	expect(e.body.message).toMatch(message);
}

describe('formObject', () => {
	it('keeps the old semantics: lists, first single value, empty lists, files left out', () => {
		const file = new Blob(['x'], { type: 'text/plain' });
		const form = formOf([
			['title', 'Eerste'],
			['forms', 'labour'],
			['title', 'Tweede'],
			['forms', 'sexual'],
			['note', ''],
			['upload', file],
			['photo', file],
			['photo', 'tekst na bestand']
		]);
		expect(formObject(form, ['forms', 'indicators'])).toEqual({
			title: 'Eerste',
			forms: ['labour', 'sexual'],
			indicators: [],
			note: '',
			upload: undefined,
			photo: 'tekst na bestand'
		});
		expect(Object.keys(formObject(form, ['forms', 'indicators'])).sort()).toEqual(
			['forms', 'indicators', 'note', 'photo', 'title', 'upload'].sort()
		);
		expect(formObject(new FormData())).toEqual({});
		expect(formObject(new FormData(), ['roles'])).toEqual({ roles: [] });
		expect(formObject(formOf([['roles', 'admin']]), ['roles'])).toEqual({ roles: ['admin'] });
		expect(
			formObject(
				formOf([
					['toString', 'a'],
					['constructor', 'b']
				])
			)
		).toEqual({ toString: 'a', constructor: 'b' });
		expect(field(form, 'title')).toBe('Eerste');
		expect(field(form, 'upload')).toBe('');
		expect(field(form, 'missing')).toBe('');
	});

	it('accepts a form at the caps', () => {
		const fields = Array.from({ length: FORM_LIMITS.fields }, (_, i) => [`p${i}`, '1'] as [string, string]);
		expect(Object.keys(formObject(formOf(fields)))).toHaveLength(FORM_LIMITS.fields);
	});

	it('refuses more fields than the cap with a Dutch 413', async () => {
		const fields = Array.from(
			{ length: FORM_LIMITS.fields + 1 },
			(_, i) => [`p${i}`, '1'] as [string, string]
		);
		expectRefusal(await thrown(() => formObject(formOf(fields))), 413, TOO_MANY);
	});

	it('refuses more field text than the cap with a Dutch 413', async () => {
		const big = 'x'.repeat(FORM_LIMITS.textChars / 2);
		expectRefusal(
			await thrown(() =>
				formObject(
					formOf([
						['a', big],
						['b', big],
						['c', 'x']
					])
				)
			),
			413,
			TOO_LARGE
		);
	});

	it('refuses a 50,000-field form', async () => {
		const form = new FormData();
		for (let i = 0; i < 50_000; i++) form.append(`p${i}`, '1');
		expectRefusal(await thrown(() => formObject(form, ['forms', 'indicators'])), 413, TOO_MANY);
	});
});

const ORIGIN = 'http://localhost:3000';

/** Runs the body hook and then a route that does what every action does: parse the form. */
async function post(body: BodyInit, contentType: string, multi: string[] = []) {
	const request = new Request(`${ORIGIN}/signals/new`, {
		method: 'POST',
		body,
		headers: contentType ? { 'content-type': contentType, origin: ORIGIN } : { origin: ORIGIN },
		duplex: 'half'
	} as RequestInit);
	const event = { request, url: new URL(request.url) } as unknown as RequestEvent;
	let parsed: Record<string, unknown> | undefined;
	const resolve = async (e: RequestEvent, _opts?: ResolveOptions) => {
		parsed = formObject(await e.request.formData(), multi);
		return new Response('ok');
	};
	const error = await thrown(() => checkBodies({ event, resolve }));
	return { error, parsed };
}

describe('body hook', () => {
	it('lets normal url-encoded and multipart forms through unchanged', async () => {
		const url = await post('title=Hallo+wereld&forms=a&forms=b&note=', 'application/x-www-form-urlencoded', [
			'forms'
		]);
		expect(url.error).toBeUndefined();
		expect(url.parsed).toEqual({ title: 'Hallo wereld', forms: ['a', 'b'], note: '' });
		const multi = await post(
			formOf([
				['title', 'Hallo'],
				['forms', 'a']
			]),
			'',
			['forms']
		);
		expect(multi.error).toBeUndefined();
		expect(multi.parsed).toEqual({ title: 'Hallo', forms: ['a'] });
	});

	it('refuses a 50,000-field url-encoded post before the form is parsed', async () => {
		const body = Array.from({ length: 50_000 }, (_, i) => `p${i}=1`).join('&');
		const { error, parsed } = await post(body, 'application/x-www-form-urlencoded');
		expectRefusal(error, 413, TOO_MANY);
		expect(parsed).toBeUndefined();
	});

	it('refuses a multipart body with a broken boundary with a Dutch 400', async () => {
		const body = '--wrong\r\nContent-Disposition: form-data; name="title"\r\n\r\nHallo\r\n--wrong--\r\n';
		const { error } = await post(body, 'multipart/form-data; boundary=----rightboundary');
		expectRefusal(error, 400, /^Dit formulier kwam beschadigd aan/);
		const noBoundary = await post('title=x', 'multipart/form-data');
		expectRefusal(noBoundary.error, 400, /^Dit formulier kwam beschadigd aan/);
	});

	it('refuses a body over BODY_SIZE_LIMIT with a Dutch 413', async () => {
		// What adapter-node's body stream does past the limit: it errors with a 413 SvelteKitError.
		const tooLarge = Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT of 1048576'), {
			status: 413,
			text: 'Payload Too Large'
		});
		const stream = new ReadableStream({
			start(controller) {
				controller.enqueue(new TextEncoder().encode('title=' + 'x'.repeat(1000)));
				controller.error(tooLarge);
			}
		});
		const { error } = await post(stream, 'application/x-www-form-urlencoded');
		expectRefusal(error, 413, TOO_LARGE);
	});

	it('gives other bodies over the limit or broken a Dutch message, not the generic one', () => {
		expect(expectedBodyError(413)?.message).toMatch(/^Dit verzoek is te groot/);
		expect(expectedBodyError(400)?.message).toMatch(/^Dit verzoek is ongeldig/);
		expect(expectedBodyError(415)?.message).toMatch(/^Dit verzoek is ongeldig/);
		expect(expectedBodyError(500)).toBeUndefined();
		expect(expectedBodyError(404)).toBeUndefined();
	});
});
