// Independent implementation of docs/event-format.md (canonical bytes, chain hash, leaf hash),
// written from the document alone with Node's built-in modules. It reads a vector file, recomputes
// every vector's canonical text and hashes from its "event", "seq", "links" and "prev_hash", and
// prints the file back with those members filled in. The test suite compares the output with the
// committed file; `node canonical-events.mjs vectors/edge-cases.json --write` regenerates it.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const MAX_DEPTH = 1000;

// A JSON parser that keeps each number's text (JSON.parse would turn 1e400 into Infinity) and the
// nesting depth (outer container = 1).
function parse(text) {
  let i = 0;
  let maxDepth = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const value = (depth) => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const d = depth + 1;
      if (d > maxDepth) maxDepth = d;
      i++;
      ws();
      if (c === '{') {
        const members = [];
        if (text[i] === '}') { i++; return { t: 'o', members }; }
        for (;;) {
          ws();
          const key = str();
          ws();
          if (text[i++] !== ':') throw new Error('expected :');
          members.push([key, value(d)]);
          ws();
          const s = text[i++];
          if (s === '}') return { t: 'o', members };
          if (s !== ',') throw new Error('expected , or }');
        }
      }
      const items = [];
      if (text[i] === ']') { i++; return { t: 'a', items }; }
      for (;;) {
        items.push(value(d));
        ws();
        const s = text[i++];
        if (s === ']') return { t: 'a', items };
        if (s !== ',') throw new Error('expected , or ]');
      }
    }
    if (c === '"') return { t: 's', v: str() };
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return { t: 'l', v }; }
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 100000));
    if (!m) throw new Error('bad JSON at ' + i);
    i += m[0].length;
    return { t: 'n', text: m[0] };
  };
  const str = () => {
    const start = i;
    if (text[i++] !== '"') throw new Error('expected string');
    while (text[i] !== '"') { if (text[i] === '\\') i++; i++; }
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value(0);
  ws();
  if (i !== text.length) throw new Error('trailing text');
  return { v, maxDepth };
}

// RFC 8785: members sorted by UTF-16 code units (JS string comparison), ECMAScript number text,
// JSON.stringify string escapes. The one deviation the document names: a number outside the
// double range is written as a string of its (stored) text.
function jcs(node) {
  switch (node.t) {
    case 'o': {
      const sorted = [...node.members].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return '{' + sorted.map(([k, v]) => JSON.stringify(k) + ':' + jcs(v)).join(',') + '}';
    }
    case 'a': return '[' + node.items.map(jcs).join(',') + ']';
    case 's': return JSON.stringify(node.v);
    case 'l': return JSON.stringify(node.v);
    case 'n': {
      const n = Number(node.text);
      return Number.isFinite(n) ? String(n) : JSON.stringify(node.text);
    }
  }
  throw new Error('unknown node');
}

function documentText(stored) {
  if (stored === null) return 'null';
  const { v, maxDepth } = parse(stored);
  return maxDepth > MAX_DEPTH ? JSON.stringify(stored) : jcs(v);
}

// The stored timestamp in any RFC 3339 form → UTC with six fractional digits, four-digit year.
function timestamp(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) throw new Error('timestamp ' + text);
  const micros = BigInt((m[7] ?? '').padEnd(6, '0'));
  // Date.UTC maps years 0-99 to 1900-1999, so the year is set on its own.
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  if (m[8] !== 'Z') {
    const sign = m[8][0] === '+' ? -1 : 1;
    d.setTime(d.getTime() + sign * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6))) * 60000);
  }
  const p = (n, w) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1, 2)}-${p(d.getUTCDate(), 2)}T${p(d.getUTCHours(), 2)}:` +
    `${p(d.getUTCMinutes(), 2)}:${p(d.getUTCSeconds(), 2)}.${p(micros, 6)}Z`;
}

// Members written in their sorted order by hand, so the top level needs no generic sort.
function canonical(e, seq, links) {
  const seqOrNull = (v) => (v === null ? 'null' : String(v));
  let out = '{"action":' + JSON.stringify(e.action) +
    ',"actor":{"id":' + JSON.stringify(e.actor.id) + ',"kind":' + JSON.stringify(e.actor.kind) + '}' +
    ',"change_kind":' + JSON.stringify(e.change_kind) +
    ',"context":' + documentText(e.context) +
    ',"entity":{"id":' + JSON.stringify(e.entity.id) + ',"type":' + JSON.stringify(e.entity.type) + '}';
  if (links) out += ',"hash_format":' + links.hash_format;
  out += ',"id":' + JSON.stringify(e.id) +
    ',"new_values":' + documentText(e.new_values) +
    ',"occurred_at":' + JSON.stringify(timestamp(e.occurred_at)) +
    ',"old_values":' + documentText(e.old_values);
  if (links) out += ',"prev_actor_seq":' + seqOrNull(links.prev_actor_seq) + ',"prev_record_seq":' + seqOrNull(links.prev_record_seq);
  out += ',"recorded_at":' + JSON.stringify(timestamp(e.recorded_at)) +
    ',"schema_version":' + e.schema_version + ',"seq":' + seq + ',"tenant_id":' + JSON.stringify(e.tenant_id) + '}';
  return out;
}

const sha256 = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };

const [file, mode] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(file, 'utf8'));
let previous = null;
for (const v of doc.vectors) {
  // A vector marked follows_previous chains to the one before it (prev_hash = its hash).
  if (v.follows_previous) v.prev_hash = previous;
  const c = Buffer.from(canonical(v.event, v.seq, v.links ?? null), 'utf8');
  v.canonical = c.toString('utf8');
  v.hash = sha256(c, Buffer.from(v.prev_hash, 'hex')).toString('hex');
  v.leaf_hash = sha256(Buffer.from([0]), c).toString('hex');
  previous = v.hash;
}
const out = JSON.stringify(doc, null, 2) + '\n';
if (mode === '--write') writeFileSync(file, out);
else process.stdout.write(out);
