using System.Diagnostics;
using System.Globalization;
using AuditExplorer.Data.Writing;
using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Bench;

/// <summary>One application connection (writer role) running business transactions, like one pgbench client.</summary>
internal sealed class BusinessClient : IAsyncDisposable
{
    public const int ContractCount = 10_000;
    public const string Tenant = "bench";

    private readonly NpgsqlConnection _conn;
    private readonly NpgsqlCommand _update;
    private readonly NpgsqlCommand _append;
    private readonly Random _rng;

    private BusinessClient(NpgsqlConnection conn, int seed)
    {
        _conn = conn;
        _rng = new Random(seed);
        _update = new NpgsqlCommand("update public.contracts set amount = amount + 1, updated_at = now() where id = $1", conn);
        _update.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer });
        _append = new NpgsqlCommand(
            "select audit.append_event($1, $2, 'user', 'contract.update', 'update', 'contract', $3, $4, $5, $6)", conn);
        _append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = Tenant });
        _append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        _append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        _append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb });
        _append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb });
        _append.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    public static async Task<BusinessClient> OpenAsync(string connectionString, int seed, CancellationToken ct)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var client = new BusinessClient(conn, seed);
        await client._update.PrepareAsync(ct);
        await client._append.PrepareAsync(ct);
        return client;
    }

    /// <summary>Runs transactions until <paramref name="until"/> (a Stopwatch timestamp); returns each one's latency in ms.</summary>
    public async Task<List<double>> RunAsync(TransactionShape shape, long until, CancellationToken ct)
    {
        var latencies = new List<double>(32_768);
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            await RunOnceAsync(shape, ct);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return latencies;
    }

    private async Task RunOnceAsync(TransactionShape shape, CancellationToken ct)
    {
        var id = _rng.Next(1, ContractCount + 1);
        if (shape == TransactionShape.Library)
        {
            await AuditedTransaction.RunAsync(_conn, async (audit, c) =>
            {
                await UpdateAsync(id, audit.Transaction, c);
                await audit.AppendAsync(Draft(id), c);
            }, ct);
            return;
        }
        await using var tx = await _conn.BeginTransactionAsync(ct);
        await UpdateAsync(id, tx, ct);
        if (shape == TransactionShape.Audited)
        {
            _append.Transaction = tx;
            _append.Parameters[1].Value = ActorOf(id);
            _append.Parameters[2].Value = EntityOf(id);
            _append.Parameters[3].Value = OldValues(id);
            _append.Parameters[4].Value = NewValues(id);
            _append.Parameters[5].Value = Context();
            await _append.ExecuteScalarAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private async Task UpdateAsync(int id, NpgsqlTransaction tx, CancellationToken ct)
    {
        _update.Transaction = tx;
        _update.Parameters[0].Value = id;
        await _update.ExecuteNonQueryAsync(ct);
    }

    private AuditEventDraft Draft(int id) =>
        new(Tenant, ActorOf(id), "user", "contract.update", "update", "contract", EntityOf(id))
        {
            OldValues = OldValues(id),
            NewValues = NewValues(id),
            Context = Context(),
        };

    private static string ActorOf(int id) => "u-" + (id % 40).ToString("0000", CultureInfo.InvariantCulture);
    private static string EntityOf(int id) => "contract-" + id.ToString(CultureInfo.InvariantCulture);
    private static string OldValues(int id) => $$"""{"amount":{{id}},"status":"approved"}""";
    private static string NewValues(int id) => $$"""{"amount":{{id + 1}},"status":"approved"}""";

    private string Context() =>
        $$"""{"request_id":"req_{{_rng.NextInt64():x16}}","correlation_id":"cor_{{_rng.NextInt64():x16}}","ip":"203.0.113.7","auth_method":"oidc","client_app":"cms-web","roles":["editor"]}""";

    public async ValueTask DisposeAsync()
    {
        await _update.DisposeAsync();
        await _append.DisposeAsync();
        await _conn.DisposeAsync();
    }
}
