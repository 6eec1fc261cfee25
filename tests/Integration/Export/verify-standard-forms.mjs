// An independent check of an unzipped evidence package's standard pieces, written from
// c2sp.org/tlog-proof, c2sp.org/signed-note, RFC 6962, the DSSE protocol, in-toto Statement v1 and
// docs/evidence-packages.md + docs/event-format.md, with nothing but Node's built-in crypto:
//   node verify-standard-forms.mjs <package folder> <seq> <log key "name+keyid+base64">
// 1. tlog-proofs/<seq>.tlog-proof: the leaf hash is recomputed from the event's canonical bytes
//    (events.jsonl or export-event.jsonl), the inclusion path walked to the root of the embedded
//    checkpoint, and that checkpoint's Ed25519 signature checked with the log key.
// 2. proofs.jsonl of a time-range package (format 3), when its first line is a range proof: every
//    event's leaf recomputed from events.jsonl, folded between the proof's left and right subtree
//    hashes (docs/event-format.md §4, "Range proofs"), must give the checkpoint's root.
// 3. manifest.dsse.json: the DSSE signature (PAE) with export-key.pub, every subject's SHA-256, the
//    subjects against manifest.json's files, and the predicate against manifest.json without "files".
// Exits 0 when all of it holds, 1 with one line naming the first problem otherwise.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const fail = (message) => { console.error(message); process.exit(1); };
const [folder, seqText, logKey] = process.argv.slice(2);
const seq = Number(seqText);
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const read = (name) => readFileSync(join(folder, name));
const ed25519 = (raw) => createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
const keyBlob = (text) => Buffer.from(text.trim().split('+').slice(2).join('+'), 'base64');

// --- the tlog-proof: header, index, hashes, blank line, checkpoint verbatim
const proofText = read(`tlog-proofs/${seq}.tlog-proof`).toString('utf8');
const blank = proofText.indexOf('\n\n');
if (blank < 0) fail('tlog-proof: no blank line before the checkpoint');
const head = proofText.slice(0, blank).split('\n');
if (head[0] !== 'c2sp.org/tlog-proof@v1') fail('tlog-proof: wrong header');
if (!/^index (0|[1-9][0-9]*)$/.test(head[1])) fail('tlog-proof: no index line');
const index = Number(head[1].slice(6));
if (index !== seq - 1) fail(`tlog-proof: index ${index} is not seq ${seq} - 1`);
const path = head.slice(2).map(line => Buffer.from(line, 'base64'));
if (path.some(h => h.length !== 32)) fail('tlog-proof: a path line is not a SHA-256 hash');
const note = proofText.slice(blank + 2);

// --- the event's canonical bytes are the "event" member of its line, byte for byte
const lines = ['events.jsonl', 'export-event.jsonl'].filter(f => existsSync(join(folder, f)))
  .flatMap(f => read(f).toString('utf8').split('\n')).filter(l => l.startsWith(`{"seq":${seq},`));
if (lines.length !== 1) fail(`no single event line for seq ${seq}`);
const marker = '"event":';
const eventText = lines[0].slice(lines[0].indexOf(marker) + marker.length, -1);
const event = JSON.parse(eventText);
if (event.seq !== seq) fail(`the event's canonical bytes name seq ${event.seq}, not ${seq}`);
let hash = sha256(Buffer.from([0]), Buffer.from(eventText, 'utf8'));

// --- the checkpoint note and its signature by the log key (key id recomputed for the origin)
const noteSplit = note.lastIndexOf('\n\n');
const [origin, sizeText, rootB64] = note.slice(0, noteSplit).split('\n');
const size = Number(sizeText);
const logRaw = keyBlob(logKey);
if (logRaw[0] !== 0x01) fail('only Ed25519 log keys are checked here');
const logId = sha256(Buffer.from(origin + '\n'), Buffer.from([0x01]), logRaw.subarray(1)).subarray(0, 4);
const signed = note.slice(noteSplit + 2, -1).split('\n').some(line => {
  const [name, sig] = line.slice(2).split(' ');
  const blob = Buffer.from(sig ?? '', 'base64');
  return name === origin && blob.subarray(0, 4).equals(logId)
    && verify(null, Buffer.from(note.slice(0, noteSplit + 1)), ed25519(logRaw.subarray(1)), blob.subarray(4));
});
if (!signed) fail(`checkpoint: no valid signature by the log key for ${origin}`);

// --- RFC 6962 / 9162 inclusion: fold the path from the leaf up to the root
let fn = index, sn = size - 1;
for (const sibling of path) {
  if (sn === 0) fail('tlog-proof: the path is longer than the tree');
  if (fn % 2 === 1 || fn === sn) {
    hash = sha256(Buffer.from([1]), sibling, hash);
    while (fn % 2 === 0 && fn !== 0) { fn /= 2; sn = Math.floor(sn / 2); }
  } else {
    hash = sha256(Buffer.from([1]), hash, sibling);
  }
  fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
}
if (sn !== 0) fail('tlog-proof: the path is shorter than the tree');
if (!hash.equals(Buffer.from(rootB64, 'base64'))) fail('tlog-proof: the inclusion path does not lead to the checkpoint root');
console.log(`tlog-proof of seq ${seq} verifies in ${origin} at size ${size}`);

