/**
 * The application manager's work (organisations, accounts, tables, memberships) and the chair's
 * confirmation of a new member. Each test stands on its own (the file has its own database).
 */
import type { Locator, Page } from '@playwright/test';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	ZORGTAFEL,
	emailOf,
	expect,
	gotoReady,
	loginAs,
	navItems,
	submitLogin,
	test,
	visitor
} from './fixtures';

const INVALID = 'Het e-mailadres of wachtwoord klopt niet.';

function usersTable(page: Page): Locator {
	return page.getByTestId('users');
}

async function userCount(page: Page): Promise<number> {
	await gotoReady(page, '/admin/users');
	return usersTable(page).locator('tbody tr').count();
}

test('beheer creates an organisation and an account in it, edits it and deactivates it', async ({
	browser,
	app
}) => {
	test.slow(); // a long journey: three sign-ins and a dozen pages
	const org = 'Stichting Schuilplaats Dommelstroom';
	const person = {
		name: 'Tessa Terpstra',
		email: 'tessa.terpstra@schuilplaats.example',
		password: 'Schuilplaats heeft een sterk wachtwoord'
	};
	const admin = await loginAs(browser, app, 'beheer');

	// Organisation: from the start page to the organisations page.
	await admin.getByRole('link', { name: 'Organisaties' }).first().click();
	await expect(admin.getByRole('heading', { level: 1, name: 'Organisaties' })).toBeVisible();
	await admin.waitForLoadState('networkidle');
	await admin.getByLabel('Naam').fill(org);
	await admin.getByLabel('Gemeente').fill('Dommelstroom');
	await admin.getByRole('radio', { name: 'zorg', exact: true }).check();
	await admin.getByRole('button', { name: 'Organisatie toevoegen' }).click();
	await expect(admin.getByText('Opgeslagen.')).toBeVisible();
	const orgRow = admin.getByTestId('organisations').locator('tbody tr', { hasText: org });
	await expect(orgRow).toHaveCount(1);
	await expect(orgRow).toContainText('Dommelstroom');
	await expect(orgRow).toContainText('zorg');

	// Account in that organisation, with the coordinator role.
	await gotoReady(admin, '/admin/users');
	await admin.getByRole('link', { name: 'Nieuw account' }).click();
	await expect(admin.getByRole('heading', { level: 1, name: 'Nieuw account' })).toBeVisible();
	await admin.waitForLoadState('networkidle');
	await admin.getByLabel('Naam').fill(person.name);
	await admin.getByLabel('E-mailadres').fill(person.email);
	await admin.getByLabel('Organisatie').selectOption({ label: org });
	await admin.getByRole('radio', { name: 'zorg', exact: true }).check();
	await admin.getByRole('checkbox', { name: 'coördinator', exact: true }).check();
	await admin.getByLabel('Eerste wachtwoord').fill(person.password);
	await admin.getByRole('button', { name: 'Account aanmaken' }).click();
	await expect(admin).toHaveURL(/\/admin\/users\?opgeslagen=1/);
	await expect(admin.getByText('Opgeslagen.')).toBeVisible();
	const row = usersTable(admin).locator('tbody tr', { hasText: person.email });
	await expect(row).toHaveCount(1);
	await expect(row).toContainText(person.name);
	await expect(row).toContainText(org);
	await expect(row).toContainText('coördinator');
	await expect(row).toContainText('actief');

	// The new person signs in and gets the coordinator's menu.
	const tessa = await loginAs(browser, app, person.email, person.password);
	await expect(tessa.getByTestId('signed-in-user')).toContainText(person.name);
	expect(await navItems(tessa)).toContain('Signalen');

	// Edit: another name and an extra role.
	await admin.waitForLoadState('networkidle');
	await row.getByRole('link', { name: person.name }).click();
	await expect(admin.getByRole('heading', { level: 1, name: person.name })).toBeVisible();
	await admin.waitForLoadState('networkidle');
	await expect(admin.getByLabel('E-mailadres')).toHaveValue(person.email);
	await expect(admin.getByRole('checkbox', { name: 'coördinator', exact: true })).toBeChecked();
	await admin.getByLabel('Naam').fill('Tessa Terpstra-de Vries');
	await admin.getByRole('checkbox', { name: 'melder', exact: true }).check();
	await admin.getByRole('button', { name: 'Opslaan' }).click();
	await expect(admin).toHaveURL(/\/admin\/users\?opgeslagen=1/);
	const edited = usersTable(admin).locator('tbody tr', { hasText: person.email });
	await expect(edited).toContainText('Tessa Terpstra-de Vries');
	await expect(edited).toContainText('melder');
	await expect(edited).toContainText('coördinator');

	// Deactivate.
	await admin.waitForLoadState('networkidle');
	await edited.getByRole('link', { name: 'Tessa Terpstra-de Vries' }).click();
	await admin.waitForLoadState('networkidle');
	const active = admin.getByRole('checkbox', { name: /Account is actief/ });
	await expect(active).toBeChecked();
	await active.uncheck();
	await admin.getByRole('button', { name: 'Opslaan' }).click();
	await expect(admin).toHaveURL(/\/admin\/users\?opgeslagen=1/);
	await expect(usersTable(admin).locator('tbody tr', { hasText: person.email })).toContainText(
		'gedeactiveerd'
	);

	// Her open session has ended, and she cannot sign in: the same generic message as always.
	await tessa.reload();
	await expect(tessa).toHaveURL(/\/login/);
	const again = await visitor(browser, app);
	await gotoReady(again, '/login');
	await submitLogin(again, person.email, person.password);
	await expect(again.getByTestId('form-error')).toContainText(INVALID);
	await expect(again).toHaveURL(/\/login/);
});

