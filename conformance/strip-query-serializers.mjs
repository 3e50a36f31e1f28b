// Removes the per-operation `querySerializer: { ... },` blocks from the generated SDK, as
// Waldur's published waldur-js-client does. The generator copies the contract's `explode: false`
// for offering_uuid, offering_slug and o into those blocks (arrays joined by commas); without
// them the client's default serializer sends every array as repeated keys
// (?status=Active&status=Unknown, ?offering_uuid=a&offering_uuid=b), which is what Waldur's
// clients really put on the wire and what Vigil must accept.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const source = readFileSync(file, 'utf8');
let out = '';
let removed = 0;
let at = 0;
for (;;) {
	const start = source.indexOf('querySerializer:', at);
	if (start < 0) break;
	const open = source.indexOf('{', start);
	let depth = 0;
	let end = open;
	for (; end < source.length; end++) {
		if (source[end] === '{') depth++;
		else if (source[end] === '}' && --depth === 0) break;
	}
	end++;
	// the block's line: its indentation, and the comma and line break after it
	while (source[end] === ',' || source[end] === ' ') end++;
	if (source[end] === '\n') end++;
	let lineStart = start;
	while (lineStart > 0 && source[lineStart - 1] === ' ') lineStart--;
	out += source.slice(at, lineStart);
	at = end;
	removed++;
}
out += source.slice(at);
if (removed === 0) {
	console.error(`${file}: no querySerializer block found; has the generator changed its output?`);
	process.exit(1);
}
if (out.includes('querySerializer')) {
	console.error(`${file}: a querySerializer is left after stripping`);
	process.exit(1);
}
writeFileSync(file, out);
console.log(`${file}: removed ${removed} querySerializer blocks`);
