namespace AuditExplorer.Data.Redaction;

/// <summary>
/// The personal values behind commitments (commitment hex → the value's JSON text), as read from
/// audit.all_personal_values. A commitment missing here belongs to an erased subject.
/// </summary>
public sealed class RevealedValues
{
    private readonly IReadOnlyDictionary<string, string> _byCommitment;

    /// <summary>Wraps values keyed by lower-case commitment hex.</summary>
    public RevealedValues(IReadOnlyDictionary<string, string> byCommitment)
    {
        ArgumentNullException.ThrowIfNull(byCommitment);
        _byCommitment = byCommitment;
    }

    /// <summary>No values at all: every commitment shows as erased (or redacted).</summary>
    public static RevealedValues None { get; } = new(new Dictionary<string, string>());

    /// <summary>How many values are known.</summary>
    public int Count => _byCommitment.Count;

    /// <summary>The value text behind a commitment, if its subject is not erased.</summary>
    public bool TryGet(string commitmentHex, out string valueText)
    {
        if (_byCommitment.TryGetValue(commitmentHex, out var text))
        {
            valueText = text;
            return true;
        }
        valueText = "";
        return false;
    }
}
