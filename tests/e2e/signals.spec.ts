/**
 * Signals (issue 3): a front-line reporter submits a signal, the municipality's coordinator
 * forwards it and writes feedback, and the reporter sees the status and exactly that feedback —
 * no partner, no forwarding reason, no notes, no case references, not even in `__data.json`.
 * Bad input changes nothing; another municipality's coordinator and another reporter get 404, and
 * the auditor finds those denials in the access log. (Accessibility of these pages: a11y.spec.ts.)
 */
import type { Page } from '@playwright/test';
import {
	DEMO_ACCOUNTS,
	dataUrl,
	expect,
	getText,
	gotoReady,
	loginAs,
	openDatabase,
	postForm,
	test,
	type AppServer
} from './fixtures';

const ACUTE_112 = 'Is er acuut gevaar? Bel dan altijd eerst 112. Dit formulier is geen alarmnummer.';
const NOT_FOUND = 'Deze pagina bestaat niet of u heeft er geen toegang toe.';
const SUGGESTION_FORWARDED =
	'Dank voor uw signaal. We hebben het doorgegeven aan de partner die hier het beste mee verder kan. Om de privacy van de betrokkenen te beschermen kunnen we u niet meer vertellen.';

/** A short unique token, so texts of this run cannot be confused with the demo data. */
function token(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
}

/** Fills the signal form as a reporter would (the form must be open and hydrated). */
async function fillSignal(
	page: Page,
	s: {
		description: string;
		location: string;
		address?: string;
		form?: string;
		urgency: string;
		contact?: string;
	}
) {
	await page.getByLabel('Wat heeft u gezien of gehoord?').fill(s.description);
	await page.getByLabel('Waar was het?').selectOption({ label: s.location });
	if (s.address) await page.getByLabel('Adres of plek (niet verplicht)').fill(s.address);
	if (s.form) {
		const forms = page.getByRole('group', { name: 'Vermoedelijke vorm van uitbuiting' });
		await forms.getByRole('checkbox', { name: s.form, exact: true }).check();
	}
	await page.getByRole('group', { name: 'Urgentie' }).getByRole('radio', { name: s.urgency }).check();
	if (s.contact) await page.getByLabel('Hoe bent u bereikbaar?').fill(s.contact);
}

/** Submits the signal form and returns the reference from the confirmation. */
async function submitSignal(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Signaal versturen' }).click();
	await expect(page).toHaveURL(/\/signals\?verstuurd=SG-\d{4}-\d{4}/);
	const reference = new URL(page.url()).searchParams.get('verstuurd')!;
	await expect(page.getByText(`Uw signaal is ontvangen onder kenmerk ${reference}.`)).toBeVisible();
	return reference;
}

function signalId(app: AppServer, reference: string): number {
	const db = openDatabase(app, { readonly: true });
	try {
		const row = db.prepare('select id from signal where reference = ?').get(reference) as
			{ id: number } | undefined;
		expect(row, `signal ${reference} in the database`).toBeTruthy();
		return row!.id;
	} finally {
		db.close();
	}
}

function signalCount(app: AppServer): number {
	const db = openDatabase(app, { readonly: true });
	try {
		return (db.prepare('select count(*) as n from signal').get() as { n: number }).n;
	} finally {
		db.close();
	}
}

async function expectNotFound(page: Page, url: string) {
	const response = await page.goto(url);
	expect(response?.status(), `${url} should answer 404`).toBe(404);
	await expect(page.getByText(NOT_FOUND)).toBeVisible();
}

