/**
 * Signing in and out, the generic sign-in error, throttling, password change and the cross-site
 * check on the sign-in form.
 */
import {
	DEMO_PASSWORD,
	emailOf,
	expect,
	gotoReady,
	loginAs,
	logout,
	submitLogin,
	test,
	visitor
} from './fixtures';

const INVALID = 'Het e-mailadres of wachtwoord klopt niet.';

test('a demo account signs in; a protected page asks for sign-in first and returns to it', async ({
	browser,
	app
}) => {
	const page = await visitor(browser, app);
	await gotoReady(page, '/');
	// Not signed in: the start page sends us to the sign-in page.
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByRole('heading', { level: 1, name: 'Inloggen' })).toBeVisible();
	await expect(page.getByTestId('demo-banner')).toBeVisible();
	await expect(page.getByTestId('demo-banner')).toContainText('Demomodus');
	await expect(page.getByTestId('demo-accounts')).toContainText(emailOf('zorg'));

	await submitLogin(page, 'zorg', DEMO_PASSWORD);
	await expect(page).toHaveURL(new URL('/', app.baseURL).href);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom, Noor Hendriks');
	await expect(page.getByTestId('signed-in-user')).toContainText('Noor Hendriks');
	await expect(page.getByTestId('demo-banner')).toBeVisible();

	// A protected page in a browser without a session: sign in first, then back to that page.
	const other = await visitor(browser, app);
	await gotoReady(other, '/tables');
	await expect(other).toHaveURL(/\/login\?terug=%2Ftables/);
	await submitLogin(other, 'zorg', DEMO_PASSWORD);
	await expect(other).toHaveURL(/\/tables$/);
	await expect(other.getByRole('heading', { level: 1, name: 'Mijn tafels' })).toBeVisible();
});

test('signing out ends the session: a protected page then redirects to /login', async ({ browser, app }) => {
	const page = await loginAs(browser, app, 'zorg');
	await logout(page);
	await expect(page.getByText('U bent uitgelogd.')).toBeVisible();
	await expect(page.getByTestId('signed-in-user')).toHaveCount(0);

	await gotoReady(page, '/tables');
	await expect(page).toHaveURL(/\/login\?terug=%2Ftables/);
	await gotoReady(page, '/account');
	await expect(page).toHaveURL(/\/login/);
});

test('a wrong password and an unknown email give the same Dutch message', async ({ browser, app }) => {
	const page = await visitor(browser, app);
	await gotoReady(page, '/login');

	await submitLogin(page, 'veiligheid', 'niet-het-goede-wachtwoord');
	const error = page.getByTestId('form-error');
	await expect(error).toContainText(INVALID);
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
	const wrongPassword = (await error.innerText()).trim();

	await submitLogin(page, 'niemand.bekend@ketentafel.test', DEMO_PASSWORD);
	await expect(error).toContainText(INVALID);
	expect((await error.innerText()).trim(), 'unknown email must look exactly like a wrong password').toBe(
		wrongPassword
	);
	// The email is kept for another try.
	await expect(page.getByLabel('E-mailadres')).toHaveValue('niemand.bekend@ketentafel.test');
});

test('empty fields get a Dutch message and no sign-in', async ({ browser, app }) => {
	const page = await visitor(browser, app);
	await gotoReady(page, '/login');
	await page.getByRole('button', { name: 'Inloggen' }).click();
	const error = page.getByTestId('form-error');
	await expect(error).toContainText('E-mailadres is verplicht.');
	await expect(error).toContainText('Wachtwoord is verplicht.');
	await expect(page.getByLabel('E-mailadres')).toHaveAttribute('aria-invalid', 'true');

	await page.getByLabel('E-mailadres').fill(emailOf('zorg'));
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await expect(error).toContainText('Wachtwoord is verplicht.');
	await expect(error).not.toContainText('E-mailadres is verplicht.');
	await expect(page).toHaveURL(/\/login/);
});