test('bad account input gets a Dutch message and changes nothing', async ({ browser, app }) => {
	test.slow(); // two sign-ins, five forms
	const admin = await loginAs(browser, app, 'beheer');
	const before = await userCount(admin);

	async function fillNewUser(name: string, email: string) {
		await gotoReady(admin, '/admin/users/new');
		await admin.getByLabel('Naam').fill(name);
		await admin.getByLabel('E-mailadres').fill(email);
		await admin.getByLabel('Organisatie').selectOption({ index: 1 });
		await admin.getByRole('radio', { name: 'veiligheid', exact: true }).check();
		await admin.getByLabel('Eerste wachtwoord').fill('Een heel redelijk wachtwoord');
	}

	// An email address that is already in use (the demo reporter's).
	await fillNewUser('Tweede Melder', emailOf('melder'));
	await admin.getByRole('button', { name: 'Account aanmaken' }).click();
	await expect(admin.getByTestId('form-error')).toContainText(
		'Er bestaat al een account met dit e-mailadres.'
	);
	await expect(admin).toHaveURL(/\/admin\/users\/new$/);
	// What was typed is kept.
	await expect(admin.getByLabel('Naam')).toHaveValue('Tweede Melder');
	await expect(admin.getByLabel('E-mailadres')).toHaveAttribute('aria-invalid', 'true');

	// A name longer than allowed (the browser's maxlength is bypassed, as a crafted request would).
	await fillNewUser('x', 'lange.naam@ketentafel.example');
	const nameField = admin.getByLabel('Naam');
	await nameField.evaluate((el) => el.removeAttribute('maxlength'));
	await nameField.fill('Bartholomeus '.repeat(10));
	await admin.getByRole('button', { name: 'Account aanmaken' }).click();
	await expect(admin.getByTestId('form-error')).toContainText('Naam mag hoogstens 120 tekens hebben.');

	// A name that is too short.
	await fillNewUser('Q', 'korte.naam@ketentafel.example');
	await admin.getByRole('button', { name: 'Account aanmaken' }).click();
	await expect(admin.getByTestId('form-error')).toContainText('Naam moet minstens 2 tekens hebben.');

	// Nothing was created, and the reporter's account is untouched.
	expect(await userCount(admin)).toBe(before);
	await expect(usersTable(admin).locator('tbody tr', { hasText: emailOf('melder') })).toHaveCount(1);
	await expect(usersTable(admin).locator('tbody tr', { hasText: emailOf('melder') })).toContainText(
		DEMO_ACCOUNTS.melder
	);
	await expect(usersTable(admin)).not.toContainText('lange.naam@ketentafel.example');
	await expect(usersTable(admin)).not.toContainText('korte.naam@ketentafel.example');
	const melder = await loginAs(browser, app, 'melder', DEMO_PASSWORD);
	await expect(melder.getByTestId('signed-in-user')).toContainText(DEMO_ACCOUNTS.melder);
});