test('a reporter signals, the coordinator forwards and gives feedback, the reporter sees only status and feedback', async ({
	browser,
	app
}) => {
	test.slow(); // three sign-ins, a dozen forms
	const t = token();
	const description = `Bij de balie vroeg een man om uitkeringen voor drie vrouwen die zelf niets zeiden (${t}).`;
	const reason = `Controle van de werkplek door de inspectie, zaak ${t}`;
	const note = `Interne notitie: adres komt vaker voor (${t})`;
	const ownFeedback = `${SUGGESTION_FORWARDED} Bedankt voor uw oplettendheid (${t}).`;

	// --- The reporter submits a signal, then an acute one.
	const melder = await loginAs(browser, app, 'melder');
	await gotoReady(melder, '/signals');
	await melder.getByRole('link', { name: 'Signaal melden' }).click();
	await expect(melder).toHaveURL(/\/signals\/new$/);
	await melder.waitForLoadState('networkidle');
	await expect(melder.getByRole('heading', { level: 1, name: 'Signaal melden' })).toBeVisible();
	// The 112 instruction is part of the form, acute or not.
	await expect(melder.getByText(ACUTE_112).first()).toBeVisible();
	await fillSignal(melder, {
		description,
		location: 'nagelsalon',
		address: 'Marktweg, Dommelstroom',
		form: 'arbeidsuitbuiting',
		urgency: 'spoed (binnen enkele dagen)',
		contact: 'toestel 4412'
	});
	// A general indicator (its list is open) and one from the labour list (opened first).
	await melder.getByRole('checkbox', { name: 'kent het eigen adres niet' }).check();
	await melder
		.locator('details', { has: melder.locator('summary', { hasText: /^arbeidsuitbuiting$/ }) })
		.locator('summary')
		.click();
	await melder.getByRole('checkbox', { name: 'paspoort wordt door de werkgever bewaard' }).check();
	await melder.getByLabel('Iets anders dat opviel').fill('zelfde man kwam vorige week ook');
	await expect(melder.getByLabel('Gemeente')).toHaveValue('Dommelstroom');
	const reference = await submitSignal(melder);
	const own = melder
		.getByTestId('own-signals')
		.getByRole('listitem')
		.filter({ hasText: 'Uw signaal van' })
		.first();
	await expect(own).toContainText('ontvangen');

	await gotoReady(melder, '/signals/new');
	await fillSignal(melder, {
		description: `Acuut: een meisje wordt op dit moment het station uit geduwd (${t}).`,
		location: 'station',
		urgency: 'acuut gevaar'
	});
	// Choosing "acuut gevaar" announces the instruction to call 112 at once.
	await expect(melder.getByRole('alert').filter({ hasText: ACUTE_112 })).toBeVisible();
	await submitSignal(melder);
	await expect(melder).toHaveURL(/acuut=1/);
	await expect(melder.getByText(ACUTE_112)).toBeVisible();

	// --- The coordinator sees it in the inbox (new, with urgency) and works on it.
	const coordinator = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(coordinator, '/signals');
	await expect(coordinator.getByRole('heading', { name: 'Signaleninbox Dommelstroom' })).toBeVisible();
	const row = coordinator.getByTestId('signal-inbox').getByRole('row').filter({ hasText: reference });
	await expect(row).toContainText('spoed (binnen enkele dagen)');
	await expect(row).toContainText('nieuw');
	await expect(row).toContainText('eigen melding');
	await row.getByRole('link', { name: reference }).click();
	await expect(coordinator.getByRole('heading', { level: 1, name: `Signaal ${reference}` })).toBeVisible();
	await coordinator.waitForLoadState('networkidle');
	const facts = coordinator.getByTestId('signal-facts');
	await expect(facts).toContainText('Mila Melder');
	await expect(facts).toContainText('paspoort wordt door de werkgever bewaard');
	await expect(coordinator.getByText(description)).toBeVisible();

	// Enrich with a note (moves it into triage).
	await coordinator.getByLabel('Notitie').fill(note);
	await coordinator.getByRole('button', { name: 'Notitie toevoegen' }).click();
	await expect(coordinator.getByTestId('signal-timeline')).toContainText(note);
	await expect(facts).toContainText('in beoordeling');

	// Forward to a partner with date and reason.
	await coordinator
		.getByLabel('Doorsturen naar', { exact: true })
		.selectOption({ label: 'Nederlandse Arbeidsinspectie' });
	await expect(coordinator.getByLabel('Datum doorgestuurd')).not.toHaveValue('');
	await coordinator.getByLabel('Reden', { exact: true }).fill(reason);
	await coordinator.getByRole('button', { name: 'Doorsturen' }).click();
	await expect(coordinator.getByTestId('forwardings')).toContainText('Nederlandse Arbeidsinspectie');
	await expect(coordinator.getByTestId('forwardings')).toContainText(reason);
	await expect(facts).toContainText('doorgestuurd');

	// Feedback: start from a suggestion, make it their own, save (not yet visible to the reporter).
	const suggestions = coordinator.getByRole('group', { name: 'Voorbeeldteksten' }).getByRole('button');
	await expect(suggestions).toHaveCount(3);
	await suggestions.nth(1).click();
	const feedbackBox = coordinator.getByRole('textbox', { name: 'Terugkoppeling aan de melder' });
	await expect(feedbackBox).toHaveValue(SUGGESTION_FORWARDED);
	await feedbackBox.fill(ownFeedback);
	await coordinator.getByRole('button', { name: 'Terugkoppeling bewaren' }).click();
	await expect(coordinator.getByRole('button', { name: 'Terugkoppeling versturen' })).toBeVisible();

	await gotoReady(melder, '/signals');
	await expect(melder.getByText(ownFeedback)).toHaveCount(0);

	await coordinator.getByRole('button', { name: 'Terugkoppeling versturen' }).click();
	await expect(coordinator.getByText(/^Verstuurd op /)).toBeVisible();
	await expect(coordinator.getByTestId('signal-timeline')).toContainText('Terugkoppeling verstuurd');

	// --- The reporter sees status and exactly the feedback text, and nothing else.
	const id = signalId(app, reference);
	await gotoReady(melder, '/signals');
	const card = melder.getByTestId('own-signals').getByRole('listitem').filter({ hasText: ownFeedback });
	await expect(card).toHaveCount(1);
	await expect(card).toContainText('afgehandeld');
	await card.getByRole('link').click();
	await expect(melder).toHaveURL(new RegExp(`/signals/${id}$`));
	await expect(melder.getByTestId('reporter-status')).toHaveText('afgehandeld');
	await expect(melder.getByTestId('reporter-feedback')).toHaveText(ownFeedback);

	const hidden = [
		reason,
		note,
		'Nederlandse Arbeidsinspectie',
		'labour_inspectorate',
		'Doorgestuurd',
		'doorgestuurd',
		'forwarded',
		DEMO_ACCOUNTS['coordinator.veiligheid'],
		'in_triage',
		'paspoort wordt door de werkgever bewaard',
		'passport_kept'
	];
	for (const url of ['/signals', `/signals/${id}`]) {
		const html = await getText(melder, url);
		const data = await getText(melder, dataUrl(url));
		expect(html.status).toBe(200);
		expect(data.status).toBe(200);
		expect(data.text, `${dataUrl(url)} carries the feedback`).toContain(ownFeedback.slice(0, 60));
		for (const s of hidden) {
			expect(html.text, `${url} must not show "${s}" to the reporter`).not.toContain(s);
			expect(data.text, `${dataUrl(url)} must not carry "${s}" to the reporter`).not.toContain(s);
		}
		// No case references either (S-/D-yyyy-nnnn).
		expect(html.text).not.toMatch(/\b[SD]-\d{4}-\d{4}\b/);
		expect(data.text).not.toMatch(/\b[SD]-\d{4}-\d{4}\b/);
	}
	const visible = await melder.getByRole('main').innerText();
	for (const s of hidden) expect(visible).not.toContain(s);
});

