using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Cli;

/// <summary>
/// --witness-key K (repeatable, or several separated by ';'), --witness-key-file F (one key a line, '#' comments)
/// and --witness-quorum N (default: every given key) for the verbs that can require cosignatures.
/// </summary>
internal sealed record WitnessKeyOptions(IReadOnlyList<WitnessVerifierKey> Keys, int Quorum)
{
    /// <summary>Exit code when the checkpoint verifies but is not cosigned by the required quorum of witnesses.</summary>
    public const int NotWitnessed = 5;

    public bool Required => Keys.Count > 0;

    public static WitnessKeyOptions From(CliArguments args)
    {
        var texts = args.GetAll("witness-key").SelectMany(k => k.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (args.Has("witness-key") && texts.Count == 0) throw new CliUsageException("--witness-key needs a witness public key (name+keyid+base64)");
        if (args.Get("witness-key-file") is { } file)
        {
            try
            {
                texts.AddRange(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new CliUsageException($"cannot read the witness key file {file}: {ex.Message}");
            }
        }
        var keys = new List<WitnessVerifierKey>();
        foreach (var text in texts)
        {
            try
            {
                keys.Add(WitnessVerifierKey.Parse(text));
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"not a witness public key: {ex.Message}");
            }
        }
        keys = keys.DistinctBy(k => k.Label).ToList();
        var quorum = args.GetInt("witness-quorum", keys.Count);
        if (args.Has("witness-quorum") && keys.Count == 0) throw new CliUsageException("--witness-quorum needs --witness-key or --witness-key-file");
        if (quorum > keys.Count) throw new CliUsageException($"--witness-quorum {quorum} is more than the {keys.Count} witness keys given");
        if (keys.Count > 0 && quorum < 1) throw new CliUsageException("--witness-quorum must be at least 1");
        return new WitnessKeyOptions(keys, quorum);
    }

    public CosignatureQuorumResult Check(string note) => CosignatureQuorum.Check(note, Keys, Quorum);
}
