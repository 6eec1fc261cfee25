using System.Buffers;
using System.IO.Compression;
using System.Text;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Builds the zip of an evidence package from events, proofs and a checkpoint, wherever they come
/// from. events.csv streams straight into the zip; events.jsonl and proofs.jsonl are spooled to
/// temporary files (a zip has one open entry at a time) and copied in by <see cref="FinishAsync"/>.
/// Every file is hashed as it is written. Dispose writes the zip's central directory.
/// </summary>
public sealed class EvidencePackageAssembler : IAsyncDisposable
{
    private readonly ZipArchive _zip;
    private readonly HashingWriteStream _csvStream;
    private readonly StreamWriter _csvText;
    private readonly EventCsvWriter _csv;
    private readonly Spool _jsonl = Spool.Create();
    private readonly Spool _proofs = Spool.Create();
    private readonly Spool _boundaries = Spool.Create();
    private readonly Spool _exportEvent = Spool.Create();
    private bool _hasExportEvent;
    private readonly Spool _personal = Spool.Create();
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly CanonicalJsonWriter _scratch = new();
    private bool _finished;
    private readonly List<(long Seq, InclusionProof Proof)> _tlogProofs = [];
    private bool _tlogProofsOverflow;
    private (long Seq, InclusionProof Proof)? _exportTlogProof;
    private readonly List<ExpiredSpan> _expired = [];

    /// <summary>When set, <see cref="FinishAsync"/> adds manifest.dsse.json (signed by this key) and export-key.pub.</summary>
    public ExportSigningKey? StatementKey { get; set; }

    private readonly bool _canonicalCsv;

