using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Webhook;
using AuditExplorer.Tests.Integration.Integrity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Streams;

/// <summary>
/// The stream pieces on the fixture's database, wired as the web app wires them (the reader role throughout). A testbed
/// starts by pausing the streams earlier tests left behind: a worker serves every deliverable stream in the store, and
/// each one whose receiver is gone costs a new worker's first round a failed delivery and its retry.
/// </summary>
internal sealed class StreamTestbed(PostgresFixture db)
{
    private readonly int _retired = RetireEarlierStreams(db);

    public static StreamDestinationFactories Factories { get; } = new([new WebhookDestinationFactory()]);

    public StreamStore Streams { get; } = new(new AuditedReads(new SourceContexts(db.ReaderSource), db.ReaderSource), db.ReaderSource, Factories);
    public StreamDeliveryStore Delivery { get; } = new(db.ReaderSource);
    public ChainTestbed Chain { get; } = new(db);

    public static Viewer Admin { get; } = new("usr_dave", "Dave Admin", "dave@example.test", ["audit_admin"],
        new ViewerRequest("req-streams", "sess-streams", "127.0.0.1", "test", "oidc", "auditexplorer-web"));

    public static StreamWorkerOptions FastOptions(int batchSize = 100) => new()
    {
        BatchSize = batchSize,
        PollInterval = TimeSpan.FromMilliseconds(20),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    public StreamWorker Worker(StreamWorkerOptions? options = null) =>
        new(Delivery, Factories, options ?? FastOptions(), NullLogger<StreamWorker>.Instance);

    public static string WebhookSettings(LoopbackWebhookReceiver receiver, int attempts = 2) =>
        $$"""{"url": "{{receiver.Url}}", "timeout_seconds": 2, "attempts": {{attempts}}}""";

    public Task<CreatedStream> CreateWebhookAsync(string tenant, LoopbackWebhookReceiver receiver, string filter = "",
        string format = StreamFormats.EventJson, string privacy = StreamPrivacyLevels.Support, StreamStart start = StreamStart.Beginning, string? name = null) =>
        Streams.CreateAsync(tenant, Admin,
            new NewStream(name ?? "siem-" + Guid.NewGuid().ToString("N")[..6], "webhook", WebhookSettings(receiver), filter, format, privacy, start),
            CancellationToken.None);

    public async Task<StreamListing> StreamAsync(string tenant, Guid id) =>
        (await Streams.ListAsync(tenant, CancellationToken.None)).Single(s => s.Id == id);

    /// <summary>Runs worker rounds until <paramref name="done"/> holds (or fails the test after 30 s).</summary>
    public static async Task RunUntilAsync(StreamWorker worker, Func<Task<bool>> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await done())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("the stream did not get there within 30 s");
            if (!await worker.RunOnceAsync(CancellationToken.None)) await Task.Delay(20);
        }
    }

    // Synchronous because it runs as the testbed is made; as the superuser, beside the audited settings path.
    private static int RetireEarlierStreams(PostgresFixture db)
    {
        using var conn = new NpgsqlConnection(db.SuperUser);
        conn.Open();
        using var cmd = new NpgsqlCommand("update web.streams set state = 'paused' where state <> 'paused'", conn);
        return cmd.ExecuteNonQuery();
    }

    public async Task AppendWithValuesAsync(string tenant, string oldValues, string newValues, string context)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select audit.append_event($1, 'usr_ann', 'user', 'customer.update', 'update', 'customer', 'c-1', $2::jsonb, $3::jsonb, $4::jsonb)", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(oldValues);
        cmd.Parameters.AddWithValue(newValues);
        cmd.Parameters.AddWithValue(context);
        await cmd.ExecuteNonQueryAsync();
    }
}
