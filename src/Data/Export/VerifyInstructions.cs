namespace AuditExplorer.Data.Export;

/// <summary>The VERIFY.md placed in every package.</summary>
internal static class VerifyInstructions
{
    public const string Text = """
        # Verifying this evidence package

        This package holds audit events exported from AuditExplorer, each with its hash and a proof
        that it is part of the tenant's log as signed in `checkpoint.txt`.

        ## With the AuditExplorer command line (offline, no database needed)

            auditexplorer verify-package package.zip --key "<public key you trust>"

        It checks the SHA-256 of every file listed in `manifest.json`, recomputes each event's
        canonical bytes and hashes from `events.jsonl`, checks every inclusion proof in
        `proofs.jsonl` against the checkpoint root, checks the checkpoint signature, checks that
        `events.csv` holds the same events, and for a time-range package that no seq is missing.
        Exit code 0 means everything verified; otherwise it lists each failure (file, line, seq).

        Without `--key` the signature is checked with the key in `keys/` only, which proves
        integrity but not origin: obtain the log's public key from its operator to pin it.

        ## By hand

        - `events.jsonl`: one event per line. `event` is the RFC 8785 canonical JSON the hashes
          cover. leaf_hash = SHA-256(0x00 || event bytes); hash = SHA-256(event bytes || prev_hash).
        - `proofs.jsonl`: RFC 6962 / RFC 9162 inclusion proof of leaf index seq - 1 in a tree of
          tree_size leaves (hashes in base64).
        - `checkpoint.txt`: a C2SP tlog-checkpoint signed note (ECDSA P-256); `keys/*.pub` hold
          the signer's public key as name+keyid+base64.
        - `events.csv`: the same events for spreadsheets. Cells beginning with = + - @ tab or
          carriage return have a leading ' added so they are not run as formulas; the JSON Lines
          file keeps the exact values.
        """;
}
