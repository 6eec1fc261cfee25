using System.IO.Compression;
using System.Text.Json;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    private sealed partial class VerificationRun
    {
        /// <summary>
        /// personal-values.jsonl, when present: each line's salt and value must open its commitment, and the commitment
        /// must stand in the old or new values of the event with that seq (whose hashes the event checks proved).
        /// </summary>
        private void CheckPersonalValues(Dictionary<string, ZipArchiveEntry> entries, CancellationToken ct)
        {
            if (!entries.TryGetValue(PackageFiles.PersonalValues, out var entry) || !entries.TryGetValue(PackageFiles.EventsJsonLines, out var eventsEntry))
                return;
            var claimed = new Dictionary<long, List<(long Line, string Commitment)>>();
            using (var lines = new LineReader(Open(entry, _limits.TotalBytes), _limits.LineBytes))
            {
                while (lines.Next() is { } line)
                {
                    PersonalValueLine value;
                    try
                    {
                        value = PersonalValueLine.Parse(line);
                    }
                    catch (FormatException ex)
                    {
                        Add(PackageFiles.PersonalValues, lines.LineNumber, null, ex.Message);
                        continue;
                    }
                    byte[] salt;
                    try
                    {
                        salt = Convert.FromHexString(value.Salt);
                    }
                    catch (FormatException)
                    {
                        Add(PackageFiles.PersonalValues, lines.LineNumber, value.Seq, "its salt is not hex");
                        continue;
                    }
                    if (!PersonalCommitment.Opens(value.Commitment, salt, value.Value))
                        Add(PackageFiles.PersonalValues, lines.LineNumber, value.Seq, "its salt and value do not open its commitment: the value was changed");
                    else
                        (claimed.TryGetValue(value.Seq, out var list) ? list : claimed[value.Seq] = []).Add((lines.LineNumber, value.Commitment));
                }
                if (!lines.LastLineTerminated)
                    Add(PackageFiles.PersonalValues, lines.LineNumber, null, "the last line does not end in a newline: the file was cut or edited");
            }
            if (claimed.Count == 0) return;
            using var events = new LineReader(Open(eventsEntry, _limits.TotalBytes), _limits.LineBytes);
            while (events.Next() is { } line)
            {
                ct.ThrowIfCancellationRequested();
                ExportedEvent row;
                try
                {
                    row = EventJsonLine.Parse(line);
                }
                catch (FormatException)
                {
                    continue; // reported by the event checks
                }
                if (!claimed.Remove(row.Seq, out var wanted)) continue;
                var present = Commitments(row.Event.OldValues).Concat(Commitments(row.Event.NewValues)).ToHashSet(StringComparer.Ordinal);
                foreach (var (lineNo, commitment) in wanted.Where(w => !present.Contains(w.Commitment)))
                    Add(PackageFiles.PersonalValues, lineNo, row.Seq, $"commitment {commitment} is not in the values of seq {row.Seq}");
            }
            foreach (var (seq, wanted) in claimed)
                foreach (var (lineNo, _) in wanted)
                    Add(PackageFiles.PersonalValues, lineNo, seq, $"names seq {seq}, which events.jsonl does not hold");
        }

        private static List<string> Commitments(string? json)
        {
            var found = new List<string>();
            if (!PersonalCommitment.MayContain(json)) return found;
            using var doc = JsonDocument.Parse(json!, new JsonDocumentOptions { MaxDepth = Diff.AuditJson.MaxDepth });
            var pending = new Stack<JsonElement>();
            pending.Push(doc.RootElement);
            while (pending.Count > 0)
            {
                var element = pending.Pop();
                if (element.ValueKind == JsonValueKind.Object)
                {
                    var members = element.EnumerateObject().ToList();
                    if (members is [{ Name: PersonalCommitment.MemberName, Value.ValueKind: JsonValueKind.String } only])
                        found.Add(only.Value.GetString()!);
                    else
                        foreach (var m in members) pending.Push(m.Value);
                }
                else if (element.ValueKind == JsonValueKind.Array)
                    foreach (var item in element.EnumerateArray()) pending.Push(item);
            }
            return found;
        }
    }
}
