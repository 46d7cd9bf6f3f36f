/**
 * Creates an account from the command line — above all the first administrator of a fresh
 * installation, where demo mode is off and nobody can sign in yet.
 *
 *   npm run user:create                       (asks for everything)
 *   npm run user:create -- --email a@b.nl --name "A. Beheer" --organisation "Gemeente X – IV" \
 *        --municipality X --domain veiligheid [--role admin] [--password-stdin]
 *
 * The password is asked without echo, or read from standard input with --password-stdin; it is
 * never taken from the command line, where it would end up in the shell history.
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { eq } from 'drizzle-orm';
import { getDb, closeDb } from '../src/lib/server/db';
import { organisation } from '../src/lib/server/db/schema';
import * as users from '../src/lib/server/users';
import * as organisations from '../src/lib/server/organisations';
import { ValidationError, ConflictError } from '../src/lib/server/errors';
import { parse } from '../src/lib/server/validation';
import { weakness } from '../src/lib/server/auth/passwords';

const { values: args } = parseArgs({
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		organisation: { type: 'string' },
		municipality: { type: 'string' },
		domain: { type: 'string' },
		role: { type: 'string', default: 'admin' },
		'password-stdin': { type: 'boolean', default: false }
	}
});

const rl = readline.createInterface({
	input: process.stdin,
	output: process.stdout,
	terminal: process.stdin.isTTY
});

let inputClosed = false;
rl.on('close', () => (inputClosed = true));

function ask(question: string): Promise<string> {
	return new Promise((resolve, reject) => {
		if (inputClosed) return reject(new Error('invoer ontbreekt (standaardinvoer is gesloten)'));
		const onClose = () => reject(new Error('invoer ontbreekt (standaardinvoer is gesloten)'));
		rl.once('close', onClose);
		rl.question(question, (answer) => {
			rl.off('close', onClose);
			resolve(answer.trim());
		});
	});
}

function askHidden(question: string): Promise<string> {
	if (!process.stdin.isTTY) return ask('');
	return new Promise((resolve) => {
		const output = (rl as unknown as { output: NodeJS.WriteStream }).output;
		const write = output.write.bind(output);
		process.stdout.write(question);
		(output as unknown as { write: (s: string) => boolean }).write = (s: string) =>
			s.includes('\n') ? write(s) : true;
		rl.question('', (answer) => {
			(output as unknown as { write: typeof write }).write = write;
			process.stdout.write('\n');
			resolve(answer);
		});
	});
}

async function main() {
	const email = args.email ?? (await ask('E-mailadres: '));
	const name = args.name ?? (await ask('Naam: '));
	const orgName = args.organisation ?? (await ask('Organisatie: '));
	const db = getDb();
	const existing = db.select().from(organisation).where(eq(organisation.name, orgName)).get();
	const domain = args.domain ?? (await ask('Domein (zorg of veiligheid): '));
	const municipality = existing
		? null
		: (args.municipality ?? (await ask('Gemeente van deze organisatie: ')));
	const password = args['password-stdin']
		? await ask('')
		: await askHidden('Wachtwoord (minstens 12 tekens): ');
	const now = new Date();
	// Check everything before writing anything, so a refusal leaves no half-made organisation.
	parse(organisations.organisationInput(), {
		name: orgName,
		defaultDomain: domain,
		municipality: municipality ?? existing?.municipality
	});
	const input = { email, name, organisationId: existing?.id ?? 1, domain, roles: [args.role] };
	parse(users.userInput(), input);
	const problem = weakness(password, email);
	if (problem) throw new ValidationError(problem, { password: problem });

	const org =
		existing ??
		organisations.createFromCommandLine(db, { name: orgName, defaultDomain: domain, municipality }, now);
	if (!existing) console.log(`Organisatie "${org.name}" aangemaakt.`);
	const created = await users.createFromCommandLine(db, { ...input, organisationId: org.id }, password, now);
	console.log(`Account ${created.email} aangemaakt met rol ${args.role}.`);
}

main()
	.catch((e: unknown) => {
		if (e instanceof ValidationError || e instanceof ConflictError) {
			console.error(`Niet aangemaakt: ${e.message}`);
			for (const [field, message] of Object.entries(e instanceof ValidationError ? e.fields : {})) {
				console.error(`  ${field}: ${message}`);
			}
		} else {
			console.error(`Niet aangemaakt: ${e instanceof Error ? e.message : String(e)}`);
		}
		process.exitCode = 1;
	})
	.finally(() => {
		rl.close();
		closeDb();
	});
