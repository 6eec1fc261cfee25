using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Timelines;

[Collection(StoreCollection.Name)]
public sealed class TextSearchTests(PostgresFixture db)
{
    private readonly TimelineQuery _query = new(new CursorCodec(RandomNumberGenerator.GetBytes(32)));

    private async Task<List<Guid>> SearchAsync(string tenant, string text)
    {
        await using var ctx = AuditStoreOptions.CreateContext(db.Reader);
        await using var tx = await TenantScope.BeginAsync(ctx, tenant, CancellationToken.None);
        var page = await _query.ReadAsync(ctx, tenant, new TimelineFilter { Text = text }, null, 200, CancellationToken.None);
        return page.Rows.Select(r => r.Id).ToList();
    }

    [Fact]
    public async Task Finds_words_inside_old_and_new_values_and_nothing_else()
    {
        var tenant = await db.CreateTenantAsync("search");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var inNew = await TestEvents.AppendAsync(conn, tenant, at, newValues: """{"customer":{"email":"dana@example.com"},"status":"draft"}""");
        var inOld = await TestEvents.AppendAsync(conn, tenant, at.AddSeconds(1), oldValues: """{"contacts":["dana@example.com"]}""", newValues: """{"contacts":[]}""");
        await TestEvents.AppendAsync(conn, tenant, at.AddSeconds(2), newValues: """{"customer":{"email":"eve@example.com"},"status":"published"}""");

        Assert.Equal([inOld, inNew], await SearchAsync(tenant, "dana@example.com"));
        Assert.Single(await SearchAsync(tenant, "published"));
        Assert.Empty(await SearchAsync(tenant, "nobody@example.com"));
    }

    [Fact]
    public async Task Does_not_match_other_tenants_events()
    {
        var mine = await db.CreateTenantAsync("mine");
        var theirs = await db.CreateTenantAsync("theirs");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await TestEvents.AppendAsync(conn, theirs, DateTimeOffset.UtcNow.AddMinutes(-1), newValues: """{"secret":"zebra-42"}""");
        Assert.Empty(await SearchAsync(mine, "zebra-42"));
        Assert.Single(await SearchAsync(theirs, "zebra-42"));
    }

    [Fact]
    public async Task Search_text_with_sql_or_query_syntax_is_just_text()
    {
        var tenant = await db.CreateTenantAsync("syntax");
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-1), newValues: """{"note":"hello world"}""");
        Assert.Empty(await SearchAsync(tenant, "'; drop table audit.events; --"));
        Assert.Empty(await SearchAsync(tenant, "hello & !world | (x"));
        Assert.Single(await SearchAsync(tenant, "hello"));
    }
}