test('beheer creates a table, changes its compartment policy and adds a member who waits for the chair', async ({
	browser,
	app
}) => {
	test.slow(); // a long journey: three sign-ins and a dozen pages
	const table = 'Zorgtafel Mensenhandel Kempenveld';
	const admin = await loginAs(browser, app, 'beheer');
	await admin.getByRole('link', { name: 'Tafels' }).first().click();
	await expect(admin.getByRole('heading', { level: 1, name: 'Tafels' })).toBeVisible();
	await admin.waitForLoadState('networkidle');

	await admin.getByLabel('Naam').fill(table);
	await admin.getByLabel('Soort tafel').selectOption({ label: 'Zorgtafel' });
	await admin
		.getByLabel('Grondslag')
		.fill('Convenant zorg voor slachtoffers van mensenhandel Kempenveld (2026)');
	await admin.getByRole('button', { name: 'Tafel toevoegen' }).click();
	await expect(admin).toHaveURL(/\/admin\/tables\/\d+$/);
	await expect(admin.getByRole('heading', { level: 1, name: table })).toBeVisible();
	await admin.waitForLoadState('networkidle');

	// Default Zorgtafel policy: zorg sees zorg, veiligheid sees veiligheid.
	const zorgSees = admin.getByRole('group', { name: /domein zorg zien/ });
	const veiligheidSees = admin.getByRole('group', { name: /domein veiligheid zien/ });
	await expect(zorgSees.getByRole('checkbox', { name: 'zorg', exact: true })).toBeChecked();
	await expect(zorgSees.getByRole('checkbox', { name: 'veiligheid', exact: true })).not.toBeChecked();
	await expect(veiligheidSees.getByRole('checkbox', { name: 'veiligheid', exact: true })).toBeChecked();
	await expect(veiligheidSees.getByRole('checkbox', { name: 'zorg', exact: true })).not.toBeChecked();
	// Change: veiligheid also sees zorg.
	await veiligheidSees.getByRole('checkbox', { name: 'zorg', exact: true }).check();
	await admin.getByRole('button', { name: 'Compartimentenbeleid opslaan' }).click();
	await expect(admin.getByText('Opgeslagen.')).toBeVisible();
	await gotoReady(admin, admin.url());
	await expect(veiligheidSees.getByRole('checkbox', { name: 'zorg', exact: true })).toBeChecked();
	await expect(veiligheidSees.getByRole('checkbox', { name: 'veiligheid', exact: true })).toBeChecked();
	await expect(zorgSees.getByRole('checkbox', { name: 'veiligheid', exact: true })).not.toBeChecked();

	// Add a member: pending until the chair confirms.
	const members = admin.getByTestId('admin-members');
	await admin
		.getByLabel('Persoon')
		.selectOption({ label: `${DEMO_ACCOUNTS.zorg} (Veilig Thuis Dommelstroom)` });
	await admin.getByLabel('Rol aan tafel').selectOption({ label: 'lid' });
	await admin.getByRole('button', { name: /^Toevoegen/ }).click();
	await expect(admin.getByText('Opgeslagen.')).toBeVisible();
	const noor = members.locator('tbody tr', { hasText: DEMO_ACCOUNTS.zorg });
	await expect(noor).toHaveCount(1);
	await expect(noor).toContainText('wacht op bevestiging');
	await expect(noor).toContainText('lid');
	// The pending membership gives no access yet: Noor does not see the new table.
	const zorg = await loginAs(browser, app, 'zorg');
	await gotoReady(zorg, '/tables');
	await expect(zorg.getByRole('link', { name: ZORGTAFEL })).toBeVisible();
	await expect(zorg.getByRole('link', { name: table })).toHaveCount(0);

	// An auditor cannot become a member: not offered, and refused when sent anyway.
	const person = admin.getByLabel('Persoon');
	const offered = await person.locator('option').allInnerTexts();
	expect(offered.some((o) => o.includes(DEMO_ACCOUNTS.fg))).toBe(false);
	expect(offered.some((o) => o.includes(DEMO_ACCOUNTS.beheer))).toBe(false);
	const fgId = await fgUserId(browser, app);
	await person.evaluate((select, id) => {
		const option = document.createElement('option');
		option.value = id;
		option.textContent = 'Fenna de Groot (ingevoegd)';
		select.appendChild(option);
		(select as HTMLSelectElement).value = id;
	}, fgId);
	await admin.getByRole('button', { name: /^Toevoegen/ }).click();
	await expect(admin.getByTestId('form-error')).toContainText(
		'Beheerders en privacyfunctionarissen kunnen geen lid van een tafel worden.'
	);
	await gotoReady(admin, admin.url());
	await expect(members.locator('tbody tr', { hasText: DEMO_ACCOUNTS.fg })).toHaveCount(0);
	await expect(members.locator('tbody tr')).toHaveCount(1);
});

