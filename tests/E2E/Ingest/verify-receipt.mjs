// An independent check of an ingest receipt, written from docs/ingest-api.md, c2sp.org/signed-note and
// RFC 6962 with nothing but Node's built-in crypto:
//   node verify-receipt.mjs <receipt.json> <ed25519 public key "name+keyid+base64">
// The key may be published under the bare log name; its C2SP key id is recomputed for the note's origin.
// Exits 0 when the checkpoint's signature verifies and the inclusion proof leads to its root, 1 when not.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const fail = (message) => { console.error(message); process.exit(1); };
const [receiptFile, vkey] = process.argv.slice(2);
const receipt = JSON.parse(readFileSync(receiptFile, 'utf8'));
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();

// The signed note: origin, tree size, base64 root, blank line, signature lines.
const note = receipt.checkpoint;
const split = note.lastIndexOf('\n\n');
const [origin, sizeText, rootB64] = note.slice(0, split).split('\n');
if (Number(sizeText) !== receipt.tree_size) fail(`tree size ${receipt.tree_size} is not the checkpoint's ${sizeText}`);
const blob = Buffer.from(vkey.slice(vkey.indexOf('+', vkey.indexOf('+') + 1) + 1), 'base64');
if (blob[0] !== 0x01) fail('only Ed25519 keys are checked here');
const keyBytes = blob.subarray(1);
const keyId = sha256(Buffer.from(origin + '\n'), Buffer.from([0x01]), keyBytes).subarray(0, 4);
const publicKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), keyBytes]), format: 'der', type: 'spki' });
const signed = note.slice(split + 2, -1).split('\n').some(line => {
  const [name, sig] = line.slice(2).split(' ');
  const sigBlob = Buffer.from(sig, 'base64');
  return name === origin && sigBlob.subarray(0, 4).equals(keyId)
    && verify(null, Buffer.from(note.slice(0, split + 1)), publicKey, sigBlob.subarray(4));
});
if (!signed) fail(`no valid signature by the key for ${origin}`);

// RFC 6962 inclusion: recompute the root from the leaf hash, its index (seq - 1) and the audit path.
let index = receipt.seq - 1, last = receipt.tree_size - 1;
let hash = Buffer.from(receipt.leaf_hash, 'base64');
for (const sibling of receipt.inclusion_proof.map(p => Buffer.from(p, 'base64'))) {
  if (last === 0) fail('proof is longer than the tree');
  if (index % 2 === 1 || index === last) {
    hash = sha256(Buffer.from([1]), sibling, hash);
    while (index % 2 === 0 && index !== 0) { index /= 2; last = Math.floor(last / 2); }
  } else {
    hash = sha256(Buffer.from([1]), hash, sibling);
  }
  index = Math.floor(index / 2); last = Math.floor(last / 2);
}
if (last !== 0) fail('proof is shorter than the tree');
if (!hash.equals(Buffer.from(rootB64, 'base64'))) fail('the proof does not lead to the checkpoint root');
console.log(`receipt of seq ${receipt.seq} verifies in ${origin} at size ${receipt.tree_size}`);
