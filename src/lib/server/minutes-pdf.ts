/**
 * The minutes as a PDF, rendered on the server with pdfkit. Like the minutes page, it holds only
 * what its reader may see, and each page says for whom it was made.
 */
import PDFDocument from 'pdfkit';
import { m } from '../paraglide/messages.js';
import type { Minutes } from './minutes';

export interface PdfLabels {
	compartment: (code: string) => string;
	attendance: (code: string | null) => string;
	decisionKind: (code: string) => string;
	decisionStatus: (code: string) => string;
	actionStatus: (code: string) => string;
	dateTime: (d: Date) => string;
	date: (d: string | Date | null) => string;
}

// The standard PDF fonts cover Windows-1252 only; other letters fall back to their base letter.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
function pdfText(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.codePointAt(0)!;
		if (
			(code >= 0x20 && code <= 0x7e) ||
			(code >= 0xa0 && code <= 0xff) ||
			WIN_ANSI_EXTRA.includes(ch) ||
			ch === '\n'
		)
			out += ch;
		else out += ch.normalize('NFKD').replace(/[^\x20-\x7e]/g, '') || (ch === 'ı' ? 'i' : '?');
	}
	return out;
}

/** Renders minutes to PDF bytes. */
export function render(minutes: Minutes, readerName: string, labels: PdfLabels): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		// Uncompressed, so the text can be checked by the leak test and by people with plain tools.
		const doc = new PDFDocument({
			size: 'A4',
			margin: 56,
			compress: false,
			info: { Title: pdfText(`${m.minutes_title()} ${minutes.meeting.tableName}`), Author: 'Ketentafel' }
		});
		const chunks: Buffer[] = [];
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
		const t = (s: string) => pdfText(s);
		const mt = minutes.meeting;

		doc.font('Helvetica-Bold').fontSize(18).text(t(m.minutes_title()));
		doc
			.font('Helvetica')
			.fontSize(12)
			.text(t(`${mt.tableName}, ${labels.dateTime(mt.startsAt)}${mt.place ? `, ${mt.place}` : ''}`));
		doc
			.fontSize(9)
			.fillColor('#444444')
			.text(t(m.minutes_for_reader({ name: readerName })));
		doc.fillColor('#000000').moveDown();

		doc.font('Helvetica-Bold').fontSize(13).text(t(m.minutes_attendance()));
		doc.font('Helvetica').fontSize(10);
		for (const a of minutes.attendance)
			doc.text(t(`${a.name} (${a.organisationName}): ${labels.attendance(a.status)}`));
		doc.moveDown();

		doc.font('Helvetica-Bold').fontSize(13).text(t(m.agenda_heading()));
		for (const item of minutes.items) {
			doc
				.moveDown(0.5)
				.font('Helvetica-Bold')
				.fontSize(11)
				.text(t(`${item.position}. ${item.label}`));
			for (const note of item.notes) {
				if (note.lines.every((l) => l.trim() === '')) continue;
				doc
					.font('Helvetica-Oblique')
					.fontSize(9)
					.text(t(m.minutes_notes_of({ compartment: labels.compartment(note.compartment) })));
				doc.font('Helvetica').fontSize(10);
				for (const line of note.lines) doc.text(t(line));
			}
			for (const d of minutes.decisions.filter((x) => x.agendaItemId === item.id)) {
				doc
					.font('Helvetica')
					.fontSize(10)
					.text(
						t(
							`${m.minutes_decision()}: ${d.text} (${labels.decisionKind(d.kind)}; ${labels.decisionStatus(d.status)})`
						)
					);
			}
		}
		doc.moveDown();

		doc.font('Helvetica-Bold').fontSize(13).text(t(m.minutes_decisions()));
		doc.font('Helvetica').fontSize(10);
		if (minutes.decisions.length === 0) doc.text(t(m.decisions_none()));
		for (const d of minutes.decisions) {
			doc.text(
				t(
					`• ${d.text} – ${labels.decisionKind(d.kind)}, ${labels.decisionStatus(d.status)}${d.followUpOwnerName ? `, ${d.followUpOwnerName}` : ''}${d.followUpDate ? `, ${labels.date(d.followUpDate)}` : ''}`
				)
			);
		}
		doc.moveDown();

		doc.font('Helvetica-Bold').fontSize(13).text(t(m.minutes_actions()));
		doc.font('Helvetica').fontSize(10);
		if (minutes.actions.length === 0) doc.text(t(m.plan_no_actions()));
		for (const a of minutes.actions) {
			doc.text(
				t(
					`• ${a.title} – ${a.caseReference}, ${labels.compartment(a.compartment)}, ${a.ownerName ?? m.action_no_owner()}${a.dueDate ? `, ${labels.date(a.dueDate)}` : ''} (${labels.actionStatus(a.status)})`
				)
			);
		}
		if (minutes.corrections.length) {
			doc.moveDown().font('Helvetica-Bold').fontSize(13).text(t(m.minutes_corrections()));
			doc.font('Helvetica').fontSize(10);
			for (const c of minutes.corrections)
				doc.text(t(`${labels.dateTime(c.at)} – ${c.userName ?? ''} (${labels.compartment(c.compartment)})`));
		}
		doc.end();
	});
}
