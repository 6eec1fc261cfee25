using System.Text.Json;
using AuditExplorer.Data.Store;
using AuditExplorer.Web.Errors;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AuditExplorer.Tests.Unit.Errors;

public sealed class StoreBusyAnswerTests : MudTestContext
{
    private static readonly NpgsqlException PoolExhausted =
        new("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 50) or 'Timeout' (currently 15 seconds) in your connection string.", new TimeoutException());

    [Fact]
    public async Task An_api_request_that_found_the_store_busy_gets_503_with_retry_after_and_problem_json()
    {
        var (handled, http, body) = await HandleAsync("/api/v1/tenants/acme/checkpoint", new InvalidOperationException("wrapped", PoolExhausted));

        Assert.True(handled);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(StoreBusy.UserMessage, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("Max Pool Size", body); // the database's words stay in the log
    }

    [Fact]
    public async Task A_page_that_found_the_store_busy_says_busy_try_again_instead_of_the_error_page()
    {
        var (handled, http, body) = await HandleAsync("/t/acme", PoolExhausted);

        Assert.True(handled);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Contains("Busy, try again", body);
        Assert.DoesNotContain("Max Pool Size", body);
    }

    [Fact]
    public async Task Other_failures_are_left_to_the_error_page()
    {
        var (handled, http, _) = await HandleAsync("/t/acme", new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException()));

        Assert.False(handled);
        Assert.Equal(200, http.Response.StatusCode);
    }

    [Fact]
    public void A_circuit_that_found_the_store_busy_shows_busy_and_other_failures_show_a_reference()
    {
        var busy = Render<UnexpectedError>(p => p.Add(c => c.Exception, PoolExhausted));
        Assert.Contains("Busy, try again", busy.Markup);
        Assert.Empty(busy.FindAll("[data-testid=error-reference]"));

        var other = Render<UnexpectedError>(p => p.Add(c => c.Exception, new InvalidOperationException("boom")));
        Assert.DoesNotContain("Busy, try again", other.Markup);
        Assert.Single(other.FindAll("[data-testid=error-reference]"));
    }

    private static async Task<(bool Handled, DefaultHttpContext Http, string Body)> HandleAsync(string path, Exception ex)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        var output = new MemoryStream();
        http.Response.Body = output;
        var handled = await new StoreBusyExceptionHandler(NullLogger<StoreBusyExceptionHandler>.Instance).TryHandleAsync(http, ex, default);
        return (handled, http, System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }
}
