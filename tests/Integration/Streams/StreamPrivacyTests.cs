using System.Text;
using AuditExplorer.Data.Streams;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Streams;

[Collection(StoreCollection.Name)]
public sealed class StreamPrivacyTests(PostgresFixture db)
{
    private const string Email = "ann.secret@example.test";
    private const string Phone = "+49 170 5550199";
    private const string Ip = "203.0.113.77";
    private const string Agent = "SecretAgent/7.1";

    private readonly StreamTestbed _bed = new(db);

    [Theory]
    [InlineData(StreamFormats.EventJson)]
    [InlineData(StreamFormats.Ocsf)]
    public async Task A_support_level_stream_never_carries_a_personal_value_in_clear(string format)
    {
        var (tenant, receiver) = await PlantAsync();
        await using var _ = receiver;
        var support = await _bed.CreateWebhookAsync(tenant, receiver, format: format, privacy: StreamPrivacyLevels.Support);
        await DeliverAsync(tenant, support.Id);

        var text = Encoding.UTF8.GetString(receiver.Requests.Single().Body);
        Assert.Contains("customer.update", text);
        Assert.DoesNotContain(Email, text);
        Assert.DoesNotContain(Phone, text);
        Assert.DoesNotContain(Ip, text);
        Assert.DoesNotContain(Agent, text);
        Assert.Contains("\"$personal\"", text); // the committed value travels as its commitment only
        Assert.Contains("\"redacted\":true", text);
    }

    [Fact]
    public async Task A_compliance_officer_level_stream_carries_the_stored_event_unchanged()
    {
        var (tenant, receiver) = await PlantAsync();
        await using var _ = receiver;
        var officer = await _bed.CreateWebhookAsync(tenant, receiver, privacy: StreamPrivacyLevels.ComplianceOfficer);
        await DeliverAsync(tenant, officer.Id);

        var text = Encoding.UTF8.GetString(receiver.Requests.Single().Body);
        Assert.Contains(Email, text); // redact-only paths stay in the hashed bytes and this level sees them
        Assert.Contains(Ip, text);
        Assert.DoesNotContain(Phone, text); // a committed value never enters the hashed bytes, so no stream has it
        Assert.DoesNotContain("\"redacted\"", text);
    }

    private async Task<(string Tenant, LoopbackWebhookReceiver Receiver)> PlantAsync()
    {
        var tenant = await db.CreateTenantAsync("stream-privacy", personalPaths: ["$.customer.email"]);
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await using var cmd = new NpgsqlCommand("insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.customer.phone', 'entity_id')", owner);
            cmd.Parameters.AddWithValue(tenant);
            await cmd.ExecuteNonQueryAsync();
        }
        await _bed.AppendWithValuesAsync(tenant,
            """{"customer": {"tier": "silver"}}""",
            $$$"""{"customer": {"tier": "gold", "email": "{{{Email}}}", "phone": "{{{Phone}}}"}}""",
            $$"""{"request_id": "r-privacy", "ip": "{{Ip}}", "user_agent": "{{Agent}}"}""");
        await _bed.Chain.Sealer.SealPendingAsync(tenant);
        var receiver = new LoopbackWebhookReceiver();
        receiver.Start();
        return (tenant, receiver);
    }

    private async Task DeliverAsync(string tenant, Guid id)
    {
        await using var worker = _bed.Worker();
        await StreamTestbed.RunUntilAsync(worker, async () => (await _bed.StreamAsync(tenant, id)).Lag == 0);
    }
}
