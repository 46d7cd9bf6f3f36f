import type { Handle } from '@sveltejs/kit';

/** Headers on every response (the CSP itself comes from `kit.csp` with nonces). */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('Referrer-Policy', 'no-referrer');
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	// Responses are about people; no shared cache may keep them.
	if (!event.url.pathname.startsWith('/_app/immutable/')) h.set('Cache-Control', 'no-store');
	// Pages without a CSP from kit (endpoints, errors) still refuse framing and plugins.
	if (!h.has('Content-Security-Policy')) {
		h.set(
			'Content-Security-Policy',
			"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
		);
	}
	return response;
};
