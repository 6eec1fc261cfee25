// An independent C2SP tlog-cosignature/v1 (Ed25519, type 0x04) verifier, written from c2sp.org/tlog-cosignature
// with nothing but Node's built-in crypto: `node verify-cosignature.mjs <note-file> <witness-key>` exits 0 and
// prints the timestamp when that witness's cosignature verifies, 1 when none does, 2 on malformed input.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const fail = (code, message) => { console.error(message); process.exit(code); };
const [noteFile, vkey] = process.argv.slice(2);
if (!noteFile || !vkey) fail(2, 'usage: verify-cosignature.mjs <note-file> <name+keyid+base64key>');

const first = vkey.indexOf('+');
const second = vkey.indexOf('+', first + 1);
if (first < 1 || second < 0) fail(2, 'witness key must be name+keyid+base64');
const [name, hexId, keyB64] = [vkey.slice(0, first), vkey.slice(first + 1, second), vkey.slice(second + 1).trim()];
const blob = Buffer.from(keyB64, 'base64');
if (blob.length !== 33 || blob[0] !== 0x04) fail(2, 'a cosigner key is type 0x04 and 32 bytes');
const keyBytes = blob.subarray(1);
// Key id = SHA-256(name || "\n" || 0x04 || 32-byte key)[:4].
const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([0x04]), keyBytes])).digest().subarray(0, 4);
if (keyId.toString('hex') !== hexId.toLowerCase()) fail(2, `key id ${hexId} does not match the key (${keyId.toString('hex')})`);
const publicKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), keyBytes]), format: 'der', type: 'spki' });

const note = readFileSync(noteFile, 'utf8');
const split = note.lastIndexOf('\n\n');
if (split < 0 || !note.endsWith('\n')) fail(2, 'not a signed note');
const body = note.slice(0, split + 1);
for (const line of note.slice(split + 2, -1).split('\n')) {
  if (!line.startsWith('\u2014 ')) fail(2, `bad signature line: ${line}`);
  const [sigName, sigB64] = line.slice(2).split(' ');
  const sigBlob = Buffer.from(sigB64, 'base64');
  if (sigName !== name || !sigBlob.subarray(0, 4).equals(keyId)) continue;
  // timestamped_signature: u64 big-endian POSIX seconds, then the 64-byte Ed25519 signature.
  if (sigBlob.length !== 4 + 8 + 64) fail(1, 'cosignature has the wrong length');
  const timestamp = sigBlob.readBigUInt64BE(4);
  const message = Buffer.from(`cosignature/v1\ntime ${timestamp}\n` + body, 'utf8');
  if (!verify(null, message, publicKey, sigBlob.subarray(12))) fail(1, `cosignature by ${name} does not verify`);
  console.log(`OK: cosigned by ${name}+${hexId} at ${timestamp}`);
  process.exit(0);
}
fail(1, `no cosignature by ${name}+${hexId}`);
