using System.Diagnostics;
using System.Globalization;
using AuditExplorer.Data.Writing;
using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Bench;

/// <summary>
/// An application importing N records in one transaction: the import alone (binary COPY of the
/// business rows, the baseline), the import audited with one audit.append_event call per record,
/// and the import audited with one audit.append_events call. Shapes alternate over several
/// rounds so other load hits all of them alike; the median round is reported.
/// </summary>
internal static class BulkImportBenchmark
{
    private const string Tenant = "bench";

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var count = (int)options.Number("events", 50_000);
        var rounds = (int)options.Number("rounds", 5);
        await using var db = await BenchDatabase.CreateAsync();
        await db.ExecuteAsOwnerAsync($"""
            create table public.imported (id bigint primary key, title text not null, amount numeric not null);
            grant select, insert on public.imported to auditexplorer_writer;
            insert into audit.tenants (tenant_id, display_name) values ('{Tenant}', 'Benchmark');
            """);
        var durability = await db.ScalarAsOwnerAsync("select current_setting('fsync') || '/' || current_setting('synchronous_commit')");
        Console.WriteLine($"database {db.Name}: {count:N0} records per import, {rounds} rounds; fsync/synchronous_commit {durability}");

        var times = new Dictionary<string, List<double>> { ["copy only"] = [], ["append_event x N"] = [], ["append_events x 1"] = [] };
        var next = 0L;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var shape in times.Keys)
            {
                var first = next;
                next += count;
                times[shape].Add(await ImportAsync(db, shape, first, count, ct));
            }
        }

        var baseline = Median(times["copy only"]);
        Console.WriteLine();
        Console.WriteLine("shape                median s   records/s   × copy only   load");
        foreach (var (shape, list) in times)
        {
            var s = Median(list);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{shape,-20} {s,8:0.000} {count / s,11:N0} {s / baseline,13:0.00}   {MachineLoad.Now()}"));
        }
        var bulk = Median(times["append_events x 1"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"audited import of {count:N0} records with one call: {bulk:0.000} s (target <= 1 s): {(bulk <= 1 ? "met" : "MISSED")}"));
        return 0;
    }

    private static async Task<double> ImportAsync(BenchDatabase db, string shape, long first, int count, CancellationToken ct)
    {
        var drafts = Enumerable.Range(0, count).Select(i => new AuditEventDraft(Tenant, "svc-import", "service", "contract.import", "create", "contract", (first + i).ToString(CultureInfo.InvariantCulture))
        {
            NewValues = $$"""{"title":"Contract {{first + i}}","amount":{{i % 9000}}.5,"status":"draft"}""",
            Context = """{"request_id":"req_import","client_app":"importer"}""",
        }).ToList();
        await using var conn = new NpgsqlConnection(db.ConnectionFor("auditexplorer_writer"));
        await conn.OpenAsync(ct);
        var start = Stopwatch.GetTimestamp();
        if (shape == "copy only")
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await CopyRowsAsync(conn, first, count, ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            await AuditedTransaction.RunAsync(conn, async (audit, token) =>
            {
                await CopyRowsAsync(audit.Connection, first, count, token);
                if (shape == "append_events x 1") await audit.AppendManyAsync(drafts, token);
                else foreach (var d in drafts) await audit.AppendAsync(d, token);
            }, ct);
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task CopyRowsAsync(NpgsqlConnection conn, long first, int count, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("copy public.imported (id, title, amount) from stdin (format binary)", ct);
        for (var i = 0; i < count; i++)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(first + i, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync($"Contract {first + i}", NpgsqlDbType.Text, ct);
            await copy.WriteAsync(i % 9000 + 0.5m, NpgsqlDbType.Numeric, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