test('a user changes their password on /account and signs in with the new one', async ({ browser, app }) => {
	test.slow(); // three sessions, four forms
	const who = 'coordinator.kempenveld';
	const newPassword = 'Kempenveld heeft een nieuw wachtwoord 2026';
	const page = await loginAs(browser, app, who);
	// Another session of the same user, which the change must end.
	const otherSession = await loginAs(browser, app, who);

	await gotoReady(page, '/account');
	await expect(page.getByRole('heading', { level: 1, name: 'Mijn account' })).toBeVisible();
	await expect(page.getByText(emailOf(who))).toBeVisible();

	// Wrong current password: refused in Dutch, nothing changes.
	await page.getByLabel('Huidig wachtwoord').fill('dit-is-niet-het-wachtwoord');
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(newPassword);
	await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
	await expect(page.getByTestId('form-error')).toContainText('Uw huidige wachtwoord klopt niet.');

	// Repeat does not match.
	await page.getByLabel('Huidig wachtwoord').fill(DEMO_PASSWORD);
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(newPassword + '!');
	await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
	await expect(page.getByTestId('form-error')).toContainText('De twee nieuwe wachtwoorden zijn niet gelijk.');

	// A valid change.
	await page.getByLabel('Huidig wachtwoord').fill(DEMO_PASSWORD);
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(newPassword);
	await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
	await expect(page.getByText('Uw wachtwoord is gewijzigd.')).toBeVisible();
	// This session goes on; the other one has ended.
	await gotoReady(page, '/');
	await expect(page.getByTestId('signed-in-user')).toContainText('Eva Claessens');
	await gotoReady(otherSession, '/account');
	await expect(otherSession).toHaveURL(/\/login/);

	// Signing in anew (another browser): the old password no longer works, the new one does.
	const again = await visitor(browser, app);
	await gotoReady(again, '/login');
	await submitLogin(again, who, DEMO_PASSWORD);
	await expect(again.getByTestId('form-error')).toContainText(INVALID);
	await submitLogin(again, who, newPassword);
	await expect(again).not.toHaveURL(/\/login/);
	await expect(again.getByTestId('signed-in-user')).toContainText('Eva Claessens');
});

test('after five failed attempts the account is locked, even for the right password', async ({
	browser,
	app
}) => {
	const who = 'voorzitter.stuurtafel';
	const page = await visitor(browser, app);
	await gotoReady(page, '/login');
	for (let i = 1; i <= 5; i++) {
		await submitLogin(page, who, `fout-wachtwoord-${i}`);
		await expect(page.getByTestId('form-error'), `attempt ${i}`).toContainText(INVALID);
	}
	await submitLogin(page, who, DEMO_PASSWORD);
	await expect(page.getByTestId('form-error')).toContainText('Te veel mislukte pogingen');
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByTestId('signed-in-user')).toHaveCount(0);

	// The lock is per account: someone else on the same machine still signs in.
	const other = await loginAs(browser, app, 'melder');
	await expect(other.getByTestId('signed-in-user')).toContainText('Mila Melder');
});

test('a cross-site POST to the sign-in form is refused with 403', async ({ request, app }) => {
	const form = { email: emailOf('zorg'), password: DEMO_PASSWORD };
	const evil = await request.post(`${app.baseURL}/login`, {
		headers: { Origin: 'http://evil.example', Accept: 'text/html' },
		form,
		maxRedirects: 0
	});
	expect(evil.status()).toBe(403);
	expect(evil.headers()['set-cookie'] ?? '').not.toMatch(/session/i);
	expect(await evil.text()).toContain('andere website');

	// The same request from our own origin is accepted (so the 403 was the origin check).
	const own = await request.post(`${app.baseURL}/login`, {
		headers: { Origin: app.baseURL, Accept: 'text/html' },
		form,
		maxRedirects: 0
	});
	expect(own.status()).toBe(303);
	expect(own.headers()['location']).toBe('/');
});
