namespace AuditExplorer.Web.Errors;

/// <summary>Gives every request an id users can quote; logs carry it as a scope.</summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers["X-Correlation-Id"] = context.TraceIdentifier;
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = context.TraceIdentifier }))
            await next(context);
    }
}
