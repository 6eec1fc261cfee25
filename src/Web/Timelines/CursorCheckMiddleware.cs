using AuditExplorer.Data.Timelines;
using Microsoft.AspNetCore.WebUtilities;

namespace AuditExplorer.Web.Timelines;

/// <summary>
/// Answers a timeline address whose cursor is damaged, or belongs to another tenant or filter,
/// with 400 and a page that says what to do, before the app starts rendering.
/// </summary>
internal sealed class CursorCheckMiddleware(RequestDelegate next, CursorCodec cursors)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var cursor = context.Request.Query["cursor"].ToString();
        if (cursor.Length > 0 && TimelineRoute.Match(context.Request.Path) is { } route)
        {
            var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            var address = TimelineAddress.Parse(query, route.BaseFilter);
            try
            {
                cursors.Decode(cursor, route.Tenant, address.Filter);
            }
            catch (InvalidCursorException ex)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/html; charset=utf-8";
                var first = context.Request.Path + (address with { Cursor = null }).ToQuery(route.BaseFilter);
                await context.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page link not valid · AuditExplorer</title></head>" +
                    "<body style=\"font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto\"><main><h1>This page link is not valid</h1><p>" +
                    System.Net.WebUtility.HtmlEncode(ex.Message) + "</p><p><a href=\"" + System.Net.WebUtility.HtmlEncode(first) + "\">Go to the first page</a></p></main></body></html>");
                return;
            }
        }
        await next(context);
    }
}
