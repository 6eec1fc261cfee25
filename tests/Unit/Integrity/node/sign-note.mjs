// Signs a note the way c2sp.org/signed-note says, with Node's built-in crypto and a fresh key:
// `node sign-note.mjs <ed25519|p256> <key-name> <text-file> <out-dir>` writes note.txt and
// vkey.txt (name+keyid+base64(type || key)) to out-dir.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [kind, name, textFile, outDir] = process.argv.slice(2);
const text = readFileSync(textFile);
let type, keyBytes, signature;
if (kind === 'ed25519') {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  type = 0x01;
  keyBytes = publicKey.export({ format: 'der', type: 'spki' }).subarray(12); // the 32 raw bytes after the SPKI header
  signature = sign(null, text, privateKey);
} else if (kind === 'p256') {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  type = 0x02;
  keyBytes = publicKey.export({ format: 'der', type: 'spki' });
  signature = sign('sha256', text, { key: privateKey, dsaEncoding: 'der' });
} else {
  console.error('usage: sign-note.mjs <ed25519|p256> <key-name> <text-file> <out-dir>');
  process.exit(2);
}
const keyId = type === 0x01
  ? createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([type]), keyBytes])).digest().subarray(0, 4)
  : createHash('sha256').update(keyBytes).digest().subarray(0, 4);
const line = `\u2014 ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
writeFileSync(join(outDir, 'note.txt'), Buffer.concat([text, Buffer.from('\n' + line, 'utf8')]));
writeFileSync(join(outDir, 'vkey.txt'), `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([type]), keyBytes]).toString('base64')}\n`);