/** The auditor's user id, read from the admin's user list in a separate page. */
async function fgUserId(
	browser: import('@playwright/test').Browser,
	app: import('./fixtures').AppServer
): Promise<string> {
	const page = await loginAs(browser, app, 'beheer');
	await gotoReady(page, '/admin/users');
	const href = await usersTable(page).getByRole('link', { name: DEMO_ACCOUNTS.fg }).getAttribute('href');
	const id = href?.match(/\/admin\/users\/(\d+)$/)?.[1];
	expect(id, 'id of the auditor account').toBeTruthy();
	return id!;
}

test('the chair confirms a pending member, who only then sees the table', async ({ browser, app }) => {
	test.slow(); // two people, each over several pages
	// Before confirmation: the inspecteur has no table.
	const inspecteur = await loginAs(browser, app, 'inspecteur');
	expect(await navItems(inspecteur)).not.toContain('Tafels');
	await expect(inspecteur.getByRole('link', { name: ZORGTAFEL })).toHaveCount(0);
	const denied = await inspecteur.goto('/tables');
	expect(denied?.status()).toBe(404);
	await expect(inspecteur.getByText(ZORGTAFEL)).toHaveCount(0);

	// The chair is told on the start page and confirms on the table page.
	const chair = await loginAs(browser, app, 'voorzitter.zorgtafel');
	const notice = chair.getByRole('status').filter({ hasText: 'wachten op uw bevestiging' });
	await expect(notice).toContainText(`1 nieuwe deelnemer(s) wachten op uw bevestiging bij ${ZORGTAFEL}.`);
	await notice.getByRole('link', { name: 'Bekijken en bevestigen' }).click();
	await expect(chair).toHaveURL(/\/tables\/\d+$/);
	await expect(chair.getByRole('heading', { level: 1, name: ZORGTAFEL })).toBeVisible();
	const tableUrl = chair.url();
	const pending = chair.getByTestId('pending-members');
	await expect(pending.locator('tbody tr', { hasText: DEMO_ACCOUNTS.inspecteur })).toContainText(
		'Nederlandse Arbeidsinspectie'
	);
	await expect(chair.getByTestId('active-members')).not.toContainText(DEMO_ACCOUNTS.inspecteur);
	await chair.waitForLoadState('networkidle');
	await chair.getByRole('button', { name: `${DEMO_ACCOUNTS.inspecteur} bevestigen` }).click();
	await expect(chair.getByText('Het lidmaatschap is bevestigd.')).toBeVisible();
	await expect(chair.getByText('Er wachten geen nieuwe deelnemers op bevestiging.')).toBeVisible();
	await expect(
		chair.getByTestId('active-members').locator('tbody tr', { hasText: DEMO_ACCOUNTS.inspecteur })
	).toContainText('actief');
	// The notice is gone.
	await gotoReady(chair, '/');
	await expect(chair.getByText('wachten op uw bevestiging')).toHaveCount(0);

	// Now the inspecteur sees the table (in the same session).
	await gotoReady(inspecteur, '/');
	expect(await navItems(inspecteur)).toContain('Tafels');
	await expect(inspecteur.getByRole('link', { name: ZORGTAFEL })).toBeVisible();
	await gotoReady(inspecteur, '/tables');
	await inspecteur.getByRole('link', { name: ZORGTAFEL }).click();
	await expect(inspecteur).toHaveURL(tableUrl);
	await expect(inspecteur.getByRole('heading', { level: 1, name: ZORGTAFEL })).toBeVisible();
	// A member, not the chair: no confirmation section.
	await expect(inspecteur.getByRole('heading', { name: 'Wachten op uw bevestiging' })).toHaveCount(0);
});
