using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditExplorer.Tests.E2E.Privacy;

/// <summary>What reaches the browser, read where an attacker reads it: WebSocket frames and HTTP bodies.</summary>
[Collection(ExplorerCollection.Name)]
public sealed class WhatLeavesTheServerTests(ExplorerAppFixture app)
{
    [Theory]
    [InlineData("bob")]  // support engineer
    [InlineData("dave")] // audit admin: oversees access, not the business data's personal values
    public async Task Support_engineer_never_receives_personal_data_on_any_page_that_shows_values(string user)
    {
        var planted = await PlantedPersonalData.PlantAsync(app);
        var (traffic, _) = await WalkEveryValuePageAsync(user, planted);

        Assert.True(traffic.Count > 10, "the walk captured too little traffic to prove anything");
        foreach (var secret in planted.Secrets)
        {
            var leaks = await traffic.ContainingAsync(secret);
            Assert.True(leaks.Count == 0, $"\"{secret}\" reached {user}'s browser in {leaks.Count} frame(s) or body(ies)");
        }
    }

    [Fact]
    public async Task Compliance_officer_receives_the_same_values_so_the_check_can_fail()
    {
        var planted = await PlantedPersonalData.PlantAsync(app);
        var (traffic, _) = await WalkEveryValuePageAsync("alice", planted);

        foreach (var secret in new[] { planted.OldEmail, planted.NewEmail, planted.ActorName, planted.Secrets[2], planted.Secrets[6] })
            Assert.NotEmpty(await traffic.ContainingAsync(secret));
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("dave")]
    public async Task Support_engineer_never_receives_a_personal_value_kept_behind_a_commitment(string user)
    {
        var planted = await PlantedPersonalData.PlantBehindCommitmentsAsync(app);
        var stored = await app.ScalarAsync<string>("select new_values::text from audit.events where tenant_id = 'acme' and id = $1", planted.UpdateId);
        Assert.DoesNotContain(planted.NewEmail, stored); // the hashed row holds a commitment, not the value
        var (traffic, _) = await WalkEveryValuePageAsync(user, planted);

        Assert.True(traffic.Count > 10, "the walk captured too little traffic to prove anything");
        foreach (var secret in planted.Secrets)
        {
            var leaks = await traffic.ContainingAsync(secret);
            Assert.True(leaks.Count == 0, $"\"{secret}\" reached {user}'s browser in {leaks.Count} frame(s) or body(ies)");
        }
    }

    [Fact]
    public async Task Compliance_officer_receives_the_values_behind_the_commitments_so_that_check_can_fail()
    {
        var planted = await PlantedPersonalData.PlantBehindCommitmentsAsync(app);
        var (traffic, _) = await WalkEveryValuePageAsync("alice", planted);

        foreach (var secret in new[] { planted.OldEmail, planted.NewEmail, planted.Secrets[2], planted.Secrets[3], planted.ActorName })
            Assert.NotEmpty(await traffic.ContainingAsync(secret));
    }

    // Every page of the explorer that shows values or names, as a user of acme would open them.
    private async Task<(TrafficRecorder, IPage)> WalkEveryValuePageAsync(string user, PlantedPersonalData planted)
    {
        var page = await app.SignedInAgainPageAsync(user, "/");
        var traffic = new TrafficRecorder(page);
        var record = $"/t/acme/records/contract/{planted.RecordId}";

        await OpenAsync(page, record);
        await Expect(page.GetByTestId("event-row")).ToHaveCountAsync(2);

        await OpenAsync(page, $"{record}?asof={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture))}");
        await Expect(page.GetByTestId("asof-result")).ToContainTextAsync("Planted contract v2");

        foreach (var id in new[] { planted.UpdateId, planted.CreateId })
        {
            await OpenAsync(page, $"/t/acme/events/{id}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What changed" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Tab, new() { Name = "Text" }).ClickAsync();
            await Expect(page.Locator("td[data-kind]").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("timeline-table")).ToBeVisibleAsync(); // the correlated event
        }

        await OpenAsync(page, $"/t/acme/actors/{planted.ActorId}");
        await Expect(page.GetByTestId("event-row")).ToHaveCountAsync(2);

        await OpenAsync(page, "/t/acme");
        await Expect(page.GetByTestId("event-row").First).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-event-id='{planted.UpdateId}']")).ToBeVisibleAsync();
        return (traffic, page);
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await ExplorerAppFixture.WaitInteractiveAsync(page);
    }
}