test('an empty description gets a Dutch message and stores nothing; crafted values are refused', async ({
	browser,
	app
}) => {
	const melder = await loginAs(browser, app, 'melder');
	const before = signalCount(app);
	await gotoReady(melder, '/signals/new');
	await melder.getByLabel('Waar was het?').selectOption({ label: 'woning' });
	await melder.getByRole('group', { name: 'Urgentie' }).getByRole('radio', { name: 'normaal' }).check();
	await melder.getByRole('button', { name: 'Signaal versturen' }).click();
	const error = melder.getByTestId('form-error');
	await expect(error).toBeVisible();
	await expect(error).toContainText('Controleer uw invoer.');
	await expect(error).toContainText('Wat heeft u gezien of gehoord? is verplicht.');
	await expect(melder.locator('#description-error')).toHaveText(
		'Wat heeft u gezien of gehoord? is verplicht.'
	);
	await expect(melder.getByLabel('Wat heeft u gezien of gehoord?')).toHaveAttribute('aria-invalid', 'true');
	// What was chosen stays chosen.
	await expect(melder.getByLabel('Waar was het?')).toHaveValue('home');
	await expect(melder).toHaveURL(/\/signals\/new$/);
	expect(signalCount(app), 'nothing stored').toBe(before);

	// Crafted posts: an unknown location kind, an unknown form, a date in the future.
	const base = {
		description: 'Een geldige omschrijving van wat er te zien was.',
		locationKind: 'home',
		urgency: 'normal',
		municipality: 'Dommelstroom'
	};
	const bad: Array<[Record<string, string>, string]> = [
		[{ ...base, locationKind: 'maan' }, 'Kies een geldige waarde voor Waar was het?.'],
		[{ ...base, forms: 'slavernij' }, 'Kies een geldige waarde voor Vermoedelijke vorm van uitbuiting.'],
		[{ ...base, observedOn: '2999-01-01' }, 'Wanneer zag u het? kan niet in de toekomst liggen.'],
		[{ ...base, municipality: 'Atlantis' }, 'Kies een gemeente uit de lijst.']
	];
	for (const [form, message] of bad) {
		const res = await postForm(melder, app, '/signals/new', form);
		expect(res.status(), JSON.stringify(form)).toBe(400);
		expect(await res.text()).toContain(message);
	}
	expect(signalCount(app), 'nothing stored').toBe(before);
});

