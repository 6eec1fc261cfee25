using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AuditExplorer.Data.Sessions;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Sessions;

[Collection(StoreCollection.Name)]
public sealed class SessionStoreTests(PostgresFixture db)
{
    private static readonly SessionLifetimes Lifetimes = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
    // Whole seconds: PostgreSQL keeps microseconds, so expiries compare exactly.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private SessionStore Store() => new(db.ReaderSource, Lifetimes, _clock);

    private static byte[] Ticket(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task A_session_is_read_back_by_its_key()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("alice"), default);
        Assert.Equal("alice", Encoding.UTF8.GetString((await store.ReadAsync(key, default))!));
        Assert.Null(await store.ReadAsync(SessionKey.New(), default));
    }

    [Fact]
    public async Task The_key_is_random_and_stored_only_as_its_sha256()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("t"), default);
        var other = await store.CreateAsync(Ticket("t"), default);
        Assert.NotEqual(key, other);
        var raw = Base64Url.DecodeFromChars(key);
        Assert.True(raw.Length >= 16, "at least 128 bits");

        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select s::text from web.sessions s where key_hash = $1", conn);
        cmd.Parameters.AddWithValue(SHA256.HashData(raw));
        var row = (string?)await cmd.ExecuteScalarAsync();
        Assert.NotNull(row);
        Assert.DoesNotContain(key, row);
        Assert.DoesNotContain(Convert.ToHexStringLower(raw), row);

        await using var byRaw = new NpgsqlCommand("select count(*) from web.sessions where key_hash = $1", conn);
        byRaw.Parameters.AddWithValue(raw);
        Assert.Equal(0L, (long)(await byRaw.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task An_idle_session_expires_even_though_it_was_never_signed_out()
    {
        var store = Store();
        var used = await store.CreateAsync(Ticket("used"), default);
        var idle = await store.CreateAsync(Ticket("idle"), default);

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await store.ReadAsync(used, default));
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await store.ReadAsync(idle, default));
        // Reading counted as use: 2 minutes after its last use, the other session is alive.
        Assert.NotNull(await store.ReadAsync(used, default));
    }

    [Fact]
    public async Task A_session_in_constant_use_still_ends_at_its_absolute_lifetime()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("busy"), default);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(20); elapsed += TimeSpan.FromMinutes(20))
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            Assert.NotNull(await store.ReadAsync(key, default));
        }
        Assert.True(await store.RenewAsync(key, Ticket("renewed"), default));

        _clock.Advance(TimeSpan.FromMinutes(21));

        Assert.Null(await store.ReadAsync(key, default));
        Assert.False(await store.RenewAsync(key, Ticket("again"), default));
    }

    [Fact]
    public async Task Renewal_replaces_the_ticket_and_extends_the_idle_expiry_only()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("v1"), default);
        var before = await ExpiriesAsync(key);
        Assert.Equal(_clock.GetUtcNow() + Lifetimes.Idle, before.Idle);

        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await store.RenewAsync(key, Ticket("v2"), default));

        var after = await ExpiriesAsync(key);
        Assert.Equal(_clock.GetUtcNow() + Lifetimes.Idle, after.Idle);
        Assert.Equal(before.Absolute, after.Absolute);
        _clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal("v2", Encoding.UTF8.GetString((await store.ReadAsync(key, default))!));
    }

    [Fact]
    public async Task An_expired_session_is_not_revived_by_renewal()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("v1"), default);
        _clock.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await store.RenewAsync(key, Ticket("v2"), default));
        _clock.Advance(TimeSpan.FromMinutes(-30));
        // Even seen from a lagging clock, the refused renewal changed nothing.
        Assert.Equal("v1", Encoding.UTF8.GetString((await store.ReadAsync(key, default))!));
    }

    [Fact]
    public async Task Delete_ends_the_session_for_good()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("bye"), default);

        Assert.True(await store.DeleteAsync(key, default));

        Assert.Null(await store.ReadAsync(key, default));
        Assert.False(await store.RenewAsync(key, Ticket("back"), default));
        Assert.False(await store.DeleteAsync(key, default));
        Assert.Equal(0L, await CountAsync(key));
    }

    [Fact]
    public async Task Purge_removes_expired_sessions_and_keeps_live_ones()
    {
        var store = Store();
        var old = await store.CreateAsync(Ticket("old"), default);
        _clock.Advance(TimeSpan.FromMinutes(20));
        var fresh = await store.CreateAsync(Ticket("fresh"), default);
        _clock.Advance(TimeSpan.FromMinutes(15));

        Assert.True(await store.PurgeExpiredAsync(default) >= 1);

        Assert.Equal(0L, await CountAsync(old));
        Assert.Equal(1L, await CountAsync(fresh));
    }

    [Fact]
    public async Task An_open_page_checks_liveness_by_hash_without_extending_the_session()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("page"), default);
        var hash = SessionKey.HashOf(key)!;

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await store.IsLiveAsync(hash, default));
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.False(await store.IsLiveAsync(hash, default));
    }

    [Fact]
    public async Task Activity_on_an_open_page_keeps_the_session_alive_until_sign_out()
    {
        var store = Store();
        var key = await store.CreateAsync(Ticket("page"), default);
        var hash = SessionKey.HashOf(key)!;

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await store.TouchAsync(hash, default));
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(await store.IsLiveAsync(hash, default));

        await store.DeleteAsync(key, default);

        Assert.False(await store.IsLiveAsync(hash, default));
        Assert.False(await store.TouchAsync(hash, default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    public async Task Text_that_is_not_an_issued_key_finds_nothing(string key)
    {
        var store = Store();
        Assert.Null(await store.ReadAsync(key, default));
        Assert.False(await store.DeleteAsync(key, default));
    }

    private async Task<(DateTimeOffset Idle, DateTimeOffset Absolute)> ExpiriesAsync(string key)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select idle_expires_at, absolute_expires_at from web.sessions where key_hash = $1", conn);
        cmd.Parameters.AddWithValue(SessionKey.HashOf(key)!);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    private async Task<long> CountAsync(string key)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from web.sessions where key_hash = $1", conn);
        cmd.Parameters.AddWithValue(SessionKey.HashOf(key)!);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
