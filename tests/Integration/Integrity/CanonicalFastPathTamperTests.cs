using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// Verification copies unescaped UTF-8 strings and ASCII member names straight into the canonical bytes. Values that
/// take every path (non-ASCII, escapes, astral member names, numbers beyond 2^53 and beyond the double range)
/// must still verify, and one changed byte inside such a value must still be named at its seq.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class CanonicalFastPathTamperTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    private async Task<string> SealedTenantWithAwkwardValuesAsync()
    {
        var tenant = await db.CreateTenantAsync("fastpath");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                """
                select audit.append_event($1, 'u-' || i, 'user', 'contract.update', 'update', 'contract', 'c-' || i,
                       jsonb_build_object('city', 'Zürich ' || i, 'amount', 9007199254740993 + i),
                       $2::jsonb || jsonb_build_object('n', i),
                       jsonb_build_object('request_id', 'r' || i, 'user_agent', E'Mozilla/5.0 \u00e9\t"x"'))
                from generate_series(1, 6) as i
                """, conn);
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue(
                """{"city": "Zürich", "😀": "smile \ud83d\ude00", "\uE000": "private use", "a\"b": "quote \\ back", "tab": "a\tb", "big": 1e400, "tiny": 1e-400, "x": [1.50, -0, "日本"]}""");
            await cmd.ExecuteNonQueryAsync();
        }
        await _bed.Sealer.SealPendingAsync(tenant);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        return tenant;
    }

    [Fact]
    public async Task Non_ASCII_escaped_and_oversized_values_verify_intact()
    {
        var tenant = await SealedTenantWithAwkwardValuesAsync();

        var report = await _bed.VerifyAsync(tenant);

        Assert.True(report.Intact, string.Join("; ", report.Findings.Select(f => f.Detail)));
        Assert.Equal(6, report.EventsChecked);
        Assert.Equal(6, report.VerifiedCheckpointSize);
    }

    [Fact]
    public async Task One_changed_byte_inside_a_non_ASCII_value_is_named_as_altered_at_its_seq()
    {
        var tenant = await SealedTenantWithAwkwardValuesAsync();
        // "Zürich 4" becomes "Zürich X": one byte of a string the canonicalizer copies as it is.
        await _bed.TamperAsync(
            "update audit.events set old_values = jsonb_set(old_values, '{city}', to_jsonb('Zürich X'::text)) where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 4));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(4, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventAltered, report.FirstDamage);
        Assert.Single(report.Findings, f => f.Kind == DamageKind.EventAltered);
    }

    [Fact]
    public async Task A_renamed_astral_member_is_named_as_altered_at_its_seq()
    {
        var tenant = await SealedTenantWithAwkwardValuesAsync();
        // The emoji member becomes another astral character: same sort position, different bytes.
        await _bed.TamperAsync(
            "update audit.events set new_values = (new_values - '😀') || jsonb_build_object('😁', new_values -> '😀') where tenant_id = $1 and id = $2",
            tenant, await _bed.EventAtAsync(tenant, 2));

        var report = await _bed.VerifyAsync(tenant);

        Assert.Equal(2, report.FirstBadSeq);
        Assert.Equal(DamageKind.EventAltered, report.FirstDamage);
    }
}
