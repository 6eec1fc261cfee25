using System.Text.Json;
using AuditExplorer.Data.Store;
using Microsoft.AspNetCore.Diagnostics;

namespace AuditExplorer.Web.Errors;

/// <summary>
/// A request that found every database connection in use (after the pool's bounded wait) answers 503 with
/// Retry-After and says "busy, try again" — problem JSON for the APIs, a short page otherwise — instead of the
/// generic 500 error page. Runs inside UseExceptionHandler, before its /error page.
/// </summary>
internal sealed class StoreBusyExceptionHandler(ILogger<StoreBusyExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!StoreBusy.Is(exception) || http.Response.HasStarted) return false;
        logger.LogWarning(exception, "Store busy for {Path}", http.Request.Path);
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = StoreBusy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.ContentType = "application/problem+json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                type = "https://httpwg.org/specs/rfc9110.html#status.503",
                title = "Busy",
                status = 503,
                detail = StoreBusy.UserMessage,
            }), ct);
        }
        else
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Busy · AuditExplorer</title></head>" +
                "<body><main><h1>Busy, try again</h1><p>" + StoreBusy.UserMessage + "</p><p><a href=\"\">Try again</a></p></main></body></html>", ct);
        }
        return true;
    }
}