test('another municipality and another reporter get 404 on a signal; the auditor sees the denials', async ({
	browser,
	app
}) => {
	test.slow(); // three sign-ins
	// Two signals of Dommelstroom from the demo data: one the reporter made, one a coordinator
	// registered for a citizen.
	const db = openDatabase(app, { readonly: true });
	const citizen = db
		.prepare(
			"select id, reference from signal where municipality = 'Dommelstroom' and source = 'citizen' order by id limit 1"
		)
		.get() as { id: number; reference: string };
	const reporters = db
		.prepare(
			"select s.id, s.reference from signal s join user u on u.id = s.reporter_user_id where u.email = 'melder@ketentafel.test' order by s.id desc limit 1"
		)
		.get() as { id: number; reference: string };
	db.close();
	expect(citizen && reporters).toBeTruthy();

	// The coordinator of Kempenveld: not in the inbox, 404 on the page, its data and its actions.
	const kempen = await loginAs(browser, app, 'coordinator.kempenveld');
	await gotoReady(kempen, '/signals?weergave=alle');
	await expect(kempen.getByRole('heading', { name: 'Signaleninbox Kempenveld' })).toBeVisible();
	await expect(kempen.getByTestId('signal-inbox')).not.toContainText(citizen.reference);
	await expect(kempen.getByTestId('signal-inbox')).not.toContainText(reporters.reference);
	await expectNotFound(kempen, `/signals/${citizen.id}`);
	await expectNotFound(kempen, `/signals/${reporters.id}`);
	const kempenData = await getText(kempen, dataUrl(`/signals/${citizen.id}`));
	expect(kempenData.text).not.toContain('Buurtbewoner');
	const kempenPost = await postForm(kempen, app, `/signals/${citizen.id}?/note`, { note: 'mag niet' });
	expect(kempenPost.status()).toBe(404);
	await expectNotFound(kempen, `/cases/new?signaal=${citizen.id}`);

	// The reporter: 404 on a signal that is not theirs; their own opens.
	const melder = await loginAs(browser, app, 'melder');
	await expectNotFound(melder, `/signals/${citizen.id}`);
	const melderData = await getText(melder, dataUrl(`/signals/${citizen.id}`));
	expect(melderData.text).not.toContain('Buurtbewoner');
	const own = await melder.goto(`/signals/${reporters.id}`);
	expect(own?.status()).toBe(200);
	// A reporter cannot act on their own signal either.
	const melderPost = await postForm(melder, app, `/signals/${reporters.id}?/feedback`, {
		feedback: 'zelf geschreven'
	});
	expect(melderPost.status()).toBe(404);

	// The auditor finds the denials, by person and signal.
	const fg = await loginAs(browser, app, 'fg');
	await gotoReady(fg, '/audit?handeling=denied');
	const log = fg.getByTestId('audit-log');
	await expect(log).toBeVisible();
	const rows = log.locator('tbody tr');
	const expectDenial = async (who: string, object: string) => {
		const match = rows
			.filter({ hasText: who })
			.filter({ has: fg.locator('td', { hasText: new RegExp(`^${object}$`) }) });
		await expect(match, `denial of ${object} for ${who}`).not.toHaveCount(0);
		await expect(match.first()).toContainText('geweigerd');
	};
	await expectDenial(DEMO_ACCOUNTS['coordinator.kempenveld'], `signal ${citizen.id}`);
	await expectDenial(DEMO_ACCOUNTS['coordinator.kempenveld'], `signal ${reporters.id}`);
	await expectDenial(DEMO_ACCOUNTS.melder, `signal ${citizen.id}`);
	// Denied actions are logged too (object "action", with the path).
	await expect(
		rows.filter({ hasText: DEMO_ACCOUNTS.melder }).filter({ hasText: `/signals/${reporters.id}` })
	).not.toHaveCount(0);
});

test('the suggested feedback texts can be told apart by their buttons', async ({ browser, app }) => {
	const db = openDatabase(app, { readonly: true });
	const open = db
		.prepare(
			"select id from signal where municipality = 'Dommelstroom' and reporter_user_id is not null and status = 'received' limit 1"
		)
		.get() as { id: number };
	db.close();
	const coordinator = await loginAs(browser, app, 'coordinator.veiligheid');
	await gotoReady(coordinator, `/signals/${open.id}`);
	const buttons = coordinator.getByRole('group', { name: 'Voorbeeldteksten' }).getByRole('button');
	await expect(buttons).toHaveCount(3);
	const names = (await buttons.allInnerTexts()).map((n) => n.trim());
	expect(new Set(names).size, `button names: ${names.join(' | ')}`).toBe(3);
});
