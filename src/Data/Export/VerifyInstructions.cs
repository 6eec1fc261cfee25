namespace AuditExplorer.Data.Export;

/// <summary>The VERIFY.md placed in every package.</summary>
internal static class VerifyInstructions
{
    public const string Text = """
        # Verifying this evidence package

        This package holds audit events exported from AuditExplorer, each with its hash, and proof
        that they are part of the tenant's log as signed in `checkpoint.txt`.

        ## With the AuditExplorer command line (offline, no database needed)

            auditexplorer verify-package package.zip --key "<the log's published public key>"
            auditexplorer verify-package package.zip --trust trusted-keys.txt   (one key a line)

        Obtain the public key from the log's operator, not from this package: the key in `keys/`
        proves only that the package is internally consistent, since anyone can sign a package
        with a key they include.

        If the log's checkpoints are cosigned by witnesses (the tenant's own, or a third party's),
        require their cosignatures on `checkpoint.txt` as well:

            auditexplorer verify-package package.zip --key "<log key>" --witness-key "<witness key>" --witness-quorum 1

        `--witness-key` takes a witness's public key (name+keyid+base64); repeat it, separate
        several with `;`, or list them one a line in `--witness-key-file F`. `--witness-quorum N`
        is how many of those witnesses must have cosigned (default: every key given). Obtain the
        witness keys from the witnesses themselves, not from this package.

        It checks the zip's entry names and sizes, the SHA-256 of every file listed in
        `manifest.json` (and that nothing else is present), recomputes each event's canonical
        bytes and hashes from `events.jsonl` (each line must be byte for byte canonical), checks
        the proofs in `proofs.jsonl` against the checkpoint root, the checkpoint
        signature, that `events.csv` holds the same events, that every event matches the
        manifest's filter and every count is right, for a time-range package that no seq is
        missing and that the neighbours in `boundaries.jsonl` occurred outside the range, and for
        a whole record's (or actor's) history that every event links back to the previous change
        and, for a record, that the export's own event links to the newest one.

        Exit codes:
        - 0 TRUSTED: everything verified and the checkpoint is signed by a key you gave;
        - 1 FAILED: the package is damaged or altered, or not signed by the key you gave
          (each problem is listed with file, line and seq);
        - 2: usage error (for example a malformed key);
        - 3 UNTRUSTED: consistent, but signed only by the key inside the package;
          pass the log's published key with --key, --key-file or --trust;
        - 4: the package file cannot be read;
        - 5 NOT WITNESSED: with --witness-key, everything verified and the log key signed, but
          `checkpoint.txt` lacks valid cosignatures from the quorum of witnesses you gave (a
          cosignature by a given witness that does not verify is 1 FAILED).

        ## By hand

        - `events.jsonl`: one event per line. `event` is the RFC 8785 canonical JSON the hashes
          cover. leaf_hash = SHA-256(0x00 || event bytes); hash = SHA-256(event bytes || prev_hash).
        - `boundaries.jsonl` (time ranges): the events at seq first - 1 and last + 1, same format;
          they must lie outside the manifest's time range.
        - `export-event.jsonl` (bound exports): the export's own audit_log.export access event,
          same format; the manifest's exporter, reason and filter must equal what it recorded.
        - Events with "hash_format":2 carry prev_record_seq / prev_actor_seq: the seq of the
          previous change (change_kind not access) of the same record / actor, or null. In a
          record export, each event's prev_record_seq must be the newest change listed before it,
          and the export event's prev_record_seq the newest change before the export.
        - `proofs.jsonl`, time-range packages (format 3 on): the first line proves every event of
          seq first_seq to last_seq at once: start from the subtree hashes in "left" (leaves 0 to
          first_seq - 2, largest first), append each event's leaf hash in seq order as RFC 6962
          leaves, append the subtree hashes in "right" (the aligned subtrees that tile the leaves
          after last_seq), and the root of tree_size leaves must be the checkpoint's root
          (docs/event-format.md, "Range proofs", gives the steps). The lines after it, and every
          line of other packages: RFC 6962 / RFC 9162 inclusion proof of leaf index seq - 1 in a
          tree of tree_size leaves (hashes in base64).
        - `checkpoint.txt`: a C2SP tlog-checkpoint signed note (Ed25519, or ECDSA P-256 for older keys); `keys/*.pub` hold
          the signer's public key as name+keyid+base64. Witness cosignatures are further signature
          lines of the same note (C2SP tlog-cosignature: Ed25519, type 0x04, over the checkpoint
          and the time of cosigning).
        - `tlog-proofs/<seq>.tlog-proof` (packages of at most 1,000 events, and the export event):
          the same inclusion proofs in C2SP tlog-proof form (index = seq - 1, path, checkpoint.txt
          verbatim), for tools that read c2sp.org/tlog-proof. Larger packages have proofs.jsonl only.
          A time range's proof has a few dozen hashes however many events it covers.
        - `manifest.dsse.json` + `export-key.pub` (only when the exporter has an export key
          configured; otherwise the package has neither and nothing requires them): a DSSE envelope
          (payload type application/vnd.in-toto+json) of an in-toto Statement v1 whose subjects are
          every file the manifest lists except the envelope itself, with their SHA-256, and whose
          predicate is manifest.json without "files". It is signed with the export key (Ed25519),
          not the log key; the export's sealed access event records that key (context.export_key),
          so the log vouches for it. Trust still comes from the checkpoint.
        - `expired.jsonl` (record and actor histories only): retention archive records covering the
          seq the first remaining change links back to: earlier changes expired by policy and are
          in that archive (location, SHA-256); the records are the store's word.
        - `events.csv`: the same events for spreadsheets. Cells beginning with = + - @ tab or
          carriage return have a leading ' added so they are not run as formulas; the JSON Lines
          file keeps the exact values. From format 4 on, the old_values, new_values and context
          columns hold the same canonical JSON text as events.jsonl (compact, keys sorted).
        """;
}
