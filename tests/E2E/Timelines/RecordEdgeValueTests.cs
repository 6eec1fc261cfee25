using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Timelines;

/// <summary>Record pages in a real browser with values at the edges: 10,000 levels deep, look-alike ids.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class RecordEdgeValueTests(ExplorerAppFixture app)
{
    private async Task AppendAsync(string actorId, string entityId, string newValues)
    {
        // As an application would: the writer role through the write contract.
        await using var conn = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={ExplorerAppFixture.Port};Username=auditexplorer_writer;Database={app.Database}");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select audit.append_event('acme', $1, 'user', 'contract.create', 'create', 'contract', $2, null, $3::jsonb, '{}'::jsonb, $4)", conn);
        cmd.Parameters.AddWithValue(actorId);
        cmd.Parameters.AddWithValue(entityId);
        cmd.Parameters.AddWithValue(newValues);
        cmd.Parameters.AddWithValue(DateTimeOffset.UtcNow.AddMinutes(-1));
        await cmd.ExecuteScalarAsync();
    }

    private const int Depth = 10_000;

    [Fact]
    public async Task The_as_of_view_of_a_ten_thousand_level_document_shows_it_and_records_one_view()
    {
        var entityId = "deep-" + Guid.NewGuid().ToString("N")[..8];
        await AppendAsync("usr_1", entityId, "{\"deep\":" + new string('[', Depth) + "\"bottom\"" + new string(']', Depth) + "}");
        var moment = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var page = await app.SignedInPageAsync("alice", $"/t/acme/records/contract/{entityId}?asof={moment}");

        // 20,003 printed lines, virtualized: scroll to the middle, where the innermost value is. The first replay
        // of a fresh app includes JIT warm-up, which on a busy machine takes longer than the default wait.
        var lines = page.GetByTestId("asof-lines");
        await Expect(lines).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^State as JSON, 20.?003 lines$"),
            new() { Timeout = 30_000 });
        await lines.EvaluateAsync("(e, line) => e.scrollTop = line * 18 - 100", Depth);
        await Expect(lines).ToContainTextAsync("\"bottom\"");
        await Expect(page.GetByText("Something went wrong")).ToHaveCountAsync(0);
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "select count(*) from audit.events where tenant_id = 'acme' and entity_id = $1 and action = 'audit_log.view' and context->'access'->>'view' = 'as_of'",
            entityId));
    }

    [Fact]
    public async Task Hidden_characters_in_a_record_id_and_actor_id_are_shown_as_markers_and_plain_ids_are_not()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tricky = "c-\u200Devil-" + suffix;
        await AppendAsync("u-\u202Egnp.exe", tricky, """{"status":"draft"}""");
        await AppendAsync("usr_1", "c-evil-" + suffix, """{"status":"draft"}""");

        var page = await app.SignedInPageAsync("alice", $"/t/acme/records/contract/{Uri.EscapeDataString(tricky)}");

        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(heading).ToContainTextAsync($"c-⟨U+200D⟩evil-{suffix}");
        await Expect(heading.Locator(".hidden-char")).ToHaveAttributeAsync("title", "hidden character U+200D ZERO WIDTH JOINER");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex($"c-⟨U\\+200D⟩evil-{suffix}"));
        var row = page.GetByTestId("event-row").First;
        await Expect(row).ToContainTextAsync("u-⟨U+202E⟩gnp.exe");
        Assert.DoesNotContain('\u202E', await row.InnerHTMLAsync());
        Assert.DoesNotContain('\u200D', await heading.InnerHTMLAsync());
        // The markers are named for screen readers and readable in colour: no serious accessibility finding.
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));

        var plain = await app.SignedInPageAsync("alice", $"/t/acme/records/contract/c-evil-{suffix}");
        var plainHeading = plain.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Expect(plainHeading).ToContainTextAsync($"contract/c-evil-{suffix}");
        await Expect(plainHeading.Locator(".hidden-char")).ToHaveCountAsync(0);
    }
}