    /// <param name="formatVersion">The manifest's format version: from 4 on, events.csv holds canonical JSON.</param>
    public EvidencePackageAssembler(Stream output, int formatVersion = PackageFiles.FormatVersion)
    {
        _canonicalCsv = formatVersion >= PackageFiles.CanonicalCsvFormatVersion;
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        _csvStream = new HashingWriteStream(_zip.CreateEntry(PackageFiles.EventsCsv, CompressionLevel.Fastest).Open(), leaveOpen: false);
        _csvText = new StreamWriter(_csvStream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        _csv = new EventCsvWriter(_csvText);
    }

    public long EventsWritten { get; private set; }
    public long ProofsWritten { get; private set; }
    public long BoundaryProofsWritten { get; private set; }

    /// <summary>
    /// Format 3, time-range packages: proves the whole seq span with one line, written before any
    /// event. Events then carry no proof line of their own; an inclusion proof given with an event
    /// only feeds its tlog-proof file (packages of at most <see cref="PackageFiles.TlogProofEventLimit"/> events).
    /// </summary>
    public void AddRangeProof(RangeProof proof)
    {
        if (EventsWritten > 0 || ProofsWritten > 0) throw new InvalidOperationException("the range proof is the first line of proofs.jsonl");
        RangeProofJsonLine.From(proof).Write(_buffer);
        _proofs.Write(_buffer);
        ProofsWritten++;
        _rangeProven = true;
    }

    private bool _rangeProven;

    /// <summary>Adds one event to all three event files, with its inclusion proof unless a range proof covers it.</summary>
    public void AddEvent(ExportedEvent row, InclusionProof? proof)
    {
        if (proof is null && !_rangeProven) throw new ArgumentNullException(nameof(proof), "an event outside a range proof needs its inclusion proof");
        var values = EventJsonLine.Write(_buffer, row, _scratch);
        if (_canonicalCsv) _csv.Write(row, _scratch.WrittenSpan, values);
        else _csv.Write(row);
        _jsonl.Write(_buffer);
        EventsWritten++;
        if (!_rangeProven)
        {
            new ProofJsonLine(row.Seq, proof!.LeafIndex, proof.TreeSize, proof.Path).Write(_buffer);
            _proofs.Write(_buffer);
            ProofsWritten++;
        }
        // Memory stays bounded: past the limit the package carries no per-event tlog-proof at all.
        if (_tlogProofsOverflow) return;
        if (proof is null)
        {
            _tlogProofsOverflow = true;
            _tlogProofs.Clear();
            return;
        }
        if (_tlogProofs.Count < PackageFiles.TlogProofEventLimit) _tlogProofs.Add((row.Seq, proof));
        else
        {
            _tlogProofsOverflow = true;
            _tlogProofs.Clear();
        }
    }

    /// <summary>Adds a retention archive record that covers the seq a history's first change links to (expired.jsonl).</summary>
    public void AddExpiredSpan(ExpiredSpan span) => _expired.Add(span);

    /// <summary>
    /// Adds a neighbour of a time range (before or after) in full: its line in boundaries.jsonl and
    /// its proof line in proofs.jsonl, so a verifier can recompute its leaf and check its time (format 2).
    /// </summary>
    public void AddBoundaryEvent(string side, ExportedEvent row, InclusionProof proof)
    {
        EventJsonLine.Write(_buffer, row, _scratch);
        _boundaries.Write(_buffer);
        BoundaryEventsWritten++;
        AddBoundaryProof(side, row.Seq, row.LeafHash, proof);
    }

    /// <summary>Adds the export's own sealed access event and its proof (bound exports): the manifest's claims must match it.</summary>
    public void AddExportEvent(ExportedEvent row, InclusionProof proof)
    {
        if (_hasExportEvent) throw new InvalidOperationException("a package holds one export event");
        EventJsonLine.Write(_buffer, row, _scratch);
        _exportEvent.Write(_buffer);
        _hasExportEvent = true;
        _exportTlogProof = (row.Seq, proof);
        AddBoundaryProof(ProofJsonLine.Export, row.Seq, row.LeafHash, proof);
    }

    /// <summary>Adds the value and salt behind one commitment of an exported event (personal-values.jsonl).</summary>
    public void AddPersonalValue(PersonalValueLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Write(_buffer);
        _personal.Write(_buffer);
        PersonalValuesWritten++;
    }

    /// <summary>Lines written to personal-values.jsonl.</summary>
    public long PersonalValuesWritten { get; private set; }

    /// <summary>Neighbours written in full to boundaries.jsonl.</summary>
    public long BoundaryEventsWritten { get; private set; }

    /// <summary>Adds the proof of a neighbour of a time range (before or after) by leaf hash (format 1 wrote only this).</summary>
    public void AddBoundaryProof(string side, long seq, byte[] leafHash, InclusionProof proof)
    {
        new ProofJsonLine(seq, proof.LeafIndex, proof.TreeSize, proof.Path, side, leafHash).Write(_buffer);
        _proofs.Write(_buffer);
        BoundaryProofsWritten++;
    }

    /// <summary>
    /// Adds the remaining files and the manifest (its file list and counts filled in here) and returns
    /// the manifest. The caller disposes afterwards to complete the zip.
    /// </summary>
    public async Task<PackageManifest> FinishAsync(PackageManifest manifest, string checkpointNote,
        IEnumerable<CheckpointVerifierKey> keys, CancellationToken ct)
    {
        if (_finished) throw new InvalidOperationException("the package is already finished");
        // events.csv is already written in one format's form; a manifest naming another would not verify.
        if (manifest.FormatVersion >= PackageFiles.CanonicalCsvFormatVersion != _canonicalCsv)
            throw new InvalidOperationException($"the manifest says format {manifest.FormatVersion}, but events.csv was written for another; pass the format version to the assembler");
        _finished = true;
        _csv.Complete();
        await _csvText.FlushAsync(ct);
        await _csvText.DisposeAsync();
        _csv.Dispose();
        var files = new List<ManifestFile> { new(PackageFiles.EventsCsv, _csvStream.BytesWritten, _csvStream.HexHash()) };
        await _csvStream.DisposeAsync();

        files.Add(await _jsonl.CopyIntoAsync(_zip, PackageFiles.EventsJsonLines, ct));
        files.Add(await _proofs.CopyIntoAsync(_zip, PackageFiles.Proofs, ct));
        if (BoundaryEventsWritten > 0) files.Add(await _boundaries.CopyIntoAsync(_zip, PackageFiles.Boundaries, ct));
        if (_hasExportEvent) files.Add(await _exportEvent.CopyIntoAsync(_zip, PackageFiles.ExportEvent, ct));
        if (PersonalValuesWritten > 0) files.Add(await _personal.CopyIntoAsync(_zip, PackageFiles.PersonalValues, ct));
        if (_expired.Count > 0)
            files.Add(await AddTextAsync(PackageFiles.ExpiredHistory, string.Concat(_expired.Select(e => e.ToJsonLine() + "\n")), ct));
        files.Add(await AddTextAsync(PackageFiles.Checkpoint, checkpointNote, ct));
        // The export event may also be an exported event (a record export with access events): one file per seq.
        var exportProof = _exportTlogProof is { } e && !_tlogProofs.Any(p => p.Seq == e.Seq) ? [e] : Array.Empty<(long, InclusionProof)>();
        foreach (var (seq, proof) in _tlogProofs.Concat(exportProof))
            files.Add(await AddTextAsync(TlogProofName(seq), new TlogProof(proof.LeafIndex, proof.Path, checkpointNote).ToText(), ct));
        foreach (var key in keys)
            files.Add(await AddTextAsync($"{PackageFiles.KeysFolder}{key.Name}+{key.KeyId:x8}.pub", key + "\n", ct));
        files.Add(await AddTextAsync(PackageFiles.VerifyInstructions, VerifyInstructions.Text, ct));

        var complete = manifest with
        {
            Counts = manifest.Counts with { Events = EventsWritten, CsvRows = _csv.RowsWritten, Proofs = ProofsWritten + BoundaryProofsWritten, BoundaryProofs = BoundaryProofsWritten },
            Files = files,
        };
        if (StatementKey is { } statementKey)
        {
            files.Add(await AddTextAsync(PackageFiles.ExportKey, statementKey.VerifierKey + "\n", ct));
            // The statement covers every other file and the claims; the manifest then lists the envelope too.
            var statement = ExportStatement.Build(complete with { Files = files });
            files.Add(await AddBytesAsync(PackageFiles.ManifestEnvelope, DsseEnvelope.Sign(DsseEnvelope.InTotoPayloadType, statement, statementKey).ToJsonBytes(), ct));
            complete = complete with { Files = files };
        }
        await AddBytesAsync(PackageFiles.Manifest, complete.ToJsonBytes(), ct);
        return complete;
    }

    /// <summary>The tlog-proof file of the event at <paramref name="seq"/>.</summary>
    public static string TlogProofName(long seq) => $"{PackageFiles.TlogProofsFolder}{seq.ToString(System.Globalization.CultureInfo.InvariantCulture)}.tlog-proof";

    private Task<ManifestFile> AddTextAsync(string name, string text, CancellationToken ct) =>
        AddBytesAsync(name, new UTF8Encoding(false).GetBytes(text), ct);

    private async Task<ManifestFile> AddBytesAsync(string name, byte[] bytes, CancellationToken ct)
    {
        var entry = _zip.CreateEntry(name, CompressionLevel.Fastest);
        await using (var stream = entry.Open()) await stream.WriteAsync(bytes, ct);
        return new ManifestFile(name, bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _csv.Dispose();
            await _csvText.DisposeAsync();
            await _csvStream.DisposeAsync();
        }
        await _jsonl.DisposeAsync();
        await _proofs.DisposeAsync();
        await _boundaries.DisposeAsync();
        await _exportEvent.DisposeAsync();
        await _personal.DisposeAsync();
        _zip.Dispose();
    }
}
