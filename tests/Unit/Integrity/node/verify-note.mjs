// An independent C2SP signed-note verifier, written from c2sp.org/signed-note with nothing but
// Node's built-in crypto: `node verify-note.mjs <note-file> <verifier-key>` exits 0 when a
// signature by that key verifies, 1 when none does, 2 on malformed input.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const fail = (code, message) => { console.error(message); process.exit(code); };
const [noteFile, vkey] = process.argv.slice(2);
if (!noteFile || !vkey) fail(2, 'usage: verify-note.mjs <note-file> <name+keyid+base64key>');

// Verifier key: name "+" 8 hex digits "+" base64(type byte || public key).
// Base64 may contain '+' itself: only the first two '+' separate fields.
const first = vkey.indexOf('+');
const second = vkey.indexOf('+', first + 1);
if (first < 1 || second < 0) fail(2, 'verifier key must be name+keyid+base64');
const [name, hexId, keyB64] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1).trim()];
const blob = Buffer.from(keyB64, 'base64');
const type = blob[0];
const keyBytes = blob.subarray(1);
let keyId;
if (type === 0x01) {
  // Ed25519: key id = SHA-256(name || "\n" || 0x01 || 32-byte key)[0:4].
  if (keyBytes.length !== 32) fail(2, 'Ed25519 key must be 32 bytes');
  keyId = createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([0x01]), keyBytes])).digest().subarray(0, 4);
} else if (type === 0x02) {
  // ECDSA P-256: key id = SHA-256(DER SubjectPublicKeyInfo)[0:4].
  keyId = createHash('sha256').update(keyBytes).digest().subarray(0, 4);
} else {
  fail(2, `unsupported signature type ${type}`);
}
if (keyId.toString('hex') !== hexId.toLowerCase()) fail(2, `key id ${hexId} does not match the key (${keyId.toString('hex')})`);
const publicKey = type === 0x01
  ? createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), keyBytes]), format: 'der', type: 'spki' })
  : createPublicKey({ key: keyBytes, format: 'der', type: 'spki' });

// Note: text (ending in "\n"), a blank line, then signature lines "— name base64(keyid || sig)".
const note = readFileSync(noteFile, 'utf8');
const split = note.lastIndexOf('\n\n');
if (split < 0 || !note.endsWith('\n')) fail(2, 'not a signed note');
const text = Buffer.from(note.slice(0, split + 1), 'utf8');
for (const line of note.slice(split + 2, -1).split('\n')) {
  if (!line.startsWith('\u2014 ')) fail(2, `bad signature line: ${line}`);
  const [sigName, sigB64] = line.slice(2).split(' ');
  const sigBlob = Buffer.from(sigB64, 'base64');
  if (sigName !== name || !sigBlob.subarray(0, 4).equals(keyId)) continue;
  const signature = sigBlob.subarray(4);
  const ok = type === 0x01
    ? verify(null, text, publicKey, signature)
    : verify('sha256', text, { key: publicKey, dsaEncoding: 'der' }, signature);
  if (!ok) fail(1, `signature by ${name} does not verify`);
  console.log(`OK: signed by ${name}+${hexId}`);
  process.exit(0);
}
fail(1, `no signature by ${name}+${hexId}`);