// --- a time range's span, proven at once
const rangeLine = read('proofs.jsonl').toString('utf8').split('\n')[0];
const range = JSON.parse(rangeLine);
if ('first_seq' in range) {
  const { completeness } = JSON.parse(read('manifest.json').toString('utf8'));
  if (range.first_seq !== completeness.first_seq || range.last_seq !== completeness.last_seq) fail('range proof: not the span the manifest claims');
  if (range.tree_size !== size) fail('range proof: not for the checkpoint\'s tree size');
  // The heights of the aligned subtrees that tile leaves [a, b), left to right.
  const tiling = (a, b) => {
    const heights = [];
    for (let p = a; p < b;) {
      let k = 0;
      while ((p === 0 || p % 2 ** (k + 1) === 0) && p + 2 ** (k + 1) <= b) k++;
      heights.push(k);
      p += 2 ** k;
    }
    return heights;
  };
  const hashes = (list, heights, side) => {
    if (list.length !== heights.length) fail(`range proof: ${side} has ${list.length} hashes, the tiling needs ${heights.length}`);
    return list.map((h, i) => [heights[i], Buffer.from(h, 'base64')]);
  };
  const stack = hashes(range.left, tiling(0, range.first_seq - 1), 'left');
  const push = (height, h) => {
    while (stack.length > 0 && stack[stack.length - 1][0] === height) { h = sha256(Buffer.from([1]), stack.pop()[1], h); height++; }
    stack.push([height, h]);
  };
  let expected = range.first_seq;
  for (const line of read('events.jsonl').toString('utf8').split('\n').filter(l => l.length > 0)) {
    const text = line.slice(line.indexOf(marker) + marker.length, -1);
    if (JSON.parse(text).seq !== expected) fail(`range proof: events.jsonl holds seq ${JSON.parse(text).seq} where seq ${expected} belongs`);
    push(0, sha256(Buffer.from([0]), Buffer.from(text, 'utf8')));
    expected++;
  }
  if (expected !== range.last_seq + 1) fail(`range proof: events.jsonl ends before seq ${range.last_seq}`);
  for (const [height, h] of hashes(range.right, tiling(range.last_seq, size), 'right')) push(height, h);
  let root = stack[stack.length - 1][1];
  for (let i = stack.length - 2; i >= 0; i--) root = sha256(Buffer.from([1]), stack[i][1], root);
  if (!root.equals(Buffer.from(rootB64, 'base64'))) fail('range proof: the events do not lead to the checkpoint root');
  console.log(`range proof of seqs ${range.first_seq} to ${range.last_seq} verifies at size ${size}`);
}

// --- DSSE: PAE(type, payload) signed by the export key
const envelope = JSON.parse(read('manifest.dsse.json').toString('utf8'));
const payload = Buffer.from(envelope.payload, 'base64');
const type = Buffer.from(envelope.payloadType, 'utf8');
if (envelope.payloadType !== 'application/vnd.in-toto+json') fail('dsse: not an in-toto payload');
const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
const exportRaw = keyBlob(read('export-key.pub').toString('utf8'));
if (exportRaw[0] !== 0x01) fail('dsse: the export key is not Ed25519');
if (!envelope.signatures.some(s => verify(null, pae, ed25519(exportRaw.subarray(1)), Buffer.from(s.sig, 'base64'))))
  fail('dsse: no signature verifies with export-key.pub');

// --- the statement: subjects are manifest.json's files (but the envelope), predicate its other members
const statement = JSON.parse(payload.toString('utf8'));
const manifest = JSON.parse(read('manifest.json').toString('utf8'));
if (statement._type !== 'https://in-toto.io/Statement/v1') fail('dsse: not an in-toto Statement v1');
const listed = manifest.files.filter(f => f.name !== 'manifest.dsse.json');
if (statement.subject.length !== listed.length) fail('dsse: the subjects are not the listed files');
for (const file of listed) {
  const subject = statement.subject.find(s => s.name === file.name);
  const actual = createHash('sha256').update(read(file.name)).digest('hex');
  if (!subject || subject.digest.sha256 !== actual || file.sha256 !== actual) fail(`dsse: ${file.name} does not match its signed digest`);
}
const sorted = (v) => Array.isArray(v) ? v.map(sorted)
  : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sorted(v[k])])) : v;
const { files, ...claims } = manifest;
if (JSON.stringify(sorted(claims)) !== JSON.stringify(sorted(statement.predicate))) fail('dsse: the signed claims are not manifest.json\'s');
console.log(`manifest.dsse.json verifies: ${listed.length} files and the claims of ${manifest.tenant_id}`);
