using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>The "busy" answer is recognised from what Npgsql really throws, and only from that.</summary>
[Collection(StoreCollection.Name)]
public sealed class StoreBusyTests(PostgresFixture db)
{
    [Fact]
    public async Task An_exhausted_pool_is_told_apart_after_its_bounded_wait()
    {
        await using var source = NpgsqlDataSource.Create(db.Reader + ";Maximum Pool Size=1;Timeout=1");
        await using var held = await source.OpenConnectionAsync();

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () => { await using var second = await source.OpenConnectionAsync(); });

        Assert.True(StoreBusy.Is(ex), $"not recognised as busy: {ex.GetType().Name}: {ex.Message}");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the wait for a connection was not bounded by the pool's timeout");
    }

    [Fact]
    public async Task A_refusal_by_the_database_or_an_unreachable_server_is_not_busy()
    {
        await using var reader = NpgsqlDataSource.Create(db.Reader);
        await using var conn = await reader.OpenConnectionAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("delete from audit.events", conn).ExecuteNonQueryAsync());
        Assert.False(StoreBusy.Is(refused));

        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=3");
        var unreachable = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => { await using var c = await nowhere.OpenConnectionAsync(); });
        Assert.False(StoreBusy.Is(unreachable));
    }
}
