using Npgsql;
using System.Security.Cryptography;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Web.Integrity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>The web app's readiness shows the signer's alarm as Degraded, never as down. (The database cases are in the integration tests of SignerRecordCheck.)</summary>
public sealed class SignerRecordHealthCheckTests : IDisposable
{
    private readonly NpgsqlDataSource _unreachable = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2");
    private readonly string _dir = Directory.CreateTempSubdirectory("ae-health-").FullName;

    private Task<HealthCheckResult> CheckAsync(ISignedCheckpointRecord record, CheckpointKeyring keyring) =>
        new SignerRecordHealthCheck(new SignerRecordCheck(_unreachable, record, keyring), NullLogger<SignerRecordHealthCheck>.Instance)
            .CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Empty_record_is_healthy_and_a_garbled_one_is_degraded()
    {
        var path = Path.Combine(_dir, "key.pem.signed.log");
        var healthy = await CheckAsync(new SignedCheckpointFile(path), new CheckpointKeyring([]));
        File.WriteAllText(path, "not a record line\n");
        var garbled = await CheckAsync(new SignedCheckpointFile(path), new CheckpointKeyring([]));

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(HealthStatus.Degraded, garbled.Status);
        Assert.Contains("RecordUnreadable", garbled.Description);
    }

    [Fact]
    public async Task A_record_that_cannot_be_compared_with_the_database_is_degraded_not_unhealthy()
    {
        using var key = CheckpointSigningKey.Generate("log.example");
        var body = new CheckpointBody("log.example/acme", 5, SHA256.HashData("r"u8));
        var record = new InMemorySignedCheckpointRecord();
        await record.AppendAsync(new SignedCheckpointEntry("acme", 5, body.RootHash, DateTimeOffset.UtcNow, key.SignCheckpoint(body).ToString()), default);

        var result = await CheckAsync(record, new CheckpointKeyring([key.VerifierKey]));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("could not be compared", result.Description);
    }

    public void Dispose()
    {
        _unreachable.Dispose();
        Directory.Delete(_dir, true);
    }
}
