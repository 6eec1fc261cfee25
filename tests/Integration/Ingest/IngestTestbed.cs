using Npgsql;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Ingest;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;

namespace AuditExplorer.Tests.Integration.Ingest;

/// <summary>The ingest pieces on the fixture's database, as the web app wires them (reader for keys, writer for events).</summary>
internal sealed class IngestTestbed(PostgresFixture db)
{
    public ApiKeys Keys { get; } = new(new AuditedReads(new SourceContexts(db.ReaderSource), db.ReaderSource), db.ReaderSource);
    public EventIngest Ingest { get; } = new(db.WriterSource);
    public EventReceipts Receipts { get; } = new(db.ReaderSource);

    public static Viewer Admin { get; } = new("usr_dave", "Dave Admin", "dave@example.test", ["audit_admin"],
        new ViewerRequest("req-keys", "sess-keys", "127.0.0.1", "test", "oidc", "auditexplorer-web"));

    public static byte[] Body(string json) => System.Text.Encoding.UTF8.GetBytes(json);

    public static string Event(string entityId, string changeKind = "create") =>
        $$$"""{"action": "invoice.create", "change_kind": "{{{changeKind}}}", "entity_type": "invoice", "entity_id": "{{{entityId}}}", "new_values": {"total": 12.5}, "context": {"request_id": "req-{{{entityId}}}"}}""";
}
