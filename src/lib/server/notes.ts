/**
 * Renders collaborative notes (the TipTap/ProseMirror structure that y-prosemirror keeps in a
 * Y.XmlFragment) on the server, for minutes and their PDF — no browser, no editor needed.
 */
import * as Y from 'yjs';

const BLOCKS: Record<string, string> = {
	paragraph: 'p',
	bulletList: 'ul',
	orderedList: 'ol',
	listItem: 'li',
	blockquote: 'blockquote',
	codeBlock: 'pre',
	horizontalRule: 'hr',
	hardBreak: 'br'
};
const MARKS: Array<[string, string]> = [
	['bold', 'strong'],
	['italic', 'em'],
	['strike', 's'],
	['code', 'code'],
	['underline', 'u']
];

function escape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function textHtml(node: Y.XmlText): string {
	return (node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>)
		.map((op) => {
			if (typeof op.insert !== 'string') return '';
			let html = escape(op.insert);
			for (const [mark, tag] of MARKS) if (op.attributes?.[mark]) html = `<${tag}>${html}</${tag}>`;
			return html;
		})
		.join('');
}

function nodeHtml(node: Y.XmlElement | Y.XmlText): string {
	if (node instanceof Y.XmlText) return textHtml(node);
	const name = node.nodeName;
	const inner = node
		.toArray()
		.map((child) => nodeHtml(child as Y.XmlElement | Y.XmlText))
		.join('');
	if (name === 'heading') {
		// Headings inside notes sit under the minutes' own headings.
		const level = Math.min(6, Math.max(4, Number(node.getAttribute('level') ?? 1) + 3));
		return `<h${level}>${inner}</h${level}>`;
	}
	const tag = BLOCKS[name] ?? 'div';
	if (tag === 'hr' || tag === 'br') return `<${tag}>`;
	if (tag === 'pre') return `<pre><code>${inner}</code></pre>`;
	return `<${tag}>${inner}</${tag}>`;
}

/** The notes as safe HTML (all text escaped; only a fixed set of tags). */
export function toHtml(doc: Y.Doc, field = 'notes'): string {
	return doc
		.getXmlFragment(field)
		.toArray()
		.map((n) => nodeHtml(n as Y.XmlElement | Y.XmlText))
		.join('');
}

function nodeLines(node: Y.XmlElement | Y.XmlText, prefix: string, out: string[]): void {
	if (node instanceof Y.XmlText) {
		out.push(
			prefix +
				(node.toDelta() as Array<{ insert: unknown }>)
					.map((op) => (typeof op.insert === 'string' ? op.insert : ''))
					.join('')
		);
		return;
	}
	const children = node.toArray() as Array<Y.XmlElement | Y.XmlText>;
	if (node.nodeName === 'bulletList' || node.nodeName === 'orderedList') {
		children.forEach((child, i) =>
			nodeLines(child, node.nodeName === 'orderedList' ? `${i + 1}. ` : '• ', out)
		);
		return;
	}
	if (node.nodeName === 'listItem') {
		children.forEach((child, i) => nodeLines(child, i === 0 ? prefix : '   ', out));
		return;
	}
	if (children.length === 0) {
		out.push('');
		return;
	}
	children.forEach((child, i) => nodeLines(child, i === 0 ? prefix : '', out));
}

/** The notes as plain lines (for the PDF). */
export function toLines(doc: Y.Doc, field = 'notes'): string[] {
	const out: string[] = [];
	for (const node of doc.getXmlFragment(field).toArray())
		nodeLines(node as Y.XmlElement | Y.XmlText, '', out);
	while (out.length && out[out.length - 1].trim() === '') out.pop();
	return out;
}
