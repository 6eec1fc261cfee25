using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Data.Export;

public static partial class EvidencePackageVerifier
{
    private sealed partial class VerificationRun
    {
        private byte[]? _manifestBytes;

        /// <summary>
        /// manifest.dsse.json: signed by export-key.pub (DSSE PAE, Ed25519), that key is the one the export's
        /// sealed access event recorded (bound exports; else a warning), every subject is a file the manifest
        /// lists with the same SHA-256 and every listed file is a subject, and the predicate equals manifest.json's
        /// claims. An envelope the access event promised but the package lacks fails; no export key, no envelope.
        /// </summary>
        private void CheckEnvelope(Dictionary<string, ZipArchiveEntry> entries, AuditEvent? exportEvent)
        {
            const string file = PackageFiles.ManifestEnvelope;
            var recorded = exportEvent is null ? null : RecordedExportKey(exportEvent);
            if (!entries.TryGetValue(file, out var entry))
            {
                if (recorded is not null)
                    Add(file, null, null, $"missing, but the export's sealed access event records export key {recorded}: the signed statement was removed");
                return;
            }
            CheckpointVerifierKey? key = null;
            if (!entries.TryGetValue(PackageFiles.ExportKey, out var keyEntry)) Add(PackageFiles.ExportKey, null, null, "missing: manifest.dsse.json cannot be checked");
            else
            {
                try
                {
                    key = CheckpointVerifierKey.Parse(ReadText(keyEntry, _limits.SmallFileBytes));
                }
                catch (FormatException ex)
                {
                    Add(PackageFiles.ExportKey, null, null, $"not a public key: {ex.Message}");
                }
            }
            if (key is not null)
            {
                if (exportEvent is null)
                    _warnings.Add("manifest.dsse.json is signed by an export key the log does not vouch for (unbound export): the checkpoint and the events, not that signature, are the evidence");
                else if (recorded != key.ToString())
                    Add(PackageFiles.ExportKey, null, null, $"is {key.Label}, but the export's sealed access event records {(recorded is null ? "no export key" : "export key " + recorded)}");
            }

            DsseEnvelope envelope;
            try
            {
                envelope = DsseEnvelope.Parse(ReadAll(entry, 4 * _limits.ManifestBytes));
            }
            catch (FormatException ex)
            {
                Add(file, null, null, ex.Message);
                return;
            }
            if (envelope.PayloadType != DsseEnvelope.InTotoPayloadType)
                Add(file, null, null, $"has payload type \"{envelope.PayloadType}\", not {DsseEnvelope.InTotoPayloadType}");
            if (key is not null && !envelope.IsSignedBy(key))
                Add(file, null, null, $"no signature verifies with {key.Label}: the envelope was changed or signed by another key");
            CheckStatement(envelope.Payload);
        }

        private void CheckStatement(byte[] payload)
        {
            const string file = PackageFiles.ManifestEnvelope;
            JsonObject statement;
            try
            {
                statement = JsonNode.Parse(payload, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                    ?? throw new JsonException("not an object");
            }
            catch (JsonException ex)
            {
                Add(file, null, null, $"the payload is not an in-toto Statement: {ex.Message}");
                return;
            }
            if (Text(statement["_type"]) != ExportStatement.StatementType) Add(file, null, null, $"the payload's _type is not {ExportStatement.StatementType}");
            if (Text(statement["predicateType"]) != ExportStatement.PredicateType) Add(file, null, null, $"the predicateType is not {ExportStatement.PredicateType}");

            var listed = _manifest!.Files.Where(f => f.Name != PackageFiles.ManifestEnvelope).GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var subject in statement["subject"] as JsonArray ?? [])
            {
                // Indexing a non-object node throws; a hostile statement gets a finding instead.
                var entry = subject as JsonObject;
                var name = Text(entry?["name"]);
                var sha = Text((entry?["digest"] as JsonObject)?["sha256"]);
                if (name is null || sha is null) Add(file, null, null, "has a subject without name or sha256 digest");
                else if (!seen.Add(name)) Add(file, null, null, $"names subject {PackageEntryNames.Printable(name)} twice");
                else if (!listed.TryGetValue(name, out var expected)) Add(file, null, null, $"signs subject {PackageEntryNames.Printable(name)}, which the manifest does not list");
                else if (expected != sha) Add(file, null, null, $"signs {name} with SHA-256 {sha}, but the manifest lists {expected}");
            }
            foreach (var name in listed.Keys.Where(n => !seen.Contains(n)).Order(StringComparer.Ordinal))
                Add(file, null, null, $"does not sign {name}, which the manifest lists");

            var claims = ExportStatement.Claims(_manifestBytes!);
            var predicate = statement["predicate"] as JsonObject;
            if (predicate is null)
            {
                Add(file, null, null, "has no predicate object");
                return;
            }
            foreach (var member in claims.Select(p => p.Key).Union(predicate.Select(p => p.Key)).Order(StringComparer.Ordinal))
                if (ExportStatement.Canonical(claims[member]) != ExportStatement.Canonical(predicate[member]))
                    Add(file, null, null, $"the signed claims differ from manifest.json in \"{member}\": signed {Short(predicate[member])}, manifest {Short(claims[member])}");
        }

        private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private static string Short(JsonNode? node)
        {
            var text = node is null ? "(absent)" : node.ToJsonString();
            return text.Length <= 120 ? text : text[..117] + "...";
        }

        /// <summary>context.export_key of the export's sealed access event, or null.</summary>
        private static string? RecordedExportKey(AuditEvent e)
        {
            try
            {
                using var doc = JsonDocument.Parse(e.Context);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("export_key", out var k) && k.ValueKind == JsonValueKind.String
                    ? k.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
